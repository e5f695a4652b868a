"""archives: the models of the disclosure part (R23: information disclosure, periodically, of service progress,
use of funds and service results).

A `Disclosure` is one version of a station's report for a year or a quarter of it. A worker (or the township
officer) drafts it; submitting freezes its figures (`figures`, a JSON snapshot computed through the figures seam,
small counts already shown as "<3"), so the township officer approves exactly the numbers the public will read;
the township officer approves (never the person who submitted it) and publishes. A published version never
changes: `save()` and `delete()` refuse. A correction is a new version that says what changed and points to the
published version it corrects (`corrects`); both stay readable on the public pages.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.workflow import Move, Workflow
from stations.models import Role, Station

QUARTERS = [(0, _("the whole year")), (1, _("first quarter")), (2, _("second quarter")), (3, _("third quarter")),
            (4, _("fourth quarter"))]


class PublishedIsFinal(Exception):
    """A published disclosure is never changed or deleted (R23): a correction is a new version."""


class DisclosureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Disclosure.Status.PUBLISHED)

    def open(self):
        return self.filter(status__in=Disclosure.OPEN)


class Disclosure(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    OPEN = (Status.DRAFT, Status.SUBMITTED, Status.APPROVED)

    workflow = Workflow(
        Move("submit", {Status.DRAFT}, Status.SUBMITTED, _("Submit for approval"),
             roles={Role.WORKER, Role.TOWNSHIP}, requires=("results",)),
        Move("send_back", {Status.SUBMITTED, Status.APPROVED}, Status.DRAFT, _("Send back"),
             roles={Role.TOWNSHIP}),
        Move("approve", {Status.SUBMITTED}, Status.APPROVED, _("Approve"), roles={Role.TOWNSHIP}),
        Move("publish", {Status.APPROVED}, Status.PUBLISHED, _("Publish"), roles={Role.TOWNSHIP}),
        refused=_("A disclosure that is “%(from)s” cannot move to “%(to)s” (R23: drafted, submitted, approved by "
                  "the township officer, then published)."),
    )

    station = models.ForeignKey(Station, models.PROTECT, related_name="disclosures", verbose_name=_("station"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("period"), choices=QUARTERS, default=0)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    corrects = models.OneToOneField("self", models.PROTECT, null=True, blank=True, related_name="corrected_by",
                                    verbose_name=_("corrects"))
    changes = models.TextField(_("what this version changes"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    results = models.TextField(_("service results"), max_length=4000, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    frozen_at = models.DateTimeField(_("figures frozen at"), null=True, blank=True, editable=False)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("prepared by"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter", "-version"]
        verbose_name = _("disclosure report")
        verbose_name_plural = _("disclosure reports")
        constraints = [
            models.UniqueConstraint(fields=["station", "year", "quarter", "version"], name="disclosure_version_unique"),
            # one version in the making per station and period: a correction waits for the last to be published
            models.UniqueConstraint(fields=["station", "year", "quarter"],
                                    condition=Q(status__in=["draft", "submitted", "approved"]),
                                    name="disclosure_one_open_version"),
            models.CheckConstraint(condition=Q(quarter__gte=0, quarter__lte=4), name="disclosure_quarter_0_to_4"),
            models.CheckConstraint(condition=~Q(status="published") | Q(published_at__isnull=False),
                                   name="disclosure_published_has_date"),
        ]

    def __str__(self):
        return gettext("%(station)s: disclosure of %(period)s, version %(version)s") % {
            "station": self.station.name, "period": self.period_label, "version": self.version}

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk, status=self.Status.PUBLISHED).exists():
            raise PublishedIsFinal("a published disclosure is final (R23): publish a correction instead")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archives:disclosure_detail", kwargs={"station_id": self.station_id, "disclosure_id": self.pk})

    def get_public_url(self):
        return reverse("archives:public_report", kwargs={"disclosure_id": self.pk})

    def delete(self, *args, **kwargs):
        raise PublishedIsFinal("disclosure reports are kept: a draft is sent back or corrected, never deleted")

    @property
    def period_label(self) -> str:
        if self.quarter:
            return gettext("%(year)s, %(quarter)s") % {"year": self.year, "quarter": self.get_quarter_display()}
        return gettext("the year %(year)s") % {"year": self.year}

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
