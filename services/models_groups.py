"""Group work (小组), community activities (社区活动) and needs surveys (需求调研): R17 field research, R18 process."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.workflow import Move, Workflow
from stations.models import Division, Station

# Project and Recipient are named as "services.Project" / "services.Recipient" so that this module does not import
# services.models, which imports it (issue 10: no cycle inside services).

class WorkGroup(models.Model):
    """Group work (小组, R18): plan → sessions with attendance → evaluation → closed."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        CLOSED = "closed", pgettext_lazy("group", "closed")

    workflow = Workflow(
        Move("running", {State.PLANNED}, State.RUNNING),
        Move("closed", {State.PLANNED, State.RUNNING}, State.CLOSED, asks=("evaluation",), requires=("evaluation",)),
        field="state",
        refused=_("A group cannot move from “%(from)s” to “%(to)s” (R18)."),
        missing=_("Closing a group needs its evaluation (R18)."),
    )

    station = models.ForeignKey(Station, models.PROTECT, related_name="work_groups", verbose_name=_("station"))
    project = models.ForeignKey("services.Project", models.PROTECT, related_name="work_groups",
                                verbose_name=_("project"))
    title = models.CharField(_("group name"), max_length=100)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("social worker"))
    goals = models.TextField(_("goals"), max_length=4000)
    plan = models.TextField(_("plan"), max_length=4000)
    sessions_planned = models.PositiveSmallIntegerField(_("sessions planned"), default=6)
    members = models.ManyToManyField("services.Recipient", related_name="work_groups", blank=True,
                                     verbose_name=_("members"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PLANNED)
    evaluation = models.TextField(_("evaluation"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("services:group_detail", args=[self.pk])


class GroupSession(models.Model):
    """One session of a group (节次), with who attended."""

    group = models.ForeignKey(WorkGroup, models.PROTECT, related_name="sessions", verbose_name=_("group"))
    number = models.PositiveSmallIntegerField(_("session number"))
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=100)
    attended = models.ManyToManyField("services.Recipient", related_name="+", blank=True,
                                      verbose_name=_("attended"))
    attendance = models.PositiveSmallIntegerField(_("attendance"), default=0)
    notes = models.TextField(_("session notes"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "number"]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="group_session_number_once")]

    def __str__(self):
        return f"{self.group} #{self.number}"


class CommunityActivity(models.Model):
    """Community work (社区活动, R18): plan, date, place, participants counted (named where recipients),
    volunteers, evaluation."""

    station = models.ForeignKey(Station, models.PROTECT, related_name="activities", verbose_name=_("station"))
    project = models.ForeignKey("services.Project", models.PROTECT, related_name="activities",
                                verbose_name=_("project"))
    title = models.CharField(_("activity name"), max_length=100)
    plan = models.TextField(_("plan"), max_length=4000)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100)
    village = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("village or community"))
    participants = models.PositiveIntegerField(_("participants"))
    named = models.ManyToManyField("services.Recipient", related_name="activities", blank=True,
                                   verbose_name=_("recipients taking part"))
    volunteers = models.PositiveIntegerField(_("volunteers"), default=0)
    evaluation = models.TextField(_("evaluation"), blank=True, max_length=4000)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("social worker"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("community activity")
        verbose_name_plural = _("community activities")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("services:activity_detail", args=[self.pk])


class NeedsSurvey(models.Model):
    """A needs survey (需求调研, R17 field research), linked to the projects it informs."""

    class Method(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("questionnaire")
        INTERVIEW = "interview", _("interviews")
        FOCUS_GROUP = "focus_group", _("focus group")
        VISITS = "visits", _("home visits")
        OTHER = "other", _("other")

    station = models.ForeignKey(Station, models.PROTECT, related_name="surveys", verbose_name=_("station"))
    title = models.CharField(_("title"), max_length=100)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    sample = models.PositiveIntegerField(_("sample size"))
    conducted_on = models.DateField(_("date"))
    findings = models.TextField(_("findings"), max_length=8000)
    projects = models.ManyToManyField("services.Project", related_name="surveys", blank=True,
                                      verbose_name=_("projects"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-conducted_on", "-id"]
        verbose_name = _("needs survey")
        verbose_name_plural = _("needs surveys")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("services:survey_detail", args=[self.pk])
