"""The evaluation year (R27, R28): opening, the district's meeting and assessors, self-assessment, scoring with
de-identified evidence, rectification, finalising, publishing grades and subsidies, to-do, PDFs."""

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from evaluation import actions_cycle as actions
from evaluation.models_cycle import (
    Assessment,
    AssessorAssignment,
    DistrictMeeting,
    EvaluationYear,
    Evidence,
    Rater,
    Rectification,
    Score,
    Subsidy,
)
from ningbo_sws.lib.figures import figures
from ningbo_sws.lib.todo import todo
from stations.access import Principal
from tests.evaluation_cycle_world import full_marks, leaf, open_year, published_standard, values

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def a(world):
    return world.station("own")


@pytest.fixture
def year(world):
    return open_year(world)


def _assessment(station, evaluation_year) -> Assessment:
    return Assessment.objects.select_related("evaluation_year__standard", "station").get(
        station=station, evaluation_year=evaluation_year)


def _self_assess_and_submit(world, assessment, **marks):
    rel = next(r for r, s in world.stations.items() if s.pk == assessment.station_id)
    worker = world.users["worker"] if rel == "own" else world.assignments[rel].user
    standard = assessment.evaluation_year.standard
    actions.save_self_assessment(actor=worker, assessment=assessment, values=full_marks(standard, **marks),
                                 summary="本站全年服务老人三千人次，台账齐全。", reason="自评")
    actions.submit_self_assessment(actor=worker, assessment=assessment, reason="提交自评")
    return _assessment(assessment.station, assessment.evaluation_year)


def _finalise_with(world, assessment, rater_user, **marks):
    """`rater_user` (a district officer of the station) scores and finalises."""
    standard = assessment.evaluation_year.standard
    actions.save_scores(actor=rater_user, assessment=assessment, values=full_marks(standard, **marks), reason="评分")
    actions.move_assessment(actor=rater_user, assessment=assessment, move="finalise", reason="定稿")
    return _assessment(assessment.station, assessment.evaluation_year)


