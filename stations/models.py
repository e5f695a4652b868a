"""The organisation tree (divisions, stations) and the access model (who holds which role where).

R3: one station per township. R6: the township is the responsible entity, the district bureau guides and
supervises; the roles below follow that split. R10: the station's standard name.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.creditcode import validate_credit_code
from ningbo_sws.lib.normalize import normalize_code
from ningbo_sws.lib.workflow import Move, Workflow

from .models_status import StatusChange  # noqa: F401 - the status-change rows of every workflow

STATION_SUFFIX = "社会工作站"


class Division(models.Model):
    """A real administrative division of Ningbo (NBS 2023 codes, 12 digits).

    `district` and `township` point at the division's ancestor on that level (itself, on its own level), so a
    subtree is one indexed filter: `Division.objects.filter(district=d)`.
    """

    class Level(models.TextChoices):
        CITY = "city", _("city")
        DISTRICT = "district", _("district / county")
        TOWNSHIP = "township", _("township / street")
        VILLAGE = "village", _("village / community")

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name=_("parent division"))
    district = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("district"))
    township = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("township"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        indexes = [models.Index(fields=["level", "code"])]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{12}$"), name="division_code_12_digits"),
        ]

    def __str__(self):
        return self.name

    def subtree(self):
        """This division and everything below it."""
        if self.level == self.Level.CITY:
            return Division.objects.all()
        if self.level == self.Level.DISTRICT:
            return Division.objects.filter(district=self)
        if self.level == self.Level.TOWNSHIP:
            return Division.objects.filter(township=self)
        return Division.objects.filter(pk=self.pk)

    def contains(self, other: "Division") -> bool:
        if self.level == self.Level.CITY:
            return True
        if self.level == self.Level.DISTRICT:
            return other.district_id == self.pk
        if self.level == self.Level.TOWNSHIP:
            return other.township_id == self.pk
        return other.pk == self.pk


def standard_station_name(township: Division) -> str:
    """R10: `<district><township>社会工作站`, from the real names, e.g. `海曙区南门街道社会工作站`."""
    return f"{township.parent.name}{township.name}{STATION_SUFFIX}"


class SiteBasis(models.TextChoices):
    """R8: what the station's site is built on or merged with."""

    SOCIAL_ORG_CENTRE = "social_org_centre", _("township social-organisation service centre")
    COMMUNITY_STATION = "community_station", _("community work station")
    OTHER = "other", _("other site")


class OperationMode(models.TextChoices):
    """R11: how the station is run."""

    PURCHASE = "purchase", _("services purchased from an operator")
    DIRECT = "direct", _("social-work posts hired directly")


class StationStatus(models.TextChoices):
    PLANNING = "planning", _("planning")
    SUBMITTED = "submitted", _("submitted for approval")
    APPROVED = "approved", _("approved by the district")
    OPERATING = "operating", _("operating")
    SUSPENDED = "suspended", _("suspended")
    CLOSED = "closed", pgettext_lazy("station", "closed")


