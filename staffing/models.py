"""People of a station: social workers and their qualifications (R5), posts and written duties (R12, R19),
village liaisons (R12), regular meetings (R20), trainings, and supervision sessions (R25, R26).

ID numbers are stored as ciphertext plus a keyed hash (never in clear) and shown masked; see DESIGN.md.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.history import HIDDEN, NAME, PHONE
from ningbo_sws.lib.masking import mask_phone
from ningbo_sws.lib.person import HISTORY_EXCLUDED, Person
from ningbo_sws.lib.person import Gender as Gender  # the one set; staffing.forms and the importer name it here
from ningbo_sws.lib.uploads import StoredFile
from ningbo_sws.lib.words import user_name
from ningbo_sws.lib.workflow import Move, Workflow
from stations.models import Division, Operator, Station


class StaffKind(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("social worker")
    OTHER = "other", _("township or village staff (not a social worker)")


class CertificateLevel(models.TextChoices):
    """R5: the three levels of the national social work qualification."""

    ASSISTANT = "assistant", _("assistant social worker (助理社会工作师)")
    SOCIAL_WORKER = "social_worker", _("social worker (社会工作师)")
    SENIOR = "senior", _("senior social worker (高级社会工作师)")


class Degree(models.TextChoices):
    """A degree in social work (R5: a professional without a certificate)."""

    NONE = "", _("none")
    COLLEGE = "college", _("college diploma in social work")
    BACHELOR = "bachelor", _("bachelor's degree in social work")
    MASTER = "master", _("master's degree in social work")
    DOCTOR = "doctor", _("doctorate in social work")


class EmployerKind(models.TextChoices):
    OPERATOR = "operator", _("an operator (承接机构)")
    TOWNSHIP = "township", _("the township")


class StaffMember(Person):
    """A person on a station's staff (R5). A social worker is professional (a certificate of R5's three levels,
    or a social-work degree) or auxiliary (trained by the sector, no certificate). Station heads and village
    liaisons may be township or village staff who are not social workers; they hold posts but are not counted
    in the headcount. A person moves between stations by `actions.transfer_staff`; the history keeps where
    they were.
    """

    station = models.ForeignKey(Station, models.PROTECT, related_name="staff", verbose_name=_("station"))
    phone = models.CharField(_("phone"), max_length=32)
    kind = models.CharField(_("kind of staff"), max_length=16, choices=StaffKind.choices,
                            default=StaffKind.SOCIAL_WORKER)
    certificate_level = models.CharField(_("certificate level"), max_length=16, choices=CertificateLevel.choices,
                                         blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    certificate_date = models.DateField(_("certificate issued on"), null=True, blank=True)
    degree = models.CharField(_("social-work degree"), max_length=16, choices=Degree.choices, blank=True)
    employer_kind = models.CharField(_("employer"), max_length=16, choices=EmployerKind.choices)
    operator = models.ForeignKey(Operator, models.PROTECT, null=True, blank=True, related_name="staff",
                                 verbose_name=_("operator"))
    full_time = models.BooleanField(_("full-time"), default=True)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)
    # Personal fields, as history pages show them (issue 9 item 2): the phone masked as in the staff list.
    PERSONAL_FIELDS = {"name": NAME, "phone": PHONE, "birth_date": HIDDEN, "id_masked": HIDDEN,
                       "certificate_number": HIDDEN}

    class Meta:
        ordering = ["station_id", "name", "id"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        indexes = [models.Index(fields=["station", "left_on"])]
        constraints = [
            # One record of a person city-wide (a move is `transfer_staff_member`); `actions.add_staff_member`
            # maps the refusal of a concurrent second registration to the message of the check (issue 9 item 7).
            models.UniqueConstraint(fields=["id_hash"], name="staff_id_once_city_wide"),
            models.CheckConstraint(condition=~Q(id_hash="") & Q(birth_date__isnull=False) & ~Q(gender=""),
                                   name="staff_has_id_number"),
            models.CheckConstraint(
                condition=Q(certificate_level="") | ~Q(certificate_number=""),
                name="staff_certificate_level_needs_number",
            ),
            models.CheckConstraint(
                condition=Q(employer_kind="township", operator__isnull=True)
                | Q(employer_kind="operator", operator__isnull=False),
                name="staff_employer_is_operator_or_township",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staffing:staff_detail", args=[self.pk])

    @property
    def is_social_worker(self) -> bool:
        return self.kind == StaffKind.SOCIAL_WORKER

    @property
    def is_professional(self) -> bool:
        """R5: a certificate holder or a social-work degree."""
        return self.is_social_worker and bool(self.certificate_level or self.degree)

    @property
    def category_label(self) -> str:
        if not self.is_social_worker:
            return gettext("not a social worker")
        return gettext("professional") if self.is_professional else gettext("auxiliary")

    @property
    def on_staff(self) -> bool:
        return self.left_on is None

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    def clean(self):
        errors = {}
        if self.certificate_level and not self.certificate_number.strip():
            errors["certificate_number"] = gettext("A certificate level needs the certificate number (R5).")
        if self.certificate_level and not self.certificate_date:
            errors["certificate_date"] = gettext("A certificate level needs the date it was issued (R5).")
        if (self.certificate_number or self.certificate_date) and not self.certificate_level:
            errors["certificate_level"] = gettext("Choose the certificate level of this certificate (R5).")
        if self.certificate_date and self.certificate_date > timezone.localdate():
            errors["certificate_date"] = gettext("The certificate date cannot be in the future.")
        if not self.is_social_worker and (self.certificate_level or self.degree):
            errors["kind"] = gettext("A certificate or social-work degree makes this person a social worker (R5).")
        if self.employer_kind == EmployerKind.OPERATOR and not self.operator_id:
            errors["operator"] = gettext("Choose the operator that employs this person.")
        if self.employer_kind == EmployerKind.TOWNSHIP and self.operator_id:
            errors["operator"] = gettext("A person employed by the township has no operator.")
        if self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = gettext("The leaving date cannot be before the joining date.")
        if errors:
            raise ValidationError(errors)


class PostKind(models.TextChoices):
    """R19: the posts of a station (R12: one head, one deputy, liaisons per village)."""

    HEAD = "head", _("station head")
    DEPUTY = "deputy", _("deputy station head")
    DEPARTMENT_LEAD = "department_lead", _("department lead")
    PROJECT_LEAD = "project_lead", _("project lead")
    PROJECT_WORKER = "project_worker", _("project social worker")
    LIAISON = "liaison", _("site liaison")


SINGLE_POSTS = (PostKind.HEAD, PostKind.DEPUTY)  # R12: exactly one of each at a station


class Post(models.Model):
    """A person's post at a station with written duties and dates (R19). Liaison posts name their village (R12)."""

    station = models.ForeignKey(Station, models.PROTECT, related_name="posts", verbose_name=_("station"))
    holder = models.ForeignKey(StaffMember, models.PROTECT, related_name="posts", verbose_name=_("holder"))
    kind = models.CharField(_("post"), max_length=16, choices=PostKind.choices)
    village = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="+",
                                limit_choices_to={"level": Division.Level.VILLAGE},
                                verbose_name=_("village or community"))
    duties = models.TextField(_("written duties"), max_length=4000)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["station_id", "kind", "starts_on", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="post_ends_after_it_starts"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.holder}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    def clean(self):
        errors = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = gettext("A post cannot end before it starts (R19).")
        if not (self.duties or "").strip():
            errors["duties"] = gettext("Write down the duties of the post (R19).")
        if self.kind == PostKind.LIAISON:
            if self.village_id is None:
                errors["village"] = gettext("A liaison post names its village or community (R12).")
            elif self.station_id and (self.village.level != Division.Level.VILLAGE
                                      or self.village.parent_id != self.station.township_id):
                errors["village"] = gettext("The village or community must belong to the station's township (R12).")
        elif self.village_id is not None:
            errors["village"] = gettext("Only a liaison post names a village or community.")
        if self.holder_id and self.station_id and self.holder.station_id != self.station_id:
            errors["holder"] = gettext("The holder is not on the staff of this station.")
        if errors:
            raise ValidationError(errors)


