"""How a station is built and run: site (R8), rooms (R9), name plate (R10), operation mode (R11), contracts with
operators (R15), its lifecycle, and the files uploaded for them.

The station's own fields for site, plate, mode and lifecycle live on `Station` (models.py); this module holds
the rows that hang off a station. Imported by `stations.models`, so Django finds the models.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.uploads import StoredFile


class RoomType(models.TextChoices):
    OFFICE = "office", _("social-worker office")
    CASE = "case", _("case room")
    GROUP = "group", _("group activity room")
    MULTI = "multi", _("multi-function room")
    ARCHIVE = "archive", _("archive room")
    OTHER = "other", _("other room")


# R9: the only pairs of functions one room may serve at once ("a group room may be the multi-function room; an
# archive room may be the office"). Any other second function is refused.
SHAREABLE = {
    RoomType.GROUP: RoomType.MULTI,
    RoomType.MULTI: RoomType.GROUP,
    RoomType.ARCHIVE: RoomType.OFFICE,
    RoomType.OFFICE: RoomType.ARCHIVE,
}

# R9.1–R9.5: the rule id, the minimum area (None: per head, R9.1) and the equipment each function needs.
ROOM_RULES = {
    RoomType.OFFICE: ("R9.1", None, ("office_equipment",)),
    RoomType.CASE: ("R9.2", Decimal(10), ("tea_table", "sofa", "clock", "quiet_private")),
    RoomType.GROUP: ("R9.3", Decimal(30), ("movable_furniture",)),
    RoomType.MULTI: ("R9.4", Decimal(60), ("tables", "multimedia", "sound_system")),
    RoomType.ARCHIVE: ("R9.5", Decimal(10), ("filing_cabinets",)),
}
OFFICE_M2_PER_WORKER = Decimal(5)  # R9.1
MAX_ROOM_AREA = Decimal(2000)  # m²; anything larger is a typing error
EQUIPMENT_FIELDS = ("office_equipment", "tea_table", "sofa", "clock", "quiet_private", "movable_furniture",
                    "tables", "multimedia", "sound_system", "filing_cabinets")


class Room(models.Model):
    """A room of a station (R9), with its area and equipment. `also_serves` is its second function, allowed only
    for the pairs in SHAREABLE (R9.3 group ↔ multi-function, R9.5 archive ↔ office)."""

    station = models.ForeignKey("stations.Station", models.CASCADE, related_name="rooms",
                                verbose_name=_("station"))
    room_type = models.CharField(_("room type"), max_length=16, choices=RoomType.choices)
    also_serves = models.CharField(_("also serves as"), max_length=16, choices=RoomType.choices, blank=True)
    label = models.CharField(_("name or number"), max_length=50, blank=True)
    area = models.DecimalField(_("area (m²)"), max_digits=7, decimal_places=2)
    office_equipment = models.BooleanField(_("office equipment"), default=False)
    tea_table = models.BooleanField(_("tea table"), default=False)
    sofa = models.BooleanField(_("sofa"), default=False)
    clock = models.BooleanField(_("clock"), default=False)
    quiet_private = models.BooleanField(_("quiet and private"), default=False)
    movable_furniture = models.BooleanField(_("movable tables and chairs"), default=False)
    tables = models.BooleanField(_("tables"), default=False)
    multimedia = models.BooleanField(_("multimedia equipment"), default=False)
    sound_system = models.BooleanField(_("sound system"), default=False)
    filing_cabinets = models.BooleanField(_("filing cabinets"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "room_type", "id"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.CheckConstraint(condition=Q(area__gt=0) & Q(area__lte=MAX_ROOM_AREA), name="room_area_plausible"),
        ]

    def __str__(self):
        name = self.get_room_type_display()
        return f"{name} {self.label}".strip()

    def get_absolute_url(self):
        return reverse("room_edit", args=[self.pk])

    @property
    def functions(self) -> list[str]:
        return [self.room_type] + ([self.also_serves] if self.also_serves else [])

    def clean(self):
        errors = {}
        if self.area is not None and not (Decimal(0) < self.area <= MAX_ROOM_AREA):
            errors["area"] = gettext("The area must be more than 0 and at most %(max)s m² (R9).") % {
                "max": MAX_ROOM_AREA}
        if self.also_serves and SHAREABLE.get(self.room_type) != self.also_serves:
            errors["also_serves"] = gettext(
                "A room may count twice only as group room and multi-function room (R9.3), or as archive room "
                "and office (R9.5)."
            )
        if errors:
            raise ValidationError(errors)


class ContractPart(models.TextChoices):
    """R15: the seven parts a contract must state."""

    SCOPE = "has_scope", _("service scope")
    GOALS = "has_goals", _("goals and tasks")
    INDICATORS = "has_indicators", _("service indicators")
    REQUIREMENTS = "has_requirements", _("service requirements")
    TERM = "has_term", _("term")
    FUNDING = "has_funding", _("funding")
    LIABILITY = "has_liability", _("liability for breach")


CONTRACT_ENDING_DAYS = 60


class Contract(models.Model):
    """A contract of the station with its operator (R11 purchase of services) or, with no operator, with the
    workers it hires directly. R15: incomplete unless all seven parts are present. Terms of one station's
    contracts do not overlap."""

    station = models.ForeignKey("stations.Station", models.PROTECT, related_name="contracts",
                                verbose_name=_("station"))
    operator = models.ForeignKey("stations.Operator", models.PROTECT, null=True, blank=True,
                                 related_name="contracts", verbose_name=_("operator"))
    number = models.CharField(_("contract number"), max_length=50, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    has_scope = models.BooleanField(ContractPart.SCOPE.label, default=False)
    has_goals = models.BooleanField(ContractPart.GOALS.label, default=False)
    has_indicators = models.BooleanField(ContractPart.INDICATORS.label, default=False)
    has_requirements = models.BooleanField(ContractPart.REQUIREMENTS.label, default=False)
    has_term = models.BooleanField(ContractPart.TERM.label, default=False)
    has_funding = models.BooleanField(ContractPart.FUNDING.label, default=False)
    has_liability = models.BooleanField(ContractPart.LIABILITY.label, default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "-starts_on"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="contract_ends_after_start"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="contract_amount_not_negative"),
        ]

    def __str__(self):
        party = self.operator.name if self.operator_id else gettext("directly hired workers")
        return f"{party} {self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("contract_edit", args=[self.pk])

    @property
    def missing_parts(self) -> list[str]:
        return [str(part.label) for part in ContractPart if not getattr(self, part.value)]

    @property
    def is_complete(self) -> bool:
        return not self.missing_parts

    def covers(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = gettext("The contract must end after it starts (R15).")
        if self.amount is not None and self.amount < 0:
            errors["amount"] = gettext("The amount cannot be negative.")
        if errors:
            raise ValidationError(errors)


class Attachment(StoredFile):
    """A file uploaded for a station: a room or plate photo (JPEG/PNG) or a signed contract (PDF). Checked and
    stored by the upload pipeline (`ningbo_sws.lib.uploads`); served only by the gated `attachment_file` view,
    never from a public URL."""

    class Purpose(models.TextChoices):
        ROOM_PHOTO = "room_photo", _("room photo")
        PLATE_PHOTO = "plate_photo", _("name plate photo")
        CONTRACT = "contract", _("signed contract")

    station = models.ForeignKey("stations.Station", models.PROTECT, related_name="attachments",
                                verbose_name=_("station"))
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    room = models.ForeignKey(Room, models.CASCADE, null=True, blank=True, related_name="photos",
                             verbose_name=_("room"))
    contract = models.ForeignKey(Contract, models.PROTECT, null=True, blank=True, related_name="files",
                                 verbose_name=_("contract"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("attachment_file", args=[self.pk])

    def storage_folder(self) -> str:
        return f"stations/{self.station_id}"