class Station(models.Model):
    """A township social work station (R3: exactly one per township). R10: its name is the standard name.

    R8 site basis, R10 name plate, R11 operation mode and the set-up lifecycle (planning → submitted → approved
    by the district → operating → suspended → closed) are recorded here; `workflow` is the table of allowed
    moves, and `stations.actions.move_station` the only way to make one (who and why kept in the history).
    """

    workflow = Workflow(
        Move("submit", {StationStatus.PLANNING}, StationStatus.SUBMITTED, _("Submit for approval"), {"township"},
             guard=lambda station: station.submission_gaps()),
        Move("return", {StationStatus.SUBMITTED}, StationStatus.PLANNING, _("Return for rework"), {"district"}),
        Move("approve", {StationStatus.SUBMITTED}, StationStatus.APPROVED, _("Approve"), {"district"}),
        Move("open", {StationStatus.APPROVED}, StationStatus.OPERATING, _("Start operating"),
             {"township", "district"}),
        Move("suspend", {StationStatus.OPERATING}, StationStatus.SUSPENDED, _("Suspend"), {"district"}),
        Move("resume", {StationStatus.SUSPENDED}, StationStatus.OPERATING, _("Resume operating"), {"district"}),
        Move("close", {StationStatus.OPERATING, StationStatus.SUSPENDED}, StationStatus.CLOSED, _("Close"),
             {"district"}),
        refused=_("A station that is “%(from)s” cannot be moved by “%(move)s”."),
        missing=_("Record %(missing)s before submitting."),
    )
    township = models.OneToOneField(Division, models.PROTECT, related_name="station",
                                    limit_choices_to={"level": Division.Level.TOWNSHIP},
                                    verbose_name=_("township"))
    district = models.ForeignKey(Division, models.PROTECT, related_name="district_stations",
                                 verbose_name=_("district"))
    name = models.CharField(_("station name"), max_length=64, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=16, choices=StationStatus.choices,
                              default=StationStatus.PLANNING)
    site_basis = models.CharField(_("site basis (R8)"), max_length=24, choices=SiteBasis.choices, blank=True)
    site_note = models.CharField(_("site description"), max_length=200, blank=True)
    operation_mode = models.CharField(_("operation mode (R11)"), max_length=16, choices=OperationMode.choices,
                                      blank=True)
    recorded_headcount = models.PositiveSmallIntegerField(
        _("social workers on staff (recorded)"), null=True, blank=True,
        help_text=_("Used for the office area (R9.1) until the staffing register counts them."))
    plate_name = models.CharField(_("name on the plate (R10)"), max_length=64, blank=True)
    plate_hung = models.BooleanField(_("name plate hung"), default=False)
    logo_used = models.BooleanField(_("Ningbo social work logo used"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["township__code"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        permissions = [
            ("supervise_station", _("Supervise the station")),
            ("assess_station", _("Assess the station")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("station_detail", args=[self.pk])

    @property
    def standard_name(self) -> str:
        return standard_station_name(self.township)

    @property
    def plate_differs(self) -> bool:
        """R10: a plate whose name is not the standard name is flagged."""
        return bool(self.plate_name) and self.plate_name != self.standard_name

    def moves(self) -> list[Move]:
        """The lifecycle moves allowed from the current state (whoever makes them)."""
        return self.workflow.from_state(self.status)

    def submission_gaps(self) -> list[str]:
        """What must be on record before the station goes to the district (R8, R9, R11)."""
        gaps = []
        if not self.site_basis:
            gaps.append(gettext("the site basis (R8)"))
        if not self.operation_mode:
            gaps.append(gettext("the operation mode (R11)"))
        if not self.rooms.exists():
            gaps.append(gettext("the rooms (R9)"))
        return gaps

    def clean(self):
        errors = {}
        if self.township_id:
            if self.township.level != Division.Level.TOWNSHIP:
                errors["township"] = gettext("A station belongs to a township or street (R3).")
            else:
                if self.district_id != self.township.parent_id:
                    errors["district"] = gettext("The district must be the township's own district.")
                if self.name != self.standard_name:
                    errors["name"] = gettext("The station must be named %(name)s (R10).") % {
                        "name": self.standard_name
                    }
        if errors:
            raise ValidationError(errors)


class Operator(models.Model):
    """承接机构: a social work organisation that runs stations under contract (R11, R15). One may run several."""

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True,
                                   validators=[validate_credit_code])
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    district = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="+",
                                 limit_choices_to={"level": Division.Level.DISTRICT},
                                 verbose_name=_("registered in district"))
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("operator")
        verbose_name_plural = _("operators")

    def __str__(self):
        return self.name

    def clean(self):
        # The admin and scripts store the canonical code too, so that the unique check sees one code once.
        self.credit_code = normalize_code(self.credit_code)


class StationUserObjectPermission(UserObjectPermissionBase):
    """django-guardian's direct object grant on a station (a supervisor or assessor assigned to it)."""

    content_object = models.ForeignKey(Station, models.CASCADE, verbose_name=_("station"))  # lane: history
    history = HistoricalRecords(excluded_fields=[])

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("station assignment")
        verbose_name_plural = _("station assignments")


class Role(models.TextChoices):
    CITY = "city", _("city bureau officer")
    DISTRICT = "district", _("district bureau officer")
    SUPERVISOR = "supervisor", _("supervisor")
    ASSESSOR = "assessor", _("assessor")
    TOWNSHIP = "township", _("township officer")
    WORKER = "worker", _("social worker")
    LIAISON = "liaison", _("village liaison")
    AUDITOR = "auditor", _("auditor")


# Which kind of scope each role is held at. Supervisors and assessors belong to a district (its supervision team,
# R25, or its assessors) and are assigned to single stations by object grants.
ROLE_SCOPE_LEVEL = {
    Role.CITY: Division.Level.CITY,
    Role.AUDITOR: Division.Level.CITY,
    Role.DISTRICT: Division.Level.DISTRICT,
    Role.SUPERVISOR: Division.Level.DISTRICT,
    Role.ASSESSOR: Division.Level.DISTRICT,
    Role.LIAISON: Division.Level.VILLAGE,
    Role.TOWNSHIP: "station",
    Role.WORKER: "station",
}

STATION_GRANTS = {Role.SUPERVISOR: "supervise_station", Role.ASSESSOR: "assess_station"}


class ActiveAssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class RoleAssignment(models.Model):
    """A user holds `role` at a scope: a division (city, district, village) or a station."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="role_assignments",
                             verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    division = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("division"))
    station = models.ForeignKey(Station, models.PROTECT, null=True, blank=True, related_name="role_assignments",
                                verbose_name=_("station"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("granted by"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("revoked by"))

    history = HistoricalRecords()
    objects = ActiveAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(division__isnull=False, station__isnull=True)
                           | Q(division__isnull=True, station__isnull=False)),
                name="role_scope_is_division_or_station",
            ),
        ]
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self):
        return f"{self.get_role_display()} · {self.scope}"

    def get_absolute_url(self):
        return reverse("assignment_detail", args=[self.pk])

    @property
    def scope(self):
        return self.station if self.station_id else self.division

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# Roles of the bureaus, which oversee and see aggregates and masked records, and roles that serve people and see
# their personal data (DESIGN.md). Nobody holds one of each: an officer cannot give themselves a serving role.
BUREAU_ROLES = frozenset({Role.CITY, Role.DISTRICT, Role.AUDITOR, Role.ASSESSOR})
SERVING_ROLES = frozenset({Role.TOWNSHIP, Role.WORKER, Role.LIAISON, Role.SUPERVISOR})


class PasswordChangeRequired(models.Model):
    """The account's password was set by someone else (a new account's first password, a reset): it is good for
    one sign-in, which must set a new password before anything else (issue 9 item 1)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True,
                                related_name="password_change_required", verbose_name=_("user"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("password set by"))
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("one-time password")
        verbose_name_plural = _("one-time passwords")

    def __str__(self):
        return f"{self.user_id}"


class AccessLog(models.Model):
    """Append-only record of every reveal of sensitive personal data and every export of it.

    Rows are never changed or deleted: `save()` refuses an update, `delete()` refuses, and on PostgreSQL a
    trigger refuses UPDATE and DELETE from any client.
    """

    class Action(models.TextChoices):
        REVEAL_ID = "reveal_id", _("revealed a full ID number")
        REVEAL_FIELD = "reveal_field", _("revealed a sensitive field")
        EXPORT = "export", _("exported personal data")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("user"))
    action = models.CharField(pgettext_lazy("access log", "action"), max_length=16, choices=Action.choices)
    target_type = models.CharField(_("record type"), max_length=64)
    target_id = models.CharField(_("record"), max_length=64)
    station = models.ForeignKey(Station, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("station"))
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.target_type}#{self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(gettext("The access log is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(gettext("The access log is append-only."))

    @property
    def target_label(self) -> str:
        """The kind of record in words ("服务对象"), not the model's code name."""
        from django.apps import apps

        try:
            return str(apps.get_model(self.target_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.target_type


from .facilities import (  # noqa: E402 - the rows that hang off a station, in their own module
    Attachment,
    Contract,
    Room,
)

__all__ = ["Attachment", "Contract", "Room"]

from .jobs import Job  # noqa: E402 - background jobs (issue 11 item 7), in their own module

__all__ += ["Job"]

from .models_signin import SignInEvent  # noqa: E402 - sign-in events (issue 13 item 1, lane: history)

__all__ += ["SignInEvent"]

from .models_notices import Notice  # noqa: E402 - in-app notices (issue 13 item 2), in their own module

__all__ += ["Notice"]
