"""A small world for access tests: three stations and one person per role.

Station A (南门街道) and its sibling B (江厦街道) are in 海曙区; C (外滩街道) is in 江北区, another district.
Every persona holds its role at A's scope ("own"): Alice-like intents, as in healthchecks' tests —
the worker of A should see A and nothing of B or C; the district officer of 海曙区 sees A and B, not C.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from stations import actions
from stations.models import Division, Role, RoleAssignment, Station

PASSWORD = "Test@2026pw"
CODES = {"own": "330203001000", "sibling": "330203002000", "other": "330205001000"}
RELATIONS = ("own", "sibling", "other")


@dataclass
class World:
    root: object
    stations: dict[str, Station]
    users: dict[str, object]  # persona name -> user
    assignments: dict[str, RoleAssignment]  # relation -> a worker's assignment at that station
    grants: dict[str, object]  # relation -> a supervisor's grant on that station
    extra: dict = field(default_factory=dict)

    def station(self, relation: str) -> Station:
        return self.stations[relation]


def make_user(username: str, full_name: str = ""):
    User = get_user_model()
    user = User(username=username, first_name=full_name or username)
    user.set_password(PASSWORD)
    user.save()
    return user


def bootstrap_city(username="city-officer"):
    user = make_user(username, "市局")
    city = Division.objects.get(level=Division.Level.CITY)
    RoleAssignment.objects.create(user=user, role=Role.CITY, division=city, reason="bootstrap")
    return user


def build_world() -> World:
    root = bootstrap_city("root-city")
    stations = {}
    for relation, code in CODES.items():
        township = Division.objects.get(code=code)
        stations[relation] = actions.create_station(actor=root, township=township, reason="建站")
    a = stations["own"]
    village = Division.objects.filter(parent=a.township).order_by("code").first()
    users = {}

    def grant(name, role, **scope):
        user = make_user(name)
        actions.grant_role(actor=root, user=user, role=role, reason="测试", **scope)
        users[name] = user
        return user

    grant("city", Role.CITY, division=Division.objects.get(level=Division.Level.CITY))
    grant("auditor", Role.AUDITOR, division=Division.objects.get(level=Division.Level.CITY))
    grant("district", Role.DISTRICT, division=a.district)
    grant("township", Role.TOWNSHIP, station=a)
    grant("worker", Role.WORKER, station=a)
    grant("liaison", Role.LIAISON, division=village)
    supervisor = grant("supervisor", Role.SUPERVISOR, division=a.district)
    assessor = grant("assessor", Role.ASSESSOR, division=a.district)
    actions.assign_station(actor=root, user=supervisor, station=a, role=Role.SUPERVISOR, reason="测试")
    actions.assign_station(actor=root, user=assessor, station=a, role=Role.ASSESSOR, reason="测试")
    users["nobody"] = make_user("nobody")  # signed in, no role at all

    # One worker per station, and one supervisor grant per station, as objects to walk over.
    assignments, grants = {}, {}
    for relation, station in stations.items():
        worker = make_user(f"worker-of-{relation}")
        assignments[relation] = actions.grant_role(actor=root, user=worker, role=Role.WORKER, station=station,
                                                   reason="测试")
        sup = make_user(f"supervisor-of-{relation}")
        actions.grant_role(actor=root, user=sup, role=Role.SUPERVISOR, division=station.district, reason="测试")
        grants[relation] = actions.assign_station(actor=root, user=sup, station=station, role=Role.SUPERVISOR,
                                                  reason="测试")
    return World(root=root, stations=stations, users=users, assignments=assignments, grants=grants)


# Services ID numbers for the walk (valid GB 11643 numbers, one per relation).
SERVICES_ID_NUMBERS = {"own": "330203195001011238", "sibling": "330203196002023410", "other": "330205197003035613"}

# People of the walk with rare, unique names and phones (issue 9 item 3): the walker fails when a page shown to
# someone outside the circle that serves them contains one. Per relation (the station they belong to).
PEOPLE = {
    "own": {"recipient": "龚翀霈", "recipient_phone": "13700000101", "household": "濮阳筠霭家",
            "staff": "段干翊翚", "staff_phone": "13600000201", "liaison": "巫马晞翯", "liaison_phone": "13500000301",
            # a resident of another village of the same township: the liaison persona does not serve them
            "neighbour": "拓跋翎翥", "neighbour_phone": "13700000109",
            "volunteer": "澹台翀翎", "volunteer_phone": "13900000401"},
    "sibling": {"recipient": "闾丘骞翙", "recipient_phone": "13700000102", "household": "濮阳筠霂家",
                "staff": "宰父勍翥", "staff_phone": "13600000202", "liaison": "钟离翃翾",
                "liaison_phone": "13500000302", "volunteer": "皇甫骞霁", "volunteer_phone": "13900000402"},
    "other": {"recipient": "亓官翾翀", "recipient_phone": "13700000103", "household": "濮阳筠霁家",
              "staff": "公冶翯翊", "staff_phone": "13600000203", "liaison": "呼延昶翀",
              "liaison_phone": "13500000303", "volunteer": "尉迟翾霈", "volunteer_phone": "13900000403"},
}


def services_setup(world: World) -> dict:
    """One recipient (in the liaison's village for "own"), one base project and one open case per station."""
    if "services" in world.extra:
        return world.extra["services"]
    from datetime import date

    from ningbo_sws.lib.idnumber import check_character
    from services import actions as services_actions

    made = {}
    for relation, station in world.stations.items():
        worker = world.assignments[relation].user
        village = Division.objects.filter(parent=station.township).order_by("code").first()
        first17 = SERVICES_ID_NUMBERS[relation][:17]
        project = services_actions.create_project(
            actor=worker, station=station, year=2026, kind="base", reason="测试", title=f"关爱老人项目{relation}",
            needs_analysis="需求", goals="目标", target_groups=["gugua"])
        people = PEOPLE[relation]
        household = services_actions.create_household(actor=worker, station=station, village=village,
                                                      name=people["household"], reason="测试")
        recipient = services_actions.create_recipient(
            actor=worker, station=station, name=people["recipient"], village=village, reason="测试",
            id_number=first17 + check_character(first17), groups=["gugua"], key_group=True, visit_every_days=30,
            household=household, relation="head", phone=people["recipient_phone"])
        case = services_actions.open_case(actor=worker, recipient=recipient, project=project, problem="独居")
        group = services_actions.create_group(actor=worker, station=station, project=project, title="老年互助小组",
                                              goals="互助", plan="六节", members=[recipient])
        activity = services_actions.create_activity(
            actor=worker, station=station, project=project, title="重阳敬老", plan="慰问", held_on=date(2026, 1, 5),
            place="社区活动室", participants=30, named=[recipient])
        survey = services_actions.create_survey(actor=worker, station=station, title="老年需求调研",
                                                method="questionnaire", sample=120, conducted_on=date(2026, 1, 2),
                                                findings="助餐需求高", projects=[project])
        made[relation] = {"recipient": recipient, "project": project, "case": case, "group": group,
                          "activity": activity, "survey": survey, "household": household,
                          "id_number": first17 + check_character(first17)}
    world.extra["services"] = made
    return made


# Volunteers of the walk (issue 11 item 2): one per station, in the liaison's village for "own", with one record
# of hours at the station's community activity. Valid GB 11643 numbers, unlike any other of the walk.
VOLUNTEER_ID_NUMBERS = {"own": "33020319850505721", "sibling": "33020319860606832", "other": "33020519870707943"}


def volunteers_setup(world: World) -> dict:
    if "volunteers" in world.extra:
        return world.extra["volunteers"]
    from datetime import date

    from ningbo_sws.lib.idnumber import check_character
    from services import actions_volunteers

    services = services_setup(world)
    made = {}
    for relation, station in world.stations.items():
        worker = world.assignments[relation].user
        village = Division.objects.filter(parent=station.township).order_by("code").first()
        first17 = VOLUNTEER_ID_NUMBERS[relation]
        people = PEOPLE[relation]
        volunteer = actions_volunteers.create_volunteer(
            actor=worker, station=station, reason="测试", name=people["volunteer"], village=village,
            id_number=first17 + check_character(first17), phone=people["volunteer_phone"],
            address="走查路1号", skills=["companionship"], joined_on=date(2025, 3, 1))
        service = actions_volunteers.record_service(actor=worker, volunteer=volunteer, hours="3",
                                                    activity=services[relation]["activity"])
        made[relation] = {"volunteer": volunteer, "service": service, "id_number": first17 + check_character(first17)}
    world.extra["volunteers"] = made
    return made
