"""Reads of the finance app scoped to the asking user's Principal: the list counterparts of the gates in
`access.py` (issue 10). No query until evaluated."""

from stations.access import Principal, scoped

from .access import FINANCE_POLICY
from .models import Account, Attachment, Budget, FinalAccounts, FundingSource, Ledger, Voucher


def visible_funding_sources(p: Principal):
    return scoped(FundingSource.objects.all(), p, policy=FINANCE_POLICY)


def visible_ledgers(p: Principal):
    return scoped(Ledger.objects.all(), p, policy=FINANCE_POLICY)


def visible_accounts(p: Principal):
    return scoped(Account.objects.all(), p, policy=FINANCE_POLICY, station_field="ledger__station")


def visible_budgets(p: Principal):
    return scoped(Budget.objects.all(), p, policy=FINANCE_POLICY, station_field="account__ledger__station")


def visible_final_accounts(p: Principal):
    return scoped(FinalAccounts.objects.all(), p, policy=FINANCE_POLICY, station_field="ledger__station")


def visible_vouchers(p: Principal):
    """Vouchers: not for the city bureau (figures only)."""
    return scoped(Voucher.objects.all(), p, policy=FINANCE_POLICY, action="vouchers",
                  station_field="ledger__station")


def visible_voucher_attachments(p: Principal):
    return scoped(Attachment.objects.all(), p, policy=FINANCE_POLICY, action="vouchers",
                  station_field="voucher__ledger__station")


def account_feeds(ledger: Ledger) -> dict[int, set[int]]:
    """Account id -> ids of the funding sources that feed it, for the books of one year (one query): the voucher
    form offers and accepts only those for an entry (R7, issue 13 item 3)."""
    feeds: dict[int, set[int]] = {}
    for account_id, source_id in Account.sources.through.objects.filter(account__ledger=ledger).values_list(
            "account_id", "fundingsource_id"):
        feeds.setdefault(account_id, set()).add(source_id)
    return feeds
