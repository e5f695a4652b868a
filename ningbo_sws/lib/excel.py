"""Excel (.xlsx) exports with openpyxl: a bold, frozen header row, sensible column widths, one sheet per table.

    return xlsx_response("海曙区合规.xlsx", [Sheet("合规", headers, rows)])
"""

from dataclasses import dataclass, field
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


def _width(value) -> int:
    text = "" if value is None else str(value)
    # CJK characters take two columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def workbook(sheets: list[Sheet]) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    header_fill = PatternFill("solid", fgColor="EEF1F5")
    for sheet in sheets:
        ws = book.create_sheet(title=str(sheet.title)[:31])
        ws.append([str(h) for h in sheet.headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in sheet.rows:
            ws.append([value if isinstance(value, int | float) or value is None else str(value) for value in row])
        ws.freeze_panes = "B2"
        for index, header in enumerate(sheet.headers, start=1):
            widest = max([_width(header)] + [_width(r[index - 1]) for r in sheet.rows[:500]])
            ws.column_dimensions[get_column_letter(index)].width = min(max(8, widest + 2), 60)
    return book


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    buffer = BytesIO()
    workbook(sheets).save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