# --- the whole year ---------------------------------------------------------------------------------------------
def test_r28_a_full_year_runs_end_to_end_through_the_pages(world, a, client_for):
    city, district, worker, assessor = (client_for(world.users[p]) for p in ("city", "district", "worker",
                                                                               "assessor"))
    standard = published_standard(actor=world.users["city"])
    # the city opens the year
    response = city.post("/evaluation/years/open/", {
        "year": TODAY.year, "standard": standard.pk, "self_assessment_due": (TODAY + datetime.timedelta(days=10)),
        "scoring_due": (TODAY + datetime.timedelta(days=40)), "reason": "开启"})
    assert response.status_code == 302
    evaluation_year = EvaluationYear.objects.get(year=TODAY.year)
    assert Assessment.objects.filter(evaluation_year=evaluation_year).count() == 3  # every station of the world
    base = f"/evaluation/stations/{a.pk}/{TODAY.year}/"
    # the district records its work meeting and assigns the assessor
    code = a.district.code
    assert district.post(f"/evaluation/{TODAY.year}/districts/{code}/meeting/", {
        "held_on": TODAY, "title": "年度评估工作会议", "attendees": "区民政局、各街道", "minutes": "部署年度评估",
        "reason": "记录"}).status_code == 302
    assert district.post(f"/evaluation/{TODAY.year}/districts/{code}/assign/", {
        "station": a.pk, "assessor": world.users["assessor"].pk, "reason": "指派"}).status_code == 302
    # the station self-assesses and submits
    fields = {f"i{leaf(standard, c).pk}": v for c, v in
              {"1.1": "20", "1.2": "18", "2.1": "36", "2.2": "18", "3": "0", "4": "2"}.items()}
    response = worker.post(base + "self/", {**fields, "summary": "自评总结", "reason": "自评"})
    assert response.status_code == 302, response.content.decode()
    assert worker.post(base + "submit/", {"reason": "提交"}).status_code == 302
    assessment = _assessment(a, evaluation_year)
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.self_total == Decimal("94")  # 20 + 18 + 36 + 18 + bonus 2
    # the assessor scores (the assessment moves to scoring), the district scores and finalises
    scores = {f"i{leaf(standard, c).pk}": v for c, v in
              {"1.1": "20", "1.2": "12", "2.1": "30", "2.2": "16", "3": "0", "4": "1"}.items()}
    assert assessor.post(base + "score/", {**scores, "reason": "评估"}).status_code == 302
    assert _assessment(a, evaluation_year).status == Assessment.Status.SCORING
    district_scores = dict(scores, **{f"i{leaf(standard, '2.1').pk}": "32"})
    assert district.post(base + "score/", {**district_scores, "reason": "复核"}).status_code == 302
    page = district.get(base).content.decode()
    assert 'class="differs"' in page  # 1.2: 18 by the station, 12 final: at least a fifth of 20 points apart
    response = district.post(base + "district/", {"move": "finalise", "comment": "总体良好", "reason": "定稿"})
    assert response.status_code == 302
    assessment = _assessment(a, evaluation_year)
    # the district's score wins over the assessor's where both scored (no raters declared)
    assert (assessment.status, assessment.total, assessment.grade) == ("finalised", Decimal("81"), "良好")
    # the city publishes the year: the other stations are not finalised yet
    assert city.post(f"/evaluation/{TODAY.year}/publish/", {"reason": "发布"}).status_code == 200
    assert not Subsidy.objects.exists()
    for station in (world.station("sibling"), world.station("other")):
        other = _assessment(station, evaluation_year)
        other = _self_assess_and_submit(world, other)
        _finalise_with(world, other, world.users["district"] if station.district_id == a.district_id
                       else _district_officer_of(world, station))
    assert city.post(f"/evaluation/{TODAY.year}/publish/", {"reason": "发布"}).status_code == 302
    assessment = _assessment(a, evaluation_year)
    assert assessment.status == Assessment.Status.PUBLISHED
    assert Subsidy.objects.get(assessment=assessment).amount == Decimal("30000.00")
    assert EvaluationYear.objects.get().status == EvaluationYear.Status.PUBLISHED
    results = city.get(f"/evaluation/{TODAY.year}/results/").content.decode()
    assert "良好" in results and "30000.00" in results and a.name in results


def _district_officer_of(world, station):
    from stations import actions as station_actions
    from stations.models import Role
    from tests.world import make_user

    user = make_user(f"district-{station.district.code}")
    station_actions.grant_role(actor=world.root, user=user, role=Role.DISTRICT, division=station.district,
                               reason="测试")
    return user


# --- grades, vetoes, bonus caps ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("points_2_2", "total", "grade"), [
    ("20", "100", "优秀"), ("10", "90", "优秀"), ("9.99", "89.99", "良好"), ("0", "80", "良好"),
])
def test_r27_grades_follow_the_bands_at_the_upper_edges(world, a, year, points_2_2, total, grade):
    assessment = _self_assess_and_submit(world, _assessment(a, year))
    assessment = _finalise_with(world, assessment, world.users["district"], c2_2=points_2_2)
    assert (assessment.total, assessment.grade) == (Decimal(total), grade)


@pytest.mark.parametrize(("points_2_1", "total", "grade"), [
    ("39.99", "79.99", "合格"), ("20", "60", "合格"),
])
def test_r27_grades_follow_the_bands_at_the_lower_edges(world, a, year, points_2_1, total, grade):
    assessment = _self_assess_and_submit(world, _assessment(a, year))
    assessment = _finalise_with(world, assessment, world.users["district"], c2_1=points_2_1, c2_2="0")
    assert (assessment.total, assessment.grade) == (Decimal(total), grade)


def test_r27_just_below_60_fails(world, a, year):
    assessment = _self_assess_and_submit(world, _assessment(a, year))
    assessment = _finalise_with(world, assessment, world.users["district"], c1_1="0", c2_1="19.99", c2_2="20")
    assert (assessment.total, assessment.grade) == (Decimal("59.99"), "不合格")