class Meeting(models.Model):
    """A regular station meeting (R20): attendees, policies read out, cases discussed, problems and decisions,
    training given, minutes and attachments."""

    station = models.ForeignKey(Station, models.PROTECT, related_name="meetings", verbose_name=_("station"))
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    attendees = models.ManyToManyField(StaffMember, related_name="meetings", verbose_name=_("attendees"))
    policies_read = models.TextField(_("policies read out"), blank=True, max_length=4000)
    cases_discussed = models.TextField(_("cases discussed"), blank=True, max_length=4000)
    problems_and_decisions = models.TextField(_("problems and decisions"), blank=True, max_length=4000)
    training_given = models.TextField(_("training given"), blank=True, max_length=4000)
    minutes = models.TextField(pgettext_lazy("meeting", "minutes"), blank=True, max_length=20000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["station", "held_on"])]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("staffing:meeting_detail", args=[self.pk])

    def clean(self):
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": gettext("A meeting is recorded after it is held.")})


class MeetingAttachment(StoredFile):
    """A file of a meeting's minutes (R20): a PDF, JPEG or PNG checked and stored by the upload pipeline
    (`ningbo_sws.lib.uploads`), served only through the meeting's gate."""

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="attachments", verbose_name=_("meeting"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")

    def __str__(self):
        return self.original_name

    def storage_folder(self) -> str:
        return f"staffing/meetings/{self.meeting.station_id}/{self.meeting_id}"


class Training(models.Model):
    """A training: topic, hours, trainer, attendees; hours add up per worker per year."""

    station = models.ForeignKey(Station, models.PROTECT, related_name="trainings", verbose_name=_("station"))
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    trainer = models.CharField(_("trainer"), max_length=100)
    attendees = models.ManyToManyField(StaffMember, related_name="trainings", verbose_name=_("attendees"))

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=200), name="training_hours_positive"),
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"

    def clean(self):
        errors = {}
        if self.hours is not None and not (0 < self.hours <= 200):
            errors["hours"] = gettext("Training hours are more than 0 and at most 200.")
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = gettext("A training is recorded after it is held.")
        if errors:
            raise ValidationError(errors)


