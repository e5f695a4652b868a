"""Shared helpers of the services tests: valid ID numbers, and objects made through the real actions."""

import datetime

from ningbo_sws.lib.idnumber import check_character
from services import actions
from stations.models import Division


def id_number(seq: int, *, area: str = "330203", birth: str = "19500101") -> str:
    """A valid GB 11643 number: area, birth date, a 3-digit sequence and the right check character."""
    first17 = f"{area}{birth}{seq % 1000:03d}"
    return first17 + check_character(first17)


def villages(station):
    return list(Division.objects.filter(parent=station.township).order_by("code"))


def recipient(world, rel="own", *, seq=1, village=None, **kwargs):
    station = world.station(rel)
    worker = world.assignments[rel].user
    kwargs.setdefault("groups", ["gugua"])
    return actions.create_recipient(actor=worker, station=station, name=kwargs.pop("name", f"对象{seq}"),
                                    village=village or villages(station)[0], reason="登记",
                                    id_number=kwargs.pop("id_number", id_number(seq)), **kwargs)


def project(world, relation="own", *, kind="base", year=2026, **kwargs):
    worker = world.assignments[relation].user
    kwargs.setdefault("target_groups", ["gugua"] if kind == "base" else [])
    return actions.create_project(actor=worker, station=world.station(relation), year=year, kind=kind,
                                  reason="立项", title=kwargs.pop("title", f"{kind}项目"), needs_analysis="需求",
                                  goals="目标", **kwargs)


STEPS = {
    "assessment": {"assessment": "需求：陪伴与情绪支持"},
    "planning": {"plan_goals": "缓解孤独", "plan_interventions": "每周探访、链接志愿者",
                 "plan_from": datetime.date(2026, 1, 1)},
    "delivery": {},
    "evaluation": {"goals_met": "met", "evaluation": "目标达成", "feedback": "满意"},
    "closed": {"close_reason": "goals_met"},
}
PATHS = {
    "intake": [],
    "assessment": ["assessment"],
    "planning": ["assessment", "planning"],
    "delivery": ["assessment", "planning", "delivery"],
    "evaluation": ["assessment", "planning", "delivery", "evaluation"],
    "closed": ["assessment", "planning", "delivery", "evaluation", "closed"],
    "referred": ["referred"],
}
REFERRAL = {"referred_to": "区残联", "referral_reason": "需要康复资源"}


def case_in(state, world, person, proj):
    """A case moved through the table up to `state` by the station's worker."""
    worker = world.assignments["own"].user
    case = actions.open_case(actor=worker, recipient=person, project=proj, problem="独居老人，情绪低落")
    for to in PATHS[state]:
        data = REFERRAL if to == "referred" else STEPS[to]
        case = actions.move_case(actor=worker, case=case, to=to, reason="推进", **data)
    return case
