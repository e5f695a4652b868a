"""evaluation: the models of the cycle part — the evaluation year (R27, R28).

The city opens a year with a published standard and deadlines (`EvaluationYear`); each district records its yearly
work meeting (`DistrictMeeting`, R28: at least one, with minutes) and assigns assessors to stations for the year
(`AssessorAssignment`); every station has one `Assessment` per year, which moves self-assessing → submitted →
scoring → finalised (district) → published (city; immutable), through the workflow table below. Scores are per
indicator and rater (`Score`: the station's own, the assessor's, the district's), evidence links to records of the
records seam or to an uploaded file (`Evidence`), weak indicators get rectification items (`Rectification`,
整改) followed until closed, and the city publishes a subsidy per station (`Subsidy`).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.uploads import StoredFile
from ningbo_sws.lib.workflow import Move, Workflow
from stations.models import Division, Role, Station

SCORE_DIGITS = {"max_digits": 7, "decimal_places": 2}


class EvaluationYear(models.Model):
    """A year of evaluation opened by the city (R27, R28) with the standard it scores by and its deadlines."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PUBLISHED = "published", _("results published")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    standard = models.ForeignKey("evaluation.Standard", models.PROTECT, related_name="years",
                                 verbose_name=_("grading standard"))
    self_assessment_due = models.DateField(_("self-assessments due"))
    scoring_due = models.DateField(_("scoring due"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("opened by"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords()

    workflow = Workflow(
        Move("publish", {Status.OPEN}, Status.PUBLISHED, _("Publish the grades and subsidies"), {Role.CITY}),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("evaluation year")
        verbose_name_plural = _("evaluation years")
        constraints = [
            models.CheckConstraint(condition=Q(scoring_due__gte=models.F("self_assessment_due")),
                                   name="evaluation_year_scoring_after_self"),
        ]

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("evaluation:year", args=[self.year])


class DistrictMeeting(models.Model):
    """A district bureau's yearly evaluation work meeting (R28: at least one a year, with minutes)."""

    evaluation_year = models.ForeignKey(EvaluationYear, models.PROTECT, related_name="meetings",
                                        verbose_name=_("evaluation year"))
    district = models.ForeignKey(Division, models.PROTECT, related_name="+", verbose_name=_("district"))
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    attendees = models.TextField(_("attendees"), max_length=2000)
    minutes = models.TextField(pgettext_lazy("meeting", "minutes"), max_length=20000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("district work meeting")
        verbose_name_plural = _("district work meetings")

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class AssessorAssignment(models.Model):
    """An assessor of the district (`Role.ASSESSOR`) assigned by the district to one station for one year."""

    evaluation_year = models.ForeignKey(EvaluationYear, models.PROTECT, related_name="assignments",
                                        verbose_name=_("evaluation year"))
    station = models.ForeignKey(Station, models.PROTECT, related_name="+", verbose_name=_("station"))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("assessor"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("assigned by"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("assessor assignment")
        verbose_name_plural = _("assessor assignments")
        constraints = [
            models.UniqueConstraint(fields=["evaluation_year", "station", "assessor"],
                                    condition=Q(ended_at__isnull=True), name="evaluation_one_active_assignment"),
        ]

    def __str__(self):
        return f"{self.evaluation_year} {self.station} {self.assessor}"


class Rater(models.TextChoices):
    SELF = "self", _("self-assessment")
    ASSESSOR = "assessor", _("assessor")
    DISTRICT = "district", _("district bureau")


class Assessment(models.Model):
    """One station's evaluation of one year (R28): its self-assessment, the scoring, the grade."""

    class Status(models.TextChoices):
        SELF_ASSESSING = "self_assessing", _("self-assessing")
        SUBMITTED = "submitted", _("self-assessment submitted")
        SCORING = "scoring", _("scoring")
        FINALISED = "finalised", _("finalised by the district")
        PUBLISHED = "published", _("published")

    evaluation_year = models.ForeignKey(EvaluationYear, models.PROTECT, related_name="assessments",
                                        verbose_name=_("evaluation year"))
    station = models.ForeignKey(Station, models.PROTECT, related_name="+", verbose_name=_("station"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SELF_ASSESSING)
    summary = models.TextField(_("self-assessment summary"), blank=True, max_length=20000)
    district_comment = models.TextField(_("district's overall comment"), blank=True, max_length=20000)
    reopened_until = models.DateField(_("reopened until"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    self_total = models.DecimalField(_("self-assessed total"), null=True, blank=True, **SCORE_DIGITS)
    total = models.DecimalField(_("total"), null=True, blank=True, **SCORE_DIGITS)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)

    history = HistoricalRecords()

    workflow = Workflow(
        Move("submit", {Status.SELF_ASSESSING}, Status.SUBMITTED, _("Submit the self-assessment"),
             {Role.TOWNSHIP, Role.WORKER}, requires=("summary",)),
        Move("send_back", {Status.SUBMITTED}, Status.SELF_ASSESSING, _("Send back to the station"),
             {Role.DISTRICT}),
        Move("start_scoring", {Status.SUBMITTED}, Status.SCORING, _("Start scoring"), {Role.DISTRICT, Role.ASSESSOR}),
        Move("finalise", {Status.SCORING}, Status.FINALISED, _("Finalise the scores"), {Role.DISTRICT}),
        Move("reopen_scoring", {Status.FINALISED}, Status.SCORING, _("Reopen the scoring"),
             {Role.DISTRICT, Role.CITY}),
        Move("publish", {Status.FINALISED}, Status.PUBLISHED, _("Publish the result"), {Role.CITY}),
    )
    EDITABLE_BY_STATION = frozenset({Status.SELF_ASSESSING})
    SCORABLE = frozenset({Status.SCORING})

    class Meta:
        ordering = ["station__name"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["evaluation_year", "station"], name="evaluation_one_assessment"),
        ]

    def __str__(self):
        return f"{self.station} {self.evaluation_year}"

    def get_absolute_url(self):
        return reverse("evaluation:assessment", args=[self.station_id, self.evaluation_year.year])

    @property
    def year(self) -> int:
        return self.evaluation_year.year

    def self_deadline(self) -> datetime.date:
        """The last day the station may submit: the year's deadline, or the district's reopening if later."""
        due = self.evaluation_year.self_assessment_due
        return max(due, self.reopened_until) if self.reopened_until else due


class Score(models.Model):
    """One rater's input for one indicator (the number the standard's scoring kind reads), with a comment."""

    assessment = models.ForeignKey(Assessment, models.PROTECT, related_name="scores", verbose_name=_("assessment"))
    indicator = models.ForeignKey("evaluation.Indicator", models.PROTECT, related_name="+",
                                  verbose_name=_("indicator"))
    rater = models.CharField(_("rater"), max_length=20, choices=Rater.choices)
    value = models.DecimalField(_("score"), **SCORE_DIGITS)  # the points this rater gives
    raw = models.JSONField(_("input"), default=dict, blank=True)  # what the rater entered, as the engine reads it
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("scored by"))
    scored_at = models.DateTimeField(_("scored at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator", "rater"], name="evaluation_one_score"),
            models.CheckConstraint(condition=Q(value__gte=0), name="evaluation_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.rater} {self.value}"


class Evidence(models.Model):
    """What the station shows for an indicator: a record of the records seam (by source code and id) or a file.
    The record is named by source and number only, so that an assessor never reads a name from it."""

    assessment = models.ForeignKey(Assessment, models.PROTECT, related_name="evidence",
                                   verbose_name=_("assessment"))
    indicator = models.ForeignKey("evaluation.Indicator", models.PROTECT, related_name="+",
                                  verbose_name=_("indicator"))
    source_code = models.CharField(_("record source"), max_length=60, blank=True)
    object_id = models.PositiveBigIntegerField(_("record number"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return f"{self.source_code} #{self.object_id}" if self.source_code else self.note


class EvidenceFile(StoredFile):
    """An uploaded file of evidence (PDF, JPEG or PNG through the upload pipeline)."""

    evidence = models.OneToOneField(Evidence, models.PROTECT, related_name="file", verbose_name=_("evidence"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name

    def storage_folder(self) -> str:
        return f"evaluation/{self.evidence.assessment.evaluation_year_id}/{self.evidence.assessment.station_id}"


class Rectification(models.Model):
    """A rectification item (整改) for a weak indicator: what to put right by when, followed until closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("reported done")
        CLOSED = "closed", pgettext_lazy("evaluation year", "closed")

    assessment = models.ForeignKey(Assessment, models.PROTECT, related_name="rectifications",
                                   verbose_name=_("assessment"))
    indicator = models.ForeignKey("evaluation.Indicator", models.PROTECT, related_name="+", null=True, blank=True,
                                  verbose_name=_("indicator"))
    text = models.TextField(_("what to put right"), max_length=4000)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("what the station did"), blank=True, max_length=4000)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("raised by"))

    history = HistoricalRecords()

    workflow = Workflow(
        Move("report_done", {Status.OPEN}, Status.DONE, _("Report it done"), {Role.TOWNSHIP, Role.WORKER},
             requires=("response",)),
        Move("close", {Status.DONE}, Status.CLOSED, _("Close it"), {Role.DISTRICT}),
        Move("reopen", {Status.DONE}, Status.OPEN, _("Not yet: reopen it"), {Role.DISTRICT}),
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")

    def __str__(self):
        return self.text[:40]

    @property
    def overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()


class Subsidy(models.Model):
    """The subsidy the city grants a station for its published grade (R27: the best are subsidised)."""

    assessment = models.OneToOneField(Assessment, models.PROTECT, related_name="subsidy",
                                      verbose_name=_("assessment"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("subsidy")
        verbose_name_plural = _("subsidies")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="evaluation_subsidy_not_negative")]

    def __str__(self):
        return f"{self.assessment} {self.amount}"
