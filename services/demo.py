"""Demo data of the services app: 南门街道's register of recipients (some in 澄浪社区, the demo liaison's community),
its "1+X+1" projects for the year, open cases for worker-nanmen at every step, visits done and due; 江厦街道 with an
incomplete portfolio so that the report card shows R17 not met. Idempotent: looked up before made.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from ningbo_sws.lib.idnumber import check_character
from ningbo_sws.lib.person import Gender
from stations.demo import LIAISON_VILLAGE, demo_station
from stations.models import Division

from . import actions, actions_volunteers
from .models import (
    Case,
    CommunityActivity,
    GroupSession,
    Household,
    NeedsSurvey,
    Project,
    Recipient,
    Volunteer,
    WorkGroup,
    today,
)

ORDER = 30

PEOPLE = [  # name, gender, birth (yyyymmdd), groups, key group every N days, last visit N days ago
    ("王秀英", Gender.FEMALE, "19380512", ["gugua", "living_alone"], 7, 12),
    ("李桂芳", Gender.FEMALE, "19420903", ["empty_nest", "disabled_elderly"], 14, 3),
    ("张建国", Gender.MALE, "19450117", ["tekun", "disability"], 30, 45),
    ("陈美华", Gender.FEMALE, "19510620", ["shidu"], 30, 10),
    ("刘志强", Gender.MALE, "19560228", ["dibao", "disability"], None, None),
    ("赵小雨", Gender.FEMALE, "20130405", ["left_behind_children"], 14, 20),
    ("孙浩然", Gender.MALE, "20100911", ["children_in_difficulty"], 30, None),
    ("周玉兰", Gender.FEMALE, "19470721", ["living_alone", "left_behind_elderly"], 7, 2),
    ("吴海涛", Gender.MALE, "20070130", ["problem_youth"], None, None),
    ("郑丽娟", Gender.FEMALE, "19790815", ["low_income"], None, None),
    ("冯德明", Gender.MALE, "19400302", ["gugua", "tekun"], 7, 30),
    ("何雪梅", Gender.FEMALE, "19880126", ["migrant"], None, None),
    ("赵根生", Gender.MALE, "19480310", ["left_behind_elderly"], 30, 8),
]
HOUSEHOLD = ("赵根生户", {"赵根生": "head", "赵小雨": "grandchild"})  # a left-behind child and her grandfather

PROJECTS = [  # kind, title, groups, budget
    ("base", "“暖心守护”困难群体兜底服务项目", ["gugua", "living_alone", "empty_nest", "tekun", "dibao"], "120000.00"),
    ("featured", "“护苗成长”困境儿童陪伴项目", ["children_in_difficulty", "left_behind_children"], "60000.00"),
    ("featured", "“邻里一家亲”社区营造项目", [], "40000.00"),
    ("support", "本土社工人才“传帮带”督导项目", [], "30000.00"),
]


def _id_number(birth: str, seq: int, gender: str) -> str:
    sequence = seq * 2 + (1 if gender == Gender.MALE else 0)  # the 17th digit is odd for men, even for women
    first17 = f"330203{birth}{sequence % 1000:03d}"
    return first17 + check_character(first17)


def _projects(station, actor, year, kinds) -> dict[str, Project]:
    made = {}
    for kind, title, groups, budget in PROJECTS:
        if kind not in kinds:
            continue
        project = Project.objects.filter(station=station, year=year, title=title).first()
        if project is None:
            project = actions.create_project(
                actor=actor, station=station, year=year, kind=kind, reason="年度项目立项", title=title,
                target_groups=groups,
                needs_analysis="入户走访和需求调研显示：辖区独居、空巢老人和困境儿童需要持续关注。",
                goals="覆盖辖区重点服务对象，每月至少探访一次；开展个案、小组和社区活动。",
                indicators="个案不少于20个；小组不少于4个；社区活动不少于12场。",
                planned_activities="入户探访、个案管理、兴趣小组、节日关怀活动。", budget=budget, lead=actor,
                status=Project.Status.RUNNING)
        made.setdefault(kind, project)
    return made


@transaction.atomic
def seed(out) -> None:
    User = get_user_model()
    worker = User.objects.get(username="worker-nanmen")
    liaison = User.objects.get(username="liaison-chenglang")
    nanmen = demo_station("nanmen")
    year = today().year
    projects = _projects(nanmen, worker, year, {"base", "featured", "support"})
    _projects(demo_station("jiangxia"), User.objects.get(username="worker-jiangxia"), year, {"base"})

    villages = list(Division.objects.filter(parent=nanmen.township).order_by("code"))
    chenglang = Division.objects.get(code=LIAISON_VILLAGE)
    household_name, relations = HOUSEHOLD
    household = Household.objects.filter(station=nanmen, name=household_name).first() or actions.create_household(
        actor=worker, station=nanmen, village=chenglang, name=household_name, reason="建立家庭档案",
        address=f"{chenglang.name}8幢108室")
    made = 0
    people = []
    for seq, (name, gender, birth, groups, every, visited) in enumerate(PEOPLE):
        person = Recipient.objects.filter(station=nanmen, name=name).first()
        if person is None:
            village = chenglang if seq % 2 == 0 or name in relations else villages[seq % len(villages)]
            person = actions.create_recipient(
                actor=worker, station=nanmen, name=name, village=village, reason="建立服务对象档案",
                id_number=_id_number(birth, seq, gender), phone=f"1380574{seq:04d}",
                address=f"{village.name}{seq + 1}幢{seq + 101}室", groups=groups, consent_given=True,
                key_group=bool(every), visit_every_days=every, responsible_worker=worker,
                household=household if name in relations else None, relation=relations.get(name, ""))
            if visited is not None:
                actions.record_visit(actor=liaison if person.village == chenglang else worker, recipient=person,
                                     visited_on=today() - datetime.timedelta(days=visited), kind="home",
                                     findings="身体状况一般，居住环境整洁。", needs="希望有人定期上门陪伴。")
            made += 1
        people.append(person)

    # Open cases for worker-nanmen at each step of R18, and one closed case with the whole process.
    stages = ["intake", "assessment", "planning", "delivery", "delivery", "evaluation", "closed"]
    steps = {
        "assessment": {"assessment": "独居，子女在外地；情绪低落，社会支持薄弱。"},
        "planning": {"plan_goals": "改善情绪，重建邻里支持。", "plan_interventions": "每周面谈、链接志愿者、邻里互助。",
                     "plan_from": today() - datetime.timedelta(days=60),
                     "plan_to": today() + datetime.timedelta(days=60)},
        "delivery": {},
        "evaluation": {"goals_met": "met", "evaluation": "情绪明显改善，已与邻居建立互助。", "feedback": "很满意。"},
        "closed": {"close_reason": "goals_met"},
    }
    order = ["assessment", "planning", "delivery", "evaluation", "closed"]
    if not Case.objects.filter(station=nanmen).exists():
        for person, stage in zip(people, stages, strict=False):
            project = projects["featured"] if "children_in_difficulty" in person.groups else projects["base"]
            case = actions.open_case(actor=worker, recipient=person, project=project,
                                     problem="独居老人，情绪低落，缺少照料。", source=Case.Source.VISIT,
                                     opened_on=today() - datetime.timedelta(days=90))
            path = order[: order.index(stage) + 1] if stage in order else []
            for to in path:
                case = actions.move_case(actor=worker, case=case, to=to, reason="按专业流程推进", **steps[to])
                if to == "delivery":
                    for days, kind in ((20, "counselling"), (6, "resources")):
                        actions.add_service_record(
                            actor=worker, case=case, served_on=today() - datetime.timedelta(days=days),
                            minutes=45, kind=kind, form="home", notes="上门面谈，了解近况并链接助餐服务。",
                            next_step="电话回访", next_due=today() + datetime.timedelta(days=1))
        case = Case.objects.filter(station=nanmen, state=Case.State.ASSESSMENT).first()
        if case is not None:
            actions.request_review(actor=worker, case=case, reason="存在自伤风险，请督导指导")
    _group_work(nanmen, worker, projects, people)
    _volunteers(nanmen, worker, VOLUNTEERS)
    _volunteers(demo_station("jiangxia"), User.objects.get(username="worker-jiangxia"), VOLUNTEERS_JIANGXIA)
    out.write(f"Services: {made} recipients created, {Recipient.objects.count()} in all; "
              f"{Project.objects.count()} projects; {Case.objects.count()} cases; "
              f"{Volunteer.objects.count()} volunteers.")


def _group_work(station, worker, projects, people) -> None:
    """A running group with two sessions, a community activity and a needs survey."""
    if not WorkGroup.objects.filter(station=station).exists():
        members = [p for p in people if p.birth_date and p.birth_date.year < 1960][:5]
        group = actions.create_group(
            actor=worker, station=station, project=projects["base"], title="“银龄互助”老年小组",
            goals="减少孤独感，建立邻里互助网络。", plan="六节：相识、分享、健康、互助、回顾、结束。",
            sessions_planned=6, members=members)
        group = actions.move_group(actor=worker, group=group, to="running", reason="小组招募完成，开组")
        for days, topic in ((10, "相识与破冰"), (3, "分享生活故事")):
            actions.add_group_session(actor=worker, group=group, held_on=today() - datetime.timedelta(days=days),
                                      topic=topic, notes="组员参与积极，互相留下联系方式。", attended=members[:4])
    if not CommunityActivity.objects.filter(station=station).exists():
        actions.create_activity(actor=worker, station=station, project=projects["featured"], title="邻里节游园会",
                                plan="游园、义诊、政策宣传。", held_on=today() - datetime.timedelta(days=15),
                                place="南门街道文化广场", participants=160, volunteers=18, named=people[:3],
                                evaluation="居民参与踊跃，收集需求意见32条。")
    if not NeedsSurvey.objects.filter(station=station).exists():
        actions.create_survey(actor=worker, station=station, title="辖区老年人服务需求调研", method="questionnaire",
                              sample=260, conducted_on=today() - datetime.timedelta(days=120),
                              findings="助餐、陪伴和健康监测需求最高；独居老人最缺少日常联络。",
                              projects=[projects["base"]])


# Volunteers (R22 volunteer files, R17.3 growth): name, gender, birth, skills, other skills, team, joined N days ago,
# left N days ago (None: active), the services they gave (days ago, hours, what: "activity", "session" or words).
TEAM = "南门街道红马甲志愿服务队"
SENIORS = "澄浪社区银龄志愿队"
YOUTH = "护苗成长青少年志愿队"
VOLUNTEERS = [
    ("林晓燕", Gender.FEMALE, "19850312", ["care", "companionship"], "", TEAM, 720, None,
     [(15, "4", "activity"), (10, "2", "session"), (40, "2.5", "助老陪伴"), (400, "3", "助老陪伴")]),
    ("黄志明", Gender.MALE, "19720806", ["repairs", "driving"], "水电维修", TEAM, 690, None,
     [(15, "4", "activity"), (60, "3", "独居老人家电维修"), (380, "2", "独居老人家电维修")]),
    ("徐丽萍", Gender.FEMALE, "19600418", ["cooking", "companionship"], "", SENIORS, 650, None,
     [(15, "3", "activity"), (3, "2", "session"), (25, "3", "助餐送餐"), (90, "3", "助餐送餐")]),
    ("周伟", Gender.MALE, "19900921", ["it", "publicity"], "短视频剪辑", TEAM, 600, None,
     [(15, "5", "activity"), (120, "2", "智能手机使用课堂")]),
    ("吴佳琪", Gender.FEMALE, "20030115", ["tutoring", "arts"], "钢琴", YOUTH, 300, None,
     [(15, "4", "activity"), (30, "2", "留守儿童课业辅导"), (37, "2", "留守儿童课业辅导"),
      (44, "2", "留守儿童课业辅导")]),
    ("郑国平", Gender.MALE, "19580702", ["legal"], "退休法官", SENIORS, 560, None,
     [(50, "2", "社区法律咨询"), (140, "2", "社区法律咨询")]),
    ("王海燕", Gender.FEMALE, "19780527", ["medical", "care"], "护士", TEAM, 500, None,
     [(15, "4", "activity"), (70, "3", "义诊量血压")]),
    ("陈建华", Gender.MALE, "19650903", ["hairdressing"], "", SENIORS, 480, None,
     [(20, "3", "理发义剪"), (80, "3", "理发义剪"), (420, "3", "理发义剪")]),
    ("李思远", Gender.MALE, "20010630", ["sports", "organising"], "", YOUTH, 200, None,
     [(15, "4", "activity"), (10, "2", "session"), (100, "2", "青少年篮球训练")]),
    ("张美玲", Gender.FEMALE, "19820214", ["counselling"], "国家二级心理咨询师", TEAM, 150, None,
     [(3, "2", "session"), (45, "1.5", "心理疏导陪伴")]),
    ("刘芳", Gender.FEMALE, "19950809", ["languages"], "手语", YOUTH, 120, None,
     [(15, "4", "activity"), (55, "2", "听障居民沟通协助")]),
    ("杨春生", Gender.MALE, "19550120", ["companionship"], "", SENIORS, 90, None,
     [(15, "3", "activity"), (12, "2", "独居老人结对探访"), (26, "2", "独居老人结对探访")]),
    ("赵雅琴", Gender.FEMALE, "19880416", ["publicity", "organising"], "", TEAM, 60, None,
     [(15, "5", "activity"), (33, "2", "垃圾分类宣传")]),
    ("孙立新", Gender.MALE, "19700311", ["driving"], "", TEAM, 700, 200,
     [(420, "3", "助老出行接送"), (250, "2", "助老出行接送")]),
]
VOLUNTEERS_JIANGXIA = [
    ("钱慧敏", Gender.FEMALE, "19800723", ["care"], "", "江厦街道志愿服务队", 400, None, [(30, "3", "助老陪伴")]),
    ("冯建军", Gender.MALE, "19681105", ["repairs"], "", "江厦街道志愿服务队", 380, None, [(60, "2", "家电维修")]),
    ("褚晓丽", Gender.FEMALE, "19920218", ["tutoring"], "", "江厦街道志愿服务队", 40, None, [(20, "2", "课业辅导")]),
]


def _volunteers(station, worker, rows) -> None:
    """Volunteers of the station with their hours this year and last year; one of them has left."""
    villages = list(Division.objects.filter(parent=station.township).order_by("code"))
    activity = CommunityActivity.objects.filter(station=station).order_by("-held_on").first()
    session = GroupSession.objects.filter(group__station=station).order_by("-held_on").first()
    day = today()
    for seq, (name, gender, birth, skills, other_skills, team, joined, left, served) in enumerate(rows):
        if Volunteer.objects.filter(station=station, name=name).exists():
            continue
        village = villages[seq % len(villages)]
        if team == SENIORS:  # the elderly volunteers of 澄浪社区, the demo liaison's community
            village = next((v for v in villages if v.code == LIAISON_VILLAGE), village)
        volunteer = actions_volunteers.create_volunteer(
            actor=worker, station=station, reason="志愿者登记建档", name=name, village=village,
            id_number=_id_number(birth, 60 + seq, gender), phone=f"1390574{seq:04d}",
            address=f"{village.name}{seq + 2}幢{seq + 201}室", number=f"NB{station.township.code[-6:]}{seq + 1:04d}",
            team=team, skills=skills, skills_other=other_skills,
            joined_on=day - datetime.timedelta(days=joined))
        for days, hours, what in served:
            if what == "activity" and activity is not None:
                actions_volunteers.record_service(actor=worker, volunteer=volunteer, hours=hours, activity=activity,
                                                  content="活动现场引导、秩序维护和物资发放。")
            elif what == "session" and session is not None:
                actions_volunteers.record_service(actor=worker, volunteer=volunteer, hours=hours, session=session,
                                                  content="协助社工开展小组活动。")
            elif what not in ("activity", "session"):
                actions_volunteers.record_service(actor=worker, volunteer=volunteer, hours=hours, other=what,
                                                  served_on=day - datetime.timedelta(days=days))
        if left is not None:
            actions_volunteers.update_volunteer(
                actor=worker, volunteer=volunteer, reason="本人申请退出", name=name, village=village,
                phone=volunteer.phone, address=volunteer.address, number=volunteer.number, team=team,
                skills=skills, skills_other=other_skills, joined_on=volunteer.joined_on, status="left",
                left_on=day - datetime.timedelta(days=left), notes="因工作调动离开本街道。")
