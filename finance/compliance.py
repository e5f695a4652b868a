"""R21 on the station report card: a ring-fenced account for the year, and last year's final accounts reviewed.

Checks many stations in one query (the district table of 162 stations costs the same as one station)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from ningbo_sws.lib.compliance import Finding, Status

from .models import FinalAccounts, Ledger


def check_r21(stations, *, year: int) -> dict[int, Finding]:
    station_ids = [s.pk for s in stations]
    ledgers = {}
    for ledger in (Ledger.objects.filter(station_id__in=station_ids, year__in=(year, year - 1))
                   .annotate(account_count=Count("accounts")).select_related("final_accounts")):
        ledgers[(ledger.station_id, ledger.year)] = ledger
    findings = {}
    for sid in station_ids:
        current, previous = ledgers.get((sid, year)), ledgers.get((sid, year - 1))
        if current is None and previous is None:
            findings[sid] = Finding(Status.NOT_RECORDED, _("No books recorded (R21)."))
            continue
        if current is None or current.account_count == 0:
            findings[sid] = Finding(Status.NOT_MET, _("No ring-fenced account for %(year)s (R21).") % {"year": year})
            continue
        if previous is not None:
            final = getattr(previous, "final_accounts", None)
            if final is None or final.status != FinalAccounts.Status.REVIEWED:
                findings[sid] = Finding(Status.NOT_MET, _("The final accounts of %(year)s are not reviewed (R21).")
                                        % {"year": year - 1})
                continue
        findings[sid] = Finding(Status.MET, _("%(count)s ring-fenced accounts in %(year)s (R21).")
                                % {"count": current.account_count, "year": year})
    return findings


def fix_r21(station, *, year) -> str:
    """R21 is fixed in the station's books: accounts of the year, final accounts of the last (issue 13 item 3)."""
    return reverse("finance:station", args=[station.pk])
