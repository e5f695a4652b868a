"""archives: the models of the catalogue part (R22 catalogue, retention and disposal; see docs/arch-catalogue.md).

- `Document`: a record that exists only as a file (a community map, a resource list, publicity, photos, audio,
  video, a work summary, an award, a major event ...), uploaded through the one upload pipeline; it appears in the
  catalogue through archives' own record sources (`archives.documents.<category>`), like every other record.
- `DisposalList` (销毁清册): records past their retention period, drafted by a worker or the township officer,
  approved by another township officer, then carried out; its `DisposalItem` rows name each record by source code
  and id, with its title, category and date as they were.
- `Disposal`: what was disposed of (who, when, which list, what: source, id, title, category, date), one
  append-only row per record; the record's own row is never deleted, `archives.catalogue.sources_for` leaves it out.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.records import Category
from ningbo_sws.lib.uploads import StoredFile
from ningbo_sws.lib.workflow import Move, Workflow
from stations.models import Division, Station

# The categories a document may be filed under: the ones R22 names that no other part of the platform keeps as
# its own records (cases, groups, visits, recipients, volunteers, surveys and meetings are entered where they are
# done, never twice), plus evaluation reports received on paper and "other".
DOCUMENT_CATEGORIES = (
    Category.EVALUATION_REPORTS, Category.COMMUNITY_MAP, Category.RESOURCE_LIST, Category.AWARDS,
    Category.PUBLICITY, Category.MAJOR_EVENTS, Category.SUMMARIES, Category.OTHER,
)


class KeptRecord(models.Model):
    """Nothing in the archive is deleted by the application (R22: kept complete and true); a record past its
    period is disposed of through a disposal list, which keeps the row."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise ArchiveIsKept(f"{self._meta.label} is an archive record: it is disposed of through a disposal list, "
                            "never deleted (R22)")


class ArchiveIsKept(Exception):
    """A delete or an update that the archive refuses (a programming error, not a user's input)."""


class Document(KeptRecord, StoredFile):
    """A file-only archive record of a station (R22)."""

    station = models.ForeignKey(Station, models.PROTECT, related_name="archive_documents",
                                verbose_name=_("station"))
    category = models.CharField(_("archive category"), max_length=16,
                                choices=[(c.value, c.label) for c in DOCUMENT_CATEGORIES])
    title = models.CharField(_("title"), max_length=120)
    date = models.DateField(_("date of the document"))
    village = models.ForeignKey(Division, models.PROTECT, null=True, blank=True, related_name="+",
                                limit_choices_to={"level": Division.Level.VILLAGE},
                                verbose_name=_("village or community"))
    tags = models.JSONField(_("tags"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("archive document")
        verbose_name_plural = _("archive documents")
        indexes = [models.Index(fields=["station", "category", "date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("archives:document_detail", args=[self.station_id, self.pk])

    def storage_folder(self) -> str:
        return f"archives/{self.station_id}/{self.date:%Y}"


class DisposalList(KeptRecord):
    """A disposal list (销毁清册) of one station and year of records: draft → submitted → approved → carried out;
    a submitted list may be sent back to draft with a reason."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        APPROVED = "approved", _("approved")
        CARRIED_OUT = "carried_out", _("carried out")

    workflow = Workflow(
        Move("submit", {Status.DRAFT}, Status.SUBMITTED, label=_("Submit for approval")),
        Move("return", {Status.SUBMITTED}, Status.DRAFT, label=_("Send back")),
        Move("approve", {Status.SUBMITTED}, Status.APPROVED, label=_("Approve")),
        Move("carry_out", {Status.APPROVED}, Status.CARRIED_OUT, label=_("Carry out the disposal")),
        refused=_("A disposal list cannot move from “%(from)s” to “%(to)s” (R22)."),
    )

    station = models.ForeignKey(Station, models.PROTECT, related_name="disposal_lists", verbose_name=_("station"))
    year = models.PositiveSmallIntegerField(_("year of the records"))
    basis = models.TextField(_("appraisal opinion"), max_length=2000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("drafted by"))
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    carried_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("carried out by"))
    carried_out_at = models.DateTimeField(_("carried out at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-drafted_at", "-id"]
        verbose_name = _("disposal list")
        verbose_name_plural = _("disposal lists")
        constraints = [
            models.CheckConstraint(condition=~models.Q(approved_by=models.F("drafted_by")),
                                   name="disposal_list_not_approved_by_its_drafter"),
        ]

    def __str__(self):
        return _("Disposal list %(number)s (%(year)s)") % {"number": self.pk, "year": self.year}

    def get_absolute_url(self):
        return reverse("archives:disposal_detail", args=[self.station_id, self.pk])


class DisposalItem(KeptRecord):
    """One record on a disposal list, named by its source and id, with what it was when it was listed."""

    disposal_list = models.ForeignKey(DisposalList, models.PROTECT, related_name="items",
                                      verbose_name=_("disposal list"))
    source = models.CharField(_("record source"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("record number"))
    category = models.CharField(_("archive category"), max_length=16, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    record_date = models.DateField(_("date of the record"))
    kept_until = models.DateField(_("kept until"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "record_date", "id"]
        verbose_name = _("record on a disposal list")
        verbose_name_plural = _("records on a disposal list")
        constraints = [models.UniqueConstraint(fields=["disposal_list", "source", "object_id"],
                                               name="disposal_item_once_per_list")]

    def __str__(self):
        return self.title


class Disposal(KeptRecord):
    """A record disposed of (R22 retention): who, when, through which list, and what it was. Append-only (the
    model refuses updates; on PostgreSQL a trigger refuses UPDATE and DELETE too)."""

    station = models.ForeignKey(Station, models.PROTECT, related_name="+", verbose_name=_("station"))
    disposal_list = models.ForeignKey(DisposalList, models.PROTECT, related_name="disposals",
                                      verbose_name=_("disposal list"))
    source = models.CharField(_("record source"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("record number"))
    category = models.CharField(_("archive category"), max_length=16, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    record_date = models.DateField(_("date of the record"))
    disposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("disposed of by"))
    disposed_at = models.DateTimeField(_("disposed of at"), default=timezone.now)

    class Meta:
        ordering = ["-disposed_at", "-id"]
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="record_disposed_once")]
        indexes = [models.Index(fields=["station", "source"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ArchiveIsKept("a disposal is kept as it was recorded (R22)")
        super().save(*args, **kwargs)
