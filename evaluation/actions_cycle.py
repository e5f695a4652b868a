"""Every write of the evaluation year (R27, R28): keyword-only, `actor`, one transaction, permission checked, a
history reason; status moves through the workflow tables of `models_cycle`."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.reasons import check_reason
from ningbo_sws.lib.records import records as record_sources
from ningbo_sws.lib.tracking import tracked_save
from ningbo_sws.lib.uploads import SCAN_TYPES, check_upload
from ningbo_sws.lib.words import join_list, user_name
from ningbo_sws.lib.workflow import advance
from stations.access import Principal
from stations.models import Division, Role, RoleAssignment, Station, StationStatus

from . import results
from .access_cycle import can_assessment, rater_of
from .models_cycle import (
    Assessment,
    AssessorAssignment,
    DistrictMeeting,
    EvaluationYear,
    Evidence,
    EvidenceFile,
    Rater,
    Rectification,
    Score,
    Subsidy,
)


def _today() -> datetime.date:
    return timezone.localdate()


def _lock(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _require(actor, action: str, assessment: Assessment) -> Principal:
    p = Principal(actor)
    if not can_assessment(p, action, assessment):
        raise PermissionDenied
    return p


def _not_published(assessment: Assessment) -> None:
    if assessment.status == Assessment.Status.PUBLISHED:
        raise ActionError(_("A published result is final and cannot be changed."))


# --- the year (city) --------------------------------------------------------------------------------------------
@transaction.atomic
def open_year(*, actor, year: int, standard, self_assessment_due: datetime.date, scoring_due: datetime.date,
              reason: str) -> EvaluationYear:
    """The city opens a year with a published standard and deadlines; every station that is not closed gets its
    assessment (R28: every station is evaluated every year)."""
    if not Principal(actor).has_role(Role.CITY):
        raise PermissionDenied
    reason = check_reason(reason)
    if standard.status != type(standard).Status.PUBLISHED:
        raise ActionError(_("Only a published grading standard can be used for an evaluation year."),
                          field="standard")
    if EvaluationYear.objects.filter(year=year).exists():
        raise ActionError(_("The evaluation year %(year)s is already open.") % {"year": year}, field="year")
    if scoring_due < self_assessment_due:
        raise ActionError(_("Scoring cannot be due before the self-assessments."), field="scoring_due")
    evaluation_year = EvaluationYear(year=year, standard=standard, self_assessment_due=self_assessment_due,
                                     scoring_due=scoring_due, opened_by=actor)
    tracked_save(evaluation_year, actor=actor, reason=reason)
    stations = Station.objects.exclude(status=StationStatus.CLOSED).order_by("pk")
    bulk_create_with_history([Assessment(evaluation_year=evaluation_year, station=s) for s in stations],
                             Assessment, batch_size=500, default_user=actor, default_change_reason=reason)
    return evaluation_year


@transaction.atomic
def publish_year(*, actor, evaluation_year: EvaluationYear, reason: str) -> int:
    """The city publishes the year's grades and subsidy list (R27): every assessment must be finalised by its
    district; each is published with the subsidy of its grade. Returns how many were published."""
    if not Principal(actor).has_role(Role.CITY):
        raise PermissionDenied
    evaluation_year = _lock(evaluation_year)
    waiting = evaluation_year.assessments.exclude(
        status__in=[Assessment.Status.FINALISED, Assessment.Status.PUBLISHED]).count()
    if waiting:
        raise ActionError(_("%(count)s stations are not finalised by their district yet.") % {"count": waiting})
    published = 0
    for assessment in evaluation_year.assessments.filter(status=Assessment.Status.FINALISED).select_related(
            "station", "evaluation_year__standard"):
        _publish(assessment, actor=actor, reason=reason)
        published += 1
    evaluation_year.published_at = timezone.now()
    advance(evaluation_year, move="publish", actor=actor, reason=reason)
    return published


def _publish(assessment: Assessment, *, actor, reason: str) -> None:
    def stamp(move):
        assessment.published_at = timezone.now()

    advance(assessment, move="publish", actor=actor, reason=reason, effects=stamp)
    band = results.band_named(assessment.evaluation_year.standard, assessment.grade)
    amount = band.subsidy if band is not None and band.subsidy and not assessment.vetoed else Decimal("0")
    subsidy = Subsidy(assessment=assessment, amount=amount)
    tracked_save(subsidy, actor=actor, reason=reason)


# --- the district's part ----------------------------------------------------------------------------------------
def _require_district(actor, district: Division) -> None:
    if district.pk not in Principal(actor).districts():
        raise PermissionDenied


@transaction.atomic
def record_district_meeting(*, actor, evaluation_year: EvaluationYear, district: Division, held_on: datetime.date,
                            title: str, attendees: str, minutes: str, reason: str) -> DistrictMeeting:
    """R28: the district bureau's yearly work meeting, with its minutes."""
    _require_district(actor, district)
    if held_on.year != evaluation_year.year and held_on.year != evaluation_year.year + 1:
        raise ActionError(_("The meeting must be held in the evaluation year or the year after."), field="held_on")
    if held_on > _today():
        raise ActionError(_("A meeting is recorded after it is held."), field="held_on")
    if not minutes.strip():
        raise ActionError(_("Write the minutes of the meeting (R28)."), field="minutes")
    meeting = DistrictMeeting(evaluation_year=evaluation_year, district=district, held_on=held_on,
                              title=title.strip(), attendees=attendees.strip(), minutes=minutes.strip(),
                              recorded_by=actor)
    tracked_save(meeting, actor=actor, reason=reason)
    return meeting


@transaction.atomic
def assign_assessor(*, actor, evaluation_year: EvaluationYear, station: Station, assessor,
                    reason: str) -> AssessorAssignment:
    """The district assigns one of its assessors (`Role.ASSESSOR` at the district) to a station for the year."""
    _require_district(actor, station.district)
    if assessor.pk == actor.pk:
        raise ActionError(_("You cannot assign yourself."), field="assessor")
    if not RoleAssignment.objects.active().filter(user=assessor, role=Role.ASSESSOR,
                                                  division=station.district).exists():
        raise ActionError(_("%(user)s is not an assessor of %(district)s.") % {
            "user": user_name(assessor), "district": station.district.name},
            field="assessor")
    if AssessorAssignment.objects.filter(evaluation_year=evaluation_year, station=station, assessor=assessor,
                                         ended_at__isnull=True).exists():
        raise ActionError(_("Already assigned to this station."), field="assessor")
    assignment = AssessorAssignment(evaluation_year=evaluation_year, station=station, assessor=assessor,
                                    assigned_by=actor)
    tracked_save(assignment, actor=actor, reason=reason)
    return assignment


@transaction.atomic
def end_assignment(*, actor, assignment: AssessorAssignment, reason: str) -> None:
    """The district ends an assessor's assignment for the year (the scores given stay)."""
    _require_district(actor, assignment.station.district)
    assignment = _lock(assignment)
    if assignment.ended_at is not None:
        raise ActionError(_("This assignment has already ended."))
    assignment.ended_at = timezone.now()
    tracked_save(assignment, actor=actor, reason=reason)


@transaction.atomic
def reopen_self_assessment(*, actor, assessment: Assessment, until: datetime.date, reason: str) -> Assessment:
    """The district lets a station submit after the deadline, until `until`."""
    _require(actor, "district", assessment)
    assessment = _lock(assessment)
    _not_published(assessment)
    if until < _today():
        raise ActionError(_("Reopen until a day that has not passed."), field="until")
    assessment.reopened_until = until
    tracked_save(assessment, actor=actor, reason=reason)
    return assessment


# --- scores -----------------------------------------------------------------------------------------------------
def _check_value(indicator, value) -> Decimal:
    """A rater's points for an indicator: a number from 0 to the indicator's points (for a bonus, its cap; for a
    veto, 1 when triggered)."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ActionError(_("%(code)s: enter a number.") % {"code": indicator.code}, field=f"i{indicator.pk}") from None
    if not number.is_finite():
        raise ActionError(_("%(code)s: enter a number.") % {"code": indicator.code}, field=f"i{indicator.pk}")
    top = results.top_of(indicator)
    if number < 0:
        raise ActionError(_("%(code)s: a score cannot be below 0.") % {"code": indicator.code},
                          field=f"i{indicator.pk}")
    if number > top:
        raise ActionError(_("%(code)s: a score cannot be above the indicator's %(points)s points.") % {
            "code": indicator.code, "points": results.fmt(top)}, field=f"i{indicator.pk}")
    if number != number.quantize(Decimal("0.01")):
        raise ActionError(_("%(code)s: at most two decimals.") % {"code": indicator.code}, field=f"i{indicator.pk}")
    return number.quantize(Decimal("0.01"))


def _save_scores(assessment, *, rater: str, values: dict, comments: dict, actor, reason: str) -> None:
    """Save one rater's scores: every value is checked before anything is saved; an empty value clears nothing."""
    leaves = {i.pk: i for i in results.leaves(assessment.evaluation_year.standard)}
    checked = {}
    for indicator_id, value in values.items():
        indicator = leaves.get(int(indicator_id))
        if indicator is None:
            raise ActionError(_("Unknown indicator."))
        if value is None or str(value).strip() == "":
            continue
        checked[indicator.pk] = (indicator, _check_value(indicator, value))
    existing = {s.indicator_id: s for s in assessment.scores.filter(rater=rater)}
    for indicator_id, (indicator, number) in checked.items():
        comment = (comments.get(indicator_id) or "").strip()
        score = existing.get(indicator_id)
        if score is None:
            score = Score(assessment=assessment, indicator=indicator, rater=rater, scored_by=actor)
        elif score.value == number and score.comment == comment:
            continue
        score.value, score.comment, score.scored_by, score.scored_at = number, comment, actor, timezone.now()
        score.raw = {"points": str(number)}
        tracked_save(score, actor=actor, reason=reason)


