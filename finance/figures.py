"""The figures finance knows about a station in a year (issue 10 "Seams", `ningbo_sws.lib.figures`): income,
expense, approved budget, budget execution and income by source (R7, R13, R14, R21). Sums of posted entries in
yuan to the fen; one query per figure (two for the execution), whatever the number of stations."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.figures import Figure, Unit, in_months

from .models import Budget, BudgetLine, Category, Entry, FundingSource, Voucher
from .reports import money

POSTED = {"voucher__status": Voucher.Status.POSTED}


def _posted(direction, **more):
    """Posted entries of `direction` in the year's books; with `months`, of vouchers dated in those months (R23)."""
    def compute(station_ids, *, year, months=None):
        period = [in_months("voucher__date", year, months)] if months else []
        rows = (Entry.objects.filter(*period, voucher__ledger__station_id__in=station_ids,
                                     voucher__ledger__year=year, direction=direction, **POSTED, **more)
                .values("voucher__ledger__station_id").annotate(total=Sum("amount")))
        return {r["voucher__ledger__station_id"]: money(r["total"]) for r in rows}

    return compute


income = _posted(Entry.Direction.INCOME)
expense = _posted(Entry.Direction.EXPENSE)


def budget(station_ids, *, year):
    """The approved budget of the year's accounts."""
    rows = (BudgetLine.objects.filter(budget__account__ledger__station_id__in=station_ids,
                                      budget__account__ledger__year=year, budget__status=Budget.Status.APPROVED)
            .values("budget__account__ledger__station_id").annotate(total=Sum("amount")))
    return {r["budget__account__ledger__station_id"]: money(r["total"]) for r in rows}


def execution(station_ids, *, year, months=None):
    """Budget execution: posted expense as a share of the approved budget (stations with a budget). With
    `months` (a quarter's disclosure), the expense of the year up to the last of them: execution is cumulative."""
    spent = expense(station_ids, year=year, months=tuple(range(1, max(months) + 1)) if months else None)
    return {sid: (100 * spent.get(sid, Decimal(0)) / total).quantize(Decimal("0.1"))
            for sid, total in budget(station_ids, year=year).items() if total}


FIGURES = [
    Figure("finance.income", _("Income"), Unit.YUAN, income, order=500, periodic=True),
    Figure("finance.expense", _("Expense"), Unit.YUAN, expense, order=501, periodic=True),
    Figure("finance.budget", _("Approved budget"), Unit.YUAN, budget, order=502),
    Figure("finance.budget_execution", _("Budget execution"), Unit.PERCENT, execution, order=503, periodic=True),
    *(Figure(f"finance.income.{kind.value}", kind.label, Unit.YUAN,
             _posted(Entry.Direction.INCOME, source__kind=kind.value), order=510 + i, periodic=True)
      for i, kind in enumerate(FundingSource.Kind)),
    # R23: spending by budget line, for the disclosure reports
    *(Figure(f"finance.expense.{line.value}", line.label, Unit.YUAN,
             _posted(Entry.Direction.EXPENSE, category=line.value), order=530 + i, periodic=True)
      for i, line in enumerate(Category)),
]
