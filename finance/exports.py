"""The reports as .xlsx (through the one exporter, `ningbo_sws.lib.export`) and as a printable PDF (the one
renderer, `ningbo_sws.lib.pdf`, with the Chinese font stack embedded), both made from the same `reports.Table` as
the page, so every format shows the same figures to the fen (R21)."""

from django.utils import timezone

from ningbo_sws.lib import export
from ningbo_sws.lib.pdf import render_template

from .reports import Table


def xlsx(table: Table) -> bytes:
    """The report through the one exporter: a title row, the header, the rows, the total in bold, the notes."""
    return export.xlsx_bytes([export.Sheet("report", table.columns, table.rows, heading=table.title,
                                           total=table.total, notes=table.notes, freeze="")])


def pdf(table: Table, *, station_name: str) -> bytes:
    return render_template("finance/report_print.html", {
        "table": table, "station_name": station_name, "printed_at": timezone.localtime(),
    })
