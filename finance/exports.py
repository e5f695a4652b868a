"""The reports as .xlsx (through the one exporter, `ningbo_sws.lib.export`) and as a printable PDF (WeasyPrint,
with the CJK font embedded), both made from the same `reports.Table` as the page, so every format shows the same
figures to the fen (R21)."""

from django.template.loader import render_to_string
from django.utils import timezone

from ningbo_sws.lib import export

from .reports import Table

CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def xlsx(table: Table) -> bytes:
    """The report through the one exporter: a title row, the header, the rows, the total in bold, the notes."""
    return export.xlsx_bytes([export.Sheet("report", table.columns, table.rows, heading=table.title,
                                           total=table.total, notes=table.notes, freeze="")])


def pdf(table: Table, *, station_name: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("finance/report_print.html", {
        "table": table, "station_name": station_name, "font": CJK_FONT, "printed_at": timezone.localtime(),
    })
    return HTML(string=html).write_pdf()
