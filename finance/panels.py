"""The landing-page panel of the finance app: vouchers awaiting posting at the user's stations (one query)."""

from django.db.models import Count
from django.template.loader import render_to_string

from stations.models import Role

from .models import Voucher

PANEL_ROLES = frozenset({Role.TOWNSHIP, Role.WORKER})


def awaiting_posting(request, principal) -> str:
    stations = principal.stations(PANEL_ROLES)
    rows = (Voucher.objects.filter(ledger__station__in=stations, status=Voucher.Status.DRAFT,
                                   ledger__status="open")
            .values("ledger_id", "ledger__year", "ledger__station__name").annotate(count=Count("pk"))
            .order_by("ledger__station__name", "-ledger__year"))
    return render_to_string("finance/_panel.html", {"rows": list(rows)}, request=request)
