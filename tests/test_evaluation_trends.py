"""Issue 12, what remained: the multi-year dashboards (district by station, city by district, the heat table
district × rule; SVG from lib/charts), a fixed number of queries for 162 stations, ending an assessor's assignment,
and the suggested-score preview of auto-bound indicators agreeing with the report card."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from evaluation import actions_cycle as actions
from evaluation.models_cycle import Assessment, AssessorAssignment, EvaluationYear
from ningbo_sws.lib import charts
from ningbo_sws.lib.compliance import compliance
from ningbo_sws.lib.exceptions import ActionError
from tests.evaluation_cycle_world import open_year, published_standard
from tests.test_evaluation_cycle import _assessment, _finalise_with, _self_assess_and_submit

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def two_years(world):
    """Last year published: own 85 (良好); this year open: own finalised 100 (优秀), sibling self-assessing."""
    last = open_year(world, year=THIS_YEAR - 1, standard=published_standard(actor=world.users["city"], name="旧标准"))
    own = world.station("own")
    assessment = _self_assess_and_submit(world, _assessment(own, last))
    assessment = _finalise_with(world, assessment, world.users["district"], c2_2="5")
    actions.move_assessment(actor=world.users["city"], assessment=assessment, move="publish", reason="公布")
    this = open_year(world)
    _finalise_with(world, _self_assess_and_submit(world, _assessment(own, this)), world.users["district"])
    return last, this


# --- lib/charts -------------------------------------------------------------------------------------------------
def test_issue12_the_line_chart_draws_a_line_per_series_with_gaps_and_escaped_names():
    svg = str(charts.line_chart([2025, 2026, 2027], [("海曙<区>", [80, 90, None]), ("江北区", [None, 70, 75])],
                                title="平均总分", unit="分"))
    assert svg.startswith("<svg") and svg.endswith("</svg>") and "<script" not in svg
    assert svg.count("<polyline") == 2  # each series has two points: one line each
    assert "海曙&lt;区&gt;" in svg and "海曙<区>" not in svg
    assert ">2025<" in svg and ">2027<" in svg and ">90分<" in svg  # the axis top is the largest value
    assert ">80<" in svg and ">75<" in svg


# --- the dashboards ---------------------------------------------------------------------------------------------
@pytest.mark.usefixtures("two_years")
def test_issue12_the_district_dashboard_shows_each_station_over_the_years(world, client_for):
    own, sibling, other = (world.station(r) for r in ("own", "sibling", "other"))
    url = f"/evaluation/{THIS_YEAR}/districts/{own.district.code}/trends/"
    response = english(client_for(world.users["district"])).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<th class=\"num\">{THIS_YEAR - 1}</th>" in page and f"<th class=\"num\">{THIS_YEAR}</th>" in page
    assert own.name in page and sibling.name in page and other.name not in page
    assert "良好: 1 (mean total 85)" in page and "优秀: 1 (mean total 100)" in page
    assert page.count("<svg") == 5 and "<polyline" in page  # grades, totals, report card, services, spending
    for heading in ("Grades and mean totals", "Report card: share of the recorded rules met (%)", "Service times",
                    "Spending (yuan)"):
        assert heading in page
    # the sibling station has no grade in either year: its status shows
    row = re.search(rf"{sibling.name}</a></td>(.*?)</tr>", page).group(1)
    assert "self-assessing" in row
    assert client_for(world.users["worker"]).get(url).status_code == 404
    other_district = f"/evaluation/{THIS_YEAR}/districts/{other.district.code}/trends/"
    assert client_for(world.users["district"]).get(other_district).status_code == 404


def test_issue12_the_city_dashboard_shows_districts_over_the_years_and_the_heat_table(world, two_years, client_for):
    own, other = world.station("own"), world.station("other")
    response = english(client_for(world.users["city"])).get(f"/evaluation/{THIS_YEAR}/trends/")
    assert response.status_code == 200
    page = response.content.decode()
    assert own.district.name in page and other.district.name in page
    # own's district: two stations, one graded each year; the other district none
    assert "良好: 1 (mean total 85)" in page and "优秀: 1 (mean total 100)" in page
    assert f"Report card by district in {THIS_YEAR}" in page
    heat = page[page.index('class="heat"'):]
    for rule in compliance.rules:
        assert f">{rule.rule_id}</th>" in heat
    assert heat.count(own.district.name) == 1 and heat.count(other.district.name) == 1
    # a year that is not open is a 404; the auditor reads the dashboard, a worker does not
    assert client_for(world.users["city"]).get(f"/evaluation/{THIS_YEAR + 1}/trends/").status_code == 404
    assert client_for(world.users["auditor"]).get(f"/evaluation/{THIS_YEAR}/trends/").status_code == 200
    assert client_for(world.users["worker"]).get(f"/evaluation/{THIS_YEAR}/trends/").status_code == 403


def test_issue12_the_dashboards_take_a_fixed_number_of_queries_for_162_stations(world, two_years, client_for,
                                                                                django_assert_max_num_queries):
    from stations.models import Station
    from tests.test_archives_catalogue import all_162_stations

    last, this = two_years
    own = world.station("own")
    urls = [f"/evaluation/{THIS_YEAR}/trends/", f"/evaluation/{THIS_YEAR}/districts/{own.district.code}/trends/"]
    client = client_for(world.users["city"])
    few = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        few.append(len(ctx))
    all_162_stations()
    for evaluation_year in (last, this):
        Assessment.objects.bulk_create([Assessment(evaluation_year=evaluation_year, station=s) for s in
                                        Station.objects.exclude(pk__in=Assessment.objects.filter(
                                            evaluation_year=evaluation_year).values("station_id"))])
    assert Assessment.objects.filter(evaluation_year=this).count() == 162
    rules = len(compliance.rules)
    # per year: each report-card rule once and two figures; plus the shell, the gate, the years, the assessments
    bound = 2 * (rules + 2) + 30
    for url, before in zip(urls, few, strict=True):
        with django_assert_max_num_queries(bound):
            response = client.get(url)
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        assert len(ctx) == before, url  # the same with 3 stations as with 162
    page = english(client).get(urls[0]).content.decode()
    assert len(re.findall(r"<tr><td><a href=\"/evaluation/\d+/districts/", page)) == 10 * 4  # ten districts


# --- ending an assessor's assignment ----------------------------------------------------------------------------
def test_r28_the_district_ends_an_assessors_assignment_and_the_assessor_loses_the_station(world, client_for):
    year = open_year(world)
    own = world.station("own")
    assignment = actions.assign_assessor(actor=world.users["district"], evaluation_year=year, station=own,
                                         assessor=world.users["assessor"], reason="指派")
    assessor = client_for(world.users["assessor"])
    assert assessor.get(f"/evaluation/stations/{own.pk}/{year.year}/").status_code == 200
    district = english(client_for(world.users["district"]))
    page = district.get(f"/evaluation/{year.year}/districts/{own.district.code}/").content.decode()
    url = f"/evaluation/{year.year}/districts/{own.district.code}/assignments/{assignment.pk}/end/"
    assert url in page
    assert world.users["assessor"].get_full_name() in district.get(url).content.decode()
    response = district.post(url, {"reason": ""})  # a reason is asked: nothing is saved without one
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.ended_at is None
    response = district.post(url, {"reason": "评估机构更换"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    assert assignment.history.first().history_change_reason == "评估机构更换"
    assert assessor.get(f"/evaluation/stations/{own.pk}/{year.year}/").status_code == 404
    with translation.override("en"), pytest.raises(ActionError, match=r"This assignment has already ended\."):
        actions.end_assignment(actor=world.users["district"], assignment=assignment, reason="再次")
    # an assignment of another district's station is not this district's: 404 at either district's address
    other = AssessorAssignment.objects.create(evaluation_year=year, station=world.station("other"),
                                              assessor=world.root, assigned_by=world.root)
    assert district.get(f"/evaluation/{year.year}/districts/{own.district.code}/assignments/{other.pk}/end/"
                        ).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.end_assignment(actor=world.users["district"], assignment=other, reason="越权")
    other.refresh_from_db()
    assert other.ended_at is None


# --- the suggested-score preview --------------------------------------------------------------------------------
def _default_year(world):
    from evaluation import actions_standard

    city = world.users["city"]
    standard = actions_standard.create_default_standard(actor=city, reason="默认")
    standard = actions_standard.publish_standard(actor=city, standard=standard, reason="发布")
    today = timezone.localdate()
    return actions.open_year(actor=city, year=today.year, standard=standard,
                             self_assessment_due=today + datetime.timedelta(days=30),
                             scoring_due=today + datetime.timedelta(days=60), reason="开启")


def _preview_rows(page) -> dict:
    """{code: (value text, suggested points)} from the preview's table."""
    rows = re.findall(r'<tr data-code="([\d.]+)">.*?<td class="value">(.*?)</td><td class="num points">(.*?)</td>',
                      page, flags=re.S)
    return {code: (value, points) for code, value, points in rows}