class SupervisorKind(models.TextChoices):
    INTERNAL = "internal", _("internal supervisor")
    EXTERNAL = "external", _("external supervisor")


class SupervisorProfile(models.Model):
    """A member of a district's supervision team (R25): internal or external, and where they come from.

    Team membership itself is the supervisor role held at the district (stations.RoleAssignment); assignment
    to stations is the guardian grant `supervise_station`.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.PROTECT, related_name="supervisor_profile",
                                verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=16, choices=SupervisorKind.choices)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervisor profile")
        verbose_name_plural = _("supervisor profiles")

    def __str__(self):
        return user_name(self.user)


class Topic(models.TextChoices):
    """R26: what supervisors guide."""

    DEVELOPMENT_PLAN = "development_plan", _("development plan")
    RULES = "rules", _("rules and systems")
    SERVICE_STANDARDS = "service_standards", _("service standards")
    NEEDS_RESEARCH = "needs_research", _("needs research")
    PROJECT = "project", _("project design and delivery")
    DIFFICULT_CASES = "difficult_cases", _("difficult cases")


class SupervisionSession(models.Model):
    """A supervision session at a station (R25, R26): who supervised, workers present, R26 topics, findings."""

    station = models.ForeignKey(Station, models.PROTECT, related_name="supervision_sessions",
                                verbose_name=_("station"))
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="supervision_sessions",
                                   verbose_name=_("supervisor"))
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    topics = models.JSONField(_("topics (R26)"), default=list)
    HISTORY_CHOICES = {"topics": Topic.choices}  # lane: history — labels of the codes in history
    workers_present = models.ManyToManyField(StaffMember, related_name="supervision_sessions",
                                             verbose_name=_("workers present"))
    notes = models.TextField(_("findings and guidance"), max_length=10000)

    history = HistoricalRecords(m2m_fields=[workers_present])

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="supervision_hours_positive"),
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.station}"

    def get_absolute_url(self):
        return reverse("staffing:session_detail", args=[self.pk])

    def topic_labels(self) -> list[str]:
        return [Topic(t).label for t in self.topics if t in Topic.values]

    def clean(self):
        errors = {}
        if not self.topics:
            errors["topics"] = gettext("Choose at least one topic of R26.")
        elif any(t not in Topic.values for t in self.topics):
            errors["topics"] = gettext("Unknown supervision topic (R26).")
        if self.hours is not None and not (0 < self.hours <= 24):
            errors["hours"] = gettext("Supervision hours are more than 0 and at most 24.")
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = gettext("A session is recorded after it is held.")
        if errors:
            raise ValidationError(errors)


class ActionItem(models.Model):
    """An action agreed in a supervision session (R26): what, who owns it, by when, and its follow-up."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    # The allowed moves, as data (R26 follow-up): a refused move raises IllegalTransition.
    workflow = Workflow(
        Move("done", {Status.OPEN}, Status.DONE),
        Move("dropped", {Status.OPEN}, Status.DROPPED),
        Move("open", {Status.DONE}, Status.OPEN),  # reopened when the follow-up finds it is not done after all
        refused=_("An action item cannot go from “%(from)s” to “%(to)s”."),
    )

    session = models.ForeignKey(SupervisionSession, models.PROTECT, related_name="action_items",
                                verbose_name=_("supervision session"))
    text = models.CharField(pgettext_lazy("supervision", "action"), max_length=300)
    owner = models.ForeignKey(StaffMember, models.PROTECT, related_name="action_items", verbose_name=_("owner"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    follow_up = models.TextField(_("follow-up"), blank=True, max_length=4000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.text

    @property
    def overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()
