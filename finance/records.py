"""The records finance keeps for the archive (issue 10 "Seams", `ningbo_sws.lib.records`): the year's vouchers.

Accounting archives are kept permanently (R21); R22 lists them under "other records"."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.records import Category, Entry, RecordSource, stored_files, words

from . import queries
from .models import Voucher


def vouchers(p, station, year):
    """The year's vouchers the user may see (not the city bureau: figures only), with their attachments."""
    return (queries.visible_vouchers(p).filter(ledger__station=station, ledger__year=year)
            .select_related("ledger", "prepared_by", "posted_by").prefetch_related("attachments")
            .order_by("number", "date", "id"))


def all_vouchers(station_ids, year):
    """Every voucher of the stations' books of the year (counted for R22's completeness, never shown)."""
    return Voucher.objects.filter(ledger__station_id__in=station_ids, ledger__year=year)


def describe_voucher(voucher) -> Entry:
    attachments = voucher.attachments.all()
    return Entry(title=gettext("%(voucher)s: %(summary)s") % {"voucher": voucher, "summary": voucher.summary}
                 if voucher.number else str(voucher),
                 date=voucher.date,
                 text=words(voucher.summary, voucher.get_status_display(), *(a.name for a in attachments)),
                 url=voucher.get_absolute_url(), files=stored_files(attachments))


SOURCES = [
    RecordSource("finance.vouchers", Category.OTHER, _("Accounting vouchers"), vouchers, order=900,
                 describe=describe_voucher, all_records=all_vouchers,
                 station_field="ledger__station"),
]
