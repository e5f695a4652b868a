"""One reader for the registers stations keep in Excel (.xlsx) or CSV, and one row report (issue 10, issue 9 item 8).

Registers in the field (`../shared/data/REGISTERS.md`) have a title row above the header, two-level merged headers,
header variants (联系电话 / 手机 / 电话), a 序号 column, trailing blank rows, ID numbers typed as numbers (Excel keeps
15 digits) and dates written many ways; CSV files come in UTF-8 (with or without BOM), GBK or GB18030.

    HEADERS = {"name": ("姓名", "对象姓名"), "phone": ("联系电话", "手机")}   # field -> (label, *variants), per app
    table = sheets.read_table(data, filename, HEADERS, required={"name"})
    for row in table.rows:                      # blank rows left out, row numbers as the spreadsheet shows them
        form = AppForm(row.form_data(dates={"joined_on"}))   # the app's own form: one copy of the rules
        row.add_form_errors(form)                # form.errors -> the row report (row, column, message)

The reader itself reports, per row, what no form could: a NUL character, a cell longer than a cell can be, a long
number typed as a number. `parse_date` is the one date grammar of every import.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ningbo_sws.lib.exceptions import ActionError

from .words import join_list

HEADER_SEARCH_ROWS = 10
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000
CELL_MAX_CHARS = 32767  # what an Excel cell holds; anything longer is not a register cell
EXCEL_EPOCH = datetime.date(1899, 12, 30)

# A field longer than the csv module's default limit (128 KiB) raised csv.Error, an HTTP 500. The limit is raised
# to the largest file read, and each cell is measured against CELL_MAX_CHARS instead, as a row error.
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))

_HEADER_JUNK = re.compile(r"[\s\u3000*＊:：]+")
_DATE = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?"
                   r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class SheetError(ActionError):
    """The file as a whole cannot be read (not a workbook, no header, too big): nothing of it is imported."""

    def __init__(self, message):
        super().__init__(message, field="file")


class NumberLostDigits(ValueError):
    """A long number (an ID number) typed as a number: Excel kept 15 significant digits only."""


# --- cells and dates --------------------------------------------------------------------------------------------
def normalise_header(value) -> str:
    """A header cell as compared with the variants: NFKC (full-width brackets), no spaces, no * markers."""
    return _HEADER_JUNK.sub("", unicodedata.normalize("NFKC", str(value or "")))


def cell_text(value) -> str:
    """A cell as text: whole numbers without `.0`, dates in ISO form. Raises NumberLostDigits for a number longer
    than Excel keeps exactly."""
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
            if len(text.lstrip("-")) > 15:
                raise NumberLostDigits(text)
            return text
        return repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value) -> datetime.date | None:
    """The one date grammar of every import: a date cell, an Excel serial number, `2024-01-02`, `2024-1-2`,
    `2024/1/2`, `2024.1.2`, `2024年1月2日` (spaces allowed, 日 optional), `20240102`, full-width digits too.
    Empty: None. Anything else, or a day that does not exist (2024-2-30): ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 19000101 <= value <= 21001231:  # 20240102 typed as a number
            value = str(int(value))
        elif 1 <= value < 80000:  # an Excel serial number (a date cell saved as a number)
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        else:
            raise ValueError(str(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _DATE.match(text) or _COMPACT_DATE.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(group) for group in match.groups())
    return datetime.date(year, month, day)  # ValueError for 2024-2-30


# --- the row report ---------------------------------------------------------------------------------------------
@dataclass
class RowError:
    column: str  # the column's label as the register names it (联系电话); "" for the row as a whole
    message: str

    def __str__(self) -> str:
        if not self.column:
            return self.message
        return _("%(column)s: %(message)s") % {"column": self.column, "message": self.message}


@dataclass
class RowReport:
    row: int  # the row number as the spreadsheet shows it
    name: str
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    saved: int = 0
    fatal: str = ""  # why the file as a whole was refused
    seconds: float = 0.0

    @property
    def bad(self) -> list[RowReport]:
        return sorted((r for r in self.rows if not r.ok), key=lambda r: r.row)

    @property
    def good(self) -> list[RowReport]:
        return [r for r in self.rows if r.ok]


# --- rows -------------------------------------------------------------------------------------------------------
def _lost_digits() -> str:
    return _("typed as a number, Excel kept only 15 digits; format the column as text and type it again.")


@dataclass
class Row:
    number: int
    values: dict  # field -> raw cell value (None where the sheet has no such column)
    labels: dict[str, str]
    report: RowReport

    def error(self, name: str, message: str) -> None:
        self.report.errors.append(RowError(self.labels.get(name, ""), message))

    @property
    def ok(self) -> bool:
        return self.report.ok

    def text(self, name: str) -> str:
        """The cell as text; a long number that lost its digits is a row error (and gives "")."""
        try:
            return cell_text(self.values.get(name))
        except NumberLostDigits:
            self.error(name, _lost_digits())
            return ""

    def digits(self, name: str) -> str:
        """A number that must be typed as text (an ID number): any number cell is a row error."""
        value = self.values.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.error(name, _lost_digits())
            return ""
        text = self.text(name).lstrip("'")
        if re.fullmatch(r"\d(\.\d+)?[eE]\+\d+", text):  # 3.30203E+17 from a CSV saved by Excel
            self.error(name, _lost_digits())
            return ""
        return text

    def choice(self, name: str, mapping: dict):
        """A word of the register mapped to the value the form takes; a word not in `mapping` is a row error."""
        key = unicodedata.normalize("NFKC", self.text(name)).strip()
        if key in mapping:
            return mapping[key]
        self.error(name, _("“%(value)s” is not one of %(allowed)s.")
                   % {"value": key, "allowed": join_list(word for word in mapping if word)})
        return None

    def date(self, name: str) -> str:
        """The cell as an ISO date for a form's DateField ("" when empty); a cell that is no date: a row error."""
        value = self.values.get(name)
        try:
            day = parse_date(value)
        except (ValueError, OverflowError):
            self.error(name, _("“%(value)s” is not a date such as 2024-01-02.") % {"value": cell_text(value)})
            return ""
        return day.isoformat() if day else ""

    def add_errors(self, exc: ValidationError, *, form=None) -> None:
        """An action's or a model's ValidationError as row errors against the columns it names."""
        default = getattr(exc, "field", None) or ""
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(self._name(name, form), message)
        else:
            for message in exc.messages:
                self.error(self._name(default, form), message)

    def add_form_errors(self, form) -> bool:
        """Validate the row with the app's own form; each of form.errors becomes a row error. True if valid."""
        if form.is_valid():
            return True
        for name, messages in form.errors.items():
            for message in messages:
                self.error(self._name(name, form), message)
        return False

    def _name(self, name: str, form) -> str:
        if name in self.labels or name in ("", "__all__"):
            return "" if name == "__all__" else name
        if form is not None and name in form.fields:  # a form field without a column of its own
            self.labels.setdefault(name, str(form.fields[name].label))
        return name


@dataclass
class Table:
    header_row: int  # 1-based row of the (lower) header
    columns: dict[str, int]  # field -> 0-based column index
    labels: dict[str, str]  # field -> label as the register names it
    rows: list[Row]  # blank rows left out

    def report(self) -> ImportReport:
        return ImportReport(rows=[row.report for row in self.rows])


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # GB18030 is a superset of GBK and GB2312
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError(_("The CSV file is neither UTF-8 nor GBK."))


def _raw_rows(data: bytes, filename: str, sheet: int | str = 0) -> list[tuple]:
    if len(data) > MAX_BYTES:
        raise SheetError(_("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)})
    if filename.lower().endswith(".csv"):
        try:
            return [tuple(row) for row in csv.reader(io.StringIO(_decode(data), newline=""))]
        except csv.Error:
            raise SheetError(_("The CSV file cannot be read (an unclosed quotation mark?).")) from None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetError(_("The file is not an Excel workbook (.xlsx) or a CSV file that can be read.")) from None
    try:
        if isinstance(sheet, str):
            if sheet not in workbook.sheetnames:
                raise SheetError(_("The workbook has no sheet named “%(sheet)s”.") % {"sheet": sheet})
            sheet = workbook[sheet]
        else:
            sheet = workbook.worksheets[sheet]
        sheet.reset_dimensions()  # some writers store a wrong used range (A1:A1); read what is there
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(tuple(row))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS + 2:
                break
        return rows
    finally:
        workbook.close()


def _header_fields(row: tuple, lookup: dict[str, str]) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(row):
        name = lookup.get(normalise_header(cell))
        if name and name not in found:
            found[name] = index
    return found


def find_header(rows: list[tuple], headers: dict[str, tuple[str, ...]], required: set[str]
                ) -> tuple[dict[str, int], int]:
    """The header row under any title rows: (field -> column, index of the first data row).

    A two-level merged header is read as one: the upper level names some columns itself (姓名, merged down over
    both rows, so the cell below it is empty) and spans others with a group label (证件信息) whose columns the
    lower level names (身份证号, 村居)."""
    lookup = {normalise_header(v): name for name, variants in headers.items() for v in variants}
    best: dict[str, int] = {}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        upper = _header_fields(row, lookup)
        lower_row = rows[index + 1] if index + 1 < len(rows) else ()
        lower = _header_fields(lower_row, lookup)
        two_level = bool(upper) and bool(lower) and all(
            column >= len(lower_row) or _blank(lower_row[column]) for column in upper.values())
        columns = dict(upper)
        if two_level:
            for name, column in lower.items():
                columns.setdefault(name, column)
        if required <= set(columns):
            return columns, index + (2 if two_level else 1)
        if len(columns) > len(best):
            best = columns
    missing = [headers[name][0] for name in headers if name in required and name not in best]
    raise SheetError(_("No header row with the columns %(columns)s was found in the first %(n)d rows.")
                     % {"columns": join_list(missing), "n": HEADER_SEARCH_ROWS})


def read_table(data: bytes, filename: str, headers: dict[str, tuple[str, ...]], required: set[str],
               *, name_field: str = "name", sheet: int | str = 0) -> Table:
    """Read the first sheet (or the one named or numbered `sheet`) of an .xlsx workbook (read-only) or a CSV file
    into rows of {field: raw value}.

    `headers` maps each field to the label the register uses followed by its variants. Rows are numbered as the
    spreadsheet shows them; each row's report already holds what the reader found wrong in its cells."""
    rows = _raw_rows(data, filename, sheet)
    columns, start = find_header(rows, headers, required)
    labels = {name: variants[0] for name, variants in headers.items()}
    data_rows = [(number, values) for number, values in enumerate(rows[start:], start=start + 1)
                 if not all(_blank(v) for v in values)]
    if len(data_rows) > MAX_ROWS:
        raise SheetError(_("At most %(count)s rows at a time; split the file.") % {"count": MAX_ROWS})
    table = Table(header_row=start, columns=columns, labels=labels, rows=[])
    for number, values in data_rows:
        cells = {name: (values[column] if column < len(values) else None) for name, column in columns.items()}
        name = cells.get(name_field)
        report = RowReport(row=number, name=str(name).strip()[:50] if isinstance(name, str) else "")
        row = Row(number=number, values=cells, labels=labels, report=report)
        for key, value in cells.items():
            if isinstance(value, str):
                if "\x00" in value:
                    row.error(key, _("contains a NUL character, which no register may hold; type it again."))
                    row.values[key] = value.replace("\x00", "")
                if len(value) > CELL_MAX_CHARS:
                    row.error(key, _("longer than %(max)s characters, more than a cell can hold.")
                              % {"max": CELL_MAX_CHARS})
                    row.values[key] = ""
        report.name = report.name.replace("\x00", "")
        table.rows.append(row)
    return table


class RowForm:
    """Rows validated by exactly the app's own form, built once per import and bound to each row's data in turn.

    Building a form deep-copies its fields and their querysets, the most part of the time a row takes; cleaning
    a bound form does not change its fields, so one form serves every row."""

    def __init__(self, form_class, **kwargs):
        self.form = form_class(data={}, **kwargs)

    def check(self, row: Row, data: dict) -> dict | None:
        """The cleaned data, or None with each of form.errors added to the row's report."""
        form = self.form
        form.data, form.is_bound, form._errors, form._bound_fields_cache = data, True, None, {}
        if not row.add_form_errors(form):
            return None
        return dict(form.cleaned_data)


def form_data(row: Row, *, text=(), digits=(), dates=(), **extra) -> dict:
    """The data dict for an app's form: the named cells as text, digits-as-text or ISO dates, plus `extra`."""
    data = {name: row.text(name) for name in text}
    data.update({name: row.digits(name) for name in digits})
    data.update({name: row.date(name) for name in dates})
    data.update(extra)
    return data
