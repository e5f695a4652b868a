"""evaluation: the models of the standard part — the city's grading standard (R27).

A `Standard` is one version of a city's grading table: an indicator tree (3–4 levels, codes "1.2.3"), grade bands
with explicit edges, and the raters who score it. It moves draft → published (then immutable) → retired through
`Standard.workflow`; a new version is a copy of an earlier one (`based_on`). The scoring rules of each indicator
kind live in `evaluation/scoring.py` (pure functions); the models hold the data only.

Parameters of an indicator, by kind (`Indicator.kind`):
- yes_no: full points when yes, else 0. Bound to a figure: yes when the value ≥ `params["target"]`; bound to a
  report-card rule: yes when the rule is met.
- sub_checks (组合分): `options` [{"label", "points"}], the score is the sum of the ticked options.
- graded (程度分): `options` [{"label", "points", "min"?}], one chosen; bound to a figure, the option with the
  highest `min` that the value reaches.
- formula: on a number x, `params` {"threshold", "base", "per_unit", "unit", "below"}: x below the threshold earns
  `below` (default 0), else `base + floor((x - threshold) / unit) * per_unit`, capped at the points.
- deduction (扣分): starts from the points; `options` ticked (each deducts its points) and/or a count × `params
  ["per_item"]`; never below 0.
- veto (一票否决): 0 points; when it is triggered the station fails the grade whatever its total.
- bonus (加分): the points are the cap; options ticked or points typed, never above the cap; not counted in the
  parent's sum nor the scale.
"""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.workflow import Move, Workflow

CODE_PATTERN = r"^[1-9][0-9]{0,2}(\.[1-9][0-9]{0,2}){0,3}$"  # "1", "1.2", "1.2.3", "1.2.3.4"
MAX_LEVEL = 4


def refuse_unless_draft(standard_id) -> None:
    """A published or retired standard is immutable: its indicators, bands and raters are refused any change."""
    if not Standard.objects.filter(pk=standard_id, status=Standard.Status.DRAFT).exists():
        raise ActionError(_("A published or retired grading standard cannot be changed; make a new version."),
                          field="standard")


class DraftOnly(models.Model):
    """A part of a standard (indicator, band, rater): saved and deleted only while the standard is a draft."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        refuse_unless_draft(self.standard_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_unless_draft(self.standard_id)
        return super().delete(*args, **kwargs)


class Dimension(models.TextChoices):
    """R27's six dimensions (the default top level) and what other cities add."""

    BASIC = "basic", _("Basic conditions")
    MANAGEMENT = "management", _("Internal management")
    STAFFING = "staffing", _("Staffing")
    CAPACITY = "capacity", _("Service capacity")
    PERFORMANCE = "performance", _("Service performance")
    IMPACT = "impact", _("Social impact")
    PARTY = "party", _("Party building")
    OTHER = "other", _("Other")


R27_DIMENSIONS = (Dimension.BASIC, Dimension.MANAGEMENT, Dimension.STAFFING, Dimension.CAPACITY,
                  Dimension.PERFORMANCE, Dimension.IMPACT)


class ScoringKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes or no, fixed points")
    SUB_CHECKS = "sub_checks", _("Sum of sub-checks")
    GRADED = "graded", _("Graded options")
    FORMULA = "formula", _("Formula on a number")
    DEDUCTION = "deduction", _("Deduction")
    VETO = "veto", _("One-vote veto")
    BONUS = "bonus", _("Bonus with a cap")


class EvidenceMethod(models.TextChoices):
    DOCUMENTS = "documents", _("Review of documents")  # 查阅资料
    SITE = "site", _("Site visit")  # 实地查看
    INTERVIEW = "interview", _("Interview")  # 访谈
    SURVEY = "survey", _("Questionnaire")  # 问卷
    CALLBACK = "callback", _("Telephone follow-up")  # 电话回访


class Binding(models.TextChoices):
    NONE = "", _("Scored by hand")
    FIGURE = "figure", _("Figure")
    RULE = "rule", _("Report-card rule")


class RaterMode(models.TextChoices):
    # Several columns for one indicator (self, panel, committee): the final score weighs the columns by `weight`.
    COLUMNS = "columns", _("Several raters score every indicator")
    # Separate point pools (third-party assessor, purchaser, supervisor): each indicator belongs to one rater.
    POOLS = "pools", _("Each rater scores their own pool of points")


