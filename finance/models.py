"""Finance of a station (R7, R13, R14, R21): funding sources, ring-fenced accounts per station and year, budgets
with versions, vouchers with entries, reversals, final accounts (决算) with their review record.

Rules carried by the data:
- money is Decimal yuan with 2 places; a user never enters a negative amount (a reversal's entries are the only
  negative ones, made by the system, and a check constraint says so);
- a voucher's number is given when it is posted, from the per-station-year counter on `Ledger` (locked with
  SELECT ... FOR UPDATE), so posted numbers run 1, 2, 3 ... without gaps;
- a posted voucher, its entries and its attachments are never changed or deleted: `save()`/`delete()` refuse,
  and on PostgreSQL triggers refuse the SQL too (migration 0002);
- a closed year (its final accounts reviewed) is locked: nothing is prepared, posted or budgeted in it;
- nothing here is deleted by the application (R21: accounting archives are kept permanently).

An account's purpose is a project name or an operating purpose in words for now; the link to
`services.Project` comes when the services app is merged.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from simple_history.models import HistoricalRecords

from ningbo_sws.lib.uploads import StoredFile
from ningbo_sws.lib.workflow import Move, Workflow
from stations.models import Station

CENT = Decimal("0.01")
REFUSED = gettext_lazy("This record cannot go from “%(from)s” to “%(to)s”.")


class PostedIsFinal(Exception):
    """Raised by save()/delete() of a posted voucher or its parts, and by delete() of any accounting record (R21:
    kept permanently). The actions never reach it."""


class KeptPermanently(models.Model):
    """Accounting archives are kept permanently (R21): the application never deletes them."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise PostedIsFinal(f"{self._meta.label} is an accounting archive, kept permanently (R21)")


