"""Issue 10 items 1 and 3 ("Seams"), and the code-review bullets: the one gate, the registries through which the
floors above learn from the lower ones (figures, records, to-do), the principal-scoped queries of every kind,
the one finding badge, `no-store` on both reveals, the packages nobody used."""

import datetime
import importlib
import pathlib
import re
from decimal import Decimal

import grimp
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db.models import QuerySet
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from finance import actions as finance_actions
from ningbo_sws.lib.compliance import Status, as_of, year_from
from ningbo_sws.lib.figures import figures
from ningbo_sws.lib.records import Category, records
from ningbo_sws.lib.todo import todo
from stations import access
from stations.access import CONTRACT_POLICY, Principal, gate
from stations.facilities import Room
from stations.models import Station, StationStatus
from tests.finance_books import entry, open_books
from tests.services_helpers import recipient
from tests.staffing_world import person
from tests.stations_setup import make_operator, set_up

pytestmark = pytest.mark.django_db
ROOT = pathlib.Path(__file__).resolve().parent.parent
THIS_YEAR = timezone.localdate().year


def request_as(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


# --- item 1: one gate ------------------------------------------------------------------------------------------
def test_the_one_gate_answers_404_outside_scope_403_without_the_right_and_the_object_otherwise(world):
    """Issue 10 item 1: `stations.access.gate` is the body of every kind's gate."""
    own, other = world.station("own"), world.station("other")
    room = Room.objects.create(station=own, room_type="office", area=Decimal(20))
    worker, district, liaison = (request_as(world.users[n]) for n in ("worker", "district", "liaison"))
    rooms = Room.objects.filter(pk=room.pk)
    assert gate(worker, rooms, action="change") == room
    with pytest.raises(Http404):
        gate(worker, Room.objects.none())  # does not exist
    with pytest.raises(Http404):
        gate(request_as(world.assignments["other"].user), rooms)  # another district's worker
    with pytest.raises(Http404):
        gate(liaison, own, policy=CONTRACT_POLICY)  # in scope, but contracts are not for liaisons: not seen at all
    with pytest.raises(PermissionDenied):
        gate(liaison, rooms, action="change")  # the liaison sees the station's rooms, changes none
    with pytest.raises(Http404):
        gate(district, other)  # a district officer sees their own district only
    assert gate(district, own, action="change") == own


def test_every_kind_gate_calls_the_one_gate():
    """No app keeps a copy of the gate body: only `stations.access.gate` answers 404."""
    def source(module):
        return pathlib.Path(importlib.import_module(module).__file__).read_text(encoding="utf-8")

    assert source("stations.access").count("raise Http404") == 1
    for module in ("staffing.access", "services.access", "finance.access"):
        assert "raise Http404" not in source(module) and "raise PermissionDenied" not in source(module), module


# --- item 3: report-card rules take the year -----------------------------------------------------------------
def test_the_year_of_a_page_defaults_to_this_year_and_bad_input_never_fails():
    assert year_from("2024") == 2024
    for bad in ("", None, "二〇二四", "1999", "2101", "2024.5", "9" * 40):
        assert year_from(bad) == THIS_YEAR
    assert as_of(THIS_YEAR) == timezone.localdate()
    assert as_of(2020) == datetime.date(2020, 12, 31)


def test_r15_a_past_year_reads_the_contract_in_force_at_its_end(world):
    """Issue 10 item 3: the period is in the contract of every rule; R15 for last year judges last year's contract."""
    from stations import queries
    from stations.rules import check_contract

    township = world.users["township"]
    station = set_up(world.station("own"), township, operator=make_operator(township))
    stations = queries.report_stations(Station.objects.filter(pk=station.pk))
    assert check_contract(stations, year=THIS_YEAR)[station.pk].status == Status.MET
    # the contract began 100 days ago: at the end of 2001 none was in force
    assert check_contract(stations, year=2001)[station.pk].status == Status.NOT_MET


# --- item 3: figures -------------------------------------------------------------------------------------------
EXPECTED_FIGURES = {
    "stations.area.office", "stations.area.case", "stations.area.group", "stations.area.multi",
    "stations.area.archive", "stations.area.total",
    "staffing.social_workers", "staffing.professionals", "staffing.professional_share",
    "staffing.supervision_hours", "staffing.training_hours", "staffing.meetings",
    "services.people_served", "services.visits", "services.key_group_visited_on_time",
    "services.cases_full_process", "services.groups", "services.activities",
    "finance.budget_execution", "finance.income", "finance.income.fiscal", "finance.income.donation",
}


def test_every_app_registers_its_figures_and_the_lower_floors_do_not_import_it():
    """Issue 10 item 3: the registry in lib holds every app's numbers by code; lib and stations import none of
    the apps above (the figure reaches them through `AppConfig.ready()` only)."""
    assert {f.code for f in figures} >= EXPECTED_FIGURES
    assert figures.get("finance.income").compute.__module__ == "finance.figures"
    graph = grimp.build_graph("ningbo_sws", "stations", "staffing", "services", "finance")
    for lower, higher in (("ningbo_sws.lib", "stations"), ("stations", "staffing"), ("stations", "finance"),
                          ("staffing", "services"), ("services", "finance")):
        assert not graph.chain_exists(importer=lower, imported=higher, as_packages=True), (lower, higher)


def test_figures_give_the_recorded_numbers(world):
    """Rooms, staff and money as entered through the actions; stations without any are left out."""
    own, sibling = world.station("own"), world.station("sibling")
    set_up(own, world.users["township"])  # office 20 m², case 12, group 40, multi 60, archive 10
    person(own, world.users["worker"], degree="bachelor")  # professional by a social-work degree (R5)
    person(own, world.users["worker"])
    books = open_books(own, worker=world.users["worker"], township=world.users["township"], year=THIS_YEAR)
    voucher = finance_actions.prepare_voucher(
        actor=world.users["worker"], ledger=books.ledger, date=timezone.localdate(), summary="捐赠收入",
        entries=[entry(books, "5000.00", direction="income", source=books.donation)])
    finance_actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=voucher)
    table = figures.table([own.pk, sibling.pk], year=THIS_YEAR)
    assert table["stations.area.office"] == {own.pk: Decimal("20.00")}
    assert table["stations.area.total"] == {own.pk: Decimal("142.00")}
    assert table["staffing.social_workers"] == {own.pk: 2}
    assert table["staffing.professionals"] == {own.pk: 1}
    assert table["staffing.professional_share"] == {own.pk: Decimal("50.0")}
    assert table["finance.income.donation"] == {own.pk: Decimal("5000.00")}
    assert table["finance.income.fiscal"] == {}
    assert table["finance.budget"] == {own.pk: Decimal("200000.00")}
    assert table["finance.budget_execution"] == {own.pk: Decimal("0.0")}
    assert figures.compute("no.such.figure", [own.pk], year=THIS_YEAR) == {}