def test_r27_the_preview_shows_each_bound_indicator_and_agrees_with_the_report_card(world, client_for):
    """Issue 12 done-when: auto-bound indicators agree with the figures on the station's report card for the same
    year. The own station has one social worker on staff (tests/staffing_world.py), the other none."""
    from evaluation import scoring
    from tests.staffing_world import make_staffing_records

    make_staffing_records(world, "own")
    evaluation_year = _default_year(world)
    tree = scoring.load(evaluation_year.standard)
    bound = {i.code: i for i in scoring.bound(tree)}
    assert len(bound) >= 10
    for rel, workers in (("own", "1"), ("other", "—")):  # "—": no staff recorded at all
        station = world.station(rel)
        page = english(client_for(world.users["city"])).get(
            f"/evaluation/stations/{station.pk}/{evaluation_year.year}/suggestions/").content.decode()
        rows = _preview_rows(page)
        assert set(rows) == set(bound), rel
        assert rows["3.1.1"] == (workers, "0")  # 2 social workers earn 4 (default standard): 1 or 0 earn nothing
        # the station's report card page of the same year (what the district reads) says the same of each rule
        report = client_for(world.users["city"]).get(
            f"/stations/{station.pk}/compliance/?year={evaluation_year.year}").content.decode()
        card = dict(re.findall(r'data-rule="([^"]+)" data-status="([a-z_]+)"', report))
        checked = 0
        for code, indicator in bound.items():
            if indicator.binding == "rule":
                met = card[indicator.binding_code] == "met"
                value, points = rows[code]
                assert value.startswith("Met:" if met else "Not met:"), (rel, code)
                assert points == (scoring_points(indicator) if met else "0"), (rel, code)
                checked += 1
        assert checked >= 5
    # the preview is the assessment's: a worker of another station gets 404
    assert client_for(world.assignments["sibling"].user).get(
        f"/evaluation/stations/{world.station('own').pk}/{evaluation_year.year}/suggestions/").status_code == 404


def scoring_points(indicator) -> str:
    from evaluation import results

    return results.fmt(indicator.points)


# --- the walker over this module's pages ------------------------------------------------------------------------
def test_r6_the_walker_holds_over_the_dashboards_the_assignment_and_the_preview(world, client_for):
    from django.test import Client
    from django.urls import reverse

    from tests import walker
    from tests.world import RELATIONS

    entries = [e for e in walker.url_entries() if e.name.startswith("evaluation:")
               and e.callback.__module__ == "evaluation.views_trends"]
    assert {e.name for e in entries} == {"evaluation:city_trends", "evaluation:district_trends",
                                         "evaluation:end_assignment", "evaluation:suggestions"}
    report = walker.walk(world, client_for, Client(), urlconf_entries=entries)
    assert report.failures == [], "\n".join(report.failures)
    for e in entries:
        kind = e.callback.access_rule.kind
        urls = {reverse(e.name, kwargs=walker.KINDS[kind].kwargs(world, rel, e.params)) for rel in RELATIONS}
        assert len(urls) == len(RELATIONS), e.name
    assert EvaluationYear.objects.count() == 3