class Standard(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        RETIRED = "retired", _("retired")

    workflow = Workflow(
        Move("publish", {Status.DRAFT}, Status.PUBLISHED, _("Publish")),
        Move("retire", {Status.PUBLISHED}, Status.RETIRED, _("Retire")),
        refused=_("A grading standard cannot go from “%(from)s” to “%(to)s”."),
    )

    class Scale(models.IntegerChoices):
        HUNDRED = 100, _("100 points")
        THOUSAND = 1000, _("1,000 points")

    name = models.CharField(_("name"), max_length=120)
    issuer = models.CharField(_("issuer"), max_length=120, help_text=_("The bureau that issues the standard."))
    version = models.PositiveIntegerField(_("version"), default=1)
    scale = models.PositiveIntegerField(_("scale"), choices=Scale.choices, default=Scale.HUNDRED)
    bonus_cap = models.DecimalField(_("bonus cap"), max_digits=7, decimal_places=2, null=True, blank=True,
                                    help_text=_("The most bonus points a station can earn in all; empty: the sum "
                                                "of the bonus indicators' caps."))
    rater_mode = models.CharField(_("raters"), max_length=8, choices=RaterMode.choices, default=RaterMode.COLUMNS)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="versions",
                                 verbose_name=_("based on"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["issuer", "name", "-version"]
        verbose_name = _("grading standard")
        verbose_name_plural = _("grading standards")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "name", "version"], name="standard_unique_version"),
            models.CheckConstraint(condition=models.Q(scale__in=[100, 1000]), name="standard_scale_100_or_1000"),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    # Only the status (and its stamp) moves once a standard is published; everything else stays as published.
    MOVING_FIELDS = frozenset({"status", "published_at"})

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = Standard.objects.filter(pk=self.pk).values().first()
            if stored is not None and stored["status"] != self.Status.DRAFT:
                changed = [f.attname for f in self._meta.concrete_fields
                           if f.attname not in self.MOVING_FIELDS and stored[f.attname] != getattr(self, f.attname)]
                if changed:
                    raise ActionError(_("A published or retired grading standard cannot be changed; make a new "
                                        "version."), field="standard")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("evaluation:standard_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Rater(DraftOnly):
    """A rater column (self-assessment, panel, committee) or a rater's pool of points (third party, purchaser,
    supervisor). In columns mode the final score of an indicator is the weighted mean of the columns with a weight
    above 0 (usually one column weighs 1: the panel's or the committee's)."""

    class Role(models.TextChoices):
        SELF = "self", _("Self-assessment")
        DISTRICT = "district", _("District bureau")
        ASSESSOR = "assessor", _("Assessor")
        OTHER = "other", _("Other rater")

    standard = models.ForeignKey(Standard, models.CASCADE, related_name="raters", verbose_name=_("standard"))
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=60)
    role = models.CharField(_("who scores"), max_length=10, choices=Role.choices, default=Role.OTHER)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["standard", "order", "id"]
        verbose_name = _("rater")
        verbose_name_plural = _("raters")
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="rater_unique_code")]

    def __str__(self):
        return self.name


class Indicator(DraftOnly):
    standard = models.ForeignKey(Standard, models.CASCADE, related_name="indicators", verbose_name=_("standard"))
    parent = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="children",
                               verbose_name=_("parent"))
    code = models.CharField(_("code"), max_length=20, validators=[RegexValidator(
        CODE_PATTERN, _("Write the code as numbers joined by dots, such as 1.2.3 (at most four levels)."))])
    title = models.CharField(_("title"), max_length=300)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, default=0,
                                 validators=[MinValueValidator(0)])
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices, blank=True)
    kind = models.CharField(_("scoring"), max_length=12, choices=ScoringKind.choices, default=ScoringKind.YES_NO)
    options = models.JSONField(_("options"), default=list, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    guidance = models.TextField(_("guidance"), blank=True, max_length=4000)
    methods = models.JSONField(_("evidence methods"), default=list, blank=True)
    materials = models.TextField(_("materials expected"), blank=True, max_length=4000)
    binding = models.CharField(_("bound to"), max_length=8, choices=Binding.choices, blank=True, default="")
    binding_code = models.CharField(_("figure or rule code"), max_length=80, blank=True)
    rater = models.ForeignKey(Rater, models.SET_NULL, null=True, blank=True, related_name="indicators",
                              verbose_name=_("rater's pool"))
    order = models.PositiveIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["standard", "order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="indicator_unique_code")]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def level(self) -> int:
        return self.code.count(".") + 1

    @property
    def counts_in_total(self) -> bool:
        """Bonus indicators sit beside the scale; veto ones carry no points."""
        return self.kind not in (ScoringKind.BONUS, ScoringKind.VETO)


class GradeBand(DraftOnly):
    """A grade with explicit edges: `lower` (inclusive or not) to `upper` (inclusive or not); an empty edge is
    open. Named levels (优秀 / 良好 / 合格 / 不合格) are bands too. `passing`: a veto gives the lowest band that does
    not pass (or no grade)."""

    standard = models.ForeignKey(Standard, models.CASCADE, related_name="bands", verbose_name=_("standard"))
    name = models.CharField(_("grade"), max_length=20)
    lower = models.DecimalField(_("from"), max_digits=7, decimal_places=2, null=True, blank=True)
    lower_inclusive = models.BooleanField(_("from included"), default=True)
    upper = models.DecimalField(_("to"), max_digits=7, decimal_places=2, null=True, blank=True)
    upper_inclusive = models.BooleanField(_("to included"), default=False)
    passing = models.BooleanField(_("passes"), default=True)
    subsidy = models.DecimalField(_("subsidy (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["standard", "order", "id"]
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        constraints = [models.UniqueConstraint(fields=["standard", "name"], name="band_unique_name")]

    def __str__(self):
        return self.name

    def contains(self, total) -> bool:
        if self.lower is not None and (total < self.lower or (total == self.lower and not self.lower_inclusive)):
            return False
        return not (self.upper is not None
                    and (total > self.upper or (total == self.upper and not self.upper_inclusive)))