def _check_self_deadline(assessment: Assessment) -> None:
    if _today() > assessment.self_deadline():
        raise ActionError(_("The self-assessment was due on %(date)s; ask the district to reopen it.") % {
            "date": assessment.self_deadline().isoformat()})


@transaction.atomic
def save_self_assessment(*, actor, assessment: Assessment, values: dict, comments: dict | None = None,
                         summary: str | None = None, reason: str) -> Assessment:
    """The station's own scores (R28), per indicator, and its summary; only while self-assessing, before the
    deadline (or the district's reopening)."""
    _require(actor, "self", assessment)
    assessment = _lock(assessment)
    if assessment.status not in Assessment.EDITABLE_BY_STATION:
        raise ActionError(_("The self-assessment is submitted and can no longer be changed."))
    _check_self_deadline(assessment)
    reason = check_reason(reason)
    _save_scores(assessment, rater=Rater.SELF, values=values, comments=comments or {}, actor=actor, reason=reason)
    if summary is not None and summary.strip() != assessment.summary:
        assessment.summary = summary.strip()
        tracked_save(assessment, actor=actor, reason=reason)
    return assessment


@transaction.atomic
def submit_self_assessment(*, actor, assessment: Assessment, reason: str) -> Assessment:
    """R28: the station submits its self-assessment to its township and district: every indicator scored, the
    summary written, before the deadline."""
    _require(actor, "self", assessment)
    assessment = _lock(assessment)
    _check_self_deadline(assessment)
    missing = results.unscored(assessment, Rater.SELF)
    if missing:
        raise ActionError(_("Score every indicator first: %(codes)s.") % {"codes": join_list(missing[:10])})

    def stamp(move):
        assessment.submitted_at = timezone.now()
        assessment.self_total = results.compute(assessment, rater=Rater.SELF).total

    advance(assessment, move="submit", actor=actor, reason=reason, effects=stamp)
    return assessment


@transaction.atomic
def save_scores(*, actor, assessment: Assessment, values: dict, comments: dict | None = None,
                reason: str) -> Assessment:
    """The district or the assigned assessor scores (each in their own column), while the assessment is being
    scored (a submitted one moves to scoring with the first scores)."""
    p = _require(actor, "score", assessment)
    rater = rater_of(p, assessment)
    assessment = _lock(assessment)
    _not_published(assessment)
    reason = check_reason(reason)
    if assessment.status == Assessment.Status.SUBMITTED:
        advance(assessment, move="start_scoring", actor=actor, reason=reason)
    if assessment.status not in Assessment.SCORABLE:
        raise ActionError(_("Scores are given while the assessment is being scored."))
    _save_scores(assessment, rater=rater, values=values, comments=comments or {}, actor=actor, reason=reason)
    return assessment


_MOVE_ACTION = {"send_back": "district", "start_scoring": "score", "finalise": "district",
                "reopen_scoring": "district", "publish": "publish"}


