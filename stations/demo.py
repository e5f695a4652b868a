"""Demo data of the stations app: a station in each of the 162 townships, and one demo login per role.

Called by `manage.py seed_demo` (which also calls the `demo` module of every app above this one). Idempotent:
everything is looked up before it is made, so a second run changes nothing.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from faker import Faker

from . import actions
from .access import Principal
from .divisions import load_divisions
from .models import Division, Role, RoleAssignment, Station

ORDER = 10
PASSWORD = "Ningbo@2026"
SETUP_REASON = "演示数据初始化"

# Three demo stations: two in the first district (海曙区), one in the second (江北区).
FIRST_DISTRICT, SECOND_DISTRICT = "330203000000", "330205000000"
DEMO_TOWNSHIPS = {"nanmen": "330203001000", "jiangxia": "330203002000", "waitan": "330205001000"}
LIAISON_VILLAGE = "330203001001"  # 澄浪社区, in 南门街道


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    full_name: str
    scope_code: str  # a division code; for station roles the station's township code
    station_key: str = ""  # for station-scoped roles and station assignments


LOGINS = [
    Login(Role.CITY, "city", "市局演示", "330200000000"),
    Login(Role.AUDITOR, "auditor", "审计演示", "330200000000"),
    Login(Role.DISTRICT, "district-haishu", "海曙区民政局演示", FIRST_DISTRICT),
    Login(Role.DISTRICT, "district-jiangbei", "江北区民政局演示", SECOND_DISTRICT),
    Login(Role.TOWNSHIP, "township-nanmen", "南门街道站长演示", DEMO_TOWNSHIPS["nanmen"], "nanmen"),
    Login(Role.WORKER, "worker-nanmen", "南门社工演示", DEMO_TOWNSHIPS["nanmen"], "nanmen"),
    Login(Role.TOWNSHIP, "township-jiangxia", "江厦街道站长演示", DEMO_TOWNSHIPS["jiangxia"], "jiangxia"),
    Login(Role.WORKER, "worker-jiangxia", "江厦社工演示", DEMO_TOWNSHIPS["jiangxia"], "jiangxia"),
    Login(Role.TOWNSHIP, "township-waitan", "外滩街道站长演示", DEMO_TOWNSHIPS["waitan"], "waitan"),
    Login(Role.WORKER, "worker-waitan", "外滩社工演示", DEMO_TOWNSHIPS["waitan"], "waitan"),
    Login(Role.LIAISON, "liaison-chenglang", "澄浪社区联络员演示", LIAISON_VILLAGE),
    Login(Role.SUPERVISOR, "supervisor-haishu", "海曙督导演示", FIRST_DISTRICT, "nanmen"),
    Login(Role.ASSESSOR, "assessor-haishu", "第三方评估演示", FIRST_DISTRICT, "jiangxia"),
]


def demo_station(key: str) -> Station:
    return Station.objects.select_related("township").get(township__code=DEMO_TOWNSHIPS[key])


def login_rows() -> list[tuple[str, str, str, str, str]]:
    """(role, username, password, scope_code, scope_name) of each demo login."""
    rows = []
    for login in LOGINS:
        if login.station_key:
            station = demo_station(login.station_key)
            rows.append((login.role, login.username, PASSWORD, station.township.code, station.name))
        else:
            division = Division.objects.get(code=login.scope_code)
            rows.append((login.role, login.username, PASSWORD, division.code, division.name))
    return rows


def _user(login: Login):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=login.username, defaults={"first_name": login.full_name})
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


def _bootstrap_city(user) -> None:
    """The first city officer is set up directly: nobody exists yet who could grant the role."""
    city = Division.objects.get(level=Division.Level.CITY)
    if not RoleAssignment.objects.active().filter(user=user, role=Role.CITY).exists():
        assignment = RoleAssignment(user=user, role=Role.CITY, division=city, reason=SETUP_REASON)
        assignment._change_reason = SETUP_REASON
        assignment.save()


@transaction.atomic
def seed(out) -> None:
    if not Division.objects.exists():
        load_divisions(Division)
    city_login = LOGINS[0]
    city_user = _user(city_login)
    _bootstrap_city(city_user)

    fake = Faker("zh_CN")
    Faker.seed(2026)
    created = 0
    existing = set(Station.objects.values_list("township_id", flat=True))
    for township in Division.objects.filter(level=Division.Level.TOWNSHIP).select_related("parent"):
        if township.pk in existing:
            continue
        actions.create_station(actor=city_user, township=township, reason=SETUP_REASON,
                               address=f"{township.parent.name}{township.name}{fake.street_address()}",
                               phone=f"0574-{fake.random_number(digits=8, fix_len=True)}")
        created += 1

    for login in LOGINS[1:]:
        user = _user(login)
        station = demo_station(login.station_key) if login.station_key else None
        if login.role in (Role.TOWNSHIP, Role.WORKER):
            scope = {"station": station}
        else:
            scope = {"division": Division.objects.get(code=login.scope_code)}
        if not RoleAssignment.objects.active().filter(user=user, role=login.role, **scope).exists():
            actions.grant_role(actor=city_user, user=user, role=login.role, reason=SETUP_REASON, **scope)
        if login.role in (Role.SUPERVISOR, Role.ASSESSOR) and station.pk not in Principal(user).granted[login.role]:
            actions.assign_station(actor=city_user, user=user, station=station, role=login.role,
                                   reason=SETUP_REASON)

    # A visible history on the first demo station: the township officer corrects its record.
    nanmen = demo_station("nanmen")
    officer = get_user_model().objects.get(username="township-nanmen")
    if nanmen.history.count() < 2:
        actions.update_station(actor=officer, station=nanmen, reason="更新站点地址和电话",
                               address="海曙区南门街道柳汀街225号", phone="0574-87361234",
                               opened_on=nanmen.opened_on, notes="站点设在街道社会组织服务中心二楼。")
    out.write(f"Stations: {created} created, {Station.objects.count()} in all.")
