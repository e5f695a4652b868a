"""Demo data of the stations app: a station in each of the 162 townships, and one demo login per role.

Called by `manage.py seed_demo` (which also calls the `demo` module of every app above this one). Idempotent:
everything is looked up before it is made, so a second run changes nothing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from faker import Faker

from ningbo_sws.lib import workflow
from ningbo_sws.lib.tracking import tracked_save
from ningbo_sws.lib.uploads import IMAGE_TYPES, check_upload

from . import actions
from .access import Principal
from .divisions import load_divisions
from .models import Attachment, Contract, Division, Role, RoleAssignment, Room, Station, StationStatus

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
    Login(Role.CITY, "city", "周文斌", "330200000000"),
    Login(Role.AUDITOR, "auditor", "沈慧敏", "330200000000"),
    Login(Role.DISTRICT, "district-haishu", "林志强", FIRST_DISTRICT),
    Login(Role.DISTRICT, "district-jiangbei", "何丽娟", SECOND_DISTRICT),
    Login(Role.TOWNSHIP, "township-nanmen", "陈建华", DEMO_TOWNSHIPS["nanmen"], "nanmen"),
    Login(Role.WORKER, "worker-nanmen", "王晓燕", DEMO_TOWNSHIPS["nanmen"], "nanmen"),
    Login(Role.TOWNSHIP, "township-jiangxia", "张国平", DEMO_TOWNSHIPS["jiangxia"], "jiangxia"),
    Login(Role.WORKER, "worker-jiangxia", "李静", DEMO_TOWNSHIPS["jiangxia"], "jiangxia"),
    Login(Role.TOWNSHIP, "township-waitan", "徐海涛", DEMO_TOWNSHIPS["waitan"], "waitan"),
    Login(Role.WORKER, "worker-waitan", "赵婷婷", DEMO_TOWNSHIPS["waitan"], "waitan"),
    Login(Role.LIAISON, "liaison-chenglang", "孙美华", LIAISON_VILLAGE),
    Login(Role.SUPERVISOR, "supervisor-haishu", "郑雅琴", FIRST_DISTRICT, "nanmen"),
    Login(Role.ASSESSOR, "assessor-haishu", "吴俊杰", FIRST_DISTRICT, "jiangxia"),
]


def demo_station(key: str) -> Station:
    return Station.objects.select_related("township").get(township__code=DEMO_TOWNSHIPS[key])


def login_names() -> dict[str, str]:
    """username -> display name (姓名) of each demo login."""
    return {login.username: login.full_name for login in LOGINS}


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
    elif user.first_name != login.full_name:  # a database seeded before the demo users had people's names
        user.first_name = login.full_name
        user.save(update_fields=["first_name"])
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
                               address=f"{township.parent.name}{township.name}{fake.street_name()}"
                                       f"{fake.random_int(1, 399)}号",
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
    setup = _seed_setup(city_user)
    signins = _seed_signins()  # lane: history
    out.write(f"Sign-in events: {signins} recorded.\n")
    out.write(f"Stations: {created} created, {Station.objects.count()} in all; {setup} set up with site, rooms, "
              f"plate and contract.")
    _seed_notices()


# --- lane todo (issue 13 item 2): a notice waiting for every demo login on first sign-in -------------------------
DEMO_NOTICES = {
    # username: (from, text, link) — what a colleague's move left for them
    "city": ("district-haishu", "海曙区民政局已报送本区社工站年度自评汇总，请查阅。", "/"),
    "auditor": ("city", "市民政局调整了海曙区督导的站点分配，相关记录已入变更日志。", "/audit/changes/"),
    "district-haishu": ("township-nanmen", "南门街道社工站更新了站点地址和电话，请知悉。", "station:nanmen"),
    "district-jiangbei": ("city", "请于本月底前完成本区社工站设立审核。", "/stations/"),
    "township-nanmen": ("city", "市民政局已为本站分配督导“海曙督导演示”。", "station:nanmen"),
    "township-jiangxia": ("city", "市民政局已为本站分配第三方评估机构。", "station:jiangxia"),
    "township-waitan": ("district-jiangbei", "区民政局提醒：请在运营前录入站点用房和运营方式。", "station:waitan"),
    "worker-nanmen": ("township-nanmen", "站长提醒：本周有重点对象需要家访，请按时走访。", "/services/my-day/"),
    "worker-jiangxia": ("township-jiangxia", "站长提醒：请补充上月社区活动的评估。", "/services/my-day/"),
    "worker-waitan": ("township-waitan", "站长提醒：请完善服务对象的知情同意记录。", "/services/my-day/"),
    "liaison-chenglang": ("worker-nanmen", "南门社工站请你协助核实澄浪社区重点对象走访名单。", "/"),
    "supervisor-haishu": ("worker-nanmen", "南门社工站的社工希望就一例困难个案听取督导意见。", "station:nanmen"),
    "assessor-haishu": ("city", "你已被分配评估江厦街道社工站，请查阅其佐证材料。", "station:jiangxia"),
}


def _seed_notices() -> None:
    """Idempotent: a demo login that has any notice gets no other."""
    from .models import Notice

    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=set(DEMO_NOTICES) | {sender for sender, _t, _u in DEMO_NOTICES.values()})}
    have = set(Notice.objects.filter(recipient__username__in=DEMO_NOTICES).values_list("recipient__username",
                                                                                      flat=True))
    rows = []
    for username, (sender, text, url) in DEMO_NOTICES.items():
        if username in have or username not in users:
            continue
        if url.startswith("station:"):
            url = demo_station(url.split(":", 1)[1]).get_absolute_url()
        rows.append(Notice(recipient=users[username], actor=users.get(sender), text=text, url=url))
    Notice.objects.bulk_create(rows)


# --- issue 13 item 1 (lane: history): sign-ins, failures and a lockout in the auditor's log --------------------
DEMO_SIGNINS = [  # (days ago, hour, minute, username, outcome, address)
    (3, 8, 41, "township-nanmen", "success", "10.23.1.15"),
    (3, 11, 58, "township-nanmen", "signout", "10.23.1.15"),
    (2, 9, 2, "worker-nanmen", "failure", "10.23.1.22"),
    (2, 9, 3, "worker-nanmen", "success", "10.23.1.22"),
    (2, 14, 30, "district-haishu", "success", "10.23.0.8"),
    *((1, 22, 10 + i, "admin", "failure", "10.23.9.201") for i in range(5)),
    (1, 22, 14, "admin", "lockout", "10.23.9.201"),
    (0, 8, 55, "auditor", "success", "10.20.0.3"),
]


def _seed_signins() -> int:
    import datetime

    from django.utils import timezone

    from .models import SignInEvent
    from .signin_events import record

    if SignInEvent.objects.filter(ip_address="10.23.1.15").exists():
        return 0
    today = timezone.localdate()
    for days, hour, minute, username, outcome, address in DEMO_SIGNINS:
        at = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days),
                                                           datetime.time(hour, minute)))
        record(outcome, username=username, at=at, ip_address=address)
    return len(DEMO_SIGNINS)


# --- issue 3: site, rooms, plate, operators, contracts, lifecycle ----------------------------------------------
OPERATORS = [
    # (name, first 17 characters of the credit code, district code): the check character is computed.
    ("宁波市海曙区阳光社会工作服务中心", "52330203MJ9000001", FIRST_DISTRICT),
    ("宁波市江北区众益社会工作服务社", "52330205MJ9000002", SECOND_DISTRICT),
    ("宁波市鄞州区善行社会工作服务中心", "52330212MJ9000003", "330212000000"),
    ("宁波市北仑区同心社会工作事务所", "52330206MJ9000004", "330206000000"),
    ("慈溪市和美社会工作服务中心", "52330282MJ9000005", "330282000000"),
]


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), (180, 35, 42)).save(buffer, format="PNG")
    return buffer.getvalue()


def _operators(city_user) -> list:
    from ningbo_sws.lib.creditcode import check_character

    from .models import Operator

    operators = []
    for name, first17, district_code in OPERATORS:
        code = first17 + check_character(first17)
        operator = Operator.objects.filter(credit_code=code).first()
        if operator is None:
            operator = actions.save_operator(
                actor=city_user, reason=SETUP_REASON, name=name, credit_code=code, legal_representative="张伟",
                contact_person="李娜", contact_phone="0574-87000000", address=f"{name}办公地址",
                district=Division.objects.get(code=district_code))
        operators.append(operator)
    return operators


def _rooms_for(i: int, headcount: int) -> list[dict]:
    """Rooms that meet R9 for most stations, and fail one rule or another for some, in words on the card."""
    office = {"room_type": "office", "label": "社工办公室", "area": Decimal(6 if i % 4 == 1 else 5 * headcount + 2),
              "office_equipment": True}
    rooms = [office,
             {"room_type": "case", "label": "个案工作室", "area": Decimal(8 if i % 6 == 2 else 12), "tea_table": True,
              "sofa": True, "clock": i % 13 != 5, "quiet_private": True}]
    if i % 3 == 0:
        rooms.append({"room_type": "group", "also_serves": "multi", "label": "多功能活动室", "area": Decimal(80),
                      "movable_furniture": True, "tables": True, "multimedia": True, "sound_system": True})
    else:
        rooms += [{"room_type": "group", "label": "团体活动室", "area": Decimal(25 if i % 7 == 4 else 36),
                   "movable_furniture": True},
                  {"room_type": "multi", "label": "多功能室", "area": Decimal(60), "tables": True,
                   "multimedia": True, "sound_system": i % 5 != 3}]
    if i % 2 == 0:
        office["also_serves"] = "archive"
        office["filing_cabinets"] = True
    else:
        rooms.append({"room_type": "archive", "label": "档案室", "area": Decimal(12), "filing_cabinets": i % 9 != 4})
    return rooms


def _set_status(station: Station, status: str, actor) -> None:
    """Demo only: put a station straight into a later state (the real moves go through move_station)."""
    source, station.status = station.status, status
    if status in ("operating", "suspended", "closed") and station.opened_on is None:
        station.opened_on = datetime.date(2024, 1, 1)
    with translation.override(settings.LANGUAGE_CODE):  # a command runs untranslated; the reason is stored in Chinese
        reason = f"{SETUP_REASON}：{station.get_status_display()}"
    tracked_save(station, actor=actor, reason=reason)
    workflow.record(station, source=source, actor=actor, reason=reason)


def _direct(obj, actor, reason: str = SETUP_REASON):
    """Demo only: save a record of the 159 stations that have no demo officer of their own, with history."""
    tracked_save(obj, actor=actor, reason=reason)
    return obj


class _Writer:
    """Writes one station's set-up: through the actions as its township officer where the demo has one (南门,
    江厦), else directly with history (no officer exists who could act there)."""

    def __init__(self, station: Station, officer, city_user):
        self.station, self.officer, self.city_user = station, officer, city_user

    def setup(self, **fields):
        if self.officer:
            actions.record_setup(actor=self.officer, station=self.station, reason=SETUP_REASON, **fields)
            self.station.refresh_from_db()
        else:
            for name, value in fields.items():
                setattr(self.station, name, value)
            _direct(self.station, self.city_user)

    def room(self, **fields):
        if self.officer:
            actions.save_room(actor=self.officer, station=self.station, reason=SETUP_REASON, **fields)
        else:
            _direct(Room(station=self.station, **fields), self.city_user)

    def plate(self, *, photo, **fields):
        if self.officer:
            actions.record_plate(actor=self.officer, station=self.station, reason=SETUP_REASON, photo=photo, **fields)
            self.station.refresh_from_db()
            return
        for name, value in fields.items():
            setattr(self.station, name, value)
        _direct(self.station, self.city_user)
        if photo is not None:
            attachment = Attachment(station=self.station, purpose=Attachment.Purpose.PLATE_PHOTO,
                                    uploaded_by=self.city_user)
            attachment.store(photo, check_upload(photo, allowed=IMAGE_TYPES, field="photo"))
            _direct(attachment, self.city_user)

    def contract(self, *, parts, **fields):
        if self.officer:
            actions.save_contract(actor=self.officer, station=self.station, reason=SETUP_REASON, parts=parts,
                                  **fields)
        else:
            _direct(Contract(station=self.station, **fields, **parts), self.city_user)


def _seed_setup(city_user) -> int:
    """Sites, rooms, plates, operators and contracts for the demo stations (some meeting R8–R11 and R15, some
    not; some contracts incomplete, one ending within 60 days), and lifecycle states that vary. 外滩 is left
    empty, for its township officer to set up in the browser."""
    from django.core.files.base import ContentFile

    operators = _operators(city_user)
    png = _png()
    today = timezone.localdate()
    officers = {
        DEMO_TOWNSHIPS[key]: get_user_model().objects.get(username=f"township-{key}") for key in ("nanmen", "jiangxia")
    }
    done = 0
    stations = Station.objects.select_related("township__parent", "district").order_by("township__code")
    for i, station in enumerate(stations):
        code = station.township.code
        if code == DEMO_TOWNSHIPS["waitan"] or station.site_basis or station.rooms.exists():
            continue
        writer = _Writer(station, officers.get(code), city_user)
        headcount = 3 + i % 5
        basis = "other" if i % 7 == 6 else ("social_org_centre" if i % 2 == 0 else "community_station")
        mode = "direct" if i % 5 == 4 else "purchase"
        writer.setup(site_basis="" if i % 11 == 10 else basis, site_note="村委会闲置用房" if basis == "other" else "",
                     address=station.address, operation_mode=mode, recorded_headcount=headcount)
        for room in _rooms_for(i, headcount):
            writer.room(**room)
        plate = station.standard_name if i % 8 != 3 else f"{station.township.name}社工站"
        photo = ContentFile(png, name="plate.png") if i % 5 != 1 else None
        writer.plate(plate_name=plate, plate_hung=i % 12 != 9, logo_used=i % 10 != 7, photo=photo)
        # Purchasing stations contract an operator (a few have none: R11 and R15 not met); half of the stations
        # that hire directly have a contract with the hired workers (no operator).
        if (mode == "purchase" and i % 17 != 16) or i % 10 == 4:
            parts = dict.fromkeys(("has_scope", "has_goals", "has_indicators", "has_requirements", "has_term",
                                   "has_funding", "has_liability"), True)
            if i % 6 == 5:
                parts.update(has_indicators=False, has_liability=False)
            writer.contract(operator=operators[i % len(operators)] if mode == "purchase" else None,
                            number=f"NBSG-{code}",
                            starts_on=today - datetime.timedelta(days=300),
                            ends_on=today + datetime.timedelta(days=30 if i == 1 else 400),
                            amount=Decimal(300000 + 10000 * (i % 10)), parts=parts)
        if code == DEMO_TOWNSHIPS["nanmen"]:
            _lifecycle_through_actions(station)
        elif code == DEMO_TOWNSHIPS["jiangxia"]:
            # submitted, for the 海曙 district officer to approve in the demo
            actions.move_station(actor=officers[code], station=station, move="submit", reason="提交区民政局审核")
        else:
            status = {6: StationStatus.APPROVED, 7: StationStatus.SUBMITTED, 8: StationStatus.PLANNING,
                      9: StationStatus.SUSPENDED}.get(i % 10, StationStatus.OPERATING)
            if status != StationStatus.PLANNING:
                station.refresh_from_db()
                _set_status(station, status, city_user)
        done += 1
    return done


def _lifecycle_through_actions(station: Station) -> None:
    """南门: submitted by its township officer, approved by the 海曙 district officer, then opened."""
    User = get_user_model()
    township = User.objects.get(username="township-nanmen")
    district = User.objects.get(username="district-haishu")
    actions.move_station(actor=township, station=station, move="submit", reason="站点建设完成，提交区民政局审核")
    actions.move_station(actor=district, station=station, move="approve", reason="实地查看，同意设立")
    actions.move_station(actor=township, station=station, move="open", reason="正式运营")