@transaction.atomic
def move_assessment(*, actor, assessment: Assessment, move: str, reason: str, comment: str = "") -> Assessment:
    """A step of the assessment's table other than the station's submit: send back, start scoring, finalise
    (the total and grade are computed by the standard's bands), reopen the scoring, publish (city)."""
    if move not in _MOVE_ACTION:
        raise ActionError(_("Unknown move."), field="move")
    p = Principal(actor)
    action = _MOVE_ACTION[move]
    if move == "reopen_scoring" and p.has_role(Role.CITY):
        action = "publish"
    if not can_assessment(p, action, assessment):
        raise PermissionDenied
    assessment = _lock(assessment)
    _not_published(assessment)

    def effects(step):
        if step.name == "finalise":
            missing = results.unscored(assessment, Rater.DISTRICT, Rater.ASSESSOR)
            if missing:
                raise ActionError(_("Score every indicator first: %(codes)s.") % {"codes": join_list(missing[:10])})
            outcome = results.compute(assessment)
            assessment.total, assessment.grade, assessment.vetoed = outcome.total, outcome.grade, outcome.vetoed
            assessment.finalised_at = timezone.now()
            if comment.strip():
                assessment.district_comment = comment.strip()
        if step.name == "reopen_scoring":
            assessment.total, assessment.grade, assessment.vetoed, assessment.finalised_at = None, "", False, None

    if move == "publish":
        if not p.has_role(Role.CITY):
            raise PermissionDenied
        _publish(assessment, actor=actor, reason=reason)
        return assessment
    advance(assessment, move=move, actor=actor, reason=reason, effects=effects)
    return assessment


# --- evidence ---------------------------------------------------------------------------------------------------
@transaction.atomic
def add_evidence(*, actor, assessment: Assessment, indicator, reason: str, record: str = "", note: str = "",
                 upload=None) -> Evidence:
    """Evidence of the station for an indicator: a record of its archive (`"<source code>:<id>"`, one the
    station's records seam lists for the year) or a file (PDF, JPEG, PNG through the upload pipeline), with a
    note."""
    p = _require(actor, "self", assessment)
    assessment = _lock(assessment)
    if assessment.status not in Assessment.EDITABLE_BY_STATION:
        raise ActionError(_("The self-assessment is submitted and can no longer be changed."))
    if indicator.standard_id != assessment.evaluation_year.standard_id:
        raise ActionError(_("Unknown indicator."), field="indicator")
    checked = check_upload(upload, allowed=SCAN_TYPES, field="upload") if upload else None
    source_code, object_id = "", None
    if record:
        source_code, _sep, number = record.partition(":")
        source = record_sources.get(source_code)
        if source is None or not number.isdigit():
            raise ActionError(_("Choose a record of the station's archive."), field="record")
        object_id = int(number)
        if not source.records(p, assessment.station, assessment.year).filter(pk=object_id).exists():
            raise ActionError(_("Choose a record of the station's archive."), field="record")
    if not source_code and checked is None:
        raise ActionError(_("Choose a record or upload a file."), field="record")
    evidence = Evidence(assessment=assessment, indicator=indicator, source_code=source_code, object_id=object_id,
                        note=note.strip(), added_by=actor)
    tracked_save(evidence, actor=actor, reason=reason)
    if checked is not None:
        stored = EvidenceFile(evidence=evidence)
        stored.store(upload, checked)
        stored.save()
    return evidence


# --- rectification (整改) -----------------------------------------------------------------------------------------
@transaction.atomic
def add_rectification(*, actor, assessment: Assessment, indicator, text: str, due_on: datetime.date,
                      reason: str) -> Rectification:
    """The district or the assigned assessor asks the station to put something right by a date."""
    _require(actor, "score", assessment)
    assessment = _lock(assessment)
    if assessment.status not in (Assessment.Status.SCORING, Assessment.Status.FINALISED):
        raise ActionError(_("Rectifications are raised while scoring or after finalising."))
    if indicator is not None and indicator.standard_id != assessment.evaluation_year.standard_id:
        raise ActionError(_("Unknown indicator."), field="indicator")
    if due_on <= _today():
        raise ActionError(_("The due date must be after today."), field="due_on")
    if not text.strip():
        raise ActionError(_("Say what is to be put right."), field="text")
    item = Rectification(assessment=assessment, indicator=indicator, text=text.strip(), due_on=due_on,
                         raised_by=actor)
    tracked_save(item, actor=actor, reason=reason)
    return item


@transaction.atomic
def move_rectification(*, actor, item: Rectification, move: str, reason: str, response: str = "") -> Rectification:
    """The station reports a rectification done (saying what it did); the district closes it or reopens it."""
    item = Rectification.objects.select_for_update().select_related(
        "assessment__station", "assessment__evaluation_year").get(pk=item.pk)
    p = Principal(actor)
    needed = {"report_done": "self", "close": "district", "reopen": "district"}.get(move)
    if needed is None:
        raise ActionError(_("Unknown move."), field="move")
    if not can_assessment(p, needed, item.assessment):
        raise PermissionDenied

    if move == "report_done":
        item.response = response.strip()
        if not item.response:
            raise ActionError(_("Say what the station did."), field="response")
    advance(item, move=move, actor=actor, reason=reason)
    return item

