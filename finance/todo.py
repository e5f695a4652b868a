"""What waits for whom in finance (issue 10 "Seams", `ningbo_sws.lib.todo`)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from ningbo_sws.lib.todo import Item, Todo
from stations.models import Role

from .models import Ledger, Voucher


def vouchers_to_post(p) -> list[Item]:
    """Township officer: drafts prepared by someone else at their stations, in open books (maker-checker, R21:
    the officer never posts what they prepared). One query."""
    rows = (Voucher.objects.filter(ledger__station__in=p.stations([Role.TOWNSHIP]), status=Voucher.Status.DRAFT,
                                   ledger__status=Ledger.Status.OPEN)
            .exclude(prepared_by=p.user)
            .values("ledger_id", "ledger__year", "ledger__station__name").annotate(n=Count("pk"))
            .order_by("ledger__station__name", "-ledger__year"))
    return [Item(_("%(station)s, %(year)s: vouchers to post") % {"station": r["ledger__station__name"],
                                                                  "year": r["ledger__year"]}, r["n"],
                 f"{reverse('finance:voucher_list', kwargs={'ledger_id': r['ledger_id']})}?status=draft")
            for r in rows]


TODOS = [
    Todo("finance.to_post", frozenset({Role.TOWNSHIP}), vouchers_to_post, order=50),
]
