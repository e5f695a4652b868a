"""Every write of the finance app (R7, R13, R14, R21): keyword-only, one transaction, permission checked here
too, history user and reason set. Nothing here deletes: accounting archives are kept permanently (R21)."""

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib import normalize
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.reasons import check_reason
from ningbo_sws.lib.tracking import tracked_delete, tracked_save
from ningbo_sws.lib.uploads import SCAN_TYPES, check_upload
from ningbo_sws.lib.workflow import advance
from stations.access import Principal
from stations.models import Station

from . import reports
from .access import can
from .models import (
    Account,
    Attachment,
    Budget,
    BudgetLine,
    Category,
    Entry,
    FinalAccounts,
    FundingSource,
    Ledger,
    Voucher,
)

# The refusals of an amount that cite R21; the grammar itself is the project's one (`lib.normalize`).
R21_AMOUNT_MESSAGES = {
    "negative": gettext_lazy("An amount cannot be negative: a correction is a reversal voucher (R21)."),
    "decimals": gettext_lazy("Amounts are in yuan with at most 2 decimals, down to the fen (R21)."),
    "zero": gettext_lazy("An amount must be more than zero (R21)."),
}
AMOUNT_DIGITS = Entry._meta.get_field("amount").max_digits  # the same for opening balances and budget lines


