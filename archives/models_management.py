"""archives: the models of the management part (R19–R24): each station's written management systems.

A `ManagementSystem` is one written system of a station (duties R19, regular meetings R20, finance R21, archives
R22, information disclosure R23, and any the station adds under R24); its text lives in `RuleVersion`s, each
a text, an uploaded file (through the upload pipeline), or both. A version is drafted by a worker or the township
officer, submitted, then approved or sent back with a reason by the township officer (never the version's own
author: four eyes, as for vouchers and budgets under R21). A new version supersedes the approved one only when
it is itself approved, so a system always has at most one approved version, and at most one version in progress.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.uploads import StoredFile, stored_file_path
from ningbo_sws.lib.workflow import Move, Workflow
from stations.models import Station


class SystemKind(models.TextChoices):
    """The five systems R19–R23 require of every station, and those a station adds of its own (R24)."""

    DUTIES = "duties", _("Post duties (R19)")
    MEETINGS = "meetings", _("Regular meetings (R20)")
    FINANCE = "finance", _("Financial management (R21)")
    ARCHIVES = "archives", _("Archives management (R22)")
    DISCLOSURE = "disclosure", _("Information disclosure (R23)")
    OWN = "own", _("The station's own system (R24)")


REQUIRED_KINDS = (SystemKind.DUTIES, SystemKind.MEETINGS, SystemKind.FINANCE, SystemKind.ARCHIVES,
                  SystemKind.DISCLOSURE)


class ManagementSystem(models.Model):
    """One written management system of a station; the five required kinds at most once per station."""

    station = models.ForeignKey(Station, models.PROTECT, related_name="management_systems",
                                verbose_name=_("station"))
    kind = models.CharField(_("kind of system"), max_length=12, choices=SystemKind.choices)
    title = models.CharField(_("title"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "kind", "title", "id"]
        verbose_name = _("management system")
        verbose_name_plural = _("management systems")
        constraints = [
            models.UniqueConstraint(fields=["station", "kind"], condition=~Q(kind="own"),
                                    name="management_system_required_once"),
            models.UniqueConstraint(fields=["station", "title"], name="management_system_title_unique"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("archives:rules_system", args=[self.station_id, self.pk])

    @property
    def required(self) -> bool:
        return self.kind in REQUIRED_KINDS


class RuleVersion(StoredFile):
    """One version of a system's text: written text, an uploaded file (PDF, JPEG or PNG), or both."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Sent back")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")

    IN_PROGRESS = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    workflow = Workflow(
        Move("submit", {Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, _("Submit for approval")),
        Move("approve", {Status.SUBMITTED}, Status.APPROVED, _("Approve")),
        Move("return", {Status.SUBMITTED}, Status.RETURNED, _("Send back")),
        Move("supersede", {Status.APPROVED}, Status.SUPERSEDED, _("Supersede")),
        refused=_("This version is “%(from)s”: it cannot be moved to “%(to)s”."),
    )

    system = models.ForeignKey(ManagementSystem, models.PROTECT, related_name="versions",
                               verbose_name=_("management system"))
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    text = models.TextField(_("text"), blank=True, max_length=50000)
    # The file is optional here (a version may be text only); the pipeline fills these when one is uploaded.
    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("file type"), max_length=40, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    change_note = models.CharField(_("what this version changes"), max_length=200, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("written by"))
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", null=True,
                                   blank=True, verbose_name=_("approved or sent back by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    returned_reason = models.CharField(_("why it was sent back"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "-number"]
        verbose_name = _("version of a management system")
        verbose_name_plural = _("versions of management systems")
        constraints = [
            models.UniqueConstraint(fields=["system", "number"], name="rule_version_number_unique"),
            models.UniqueConstraint(fields=["system"], condition=Q(status="approved"),
                                    name="rule_version_one_approved"),
            models.UniqueConstraint(fields=["system"], condition=Q(status__in=["draft", "submitted", "returned"]),
                                    name="rule_version_one_in_progress"),
        ]

    def __str__(self):
        return _("%(system)s, version %(number)s") % {"system": self.system, "number": self.number}

    def get_absolute_url(self):
        return reverse("archives:rules_version", args=[self.system.station_id, self.pk])

    def storage_folder(self) -> str:
        return f"archives/rules/{self.system.station_id}/{self.system_id}"

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def is_empty(self) -> bool:
        return not self.text.strip() and not self.has_file

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE
