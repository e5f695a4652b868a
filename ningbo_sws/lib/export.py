"""One exporter: tables as .xlsx (openpyxl, write-only) or CSV (UTF-8 with BOM, so Excel opens Chinese), formula-safe
in one place (issue 10 "one exporter", issue 9 item 9).

    return export.xlsx_response("海曙区合规.xlsx", [export.Sheet("合规", headers, rows)])
    return export.csv_response("recipients.csv", rows)

Every text cell goes through `safe()`: a text that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return, also their full-width forms) is written with a leading apostrophe, so it shows as
typed and never runs. Numbers stay numbers (Decimal with two places), `Percent` is a number with a percent
format, dates are dates. No fonts are named: the reader's spreadsheet chooses them.
"""

import csv
import datetime
import io
import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WIDTH_SAMPLE_ROWS = 200


class Percent:
    """A share shown as a percentage: `Percent(Decimal("0.25"))` is 25.0% on a page and in CSV, and the number 0.25
    with the format 0.0% in .xlsx. Rounded to the 0.1% the page shows, so every format shows the same figure."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = Decimal(value).quantize(Decimal("0.001"))

    @classmethod
    def of(cls, part, whole) -> "Percent | str":
        if not whole:
            return "—" if not part else "∞"
        return cls(Decimal(part) / Decimal(whole))

    def __str__(self) -> str:
        return f"{(self.value * 100).quantize(Decimal('0.1'))}%"

    def __repr__(self) -> str:
        return f"Percent({self.value})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Percent) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


def safe(value):
    """A cell value that no spreadsheet runs as a formula. Text starting (after NFKC, so ＝＋－＠ count) with
    = + - @, a tab or a carriage return gets a leading apostrophe; numbers, dates and None are left as they are."""
    if value is None or isinstance(value, bool | int | float | Decimal | Percent | datetime.date):
        return value
    text = str(value)
    if unicodedata.normalize("NFKC", text[:1]).startswith(FORMULA_STARTS):
        return "'" + text
    return text


@dataclass
class Sheet:
    title: str
    headers: Sequence
    rows: Iterable[Sequence] = field(default_factory=list)
    heading: str = ""  # a title row above the header, as printed registers have
    notes: Sequence[str] = ()  # lines below the table
    total: Sequence | None = None  # a last row in bold
    freeze: str = "B2"  # the header row and the first column stay in view


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # CJK characters take two columns


def _cell(ws, value, *, bold=False, fill=None):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    cell = WriteOnlyCell(ws, value=safe(value.value if isinstance(value, Percent) else value))
    if isinstance(value, Percent):
        cell.number_format = "0.0%"
    elif isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    if fill is not None:
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _write_sheet(book, sheet: Sheet) -> None:
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(title=str(sheet.title)[:31])
    rows = iter(sheet.rows)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE_ROWS))
    for index, header in enumerate(sheet.headers, start=1):  # widths before the first row (write-only mode)
        widest = max([_width(header)] + [_width(r[index - 1]) for r in sample if index - 1 < len(r)])
        ws.column_dimensions[get_column_letter(index)].width = min(max(8, widest + 2), 60)
    top = 2 if sheet.heading else 1
    if sheet.freeze:
        column = "".join(ch for ch in sheet.freeze if ch.isalpha())
        ws.freeze_panes = f"{column}{top + 1}"
    if sheet.heading:
        ws.append([_cell(ws, sheet.heading, bold=True)])
    fill = PatternFill("solid", fgColor="EEF1F5")
    ws.append([_cell(ws, str(h), bold=True, fill=fill) for h in sheet.headers])
    for row in itertools.chain(sample, rows):
        ws.append([_cell(ws, value) for value in row])
    if sheet.total is not None:
        ws.append([_cell(ws, value, bold=True) for value in sheet.total])
    for note in sheet.notes:
        ws.append([_cell(ws, note)])


def xlsx_write(handle, sheets: Sequence[Sheet]) -> None:
    """The sheets as one workbook written to the binary file `handle` in openpyxl's write-only (streaming) mode:
    rows go to disk as they come, so a sheet's rows may be a generator of any length (a background job's)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(book, sheet)
    book.save(handle)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one workbook, in memory (a page's download)."""
    buffer = io.BytesIO()
    xlsx_write(buffer, sheets)
    return buffer.getvalue()


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(safe(value))


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows: Iterable[Sequence]) -> Iterable[str]:
    """The rows as CSV lines, the first one opening with a BOM so that Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([_csv_text(value) for value in row])


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    return "".join(csv_lines(rows)).encode("utf-8")


def _disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX)
    response["Content-Disposition"] = _disposition(filename)
    return response


def csv_response(filename: str, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV file for Excel; `rows` may be a generator (written line by line, never joined into one string)."""
    response = HttpResponse((line.encode("utf-8") for line in csv_lines(rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    return response
