"""The daily work of a station (R4, R16–R18): recipients, visits, "1+X+1" projects and casework.

Personal data: a recipient's name, gender, birth date and ID number are the fields of `ningbo_sws.lib.person.Person`;
the ID number is never stored in clear (`id_cipher`, `id_hash`, `id_masked`).
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.history import HIDDEN, NAME, PHONE
from ningbo_sws.lib.person import HISTORY_EXCLUDED, Person
from ningbo_sws.lib.words import join_list
from ningbo_sws.lib.workflow import Move, Workflow
from stations.models import Division, Station, StatusChange


def today() -> datetime.date:
    return timezone.localdate()


class TargetGroup(models.TextChoices):
    """R16 and R17.1: the groups a recipient belongs to (several at once)."""

    TEKUN = "tekun", _("extreme poverty (特困)")
    GUGUA = "gugua", _("elderly without family (孤寡)")
    LIVING_ALONE = "living_alone", _("elderly living alone (独居)")
    EMPTY_NEST = "empty_nest", _("empty-nest elderly (空巢)")
    LEFT_BEHIND_ELDERLY = "left_behind_elderly", _("rural left-behind elderly (农村留守)")
    SHIDU = "shidu", _("bereaved of their only child (失独)")
    DISABLED_ELDERLY = "disabled_elderly", _("elderly unable to care for themselves (失能)")
    CHILDREN_IN_DIFFICULTY = "children_in_difficulty", _("children in difficulty (困境儿童)")
    LEFT_BEHIND_CHILDREN = "left_behind_children", _("left-behind children (留守儿童)")
    YOUTH_TEKUN = "youth_tekun", _("youth in extreme poverty (特困青少年)")
    DISABILITY = "disability", _("people with disabilities (残疾人)")
    LOW_INCOME = "low_income", _("low-income families (低收入)")
    DIBAO = "dibao", _("minimum-living-allowance families (低保)")
    MIGRANT = "migrant", _("migrants (流动人口)")
    PROBLEM_YOUTH = "problem_youth", _("youth at risk (问题青少年)")
    OTHER = "other", _("others")


# R17.1: the base project serves these groups only.
BASE_GROUPS = frozenset(TargetGroup.values) - {TargetGroup.MIGRANT, TargetGroup.PROBLEM_YOUTH, TargetGroup.OTHER}


class ServiceKind(models.TextChoices):
    """R4: the fixed vocabulary of professional services; every service record carries one."""

    HARDSHIP_RELIEF = "hardship_relief", _("hardship relief (困难救助)")
    DISPUTE_MEDIATION = "dispute_mediation", _("dispute mediation (矛盾调处)")
    HUMANISTIC_CARE = "humanistic_care", _("humanistic care (人文关怀)")
    COUNSELLING = "counselling", _("psychological counselling (心理疏导)")
    BEHAVIOUR_CORRECTION = "behaviour_correction", _("behaviour correction (行为矫治)")
    RELATIONSHIP = "relationship", _("relationship adjustment (关系调适)")
    RESOURCES = "resources", _("resource coordination (资源协调)")


class Household(models.Model):
    """A family served as a household (家庭): its members are recipients with their relation to the head."""

    station = models.ForeignKey(Station, models.PROTECT, related_name="households", verbose_name=_("station"))
    village = models.ForeignKey(Division, models.PROTECT, related_name="households",
                                limit_choices_to={"level": Division.Level.VILLAGE},
                                verbose_name=_("village or community"))
    name = models.CharField(_("household name"), max_length=50)
    address = models.CharField(_("address"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    # Personal fields, as history pages show them to readers outside the serving circle (issue 9 item 2).
    PERSONAL_FIELDS = {"name": NAME, "address": HIDDEN, "notes": HIDDEN}

    class Meta:
        ordering = ["station", "name", "id"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:household_detail", args=[self.pk])

    def clean(self):
        if self.village_id and self.station_id and self.village.township_id != self.station.township_id:
            raise ValidationError({"village": gettext("The village is not in the station's township.")})


class Relation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    GRANDCHILD = "grandchild", _("grandchild")
    GRANDPARENT = "grandparent", _("grandparent")
    SIBLING = "sibling", _("brother or sister")
    OTHER = "other", _("other relative or carer")


class Risk(models.TextChoices):
    """Follow-up level of a key-group file; a province's rules visit weekly, monthly or quarterly."""

    HIGH = "high", _("high risk")
    KEY = "key", _("key")
    GENERAL = "general", _("general")