def test_r27_a_veto_fails_the_station_whatever_its_total(world, a, year, client_for):
    assessment = _self_assess_and_submit(world, _assessment(a, year))
    assessment = _finalise_with(world, assessment, world.users["district"], c3="1", c4="5")
    assert assessment.total == Decimal("105")
    assert (assessment.grade, assessment.vetoed) == ("不合格", True)
    actions.move_assessment(actor=world.users["city"], assessment=assessment, move="publish", reason="发布")
    assert Subsidy.objects.get(assessment=assessment).amount == 0  # a vetoed station gets no subsidy


def test_r27_bonus_points_stay_within_the_cap(world, a, client_for):
    standard = published_standard(actor=world.users["city"], bonus_cap=Decimal("3"))
    evaluation_year = open_year(world, standard=standard)
    assessment = _self_assess_and_submit(world, _assessment(a, evaluation_year), c4="5")
    assert assessment.self_total == Decimal("103")  # 100 + a bonus of 5 capped at 3
    with pytest.raises(ValidationError):  # above the bonus indicator's own 5 points
        actions.save_scores(actor=world.users["district"], assessment=assessment,
                            values=values(standard, c4="6"), reason="评分")


# --- bad input --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["21", "-1", "abc", "1e5", "NaN", "1.234"])
def test_r28_a_score_above_the_points_or_below_zero_is_refused_and_nothing_is_saved(world, a, year, client_for, bad):
    _self_assess_and_submit(world, _assessment(a, year))
    standard = year.standard
    client = client_for(world.users["district"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switcher's choice
    fields = {f"i{leaf(standard, '1.2').pk}": "10", f"i{leaf(standard, '1.1').pk}": bad, "reason": "评分"}
    with translation.override("en"):
        response = client.post(f"/evaluation/stations/{a.pk}/{year.year}/score/", fields)
    assert response.status_code == 200
    assert "1.1:" in response.content.decode()
    assert not Score.objects.filter(rater=Rater.DISTRICT).exists()
    assert _assessment(a, year).status == Assessment.Status.SUBMITTED  # the move to scoring is undone too


def test_r28_a_score_above_the_points_is_refused_in_words(world, a, year):
    assessment = _self_assess_and_submit(world, _assessment(a, year))
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        actions.save_scores(actor=world.users["district"], assessment=assessment,
                            values=values(year.standard, c1_1="25"), reason="评分")
    assert exc.value.messages == ["1.1: a score cannot be above the indicator's 20 points."]


def test_r28_an_assessor_scoring_a_station_not_assigned_to_them_gets_404(world, a, year, client_for):
    sibling = world.station("sibling")
    client = client_for(world.users["assessor"])
    assert client.get(f"/evaluation/stations/{sibling.pk}/{year.year}/score/").status_code == 404
    assert client.post(f"/evaluation/stations/{sibling.pk}/{year.year}/score/", {"reason": "x"}).status_code == 404
    # the standing station grant of the world is not a yearly assignment: "own" is 404 too until assigned
    assert client.get(f"/evaluation/stations/{a.pk}/{year.year}/").status_code == 404
    actions.assign_assessor(actor=world.users["district"], evaluation_year=year, station=a,
                            assessor=world.users["assessor"], reason="指派")
    assert client.get(f"/evaluation/stations/{a.pk}/{year.year}/").status_code == 200
    with pytest.raises(PermissionDenied):
        actions.save_scores(actor=world.users["assessor"], assessment=_assessment(sibling, year),
                            values={}, reason="评分")


def test_r28_only_an_assessor_of_the_district_is_assigned(world, a, year):
    with pytest.raises(ValidationError):
        actions.assign_assessor(actor=world.users["district"], evaluation_year=year, station=a,
                                assessor=world.users["supervisor"], reason="指派")
    with pytest.raises(PermissionDenied):  # another district's station
        actions.assign_assessor(actor=world.users["district"], evaluation_year=year, station=world.station("other"),
                                assessor=world.users["assessor"], reason="指派")
    assert not AssessorAssignment.objects.exists()


def test_r28_submitting_after_the_deadline_is_refused_until_the_district_reopens(world, a):
    evaluation_year = open_year(world, due_in_days=-1)
    assessment = _assessment(a, evaluation_year)
    with pytest.raises(ValidationError):
        actions.save_self_assessment(actor=world.users["worker"], assessment=assessment,
                                     values=full_marks(evaluation_year.standard), summary="总结", reason="自评")
    assert not Score.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.reopen_self_assessment(actor=world.users["worker"], assessment=assessment,
                                       until=TODAY + datetime.timedelta(days=3), reason="补交")
    actions.reopen_self_assessment(actor=world.users["district"], assessment=assessment,
                                   until=TODAY + datetime.timedelta(days=3), reason="补交")
    assessment = _self_assess_and_submit(world, _assessment(a, evaluation_year))
    assert assessment.status == Assessment.Status.SUBMITTED


def test_r28_submitting_needs_every_indicator_and_the_summary(world, a, year):
    assessment = _assessment(a, year)
    actions.save_self_assessment(actor=world.users["worker"], assessment=assessment,
                                 values=values(year.standard, c1_1="20"), reason="自评")
    with pytest.raises(ValidationError) as exc:
        actions.submit_self_assessment(actor=world.users["worker"], assessment=assessment, reason="提交")
    assert "1.2" in str(exc.value)
    actions.save_self_assessment(actor=world.users["worker"], assessment=assessment,
                                 values=full_marks(year.standard), reason="自评")
    with pytest.raises(ValidationError):  # no summary yet
        actions.submit_self_assessment(actor=world.users["worker"], assessment=assessment, reason="提交")
    assert _assessment(a, year).status == Assessment.Status.SELF_ASSESSING


def test_r28_a_published_result_cannot_be_changed(world, a, year):
    assessment = _finalise_with(world, _self_assess_and_submit(world, _assessment(a, year)), world.users["district"])
    actions.move_assessment(actor=world.users["city"], assessment=assessment, move="publish", reason="发布")
    assessment = _assessment(a, year)
    for attempt in (
        lambda: actions.save_scores(actor=world.users["district"], assessment=assessment,
                                    values=full_marks(year.standard, c1_1="0"), reason="改分"),
        lambda: actions.move_assessment(actor=world.users["district"], assessment=assessment,
                                        move="reopen_scoring", reason="重评"),
        lambda: actions.reopen_self_assessment(actor=world.users["district"], assessment=assessment,
                                               until=TODAY + datetime.timedelta(days=3), reason="补交"),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert _assessment(a, year).total == Decimal("100")


def test_r28_only_the_city_publishes(world, a, year):
    assessment = _finalise_with(world, _self_assess_and_submit(world, _assessment(a, year)), world.users["district"])
    with pytest.raises(PermissionDenied):
        actions.move_assessment(actor=world.users["district"], assessment=assessment, move="publish", reason="发布")
    with pytest.raises(PermissionDenied):
        actions.open_year(actor=world.users["district"], year=TODAY.year + 1, standard=year.standard,
                          self_assessment_due=TODAY, scoring_due=TODAY, reason="开启")


def test_r27_a_year_needs_a_published_standard_and_opens_once(world, year):
    draft = published_standard(name="草稿标准")
    type(draft).objects.filter(pk=draft.pk).update(status=draft.Status.DRAFT)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.open_year(actor=world.users["city"], year=TODAY.year + 1, standard=draft,
                          self_assessment_due=TODAY, scoring_due=TODAY, reason="开启")
    with pytest.raises(ValidationError):
        actions.open_year(actor=world.users["city"], year=year.year, standard=year.standard,
                          self_assessment_due=TODAY, scoring_due=TODAY, reason="开启")
    assert EvaluationYear.objects.count() == 1


# --- the district's meeting (R28) -------------------------------------------------------------------------------
def test_r28_the_district_records_its_work_meeting_with_minutes(world, a, year):
    district = a.district
    p = Principal(world.users["district"])
    assert any(item.label == "The year's work meeting to record (R28)" for item in _todo(p))
    for bad in ({"minutes": "  "}, {"held_on": TODAY + datetime.timedelta(days=1)}):
        kwargs = {"held_on": TODAY, "title": "评估工作会", "attendees": "区局", "minutes": "纪要", **bad}
        with pytest.raises(ValidationError):
            actions.record_district_meeting(actor=world.users["district"], evaluation_year=year, district=district,
                                            reason="记录", **kwargs)
    assert not DistrictMeeting.objects.exists()
    with pytest.raises(PermissionDenied):
        actions.record_district_meeting(actor=world.users["district"], evaluation_year=year,
                                        district=world.station("other").district, held_on=TODAY, title="会",
                                        attendees="区局", minutes="纪要", reason="记录")
    actions.record_district_meeting(actor=world.users["district"], evaluation_year=year, district=district,
                                    held_on=TODAY, title="评估工作会", attendees="区局", minutes="纪要", reason="记录")
    assert not any(item.label == "The year's work meeting to record (R28)" for item in _todo(p))


# --- evidence, de-identified ------------------------------------------------------------------------------------
def test_r28_the_assessor_sees_evidence_without_names(world, a, year, client_for):
    from tests.world import PEOPLE, services_setup

    made = services_setup(world)
    case = made["own"]["case"]
    actions.assign_assessor(actor=world.users["district"], evaluation_year=year, station=a,
                            assessor=world.users["assessor"], reason="指派")
    assessment = _assessment(a, year)
    indicator = leaf(year.standard, "2.1")
    with pytest.raises(ValidationError):  # a record of another station is not the station's evidence
        actions.add_evidence(actor=world.users["worker"], assessment=assessment, indicator=indicator,
                             record=f"services.cases:{made['sibling']['case'].pk}", reason="佐证")
    with pytest.raises(ValidationError):  # an executable is not evidence
        from django.core.files.uploadedfile import SimpleUploadedFile

        actions.add_evidence(actor=world.users["worker"], assessment=assessment, indicator=indicator,
                             upload=SimpleUploadedFile("a.pdf", b"MZ\x90\x00binary"), reason="佐证")
    assert not Evidence.objects.exists()
    client = client_for(world.users["worker"])
    response = client.post(f"/evaluation/stations/{a.pk}/{year.year}/evidence/", {
        "indicator": indicator.pk, "record": f"services.cases:{case.pk}", "note": "个案服务记录", "reason": "佐证"})
    assert response.status_code == 302
    from ningbo_sws.lib.records import records

    title = records.get("services.cases").describe(case).title
    name = PEOPLE["own"]["recipient"]
    own_page = client.get(f"/evaluation/stations/{a.pk}/{year.year}/").content.decode()
    assert title in own_page and f"#{case.pk}" in own_page
    for persona in ("assessor", "district", "city"):
        page = client_for(world.users[persona]).get(f"/evaluation/stations/{a.pk}/{year.year}/").content.decode()
        assert f"#{case.pk}" in page and "个案服务记录" in page
        assert name not in page and made["own"]["id_number"] not in page
        if name in title:
            assert title not in page


# --- rectification ----------------------------------------------------------------------------------------------
def test_r28_rectifications_are_followed_until_closed(world, a, year, client_for):
    assessment = _self_assess_and_submit(world, _assessment(a, year))
    actions.save_scores(actor=world.users["district"], assessment=assessment,
                        values=full_marks(year.standard, c2_2="8"), reason="评分")
    indicator = leaf(year.standard, "2.2")
    with pytest.raises(ValidationError):  # due today or earlier
        actions.add_rectification(actor=world.users["district"], assessment=assessment, indicator=indicator,
                                  text="开展满意度回访", due_on=TODAY, reason="整改")
    with pytest.raises(PermissionDenied):
        actions.add_rectification(actor=world.users["worker"], assessment=assessment, indicator=indicator,
                                  text="开展满意度回访", due_on=TODAY + datetime.timedelta(days=30), reason="整改")
    item = actions.add_rectification(actor=world.users["district"], assessment=assessment, indicator=indicator,
                                     text="开展满意度回访", due_on=TODAY + datetime.timedelta(days=30), reason="整改")
    assert [i.label for i in _todo(Principal(world.users["worker"]))].count("Rectifications to put right") == 1
    with pytest.raises(ValidationError):  # saying nothing of what was done
        actions.move_rectification(actor=world.users["worker"], item=item, move="report_done", response=" ",
                                   reason="完成")
    with pytest.raises(PermissionDenied):
        actions.move_rectification(actor=world.users["worker"], item=item, move="close", reason="关闭")
    client = client_for(world.users["worker"])
    url = f"/evaluation/stations/{a.pk}/{year.year}/rectifications/{item.pk}/"
    assert client.post(url, {"move": "report_done", "response": "已回访30户", "reason": "完成"}).status_code == 302
    assert any(i.label == "Rectifications reported done to check"
               for i in _todo(Principal(world.users["district"])))
    actions.move_rectification(actor=world.users["district"], item=item, move="close", reason="验收")
    item.refresh_from_db()
    assert (item.status, item.response) == (Rectification.Status.CLOSED, "已回访30户")


# --- to-do ------------------------------------------------------------------------------------------------------
def _todo(p):
    with translation.override("en"):
        return [type(i)(str(i.label), i.count, i.url) for i in todo.items(p)]


def test_r28_the_to_do_list_shows_each_role_what_waits_for_it(world, a, year):
    labels = {persona: {i.label: i.count for i in _todo(Principal(world.users[persona]))}
              for persona in ("worker", "township", "district", "assessor", "city")}
    assert labels["worker"]["Self-assessment to submit (R28)"] == 1
    assert labels["township"]["Self-assessment to submit (R28)"] == 1
    assert "Self-assessments submitted to score" not in labels["district"]
    actions.assign_assessor(actor=world.users["district"], evaluation_year=year, station=a,
                            assessor=world.users["assessor"], reason="指派")
    assessment = _self_assess_and_submit(world, _assessment(a, year))
    assert {i.label: i.count for i in _todo(Principal(world.users["district"]))}[
        "Self-assessments submitted to score"] == 1
    assert {i.label: i.count for i in _todo(Principal(world.users["assessor"]))}["Assigned stations to score"] == 1
    assert "Self-assessment to submit (R28)" not in {i.label for i in _todo(Principal(world.users["worker"]))}
    _finalise_with(world, assessment, world.users["district"])
    assert {i.label: i.count for i in _todo(Principal(world.users["city"]))}["Finalised results to publish"] == 1


# --- auto-bound indicators --------------------------------------------------------------------------------------
def test_r27_a_bound_indicator_suggests_what_the_report_card_figure_says(world, a, client_for):
    from evaluation.models_standard import Binding

    standard = published_standard(actor=world.users["city"], binding={
        "binding": Binding.FIGURE, "binding_code": "staffing.social_workers", "params": {"target": 1}})
    evaluation_year = open_year(world, standard=standard)
    value = figures.compute("staffing.social_workers", [a.pk], year=evaluation_year.year).get(a.pk) or 0
    page = client_for(world.users["worker"]).get(
        f"/evaluation/stations/{a.pk}/{evaluation_year.year}/self/").content.decode()
    expected = "20" if value >= 1 else "0"
    field = f'name="i{leaf(standard, "1.1").pk}"'
    assert field in page
    snippet = page[page.index(field) - 200: page.index(field) + 200]
    assert f'value="{expected}"' in snippet


# --- PDFs -------------------------------------------------------------------------------------------------------
def test_r28_the_self_assessment_and_the_evaluation_report_print_as_pdf(world, a, year, client_for):
    from pypdf import PdfReader

    assessment = _self_assess_and_submit(world, _assessment(a, year))
    _finalise_with(world, assessment, world.users["district"], c2_2="5")
    client = client_for(world.users["township"])
    for name, expect in (("self-assessment.pdf", ["100"]), ("report.pdf", ["85", "良好"])):
        response = client.get(f"/evaluation/stations/{a.pk}/{year.year}/{name}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert a.name in text.replace(" ", "").replace("\n", "")
        for word in expect:
            assert word in text


def test_r28_the_district_summary_prints_as_pdf(world, a, year, client_for):
    from pypdf import PdfReader

    assessment = _self_assess_and_submit(world, _assessment(a, year))
    _finalise_with(world, assessment, world.users["district"], c2_2="5")
    actions.record_district_meeting(actor=world.users["district"], evaluation_year=year, district=a.district,
                                    held_on=TODAY, title="评估工作会", attendees="区局", minutes="纪要", reason="记录")
    url = f"/evaluation/{year.year}/districts/{a.district.code}/summary.pdf"
    response = client_for(world.users["district"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).replace("\n", "")
    assert "评估工作会" in text and "良好" in text and "85" in text
    assert world.station("other").name not in text  # another district's station


def test_r28_the_district_batch_of_reports_runs_as_a_background_job(world, a, year, client_for, settings,
                                                                   django_capture_on_commit_callbacks):
    """Issue 12 item 6: the district starts the batch, the real database worker makes one PDF per station of the
    district in a zip, with progress; the district officer downloads it."""
    import zipfile

    from pypdf import PdfReader

    from stations.models import Job
    from tests.test_jobs import DB_TASKS, run_db_worker

    settings.TASKS = DB_TASKS
    client = client_for(world.users["district"])
    url = f"/evaluation/{year.year}/districts/{a.district.code}/reports/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    run_db_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.error) == ("done", 2, 2, "")
    download = client.get(f"/jobs/{job.pk}/result/")
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as bundle:
        names = sorted(bundle.namelist())
        assert names == sorted(f"{s.township.code}-{s.name}.pdf" for s in (a, world.station("sibling")))
        text = PdfReader(io.BytesIO(bundle.read(names[0]))).pages[0].extract_text().replace("\n", "")
    assert a.name in text
    assert client_for(world.users["worker"]).get(f"/jobs/{job.pk}/").status_code == 404


# --- query counts -----------------------------------------------------------------------------------------------
def test_r28_the_year_and_assessment_pages_take_a_fixed_number_of_queries(world, a, year, client_for,
                                                                        django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stations.models import Station
    from tests.factories import StationFactory, free_township

    client = client_for(world.users["city"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/evaluation/{year.year}/").status_code == 200
    for _i in range(6):
        StationFactory(township=free_township())
    extra = [Assessment(evaluation_year=year, station=s) for s in Station.objects.exclude(
        pk__in=Assessment.objects.values("station_id"))]
    Assessment.objects.bulk_create(extra)
    with CaptureQueriesContext(connection) as more:
        assert client.get(f"/evaluation/{year.year}/").status_code == 200
    assert len(more) == len(few) <= 18
    _self_assess_and_submit(world, _assessment(a, year))
    with django_assert_max_num_queries(22):
        assert client.get(f"/evaluation/stations/{a.pk}/{year.year}/").status_code == 200


# --- the permission walker over the cycle's pages ---------------------------------------------------------------
def test_r6_the_walker_holds_over_every_page_of_the_evaluation_year(world, client_for):
    """Every URL of the cycle as every persona at own / sibling / other-district objects, GET and POST (the full
    walk of tests/test_permission_walker.py covers them too; this one runs on its own in a minute)."""
    from django.test import Client

    from tests import walker
    from tests.world import RELATIONS

    entries = [e for e in walker.url_entries() if e.name.startswith("evaluation:")
               and e.callback.__module__ == "evaluation.views_cycle"]
    assert len(entries) == 24
    report = walker.walk(world, client_for, Client(), urlconf_entries=entries)
    assert report.failures == [], "\n".join(report.failures)
    # as tests/test_permission_walker.py checks: each pattern of an object kind at three distinct objects
    from django.urls import reverse

    for e in entries:
        kind = e.callback.access_rule.kind
        if kind in walker.KINDS:
            urls = {reverse(e.name, kwargs=walker.KINDS[kind].kwargs(world, rel, e.params)) for rel in RELATIONS}
            assert len(urls) == len(RELATIONS), e.name
