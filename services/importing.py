"""Import of a recipient register (服务对象台账) from .xlsx or CSV, with a row-by-row report (R17).

Tolerant of what townships actually keep (`../shared/data/REGISTERS.md`): a title row above the header, two-level
headers, header variants, a 序号 column, trailing blank rows, dates in many formats or as Excel serials, GBK CSV.
ID numbers are read as text; one typed as a number (Excel keeps 15 digits) is reported, not guessed.
All-or-nothing unless the user chooses to save the good rows.
"""

import csv
import datetime
import io
import re
import time
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from ningbo_sws.lib import idnumber
from ningbo_sws.lib.person import GENDER_WORDS, id_fields, insert_people
from stations.access import Principal
from stations.models import Division, Station

from .access import STATION_SERVICES_POLICY
from .models import RISK_VISIT_DAYS, Recipient, Risk, TargetGroup, today

HEADERS = {
    "name": ("姓名", "对象姓名", "服务对象姓名"),
    "id_number": ("身份证号", "身份证", "身份证号码", "公民身份号码", "公民身份证号码", "证件号码", "居民身份证号"),
    "birth_date": ("出生日期", "出生年月日"),
    "gender": ("性别",),
    "village": ("所属村(社区)", "村(社区)", "村居", "社区", "所在村社", "所属村社区", "所属村"),
    "groups": ("人员类别", "人员类型", "对象类别", "困境类型", "兜底类型", "保障类别"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "常用电话", "联系方式"),
    "address": ("现居住地", "居住地址", "现住址", "家庭住址", "现居住地址"),
    "risk": ("跟进级别", "风险等级"),
    "notes": ("备注",),
}
RISK_WORDS = {"高风险": Risk.HIGH, "高": Risk.HIGH, "重点": Risk.KEY, "中": Risk.KEY, "一般": Risk.GENERAL,
              "低": Risk.GENERAL}
_BRACKETS = str.maketrans({"（": "(", "）": ")", " ": "", "\u3000": "", "\n": ""})
HEADER_LOOKUP = {variant.translate(_BRACKETS): key for key, variants in HEADERS.items() for variant in variants}

GROUP_WORDS = {
    "低保": TargetGroup.DIBAO, "低边": TargetGroup.LOW_INCOME, "低保边缘": TargetGroup.LOW_INCOME,
    "支出型困难家庭": TargetGroup.LOW_INCOME, "低收入": TargetGroup.LOW_INCOME, "特困": TargetGroup.TEKUN,
    "分散供养": TargetGroup.TEKUN, "集中供养": TargetGroup.TEKUN, "孤寡": TargetGroup.GUGUA,
    "独居": TargetGroup.LIVING_ALONE, "空巢": TargetGroup.EMPTY_NEST, "留守老人": TargetGroup.LEFT_BEHIND_ELDERLY,
    "失能": TargetGroup.DISABLED_ELDERLY, "半失能": TargetGroup.DISABLED_ELDERLY, "失独": TargetGroup.SHIDU,
    "计生特殊家庭": TargetGroup.SHIDU, "重残": TargetGroup.DISABILITY, "残疾人": TargetGroup.DISABILITY,
    "残疾": TargetGroup.DISABILITY, "孤儿": TargetGroup.CHILDREN_IN_DIFFICULTY,
    "事实无人抚养儿童": TargetGroup.CHILDREN_IN_DIFFICULTY, "困境儿童": TargetGroup.CHILDREN_IN_DIFFICULTY,
    "留守儿童": TargetGroup.LEFT_BEHIND_CHILDREN, "特困青少年": TargetGroup.YOUTH_TEKUN,
    "流动人口": TargetGroup.MIGRANT, "问题青少年": TargetGroup.PROBLEM_YOUTH,
}
GROUP_SPLIT = re.compile(r"[、,，/;；\s]+")
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
MAX_ROWS = 20000


@dataclass
class RowProblem:
    row: int  # the row number as the spreadsheet shows it
    name: str
    messages: list[str]


@dataclass
class ImportReport:
    rows: int = 0
    good: int = 0
    saved: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    seconds: float = 0.0
    fatal: str = ""

    @property
    def bad(self) -> int:
        return len(self.problems)


class ImportFileError(ValidationError):
    pass


# --- reading ----------------------------------------------------------------------------------------------------
def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_key(value) -> str | None:
    return HEADER_LOOKUP.get(_text(value).translate(_BRACKETS))