class FundingSource(KeptPermanently):
    """Where a station's money comes from (R7 district and township funds, R13 donations, R14 purchase of service).

    Donations, sponsorship and venture philanthropy name their donor (R13)."""

    class Kind(models.TextChoices):
        FISCAL = "fiscal", gettext_lazy("Fiscal funds (district bureau)")
        LOTTERY = "lottery", gettext_lazy("Welfare lottery funds (district bureau)")
        SOCIAL = "social", gettext_lazy("Social funds (district bureau)")
        TOWNSHIP_ASSISTANCE = "tw_assistance", gettext_lazy("Township integrated funds: social assistance")
        TOWNSHIP_ELDERLY = "tw_elderly", gettext_lazy("Township integrated funds: elderly care")
        TOWNSHIP_ORGANISATIONS = "tw_organisations", gettext_lazy("Township integrated funds: social organisations")
        TOWNSHIP_DISABLED = "tw_disabled", gettext_lazy("Township integrated funds: disabled persons")
        TOWNSHIP_WOMEN_CHILDREN = "tw_women_children", gettext_lazy(
            "Township integrated funds: women and children")
        DONATION = "donation", gettext_lazy("Donation")
        SPONSORSHIP = "sponsorship", gettext_lazy("Sponsorship")
        VENTURE = "venture", gettext_lazy("Venture philanthropy")
        PURCHASE = "purchase", gettext_lazy("Purchase-of-service funds")

    NAMED_DONOR = frozenset({Kind.DONATION, Kind.SPONSORSHIP, Kind.VENTURE})

    station = models.ForeignKey(Station, models.PROTECT, related_name="funding_sources")
    kind = models.CharField(gettext_lazy("kind"), max_length=20, choices=Kind.choices)
    donor = models.CharField(gettext_lazy("donor or purchaser"), max_length=120, blank=True)
    notes = models.CharField(gettext_lazy("notes"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "donor"]
        constraints = [models.UniqueConstraint(fields=["station", "kind", "donor"], name="funding_source_unique")]

    def __str__(self):
        label = self.get_kind_display()
        return f"{label}（{self.donor}）" if self.donor else str(label)

    def clean(self):
        if self.kind in self.NAMED_DONOR and not self.donor.strip():
            raise ValidationError({"donor": _("A donation, sponsorship or venture philanthropy names its donor "
                                              "(R13).")})


class Ledger(KeptPermanently):
    """A station's books for one year: the voucher counter and the lock of a closed year (R21)."""

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Open")
        CLOSED = "closed", gettext_lazy("Closed")

    workflow = Workflow(Move("close", {Status.OPEN}, Status.CLOSED), refused=REFUSED)

    station = models.ForeignKey(Station, models.PROTECT, related_name="ledgers")
    year = models.PositiveSmallIntegerField(gettext_lazy("year"))
    status = models.CharField(gettext_lazy("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    last_number = models.PositiveIntegerField(default=0, editable=False)  # the last posted voucher's number
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords(excluded_fields=["last_number"])

    class Meta:
        ordering = ["station", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["station", "year"], name="ledger_station_year"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="ledger_year_range"),
        ]

    def __str__(self):
        return _("%(station)s, books of %(year)s") % {"station": self.station.name, "year": self.year}

    def get_absolute_url(self):
        return reverse("finance:ledger", kwargs={"ledger_id": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Account(KeptPermanently):
    """A ring-fenced account (专项科目, R21): one purpose of one station in one year, fed by one or more sources."""

    class PurposeKind(models.TextChoices):
        PROJECT = "project", gettext_lazy("Project")
        OPERATING = "operating", gettext_lazy("Operating purpose")

    ledger = models.ForeignKey(Ledger, models.PROTECT, related_name="accounts")
    code = models.CharField(gettext_lazy("account code"), max_length=20)
    name = models.CharField(gettext_lazy("account name"), max_length=100)
    purpose_kind = models.CharField(gettext_lazy("purpose is a"), max_length=10, choices=PurposeKind.choices)
    # A project's name or an operating purpose in words; becomes a link to services.Project after that merge.
    purpose = models.CharField(gettext_lazy("purpose"), max_length=200)
    sources = models.ManyToManyField(FundingSource, related_name="accounts", verbose_name=gettext_lazy("sources"))
    opening_balance = models.DecimalField(gettext_lazy("opening balance"), max_digits=14, decimal_places=2,
                                          default=Decimal("0.00"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ledger", "code"]
        constraints = [
            models.UniqueConstraint(fields=["ledger", "code"], name="account_code_unique"),
            models.UniqueConstraint(fields=["ledger", "purpose"], name="account_purpose_unique"),
            models.CheckConstraint(condition=Q(opening_balance__gte=0), name="account_opening_not_negative"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("finance:account", kwargs={"account_id": self.pk})

    @property
    def station(self):
        return self.ledger.station


class Category(models.TextChoices):
    """Budget lines (and the line an expense is charged to)."""

    PERSONNEL = "personnel", gettext_lazy("Personnel")
    ACTIVITIES = "activities", gettext_lazy("Activities")
    MATERIALS = "materials", gettext_lazy("Materials")
    TRAINING = "training", gettext_lazy("Training")
    SUPERVISION = "supervision", pgettext_lazy("expense", "Supervision")
    OTHER = "other", gettext_lazy("Other")


class Budget(KeptPermanently):
    """One version of an account's budget. An approved version is never changed: a change is a new version with
    its reason, approved by the township officer (R21)."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        APPROVED = "approved", gettext_lazy("Approved")
        SUPERSEDED = "superseded", gettext_lazy("Superseded")

    workflow = Workflow(Move("approve", {Status.DRAFT}, Status.APPROVED),
                        Move("supersede", {Status.APPROVED}, Status.SUPERSEDED), refused=REFUSED)

    account = models.ForeignKey(Account, models.PROTECT, related_name="budgets")
    version = models.PositiveSmallIntegerField(gettext_lazy("version"))
    status = models.CharField(gettext_lazy("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    reason = models.CharField(gettext_lazy("reason for this version"), max_length=200)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["account", "-version"]
        constraints = [models.UniqueConstraint(fields=["account", "version"], name="budget_version_unique")]

    def __str__(self):
        return _("%(account)s, budget version %(version)s") % {"account": self.account, "version": self.version}

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0.00"))


class BudgetLine(models.Model):
    budget = models.ForeignKey(Budget, models.PROTECT, related_name="lines")
    category = models.CharField(gettext_lazy("budget line"), max_length=12, choices=Category.choices)
    amount = models.DecimalField(gettext_lazy("amount (yuan)"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "category"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "category"], name="budget_line_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.amount}"


class Voucher(models.Model):
    """A voucher (记账凭证): prepared by one person, posted by the township officer, never the preparer (R21).

    Numbered on posting from its ledger's counter; once posted it is final. A correction is a reversal voucher
    pointing to the original, whose entries net it to zero."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        POSTED = "posted", gettext_lazy("Posted")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")  # a draft given up; kept, never numbered

    # R21: a draft is posted (by someone other than its preparer) or withdrawn; either is final.
    workflow = Workflow(Move("post", {Status.DRAFT}, Status.POSTED), Move("withdraw", {Status.DRAFT}, Status.WITHDRAWN),
                        refused=gettext_lazy("Only a draft voucher is posted or withdrawn; this voucher is "
                                             "“%(from)s”, and a posted or withdrawn voucher is final (R21)."))
    FINAL = (Status.POSTED, Status.WITHDRAWN)

    ledger = models.ForeignKey(Ledger, models.PROTECT, related_name="vouchers")
    number = models.PositiveIntegerField(gettext_lazy("number"), null=True, blank=True)
    date = models.DateField(gettext_lazy("date"))
    summary = models.CharField(gettext_lazy("summary"), max_length=200)
    status = models.CharField(gettext_lazy("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    reverses = models.OneToOneField("self", models.PROTECT, null=True, blank=True, related_name="reversed_by",
                                    verbose_name=gettext_lazy("reverses"))
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(auto_now_add=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    posted_at = models.DateTimeField(null=True, blank=True)
    budget_override = models.CharField(gettext_lazy("township's override of a budget line"), max_length=200,
                                       blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ledger", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ledger", "number"], name="voucher_number_unique"),
            models.CheckConstraint(
                condition=(Q(status__in=["draft", "withdrawn"], number__isnull=True, posted_by__isnull=True)
                           | Q(status="posted", number__isnull=False, posted_by__isnull=False)),
                name="voucher_number_when_posted"),
            models.CheckConstraint(condition=~Q(posted_by=models.F("prepared_by")), name="voucher_maker_checker"),
        ]

    def __str__(self):
        if self.number:
            return _("Voucher %(year)s-%(number)s") % {"year": self.ledger.year, "number": f"{self.number:04d}"}
        return _("Draft voucher: %(summary)s") % {"summary": self.summary}

    def save(self, *args, **kwargs):
        if self.pk and type(self).objects.filter(pk=self.pk, status__in=self.FINAL).exists():
            raise PostedIsFinal("a posted or withdrawn voucher is final (R21)")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("finance:voucher", kwargs={"voucher_id": self.pk})

    def delete(self, *args, **kwargs):
        raise PostedIsFinal("vouchers are accounting archives, kept permanently (R21)")

    @property
    def is_posted(self) -> bool:
        return self.status == self.Status.POSTED


class Entry(models.Model):
    """One line of a voucher: an account, income or expense (or one side of a transfer), the budget line, the
    amount in yuan and the funding source (R7: every money record names its source)."""

    class Direction(models.TextChoices):
        INCOME = "income", gettext_lazy("Income")
        EXPENSE = "expense", gettext_lazy("Expense")
        TRANSFER_IN = "transfer_in", gettext_lazy("Transfer in")
        TRANSFER_OUT = "transfer_out", gettext_lazy("Transfer out")

    INFLOWS = (Direction.INCOME, Direction.TRANSFER_IN)

    voucher = models.ForeignKey(Voucher, models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, models.PROTECT, related_name="entries")
    direction = models.CharField(gettext_lazy("income or expense"), max_length=12, choices=Direction.choices)
    category = models.CharField(gettext_lazy("budget line"), max_length=12, choices=Category.choices)
    amount = models.DecimalField(gettext_lazy("amount (yuan)"), max_digits=14, decimal_places=2)
    source = models.ForeignKey(FundingSource, models.PROTECT, related_name="entries",
                               verbose_name=gettext_lazy("source"))
    reversal = models.BooleanField(default=False, editable=False)  # the negative mirror of a reversed entry
    history = HistoricalRecords()

    class Meta:
        ordering = ["voucher", "pk"]
        indexes = [models.Index(fields=["account", "direction"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(reversal=False, amount__gt=0) | Q(reversal=True, amount__lt=0),
                name="entry_amount_sign"),
        ]

    def __str__(self):
        return f"{self.account} {self.get_direction_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if Voucher.objects.filter(pk=self.voucher_id, status__in=Voucher.FINAL).exists():
            raise PostedIsFinal("the entries of a posted voucher are final (R21)")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Voucher.objects.filter(pk=self.voucher_id, status__in=Voucher.FINAL).exists():
            raise PostedIsFinal("the entries of a posted voucher are final (R21)")
        return super().delete(*args, **kwargs)

    @property
    def signed(self) -> Decimal:
        """The effect on the account's balance."""
        return self.amount if self.direction in self.INFLOWS else -self.amount


class Attachment(StoredFile):
    """A scan attached to a voucher (invoice, receipt, contract): a PDF, JPEG or PNG checked and stored by the
    upload pipeline (`ningbo_sws.lib.uploads`). Added while drafting; final once posted."""

    voucher = models.ForeignKey(Voucher, models.PROTECT, related_name="attachments")
    name = models.CharField(gettext_lazy("description"), max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self):
        return self.name

    def storage_folder(self) -> str:
        return f"finance/{self.voucher.ledger.station_id}/{self.voucher.ledger.year}"

    def save(self, *args, **kwargs):
        if Voucher.objects.filter(pk=self.voucher_id, status__in=Voucher.FINAL).exists():
            raise PostedIsFinal("the attachments of a posted voucher are final (R21)")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PostedIsFinal("attachments are accounting archives (R21)")


class FinalAccounts(KeptPermanently):
    """The year-end final accounts (决算) of a ledger with their review record (R21).

    Prepared from the posted entries (the figures are kept as prepared); reviewed by the district bureau, which
    closes the year. Review refuses when the figures changed since they were prepared."""

    class Status(models.TextChoices):
        PREPARED = "prepared", gettext_lazy("Prepared")
        REVIEWED = "reviewed", gettext_lazy("Reviewed")

    workflow = Workflow(Move("prepare", {Status.PREPARED}, Status.PREPARED),
                        Move("review", {Status.PREPARED}, Status.REVIEWED), refused=REFUSED)

    ledger = models.OneToOneField(Ledger, models.PROTECT, related_name="final_accounts")
    status = models.CharField(gettext_lazy("status"), max_length=10, choices=Status.choices,
                              default=Status.PREPARED)
    figures = models.JSONField(default=dict)  # account code -> {opening, income, expense, ..., closing} as strings
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_opinion = models.TextField(gettext_lazy("review opinion"), blank=True)
    history = HistoricalRecords()

    def __str__(self):
        return _("Final accounts of %(ledger)s") % {"ledger": self.ledger}
