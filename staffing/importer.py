"""Import of a station's staff list from .xlsx or CSV (R5), with a row-by-row report.

Nothing is imported from a file with errors, unless the user chooses to import only the good rows. The file is
read by the one sheet reader (`ningbo_sws.lib.sheets`); every row is checked by exactly the add-staff form
(`forms.StaffForm`) and the action behind it (`actions.build_staff_member`), plus duplicates within the file.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ningbo_sws.lib import idnumber, sheets
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.person import GENDER_WORDS, insert_people
from ningbo_sws.lib.reasons import check_reason
from stations.access import Principal
from stations.models import Operator, Station

from .access import STAFF_POLICY
from .actions import build_staff_member
from .forms import StaffForm
from .models import CertificateLevel, Degree, EmployerKind, StaffKind, StaffMember

# The one table of this import: form field -> (the register's label, *variants seen in registers).
HEADERS = {
    "name": ("姓名", "名字", "社工姓名"),
    "gender": ("性别",),
    "id_number": ("身份证号", "身份证", "身份证号码", "公民身份号码", "公民身份证号码", "证件号码", "居民身份证号"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "常用电话", "联系方式"),
    "kind": ("人员类别", "类别", "人员类型"),
    "certificate_level": ("证书等级", "职业资格", "职业资格等级", "资格等级", "社工证等级", "持证等级"),
    "certificate_number": ("证书编号", "证书号", "资格证书编号", "社工证编号"),
    "certificate_date": ("发证日期", "取证日期", "取得日期", "证书日期"),
    "degree": ("社工专业学历", "学历", "社会工作专业学历", "专业学历"),
    "employer": ("用工单位", "所属单位", "聘用单位", "承接机构"),
    "full_time": ("用工形式", "全职/兼职", "是否全职", "专兼职"),
    "joined_on": ("入职日期", "到岗日期", "入站日期"),
}
REQUIRED = {"name", "id_number", "phone"}
DATES = ("certificate_date", "joined_on")
TEXT = ("name", "certificate_number")

GENDERS = GENDER_WORDS
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




def _operators() -> dict[str, Operator]:
    index = {}
    for operator in Operator.objects.all():
        index[operator.name] = operator
        index[operator.credit_code] = operator
    return index


def _form_data(row: sheets.Row, station: Station, operators: dict, reason: str) -> dict:
    """The row's cells as the add-staff form's data: register words mapped to the form's choices."""
    data = sheets.form_data(row, text=TEXT, digits=("id_number",), dates=DATES, reason=reason)
    data["phone"] = row.text("phone")
    for name, mapping in (("kind", KINDS), ("certificate_level", LEVELS), ("degree", DEGREES),
                          ("full_time", FULL_TIME)):
        data[name] = row.choice(name, mapping)
    data["gender"] = row.choice("gender", GENDERS) if row.text("gender") else ""
    if not data["gender"]:  # the ID number says it (one reading, `idnumber.birth_and_gender`)
        try:
            data["gender"] = idnumber.birth_and_gender(idnumber.normalize(data["id_number"]))[1]
        except (ValueError, TypeError, IndexError):
            data["gender"] = ""  # the form reports the ID number
    employer = row.text("employer")
    data["operator"] = ""
    if not employer or employer in TOWNSHIP_WORDS or employer == station.township.name:
        data["employer_kind"] = EmployerKind.TOWNSHIP
    elif employer in operators:
        data["employer_kind"], data["operator"] = EmployerKind.OPERATOR, operators[employer].pk
    else:
        row.error("employer", _("no operator is registered under “%(value)s”.") % {"value": employer})
    return data


def check_rows(table: sheets.Table, station: Station, reason: str) -> list[tuple[sheets.Row, StaffMember]]:
    """Check every row with the add-staff form and its action; return the unsaved members of the good rows."""
    operators = _operators()
    table.labels.update(employer_kind=table.labels["employer"], operator=table.labels["employer"],
                        left_on=table.labels["joined_on"])
    form = sheets.RowForm(StaffForm)
    good, seen = [], {}
    for row in table.rows:
        data = _form_data(row, station, operators, reason)
        if not row.ok:
            continue
        fields = form.check(row, data)
        if fields is None:
            continue
        fields.pop("reason")
        try:
            member = build_staff_member(station=station, check_clash=False, **fields)
        except ValidationError as exc:
            row.add_errors(exc, form=form.form)
            continue
        first = seen.get(member.id_hash)
        if first is not None:
            row.error("id_number", _("the same person as row %(row)d.") % {"row": first})
            continue
        seen[member.id_hash] = row.number
        good.append((row, member))
    # Who is on record already: one query for the whole file (under the station's lock, see import_staff).
    on_record = staff_on_record(list(seen))
    still_good = []
    for row, member in good:
        if member.id_hash in on_record:
            row.error("id_number", _("this person is already on record at %(station)s.")
                      % {"station": on_record[member.id_hash]})
        else:
            still_good.append((row, member))
    return still_good


def staff_on_record(id_hashes) -> dict[str, str]:
    """Who of these people is on record, and at which station."""
    return dict(StaffMember.objects.filter(id_hash__in=id_hashes).values_list("id_hash", "station__name"))


@transaction.atomic
def import_staff(*, actor, station: Station, file, reason: str, good_rows_only: bool = False
                 ) -> sheets.ImportReport:
    """Read the workbook, report each bad row; import all rows, or none, or (if chosen) only the good ones."""
    if not Principal(actor).can_station("change", station, policy=STAFF_POLICY):
        raise PermissionDenied
    reason = check_reason(reason)
    table = sheets.read_table(file.read(), getattr(file, "name", "") or "staff.xlsx", HEADERS, REQUIRED)
    if not table.rows:
        raise ActionError(_("The staff list has no rows under its header."), field="file")
    # Two imports of one file at once: the second waits here and then finds the first one's people on record.
    Station.objects.select_for_update().filter(pk=station.pk).first()
    good = check_rows(table, station, reason)
    report = table.report()
    if report.bad and not good_rows_only:
        return report
    # Another station's form or import may have put one of these people on record since the check (issue 9
    # item 7): the database refuses them, and they become bad rows like the ones the check found.
    refused = insert_people(StaffMember, [member for _row, member in good], on_record=staff_on_record,
                            all_or_nothing=not good_rows_only, user=actor, reason=reason)
    for row, member in good:
        if member.id_hash in refused:
            row.error("id_number", _("this person is already on record at %(station)s.")
                      % {"station": refused[member.id_hash]})
    report.saved = 0 if refused and not good_rows_only else len(good) - len(refused)
    return report
