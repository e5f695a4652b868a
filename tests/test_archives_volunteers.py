"""Volunteer files and hours (issue 11 item 2; R22 volunteer files, R17.3 the growth of volunteers).

A volunteer is a person (ID number validated, encrypted, hashed, masked; phone and address as a recipient's), seen
only by those who serve the station's people; district and city read the figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from ningbo_sws.lib import idnumber
from ningbo_sws.lib.figures import figures
from ningbo_sws.lib.records import Category, records
from services import actions_volunteers as actions
from services.models import Volunteer, VolunteerService, today
from stations.models import AccessLog
from tests.services_helpers import id_number, villages
from tests.world import services_setup

pytestmark = pytest.mark.django_db

THIS_YEAR = today().year


def _volunteer(world, rel="own", *, seq=1, name=None, village=None, joined_on=datetime.date(2024, 3, 1), **kwargs):
    station = world.station(rel)
    return actions.create_volunteer(
        actor=world.assignments[rel].user, station=station, reason="登记志愿者", name=name or f"志愿者{seq}",
        village=village or villages(station)[0], id_number=kwargs.pop("id_number", id_number(700 + seq)),
        joined_on=joined_on, **kwargs)


def _hours(world, volunteer, hours, *, day, rel="own", **kwargs):
    kwargs.setdefault("other", "助老陪伴")
    return actions.record_service(actor=world.assignments[rel].user, volunteer=volunteer, hours=hours,
                                  served_on=day, **kwargs)


# --- the file: a person ---------------------------------------------------------------------------------------
def test_r22_a_volunteer_file_keeps_the_id_number_encrypted_hashed_and_masked(world):
    number = id_number(5, birth="19900214")
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    volunteer = _volunteer(world, id_number=full_width, phone="13905740001", address="澄浪社区3幢", skills=[
        "care", "tutoring"], skills_other="书法", team="南门红马甲")
    volunteer.refresh_from_db()
    assert volunteer.id_masked == number[:4] + "**********" + number[-4:]
    assert volunteer.id_hash == idnumber.keyed_hash(number)
    assert number not in volunteer.id_cipher and volunteer.id_number() == number
    assert volunteer.birth_date == datetime.date(1990, 2, 14)
    with translation.override("en"):
        assert volunteer.all_skills() == "care and nursing, tutoring and education, 书法"  # the English list separator
    # Neither the number nor its hash enters the history table.
    row = volunteer.history.first()
    assert not hasattr(row, "id_cipher") and not hasattr(row, "id_hash")


def test_r22_one_file_per_person_at_a_station_but_a_person_may_volunteer_at_two(world):
    _volunteer(world, id_number=id_number(9))
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        _volunteer(world, seq=2, id_number=id_number(9))
    assert "already on this station's register of volunteers" in str(refused.value)
    _volunteer(world, "sibling", id_number=id_number(9))
    assert Volunteer.objects.filter(id_hash=idnumber.keyed_hash(id_number(9))).count() == 2


def test_r22_bad_file_input_is_refused_and_nothing_saved(world, client_for):
    station = world.station("own")
    client = client_for(world.users["worker"])
    url = reverse("services:volunteer_new", args=[station.pk])
    good = {"name": "陈志愿", "village": villages(station)[0].pk, "joined_on": "2025-01-02", "reason": "登记"}
    bad_inputs = [
        {"id_number": "330203199001011230"},  # wrong check digit
        {"phone": "12345"},
        {"joined_on": (today() + datetime.timedelta(days=1)).isoformat()},
        {"village": villages(world.station("sibling"))[0].pk},  # another township's village
        {"skills": ["astrology"]},
        {"name": ""},
    ]
    for change in bad_inputs:
        response = client.post(url, {**good, **change})
        assert response.status_code == 200, change
        assert b"errorlist" in response.content, change
    assert Volunteer.objects.count() == 0
    response = client.post(url, {**good, "id_number": "330203199001011230"})
    assert "身份证号" in response.content.decode()  # the ID number check speaks Chinese (existing translation)
    assert client.post(url, good).status_code == 302
    assert Volunteer.objects.count() == 1


def test_r22_leaving_needs_its_date_and_keeps_the_hours(world):
    volunteer = _volunteer(world)
    _hours(world, volunteer, "2", day=datetime.date(2025, 6, 1))
    worker = world.assignments["own"].user
    fields = {"name": volunteer.name, "village": volunteer.village, "joined_on": volunteer.joined_on}
    with pytest.raises(ValidationError), translation.override("en"):
        actions.update_volunteer(actor=worker, volunteer=volunteer, reason="离开", status="left", **fields)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        actions.update_volunteer(actor=worker, volunteer=volunteer, reason="离开", status="left",
                                 left_on=datetime.date(2025, 5, 1), **fields)
    assert "hours on record on 2025-06-01" in str(refused.value)
    actions.update_volunteer(actor=worker, volunteer=volunteer, reason="离开", status="left",
                             left_on=datetime.date(2025, 7, 1), **fields)
    volunteer.refresh_from_db()
    assert (volunteer.status, volunteer.left_on) == ("left", datetime.date(2025, 7, 1))
    assert volunteer.services.count() == 1
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        _hours(world, volunteer, "1", day=datetime.date(2025, 8, 1))
    assert "left on 2025-07-01" in str(refused.value)


# --- hours ------------------------------------------------------------------------------------------------------
def test_r22_hours_are_more_than_0_and_at_most_24_in_a_day(world):
    volunteer = _volunteer(world)
    day = datetime.date(2025, 5, 4)
    with translation.override("en"):
        for bad, words in (("0", "more than 0"), ("-1", "more than 0"), ("24.5", "at most 24 hours"),
                           ("1.25", "a tenth of an hour"), ("abc", "as a number")):
            with pytest.raises(ValidationError) as refused:
                _hours(world, volunteer, bad, day=day)
            assert words in str(refused.value), bad
        _hours(world, volunteer, "20", day=day)
        with pytest.raises(ValidationError) as refused:
            _hours(world, volunteer, "4.5", day=day)  # 20 + 4.5 > 24 on the same day
        assert "already has 20.0 hours on 2025-05-04" in str(refused.value)
        _hours(world, volunteer, "4", day=day)  # exactly 24
        _hours(world, volunteer, "8", day=day + datetime.timedelta(days=1))
    assert [str(s.hours) for s in VolunteerService.objects.order_by("id")] == ["20.0", "4.0", "8.0"]


def test_r22_hours_name_one_thing_served_on_its_day_and_of_the_station(world):
    made = services_setup(world)
    activity = made["own"]["activity"]  # held on 2026-01-05
    volunteer = _volunteer(world)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            actions.record_service(actor=world.assignments["own"].user, volunteer=volunteer, hours="2",
                                   served_on=datetime.date(2026, 1, 5))
        assert "Name what the volunteer served" in str(refused.value)
        with pytest.raises(ValidationError):
            _hours(world, volunteer, "2", day=datetime.date(2026, 1, 5), activity=activity)  # and "other"
        with pytest.raises(ValidationError) as refused:
            _hours(world, volunteer, "2", day=datetime.date(2026, 1, 6), activity=activity, other="")
        assert "held on 2026-01-05" in str(refused.value)
        with pytest.raises(ValidationError) as refused:
            _hours(world, volunteer, "2", day=None, activity=made["sibling"]["activity"], other="")
        assert "another station" in str(refused.value)
        with pytest.raises(ValidationError) as refused:
            _hours(world, volunteer, "2", day=today() + datetime.timedelta(days=1))
        assert "in the future" in str(refused.value)
        with pytest.raises(ValidationError) as refused:
            _hours(world, volunteer, "2", day=datetime.date(2024, 2, 1))  # joined on 2024-03-01
        assert "joined on 2024-03-01" in str(refused.value)
    service = _hours(world, volunteer, "2.5", day=None, activity=activity, other="")
    assert service.served_on == datetime.date(2026, 1, 5) and service.served() == "重阳敬老"
    assert VolunteerService.objects.count() == 1


def test_r22_bad_hours_on_the_page_are_refused_and_nothing_saved(world, client_for):
    volunteer = _volunteer(world)
    client = client_for(world.users["worker"])
    url = reverse("services:volunteer_service_new", args=[volunteer.pk])
    for hours in ("0", "25", "1e1", "1.25", ""):
        response = client.post(url, {"other": "助老陪伴", "served_on": "2025-05-04", "hours": hours})
        assert response.status_code == 200 and b"errorlist" in response.content, hours
    response = client.post(url, {"served_on": "2025-05-04", "hours": "2"})  # nothing named
    assert response.status_code == 200 and b"errorlist" in response.content
    assert VolunteerService.objects.count() == 0
    response = client.post(url, {"other": "助老陪伴", "served_on": "2025-05-04", "hours": "１.５"})
    assert response.status_code == 302
    assert VolunteerService.objects.get().hours == Decimal("1.5")


# --- totals and figures -----------------------------------------------------------------------------------------
def _year_of_volunteers(world):
    """Station own: A joined 2024 (5.5 h in 2025, 3 h this year), B joined 2025 and left 2025-09-30 (4 h in 2025),
    C joined this year (2 h this year); station sibling: D joined this year (1 h)."""
    a = _volunteer(world, seq=1, joined_on=datetime.date(2024, 3, 1))
    b = _volunteer(world, seq=2, joined_on=datetime.date(2025, 2, 1))
    c = _volunteer(world, seq=3, joined_on=datetime.date(THIS_YEAR, 1, 10))
    d = _volunteer(world, "sibling", seq=4, joined_on=datetime.date(THIS_YEAR, 1, 10))
    _hours(world, a, "2", day=datetime.date(2025, 4, 1))
    _hours(world, a, "3.5", day=datetime.date(2025, 4, 2))
    _hours(world, a, "3", day=datetime.date(THIS_YEAR, 1, 11))
    _hours(world, b, "4", day=datetime.date(2025, 5, 1))
    _hours(world, c, "2", day=datetime.date(THIS_YEAR, 1, 12))
    _hours(world, d, "1", day=datetime.date(THIS_YEAR, 1, 12), rel="sibling")
    worker = world.assignments["own"].user
    actions.update_volunteer(actor=worker, volunteer=b, reason="离开", name=b.name, village=b.village,
                             joined_on=b.joined_on, status="left", left_on=datetime.date(2025, 9, 30))
    return a, b, c, d


def test_r17_3_figures_count_active_and_new_volunteers_and_their_hours_per_year(world, django_assert_num_queries):
    _year_of_volunteers(world)
    own, sibling = world.station("own").pk, world.station("sibling").pk
    ids = [own, sibling]
    with django_assert_num_queries(1):
        assert figures.compute("services.volunteers", ids, year=2025) == {own: 1}  # B left on 30 September
    assert figures.compute("services.volunteers", ids, year=2024) == {own: 1}
    assert figures.compute("services.volunteers", ids, year=THIS_YEAR) == {own: 2, sibling: 1}
    assert figures.compute("services.volunteers_new", ids, year=2025) == {own: 1}
    assert figures.compute("services.volunteers_new", ids, year=THIS_YEAR) == {own: 1, sibling: 1}
    assert figures.compute("services.volunteer_hours", ids, year=2025) == {own: Decimal("9.5")}
    assert figures.compute("services.volunteer_hours", ids, year=THIS_YEAR) == {own: Decimal("5.0"),
                                                                                sibling: Decimal("1.0")}
    assert figures.get("services.volunteer_hours").unit == "hours"


def test_r22_totals_per_year_per_volunteer_and_per_station(world, client_for):
    a, *_ = _year_of_volunteers(world)
    from services import queries_volunteers as q

    assert q.volunteer_years(a) == [{"year": THIS_YEAR, "hours": Decimal("3.0"), "services": 1},
                                    {"year": 2025, "hours": Decimal("5.5"), "services": 2}]
    assert q.station_years(world.station("own")) == [
        {"year": THIS_YEAR, "hours": Decimal("5.0"), "services": 2, "volunteers": 2},
        {"year": 2025, "hours": Decimal("9.5"), "services": 3, "volunteers": 2}]
    assert q.station_totals(world.station("own"), year=2025) == {
        "active": 1, "new": 1, "left": 1, "hours": Decimal("9.5"), "services": 3, "serving": 2}
    client = client_for(world.users["worker"])
    page = client.get(reverse("services:volunteer_list", args=[world.station("own").pk]) + "?year=2025"
                      ).content.decode()
    assert "9.5" in page and "5.5" in page  # the station's hours and A's hours in 2025
    detail = client.get(reverse("services:volunteer_detail", args=[a.pk]) + "?year=2025").content.decode()
    assert "2025-04-02" in detail and "3.5" in detail and f"{THIS_YEAR}-01-11" not in detail


def test_r22_district_and_city_read_the_figures_not_the_names(world, client_for):
    a, *_ = _year_of_volunteers(world)
    url = reverse("services:station_figures", args=[world.station("own").pk]) + "?year=2025"
    overview = reverse("services:figures_overview") + "?year=2025"
    for persona in ("district", "city"):
        for page in (url, overview):
            response = client_for(world.users[persona]).get(page)
            assert response.status_code == 200
            body = response.content.decode()
            assert "9.5" in body, page  # the hours of 2025 (a Decimal: no other figure here has a tenth)
            assert a.name not in body


# --- the records seam -------------------------------------------------------------------------------------------
def test_r22_volunteer_files_are_a_record_source_with_a_description(world):
    from stations.access import Principal

    a, b, c, _d = _year_of_volunteers(world)
    source = records.get("services.volunteers")
    assert source.category == Category.VOLUNTEER_FILES
    assert source in records.in_category(Category.VOLUNTEER_FILES)
    worker = Principal(world.users["worker"])
    station = world.station("own")
    assert [v.name for v in source.records(worker, station, 2025)] == [a.name, b.name]
    assert [v.name for v in source.records(worker, station, THIS_YEAR)] == [a.name, c.name]  # B left in 2025
    assert list(source.records(Principal(world.users["district"]), station, THIS_YEAR)) == []
    _volunteer(world, seq=8, name="钱多多", phone="13905749999", team="红马甲", skills=["legal"],
               id_number=id_number(88))
    chosen = source.records(worker, station, THIS_YEAR).get(name="钱多多")
    with translation.override("en"):
        entry = source.describe(chosen)
    assert entry.title == "Volunteer file: 钱多多"
    assert entry.village == villages(station)[0].name and entry.date == datetime.date(2024, 3, 1)
    assert "legal advice" in entry.text and "红马甲" in entry.text
    assert "13905749999" not in entry.text and chosen.id_masked[-4:] not in entry.text
    assert entry.url == reverse("services:volunteer_detail", args=[chosen.pk])


# --- who sees what ----------------------------------------------------------------------------------------------
def _other_village_volunteer(world):
    return _volunteer(world, seq=6, name="另村志愿者", village=villages(world.station("own"))[1])


def test_r6_outsiders_get_404_on_every_volunteer_page(world, client_for):
    volunteer = _volunteer(world)
    station = world.station("own")
    users = [world.users[p] for p in ("district", "city", "auditor", "assessor", "nobody")]
    users += [world.assignments[rel].user for rel in ("sibling", "other")]
    names = ("volunteer_detail", "volunteer_edit", "volunteer_reveal", "volunteer_history", "volunteer_service_new")
    for user in users:
        client = client_for(user)
        for name in names:
            url = reverse(f"services:{name}", args=[volunteer.pk])
            assert client.get(url).status_code == 404, (user, name)
            assert client.post(url).status_code == 404, (user, name)
    # The station's register: the bureaus see the station (403: not its people), other stations' workers do not.
    for persona, status in (("district", 403), ("city", 403), ("auditor", 403), ("assessor", 403), ("nobody", 404)):
        client = client_for(world.users[persona])
        assert client.get(reverse("services:volunteer_list", args=[station.pk])).status_code == status, persona
    client = client_for(world.assignments["sibling"].user)
    assert client.get(reverse("services:volunteer_list", args=[station.pk])).status_code == 404


def test_r6_a_liaison_sees_the_volunteers_of_their_village_only_and_changes_nothing(world, client_for):
    mine = _volunteer(world)  # in the first village: the liaison's
    theirs = _other_village_volunteer(world)
    client = client_for(world.users["liaison"])
    listing = client.get(reverse("services:volunteer_list", args=[world.station("own").pk])).content.decode()
    assert mine.name in listing and theirs.name not in listing
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(reverse("services:volunteer_edit", args=[mine.pk])).status_code == 403
    assert client.post(reverse("services:volunteer_service_new", args=[mine.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.record_service(actor=world.users["liaison"], volunteer=mine, hours="1", served_on=today(),
                               other="陪伴")
    supervisor = client_for(world.users["supervisor"])
    assert supervisor.get(theirs.get_absolute_url()).status_code == 200  # assigned to the station


def test_r6_a_full_id_number_is_shown_after_a_logged_post_only(world, client_for):
    number = id_number(31)
    volunteer = _volunteer(world, id_number=number)
    client = client_for(world.users["worker"])
    url = reverse("services:volunteer_reveal", args=[volunteer.pk])
    page = client.get(url)
    assert number not in page.content.decode() and AccessLog.objects.count() == 0
    page = client.post(url)
    assert number in page.content.decode()
    assert page["Cache-Control"].startswith("no-store") or "no-store" in page["Cache-Control"]
    log = AccessLog.objects.get()
    assert (log.action, log.target_type, log.target_id) == (AccessLog.Action.REVEAL_ID, "services.volunteer",
                                                            str(volunteer.pk))
    detail = client.get(volunteer.get_absolute_url())
    assert number not in detail.content.decode() and "no-store" in detail["Cache-Control"]


def test_r22_the_history_of_a_file_is_kept_with_the_reason(world, client_for):
    volunteer = _volunteer(world, phone="13905740002")
    worker = world.assignments["own"].user
    actions.update_volunteer(actor=worker, volunteer=volunteer, reason="更新电话", name=volunteer.name,
                             village=volunteer.village, joined_on=volunteer.joined_on, phone="13905740003")
    assert [h.history_change_reason for h in volunteer.history.order_by("history_id")] == ["登记志愿者", "更新电话"]
    page = client_for(world.users["worker"]).get(reverse("services:volunteer_history", args=[volunteer.pk]))
    body = page.content.decode()
    assert "更新电话" in body and "13905740003" not in body  # phones masked in history (issue 9 item 2)


# --- fixed query counts -----------------------------------------------------------------------------------------
def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_volunteer_pages_make_a_fixed_number_of_queries(world, client_for):
    made = services_setup(world)
    first = _volunteer(world, seq=1)
    _hours(world, first, "2", day=datetime.date(2025, 4, 1))
    _hours(world, first, "1", day=None, activity=made["own"]["activity"], other="")
    client = client_for(world.users["worker"])
    station = world.station("own")
    urls = [reverse("services:volunteer_list", args=[station.pk]) + "?year=2025",
            reverse("services:volunteer_detail", args=[first.pk]) + "?year=2025",
            reverse("services:volunteer_service_new", args=[first.pk]),
            reverse("services:station_figures", args=[station.pk])]
    few = [_count(client, url) for url in urls]
    for seq in range(2, 30):
        volunteer = _volunteer(world, seq=seq)
        _hours(world, volunteer, "1.5", day=datetime.date(2025, 4, 1))
        _hours(world, first, "0.5", day=datetime.date(2025, 5, seq))
        _hours(world, volunteer, "1", day=None, activity=made["own"]["activity"], other="")
    many = [_count(client, url) for url in urls]
    assert many == few, f"{few} queries with 1 volunteer, {many} with 29"
    assert max(many) <= 30  # the figures page makes 26 with or without volunteers (the shell's to-do included)


# --- import from .xlsx ------------------------------------------------------------------------------------------
def _workbook(rows) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["南门街道志愿者名册"])  # a title row above the header
    sheet.append(["序号", "姓名", "性别", "身份证号", "联系电话", "所属村(社区)", "所属团队", "特长/意向", "登记日期"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_r22_a_volunteer_register_imports_from_xlsx_all_or_nothing(world, client_for):
    from services.importing_volunteers import import_volunteers

    station = world.station("own")
    village = villages(station)[0]
    short = village.name.removesuffix("社区").removesuffix("村")
    rows = [
        [1, "顾晓东", "男", id_number(41, birth="19800101"), "13905741001", village.name, "红马甲", "理发、书法、钓鱼",
         "2025/3/8"],
        [2, "蒋丽", "女", id_number(42, birth="19850202"), "", short, "", "护士 陪伴", "2025年4月1日"],
        [3, "重复者", "女", id_number(41, birth="19800101"), "", village.name, "", "", ""],  # same as row 3
        [4, "错号者", "男", "330203198001011230", "", village.name, "", "", ""],  # wrong check digit
        [5, "外村者", "男", "", "", "不存在村", "", "", ""],
    ]
    worker = world.assignments["own"].user
    with translation.override("en"):
        report = import_volunteers(actor=worker, station=station, data=_workbook(rows), filename="名册.xlsx")
    assert report.saved == 0 and Volunteer.objects.count() == 0
    assert [r.row for r in report.bad] == [5, 6, 7]
    assert "the same ID number as row 3" in " ".join(report.bad[0].messages)
    report = import_volunteers(actor=worker, station=station, data=_workbook(rows), filename="名册.xlsx",
                               good_rows_only=True)
    assert report.saved == 2
    gu = Volunteer.objects.get(name="顾晓东")
    assert gu.skills == ["hairdressing", "arts"] and gu.skills_other == "钓鱼"
    assert gu.joined_on == datetime.date(2025, 3, 8) and gu.team == "红马甲" and gu.phone == "13905741001"
    assert gu.id_masked.endswith(id_number(41, birth="19800101")[-4:]) and gu.history.count() == 1
    jiang = Volunteer.objects.get(name="蒋丽")
    assert jiang.village == village and jiang.skills == ["medical", "companionship"]
    # The same file again: the people are on this station's register already.
    with translation.override("en"):
        again = import_volunteers(actor=worker, station=station, data=_workbook(rows[:2]), filename="名册.xlsx")
    assert again.saved == 0 and "already on this station's register" in " ".join(again.bad[0].messages)
    # Through the page, by the township officer; the liaison may not import.
    url = reverse("services:volunteer_import", args=[station.pk])
    assert client_for(world.users["liaison"]).get(url).status_code == 403
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("名册.xlsx", _workbook([[1, "韩梅", "女", "", "", village.name, "", "", ""]]))
    response = client_for(world.users["township"]).post(url, {"file": upload})
    assert response.status_code == 200 and Volunteer.objects.filter(name="韩梅").exists()


def test_r22_the_activity_page_names_the_volunteers_who_served_with_their_hours(world, client_for):
    made = services_setup(world)
    activity = made["own"]["activity"]
    volunteer = _volunteer(world, name="施展鹏")
    _hours(world, volunteer, "3.5", day=None, activity=activity, other="")
    body = client_for(world.users["worker"]).get(activity.get_absolute_url()).content.decode()
    assert "施展鹏" in body and "3.5" in body
    assert client_for(world.users["liaison"]).get(activity.get_absolute_url()).status_code == 404