def test_all_figures_over_162_stations_cost_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    """Issue 10 item 3: one query per figure (two for a share), whatever the number of stations."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ids = list(Station.objects.values_list("pk", flat=True))
    assert len(ids) == 162
    budget = len(figures.entries) + 2  # services.cases_full_process_share and finance.budget_execution: 2 each
    with django_assert_max_num_queries(budget):
        table = figures.table(ids, year=THIS_YEAR)
    assert any(table["stations.area.total"].values()) and any(table["staffing.social_workers"].values())


# --- item 3: records -------------------------------------------------------------------------------------------
def test_record_sources_are_registered_under_r22_categories():
    """Issue 10 item 3: archives will list every app's records by R22 category without importing the apps."""
    by_code = {s.code: s for s in records}
    assert by_code["services.cases"].category == Category.CASEWORK
    assert by_code["services.groups"].category == Category.GROUP_WORK
    assert by_code["services.activities"].category == Category.COMMUNITY
    assert by_code["services.visits"].category == Category.VISITS
    assert by_code["services.surveys"].category == Category.NEEDS_SURVEYS
    assert by_code["staffing.meetings"].category == Category.MEETINGS
    assert by_code["finance.vouchers"].category == Category.OTHER
    assert len(Category.values) == 16  # R22 lists fifteen kinds and "any other record"
    assert [s.code for s in records.in_category(Category.MEETINGS)] == ["staffing.meetings"]