# --- helpers ----------------------------------------------------------------------------------------------------
def parse_amount(value, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """Yuan with at most 2 decimals, never negative, never a float (R21), a plain decimal (issue 9 item 5)."""
    try:
        amount = normalize.parse_amount(value, max_digits=AMOUNT_DIGITS, messages=R21_AMOUNT_MESSAGES)
    except ValidationError as exc:
        raise ActionError(exc.messages, field=field) from None
    if amount == 0 and not allow_zero:
        raise ActionError(R21_AMOUNT_MESSAGES["zero"], field=field)
    return amount


def _require(actor, action: str, station: Station) -> Principal:
    p = Principal(actor)
    if not can(p, action, station):
        raise PermissionDenied
    return p


def _open(ledger: Ledger) -> Ledger:
    """The ledger as it is now in the database, refused when its year is closed (R21)."""
    ledger = Ledger.objects.select_related("station").get(pk=ledger.pk)
    if ledger.is_closed:
        raise ActionError(_("The books of %(year)s are closed: nothing more is recorded in them (R21).")
                          % {"year": ledger.year})
    return ledger


def _locked_ledger(ledger: Ledger) -> Ledger:
    """The per-station-year row that serialises numbering and posting (SELECT ... FOR UPDATE)."""
    return Ledger.objects.select_for_update().select_related("station").get(pk=ledger.pk)


# --- funding sources, years, accounts ---------------------------------------------------------------------------
@transaction.atomic
def add_funding_source(*, actor, station: Station, kind: str, reason: str, donor: str = "",
                       notes: str = "") -> FundingSource:
    """R7, R13, R14: a source a station's money comes from; donations name their donor."""
    _require(actor, "prepare", station)
    if kind not in FundingSource.Kind.values:
        raise ActionError(_("Choose the kind of source (R7)."), field="kind")
    donor = donor.strip()
    if FundingSource.objects.filter(station=station, kind=kind, donor=donor).exists():
        raise ActionError(_("The station has this source already."), field="donor")
    source = FundingSource(station=station, kind=kind, donor=donor, notes=notes.strip())
    tracked_save(source, actor=actor, reason=reason)
    return source


@transaction.atomic
def open_ledger(*, actor, station: Station, year: int, reason: str) -> Ledger:
    """Open a station's books for a year (R21)."""
    _require(actor, "prepare", station)
    if not 2000 <= int(year) <= 2100:
        raise ActionError(_("Enter a year between 2000 and 2100."), field="year")
    if Ledger.objects.filter(station=station, year=year).exists():
        raise ActionError(_("The books of %(year)s are open already.") % {"year": year}, field="year")
    ledger = Ledger(station=station, year=year)
    tracked_save(ledger, actor=actor, reason=reason, exclude=["last_number"])
    return ledger


@transaction.atomic
def create_account(*, actor, ledger: Ledger, code: str, name: str, purpose_kind: str, purpose: str,
                   sources, reason: str, opening_balance="0") -> Account:
    """A ring-fenced account (R21): one purpose per account and year, fed by named sources (R7)."""
    _require(actor, "prepare", ledger.station)
    ledger = _open(ledger)
    sources = list(sources)
    if not sources:
        raise ActionError(_("An account is fed by at least one funding source (R7)."), field="sources")
    if any(s.station_id != ledger.station_id for s in sources):
        raise ActionError(_("A source of another station cannot feed this account."), field="sources")
    purpose = purpose.strip()
    if Account.objects.filter(ledger=ledger, purpose=purpose).exists():
        raise ActionError(_("This purpose has its ring-fenced account already: one account per purpose (R21)."),
                          field="purpose")
    if Account.objects.filter(ledger=ledger, code=code.strip()).exists():
        raise ActionError(_("This account code is taken in this year."), field="code")
    account = Account(ledger=ledger, code=code.strip(), name=name.strip(), purpose_kind=purpose_kind,
                      purpose=purpose,
                      opening_balance=parse_amount(opening_balance, field="opening_balance", allow_zero=True))
    tracked_save(account, actor=actor, reason=reason)
    account.sources.set(sources)
    return account


# --- budgets ----------------------------------------------------------------------------------------------------
@transaction.atomic
def propose_budget(*, actor, account: Account, lines: dict, reason: str) -> Budget:
    """A new budget version (or the open draft revised): lines per category with amounts, and a reason (R21)."""
    _require(actor, "prepare", account.ledger.station)
    _open(account.ledger)
    reason = check_reason(reason)
    amounts = {}
    for category, value in lines.items():
        if category not in Category.values:
            raise ActionError(_("Unknown budget line."), field=category)
        if value in (None, ""):
            continue
        amounts[category] = parse_amount(value, field=category, allow_zero=True)
    if not amounts:
        raise ActionError(_("A budget has at least one line."))
    Account.objects.select_for_update().filter(pk=account.pk).first()  # one new version at a time
    budget = account.budgets.filter(status=Budget.Status.DRAFT).first()
    if budget is None:
        last = account.budgets.order_by("-version").first()
        budget = Budget(account=account, version=(last.version + 1) if last else 1, prepared_by=actor,
                        reason=reason)
    else:
        budget.reason, budget.prepared_by = reason, actor
    tracked_save(budget, actor=actor, reason=reason)
    existing = {line.category: line for line in budget.lines.all()}
    for category, line in existing.items():
        if category not in amounts:
            tracked_delete(line, actor=actor, reason=reason)  # a draft's line, never an approved one
    for category, amount in amounts.items():
        line = existing.get(category) or BudgetLine(budget=budget, category=category)
        line.amount = amount
        tracked_save(line, actor=actor, reason=reason)
    return budget


@transaction.atomic
def approve_budget(*, actor, budget: Budget, reason: str) -> Budget:
    """The township officer approves a budget version; the version it replaces is kept, superseded (R21)."""
    budget = Budget.objects.select_for_update().select_related("account__ledger__station").get(pk=budget.pk)
    _require(actor, "post", budget.account.ledger.station)
    _open(budget.account.ledger)
    if budget.prepared_by_id == actor.pk:
        raise ActionError(_("The person who prepared a budget cannot approve it (R21)."))
    previous = budget.account.budgets.filter(status=Budget.Status.APPROVED).first()
    Budget.workflow.step(budget, move="approve")  # refused before the version it would replace is touched
    if previous is not None:
        advance(previous, move="supersede", actor=actor, reason=reason)
    budget.approved_by, budget.approved_at = actor, timezone.now()
    advance(budget, move="approve", actor=actor, reason=reason)
    return budget


# --- vouchers ---------------------------------------------------------------------------------------------------
def _clean_entries(ledger: Ledger, entries) -> list[Entry]:
    rows = []
    transfer = defaultdict(Decimal)
    for index, data in enumerate(entries, start=1):
        account, source = data["account"], data["source"]
        direction, category = data["direction"], data.get("category") or Category.OTHER
        if account.ledger_id != ledger.pk:
            if account.ledger.station_id != ledger.station_id:
                raise ActionError(_("Line %(n)s: the account belongs to another station (R21).") % {"n": index})
            raise ActionError(_("Line %(n)s: the account belongs to another year's books.") % {"n": index})
        if direction not in Entry.Direction.values:
            raise ActionError(_("Line %(n)s: choose income, expense or a side of a transfer.") % {"n": index})
        if category not in Category.values:
            raise ActionError(_("Line %(n)s: unknown budget line.") % {"n": index})
        if source.station_id != ledger.station_id or not account.sources.filter(pk=source.pk).exists():
            raise ActionError(_("Line %(n)s: the source does not feed this account (R7).") % {"n": index})
        try:
            amount = parse_amount(data["amount"])
        except ActionError as exc:
            raise ActionError(_("Line %(n)s of the voucher cannot be saved: %(problem)s")
                              % {"n": index, "problem": exc.messages[0]}) from None
        if direction in (Entry.Direction.TRANSFER_IN, Entry.Direction.TRANSFER_OUT):
            transfer[direction] += amount
        rows.append(Entry(account=account, direction=direction, category=category, amount=amount, source=source))
    if not rows:
        raise ActionError(_("A voucher has at least one entry."))
    if transfer[Entry.Direction.TRANSFER_IN] != transfer[Entry.Direction.TRANSFER_OUT]:
        raise ActionError(_("A transfer between accounts records both sides with equal amounts (R21)."))
    if any(transfer.values()) and len({e.account_id for e in rows if e.direction.startswith("transfer")}) < 2:
        raise ActionError(_("A transfer moves money between two different accounts (R21)."))
    return rows


def _check_date(ledger: Ledger, date) -> None:
    if date.year != ledger.year:
        closed = Ledger.objects.filter(station=ledger.station_id, year=date.year, status=Ledger.Status.CLOSED)
        if closed.exists():
            raise ActionError(_("The books of %(year)s are closed: nothing more is recorded in them (R21).")
                              % {"year": date.year}, field="date")
        raise ActionError(_("The date must fall in %(year)s, the year of these books.") % {"year": ledger.year},
                          field="date")


@transaction.atomic
def prepare_voucher(*, actor, ledger: Ledger, date, summary: str, entries) -> Voucher:
    """A draft voucher with its entries, prepared by the station's worker or township officer (R21)."""
    _require(actor, "prepare", ledger.station)
    ledger = _open(ledger)
    _check_date(ledger, date)
    if not summary.strip():
        raise ActionError(_("Write what the voucher is for."), field="summary")
    rows = _clean_entries(ledger, entries)
    voucher = Voucher(ledger=ledger, date=date, summary=summary.strip(), prepared_by=actor)
    tracked_save(voucher, actor=actor, reason=_("Prepared"))
    for row in rows:
        row.voucher = voucher
        tracked_save(row, actor=actor, reason=_("Prepared"))
    return voucher


@transaction.atomic
def attach(*, actor, voucher: Voucher, file, name: str) -> Attachment:
    """A scan (invoice, receipt: PDF, JPEG or PNG, checked by the upload pipeline) added to a draft voucher; final
    once the voucher is posted."""
    _require(actor, "prepare", voucher.ledger.station)
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.status != Voucher.Status.DRAFT:
        raise ActionError(_("A posted or withdrawn voucher is final: nothing is added to it (R21)."))
    checked = check_upload(file, allowed=SCAN_TYPES, field="file")
    attachment = Attachment(voucher=voucher, name=name.strip()[:120] or checked.original_name[:120],
                            uploaded_by=actor)
    attachment.store(file, checked)
    tracked_save(attachment, actor=actor, reason=_("Attached"))
    return attachment


def _budget_overruns(voucher: Voucher, entries: list[Entry]) -> list[str]:
    """Expense lines of this voucher that would take a budget line beyond its approved amount."""
    wanted = defaultdict(Decimal)
    for e in entries:
        if e.direction == Entry.Direction.EXPENSE:
            wanted[(e.account_id, e.category)] += e.amount
    if not wanted:
        return []
    account_ids = {a for a, _c in wanted}
    budgeted = {
        (line.budget.account_id, line.category): line.amount
        for line in BudgetLine.objects.filter(budget__account_id__in=account_ids,
                                              budget__status=Budget.Status.APPROVED).select_related("budget")
    }
    spent = {
        (row["account_id"], row["category"]): reports.money(row["total"])
        for row in Entry.objects.filter(account_id__in=account_ids, direction=Entry.Direction.EXPENSE,
                                        voucher__status=Voucher.Status.POSTED)
        .values("account_id", "category").annotate(total=Sum("amount"))
    }
    accounts = {e.account_id: e.account for e in entries}
    problems = []
    for key, amount in wanted.items():
        limit = budgeted.get(key, Decimal("0.00"))
        after = spent.get(key, Decimal("0.00")) + amount
        if after <= limit:
            continue
        words = {"line": Category(key[1]).label, "account": accounts[key[0]], "after": after, "limit": limit,
                 "excess": after - limit}
        if limit > 0:
            problems.append(_(
                "The budget line “%(line)s” of %(account)s is approved for %(limit)s yuan; with this voucher its "
                "expenses reach %(after)s yuan, %(excess)s yuan beyond it. The township officer may post it with "
                "an override reason (R21).") % words)
        else:
            problems.append(_(
                "The budget line “%(line)s” of %(account)s has no approved budget; with this voucher its expenses "
                "reach %(after)s yuan, all of it beyond the budget. The township officer may post it with an "
                "override reason (R21).") % words)
    return problems


@transaction.atomic
def post_voucher(*, actor, voucher: Voucher, override_reason: str = "", no_attachment_reason: str = "") -> Voucher:
    """The township officer posts a voucher someone else prepared (maker-checker, R21): it gets the next number
    of its station and year and is final from then on. A voucher without any attachment is posted only with the
    reason why (issue 13 item 3), kept as the reason of its status change and history row."""
    p = Principal(actor)
    if not can(p, "post", voucher.ledger.station):
        raise PermissionDenied
    ledger = _locked_ledger(voucher.ledger)  # serialises posts of this station and year
    _open(ledger)
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.prepared_by_id == actor.pk:
        raise ActionError(_("The person who prepared a voucher cannot post it (R21)."))
    reason = _("Posted")
    if voucher.reverses_id is None and not voucher.attachments.exists():  # a reversal mirrors a posted voucher
        if not no_attachment_reason.strip():
            raise ActionError(_("This voucher has no attachment (invoice, receipt): attach a scan first, or write why "
                                "it is posted without one."), field="no_attachment_reason")
        try:
            reason = check_reason(no_attachment_reason)
        except ActionError as exc:
            raise ActionError(exc.messages, field="no_attachment_reason") from None

    def number(step):
        entries = list(voucher.entries.select_related("account"))
        if voucher.reverses_id is None:
            problems = _budget_overruns(voucher, entries)
            if problems and not override_reason.strip():
                raise ActionError(problems, field="override_reason")
            if problems:
                voucher.budget_override = override_reason.strip()[:200]
        Ledger.objects.filter(pk=ledger.pk).update(last_number=F("last_number") + 1)
        voucher.number, voucher.posted_by, voucher.posted_at = ledger.last_number + 1, actor, timezone.now()
        voucher.ledger = ledger

    advance(voucher, move="post", actor=actor, reason=reason, effects=number)
    return voucher


@transaction.atomic
def withdraw_voucher(*, actor, voucher: Voucher, reason: str) -> Voucher:
    """A draft that will not be posted is withdrawn with a reason, never deleted (R21): it stays on record,
    unnumbered, and no longer awaits posting. Its preparer or the township officer withdraws it."""
    reason = check_reason(reason)
    p = _require(actor, "prepare", voucher.ledger.station)
    _open(voucher.ledger)
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.prepared_by_id != actor.pk and not can(p, "post", voucher.ledger.station):
        raise ActionError(_("Only its preparer or the township officer withdraws a draft voucher."))
    advance(voucher, move="withdraw", actor=actor, reason=reason)
    return voucher


@transaction.atomic
def prepare_reversal(*, actor, voucher: Voucher, reason: str, date=None) -> Voucher:
    """A correction (R21): a draft voucher that points to a posted one and mirrors its entries with negative
    amounts, so that the two net to zero. It is posted like any voucher, by someone other than its preparer."""
    reason = check_reason(reason)
    _require(actor, "prepare", voucher.ledger.station)
    original = Voucher.objects.select_for_update().select_related("ledger").get(pk=voucher.pk)
    _open(original.ledger)
    if not original.is_posted:
        raise ActionError(_("Only a posted voucher is reversed; a draft is corrected before posting."))
    if original.reverses_id is not None:
        raise ActionError(_("A reversal is not reversed again; prepare a new voucher instead."))
    if Voucher.objects.filter(reverses=original).exists():
        raise ActionError(_("This voucher has its reversal already."))
    date = date or timezone.localdate()
    if date.year != original.ledger.year:
        date = original.date
    reversal = Voucher(ledger=original.ledger, date=date, prepared_by=actor, reverses=original,
                       summary=(_("Reversal of %(voucher)s: %(reason)s") % {"voucher": original,
                                                                           "reason": reason})[:200])
    tracked_save(reversal, actor=actor, reason=reason)
    for entry in original.entries.all():
        mirror = Entry(voucher=reversal, account_id=entry.account_id, direction=entry.direction,
                       category=entry.category, amount=-entry.amount, source_id=entry.source_id, reversal=True)
        tracked_save(mirror, actor=actor, reason=reason)
    return reversal


# --- final accounts ---------------------------------------------------------------------------------------------
@transaction.atomic
def prepare_final_accounts(*, actor, ledger: Ledger) -> FinalAccounts:
    """The year-end final accounts (决算, R21): the figures of every account from the posted entries."""
    _require(actor, "prepare", ledger.station)
    ledger = _locked_ledger(ledger)
    _open(ledger)
    figures = reports.final_figures(ledger)
    final = FinalAccounts.objects.filter(ledger=ledger).first()
    if final is None:
        final = FinalAccounts(ledger=ledger, prepared_by=actor, figures=figures, prepared_at=timezone.now())
        tracked_save(final, actor=actor, reason=_("Prepared"))
        return final
    final.prepared_by, final.figures, final.prepared_at = actor, figures, timezone.now()
    advance(final, move="prepare", actor=actor, reason=_("Prepared"))
    return final


@transaction.atomic
def review_final_accounts(*, actor, final: FinalAccounts, opinion: str) -> FinalAccounts:
    """The district bureau reviews the final accounts and records its opinion; the year is then closed and
    locked (R21). Refused when vouchers were posted since the figures were prepared."""
    ledger = _locked_ledger(final.ledger)
    _require(actor, "review", ledger.station)
    final = FinalAccounts.objects.select_for_update().get(pk=final.pk)
    if not opinion.strip():
        raise ActionError(_("Write the review opinion."), field="opinion")
    if final.prepared_by_id == actor.pk:
        raise ActionError(_("The person who prepared the final accounts cannot review them (R21)."))
    if reports.final_figures(ledger) != final.figures:
        raise ActionError(_("Vouchers were posted since the final accounts were prepared: prepare them again "
                            "before the review (R21)."))
    # The opinion is kept whole on the record; the history's reason names the step.
    final.reviewed_by, final.reviewed_at, final.review_opinion = actor, timezone.now(), opinion.strip()
    advance(final, move="review", actor=actor, reason=_("Final accounts reviewed"))
    ledger.closed_at, ledger.closed_by = final.reviewed_at, actor
    advance(ledger, move="close", actor=actor, reason=_("Final accounts reviewed"), exclude=["last_number"])
    return final
