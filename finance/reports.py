"""The finance reports (R21): account balances, budget execution, income by source, final accounts (决算).

Every figure is a sum of posted entries computed in the database (Decimal, to the fen), a fixed number of
queries whatever the number of entries. Each report is a `Table`, the one thing the page, the .xlsx and the PDF
are made from, so the three always show the same figures.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib import export
from ningbo_sws.lib.words import user_name

from .models import Account, Budget, BudgetLine, Category, Entry, FinalAccounts, Ledger, Voucher

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def money(value) -> Decimal:
    """A database sum as exact yuan: SQLite sums decimals in floating point, so round back to the fen (the
    error there is far below a fen for any realistic book); PostgreSQL's numeric sum is exact already."""
    return (value or ZERO).quantize(CENT)
D = Entry.Direction


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    notes: list[str] = field(default_factory=list)


REPORTS = {
    "balances": gettext_lazy("Account balances"),
    "execution": gettext_lazy("Budget execution"),
    "income": gettext_lazy("Income by source"),
    "final": gettext_lazy("Final accounts"),
}


def posted_entries(ledger_or_ids):
    qs = Entry.objects.filter(voucher__status=Voucher.Status.POSTED)
    if isinstance(ledger_or_ids, Ledger):
        return qs.filter(voucher__ledger=ledger_or_ids)
    return qs.filter(voucher__ledger_id__in=ledger_or_ids)


def account_movements(ledger: Ledger) -> dict[int, dict[str, Decimal]]:
    """account id -> direction -> sum of posted amounts (reversals included, negative). One query."""
    result: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in posted_entries(ledger).values("account_id", "direction").annotate(total=Sum("amount")):
        result[row["account_id"]][row["direction"]] = money(row["total"])
    return result


def balance_rows(ledger: Ledger) -> list[dict]:
    """Per account: opening, income, expense, transfers in and out, closing balance. Two queries."""
    moves = account_movements(ledger)
    rows = []
    for account in Account.objects.filter(ledger=ledger).order_by("code"):
        m = moves[account.pk]
        closing = (account.opening_balance + m[D.INCOME] + m[D.TRANSFER_IN] - m[D.EXPENSE] - m[D.TRANSFER_OUT])
        rows.append({"account": account, "opening": account.opening_balance, "income": m[D.INCOME],
                     "expense": m[D.EXPENSE], "transfer_in": m[D.TRANSFER_IN], "transfer_out": m[D.TRANSFER_OUT],
                     "closing": closing})
    return rows


def _sum(rows, key) -> Decimal:
    return sum((r[key] for r in rows), ZERO)


def balances(ledger: Ledger) -> Table:
    rows = balance_rows(ledger)
    keys = ("opening", "income", "expense", "transfer_in", "transfer_out", "closing")
    return Table(
        title=_("Account balances, %(ledger)s") % {"ledger": ledger},
        columns=[_("Account"), _("Purpose"), _("Opening balance"), _("Income"), _("Expense"), _("Transfer in"),
                 _("Transfer out"), _("Closing balance")],
        rows=[[str(r["account"]), r["account"].purpose, *(r[k] for k in keys)] for r in rows],
        total=[_("Total"), "", *(_sum(rows, k) for k in keys)],
    )


def execution_rows(ledger: Ledger) -> list[dict]:
    """Per account and budget line: approved budget, actual expense, remaining, % used. Three queries."""
    accounts = {a.pk: a for a in Account.objects.filter(ledger=ledger).order_by("code")}
    budget = defaultdict(lambda: ZERO)
    versions = {}
    for line in BudgetLine.objects.filter(budget__account__ledger=ledger,
                                          budget__status=Budget.Status.APPROVED).select_related("budget"):
        budget[(line.budget.account_id, line.category)] = line.amount
        versions[line.budget.account_id] = line.budget.version
    actual = defaultdict(lambda: ZERO)
    for row in posted_entries(ledger).filter(direction=D.EXPENSE).values("account_id", "category").annotate(
            total=Sum("amount")):
        actual[(row["account_id"], row["category"])] = money(row["total"])
    rows = []
    for account_id, account in accounts.items():
        for category in Category:
            key = (account_id, category.value)
            if key not in budget and key not in actual:
                continue
            b, a = budget[key], actual[key]
            rows.append({"account": account, "version": versions.get(account_id), "category": category.label,
                         "budget": b, "actual": a, "remaining": b - a, "used": percent(a, b)})
    return rows


def percent(part: Decimal, whole: Decimal) -> "export.Percent | str":
    """Shown as 25.0% on the page, a number with a percent format in the .xlsx (R21: the same figure in both)."""
    return export.Percent.of(part, whole)


