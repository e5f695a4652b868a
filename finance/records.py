"""The records finance keeps for the archive (issue 10 "Seams", `ningbo_sws.lib.records`): the year's vouchers.

Accounting archives are kept permanently (R21); R22 lists them under "other records"."""

from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.records import Category, RecordSource

from . import queries


def vouchers(p, station, year):
    """The year's vouchers the user may see (not the city bureau: figures only)."""
    return (queries.visible_vouchers(p).filter(ledger__station=station, ledger__year=year)
            .select_related("prepared_by", "posted_by").order_by("number", "date", "id"))


SOURCES = [
    RecordSource("finance.vouchers", Category.OTHER, _("Accounting vouchers"), vouchers, order=900),
]