RISK_VISIT_DAYS = {Risk.HIGH: 7, Risk.KEY: 30, Risk.GENERAL: 90}


class Recipient(Person):
    """A person on the station's register of recipients (服务对象清单, R17), possibly with a key-group file."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("being served")
        ENDED = "ended", _("no longer served")

    station = models.ForeignKey(Station, models.PROTECT, related_name="recipients", verbose_name=_("station"))
    village = models.ForeignKey(Division, models.PROTECT, related_name="recipients",
                                limit_choices_to={"level": Division.Level.VILLAGE},
                                verbose_name=_("village or community"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    groups = models.JSONField(_("groups"), default=list, blank=True)
    HISTORY_CHOICES = {"groups": TargetGroup.choices}  # lane: history — labels of the codes in history
    household = models.ForeignKey(Household, models.PROTECT, null=True, blank=True, related_name="members",
                                  verbose_name=_("household"))
    relation = models.CharField(_("relation to the head of household"), max_length=12, choices=Relation.choices,
                                blank=True)
    consent_given = models.BooleanField(_("consent to the use of their data"), default=False)
    consent_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    key_group = models.BooleanField(_("key-group file (regular follow-up)"), default=False)
    risk = models.CharField(_("follow-up level"), max_length=8, choices=Risk.choices, blank=True)
    visit_every_days = models.PositiveSmallIntegerField(_("visit every (days)"), null=True, blank=True)
    next_visit_due = models.DateField(_("next visit due"), null=True, blank=True, db_index=True)
    last_visit_on = models.DateField(_("last visited on"), null=True, blank=True)
    responsible_worker = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                           related_name="+", verbose_name=_("responsible social worker"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)
    # Personal fields, as history pages show them to readers outside the serving circle (issue 9 item 2).
    PERSONAL_FIELDS = {"name": NAME, "phone": PHONE, "address": HIDDEN, "birth_date": HIDDEN, "id_masked": HIDDEN,
                       "notes": HIDDEN}

    class Meta:
        ordering = ["station", "name", "id"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["station", "id_hash"], condition=~Q(id_hash=""),
                                    name="recipient_id_once_per_station"),
            # Issue 9 item 7: one active registration of a person city-wide, also when two stations register
            # them at the same moment (`actions.create_recipient` maps the refusal to "already served by").
            models.UniqueConstraint(fields=["id_hash"], condition=~Q(id_hash="") & Q(status="active"),
                                    name="recipient_active_once_city_wide"),
            models.CheckConstraint(condition=Q(key_group=False) | Q(visit_every_days__gt=0),
                                   name="key_group_has_visit_frequency"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:recipient_detail", args=[self.pk])

    def group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.groups]

    def clean(self):
        errors = {}
        if self.village_id and self.station_id and self.village.township_id != self.station.township_id:
            errors["village"] = gettext("The village is not in the station's township.")
        if self.birth_date and self.birth_date > today():
            errors["birth_date"] = gettext("The birth date is in the future.")
        unknown = [g for g in self.groups if g not in TargetGroup.values]
        if unknown:
            errors["groups"] = gettext("Unknown group: %(groups)s.") % {"groups": join_list(unknown)}
        if self.key_group and not self.visit_every_days:
            errors["visit_every_days"] = gettext("A key-group file needs a visit frequency (R17).")
        if self.household_id and self.station_id and self.household.station_id != self.station_id:
            errors["household"] = gettext("The household belongs to another station.")
        if self.household_id and not self.relation:
            errors["relation"] = gettext("Give the relation to the head of household.")
        if errors:
            raise ValidationError(errors)

    @property
    def overdue(self) -> bool:
        return bool(self.key_group and self.next_visit_due and self.next_visit_due < today())


class Visit(models.Model):
    """A home or phone visit (入户探访, 家访电访, R17) to one recipient or to a household."""

    class Kind(models.TextChoices):
        HOME = "home", _("home visit")
        PHONE = "phone", _("phone call")
        VIDEO = "video", _("video call")
        WECHAT = "wechat", _("WeChat")
        OTHER = "other", _("other")

    station = models.ForeignKey(Station, models.PROTECT, related_name="visits", verbose_name=_("station"))
    recipient = models.ForeignKey(Recipient, models.PROTECT, null=True, blank=True, related_name="visits",
                                  verbose_name=_("recipient"))
    household = models.ForeignKey(Household, models.PROTECT, null=True, blank=True, related_name="visits",
                                  verbose_name=_("household"))
    village = models.ForeignKey(Division, models.PROTECT, related_name="+", verbose_name=_("village or community"))
    visited_on = models.DateField(_("visit date"))
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                verbose_name=_("visited by"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.HOME)
    findings = models.TextField(_("findings"), max_length=4000)
    needs = models.TextField(_("needs found"), blank=True, max_length=2000)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    PERSONAL_FIELDS = {"findings": HIDDEN, "needs": HIDDEN}  # what was found at a person's home (issue 9 item 2)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(condition=Q(recipient__isnull=False, household__isnull=True)
                                   | Q(recipient__isnull=True, household__isnull=False),
                                   name="visit_to_a_recipient_or_a_household"),
        ]

    def __str__(self):
        return f"{self.recipient or self.household} {self.visited_on:%Y-%m-%d}"

    def clean(self):
        if self.visited_on and self.visited_on > today():
            raise ValidationError({"visited_on": gettext("The visit date is in the future.")})
        if self.follow_up_due and self.visited_on and self.follow_up_due < self.visited_on:
            raise ValidationError({"follow_up_due": gettext("The follow-up is due before the visit.")})


class Project(models.Model):
    """A service project of a station-year under "1+X+1" (R17.1 base, R17.2 featured, R17.3 support)."""

    class Kind(models.TextChoices):
        BASE = "base", _("base project (R17.1)")
        FEATURED = "featured", _("featured project (R17.2)")
        SUPPORT = "support", _("support project (R17.3)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    station = models.ForeignKey(Station, models.PROTECT, related_name="projects", verbose_name=_("station"))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=100)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    HISTORY_CHOICES = {"target_groups": TargetGroup.choices}  # lane: history — labels of the codes in history
    needs_analysis = models.TextField(_("needs analysis"), max_length=4000)
    goals = models.TextField(_("goals"), max_length=4000)
    indicators = models.TextField(_("indicators"), blank=True, max_length=4000)
    planned_activities = models.TextField(_("planned activities"), blank=True, max_length=4000)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2, default=0)
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("project lead"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "kind", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            # R17.1, R17.3: exactly one base and one support project per station-year (cancelled ones aside).
            models.UniqueConstraint(fields=["station", "year", "kind"],
                                    condition=Q(kind__in=["base", "support"]) & ~Q(status="cancelled"),
                                    name="one_base_and_one_support_project_per_year"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="project_budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.year} {self.title}"

    def get_absolute_url(self):
        return reverse("services:project_detail", args=[self.pk])

    def group_labels(self) -> list[str]:
        labels = dict(TargetGroup.choices)
        return [str(labels.get(code, code)) for code in self.target_groups]

    def clean(self):
        errors = {}
        if self.year and not 2000 <= self.year <= today().year + 1:
            errors["year"] = gettext("The year must be between 2000 and next year.")
        unknown = [g for g in self.target_groups if g not in TargetGroup.values]
        if unknown:
            errors["target_groups"] = gettext("Unknown group: %(groups)s.") % {"groups": join_list(unknown)}
        elif self.kind == self.Kind.BASE:
            if not self.target_groups:
                errors["target_groups"] = gettext("A base project names the vulnerable groups it serves (R17.1).")
            elif set(self.target_groups) - BASE_GROUPS:
                errors["target_groups"] = gettext(
                    "A base project serves the vulnerable groups of R17.1 only (R17.1).")
        if errors:
            raise ValidationError(errors)


class Case(models.Model):
    """Casework (个案, R18): intake → needs assessment → service plan → delivery → evaluation → closed.

    The allowed moves, and what each step needs, are the table `workflow`; `services.actions.move_case` makes
    them through `ningbo_sws.lib.workflow.advance`, which refuses any other move.
    Every case belongs to a project of its station.
    """

    class State(models.TextChoices):
        INTAKE = "intake", _("intake")
        ASSESSMENT = "assessment", _("needs assessment")
        PLANNING = "planning", _("service plan")
        DELIVERY = "delivery", _("delivery")
        EVALUATION = "evaluation", _("evaluation")
        CLOSED = "closed", pgettext_lazy("case", "closed")
        REFERRED = "referred", _("referred out")

    # R18, each step of the process: where it may be entered from, what its form asks, what must be on record.
    workflow = Workflow(
        Move("assessment", {State.INTAKE, State.CLOSED, State.REFERRED}, State.ASSESSMENT,  # also: reopen
             asks=("assessment",), requires=("assessment",)),
        Move("planning", {State.ASSESSMENT}, State.PLANNING,
             asks=("plan_goals", "plan_interventions", "plan_from", "plan_to"),
             requires=("plan_goals", "plan_interventions", "plan_from")),
        Move("delivery", {State.PLANNING, State.EVALUATION}, State.DELIVERY),
        Move("evaluation", {State.DELIVERY}, State.EVALUATION, asks=("goals_met", "evaluation", "feedback"),
             requires=("goals_met", "evaluation")),
        Move("closed", {State.EVALUATION}, State.CLOSED, asks=("close_reason",),
             requires=("goals_met", "evaluation", "close_reason")),
        Move("referred", {State.INTAKE, State.ASSESSMENT, State.PLANNING, State.DELIVERY, State.EVALUATION},
             State.REFERRED, asks=("referred_to", "referral_reason"), requires=("referred_to", "referral_reason")),
        field="state",
        refused=_("A case cannot move from “%(from)s” to “%(to)s” (R18)."),
        missing=_("Fill in before this step: %(missing)s (R18)."),
    )
    # A full process on record (R18, report card): what the assessment, plan and evaluation steps require.
    FULL_PROCESS = ("assessment", "plan_goals", "plan_interventions", "goals_met", "evaluation")
    OPEN_STATES = frozenset({State.INTAKE, State.ASSESSMENT, State.PLANNING, State.DELIVERY, State.EVALUATION})
    RECORDING_STATES = frozenset({State.DELIVERY, State.EVALUATION})

    class Source(models.TextChoices):
        SELF = "self", _("asked for help")
        REFERRAL = "referral", _("referred in")
        OUTREACH = "outreach", _("outreach")
        VISIT = "visit", _("found on a visit")

    class Risk(models.TextChoices):
        HIGH = "high", _("high")
        KEY = "key", _("key")
        GENERAL = "general", _("general")

    class GoalsMet(models.TextChoices):
        MET = "met", _("met")
        PARTLY = "partly", _("partly met")
        NOT_MET = "not_met", _("not met")

    class CloseReason(models.TextChoices):
        GOALS_MET = "goals_met", _("goals met")
        REQUESTED = "requested", _("at the recipient's request")
        MOVED = "moved", _("moved away")
        DIED = "died", _("died")
        LOST = "lost", _("lost contact")
        OTHER = "other", _("other")

    station = models.ForeignKey(Station, models.PROTECT, related_name="cases", verbose_name=_("station"))
    project = models.ForeignKey(Project, models.PROTECT, related_name="cases", verbose_name=_("project"))
    recipient = models.ForeignKey(Recipient, models.PROTECT, related_name="cases", verbose_name=_("recipient"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("social worker"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.INTAKE)
    opened_on = models.DateField(_("intake date"), default=today)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SELF)
    problem = models.TextField(_("main problem"), max_length=4000)
    risk = models.CharField(_("risk level"), max_length=8, choices=Risk.choices, default=Risk.GENERAL)
    # needs assessment
    assessment = models.TextField(_("needs assessment"), blank=True, max_length=8000)
    # service plan
    plan_goals = models.TextField(_("plan goals"), blank=True, max_length=4000)
    plan_interventions = models.TextField(_("interventions"), blank=True, max_length=4000)
    plan_from = models.DateField(_("plan from"), null=True, blank=True)
    plan_to = models.DateField(_("plan until"), null=True, blank=True)
    # evaluation
    goals_met = models.CharField(_("goals met"), max_length=8, choices=GoalsMet.choices, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True, max_length=4000)
    feedback = models.TextField(_("recipient feedback"), blank=True, max_length=2000)
    # closing or referral
    close_reason = models.CharField(_("closing reason"), max_length=10, choices=CloseReason.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=100, blank=True)
    referral_reason = models.TextField(_("referral reason"), blank=True, max_length=2000)
    # next step, kept up to date by the service records
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_due = models.DateField(_("next step due"), null=True, blank=True, db_index=True)
    review_requested = models.BooleanField(_("supervisor review requested"), default=False)
    review_note = models.TextField(_("supervisor's guidance"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    moves = GenericRelation(StatusChange)  # the case's status history, oldest first
    # What a case says about the person is for the serving circle only (issue 9 item 2).
    PERSONAL_FIELDS = dict.fromkeys(("problem", "assessment", "plan_goals", "plan_interventions", "evaluation",
                                     "feedback", "referral_reason", "next_step", "review_note"), HIDDEN)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["worker", "state"])]

    def __str__(self):
        return gettext("Case %(number)s") % {"number": self.pk}

    def get_absolute_url(self):
        return reverse("services:case_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def allowed_moves(self) -> list:
        return sorted((self.State(t) for t in self.workflow.targets(self.state)), key=list(self.State).index)

    @property
    def has_full_process(self) -> bool:
        """R18: needs analysis → planning → delivery → evaluation all on record."""
        return all(getattr(self, f) for f in self.FULL_PROCESS)


class ServiceRecord(models.Model):
    """A service delivered in a case (服务记录, R4 kind, R18 delivery)."""

    class Form(models.TextChoices):
        INTERVIEW = "interview", _("interview")
        HOME = "home", _("home visit")
        PHONE = "phone", _("phone")
        ACCOMPANY = "accompany", _("accompanying")
        RESOURCES = "resources", _("linking resources")
        REFERRAL = "referral", _("referral")

    case = models.ForeignKey(Case, models.PROTECT, related_name="records", verbose_name=_("case"))
    station = models.ForeignKey(Station, models.PROTECT, related_name="+", verbose_name=_("station"))
    project = models.ForeignKey(Project, models.PROTECT, related_name="records", verbose_name=_("project"))
    recipient = models.ForeignKey(Recipient, models.PROTECT, related_name="records", verbose_name=_("recipient"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                               verbose_name=_("social worker"))
    served_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    kind = models.CharField(_("service kind (R4)"), max_length=24, choices=ServiceKind.choices)
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.INTERVIEW)
    notes = models.TextField(_("notes"), max_length=4000)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_due = models.DateField(_("next step due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    PERSONAL_FIELDS = {"notes": HIDDEN, "next_step": HIDDEN}  # issue 9 item 2

    class Meta:
        ordering = ["-served_on", "-id"]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        indexes = [models.Index(fields=["station", "served_on"])]
        constraints = [models.CheckConstraint(condition=Q(minutes__gt=0), name="service_record_has_duration")]

    def __str__(self):
        return f"{self.case} {self.served_on:%Y-%m-%d}"

    def clean(self):
        errors = {}
        if not self.minutes:
            errors["minutes"] = gettext("A service record needs its duration (R18).")
        if not self.kind:
            errors["kind"] = gettext("A service record needs its kind from the R4 list (R4).")
        if self.served_on and self.served_on > today():
            errors["served_on"] = gettext("The service date is in the future.")
        if errors:
            raise ValidationError(errors)



# Group work, community activities and needs surveys live in their own module (kept small); importing them here
# keeps `services.models` the one place to find every model of the app.
from .models_groups import CommunityActivity, GroupSession, NeedsSurvey, WorkGroup  # noqa: E402
from .models_volunteers import Skill, Volunteer, VolunteerService  # noqa: E402

__all__ = [
    "RISK_VISIT_DAYS",
    "Case",
    "CommunityActivity",
    "GroupSession",
    "Household",
    "NeedsSurvey",
    "Project",
    "Recipient",
    "Relation",
    "Risk",
    "ServiceKind",
    "ServiceRecord",
    "Skill",
    "TargetGroup",
    "Visit",
    "Volunteer",
    "VolunteerService",
    "WorkGroup",
    "today",
]