def execution(ledger: Ledger) -> Table:
    rows = execution_rows(ledger)
    total_budget, total_actual = _sum(rows, "budget"), _sum(rows, "actual")
    return Table(
        title=_("Budget execution, %(ledger)s") % {"ledger": ledger},
        columns=[_("Account"), _("Budget version"), _("Budget line"), _("Budget"), _("Actual"), _("Remaining"),
                 _("Used")],
        rows=[[str(r["account"]), r["version"] or "—", str(r["category"]), r["budget"], r["actual"],
               r["remaining"], r["used"]] for r in rows],
        total=[_("Total"), "", "", total_budget, total_actual, total_budget - total_actual,
               percent(total_actual, total_budget)],
    )


def income_rows(ledger: Ledger) -> list[dict]:
    """Per funding source: posted income (R7: every money record names its source). One query."""
    rows = (posted_entries(ledger).filter(direction=D.INCOME)
            .values("source__kind", "source__donor").annotate(total=Sum("amount"))
            .order_by("source__kind", "source__donor"))
    from .models import FundingSource

    return [{"source": FundingSource(kind=r["source__kind"], donor=r["source__donor"]), "total": money(r["total"])}
            for r in rows]


def income(ledger: Ledger) -> Table:
    rows = income_rows(ledger)
    return Table(
        title=_("Income by source, %(ledger)s") % {"ledger": ledger},
        columns=[_("Source"), _("Income")],
        rows=[[str(r["source"]), r["total"]] for r in rows],
        total=[_("Total"), _sum(rows, "total")],
    )


def final_figures(ledger: Ledger) -> dict:
    """The figures of the final accounts, kept as strings (exact to the fen) in the review record."""
    return {
        r["account"].code: {k: str(r[k]) for k in ("opening", "income", "expense", "transfer_in", "transfer_out",
                                                   "closing")}
        for r in balance_rows(ledger)
    }


def final(ledger: Ledger) -> Table:
    table = balances(ledger)
    table.title = _("Final accounts, %(ledger)s") % {"ledger": ledger}
    record = FinalAccounts.objects.filter(ledger=ledger).select_related("prepared_by", "reviewed_by").first()
    if record is None:
        table.notes.append(_("The final accounts are not prepared yet."))
        return table
    # The figures as prepared and reviewed; they agree with the posted entries (the review refuses otherwise).
    keys = ("opening", "income", "expense", "transfer_in", "transfer_out", "closing")
    names = {a.code: a for a in Account.objects.filter(ledger=ledger)}
    table.rows = [[str(names[code]) if code in names else code, names[code].purpose if code in names else "",
                   *(Decimal(fig[k]) for k in keys)] for code, fig in sorted(record.figures.items())]
    table.total = [_("Total"), "", *(sum((Decimal(f[k]) for f in record.figures.values()), ZERO) for k in keys)]
    table.notes.append(_("Prepared by %(who)s on %(when)s.") % {
        "who": user_name(record.prepared_by),
        "when": timezone.localtime(record.prepared_at).strftime("%Y-%m-%d")})
    if record.status == FinalAccounts.Status.REVIEWED:
        table.notes.append(_("Reviewed by %(who)s on %(when)s: %(opinion)s") % {
            "who": user_name(record.reviewed_by),
            "when": timezone.localtime(record.reviewed_at).strftime("%Y-%m-%d"), "opinion": record.review_opinion})
    else:
        table.notes.append(_("Not reviewed yet."))
    return table


BUILDERS = {"balances": balances, "execution": execution, "income": income, "final": final}


def station_summaries(stations, year: int) -> dict[int, dict]:
    """For many stations at once (district and city): income, expense, closing balance, approved budget and %
    used in `year`. Four queries whatever the number of stations."""
    station_ids = [s.pk for s in stations]
    ledgers = {lg.pk: lg for lg in Ledger.objects.filter(station_id__in=station_ids, year=year)}
    out = {sid: {"ledger": None, "opening": ZERO, "income": ZERO, "expense": ZERO, "transfer": ZERO,
                 "budget": ZERO} for sid in station_ids}
    for lg in ledgers.values():
        out[lg.station_id]["ledger"] = lg
    for row in Account.objects.filter(ledger_id__in=ledgers).values("ledger__station_id").annotate(
            total=Sum("opening_balance")):
        out[row["ledger__station_id"]]["opening"] = money(row["total"])
    for row in posted_entries(list(ledgers)).values("voucher__ledger__station_id", "direction").annotate(
            total=Sum("amount")):
        key = {D.INCOME: "income", D.EXPENSE: "expense"}.get(row["direction"])
        if key:
            out[row["voucher__ledger__station_id"]][key] += money(row["total"])
    for row in BudgetLine.objects.filter(budget__account__ledger_id__in=ledgers,
                                         budget__status=Budget.Status.APPROVED).values(
            "budget__account__ledger__station_id").annotate(total=Sum("amount")):
        out[row["budget__account__ledger__station_id"]]["budget"] = money(row["total"])
    for values in out.values():
        values["closing"] = values["opening"] + values["income"] - values["expense"]  # transfers net to zero
        values["used"] = percent(values["expense"], values["budget"])
    return out
