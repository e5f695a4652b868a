"""A grading standard as an .xlsx workbook in the shape cities publish their tables (R27), and back.

Sheet "指标": one row per indicator, its title in the column of its level (一级指标 … 四级指标) under a title row
naming the standard, then 分值, 评分方式, 评分标准 (the options, one per line: `增长：15分`, a figure's threshold as
`（≥90）`), 评估方法, 所需材料, 评分说明, 维度, 评分人, 参数 (`起点=3；起点得分=5；每增得分=1`), 数据绑定
(`数据:services.people_served`, `规则:R22`). Sheet "等级": the grade bands with their edges. Sheet "评分人": the
raters. Sheet "标准": name, issuer, version, scale, bonus cap, rater mode, notes.

Written through `lib/export` (formula-safe), read through `lib/sheets` (one reader); what is written reads back
the same (`tests/test_evaluation_standard.py` round-trips the shipped standards and two other cities' tables).
A row without a code gets one from its place (the level column it fills), so a table typed by hand needs none.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ningbo_sws.lib import export, sheets
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.words import join_clauses, join_list

from .models_standard import CODE_PATTERN, MAX_LEVEL, Binding, Dimension, EvidenceMethod, Rater, RaterMode, ScoringKind

# The words of the published tables (data, not interface text: the sheet reads the same in either language).
KIND_WORDS = {ScoringKind.YES_NO: "是否", ScoringKind.SUB_CHECKS: "组合分", ScoringKind.GRADED: "程度分",
              ScoringKind.FORMULA: "公式", ScoringKind.DEDUCTION: "扣分", ScoringKind.VETO: "一票否决",
              ScoringKind.BONUS: "加分"}
DIMENSION_WORDS = {Dimension.BASIC: "基本条件", Dimension.MANAGEMENT: "内部管理", Dimension.STAFFING: "人员配备",
                   Dimension.CAPACITY: "服务能力", Dimension.PERFORMANCE: "服务成效", Dimension.IMPACT: "社会影响",
                   Dimension.PARTY: "党建", Dimension.OTHER: "其他"}
METHOD_WORDS = {EvidenceMethod.DOCUMENTS: "查阅资料", EvidenceMethod.SITE: "实地查看",
                EvidenceMethod.INTERVIEW: "访谈", EvidenceMethod.SURVEY: "问卷", EvidenceMethod.CALLBACK: "电话回访"}
PARAM_WORDS = {"threshold": "起点", "base": "起点得分", "per_unit": "每增得分", "unit": "每增", "below": "不足得分",
               "per_item": "每项扣分", "target": "达标值"}
MODE_WORDS = {RaterMode.COLUMNS: "多列评分", RaterMode.POOLS: "分项评分"}
ROLE_WORDS = {Rater.Role.SELF: "自评", Rater.Role.DISTRICT: "区民政局", Rater.Role.ASSESSOR: "评估机构",
              Rater.Role.OTHER: "其他"}
BINDING_WORDS = {Binding.FIGURE: "数据", Binding.RULE: "规则"}
YES, NO = "是", "否"
LEVEL_WORDS = ("一级指标", "二级指标", "三级指标", "四级指标")

INDICATORS, BANDS, RATERS, ABOUT = "指标", "等级", "评分人", "标准"
INDICATOR_HEADERS = {
    "code": ("编号", "序号", "指标编号"),
    "level1": ("一级指标",), "level2": ("二级指标",), "level3": ("三级指标",), "level4": ("四级指标",),
    "points": ("分值", "分数", "标准分"),
    "kind": ("评分方式", "计分方式"),
    "options": ("评分标准", "评分细则"),
    "methods": ("评估方法", "评估方式"),
    "materials": ("所需材料", "佐证材料", "评估材料"),
    "guidance": ("评分说明", "指标说明"),
    "dimension": ("维度",),
    "rater": ("评分人", "评分主体"),
    "params": ("参数",),
    "binding": ("数据绑定", "绑定"),
}
BAND_HEADERS = {"name": ("等级",), "lower": ("下限",), "lower_inclusive": ("含下限",), "upper": ("上限",),
                "upper_inclusive": ("含上限",), "passing": ("合格",), "subsidy": ("补助（元）", "补助")}
RATER_HEADERS = {"code": ("代码",), "name": ("名称",), "role": ("角色",), "weight": ("权重",)}
ABOUT_HEADERS = {"name": ("项目",), "value": ("内容",)}
ABOUT_WORDS = {"name": "名称", "issuer": "发布单位", "version": "版本", "scale": "满分", "bonus_cap": "加分上限",
               "rater_mode": "评分人方式", "notes": "说明"}

_NUMBER = r"[-－]?[0-9０-９]+(?:[.．][0-9０-９]+)?"
_OPTION = re.compile(rf"^(?P<label>.*)[:：]\s*(?P<points>{_NUMBER})\s*分?\s*"
                     rf"(?:[（(]\s*(?:≥|>=|＞＝|＞|>)\s*(?P<min>{_NUMBER})\s*[）)])?$")
_CODE = re.compile(CODE_PATTERN)


# --- numbers and the small text grammars -------------------------------------------------------------------------
def number_text(value) -> str:
    """A number as the table writes it: 15, 0.5, 2.25 (no trailing zeros)."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def to_decimal(text) -> Decimal:
    try:
        number = Decimal(unicodedata.normalize("NFKC", str(text)).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number


def options_text(options) -> str:
    lines = []
    for option in options or []:
        line = f"{option.get('label', '')}：{number_text(option.get('points', 0))}分"
        if option.get("min") not in (None, ""):
            line += f"（≥{number_text(option['min'])}）"
        lines.append(line)
    return "\n".join(lines)


def parse_options(text) -> list[dict]:
    """`增长：15分` lines (with `（≥90）` for a figure's threshold) as [{"label", "points", "min"?}]; ValueError
    naming the line that is not one."""
    options = []
    for line in str(text or "").replace("\r", "\n").split("\n"):
        line = line.strip().lstrip("'")
        if not line:
            continue
        match = _OPTION.match(line)
        if not match or not match["label"].strip() or match["points"].startswith(("-", "－")):
            raise ValueError(line)
        option = {"label": match["label"].strip(), "points": number_text(to_decimal(match["points"]))}
        if match["min"] is not None:
            option["min"] = number_text(to_decimal(match["min"]))
        options.append(option)
    return options


def params_text(params) -> str:
    return "；".join(f"{PARAM_WORDS.get(k, k)}={number_text(v)}" for k, v in (params or {}).items())


def parse_params(text) -> dict:
    """`起点=3；起点得分=5` as {"threshold": "3", "base": "5"}; ValueError naming what is not one."""
    words = {word: key for key, word in PARAM_WORDS.items()} | {key: key for key in PARAM_WORDS}
    params = {}
    for part in re.split(r"[;；\n]", unicodedata.normalize("NFKC", str(text or ""))):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep or name.strip() not in words:
            raise ValueError(part)
        params[words[name.strip()]] = number_text(to_decimal(value))
    return params


def methods_text(methods) -> str:
    return "、".join(METHOD_WORDS.get(m, m) for m in methods or [])


def parse_methods(text) -> list[str]:
    words = {word: key for key, word in METHOD_WORDS.items()}
    methods = []
    for part in re.split(r"[、,，;；/\s]+", unicodedata.normalize("NFKC", str(text or "")).strip()):
        if not part:
            continue
        if part not in words:
            raise ValueError(part)
        methods.append(str(words[part]))
    return methods


def binding_text(indicator) -> str:
    return f"{BINDING_WORDS[indicator.binding]}:{indicator.binding_code}" if indicator.binding else ""


def parse_binding(text) -> tuple[str, str]:
    text = unicodedata.normalize("NFKC", str(text or "")).strip()
    if not text:
        return "", ""
    word, sep, code = text.partition(":")
    kinds = {w: k for k, w in BINDING_WORDS.items()}
    if not sep or word.strip() not in kinds or not code.strip():
        raise ValueError(text)
    return str(kinds[word.strip()]), code.strip()


def _yes(value) -> bool:
    return str(value).strip() in (YES, "True", "1", "true")


# --- export -----------------------------------------------------------------------------------------------------
def workbook_sheets(tree) -> list[export.Sheet]:
    """The standard as the four sheets (see the module's docstring)."""
    standard = tree.standard
    raters = {r.pk: r.code for r in tree.raters}
    rows = []
    for indicator in tree.indicators:
        level = indicator.level
        titles = [indicator.title if level == n else "" for n in range(1, MAX_LEVEL + 1)]
        rows.append([indicator.code, *titles, Decimal(indicator.points), KIND_WORDS[indicator.kind],
                     options_text(indicator.options), methods_text(indicator.methods), indicator.materials,
                     indicator.guidance, DIMENSION_WORDS.get(indicator.dimension, ""),
                     raters.get(indicator.rater_id, ""), params_text(indicator.params), binding_text(indicator)])
    heading = f"{standard.name}（{standard.issuer}，第{standard.version}版）"
    bands = [[b.name, _num(b.lower), YES if b.lower_inclusive else NO, _num(b.upper),
              YES if b.upper_inclusive else NO, YES if b.passing else NO, _num(b.subsidy)] for b in tree.bands]
    rater_rows = [[r.code, r.name, ROLE_WORDS[r.role], Decimal(r.weight)] for r in tree.raters]
    about = [[ABOUT_WORDS["name"], standard.name], [ABOUT_WORDS["issuer"], standard.issuer],
             [ABOUT_WORDS["version"], standard.version], [ABOUT_WORDS["scale"], standard.scale],
             [ABOUT_WORDS["bonus_cap"], _num(standard.bonus_cap)],
             [ABOUT_WORDS["rater_mode"], MODE_WORDS[standard.rater_mode]], [ABOUT_WORDS["notes"], standard.notes]]
    return [
        export.Sheet(INDICATORS, [v[0] for v in INDICATOR_HEADERS.values()], rows, heading=heading),
        export.Sheet(BANDS, [v[0] for v in BAND_HEADERS.values()], bands, freeze=""),
        export.Sheet(RATERS, [v[0] for v in RATER_HEADERS.values()], rater_rows, freeze=""),
        export.Sheet(ABOUT, [v[0] for v in ABOUT_HEADERS.values()], about, freeze=""),
    ]


def _num(value):
    return None if value is None else Decimal(value)


def workbook_bytes(tree) -> bytes:
    return export.xlsx_bytes(workbook_sheets(tree))


def filename(standard) -> str:
    return f"{standard.name}-v{standard.version}.xlsx"


# --- import -----------------------------------------------------------------------------------------------------
@dataclass
class Parsed:
    """A workbook read and checked cell by cell; the tree checks come when the draft is published."""

    about: dict = field(default_factory=dict)
    indicators: list = field(default_factory=list)  # dicts in order, with "code" and "parent_code"
    bands: list = field(default_factory=list)
    raters: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # "指标 第 5 行：…" in words


def _cell(row, name) -> str:
    return row.text(name).strip().lstrip("'") if row.values.get(name) is not None else ""


def _note(parsed: Parsed, sheet: str, row, column: str, message: str) -> None:
    parsed.errors.append(_("Sheet %(sheet)s, row %(row)s, %(column)s: %(message)s")
                         % {"sheet": sheet, "row": row.number, "column": column, "message": message})


def _rows_errors(parsed: Parsed, sheet: str, table) -> None:
    for row in table.rows:
        for message in row.report.messages:
            parsed.errors.append(_("Sheet %(sheet)s, row %(row)s: %(message)s")
                                 % {"sheet": sheet, "row": row.number, "message": message})


def _read(data, name, sheet, headers, required):
    return sheets.read_table(data, name, headers, required, sheet=sheet, name_field="code")


def parse_workbook(data: bytes, name: str) -> Parsed:
    """Read a standard's workbook; every cell that is not what its column holds is an error in `errors`."""
    if not name.lower().endswith(".xlsx"):
        raise sheets.SheetError(_("A grading standard is imported from an Excel workbook (.xlsx)."))
    parsed = Parsed()
    table = _read(data, name, INDICATORS, INDICATOR_HEADERS, {"level1", "points"})
    _rows_errors(parsed, INDICATORS, table)
    kinds = {w: k for k, w in KIND_WORDS.items()}
    dims = {w: k for k, w in DIMENSION_WORDS.items()}
    counters = [0] * MAX_LEVEL
    for row in table.rows:
        levels = [n for n in range(1, MAX_LEVEL + 1) if _cell(row, f"level{n}")]
        label = INDICATOR_HEADERS["code"][0]
        if len(levels) != 1:
            _note(parsed, INDICATORS, row, LEVEL_WORDS[0],
                  _("write the title in exactly one of the columns %(columns)s.") % {"columns": join_list(LEVEL_WORDS)})
            continue
        level = levels[0]
        code = _cell(row, "code")
        if not code:  # a table typed by hand: the code from the row's place
            counters[level - 1] += 1
            counters[level:] = [0] * (MAX_LEVEL - level)
            if any(c == 0 for c in counters[:level - 1]):
                _note(parsed, INDICATORS, row, label, _("an indicator of level %(level)s has no parent above it.")
                      % {"level": level})
                continue
            code = ".".join(str(c) for c in counters[:level])
        elif not _CODE.match(code) or code.count(".") + 1 != level:
            _note(parsed, INDICATORS, row, label, _("“%(code)s” is not a code of level %(level)s such as 1.2.3.")
                  % {"code": code, "level": level})
            continue
        else:
            counters[:level] = [int(p) for p in code.split(".")]
            counters[level:] = [0] * (MAX_LEVEL - level)
        item = {"code": code, "parent_code": code.rpartition(".")[0], "title": _cell(row, f"level{level}"),
                "materials": _cell(row, "materials"), "guidance": _cell(row, "guidance"),
                "rater": _cell(row, "rater")}
        try:
            item["points"] = number_text(to_decimal(_cell(row, "points") or "0"))
        except ValueError:
            _note(parsed, INDICATORS, row, "分值", _("“%(value)s” is not a number.") % {"value": _cell(row, "points")})
        kind = _cell(row, "kind") or KIND_WORDS[ScoringKind.YES_NO]
        if kind not in kinds:
            _note(parsed, INDICATORS, row, "评分方式", _("“%(value)s” is not one of %(allowed)s.")
                  % {"value": kind, "allowed": join_list(KIND_WORDS.values())})
        item["kind"] = str(kinds.get(kind, ScoringKind.YES_NO))
        dimension = _cell(row, "dimension")
        if dimension and dimension not in dims:
            _note(parsed, INDICATORS, row, "维度", _("“%(value)s” is not one of %(allowed)s.")
                  % {"value": dimension, "allowed": join_list(DIMENSION_WORDS.values())})
        item["dimension"] = str(dims.get(dimension, ""))
        for key, column, parse in (("options", "评分标准", parse_options), ("params", "参数", parse_params),
                                   ("methods", "评估方法", parse_methods)):
            try:
                item[key] = parse(_cell(row, key))
            except ValueError as exc:
                _note(parsed, INDICATORS, row, column, _("“%(value)s” cannot be read.") % {"value": exc.args[0]})
        try:
            item["binding"], item["binding_code"] = parse_binding(_cell(row, "binding"))
        except ValueError as exc:
            _note(parsed, INDICATORS, row, "数据绑定", _("“%(value)s” is not 数据:code or 规则:code.")
                  % {"value": exc.args[0]})
        parsed.indicators.append(item)
    _parse_bands(parsed, _read(data, name, BANDS, BAND_HEADERS, {"name"}))
    if RATERS in _sheet_names(data):
        _parse_raters(parsed, _read(data, name, RATERS, RATER_HEADERS, {"code", "name"}))
    _parse_about(parsed, _read(data, name, ABOUT, ABOUT_HEADERS, {"name", "value"}))
    return parsed


def _sheet_names(data: bytes) -> list[str]:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _optional_number(parsed, sheet, row, name, column):
    text = _cell(row, name)
    if not text:
        return None
    try:
        return number_text(to_decimal(text))
    except ValueError:
        _note(parsed, sheet, row, column, _("“%(value)s” is not a number.") % {"value": text})
        return None


def _parse_bands(parsed: Parsed, table) -> None:
    _rows_errors(parsed, BANDS, table)
    for row in table.rows:
        parsed.bands.append({
            "name": _cell(row, "name"),
            "lower": _optional_number(parsed, BANDS, row, "lower", "下限"),
            "lower_inclusive": _yes(_cell(row, "lower_inclusive") or YES),
            "upper": _optional_number(parsed, BANDS, row, "upper", "上限"),
            "upper_inclusive": _yes(_cell(row, "upper_inclusive") or NO),
            "passing": _yes(_cell(row, "passing") or YES),
            "subsidy": _optional_number(parsed, BANDS, row, "subsidy", "补助（元）"),
        })


def _parse_raters(parsed: Parsed, table) -> None:
    _rows_errors(parsed, RATERS, table)
    roles = {w: k for k, w in ROLE_WORDS.items()}
    for row in table.rows:
        role = _cell(row, "role") or ROLE_WORDS[Rater.Role.OTHER]
        if role not in roles:
            _note(parsed, RATERS, row, "角色", _("“%(value)s” is not one of %(allowed)s.")
                  % {"value": role, "allowed": join_list(ROLE_WORDS.values())})
        parsed.raters.append({"code": _cell(row, "code"), "name": _cell(row, "name"),
                              "role": str(roles.get(role, Rater.Role.OTHER)),
                              "weight": _optional_number(parsed, RATERS, row, "weight", "权重") or "0"})


def _parse_about(parsed: Parsed, table) -> None:
    _rows_errors(parsed, ABOUT, table)
    words = {w: k for k, w in ABOUT_WORDS.items()}
    modes = {w: k for k, w in MODE_WORDS.items()}
    for row in table.rows:
        key = words.get(_cell(row, "name"))
        value = _cell(row, "value")
        if key is None:
            continue
        if key in ("version", "scale"):
            try:
                parsed.about[key] = int(to_decimal(value or "0"))
            except ValueError:
                _note(parsed, ABOUT, row, "内容", _("“%(value)s” is not a number.") % {"value": value})
        elif key == "bonus_cap":
            parsed.about[key] = _optional_number(parsed, ABOUT, row, "value", "内容")
        elif key == "rater_mode":
            if value and value not in modes:
                _note(parsed, ABOUT, row, "内容", _("“%(value)s” is not one of %(allowed)s.")
                      % {"value": value, "allowed": join_list(MODE_WORDS.values())})
            parsed.about[key] = str(modes.get(value, RaterMode.COLUMNS))
        else:
            parsed.about[key] = value


def check_parsed(parsed: Parsed) -> None:
    """Refuse the whole file (nothing saved) when any cell was wrong, listing the first ten."""
    if parsed.errors:
        shown = parsed.errors[:10]
        more = len(parsed.errors) - len(shown)
        message = join_clauses(shown)
        if more:
            message += _("; and %(count)s more.") % {"count": more}
        raise ActionError(_("The workbook was not imported: %(errors)s") % {"errors": message}, field="file")
