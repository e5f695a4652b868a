"""Volunteer files (志愿者建档, R22) and their service hours; the growth of volunteers that R17.3's support project
is about.

A volunteer is a person: name, gender, birth date and ID number are the fields of `ningbo_sws.lib.person.Person`
(the number encrypted, keyed-hashed, masked); phone and address are kept as on a recipient's record and shown the
same way. Hours name what the volunteer served: a community activity or a group session of the station, or another
service in words.
"""

import datetime
from decimal import Decimal

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
from ningbo_sws.lib.person import HISTORY_EXCLUDED, Person
from ningbo_sws.lib.words import join_list
from stations.models import Division, Station

# CommunityActivity and GroupSession are named as "services.CommunityActivity" / "services.GroupSession" so that
# this module does not import services.models, which imports it (no cycle inside services).

MAX_HOURS_A_DAY = Decimal("24")


class Skill(models.TextChoices):
    """What a volunteer can offer (特长): a fixed vocabulary, with free text beside it for anything else."""

    CARE = "care", _("care and nursing")
    MEDICAL = "medical", _("medical and health")
    COUNSELLING = "counselling", _("psychological support")
    LEGAL = "legal", _("legal advice")
    TUTORING = "tutoring", _("tutoring and education")
    ARTS = "arts", _("arts and culture")
    SPORTS = "sports", _("sports and fitness")
    COMPANIONSHIP = "companionship", _("visiting and companionship")
    REPAIRS = "repairs", _("household repairs")
    HAIRDRESSING = "hairdressing", _("haircuts")
    COOKING = "cooking", _("cooking and meal delivery")
    IT = "it", _("computers and phones")
    DRIVING = "driving", _("driving")
    PUBLICITY = "publicity", _("publicity, photography and writing")
    LANGUAGES = "languages", _("languages and sign language")
    ORGANISING = "organising", _("organising activities")


def _today() -> datetime.date:
    return timezone.localdate()


class Volunteer(Person):
    """A volunteer on the station's register (志愿者档案): skills, village, joined, and whether still active."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("volunteer", "active")
        LEFT = "left", pgettext_lazy("volunteer", "left")

    station = models.ForeignKey(Station, models.PROTECT, related_name="volunteers", verbose_name=_("station"))
    village = models.ForeignKey(Division, models.PROTECT, related_name="volunteers",
                                limit_choices_to={"level": Division.Level.VILLAGE},
                                verbose_name=_("village or community"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    number = models.CharField(_("volunteer number"), max_length=32, blank=True)
    team = models.CharField(_("team"), max_length=100, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    HISTORY_CHOICES = {"skills": Skill.choices}  # lane: history — labels of the codes in history
    skills_other = models.CharField(_("other skills"), max_length=200, blank=True)
    joined_on = models.DateField(pgettext_lazy("volunteer", "joined on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField(pgettext_lazy("volunteer", "left on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED)
    # Personal fields, as history pages show them to readers outside the serving circle (as a recipient's).
    PERSONAL_FIELDS = {"name": NAME, "phone": PHONE, "address": HIDDEN, "birth_date": HIDDEN, "id_masked": HIDDEN,
                       "notes": HIDDEN}

    class Meta:
        ordering = ["station", "name", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = pgettext_lazy("people", "volunteers")
        constraints = [
            models.UniqueConstraint(fields=["station", "id_hash"], condition=~Q(id_hash=""),
                                    name="volunteer_id_once_per_station"),
            models.CheckConstraint(condition=Q(status="active", left_on__isnull=True)
                                   | Q(status="left", left_on__isnull=False), name="volunteer_left_has_date"),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                                   name="volunteer_leaves_after_joining"),
        ]
        indexes = [models.Index(fields=["station", "joined_on"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:volunteer_detail", args=[self.pk])

    def skill_labels(self) -> list[str]:
        labels = dict(Skill.choices)
        return [str(labels.get(code, code)) for code in self.skills]

    def all_skills(self) -> str:
        return join_list([*self.skill_labels(), *([self.skills_other] if self.skills_other else [])])

    def clean(self):
        errors = {}
        if self.village_id and self.station_id and self.village.township_id != self.station.township_id:
            errors["village"] = gettext("The village is not in the station's township.")
        unknown = [s for s in self.skills if s not in Skill.values]
        if unknown:
            errors["skills"] = gettext("Unknown skill: %(skills)s.") % {"skills": join_list(unknown)}
        if self.joined_on and self.joined_on > _today():
            errors["joined_on"] = gettext("The joining date is in the future.")
        if self.status == self.Status.LEFT and not self.left_on:
            errors["left_on"] = gettext("Give the date the volunteer left.")
        if self.left_on and self.status != self.Status.LEFT:
            errors["left_on"] = gettext("Only a volunteer who left has a leaving date.")
        if self.left_on and self.joined_on and self.left_on < self.joined_on:
            errors["left_on"] = gettext("The volunteer leaves before joining.")
        if self.left_on and self.left_on > _today():
            errors["left_on"] = gettext("The leaving date is in the future.")
        if self.birth_date and self.birth_date > _today():
            errors["birth_date"] = gettext("The birth date is in the future.")
        if errors:
            raise ValidationError(errors)

    def active_on(self, day: datetime.date) -> bool:
        """On the register that day (the leaving day is no longer active)."""
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


class VolunteerService(models.Model):
    """Hours a volunteer served on a day (志愿服务记录): at a community activity, at a group session, or another
    service named in words."""

    volunteer = models.ForeignKey(Volunteer, models.PROTECT, related_name="services", verbose_name=_("volunteer"))
    station = models.ForeignKey(Station, models.PROTECT, related_name="+", verbose_name=_("station"))
    served_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=3, decimal_places=1)
    activity = models.ForeignKey("services.CommunityActivity", models.PROTECT, null=True, blank=True,
                                 related_name="volunteer_services", verbose_name=_("community activity"))
    session = models.ForeignKey("services.GroupSession", models.PROTECT, null=True, blank=True,
                                related_name="volunteer_services", verbose_name=_("group session"))
    other = models.CharField(_("other service"), max_length=100, blank=True)
    content = models.TextField(_("what was done"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("confirmed by"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-served_on", "-id"]
        verbose_name = _("volunteer service")
        verbose_name_plural = _("volunteer services")
        indexes = [models.Index(fields=["station", "served_on"]), models.Index(fields=["volunteer", "served_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=MAX_HOURS_A_DAY),
                                   name="volunteer_hours_within_a_day"),
            # What was served: exactly one of an activity, a group session, or another service in words.
            models.CheckConstraint(
                condition=Q(activity__isnull=False, session__isnull=True, other="")
                | Q(activity__isnull=True, session__isnull=False, other="")
                | (Q(activity__isnull=True, session__isnull=True) & ~Q(other="")),
                name="volunteer_service_serves_one_thing"),
        ]

    def __str__(self):
        return f"{self.volunteer} {self.served_on:%Y-%m-%d} {self.hours}"

    def served(self) -> str:
        """What was served, in words."""
        if self.activity_id:
            return str(self.activity)
        if self.session_id:
            return str(self.session)
        return self.other