def read_table(data: bytes, filename: str) -> list[tuple]:
    """All rows of the first sheet (or the CSV) as tuples of raw cell values."""
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(_("The CSV file is neither UTF-8 nor GBK."))
        return [tuple(row) for row in csv.reader(io.StringIO(text))]
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ImportFileError(_("The file is not an .xlsx workbook (save it from Excel as .xlsx or .csv).")) from None
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def find_columns(rows: list[tuple]) -> tuple[dict[str, int], int]:
    """The header row (a title row may sit above it, a second header level below it): column of each field,
    and the index of the first data row."""
    for index, row in enumerate(rows[:15]):
        columns = {}
        for col, cell in enumerate(row):
            key = _header_key(cell)
            if key and key not in columns:
                columns[key] = col
        if "name" in columns:
            start = index + 1
            if start < len(rows):  # two-level headers: the lower level names the columns the upper one spans
                lower = {col: _header_key(cell) for col, cell in enumerate(rows[start])}
                if any(lower.values()):
                    for col, key in lower.items():
                        if key and key not in columns:
                            columns[key] = col
                    start += 1
            return columns, start
    raise ImportFileError(_("No header row with a “姓名” column was found in the first rows."))


def parse_date(value) -> datetime.date | None:
    """`2024-1-2`, `2024/1/2`, `2024.1.2`, `20240102`, `2024年1月2日`, an Excel serial, or a date cell."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and 1 <= value < 80000 and not (19000101 <= value <= 21001231):
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = _text(value)
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = DATE_PATTERN.match(text)
    if not match:
        raise ValueError(text)
    return datetime.date(*(int(g) for g in match.groups()))


def _village_index(station: Station) -> dict[str, Division]:
    index = {}
    for village in Division.objects.filter(parent=station.township):
        index[village.name] = village
        for suffix in ("社区居委会", "村民委员会", "居委会", "村委会", "社区", "村"):
            if village.name.endswith(suffix):
                index.setdefault(village.name[: -len(suffix)], village)
    return index


def _groups(text: str) -> list[str]:
    codes = []
    for word in filter(None, GROUP_SPLIT.split(text)):
        code = GROUP_WORDS.get(word) or next((c for w, c in GROUP_WORDS.items() if w in word), TargetGroup.OTHER)
        if code not in codes:
            codes.append(code)
    return codes


def _id_number(cell) -> tuple[str, str]:
    """(number, problem). A cell typed as a number has lost digits in Excel: reported, never guessed."""
    if cell is None or cell == "":
        return "", ""
    if isinstance(cell, int | float):
        return "", _("the ID number was typed as a number and Excel kept only 15 digits; type it again as text")
    text = _text(cell).replace("'", "")
    if re.fullmatch(r"\d(\.\d+)?[eE]\+\d+", text):
        return "", _("the ID number was typed as a number and Excel kept only 15 digits; type it again as text")
    try:
        return idnumber.validate_id_number(text), ""
    except ValidationError as exc:
        return "", " ".join(exc.messages)


# --- checking and saving ----------------------------------------------------------------------------------------
def import_recipients(*, actor, station: Station, data: bytes, filename: str,
                      good_rows_only: bool = False) -> ImportReport:
    """Check every row, report each bad one with its row number; save all rows, or none unless the user chose
    to save the good ones. Duplicates by ID number (in the file, at this station, at another) are bad rows."""
    if not Principal(actor).can_station("add_recipient", station, policy=STATION_SERVICES_POLICY):
        raise PermissionDenied
    started = time.perf_counter()
    report = ImportReport()
    try:
        rows = read_table(data, filename)
        columns, start = find_columns(rows)
    except ImportFileError as exc:
        report.fatal = " ".join(exc.messages)
        return report
    missing = [HEADERS[k][0] for k in ("name", "village", "groups") if k not in columns]
    if "id_number" not in columns and "birth_date" not in columns:
        missing.append(HEADERS["id_number"][0])
    if missing:
        report.fatal = _("The header lacks the columns: %(columns)s.") % {"columns": "、".join(missing)}
        return report
    if len(rows) - start > MAX_ROWS:
        report.fatal = _("At most %(count)s rows at a time; split the file.") % {"count": MAX_ROWS}
        return report

    villages = _village_index(station)
    seen: dict[str, int] = {}
    candidates: list[tuple[int, str, Recipient]] = []
    day = today()

    def cell(row, key):
        col = columns.get(key)
        return row[col] if col is not None and col < len(row) else None

    for offset, row in enumerate(rows[start:]):
        number_in_sheet = start + offset + 1
        if not any(_text(v) for v in row):
            continue  # blank and trailing rows
        report.rows += 1
        problems = []
        name = _text(cell(row, "name"))
        if not name:
            problems.append(_("the name is missing"))
        elif len(name) > 50:
            problems.append(_("the name is longer than 50 characters"))
        number, id_problem = _id_number(cell(row, "id_number"))
        if id_problem:
            problems.append(id_problem)
        birth = None
        try:
            birth = parse_date(cell(row, "birth_date"))
        except ValueError:
            problems.append(_("the birth date “%(value)s” is not a date") % {"value": _text(cell(row, "birth_date"))})
        except Exception:
            problems.append(_("the birth date is not a real date"))
        if birth and birth > day:
            problems.append(_("the birth date is in the future"))
        gender_text = _text(cell(row, "gender"))
        gender = GENDER_WORDS.get(gender_text, "")
        if gender_text and not gender:
            problems.append(_("the gender “%(value)s” is neither 男 nor 女") % {"value": gender_text})
        if not number and not id_problem and not (birth and gender):
            problems.append(_("an ID number, or else the birth date and gender, is needed"))
        village_text = _text(cell(row, "village"))
        village = villages.get(village_text.translate(_BRACKETS))
        if village is None:
            problems.append(_("“%(value)s” is not a village or community of this township")
                            % {"value": village_text} if village_text else _("the village or community is missing"))
        group_text = _text(cell(row, "groups"))
        if not group_text:
            problems.append(_("the category (人员类别) is missing"))
        phone, address = _text(cell(row, "phone"))[:32], _text(cell(row, "address"))[:200]
        fields = id_fields(number)
        if number:
            if fields["id_hash"] in seen:
                problems.append(_("the same ID number as row %(row)s") % {"row": seen[fields["id_hash"]]})
            else:
                seen[fields["id_hash"]] = number_in_sheet
            birth, gender = idnumber.birth_and_gender(number)
        if problems:
            report.problems.append(RowProblem(number_in_sheet, name, problems))
            continue
        risk = RISK_WORDS.get(_text(cell(row, "risk")), "")
        key_group = risk in (Risk.HIGH, Risk.KEY)
        recipient = Recipient(station=station, village=village, name=name, gender=gender, birth_date=birth,
                              phone=phone, address=address, groups=_groups(group_text), risk=risk,
                              key_group=key_group, visit_every_days=RISK_VISIT_DAYS[risk] if key_group else None,
                              next_visit_due=day if key_group else None,
                              notes=_text(cell(row, "notes"))[:2000], **fields)
        candidates.append((number_in_sheet, name, recipient))

    # Duplicates against the registers already kept: one query for the whole file.
    def on_record(hashes) -> dict[str, tuple[int, str]]:
        """Who holds these numbers: this station's register (any status), else another station serving them."""
        holders = {}
        for id_hash, station_id, station_name in (
                Recipient.objects.filter(id_hash__in=hashes)
                .filter(Q(station=station) | Q(status=Recipient.Status.ACTIVE))
                .values_list("id_hash", "station_id", "station__name")):
            if id_hash not in holders or station_id == station.pk:
                holders[id_hash] = (station_id, station_name)
        return holders

    def duplicate(row_number, name, holder) -> RowProblem:
        if holder[0] == station.pk:
            return RowProblem(row_number, name, [_("already on this station's register")])
        return RowProblem(row_number, name, [_("already served by %(station)s") % {"station": holder[1]}])

    holders = on_record([r.id_hash for _row, _name, r in candidates if r.id_hash])
    good = []
    for row_number, name, recipient in candidates:
        holder = holders.get(recipient.id_hash)
        if holder is None:
            good.append((row_number, name, recipient))
        else:
            report.problems.append(duplicate(row_number, name, holder))
    report.good = len(good)
    if good and (good_rows_only or not report.problems):
        # Another import or form may have registered some of them since the check (issue 9 item 7): the
        # database refuses those, and they become bad rows like the ones the check found.
        refused = insert_people(Recipient, [r for _row, _name, r in good], on_record=on_record,
                                all_or_nothing=not good_rows_only, user=actor,
                                reason=_("Imported from %(file)s") % {"file": filename[:60]})
        report.problems += [duplicate(row, name, refused[r.id_hash]) for row, name, r in good if r.id_hash in refused]
        report.good -= len(refused)
        report.saved = 0 if refused and not good_rows_only else report.good
    report.problems.sort(key=lambda p: p.row)
    report.seconds = time.perf_counter() - started
    return report
