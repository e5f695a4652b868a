"""Management systems (issue 11 item 1, R19–R24): versioned written systems of a station, drafted by a worker
(or the township officer), submitted, approved or sent back by the township officer; the report card says which
of the five required systems are missing or not approved for the year.

Personas (tests/world.py): "worker" and "township" hold their roles at station A ("own"); "district" is A's
district officer; "liaison" works in one of A's villages; the sibling B and the other district's C are outside
their scope.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from archives import actions_management as actions
from archives.models_management import ManagementSystem, RuleVersion, SystemKind
from archives.systems import check_r24, waiting
from ningbo_sws.lib.compliance import Status, compliance
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.figures import figures
from stations import actions as station_actions
from stations.access import Principal
from stations.models import Role, StatusChange
from tests.stations_setup import PDF_BYTES, png_bytes
from tests.world import make_user

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
FIVE = [SystemKind.DUTIES, SystemKind.MEETINGS, SystemKind.FINANCE, SystemKind.ARCHIVES, SystemKind.DISCLOSURE]


def draft(world, kind=SystemKind.DUTIES, *, station="own", text="一、站长全面负责。", title="", file=None, by="worker"):
    actor = world.users[by] if station == "own" else world.assignments[station].user
    return actions.create_system(actor=actor, station=world.station(station), kind=kind, title=title, text=text,
                                 file=file, reason="起草")


def approved(world, kind=SystemKind.DUTIES, **kwargs):
    version = draft(world, kind, **kwargs)
    actions.submit_version(actor=version.written_by, version=version, reason="提交")
    return actions.approve_version(actor=world.users["township"], version=version, reason="同意")


def second_officer(world):
    """Another township officer of station A (a station may have more than one)."""
    user = make_user("township-2")
    station_actions.grant_role(actor=world.root, user=user, role=Role.TOWNSHIP, station=world.station("own"),
                               reason="测试")
    return user


def finding(world, year=2026, station="own"):
    return check_r24([world.station(station)], year=year)[world.station(station).pk]


def backdate(version, when: datetime.datetime):
    """Test set-up: the version (and its system) as if written and approved at `when`."""
    RuleVersion.objects.filter(pk=version.pk).update(approved_at=when, written_at=when)
    ManagementSystem.objects.filter(pk=version.system_id).update(created_at=when)


# --- the report card: met and unmet R19–R24 ---------------------------------------------------------------------
def test_r24_met_when_all_five_required_systems_are_approved(world):
    for kind in FIVE:
        approved(world, kind)
    approved(world, SystemKind.OWN, title="志愿者管理制度")
    with translation.override("en"):
        result = finding(world)
    assert result.status == Status.MET
    assert result.reason == ("All five required management systems approved; 1 of the station's own (R19–R24).")
    assert figures.compute("archives.management_systems", [world.station("own").pk], year=2026) == {
        world.station("own").pk: 5}


def test_r24_unmet_names_the_missing_and_the_unapproved_systems(world):
    approved(world, SystemKind.DUTIES)
    approved(world, SystemKind.MEETINGS)
    submitted = draft(world, SystemKind.FINANCE)
    actions.submit_version(actor=submitted.written_by, version=submitted, reason="提交")
    draft(world, SystemKind.ARCHIVES)  # a draft only
    # disclosure (R23): never written
    with translation.override("en"):
        result = finding(world)
    assert result.status == Status.NOT_MET
    assert result.reason == (
        "Management systems missing: Information disclosure (R23); not approved by 31 December 2026: "
        "Financial management (R21), Archives management (R22) (R19–R24).")
    assert figures.compute("archives.management_systems", [world.station("own").pk], year=2026) == {
        world.station("own").pk: 2}


def test_r24_a_station_without_any_system_misses_all_five(world):
    with translation.override("en"):
        result = finding(world, station="sibling")
    assert result.status == Status.NOT_MET
    assert result.reason.startswith("Management systems missing: Post duties (R19), Regular meetings (R20), ")


def test_r24_a_system_approved_by_31_december_counts_for_that_year_and_not_after_it(world):
    for kind in FIVE:
        backdate(approved(world, kind), datetime.datetime(2025, 12, 31, 23, 59, 59, tzinfo=SHANGHAI))
    late = RuleVersion.objects.get(system__kind=SystemKind.DISCLOSURE)
    backdate(late, datetime.datetime(2025, 12, 1, tzinfo=SHANGHAI))
    RuleVersion.objects.filter(pk=late.pk).update(approved_at=datetime.datetime(2026, 1, 1, 0, 0, tzinfo=SHANGHAI))
    assert finding(world, year=2025).status == Status.NOT_MET  # disclosure approved on 1 January 2026
    with translation.override("en"):
        assert "not approved by 31 December 2025: Information disclosure (R23)" in finding(world, year=2025).reason
    assert finding(world, year=2026).status == Status.MET
    assert finding(world, year=2024).status == Status.NOT_MET  # none of them existed yet
    with translation.override("en"):
        assert "missing: Post duties (R19)" in finding(world, year=2024).reason


def test_r24_is_on_the_report_card_and_checks_many_stations_in_one_query(world, django_assert_num_queries):
    assert compliance.rules[-1].rule_id == "R24" or "R24" in [r.rule_id for r in compliance.rules]
    approved(world, SystemKind.DUTIES)
    stations = list(world.stations.values())
    with django_assert_num_queries(1):
        found = check_r24(stations, year=2026)
    assert {s.pk for s in stations} == set(found)


def test_r24_the_report_card_page_shows_the_rule(world, client_for):
    approved(world, SystemKind.DUTIES)
    with translation.override("en"):
        reason = finding(world).reason
    page = client_for(world.users["township"]).get(
        f"/stations/{world.station('own').pk}/compliance/?year=2026", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    content = page.content.decode()
    assert "第二十四条" in content or "R24" in content
    assert "岗位" in content or reason in content


# --- versions: a new version supersedes the approved one only when approved ---------------------------------------
def test_r24_a_new_version_supersedes_the_approved_one_only_when_it_is_approved(world):
    first = approved(world, SystemKind.FINANCE, text="专款专用。")
    system = first.system
    second = actions.draft_version(actor=world.users["worker"], system=system, text="专款专用，备用金限额。",
                                   change_note="增加备用金条款", reason="修订")
    assert second.number == 2 and second.status == RuleVersion.Status.DRAFT
    actions.submit_version(actor=world.users["worker"], version=second, reason="提交")
    actions.return_version(actor=world.users["township"], version=second, reason="请写明限额")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RuleVersion.Status.APPROVED, RuleVersion.Status.RETURNED)
    assert second.returned_reason == "请写明限额"
    actions.edit_version(actor=world.users["worker"], version=second, text="专款专用，备用金限额2000元。",
                         change_note="增加备用金条款", reason="按意见修改")
    actions.submit_version(actor=world.users["worker"], version=second, reason="再次提交")
    assert finding(world).status == Status.NOT_MET  # the other four are missing; finance still counts
    actions.approve_version(actor=world.users["township"], version=second, reason="同意")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (RuleVersion.Status.SUPERSEDED, RuleVersion.Status.APPROVED)
    assert second.text == "专款专用，备用金限额2000元。"
    moves = list(StatusChange.objects.of(second).values_list("from_state", "to_state", "reason"))
    assert moves == [("draft", "submitted", "提交"), ("submitted", "returned", "请写明限额"),
                     ("returned", "submitted", "再次提交"), ("submitted", "approved", "同意")]
    assert list(StatusChange.objects.of(first).values_list("to_state", flat=True)) == [
        "submitted", "approved", "superseded"]
    # history kept: the text as first written is in the version's history
    assert "专款专用，备用金限额。" in set(second.history.values_list("text", flat=True))


def test_r24_one_version_in_progress_at_a_time_and_an_approved_version_is_not_changed(world):
    first = approved(world, SystemKind.MEETINGS)
    actions.draft_version(actor=world.users["worker"], system=first.system, text="每月一次。", reason="修订")
    with translation.override("en"), pytest.raises(ActionError, match="already in progress"):
        actions.draft_version(actor=world.users["worker"], system=first.system, text="每周一次。", reason="修订")
    with translation.override("en"), pytest.raises(ActionError, match="Only a draft or a version sent back"):
        actions.edit_version(actor=world.users["worker"], version=first, text="改写", reason="改")
    assert RuleVersion.objects.filter(system=first.system).count() == 2


def test_r24_a_submitted_version_is_approved_only_once(world):
    version = approved(world, SystemKind.DUTIES)
    with pytest.raises(ActionError):
        actions.approve_version(actor=world.users["township"], version=version, reason="再次同意")


# --- bad input: refused in words, nothing saved -----------------------------------------------------------------
def test_r24_the_author_of_a_version_does_not_approve_it(world):
    """Our choice (four eyes, as for vouchers and budgets under R21): the township officer who wrote a version
    submits it, and another township officer approves it."""
    version = draft(world, SystemKind.DUTIES, by="township")
    actions.submit_version(actor=world.users["township"], version=version, reason="提交")
    with translation.override("en"), pytest.raises(ActionError, match="The author of a version cannot approve it"):
        actions.approve_version(actor=world.users["township"], version=version, reason="同意")
    version.refresh_from_db()
    assert version.status == RuleVersion.Status.SUBMITTED and version.approved_at is None
    assert waiting(Principal(world.users["township"])) == []  # not on their own to-do list
    actions.approve_version(actor=second_officer(world), version=version, reason="同意")
    assert RuleVersion.objects.get(pk=version.pk).status == RuleVersion.Status.APPROVED


def test_r24_an_empty_version_is_not_submitted(world):
    version = draft(world, SystemKind.ARCHIVES, text="   ")
    with translation.override("en"), pytest.raises(ActionError, match="Write the text of the system or attach"):
        actions.submit_version(actor=world.users["worker"], version=version, reason="提交")
    assert RuleVersion.objects.get(pk=version.pk).status == RuleVersion.Status.DRAFT
    assert not StatusChange.objects.of(version).exists()


def test_r24_a_version_with_a_file_only_is_submitted_and_its_file_served(world, client_for):
    version = draft(world, SystemKind.ARCHIVES, text="", file=SimpleUploadedFile("档案管理制度.pdf", PDF_BYTES))
    actions.submit_version(actor=world.users["worker"], version=version, reason="提交")
    response = client_for(world.users["district"]).get(
        f"/stations/{world.station('own').pk}/rules/versions/{version.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize("name, content", [
    ("制度.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # an executable
    ("制度.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # an executable named as a PDF
    ("制度.pdf", b"<html><script>alert(1)</script></html>"),  # bytes that are not a PDF
    ("制度.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10),  # a PNG header on a damaged body
])
def test_r24_a_bad_upload_is_refused_and_nothing_is_saved(world, name, content):
    with pytest.raises(ActionError) as refused:
        draft(world, SystemKind.FINANCE, file=SimpleUploadedFile(name, content))
    assert refused.value.field == "file"
    assert not ManagementSystem.objects.exists() and not RuleVersion.objects.exists()


def test_r24_an_oversized_upload_is_refused_in_chinese_through_the_page(world, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    station = world.station("own")
    response = client_for(world.users["worker"]).post(f"/stations/{station.pk}/rules/new/", {
        "kind": "finance", "text": "专款专用。", "reason": "起草",
        "file": SimpleUploadedFile("制度.png", png_bytes((400, 400)))})
    assert response.status_code == 200
    assert "过大" in response.content.decode() or "too large" in response.content.decode()
    assert not ManagementSystem.objects.exists()


def test_r24_required_systems_once_per_station_and_own_systems_named(world):
    draft(world, SystemKind.DUTIES)
    with translation.override("en"), pytest.raises(ActionError, match="has this system already"):
        draft(world, SystemKind.DUTIES, title="另一份岗位职责")
    with translation.override("en"), pytest.raises(ActionError, match="Name the station's own system"):
        draft(world, SystemKind.OWN)
    draft(world, SystemKind.OWN, title="志愿者管理制度")
    draft(world, SystemKind.OWN, title="安全管理制度")
    with pytest.raises(ActionError):
        draft(world, SystemKind.OWN, title="安全管理制度")
    assert ManagementSystem.objects.filter(station=world.station("own")).count() == 3


def test_r24_an_over_long_text_is_refused_by_name(world):
    with translation.override("en"), pytest.raises(ActionError, match="Keep the text to 50000 characters"):
        draft(world, SystemKind.DUTIES, text="职" * 50001)
    assert not ManagementSystem.objects.exists()


def test_r24_the_page_refuses_an_empty_submission_in_words_and_moves_nothing(world, client_for):
    version = draft(world, SystemKind.DUTIES, text="")
    url = f"/stations/{world.station('own').pk}/rules/versions/{version.pk}/submit/"
    response = client_for(world.users["worker"]).post(url, {"reason": "提交"})
    assert response.status_code == 200 and response.context["form"].errors
    assert RuleVersion.objects.get(pk=version.pk).status == RuleVersion.Status.DRAFT


# --- who may do what ----------------------------------------------------------------------------------------------
def test_r24_only_the_stations_team_drafts_and_only_its_township_officer_approves(world):
    station = world.station("own")
    for persona in ("district", "liaison", "supervisor", "city"):
        with pytest.raises(PermissionDenied):
            actions.create_system(actor=world.users[persona], station=station, kind="duties", text="x", reason="r")
    version = draft(world, SystemKind.DUTIES)
    actions.submit_version(actor=world.users["worker"], version=version, reason="提交")
    for persona in ("worker", "district", "city"):
        with pytest.raises(PermissionDenied):
            actions.approve_version(actor=world.users[persona], version=version, reason="同意")
    with pytest.raises(PermissionDenied):  # a worker of another station
        actions.return_version(actor=world.assignments["sibling"].user, version=version, reason="退回")


def test_r24_pages_answer_by_role_and_scope(world, client_for):
    version = draft(world, SystemKind.DUTIES)
    own, sibling = world.station("own"), world.station("sibling")
    other_version = draft(world, SystemKind.DUTIES, station="sibling")
    base = f"/stations/{own.pk}/rules/"
    assert client_for(world.users["district"]).get(base).status_code == 200
    assert client_for(world.users["liaison"]).get(f"{base}versions/{version.pk}/").status_code == 200
    assert client_for(world.users["liaison"]).get(f"{base}new/").status_code == 403
    assert client_for(world.users["district"]).get(f"{base}versions/{version.pk}/approve/").status_code == 403
    assert client_for(world.users["worker"]).get(f"{base}versions/{version.pk}/approve/").status_code == 403
    assert client_for(world.users["worker"]).get(f"/stations/{sibling.pk}/rules/").status_code == 404
    # another station's version under this station's address is not found either
    assert client_for(world.users["worker"]).get(f"{base}versions/{other_version.pk}/").status_code == 404
    assert client_for(world.users["nobody"]).get(base).status_code == 404


def test_r24_the_whole_round_through_the_pages(world, client_for):
    station = world.station("own")
    worker, township = client_for(world.users["worker"]), client_for(world.users["township"])
    response = worker.post(f"/stations/{station.pk}/rules/new/", {
        "kind": "meetings", "text": "每月第一周召开例会。", "reason": "起草"})
    assert response.status_code == 302
    version = RuleVersion.objects.get()
    base = f"/stations/{station.pk}/rules/versions/{version.pk}/"
    assert worker.post(f"{base}submit/", {"reason": "提交审批"}).status_code == 302
    assert township.post(f"{base}return/", {"reason": "补充纪要归档时限"}).status_code == 302
    edited = {"text": "每月第一周召开例会，纪要五日内归档。", "reason": "修改"}
    assert worker.post(f"{base}edit/", edited).status_code == 302
    assert worker.post(f"{base}submit/", {"reason": "再次提交"}).status_code == 302
    assert township.post(f"{base}approve/", {"reason": "同意"}).status_code == 302
    version.refresh_from_db()
    assert version.status == RuleVersion.Status.APPROVED and version.decided_by == world.users["township"]
    page = township.get(f"/stations/{station.pk}/rules/{version.system_id}/").content.decode()
    assert "每月第一周召开例会，纪要五日内归档。" in page


# --- to-do --------------------------------------------------------------------------------------------------------
def test_r24_to_do_the_township_officer_approves_and_the_author_sees_sent_back(world, django_assert_num_queries):
    version = draft(world, SystemKind.DUTIES)
    actions.submit_version(actor=world.users["worker"], version=version, reason="提交")
    township, worker = Principal(world.users["township"]), Principal(world.users["worker"])
    rules = f"/stations/{world.station('own').pk}/rules/"
    with translation.override("en"), django_assert_num_queries(1):
        items = waiting(township)
    assert [tuple(i) for i in items] == [
        ("海曙区南门街道社会工作站: management systems to approve", 1, f"{rules}?status=submitted")]
    assert waiting(worker) == []  # the worker does not approve
    actions.return_version(actor=world.users["township"], version=version, reason="请补充")
    assert waiting(township) == []
    with translation.override("en"):
        assert [tuple(i) for i in waiting(worker)] == [
            ("海曙区南门街道社会工作站: management systems sent back to you", 1, f"{rules}?status=returned")]
    assert waiting(Principal(world.assignments["own"].user)) == []  # another worker: not their version
    from ningbo_sws.lib.todo import todo

    assert any(i.url.endswith("?status=returned") for i in todo.items(worker))


def test_r24_the_filtered_list_shows_the_versions_waiting(world, client_for):
    version = draft(world, SystemKind.DUTIES)
    draft(world, SystemKind.MEETINGS)
    actions.submit_version(actor=world.users["worker"], version=version, reason="提交")
    page = client_for(world.users["township"]).get(f"/stations/{world.station('own').pk}/rules/?status=submitted")
    assert [s.pk for s, _f, _p in page.context["summaries"]] == [version.system_id]


# --- a fixed number of queries ------------------------------------------------------------------------------------
def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_r24_pages_make_a_fixed_number_of_queries(world, client_for):
    station = world.station("own")
    township, district = client_for(world.users["township"]), client_for(world.users["district"])
    first = approved(world, SystemKind.DUTIES)
    urls = [f"/stations/{station.pk}/rules/", f"/stations/{station.pk}/rules/{first.system_id}/", "/rules/"]
    few = {url: _count(township if url != "/rules/" else district, url) for url in urls}
    for kind in FIVE[1:]:
        approved(world, kind)
    for n in range(4):
        approved(world, SystemKind.OWN, title=f"自定制度{n}")
    for n in range(3):
        second = actions.draft_version(actor=world.users["worker"], system=first.system, text=f"第{n}版",
                                       reason="修订")
        actions.submit_version(actor=world.users["worker"], version=second, reason="提交")
        actions.approve_version(actor=world.users["township"], version=second, reason="同意")
    for station_rel in ("sibling",):
        approved_sibling = draft(world, SystemKind.DUTIES, station=station_rel)
        assert approved_sibling
    many = {url: _count(township if url != "/rules/" else district, url) for url in urls}
    assert many == few
    assert max(many.values()) <= 25


# --- demo ---------------------------------------------------------------------------------------------------------
def test_r24_seed_demo_has_one_station_with_all_five_and_one_missing_two():
    from django.core.management import call_command

    from stations.demo import demo_station

    call_command("seed_demo", stdout=io.StringIO())
    nanmen, jiangxia = demo_station("nanmen"), demo_station("jiangxia")
    year = datetime.date.today().year
    found = check_r24([nanmen, jiangxia], year=year)
    assert found[nanmen.pk].status == Status.MET
    assert found[jiangxia.pk].status == Status.NOT_MET
    with translation.override("en"):
        reason = check_r24([jiangxia], year=year)[jiangxia.pk].reason
    assert reason == ("Management systems missing: Archives management (R22), Information disclosure (R23) "
                      "(R19–R24).")
    counts = ManagementSystem.objects.count(), RuleVersion.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (ManagementSystem.objects.count(), RuleVersion.objects.count()) == counts


# --- the permission walker, on this part's pages only (the full walk runs in tests/test_permission_walker.py) ---
def test_r24_the_walker_holds_on_every_management_page(world, client_for):
    from django.test import Client

    from tests import walker

    entries = [e for e in walker.url_entries() if e.name.startswith("archives:rules_")]
    assert len(entries) == 11
    report = walker.walk(world, client_for, Client(), urlconf_entries=entries)
    assert report.failures == [], "\n".join(report.failures)
    assert report.pages_scanned > 50
