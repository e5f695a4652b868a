"""Import of a station's staff list from .xlsx (R5), with a row-by-row report.

Nothing is imported from a file with errors, unless the user chooses to import only the good rows. Every row
is checked by the same rules as the form (`actions.build_staff_member`), plus duplicates within the file.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.person import GENDER_WORDS, insert_people
from ningbo_sws.lib.reasons import check_reason
from stations.access import Principal
from stations.models import Operator, Station

from . import xlsx
from .access import STAFF_POLICY
from .actions import build_staff_member
from .models import CertificateLevel, Degree, EmployerKind, StaffKind, StaffMember

HEADERS = {
    "姓名": ("名字", "社工姓名"),
    "性别": (),
    "身份证号": ("身份证", "身份证号码", "公民身份号码", "公民身份证号码", "证件号码", "居民身份证号"),
    "联系电话": ("电话", "手机", "手机号码", "常用电话", "联系方式"),
    "人员类别": ("类别", "人员类型"),
    "证书等级": ("职业资格", "职业资格等级", "资格等级", "社工证等级", "持证等级"),
    "证书编号": ("证书号", "资格证书编号", "社工证编号"),
    "发证日期": ("取证日期", "取得日期", "证书日期"),
    "社工专业学历": ("学历", "社会工作专业学历", "专业学历"),
    "用工单位": ("所属单位", "聘用单位", "承接机构"),
    "用工形式": ("全职/兼职", "是否全职", "专兼职"),
    "入职日期": ("到岗日期", "入站日期"),
}
REQUIRED = {"姓名", "身份证号", "联系电话"}

KINDS = {"": StaffKind.SOCIAL_WORKER, "社工": StaffKind.SOCIAL_WORKER, "社会工作者": StaffKind.SOCIAL_WORKER,
         "专业社工": StaffKind.SOCIAL_WORKER, "辅助社工": StaffKind.SOCIAL_WORKER,
         "非社工": StaffKind.OTHER, "其他": StaffKind.OTHER, "街道干部": StaffKind.OTHER,
         "村社干部": StaffKind.OTHER, "乡镇干部": StaffKind.OTHER}
LEVELS = {"": "", "无": "", "助理社会工作师": CertificateLevel.ASSISTANT, "初级": CertificateLevel.ASSISTANT,
          "社会工作师": CertificateLevel.SOCIAL_WORKER, "中级": CertificateLevel.SOCIAL_WORKER,
          "高级社会工作师": CertificateLevel.SENIOR, "高级": CertificateLevel.SENIOR}
DEGREES = {"": "", "无": "", "大专": Degree.COLLEGE, "专科": Degree.COLLEGE, "本科": Degree.BACHELOR,
           "学士": Degree.BACHELOR, "硕士": Degree.MASTER, "研究生": Degree.MASTER, "博士": Degree.DOCTOR}
FULL_TIME = {"": True, "全职": True, "是": True, "专职": True, "兼职": False, "否": False}
TOWNSHIP_WORDS = ("乡镇", "街道", "镇", "乡", "乡镇(街道)")


@dataclass
class RowReport:
    row: int  # the row number as Excel shows it
    name: str
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    rows: list[RowReport]
    imported: int = 0

    @property
    def bad(self) -> list[RowReport]:
        return [r for r in self.rows if not r.ok]

    @property
    def good(self) -> list[RowReport]:
        return [r for r in self.rows if r.ok]


def _pick(mapping: dict, raw: str, column: str, errors: list[str]):
    key = (raw or "").strip()
    if key in mapping:
        return mapping[key]
    errors.append(_("%(column)s: “%(value)s” is not one of %(allowed)s.") % {
        "column": column, "value": key, "allowed": "、".join(k for k in mapping if k)})
    return None


def _messages(exc: ValidationError, labels: dict[str, str]) -> list[str]:
    if hasattr(exc, "error_dict"):
        pairs = [(labels.get(name, name), m) for name, errs in exc.message_dict.items() for m in errs]
    else:
        pairs = [(labels.get(getattr(exc, "field", None) or "", ""), m) for m in exc.messages]
    return [_("%(column)s: %(message)s") % {"column": c, "message": m} if c else m for c, m in pairs]


FIELD_COLUMNS = {"name": "姓名", "gender": "性别", "id_number": "身份证号", "phone": "联系电话", "kind": "人员类别",
                 "certificate_level": "证书等级", "certificate_number": "证书编号", "certificate_date": "发证日期",
                 "degree": "社工专业学历", "employer_kind": "用工单位", "operator": "用工单位",
                 "full_time": "用工形式", "joined_on": "入职日期", "left_on": "入职日期"}


def _operators() -> dict[str, Operator]:
    index = {}
    for operator in Operator.objects.all():
        index[operator.name] = operator
        index[operator.credit_code] = operator
    return index


def check_rows(sheet: xlsx.Sheet, station: Station) -> tuple[ImportReport, list[tuple[RowReport, StaffMember]]]:
    """Check every row; return the report and the unsaved members of the good rows."""
    operators = _operators()
    report, good, seen = ImportReport(rows=[]), [], {}
    for number, values in xlsx.iter_records(sheet):
        errors: list[str] = []
        text = {}
        for column, raw in values.items():
            try:
                text[column] = xlsx.cell_text(raw) if "日期" not in column else raw
            except xlsx.NumberLostDigits:
                errors.append(_("%(column)s: typed as a number, Excel kept only 15 digits; format the column as "
                                "text and type it again.") % {"column": column})
                text[column] = ""
        line = RowReport(row=number, name=str(text.get("姓名", "")), errors=errors)
        report.rows.append(line)
        fields = {"name": text.get("姓名", ""), "id_number": text.get("身份证号", ""),
                  "phone": text.get("联系电话", "")}
        gender_text = text.get("性别", "")
        fields["kind"] = _pick(KINDS, text.get("人员类别", ""), "人员类别", errors)
        fields["certificate_level"] = _pick(LEVELS, text.get("证书等级", ""), "证书等级", errors)
        fields["certificate_number"] = text.get("证书编号", "")
        fields["degree"] = _pick(DEGREES, text.get("社工专业学历", ""), "社工专业学历", errors)
        fields["full_time"] = _pick(FULL_TIME, text.get("用工形式", ""), "用工形式", errors)
        for column, name in (("发证日期", "certificate_date"), ("入职日期", "joined_on")):
            try:
                fields[name] = xlsx.parse_date(text.get(column))
            except ValueError:
                errors.append(_("%(column)s: “%(value)s” is not a date such as 2024-01-02.") % {
                    "column": column, "value": text.get(column)})
        employer = (text.get("用工单位") or "").strip()
        if not employer or employer in TOWNSHIP_WORDS or employer == station.township.name:
            fields["employer_kind"], fields["operator"] = EmployerKind.TOWNSHIP, None
        elif employer in operators:
            fields["employer_kind"], fields["operator"] = EmployerKind.OPERATOR, operators[employer]
        else:
            errors.append(_("%(column)s: no operator is registered under “%(value)s”.") % {
                "column": "用工单位", "value": employer})
        gender = gender_text.strip()  # the ID number says it anyway (`Person.set_id_number`)
        if gender and gender not in GENDER_WORDS:
            errors.append(_("%(column)s: “%(value)s” is not one of %(allowed)s.") % {
                "column": "性别", "value": gender_text, "allowed": "男、女"})
        if errors:
            continue
        try:
            member = build_staff_member(station=station, gender=GENDER_WORDS.get(gender, ""), check_clash=False,
                                        **fields)
        except ValidationError as exc:
            errors.extend(_messages(exc, FIELD_COLUMNS))
            continue
        first = seen.get(member.id_hash)
        if first is not None:
            errors.append(_("%(column)s: the same person as row %(row)d.") % {"column": "身份证号", "row": first})
            continue
        seen[member.id_hash] = number
        good.append((line, member))
    # Who is on record already: one query for the whole file.
    on_record = staff_on_record(list(seen))
    still_good = []
    for line, member in good:
        if member.id_hash in on_record:
            _on_record_error(line, on_record[member.id_hash])
        else:
            still_good.append((line, member))
    return report, still_good


def staff_on_record(id_hashes) -> dict[str, str]:
    return dict(StaffMember.objects.filter(id_hash__in=id_hashes).values_list("id_hash", "station__name"))


def _on_record_error(line: RowReport, station_name: str) -> None:
    line.errors.append(_("%(column)s: this person is already on record at %(station)s.") % {
        "column": "身份证号", "station": station_name})


@transaction.atomic
def import_staff(*, actor, station: Station, file, reason: str, good_rows_only: bool = False) -> ImportReport:
    """Read the workbook, report each bad row; import all rows, or none, or (if chosen) only the good ones."""
    if not Principal(actor).can_station("change", station, policy=STAFF_POLICY):
        raise PermissionDenied
    reason = check_reason(reason)
    sheet = xlsx.read_sheet(file, HEADERS, REQUIRED)
    report, good = check_rows(sheet, station)
    if not report.rows:
        raise ActionError(_("The staff list has no rows under its header."), field="file")
    if report.bad and not good_rows_only:
        return report
    Station.objects.select_for_update().filter(pk=station.pk).first()
    # Another import or form may have put one of these people on record since the check (issue 9 item 7):
    # the database refuses them, and they become bad rows like the ones found by the check.
    refused = insert_people(StaffMember, [member for _line, member in good], on_record=staff_on_record,
                            all_or_nothing=not good_rows_only, user=actor, reason=reason.strip())
    for line, member in good:
        if member.id_hash in refused:
            _on_record_error(line, refused[member.id_hash])
    report.imported = 0 if refused and not good_rows_only else len(good) - len(refused)
    return report
