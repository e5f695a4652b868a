"""Staffing records for the access world (tests/world.py): per station, a person with a post, a meeting with an
attachment, a supervision session with an action item — made through the staffing actions."""

import datetime
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ningbo_sws.lib import idnumber
from staffing import actions
from staffing.models import EmployerKind, Gender, PostKind, StaffKind
from tests.stations_setup import PDF_BYTES
from tests.world import PEOPLE

REGION = {"own": "330203", "sibling": "330203", "other": "330205"}


def id_number(region: str, birth: str, sequence: int) -> str:
    first17 = f"{region}{birth}{sequence:03d}"
    return first17 + idnumber.check_character(first17)


def make_staffing_records(world, rel: str, *, sequence: int = 0) -> dict:
    station = world.station(rel)
    worker = world.assignments[rel].user  # a worker of that station
    supervisor = world.grants[rel].user  # a supervisor assigned to that station
    birth = {"own": "19900101", "sibling": "19910202", "other": "19920303"}[rel]
    name, phone = (PEOPLE[rel]["staff"], PEOPLE[rel]["staff_phone"]) if sequence == 0 else (f"社工{rel}", "13900000000")
    member = actions.add_staff_member(
        actor=worker, station=station, reason="测试", name=name, gender=Gender.MALE,
        phone=phone, id_number=id_number(REGION[rel], birth, 11 + sequence * 2), kind=StaffKind.SOCIAL_WORKER,
        employer_kind=EmployerKind.TOWNSHIP)
    post = actions.add_post(actor=worker, station=station, holder=member, kind=PostKind.PROJECT_WORKER,
                            duties="开展个案服务", starts_on=datetime.date(2024, 1, 1), reason="测试")
    today = timezone.localdate()
    meeting = actions.record_meeting(
        actor=worker, station=station, held_on=today, title="例会", attendees=[member], reason="测试",
        files=[SimpleUploadedFile("纪要.pdf", PDF_BYTES)])
    session = actions.record_session(
        actor=supervisor, station=station, held_on=today, hours=Decimal("2"), topics=["difficult_cases"],
        workers_present=[member], notes="督导意见", reason="测试",
        action_items=[("补充风险预案", member, today + datetime.timedelta(days=7))])
    return {"member": member, "post": post, "meeting": meeting, "attachment": meeting.attachments.get(),
            "session": session, "item": session.action_items.get()}


CHINESE_NUMBERS = {5: "五", 9: "九", 12: "十二", 19: "十九", 20: "二十", 25: "二十五", 26: "二十六"}


def cites(text, article: int) -> bool:
    """The message cites the regulation's article, in English (R12) or as translated (第十二条)."""
    text = str(text)
    return f"R{article}" in text or f"第{CHINESE_NUMBERS[article]}条" in text


_counter = itertools.count()


def fresh_id_number(region: str = "330203", male: bool = True) -> str:
    """A valid ID number not used before in this test run (a new birth date each call)."""
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=next(_counter))
    return id_number(region, f"{birth:%Y%m%d}", 100 + (1 if male else 0))


def person(station, actor, *, region: str = "330203", male: bool = True, **overrides):
    """Put a person on a station's staff through the action (a fresh valid ID number each call)."""
    fields = {"name": "测试社工", "gender": Gender.MALE if male else Gender.FEMALE, "phone": "13912345678",
              "kind": StaffKind.SOCIAL_WORKER, "employer_kind": EmployerKind.TOWNSHIP}
    fields.update(overrides)
    fields.setdefault("id_number", fresh_id_number(region, male))
    return actions.add_staff_member(actor=actor, station=station, reason="测试", **fields)