def test_record_sources_are_scoped_to_the_principal_in_one_query_each(world, django_assert_max_num_queries):
    own = world.station("own")
    person_served = recipient(world, "own")
    worker_member = person(own, world.users["worker"])
    from staffing import actions as staffing_actions

    staffing_actions.record_meeting(actor=world.users["worker"], station=own, held_on=timezone.localdate(),
                                    title="例会", attendees=[worker_member], reason="记录")
    worker, district, city = (Principal(world.users[n]) for n in ("worker", "district", "city"))
    for source in records:
        # one query, and at most one more for each set of related rows its describe reads (prefetched, when there
        # are records, never per record)
        queryset = source.records(worker, own, THIS_YEAR)
        with django_assert_max_num_queries(1 + len(queryset._prefetch_related_lookups)):
            list(queryset)
        assert isinstance(source.records(worker, own, THIS_YEAR), QuerySet)
    by_code = {s.code: s for s in records}
    assert list(by_code["services.recipients"].records(worker, own, THIS_YEAR)) == [person_served]
    assert not by_code["services.recipients"].records(district, own, THIS_YEAR).exists()  # figures only
    assert by_code["staffing.meetings"].records(worker, own, THIS_YEAR).count() == 1
    assert by_code["staffing.meetings"].records(worker, own, THIS_YEAR - 1).count() == 0
    assert not by_code["staffing.meetings"].records(city, own, THIS_YEAR).exists()


# --- item 3: a principal-scoped filter for every kind ----------------------------------------------------------
VISIBLE = {
    "stations.queries": ["visible_rooms", "visible_contracts", "visible_attachments", "visible_operators"],
    "staffing.queries": ["visible_staff_members", "visible_posts", "visible_meetings", "visible_trainings",
                         "visible_supervision_sessions", "visible_action_items"],
    "services.queries": ["visible_recipients", "visible_households", "visible_visits", "visible_cases",
                         "visible_service_records", "visible_projects", "visible_groups", "visible_group_sessions",
                         "visible_activities", "visible_surveys", "visible_volunteers", "visible_volunteer_services"],
    "finance.queries": ["visible_funding_sources", "visible_ledgers", "visible_accounts", "visible_budgets",
                        "visible_final_accounts", "visible_vouchers", "visible_voucher_attachments"],
}


@pytest.mark.parametrize(("module", "name"), [(m, n) for m, names in VISIBLE.items() for n in names])
def test_every_kind_has_a_principal_scoped_query_that_shows_nothing_to_a_user_without_roles(world, module, name):
    function = getattr(importlib.import_module(module), name)
    assert list(function(Principal(world.users["nobody"]))) == []


def test_the_scoped_queries_follow_the_gates(world):
    """Own station's rows for its people; another district's worker sees none; the city sees figures, not
    vouchers."""
    from finance.queries import visible_ledgers, visible_vouchers
    from staffing.queries import visible_staff_members

    own = world.station("own")
    member = person(own, world.users["worker"])
    books = open_books(own, worker=world.users["worker"], township=world.users["township"], year=THIS_YEAR)
    voucher = finance_actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, summary="活动",
                                              date=timezone.localdate(), entries=[entry(books, "10.00")])
    worker, other, city = (Principal(u) for u in (world.users["worker"], world.assignments["other"].user,
                                                   world.users["city"]))
    assert list(visible_staff_members(worker)) == [member]
    assert list(visible_staff_members(other)) == [] and list(visible_staff_members(city)) == []
    assert list(visible_vouchers(worker)) == [voucher] and list(visible_vouchers(city)) == []
    assert list(visible_ledgers(city)) == [books.ledger]


# --- item 3: to-do ---------------------------------------------------------------------------------------------
def test_todo_district_sees_stations_submitted_for_approval_on_the_start_page_and_in_the_navigation(
        world, client_for):
    """Issue 10 item 3: a to-do entry registered by stations reaches the start page and the navigation count."""
    Station.objects.filter(pk=world.station("own").pk).update(status=StationStatus.SUBMITTED)
    items = todo.items(Principal(world.users["district"]))
    assert [(i.count, i.url) for i in items] == [(1, "/stations/?status=submitted")]
    page = client_for(world.users["district"]).get("/").content.decode()
    assert 'id="todo"' in page and 'id="todo-count"' in page
    listed = client_for(world.users["district"]).get("/stations/?status=submitted").context["page"].object_list
    assert list(listed) == [world.station("own")]
    # the township officer has nothing waiting: no panel, no count
    page = client_for(world.users["township"]).get("/").content.decode()
    assert 'id="todo"' not in page and 'id="todo-count"' not in page


