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

from . import actions
from .models import Case, CommunityActivity, Household, NeedsSurvey, Project, Recipient, WorkGroup, today

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
    out.write(f"Services: {made} recipients created, {Recipient.objects.count()} in all; "
              f"{Project.objects.count()} projects; {Case.objects.count()} cases.")


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
