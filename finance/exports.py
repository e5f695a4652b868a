"""The reports as .xlsx (through the one exporter, `ningbo_sws.lib.export`) and as a printable PDF (the one
renderer, `ningbo_sws.lib.pdf`, with the Chinese font stack embedded), both made from the same `reports.Table` as
the page, so every format shows the same figures to the fen (R21)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from ningbo_sws.lib import export
from ningbo_sws.lib.pdf import render_template
from ningbo_sws.lib.subtotals import grouped
from stations.exports import xlsx_download

from .reports import Table, percent


def xlsx(table: Table) -> bytes:
    """The report through the one exporter: a title row, the header, the rows, the total in bold, the notes."""
    return export.xlsx_bytes([export.Sheet("report", table.columns, table.rows, heading=table.title,
                                           total=table.total, notes=table.notes, freeze="")])


def pdf(table: Table, *, station_name: str) -> bytes:
    return render_template("finance/report_print.html", {
        "table": table, "station_name": station_name, "printed_at": timezone.localtime(),
    })


# --- the overview of the bureaus, by district with subtotals (issue 13 item 7, lane lists) -------------------------
MONEY = ("income", "expense", "closing", "budget")


def _numbers(row) -> dict:
    _station, summary = row
    return {name: summary[name] for name in MONEY} | {"books": 1 if summary["ledger"] else 0}


def by_district(rows):
    """(station, summary) rows in groups per district with the sums of money and the share of the budget used."""
    groups, total = grouped(rows, key=lambda row: row[0].district, values=_numbers)
    for sums in [g.subtotal for g in groups] + [total]:
        sums["used"] = percent(sums.get("expense", 0), sums.get("budget", 0))
    return groups, total


def overview_xlsx(request, groups, total, year: int):
    """The overview as the page shows it: money as numbers with two decimals, the share used as a percent."""
    headers = [_("District"), _("Station"), _("Income"), _("Expense"), _("Closing balance"), _("Approved budget"),
               _("Used"), _("Note")]
    data = []
    for group in groups:
        for station, s in group.rows:
            data.append([group.key.name, station.name, *[s[name] for name in MONEY], s["used"], ""] if s["ledger"]
                        else [group.key.name, station.name, None, None, None, None, None,
                              _("No books for this year.")])
        data.append([group.key.name, _("Subtotal of %(district)s") % {"district": group.key.name},
                     *[group.subtotal[name] for name in MONEY], group.subtotal["used"], ""])
    title = _("Finance of the stations, %(year)s") % {"year": year}
    return xlsx_download(request, filename=f"{title}.xlsx", table=_("finance overview"), sheets=[export.Sheet(
        title[:31], headers, data, total=[_("Total"), "", *[total.get(name, 0) for name in MONEY],
                                          total["used"], ""])])
