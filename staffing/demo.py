"""Demo data of the staffing app: people, posts, liaisons, meetings, trainings and a supervision session at the
three demo stations. 南门 meets R5/R12/R19/R20 but for a few villages without a liaison; 江厦 has no head yet;
外滩 has auxiliary workers only. Idempotent: people are found by their ID number's keyed hash."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ningbo_sws.lib import creditcode, idnumber
from ningbo_sws.lib.tracking import tracked_save
from stations.demo import demo_station
from stations.models import Operator

from . import actions
from .models import (
    CertificateLevel,
    Degree,
    EmployerKind,
    Gender,
    Meeting,
    Post,
    PostKind,
    StaffKind,
    StaffMember,
    SupervisionSession,
    SupervisorKind,
    SupervisorProfile,
    Topic,
    Training,
)

ORDER = 20
REASON = "演示数据初始化"


def demo_id_number(region: str, birth: str, sequence: int) -> str:
    first17 = f"{region}{birth}{sequence:03d}"
    return first17 + idnumber.check_character(first17)


def _credit_code(first17: str) -> str:
    return first17 + creditcode.check_character(first17)


def _operator() -> Operator:
    code = _credit_code("52330203MJ0000001")
    operator = Operator.objects.filter(credit_code=code).first()
    if operator is None:
        operator = Operator(name="海曙区乐仁社会工作服务中心", credit_code=code, contact_person="陈敏",
                            contact_phone="0574-87001234", address="海曙区柳汀街225号")
        tracked_save(operator, actor=None, reason=REASON)
    return operator


# name, gender, birth, kind, level, degree, employer, full-time
NANMEN = [
    ("王建国", Gender.MALE, "19750312", StaffKind.OTHER, "", "", EmployerKind.TOWNSHIP, False),  # head
    ("李晓梅", Gender.FEMALE, "19880521", StaffKind.SOCIAL_WORKER, CertificateLevel.SOCIAL_WORKER, Degree.BACHELOR,
     EmployerKind.OPERATOR, True),  # deputy
    ("张丽", Gender.FEMALE, "19920817", StaffKind.SOCIAL_WORKER, CertificateLevel.ASSISTANT, "",
     EmployerKind.OPERATOR, True),
    ("陈浩", Gender.MALE, "19950203", StaffKind.SOCIAL_WORKER, "", Degree.BACHELOR, EmployerKind.OPERATOR, True),
    ("刘芳", Gender.FEMALE, "19830909", StaffKind.SOCIAL_WORKER, CertificateLevel.SENIOR, Degree.MASTER,
     EmployerKind.OPERATOR, True),
    ("赵敏", Gender.FEMALE, "19900114", StaffKind.SOCIAL_WORKER, "", "", EmployerKind.OPERATOR, True),
    ("孙强", Gender.MALE, "19870630", StaffKind.SOCIAL_WORKER, "", "", EmployerKind.TOWNSHIP, False),
    ("周桂英", Gender.FEMALE, "19680420", StaffKind.OTHER, "", "", EmployerKind.TOWNSHIP, False),  # liaison
    ("吴振华", Gender.MALE, "19710808", StaffKind.OTHER, "", "", EmployerKind.TOWNSHIP, False),  # liaison
]
JIANGXIA = [
    ("郑小燕", Gender.FEMALE, "19910305", StaffKind.SOCIAL_WORKER, CertificateLevel.ASSISTANT, "",
     EmployerKind.OPERATOR, True),
    ("钱伟", Gender.MALE, "19890722", StaffKind.SOCIAL_WORKER, "", "", EmployerKind.OPERATOR, True),
]
WAITAN = [
    ("冯静", Gender.FEMALE, "19930611", StaffKind.SOCIAL_WORKER, "", "", EmployerKind.TOWNSHIP, True),
    ("褚俊", Gender.MALE, "19960128", StaffKind.SOCIAL_WORKER, "", "", EmployerKind.TOWNSHIP, True),
]


def _people(station, actor, rows, region, operator, start):
    people = []
    for offset, (name, gender, birth, kind, level, degree, employer, full_time) in enumerate(rows):
        number = demo_id_number(region, birth, start + offset * 2 + (1 if gender == Gender.MALE else 0))
        member = StaffMember.objects.filter(id_hash=idnumber.keyed_hash(number)).first()
        if member is None:
            member = actions.add_staff_member(
                actor=actor, station=station, reason=REASON, name=name, gender=gender,
                phone=f"139{int(birth) % 100000000:08d}", id_number=number, kind=kind, employer_kind=employer,
                operator=operator if employer == EmployerKind.OPERATOR else None, certificate_level=level,
                certificate_number=f"{level[:1].upper()}{birth}{offset:02d}" if level else "",
                certificate_date=datetime.date(2019, 6, 30) if level else None, degree=degree,
                full_time=full_time, joined_on=datetime.date(2022, 3, 1))
        people.append(member)
    return people


def _post(actor, station, holder, kind, duties, village=None):
    if not Post.objects.filter(station=station, holder=holder, kind=kind, village=village).exists():
        actions.add_post(actor=actor, station=station, holder=holder, kind=kind, duties=duties,
                         starts_on=datetime.date(2022, 3, 1), village=village, reason=REASON)


@transaction.atomic
def seed(out) -> None:
    User = get_user_model()
    today = timezone.localdate()
    operator = _operator()
    nanmen, jiangxia, waitan = demo_station("nanmen"), demo_station("jiangxia"), demo_station("waitan")
    officer = User.objects.get(username="township-nanmen")
    people = _people(nanmen, officer, NANMEN, "330203", operator, 10)
    head, deputy, zhang, chen, liu, zhao, sun, zhou, wu = people
    _post(officer, nanmen, head, PostKind.HEAD, "主持站点全面工作，协调街道各部门资源，审批站点计划和经费使用。")
    _post(officer, nanmen, deputy, PostKind.DEPUTY, "负责站点日常运营管理，组织例会和培训，督促服务质量。")
    _post(officer, nanmen, liu, PostKind.DEPARTMENT_LEAD, "负责个案服务部，审核个案计划和结案评估。")
    _post(officer, nanmen, zhang, PostKind.PROJECT_LEAD, "负责“1+X+1”困境儿童关爱项目的设计与实施。")
    for member in (chen, zhao, sun):
        _post(officer, nanmen, member, PostKind.PROJECT_WORKER, "开展个案、小组和社区活动，完成入户走访和台账记录。")
    villages = list(nanmen.township.children.order_by("code")[:3])
    for holder, village in zip((zhou, wu, zhao), villages, strict=False):
        _post(officer, nanmen, holder, PostKind.LIAISON, f"收集{village.name}居民需求，协助入户走访和信息报送。",
              village=village)

    for months_ago in (2, 1, 0):
        held_on = today - datetime.timedelta(days=30 * months_ago + 3)
        if not Meeting.objects.filter(station=nanmen, held_on=held_on).exists():
            actions.record_meeting(
                actor=officer, station=nanmen, held_on=held_on, title=f"{held_on:%Y年%m月}站务例会",
                attendees=[deputy, zhang, chen, liu, zhao, sun], reason=REASON,
                policies_read="《宁波市乡镇（街道）社会工作站建设管理规范（试行）》第十九、二十条。",
                cases_discussed="独居老人个案一例：跌倒风险评估与家属联系。",
                problems_and_decisions="入户走访台账填写不全：由项目主管每周抽查。",
                training_given="个案记录书写规范（30分钟）。", minutes="出席6人，会议按议程进行。")
    if not Training.objects.filter(station=nanmen).exists():
        actions.record_training(actor=officer, station=nanmen, held_on=today - datetime.timedelta(days=20),
                                topic="个案管理与风险评估", hours=Decimal("6.0"), trainer="宁波市社会工作协会 刘老师",
                                attendees=[deputy, zhang, chen, zhao, sun], reason=REASON)
        actions.record_training(actor=officer, station=nanmen, held_on=today - datetime.timedelta(days=50),
                                topic="社区需求调研方法", hours=Decimal("3.5"), trainer="站内督导",
                                attendees=[zhang, chen, liu], reason=REASON)

    supervisor = User.objects.get(username="supervisor-haishu")
    if not SupervisorProfile.objects.filter(user=supervisor).exists():
        city = User.objects.get(username="city")
        actions.set_supervisor_profile(actor=city, user=supervisor, kind=SupervisorKind.EXTERNAL, reason=REASON,
                                       organisation="宁波大学社会工作系", expertise="个案管理、项目设计")
    if not SupervisionSession.objects.filter(station=nanmen).exists():
        actions.record_session(
            actor=supervisor, station=nanmen, held_on=today - datetime.timedelta(days=10), hours=Decimal("3.0"),
            topics=[Topic.DEVELOPMENT_PLAN, Topic.DIFFICULT_CASES], workers_present=[deputy, zhang, chen],
            notes="年度发展计划需细化季度目标；独居老人个案需补充风险预案。", reason=REASON,
            action_items=[("修订年度发展计划，补充季度目标", deputy, today + datetime.timedelta(days=20)),
                          ("补写独居老人个案风险预案", chen, today + datetime.timedelta(days=7))])

    _people(jiangxia, User.objects.get(username="township-jiangxia"), JIANGXIA, "330203", operator, 60)
    _people(waitan, User.objects.get(username="township-waitan"), WAITAN, "330205", None, 80)
    out.write(f"Staffing: {StaffMember.objects.count()} people, {Post.objects.count()} posts, "
              f"{Meeting.objects.count()} meetings, {SupervisionSession.objects.count()} supervision sessions.")
