"""The reports as .xlsx (openpyxl) and as a printable PDF (`ningbo_sws.lib.pdf`, the Chinese fonts embedded),
both made from the same `reports.Table` as the page, so every format shows the same figures to the fen (R21)."""

import io
from decimal import Decimal

from django.utils import timezone

from ningbo_sws.lib.pdf import render_template

from .reports import Table


def xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "report"
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(table.columns)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows + ([table.total] if table.total else []):
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, Decimal):
                cell.number_format = "#,##0.00"
    if table.total:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for note in table.notes:
        sheet.append([note])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf(table: Table, *, station_name: str) -> bytes:
    return render_template("finance/report_print.html", {
        "table": table, "station_name": station_name, "printed_at": timezone.localtime(),
    })
