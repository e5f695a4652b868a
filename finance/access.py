"""Who may see and do what with a station's finance (R6, R21), and the gates of the finance object kinds.

- The township officer and the station's workers see everything of their station's books and prepare vouchers,
  accounts and budgets; the township officer (the responsible entity, R6) posts vouchers and approves budgets,
  and never posts a voucher they prepared (maker-checker, R21).
- The district bureau sees the figures of its district's stations and their vouchers, and reviews the final
  accounts (which closes the year); the city bureau sees figures (balances, budget execution) only, no vouchers
  or attachments; the auditor reads everything and changes nothing.
"""

from stations.access import gate, station_for
from stations.models import Role, Station

from .models import Account, Ledger, Voucher

FINANCE_POLICY = {
    "view": frozenset({Role.CITY, Role.AUDITOR, Role.DISTRICT, Role.TOWNSHIP, Role.WORKER}),  # figures
    "vouchers": frozenset({Role.AUDITOR, Role.DISTRICT, Role.TOWNSHIP, Role.WORKER}),  # vouchers, attachments
    "prepare": frozenset({Role.TOWNSHIP, Role.WORKER}),
    "post": frozenset({Role.TOWNSHIP}),  # post vouchers, approve budgets
    "review": frozenset({Role.DISTRICT}),  # review final accounts, which closes the year
}
FINANCE_ROLES = FINANCE_POLICY["view"]


def can(p, action: str, station: Station) -> bool:
    return p.can_station(action, station, policy=FINANCE_POLICY)


def station_finance_for(request, station_id, action: str = "view") -> Station:
    """The gate of a station's finance pages: 404 outside scope (or for roles without finance), 403 without the
    right to `action`."""
    return station_for(request, station_id, action, policy=FINANCE_POLICY)


def ledger_for(request, ledger_id, action: str = "view") -> Ledger:
    return gate(request, Ledger.objects.select_related("station__township", "station__district")
                .filter(pk=ledger_id), action=action, policy=FINANCE_POLICY)


def account_for(request, account_id, action: str = "view") -> Account:
    return gate(request, Account.objects.select_related("ledger__station__township", "ledger__station__district")
                .filter(pk=account_id), action=action, policy=FINANCE_POLICY, station_of=_ledger_station)


def voucher_for(request, voucher_id, action: str = "vouchers") -> Voucher:
    """Vouchers and their attachments: not for the city bureau (figures only), nor outside scope."""
    return gate(request, Voucher.objects.select_related(
        "ledger__station__township", "ledger__station__district", "prepared_by", "posted_by", "reverses",
    ).filter(pk=voucher_id), action=action, policy=FINANCE_POLICY, station_of=_ledger_station,
        view_action="vouchers")


def _ledger_station(obj) -> Station:
    return obj.ledger.station
