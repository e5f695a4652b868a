"""Import of a volunteer register (志愿者名册) from .xlsx or CSV, with a row-by-row report (R22).

Read by the one sheet reader (`ningbo_sws.lib.sheets`); each row passes exactly the volunteer form
(`forms_volunteers.VolunteerForm`) and `actions_volunteers.build_volunteer`; a person twice in the file or already
on this station's register is a bad row. All-or-nothing unless the user chooses to save the good rows.
"""

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ningbo_sws.lib import sheets
from ningbo_sws.lib.person import GENDER_WORDS, insert_people
from stations.access import Principal
from stations.models import Station

from .access import STATION_SERVICES_POLICY
from .actions_volunteers import build_volunteer
from .forms_volunteers import VolunteerForm
from .importing import _VILLAGE_KEY, GROUP_SPLIT, _village_index
from .models import Skill, Volunteer, today

# form field -> (the register's label, *variants seen in registers; REGISTERS.md "志愿者")
HEADERS = {
    "name": ("姓名", "志愿者姓名"),
    "id_number": ("身份证号", "身份证", "身份证号码", "公民身份号码", "证件号码"),
    "gender": ("性别",),
    "birth_date": ("出生日期",),
    "village": ("所属村(社区)", "村(社区)", "村居", "社区", "所在村社", "所属村"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "联系方式"),
    "address": ("现居住地", "居住地址", "现住址", "家庭住址", "地址"),
    "number": ("志愿者编号", "编号"),
    "team": ("所属团队", "团队", "服务队"),
    "skills": ("特长/意向", "特长", "服务意向", "专长", "技能"),
    "joined_on": ("登记日期", "加入日期", "注册日期"),
    "notes": ("备注", "可服务时间"),
}
REQUIRED = {"name", "village"}
TEXT = ("name", "phone", "address", "number", "team", "notes")
GENDERS = {"": "", **GENDER_WORDS}
# Words of registers for the fixed vocabulary; any other word is kept as "other skills".
SKILL_WORDS = {
    "照护": Skill.CARE, "护理": Skill.CARE, "养老": Skill.CARE, "医疗": Skill.MEDICAL, "义诊": Skill.MEDICAL,
    "医生": Skill.MEDICAL, "护士": Skill.MEDICAL, "心理": Skill.COUNSELLING, "法律": Skill.LEGAL,
    "律师": Skill.LEGAL, "辅导": Skill.TUTORING, "教育": Skill.TUTORING, "教师": Skill.TUTORING,
    "文艺": Skill.ARTS, "书法": Skill.ARTS, "绘画": Skill.ARTS, "音乐": Skill.ARTS, "舞蹈": Skill.ARTS,
    "体育": Skill.SPORTS, "健身": Skill.SPORTS, "陪伴": Skill.COMPANIONSHIP, "探访": Skill.COMPANIONSHIP,
    "维修": Skill.REPAIRS, "水电": Skill.REPAIRS, "理发": Skill.HAIRDRESSING, "烹饪": Skill.COOKING,
    "送餐": Skill.COOKING, "厨": Skill.COOKING, "电脑": Skill.IT, "手机": Skill.IT, "驾驶": Skill.DRIVING,
    "开车": Skill.DRIVING, "宣传": Skill.PUBLICITY, "摄影": Skill.PUBLICITY, "写作": Skill.PUBLICITY,
    "外语": Skill.LANGUAGES, "翻译": Skill.LANGUAGES, "手语": Skill.LANGUAGES, "组织": Skill.ORGANISING,
    "策划": Skill.ORGANISING,
}


def skills_from(text: str) -> tuple[list[str], str]:
    """A register's 特长 cell as skills of the vocabulary and the other words."""
    codes, other = [], []
    for word in filter(None, GROUP_SPLIT.split(text)):
        code = next((c for w, c in SKILL_WORDS.items() if w in word), None)
        if code is None:
            other.append(word)
        elif code not in codes:
            codes.append(code)
    return codes, "、".join(other)


def _form_data(row: sheets.Row, villages: dict, reason: str) -> dict:
    data = sheets.form_data(row, text=TEXT, digits=("id_number",), dates=("birth_date", "joined_on"), reason=reason)
    data["gender"] = row.choice("gender", GENDERS)
    data["joined_on"] = data["joined_on"] or today().isoformat()  # no 登记日期: registered now
    village_text = row.text("village")
    village = villages.get(village_text.translate(_VILLAGE_KEY))
    data["village"] = village.pk if village else ""
    if village_text and village is None:
        row.error("village", _("“%(value)s” is not a village or community of this township") % {"value": village_text})
    data["skills"], data["skills_other"] = skills_from(row.text("skills"))
    return data


def _check(row, station, villages, form, reason) -> Volunteer | None:
    fields = form.check(row, _form_data(row, villages, reason))
    if fields is None or not row.ok:
        return None
    fields.pop("reason")
    try:
        return build_volunteer(station=station, **fields)
    except ValidationError as exc:
        row.add_errors(exc, form=form.form)
        return None


def _held_here(station: Station, hashes) -> dict[str, int]:
    return dict(Volunteer.objects.filter(station=station, id_hash__in=hashes).values_list("id_hash", "station_id"))


def import_volunteers(*, actor, station: Station, data: bytes, filename: str,
                      good_rows_only: bool = False) -> sheets.ImportReport:
    """Check every row, report each bad one with its row number; save all rows, or none unless the user chose to
    save the good ones."""
    if not Principal(actor).can_station("add_volunteer", station, policy=STATION_SERVICES_POLICY):
        raise PermissionDenied
    started = time.perf_counter()
    try:
        table = sheets.read_table(data, filename, HEADERS, REQUIRED)
    except sheets.SheetError as exc:
        return sheets.ImportReport(fatal=" ".join(exc.messages))
    report = table.report()
    villages = _village_index(station)
    reason = _("Imported from %(file)s") % {"file": filename[:60]}
    form = sheets.RowForm(VolunteerForm, station=station)
    seen: dict[str, int] = {}
    candidates = []
    for row in table.rows:
        volunteer = _check(row, station, villages, form, reason)
        if volunteer is None:
            continue
        if volunteer.id_hash in seen:
            row.error("id_number", _("the same ID number as row %(row)s") % {"row": seen[volunteer.id_hash]})
            continue
        if volunteer.id_hash:
            seen[volunteer.id_hash] = row.number
        candidates.append((row, volunteer))
    already = _("This ID number is already on this station's register of volunteers.")
    with transaction.atomic():
        Station.objects.select_for_update().filter(pk=station.pk).first()  # one import at a time per station
        held = _held_here(station, [v.id_hash for _row, v in candidates if v.id_hash])
        good = []
        for row, volunteer in candidates:
            if volunteer.id_hash in held:
                row.error("id_number", already)
            else:
                good.append(volunteer)
        if good and (good_rows_only or not report.bad):
            refused = insert_people(Volunteer, good, on_record=lambda hashes: _held_here(station, hashes),
                                    all_or_nothing=not good_rows_only, user=actor, reason=reason)
            for row, volunteer in candidates:
                if volunteer.id_hash in refused:
                    row.error("id_number", already)
            report.saved = 0 if refused and not good_rows_only else len(good) - len(refused)
    report.seconds = time.perf_counter() - started
    return report