def test_todo_township_officer_sees_vouchers_to_post_from_finance_without_stations_importing_it(world):
    """finance registers its entry in its AppConfig; stations' shell finds it through the registry."""
    own = world.station("own")
    books = open_books(own, worker=world.users["worker"], township=world.users["township"], year=THIS_YEAR)
    for _ in range(2):
        finance_actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=timezone.localdate(),
                                        summary="活动", entries=[entry(books, "10.00")])
    assert todo.entries["finance.to_post"].items.__module__ == "finance.todo"
    items = todo.items(Principal(world.users["township"]))
    assert [(i.count, i.url) for i in items] == [
        (2, reverse("finance:voucher_list", kwargs={"ledger_id": books.ledger.pk}) + "?status=draft")]
    assert todo.items(Principal(world.users["worker"])) == []  # the worker prepared them; the officer posts


# --- code review: the finding badge ----------------------------------------------------------------------------
def badge_classes():
    """(template, class) for every class named next to "badge" in a class attribute of any template."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for attribute in re.findall(r'class="([^"]*\bbadge\b[^"]*)"', path.read_text(encoding="utf-8")):
            assert "{{" not in attribute, f"{path.name}: a badge's class comes from a variable: {attribute}"
            words = re.sub(r"{%.*?%}", " ", attribute).split()
            found += [(path.name, w) for w in words if w != "badge"]
    return found


def test_every_badge_class_used_in_a_template_exists_in_the_style_sheet():
    """Issue 10: two of the four badge renderings used classes (`met`, `not_met`, `none`) that app.css lacks."""
    css = (ROOT / "static" / "css" / "app.css").read_text(encoding="utf-8")
    defined = set(re.findall(r"\.badge\.([\w-]+)", css))
    used = badge_classes()
    assert used, "no badge found: the test reads the wrong place"
    assert [(t, c) for t, c in used if c not in defined] == []


def test_findings_are_shown_by_the_one_badge_with_a_styled_class(world, client_for):
    """The staffing card showed `badge not_met` (unstyled); now every finding goes through `finding_badge`."""
    own = world.station("own")
    page = client_for(world.users["township"]).get(reverse("staffing:station_staff", args=[own.pk])).content.decode()
    assert 'class="badge bad" data-status="not_met"' in page  # R5: no social worker on staff
    for path in (ROOT / "templates").rglob("*.html"):
        if path.name != "_finding_badge.html":
            assert "finding.status }}" not in path.read_text(encoding="utf-8"), path


# --- code review: no-store on every reveal of personal data ----------------------------------------------------
def test_both_reveals_of_an_id_number_send_no_store(world, client_for):
    """Issue 10: the staff reveal sent no `Cache-Control: no-store`, the services reveal did."""
    member = person(world.station("own"), world.users["worker"])
    served = recipient(world, "own")
    staff = client_for(world.users["township"])
    for response in (staff.get(reverse("staffing:staff_reveal_id", args=[member.pk])),
                     staff.post(reverse("staffing:staff_reveal_id", args=[member.pk])),
                     client_for(world.users["worker"]).get(reverse("services:recipient_reveal", args=[served.pk])),
                     client_for(world.users["worker"]).post(reverse("services:recipient_reveal", args=[served.pk]))):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# --- code review: packages nobody used -------------------------------------------------------------------------
def test_django_filter_and_django_htmx_are_gone():
    """Issue 10: installed, the htmx middleware running, and used by nothing."""
    assert "django_htmx" not in settings.INSTALLED_APPS and "django_filters" not in settings.INSTALLED_APPS
    assert not any("htmx" in m for m in settings.MIDDLEWARE)
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    assert "django-htmx" not in requirements and "django-filter" not in requirements


def test_access_module_keeps_one_gate_body():
    assert callable(access.gate) and not hasattr(access, "_visible_or_404")
