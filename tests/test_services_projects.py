"""R17.1–R17.3: each station-year has exactly one base project, at least one featured and exactly one support
project; the portfolio is checked on the report card (fixed queries for many stations)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ningbo_sws.lib.compliance import Status, compliance
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.figures import figures
from services import actions
from services.compliance import check_portfolio
from services.models import Project
from stations.models import Station
from tests.regulation import cites
from tests.services_helpers import project


def test_a_complete_year_meets_r17(world):
    """R17.1 one base, R17.2 ≥1 featured, R17.3 one support: met."""
    project(world, kind="base")
    project(world, kind="featured", title="儿童成长")
    project(world, kind="featured", title="社区营造")
    project(world, kind="support", title="本土社工督导")
    finding = check_portfolio([world.station("own")], year=2026)[world.station("own").pk]
    assert finding.status == Status.MET


@pytest.mark.parametrize("kinds", [["base", "featured"], ["featured", "support"], ["base", "support"]])
def test_an_incomplete_year_does_not_meet_r17(world, kinds):
    for kind in kinds:
        project(world, kind=kind, title=kind)
    finding = check_portfolio([world.station("own")], year=2026)[world.station("own").pk]
    assert finding.status == Status.NOT_MET
    missing = ({"base", "featured", "support"} - set(kinds)).pop()
    assert cites(finding.reason, {"base": "R17.1", "featured": "R17.2", "support": "R17.3"}[missing])


def test_a_year_without_projects_is_not_recorded(world):
    finding = check_portfolio([world.station("own")], year=2026)[world.station("own").pk]
    assert finding.status == Status.NOT_RECORDED


def test_a_second_base_project_is_refused_and_nothing_saved(world):
    """Bad input: a project year with two base projects (R17.1)."""
    project(world, kind="base")
    with pytest.raises(ActionError) as exc:
        project(world, kind="base", title="第二个基础项目")
    assert exc.value.field == "kind" and cites(str(exc.value), "R17.1")
    assert Project.objects.filter(kind="base").count() == 1


def test_a_second_support_project_is_refused(world):
    project(world, kind="support")
    with pytest.raises(ActionError) as exc:
        project(world, kind="support", title="第二个")
    assert cites(str(exc.value), "R17.3")


def test_the_database_refuses_two_base_projects_too(world):
    first = project(world, kind="base")
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(station=first.station, year=first.year, kind="base", title="x", needs_analysis="x",
                               goals="x", target_groups=["gugua"])


def test_a_cancelled_base_project_makes_room_for_another(world):
    first = project(world, kind="base")
    actions.update_project(actor=world.assignments["own"].user, project=first, reason="取消",
                           status=Project.Status.CANCELLED)
    project(world, kind="base", title="新的基础项目")
    assert Project.objects.exclude(status="cancelled").filter(kind="base").count() == 1


def test_a_base_project_serves_r17_1_groups_only(world):
    with pytest.raises(ValidationError) as exc:
        project(world, kind="base", target_groups=["migrant"])
    assert "target_groups" in exc.value.message_dict


def test_only_the_station_plans_its_projects(world):
    with pytest.raises(PermissionDenied):
        actions.create_project(actor=world.users["district"], station=world.station("own"), year=2026,
                               kind="base", reason="x", title="x", needs_analysis="x", goals="x",
                               target_groups=["gugua"])


def test_r17_is_on_the_report_card_and_checks_many_stations_in_one_query(world):
    """The report card asks the registry; R17 answers for 162 stations in one query."""
    assert {"R17", "R18"} <= {r.rule_id for r in compliance.rules}
    project(world, kind="base")
    stations = list(Station.objects.all())
    with CaptureQueriesContext(connection) as ctx:
        findings = compliance.evaluate(stations, year=2026)
    # R22's count of every archive source also reads services' tables: the rules of services are the others
    rule_queries = [q for q in ctx.captured_queries if "services_" in q["sql"] and "archives_" not in q["sql"]]
    assert len(rule_queries) == 2  # one for R17, one for R18
    assert findings[world.station("own").pk]["R17"].status == Status.NOT_MET


def test_the_project_page_shows_the_check(world, client_for):
    project(world, kind="base")
    response = client_for(world.users["township"]).get(
        reverse("services:project_list", args=[world.station("own").pk]), {"year": 2026})
    assert response.status_code == 200 and cites(response.content.decode(), "R17.2")


def test_a_project_is_created_through_the_form(world, client_for):
    client = client_for(world.users["worker"])
    response = client.post(reverse("services:project_new", args=[world.station("own").pk]), {
        "year": 2026, "kind": "featured", "title": "青少年成长", "needs_analysis": "调研", "goals": "目标",
        "budget": "50000.00", "status": "running", "reason": "立项",
    })
    assert response.status_code == 302
    created = Project.objects.get()
    assert str(created.budget) == "50000.00" and created.history.count() == 1


def test_the_figures_are_provided_to_the_apps_above(world):
    """Disclosure and evaluation read the services figures through the figures registry (issue 10 "Seams"),
    never by importing services; nothing served yet at the station: no value."""
    assert {"services.people_served", "services.visits", "services.cases_full_process"} <= {
        f.code for f in figures}
    assert figures.compute("services.people_served", [world.station("own").pk], year=2026) == {}
