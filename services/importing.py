"""Import of a recipient register (服务对象台账) from .xlsx or CSV, with a row-by-row report (R17).

The file is read by the one sheet reader (`ningbo_sws.lib.sheets`: title rows, two-level headers, header variants,
one date grammar, GBK CSV, ID numbers as text). Each row passes exactly the recipient form (`forms.RecipientForm`)
and the action behind it (`actions.build_recipient`); duplicates by ID number (in the file, at this station, at
another) are bad rows. All-or-nothing unless the user chooses to save the good rows.
"""

import re
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ningbo_sws.lib import sheets
from ningbo_sws.lib.person import GENDER_WORDS, insert_people
from stations.access import Principal
from stations.models import Division, Station

from .access import STATION_SERVICES_POLICY
from .actions import build_recipient, check_duplicate
from .forms import RecipientForm
from .models import Recipient, Risk, TargetGroup

# The one table of this import: form field -> (the register's label, *variants seen in registers).
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
REQUIRED = {"name", "village", "groups"}  # and 身份证号, or else 出生日期 (with 性别)
TEXT = ("name", "phone", "address", "notes")
GENDERS = {"": "", **GENDER_WORDS}
RISK_WORDS = {"": "", "高风险": Risk.HIGH, "高": Risk.HIGH, "重点": Risk.KEY, "中": Risk.KEY, "一般": Risk.GENERAL,
              "低": Risk.GENERAL}
_VILLAGE_KEY = str.maketrans({"（": "(", "）": ")", " ": "", "\u3000": "", "\n": ""})
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


def _form_data(row: sheets.Row, villages: dict, reason: str) -> dict:
    """The row's cells as the recipient form's data: register words mapped to the form's choices."""
    data = sheets.form_data(row, text=TEXT, digits=("id_number",), dates=("birth_date",), reason=reason)
    data["gender"] = row.choice("gender", GENDERS)
    data["risk"] = row.choice("risk", RISK_WORDS)
    data["key_group"] = data["risk"] in (Risk.HIGH, Risk.KEY)
    village_text = row.text("village")
    village = villages.get(village_text.translate(_VILLAGE_KEY))
    data["village"] = village.pk if village else ""
    if village_text and village is None:
        row.error("village", _("“%(value)s” is not a village or community of this township") % {"value": village_text})
    group_text = row.text("groups")
    data["groups"] = _groups(group_text)
    if not group_text:
        row.error("groups", _("the category (人员类别) is missing"))
    if not data["id_number"] and not (data["birth_date"] and data["gender"]) and row.ok:
        row.error("id_number", _("an ID number, or else the birth date and gender, is needed"))
    return data


def _check(row: sheets.Row, station: Station, villages: dict, form: sheets.RowForm, reason: str
           ) -> Recipient | None:
    fields = form.check(row, _form_data(row, villages, reason))
    if fields is None or not row.ok:
        return None
    fields.pop("reason")
    try:
        return build_recipient(station=station, **fields)
    except ValidationError as exc:
        row.add_errors(exc, form=form.form)
        return None


def _on_record(station: Station, candidates: list[tuple[sheets.Row, Recipient]]) -> list[Recipient]:
    """Rows whose person is on a register already become bad rows, with the message the form gives."""
    hashes = {r.id_hash for _row, r in candidates if r.id_hash}
    known = set(Recipient.objects.filter(id_hash__in=hashes).values_list("id_hash", flat=True))
    good = []
    for row, recipient in candidates:
        try:
            if recipient.id_hash in known:
                check_duplicate(station=station, id_hash=recipient.id_hash)
        except ValidationError as exc:
            row.add_errors(exc)
        else:
            good.append(recipient)
    return good


def _holders(station: Station, hashes) -> dict[str, int]:
    """Which of these numbers are held now: on this station's register (any status), or served elsewhere."""
    return dict(Recipient.objects.filter(id_hash__in=hashes)
                .filter(Q(station=station) | Q(status=Recipient.Status.ACTIVE))
                .values_list("id_hash", "station_id"))


def import_recipients(*, actor, station: Station, data: bytes, filename: str,
                      good_rows_only: bool = False) -> sheets.ImportReport:
    """Check every row, report each bad one with its row number; save all rows, or none unless the user chose
    to save the good ones. Duplicates by ID number (in the file, at this station, at another) are bad rows."""
    if not Principal(actor).can_station("add_recipient", station, policy=STATION_SERVICES_POLICY):
        raise PermissionDenied
    started = time.perf_counter()
    try:
        table = sheets.read_table(data, filename, HEADERS, REQUIRED)
        if "id_number" not in table.columns and "birth_date" not in table.columns:
            raise sheets.SheetError(_("The header lacks the columns: %(columns)s.")
                                    % {"columns": HEADERS["id_number"][0]})
    except sheets.SheetError as exc:
        return sheets.ImportReport(fatal=" ".join(exc.messages))
    report = table.report()
    villages = _village_index(station)
    reason = _("Imported from %(file)s") % {"file": filename[:60]}
    form = sheets.RowForm(RecipientForm, station=station)
    seen: dict[str, int] = {}
    candidates = []
    for row in table.rows:
        recipient = _check(row, station, villages, form, reason)
        if recipient is None:
            continue
        if recipient.id_hash in seen:
            row.error("id_number", _("the same ID number as row %(row)s") % {"row": seen[recipient.id_hash]})
            continue
        if recipient.id_hash:
            seen[recipient.id_hash] = row.number
        candidates.append((row, recipient))
    with transaction.atomic():
        # Two imports of one file at once at this station: the second waits for the first and then finds its
        # people on record. Another station's import at the same moment is refused by the database
        # (one active registration city-wide, issue 9 item 7): `insert_people` reports those rows.
        Station.objects.select_for_update().filter(pk=station.pk).first()
        good = _on_record(station, candidates)
        if good and (good_rows_only or not report.bad):
            refused = insert_people(Recipient, good, on_record=lambda hashes: _holders(station, hashes),
                                    all_or_nothing=not good_rows_only, user=actor, reason=reason)
            for row, recipient in candidates:
                if recipient.id_hash in refused:
                    try:
                        check_duplicate(station=station, id_hash=recipient.id_hash)
                    except ValidationError as exc:
                        row.add_errors(exc)
            report.saved = 0 if refused and not good_rows_only else len(good) - len(refused)
    report.seconds = time.perf_counter() - started
    return report
