"""Reading registers from Excel workbooks (.xlsx): tolerant headers, text cells, Chinese date forms.

Registers in the field have a title row above the header, header variants (联系电话 / 手机 / 电话), a 序号 column,
trailing blank rows, ID numbers typed as numbers (which lose digits after the 15th) and dates written many
ways. These helpers read such a sheet into (row number, {canonical header: text}) pairs and leave the meaning
of each column to the importer.
"""

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ningbo_sws.lib.exceptions import ActionError

HEADER_SEARCH_ROWS = 10
_SPACES = re.compile(r"[\s\u3000]+")
_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class NumberLostDigits(ValueError):
    """A long number (an ID number) was typed as a number: Excel kept 15 significant digits only."""


def normalise_header(value) -> str:
    text = _SPACES.sub("", str(value or ""))
    return text.replace("（", "(").replace("）", ")").replace("*", "").strip()


def cell_text(value) -> str:
    """A cell as text. Raises NumberLostDigits for numbers longer than Excel keeps exactly."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        if len(str(abs(value))) > 15:
            raise NumberLostDigits(str(value))
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            text = f"{value:.0f}"
            if len(text) > 15:
                raise NumberLostDigits(text)
            return text
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value) -> datetime.date | None:
    """A date from the forms seen in registers: 2024-1-2, 2024/1/2, 2024.1.2, 20240102, 2024年1月2日, or an
    Excel serial number. Empty: None. Anything else: ValueError."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 80000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = str(value).strip()
    for pattern in _DATE_FORMS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)  # ValueError for 2024-2-30
    raise ValueError(text)


@dataclass
class Sheet:
    header_row: int  # 1-based row number of the header
    columns: dict[str, int]  # canonical header -> 0-based column index
    rows: list[tuple[int, tuple]]  # (1-based row number, raw cell values), blank rows left out


def read_sheet(file, headers: dict[str, tuple[str, ...]], required: set[str]) -> Sheet:
    """Find the header row (within the first rows, under any title rows), map header variants to their
    canonical name, and return the non-blank data rows with their row numbers as Excel shows them."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ActionError(_("The file is not an Excel workbook (.xlsx) that can be read."), field="file") from None
    try:
        sheet = workbook.worksheets[0]
        variants = {normalise_header(v): canonical for canonical, names in headers.items()
                    for v in (canonical, *names)}
        all_rows = sheet.iter_rows(values_only=True)
        header_row, columns = 0, {}
        for number, values in enumerate(all_rows, start=1):
            found = {}
            for index, value in enumerate(values):
                canonical = variants.get(normalise_header(value))
                if canonical and canonical not in found:
                    found[canonical] = index
            if required <= set(found):
                header_row, columns = number, found
                break
            if number >= HEADER_SEARCH_ROWS:
                break
        if not header_row:
            raise ActionError(
                _("No header row with the columns %(columns)s was found in the first %(n)d rows.")
                % {"columns": "、".join(sorted(required)), "n": HEADER_SEARCH_ROWS},
                field="file",
            )
        rows = [(number, values) for number, values in enumerate(all_rows, start=header_row + 1)
                if any(v not in (None, "") and str(v).strip() for v in values)]
    finally:
        workbook.close()
    return Sheet(header_row=header_row, columns=columns, rows=rows)


def row_values(sheet: Sheet, values: tuple) -> dict:
    """{canonical header: raw cell value} for one row."""
    return {name: (values[index] if index < len(values) else None) for name, index in sheet.columns.items()}


def iter_records(sheet: Sheet) -> Iterator[tuple[int, dict]]:
    for number, values in sheet.rows:
        yield number, row_values(sheet, values)
