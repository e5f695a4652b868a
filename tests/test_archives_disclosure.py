"""R23: information disclosure — a station's reports per year and quarter (service progress, use of funds,
service results), drafted by a worker, approved and published by the township officer, immutable once
published, corrected by a new version; public pages and PDFs at /disclosure/ without signing in."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.utils import timezone, translation
from pypdf import PdfReader

from archives import actions_disclosure as actions
from archives.disclosure import freeze, personal_data_in, suppress
from archives.models_disclosure import Disclosure, PublishedIsFinal
from finance import actions as finance_actions
from ningbo_sws.lib.exceptions import ActionError, IllegalTransition
from ningbo_sws.lib.figures import Figure, figures
from ningbo_sws.lib.todo import todo
from services import actions as services_actions
from services.models import TargetGroup
from tests.finance_books import day, entry, open_books
from tests.pdf_glyphs import font_with
from tests.services_helpers import case_in, project, recipient, villages

pytestmark = pytest.mark.django_db
YEAR = 2026


def sections(snapshot) -> dict:
    """{section key: {label or code: value}} of a frozen snapshot."""
    return {s["key"]: {(r["code"] or r["label"]): r["value"] for r in s["rows"]} for s in snapshot["sections"]}


@pytest.fixture
def station_year(world):
    """At the "own" station: 4 people served in its first village and 1 in its second (Q1), 6 service records
    (4 counselling, 1 hardship relief in Q1; 1 counselling in Q3); books with 5,000 yuan fiscal income (March),
    1,200 spent on activities (February) and 800 on personnel (August) of a 200,000 budget."""
    station = world.station("own")
    worker, township = world.users["worker"], world.users["township"]
    proj = project(world)
    first, second = villages(station)[:2]
    people = [recipient(world, seq=i, village=first, name=f"测试对象{i}") for i in range(1, 5)]
    people.append(recipient(world, seq=5, village=second, name="测试对象五", groups=["dibao"]))
    cases = [case_in("delivery", world, person, proj) for person in people]
    served = [(0, 1, 10, "counselling"), (1, 2, 10, "counselling"), (2, 3, 10, "counselling"),
              (3, 3, 11, "counselling"), (4, 3, 12, "hardship_relief"), (0, 8, 1, "counselling")]
    for i, month, d, kind in served:
        services_actions.add_service_record(actor=worker, case=cases[i], served_on=datetime.date(YEAR, month, d),
                                            minutes=30, kind=kind, notes="陪伴")
    books = open_books(station, worker=worker, township=township)
    for date, line in ((day(3, 1), entry(books, "5000.00", direction="income")),
                       (day(2, 1), entry(books, "1200.00", category="activities")),
                       (day(8, 1), entry(books, "800.00", category="personnel"))):
        voucher = finance_actions.prepare_voucher(actor=worker, ledger=books.ledger, date=date, summary="记账",
                                                  entries=[line])
        finance_actions.post_voucher(no_attachment_reason="纸质附件另行归档",
            actor=township, voucher=voucher)
    return station


def published(world, station, *, quarter=1, results="本季度开展个案服务，服务对象满意度较高。"):
    worker, township = world.users["worker"], world.users["township"]
    report = actions.create_disclosure(actor=worker, station=station, year=YEAR, quarter=quarter, results=results,
                                       reason="起草")
    actions.move_disclosure(actor=worker, disclosure=report, move="submit", reason="提交")
    actions.move_disclosure(actor=township, disclosure=report, move="approve", reason="同意")
    actions.move_disclosure(actor=township, disclosure=report, move="publish", reason="公开")
    return Disclosure.objects.get(pk=report.pk)


# --- the figures seam answers per period -----------------------------------------------------------------------
def test_r23_periodic_figures_answer_for_a_quarter_and_the_year_without_months(station_year):
    sid = station_year.pk
    assert figures.compute("services.service_times", [sid], year=YEAR) == {sid: 6}
    assert figures.compute("services.service_times", [sid], year=YEAR, months=(1, 2, 3)) == {sid: 5}
    assert figures.compute("services.service_times", [sid], year=YEAR, months=(7, 8, 9)) == {sid: 1}
    assert figures.compute("services.people_served", [sid], year=YEAR, months=(1, 2, 3)) == {sid: 5}
    assert figures.compute("services.service_times.counselling", [sid], year=YEAR, months=(1, 2, 3)) == {sid: 4}
    assert figures.compute("services.service_times.hardship_relief", [sid], year=YEAR) == {sid: 1}
    assert figures.compute("services.projects", [sid], year=YEAR) == {sid: 1}
    # a figure that answers for whole years only refuses months instead of answering for the year
    with pytest.raises(ValueError, match="whole years"):
        figures.compute("services.projects", [sid], year=YEAR, months=(1, 2, 3))
    assert figures.answers("services.people_served", (1, 2, 3)) and not figures.answers("services.projects", (1,))
    assert not figures.answers("no.such_figure")


def test_r23_spending_by_budget_line_income_by_source_and_cumulative_execution(station_year):
    sid = station_year.pk
    from decimal import Decimal

    assert figures.compute("finance.expense.activities", [sid], year=YEAR) == {sid: Decimal("1200.00")}
    assert figures.compute("finance.expense.personnel", [sid], year=YEAR, months=(7, 8, 9)) == {sid: Decimal("800.00")}
    assert figures.compute("finance.expense.personnel", [sid], year=YEAR, months=(1, 2, 3)) == {}
    assert figures.compute("finance.income.fiscal", [sid], year=YEAR, months=(1, 2, 3)) == {sid: Decimal("5000.00")}
    assert figures.compute("finance.expense", [sid], year=YEAR, months=(1, 2, 3)) == {sid: Decimal("1200.00")}
    # execution is cumulative: by the end of Q1 1,200 of 200,000 (0.6 %), by the end of Q3 2,000 (1.0 %)
    assert figures.compute("finance.budget_execution", [sid], year=YEAR, months=(1, 2, 3)) == {sid: Decimal("0.6")}
    assert figures.compute("finance.budget_execution", [sid], year=YEAR, months=(7, 8, 9)) == {sid: Decimal("1.0")}
    assert figures.compute("finance.budget_execution", [sid], year=YEAR) == {sid: Decimal("1.0")}


# --- small counts -------------------------------------------------------------------------------------------------
def test_r23_counts_below_3_are_shown_as_less_than_3_and_a_lone_hidden_cell_takes_another_with_it():
    assert suppress([("甲村", 5), ("乙村", 4), ("丙村", 1), ("丁村", 2), ("戊村", 0)]) == [
        ("甲村", "5"), ("乙村", "4"), ("丙村", "<3"), ("丁村", "<3"), ("戊村", "0")]
    # one hidden cell could be worked out from the total: the smallest other one is hidden too
    assert suppress([("甲村", 7), ("乙村", 4), ("丙村", 1)]) == [("甲村", "7"), ("乙村", "≥3"), ("丙村", "<3")]
    assert suppress([("甲村", 3)]) == [("甲村", "3")]


def test_r23_frozen_figures_of_a_quarter_hide_small_villages_and_groups(station_year):
    snapshot = freeze(station_year, YEAR, 1)
    got = sections(snapshot)
    assert snapshot["months"] == [1, 2, 3]
    assert got["services"]["services.people_served"] == "5"
    assert got["services"]["services.service_times"] == "5"
    assert got["services"]["services.projects"] == "1"
    first, second = villages(station_year)[:2]
    assert got["villages"] == {first.name: "≥3", second.name: "<3"}
    with translation.override("zh-hans"):
        gugua, dibao = str(TargetGroup.GUGUA.label), str(TargetGroup.DIBAO.label)
    assert got["groups"] == {gugua: "≥3", dibao: "<3"}  # 4 of the people served are 孤寡, 1 低保
    assert got["service_kinds"]["services.service_times.counselling"] == "≥3"
    assert got["service_kinds"]["services.service_times.hardship_relief"] == "<3"
    assert got["service_kinds"]["services.service_times.resources"] == "0"
    assert got["income"]["finance.income.fiscal"] == "5,000.00"  # the one money format (issue 13 item 6)
    assert got["income"]["finance.income"] == "5,000.00"
    assert got["spending"]["finance.expense.activities"] == "1,200.00"
    assert got["spending"]["finance.expense.personnel"] == "0"
    assert got["budget"]["finance.budget_execution"] == "0.6"
    assert got["budget"]["finance.budget"] == "—"  # the budget answers for the year only: not for a quarter


def test_r23_volunteer_hours_are_read_by_code_and_shown_as_a_dash_when_absent(station_year, monkeypatch):
    entries = dict(figures.entries)
    entries.pop("services.volunteer_hours", None)
    monkeypatch.setattr(figures, "entries", entries)
    assert sections(freeze(station_year, YEAR, 0))["services"]["services.volunteer_hours"] == "—"
    hours = Figure("services.volunteer_hours", "志愿服务时长", "hours",
                   lambda ids, *, year, months=None: dict.fromkeys(ids, 42), periodic=True)
    monkeypatch.setattr(figures, "entries", {**entries, hours.code: hours})
    assert sections(freeze(station_year, YEAR, 3))["services"]["services.volunteer_hours"] == "42"


# --- the workflow -------------------------------------------------------------------------------------------
def test_r23_drafted_by_a_worker_approved_and_published_by_the_township_officer(world, station_year):
    report = published(world, station_year)
    assert report.status == "published" and report.published_at and report.frozen_at
    assert report.submitted_by == world.users["worker"] and report.approved_by == world.users["township"]
    assert sections(report.figures)["services"]["services.people_served"] == "5"
    moves = [(c.from_state, c.to_state) for c in report_changes(report)]
    assert moves == [("draft", "submitted"), ("submitted", "approved"), ("approved", "published")]


def report_changes(report):
    from ningbo_sws.lib.workflow import changes

    return list(changes(report))


def test_r23_figures_are_frozen_when_submitted_and_do_not_follow_later_records(world, station_year):
    report = published(world, station_year)
    case = case_in("delivery", world, recipient(world, seq=9, name="测试对象九"), project(world, kind="featured"))
    services_actions.add_service_record(actor=world.users["worker"], case=case, served_on=datetime.date(YEAR, 1, 5),
                                        minutes=30, kind="counselling", notes="补录")
    report.refresh_from_db()
    assert sections(report.figures)["services"]["services.service_times"] == "5"
    assert sections(freeze(station_year, YEAR, 1))["services"]["services.service_times"] == "6"


def test_r23_publishing_without_approval_is_refused(world, station_year):
    worker, township = world.users["worker"], world.users["township"]
    report = actions.create_disclosure(actor=worker, station=station_year, year=YEAR, quarter=1, results="成效",
                                       reason="起草")
    with pytest.raises(IllegalTransition):
        actions.move_disclosure(actor=township, disclosure=report, move="publish", reason="公开")
    actions.move_disclosure(actor=worker, disclosure=report, move="submit", reason="提交")
    with pytest.raises(IllegalTransition):
        actions.move_disclosure(actor=township, disclosure=report, move="publish", reason="公开")
    assert Disclosure.objects.get(pk=report.pk).status == "submitted"


def test_r23_a_worker_may_not_approve_and_nobody_approves_their_own_submission(world, station_year):
    worker, township = world.users["worker"], world.users["township"]
    report = actions.create_disclosure(actor=township, station=station_year, year=YEAR, quarter=2, results="成效",
                                       reason="起草")
    actions.move_disclosure(actor=township, disclosure=report, move="submit", reason="提交")
    with pytest.raises(PermissionDenied):
        actions.move_disclosure(actor=worker, disclosure=report, move="approve", reason="同意")
    with translation.override("en"), pytest.raises(ActionError, match="other than the person who submitted"):
        actions.move_disclosure(actor=township, disclosure=report, move="approve", reason="同意")
    assert Disclosure.objects.get(pk=report.pk).status == "submitted"


def test_r23_submitting_without_results_is_refused(world, station_year):
    report = actions.create_disclosure(actor=world.users["worker"], station=station_year, year=YEAR, quarter=1,
                                       reason="起草")
    with pytest.raises(IllegalTransition):
        actions.move_disclosure(actor=world.users["worker"], disclosure=report, move="submit", reason="提交")
    assert Disclosure.objects.get(pk=report.pk).frozen_at is None


def test_r23_sending_back_thaws_the_figures(world, station_year):
    worker, township = world.users["worker"], world.users["township"]
    report = actions.create_disclosure(actor=worker, station=station_year, year=YEAR, quarter=1, results="成效",
                                       reason="起草")
    actions.move_disclosure(actor=worker, disclosure=report, move="submit", reason="提交")
    actions.move_disclosure(actor=township, disclosure=report, move="send_back", reason="数字需核对")
    report.refresh_from_db()
    assert report.status == "draft" and report.figures == {} and report.frozen_at is None


def test_r23_a_published_report_cannot_be_edited_saved_or_deleted(world, station_year):
    report = published(world, station_year)
    with translation.override("en"), pytest.raises(ActionError, match="Only a draft"):
        actions.update_disclosure(actor=world.users["worker"], disclosure=report, results="改过", reason="修改")
    report.results = "偷偷改"
    with pytest.raises(PublishedIsFinal):
        report.save()
    with pytest.raises(PublishedIsFinal):
        report.delete()
    assert Disclosure.objects.get(pk=report.pk).results == "本季度开展个案服务，服务对象满意度较高。"


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the published-is-final trigger is PostgreSQL SQL; CI runs this in its PostgreSQL stage")
def test_r23_on_postgresql_a_trigger_refuses_sql_updates_and_deletes_of_a_published_report(world, station_year):
    from django.db import DatabaseError, transaction

    report = published(world, station_year)
    for attempt in (lambda: Disclosure.objects.filter(pk=report.pk).update(results="偷偷改"),
                    lambda: Disclosure.objects.filter(pk=report.pk)._raw_delete(using="default")):
        with pytest.raises(DatabaseError, match="published disclosure is final"), transaction.atomic():
            attempt()
    assert Disclosure.objects.get(pk=report.pk).results == "本季度开展个案服务，服务对象满意度较高。"


@pytest.mark.parametrize("text, what", [
    ("回访了330203195001011238的家庭", "an ID number"),
    ("联系电话 138 0574 0001", "a phone number"),
    ("咨询请拨0574-87654321", "a phone number"),
    ("回访 ３３０２０３１９５００１０１１２３８", "an ID number"),  # full-width digits
    ("测试对象五家中困难已缓解", "the name of a person"),
])
def test_r23_results_that_identify_a_person_are_refused_and_nothing_is_saved(world, station_year, text, what):
    with translation.override("en"):
        assert any(what in found for found in personal_data_in(text, station_year))
        with pytest.raises(ActionError) as refused:
            actions.create_disclosure(actor=world.users["worker"], station=station_year, year=YEAR, quarter=1,
                                      results=text, reason="起草")
    assert refused.value.field == "results"
    assert not Disclosure.objects.exists()
    report = actions.create_disclosure(actor=world.users["worker"], station=station_year, year=YEAR, quarter=1,
                                       results="服务成效良好", reason="起草")
    with pytest.raises(ActionError):
        actions.update_disclosure(actor=world.users["worker"], disclosure=report, results=text, reason="修改")
    assert Disclosure.objects.get(pk=report.pk).results == "服务成效良好"


def test_r23_results_that_name_one_of_the_stations_volunteers_are_refused(world, station_year):
    from ningbo_sws.lib.idnumber import check_character
    from services import actions_volunteers

    name, first17 = "测试志愿者甲", "33020319800101123"
    actions_volunteers.create_volunteer(
        actor=world.users["worker"], station=station_year, reason="测试", name=name, village=villages(station_year)[0],
        id_number=first17 + check_character(first17), phone="13805740009", address="走查路1号",
        skills=["companionship"], joined_on=datetime.date(2025, 3, 1))
    with translation.override("en"):
        assert personal_data_in(f"感谢志愿者{name}的陪伴", station_year) == [
            "the name of a person the station serves, employs or works with"]
        with pytest.raises(ActionError):
            actions.create_disclosure(actor=world.users["worker"], station=station_year, year=YEAR, quarter=1,
                                      results=f"感谢志愿者{name}的陪伴", reason="起草")
    assert not Disclosure.objects.exists()


def test_r23_a_frozen_figure_that_would_reveal_a_person_is_refused_when_publishing(world, station_year):
    worker, township = world.users["worker"], world.users["township"]
    report = actions.create_disclosure(actor=worker, station=station_year, year=YEAR, quarter=1, results="成效",
                                       reason="起草")
    actions.move_disclosure(actor=worker, disclosure=report, move="submit", reason="提交")
    actions.move_disclosure(actor=township, disclosure=report, move="approve", reason="同意")
    snapshot = Disclosure.objects.get(pk=report.pk).figures
    village_section = next(s for s in snapshot["sections"] if s["key"] == "villages")
    village_section["rows"][-1]["value"] = "1"  # as if the small-count rule had been skipped
    Disclosure.objects.filter(pk=report.pk).update(figures=snapshot)
    with translation.override("en"), pytest.raises(ActionError, match="reveal a person"):
        actions.move_disclosure(actor=township, disclosure=report, move="publish", reason="公开")
    assert Disclosure.objects.get(pk=report.pk).status == "approved"


def test_r23_one_report_per_period_and_no_report_of_a_period_not_begun(world, station_year):
    worker = world.users["worker"]
    actions.create_disclosure(actor=worker, station=station_year, year=YEAR, quarter=1, reason="起草")
    with translation.override("en"), pytest.raises(ActionError, match="already has a report"):
        actions.create_disclosure(actor=worker, station=station_year, year=YEAR, quarter=1, reason="起草")
    with translation.override("en"), pytest.raises(ActionError, match="has begun"):
        actions.create_disclosure(actor=worker, station=station_year, year=YEAR + 1, quarter=0, reason="起草")
    with pytest.raises(PermissionDenied):
        actions.create_disclosure(actor=world.users["district"], station=station_year, year=YEAR, quarter=2,
                                  reason="起草")
    assert Disclosure.objects.count() == 1


def test_r23_a_correction_is_a_new_version_that_says_what_changed_and_both_stay_readable(world, station_year):
    worker, township = world.users["worker"], world.users["township"]
    first = published(world, station_year)
    with translation.override("en"), pytest.raises(ActionError, match="what the correction changes"):
        actions.correct_disclosure(actor=worker, disclosure=first, changes="  ", reason="更正")
    correction = actions.correct_disclosure(actor=worker, disclosure=first, changes="补录了一月的服务记录",
                                            reason="更正")
    assert (correction.version, correction.corrects, correction.status) == (2, first, "draft")
    with translation.override("en"), pytest.raises(ActionError, match="already has a correction"):
        actions.correct_disclosure(actor=worker, disclosure=first, changes="再改", reason="更正")
    with translation.override("en"), pytest.raises(ActionError, match="Only a published"):
        actions.correct_disclosure(actor=worker, disclosure=correction, changes="再改", reason="更正")
    actions.move_disclosure(actor=worker, disclosure=correction, move="submit", reason="提交")
    actions.move_disclosure(actor=township, disclosure=correction, move="approve", reason="同意")
    actions.move_disclosure(actor=township, disclosure=correction, move="publish", reason="公开")
    assert list(Disclosure.objects.published().order_by("version").values_list("version", flat=True)) == [1, 2]
    anonymous = Client()
    with translation.override("en"):
        old = anonymous.get(f"/disclosure/reports/{first.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        new = anonymous.get(f"/disclosure/reports/{correction.pk}/").content.decode()
    assert "补录了一月的服务记录" in new and "补录了一月的服务记录" not in old
    listing = anonymous.get(f"/disclosure/stations/{station_year.pk}/").content.decode()
    assert f'href="/disclosure/reports/{first.pk}/"' in listing
    assert f'href="/disclosure/reports/{correction.pk}/"' in listing


# --- public pages and the PDF ------------------------------------------------------------------------------------
def test_r23_public_pages_open_without_signing_in_and_show_published_reports_only(world, station_year):
    report = published(world, station_year)
    draft = actions.create_disclosure(actor=world.users["worker"], station=station_year, year=YEAR, quarter=2,
                                      results="草稿内容", reason="起草")
    anonymous = Client()
    station = station_year
    assert anonymous.get("/disclosure/").status_code == 200
    district = anonymous.get(f"/disclosure/districts/{station.district.code}/")
    assert district.status_code == 200 and station.name in district.content.decode()
    listing = anonymous.get(f"/disclosure/stations/{station.pk}/").content.decode()
    assert f"/disclosure/reports/{report.pk}/" in listing and f"/disclosure/reports/{draft.pk}/" not in listing
    page = anonymous.get(f"/disclosure/reports/{report.pk}/")
    assert page.status_code == 200 and "本季度开展个案服务" in page.content.decode()
    assert anonymous.get(f"/disclosure/reports/{draft.pk}/").status_code == 404
    assert anonymous.get(f"/disclosure/reports/{draft.pk}/pdf/").status_code == 404
    assert anonymous.get("/disclosure/districts/330203001000/").status_code == 404  # a township is no district
    staff_page = anonymous.get(f"/stations/{station.pk}/disclosure/")
    assert staff_page.status_code == 302 and "/accounts/login/" in staff_page["Location"]


def test_r23_the_pdf_reads_the_same_as_the_page_with_the_station_name_figures_date_and_embedded_fonts(
        world, station_year):
    report = published(world, station_year)
    response = Client().get(f"/disclosure/reports/{report.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    squeezed = "".join(text.split())
    assert station_year.name in squeezed
    assert timezone.localtime(report.published_at).strftime("%Y-%m-%d") in squeezed
    for figure in ("5,000.00", "1,200.00", "0.6", "<3"):
        assert figure in squeezed, figure
    assert "本季度开展个案服务" in squeezed
    assert "1/" in squeezed  # page numbers: "1 / n"
    assert any("WenQuanYi" in name for name in font_with(response.content, "站"))
    page = Client().get(f"/disclosure/reports/{report.pk}/").content.decode()
    for figure in ("5,000.00", "1,200.00", "&lt;3", "本季度开展个案服务"):
        assert figure in page


def test_r23_the_disclosure_pages_are_the_only_public_pages_besides_sign_in():
    from tests.walker import url_entries

    public = {e.name for e in url_entries()
              if getattr(getattr(e.callback, "access_rule", None), "kind", None) == "public"}
    # besides: the health check (no data, issue 15 item 8) and the large-text switch (a cookie, issue 14)
    assert public == {"login", "logout", "set_language", "archives:public_index", "archives:public_district",
                      "archives:public_station", "archives:public_report", "archives:public_pdf", "healthz",
                      "set_display_mode"}


def test_r23_list_pages_make_a_fixed_number_of_queries(world, station_year, client_for,
                                                      django_assert_max_num_queries):
    report = published(world, station_year)
    anonymous, worker = Client(), client_for(world.users["worker"])
    staff_list = f"/stations/{station_year.pk}/disclosure/"
    public = ("/disclosure/", f"/disclosure/districts/{station_year.district.code}/",
              f"/disclosure/stations/{station_year.pk}/")
    for url in (*public, f"/disclosure/reports/{report.pk}/"):
        with django_assert_max_num_queries(6):
            assert anonymous.get(url).status_code == 200
    with django_assert_max_num_queries(16):  # the page, the shell and one to-do count per registered entry
        assert worker.get(staff_list).status_code == 200
    for quarter in (2, 3):
        published(world, station_year, quarter=quarter)
    for url in public:
        with django_assert_max_num_queries(6):
            assert anonymous.get(url).status_code == 200
    with django_assert_max_num_queries(16):  # the page, the shell and one to-do count per registered entry
        assert worker.get(staff_list).status_code == 200


# --- staff pages ---------------------------------------------------------------------------------------------
def test_r23_staff_pages_draft_submit_approve_publish_through_the_views(world, station_year, client_for):
    worker, township = client_for(world.users["worker"]), client_for(world.users["township"])
    base = f"/stations/{station_year.pk}/disclosure/"
    response = worker.post(base + "new/", {"year": YEAR, "quarter": 1, "results": "电话13805740001", "reason": "起草"})
    assert response.status_code == 200 and not Disclosure.objects.exists()
    response = worker.post(base + "new/", {"year": YEAR, "quarter": 1, "results": "成效良好", "reason": "起草"})
    report = Disclosure.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    detail = worker.get(report.get_absolute_url())
    assert detail.status_code == 200 and 'value="submit"' in detail.content.decode()
    assert worker.post(f"{base}{report.pk}/move/", {"move": "submit", "reason": "提交"}).status_code == 302
    assert worker.post(f"{base}{report.pk}/move/", {"move": "approve", "reason": "同意"}).status_code == 403
    assert township.post(f"{base}{report.pk}/move/", {"move": "publish", "reason": "公开"}).status_code == 200
    assert township.post(f"{base}{report.pk}/move/", {"move": "approve", "reason": "同意"}).status_code == 302
    assert township.post(f"{base}{report.pk}/move/", {"move": "publish", "reason": "公开"}).status_code == 302
    assert Disclosure.objects.get().status == "published"
    assert worker.post(f"{base}{report.pk}/edit/", {"results": "改", "reason": "改"}).status_code == 200
    assert Disclosure.objects.get().results == "成效良好"
    response = worker.post(f"{base}{report.pk}/correct/", {"changes": "更正支出", "reason": "更正"})
    assert response.status_code == 302 and Disclosure.objects.count() == 2
    # another station's report is not found through this station's URL
    assert worker.get(f"/stations/{world.station('sibling').pk}/disclosure/{report.pk}/").status_code == 404


def test_r23_township_officer_sees_disclosures_to_approve_on_the_to_do(world, station_year, client_for):
    from stations.access import Principal

    worker = world.users["worker"]
    report = actions.create_disclosure(actor=worker, station=station_year, year=YEAR, quarter=1, results="成效",
                                       reason="起草")
    assert not [i for i in todo.items(Principal(world.users["township"])) if "disclosure" in i.url]
    actions.move_disclosure(actor=worker, disclosure=report, move="submit", reason="提交")
    with translation.override("en"):
        items = [i for i in todo.items(Principal(world.users["township"])) if "/disclosure/" in i.url]
        assert [(i.label, i.count) for i in items] == [("Disclosures to approve", 1)]
        assert not [i for i in todo.items(Principal(worker)) if "/disclosure/" in i.url]
    start = client_for(world.users["township"]).get("/")
    assert start.status_code == 200
    assert f'href="/stations/{station_year.pk}/disclosure/"' in start.content.decode()  # the start-page panel


# --- the demo ----------------------------------------------------------------------------------------------------
def test_r23_seed_demo_publishes_one_report_per_demo_station_and_no_page_or_pdf_shows_a_person():
    """Issue 11 "Done when": a scan of every published disclosure page and PDF finds no name, ID number, phone or
    address of the demo data."""
    from django.core.management import call_command

    from ningbo_sws.lib.idnumber import decrypt
    from services.models import Household, Recipient
    from staffing.models import StaffMember
    from stations.demo import demo_station

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    reports = list(Disclosure.objects.published().select_related("station"))
    assert sorted(r.station.name for r in reports) == sorted(demo_station(k).name for k in ("nanmen", "jiangxia"))
    assert Disclosure.objects.filter(station=demo_station("nanmen"), status="submitted").count() == 1
    secrets = set()
    for person in [*Recipient.objects.all(), *StaffMember.objects.all()]:
        secrets |= {person.name, person.phone, person.id_masked, getattr(person, "address", "")}
        if person.id_cipher:
            secrets.add(decrypt(person.id_cipher))
    secrets |= {h.name for h in Household.objects.all()} | {h.address for h in Household.objects.all()}
    secrets = {s for s in secrets if s and len(s) >= 2}
    assert len(secrets) > 40
    anonymous = Client()
    for report in reports:
        page = anonymous.get(f"/disclosure/reports/{report.pk}/").content.decode()
        data = anonymous.get(f"/disclosure/reports/{report.pk}/pdf/").content
        text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
        assert report.station.name in page and report.station.name in text
        for secret in secrets:
            assert secret not in page and "".join(secret.split()) not in text, secret
    for url in ("/disclosure/", f"/disclosure/districts/{reports[0].station.district.code}/",
                f"/disclosure/stations/{reports[0].station_id}/"):
        page = anonymous.get(url).content.decode()
        assert not [s for s in secrets if s in page]
