"""Issue 9 item 7: one active registration of a person city-wide, held by the database, and the loser of a race
gets the message of the duplicate check (never an HTTP 500, nothing half-saved) — for recipients and staff, by
form and by import.

The races are made certain, not left to timing: each thread's duplicate check runs, then a barrier holds both
until both have checked, so both insert. On PostgreSQL with two threads and two connections (SQLite serialises
all writes, as in tests/test_finance_concurrency.py). The same refusal is also tested on both databases without
threads: someone registers the person between the check and the save.
"""

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from ningbo_sws.lib import idnumber
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.person import id_fields
from services import actions as services_actions
from services import importing
from services.models import Recipient
from staffing import actions as staffing_actions
from staffing import importer as staffing_importer
from staffing.models import StaffMember
from tests.services_helpers import id_number, recipient, villages
from tests.staffing_world import fresh_id_number, person

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="real concurrency needs row locks; SQLite serialises all writes")


def race(*calls):
    """Run the calls in threads at the same moment, each with its own connection; their results or errors."""
    results = [None] * len(calls)

    def run(i, call):
        try:
            results[i] = call()
        except Exception as exc:  # collected and asserted by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def hold_after_first_call(monkeypatch, module, name, parties=2, *, serialised=False):
    """Wrap module.name: each thread's first call runs, then waits until every thread has made its own.
    `serialised`: the code under test may hold a lock that keeps the other thread from ever arriving (the
    import's station lock): then the wait gives up after a few seconds and the thread goes on."""
    barrier, seen = threading.Barrier(parties), threading.local()
    real = getattr(module, name)

    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        if not getattr(seen, "done", False):
            seen.done = True
            try:
                barrier.wait(timeout=3 if serialised else 20)
            except threading.BrokenBarrierError:
                if not serialised:
                    raise
        return result

    monkeypatch.setattr(module, name, wrapped)


def register(world, rel, number, name):
    return lambda: recipient(world, rel, id_number=number, name=name)


def kinds(results):
    return sorted(type(r).__name__ for r in results)


# --- recipients, through the action -----------------------------------------------------------------------------
@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_item7_two_registrations_at_one_station_at_once_give_one_record_and_the_duplicate_message(
        transactional_db, monkeypatch):
    from tests.world import build_world

    world = build_world()
    hold_after_first_call(monkeypatch, services_actions, "check_duplicate")
    number = id_number(71)
    results = race(register(world, "own", number, "甲"), register(world, "own", number, "乙"))
    assert kinds(results) == ["ActionError", "Recipient"], results
    refused = next(r for r in results if isinstance(r, ActionError))
    assert refused.code == "duplicate_here" and refused.field == "id_number"
    assert Recipient.objects.filter(id_hash=idnumber.keyed_hash(number)).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_item7_two_stations_registering_one_person_at_once_the_second_is_told_already_served(
        transactional_db, monkeypatch):
    from tests.world import build_world

    world = build_world()
    hold_after_first_call(monkeypatch, services_actions, "check_duplicate")
    number = id_number(72)
    results = race(register(world, "own", number, "甲"), register(world, "other", number, "乙"))
    assert kinds(results) == ["ActionError", "Recipient"], results
    winner = next(r for r in results if isinstance(r, Recipient))
    refused = next(r for r in results if isinstance(r, ActionError))
    assert refused.code == "served_elsewhere" and winner.station.name in str(refused)
    assert Recipient.objects.filter(id_hash=idnumber.keyed_hash(number)).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_item7_two_stations_registering_through_the_form_at_once_get_a_page_each_never_a_500(
        transactional_db, monkeypatch):
    """The same race through the view (the client raises on a server error): one redirect, one form that
    names the station already serving the person."""
    from tests.world import build_world

    world = build_world()
    hold_after_first_call(monkeypatch, services_actions, "check_duplicate")
    number = id_number(73)

    def post(rel):
        station = world.station(rel)
        client = Client()
        client.force_login(world.assignments[rel].user)
        return lambda: client.post(reverse("services:recipient_new", args=[station.pk]), {
            "name": f"王{rel}", "id_number": number, "village": villages(station)[0].pk, "reason": "登记",
            "groups": ["gugua"]})

    results = race(post("own"), post("other"))
    assert sorted(r.status_code for r in results) == [200, 302], results
    winner = Recipient.objects.get(id_hash=idnumber.keyed_hash(number))
    form_page = next(r for r in results if r.status_code == 200).content.decode()
    assert winner.station.name in form_page


# --- recipients, on both databases --------------------------------------------------------------------------------
def test_item7_the_database_holds_one_active_registration_city_wide(world):
    """Past every check (a script, the admin): a second active registration of one number is refused."""
    first = recipient(world, "own", seq=74)
    clone = Recipient(station=world.station("other"), village=villages(world.station("other"))[0], name="副本",
                      **id_fields(id_number(74)))
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    # No longer served there: another station may take the person on.
    Recipient.objects.filter(pk=first.pk).update(status=Recipient.Status.ENDED)
    clone.save()
    assert Recipient.objects.filter(id_hash=first.id_hash).count() == 2


def test_item7_a_registration_between_the_check_and_the_save_gets_the_already_served_message(world, monkeypatch):
    """The database's refusal is mapped to the duplicate check's message, and nothing of the loser is saved."""
    number = id_number(75)
    real = services_actions.check_duplicate
    calls = []

    def check_then_someone_registers(**kwargs):
        real(**kwargs)
        if not calls:  # the other station registers the person right after this station's check
            calls.append(kwargs)
            recipient(world, "other", id_number=number, name="先到")

    monkeypatch.setattr(services_actions, "check_duplicate", check_then_someone_registers)
    with pytest.raises(ActionError) as exc:
        recipient(world, "own", id_number=number, name="后到")
    assert exc.value.code == "served_elsewhere" and world.station("other").name in str(exc.value)
    # (The other registration ran inside this action's transaction here, so it is rolled back with it.)
    assert not Recipient.objects.filter(name="后到").exists()


def test_item7_a_person_no_longer_served_elsewhere_may_be_registered_but_not_served_twice_again(world):
    """"Active" is the status being served: an ended record elsewhere does not block; reopening it while this
    station serves the person is refused with the same message."""
    elsewhere = recipient(world, "other", seq=76)
    services_actions.update_recipient(actor=world.assignments["other"].user, recipient=elsewhere, reason="迁出",
                                      name=elsewhere.name, village=elsewhere.village, groups=["gugua"],
                                      status=Recipient.Status.ENDED)
    here = recipient(world, "own", seq=76)
    assert here.pk and here.status == Recipient.Status.ACTIVE
    with pytest.raises(ActionError) as exc:
        services_actions.update_recipient(actor=world.assignments["other"].user, recipient=elsewhere,
                                          reason="回迁", name=elsewhere.name, village=elsewhere.village,
                                          groups=["gugua"], status=Recipient.Status.ACTIVE)
    assert exc.value.code == "served_elsewhere" and world.station("own").name in str(exc.value)
    assert Recipient.objects.get(pk=elsewhere.pk).status == Recipient.Status.ENDED


# --- recipients, by import ----------------------------------------------------------------------------------------
def _register_csv(station, numbers) -> bytes:
    village = villages(station)[0].name
    lines = ["姓名,身份证号,村(社区),人员类别"] + [f"居民{i},{n},{village},独居" for i, n in enumerate(numbers)]
    return "\n".join(lines).encode()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_item7_two_imports_of_one_file_at_once_save_it_once_and_report_the_rest(
        transactional_db, monkeypatch):
    from tests.world import build_world

    world = build_world()
    station = world.station("own")
    data = _register_csv(station, [id_number(80 + i) for i in range(3)])
    # Both imports try to insert at once; the station lock may keep the second from getting there, in which case
    # the first goes on alone and the second finds its people on record: one import saves, the other reports.
    hold_after_first_call(monkeypatch, importing, "_on_record", serialised=True)
    worker = world.users["worker"]
    results = race(*[lambda: importing.import_recipients(actor=worker, station=station, data=data,
                                                         filename="台账.csv")] * 2)
    assert sorted(r.saved for r in results) == [0, 3], results
    loser = next(r for r in results if r.saved == 0)
    assert [p.row for p in loser.bad] == [2, 3, 4]
    assert Recipient.objects.filter(station=station).count() == 3


@pytest.mark.parametrize(("good_rows_only", "saved"), [(False, []), (True, ["居民0", "居民2"])])
def test_item7_an_import_refused_by_the_database_reports_the_row_and_saves_nothing_or_the_good_rows(
        world, monkeypatch, good_rows_only, saved):
    """Someone registers a person of the file between the import's check and its insert: that row becomes a
    bad row ("already served by"), nothing is half-saved; with "save the good rows" the others are saved."""
    station = world.station("own")
    numbers = [id_number(90 + i) for i in range(3)]
    real = importing.insert_people

    def someone_registers_first(*args, **kwargs):
        recipient(world, "other", id_number=numbers[1], name="先到")
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "insert_people", someone_registers_first)
    report = importing.import_recipients(actor=world.users["worker"], station=station,
                                         data=_register_csv(station, numbers), filename="台账.csv",
                                         good_rows_only=good_rows_only)
    assert report.saved == len(saved) and [p.row for p in report.bad] == [3]
    assert world.station("other").name in report.bad[0].messages[0]
    assert sorted(Recipient.objects.filter(station=station).values_list("name", flat=True)) == saved


# --- staff -----------------------------------------------------------------------------------------------------
@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_item7_two_stations_adding_one_staff_member_at_once_the_second_is_told_where_they_are(
        transactional_db, monkeypatch):
    """Staff likewise: one record of a person city-wide (a move is a transfer)."""
    from tests.world import build_world

    world = build_world()
    hold_after_first_call(monkeypatch, staffing_actions, "check_staff_clash")
    number = fresh_id_number()
    results = race(lambda: person(world.station("own"), world.users["worker"], id_number=number),
                   lambda: person(world.station("other"), world.assignments["other"].user, id_number=number))
    assert kinds(results) == ["ActionError", "StaffMember"], results
    winner = next(r for r in results if isinstance(r, StaffMember))
    refused = next(r for r in results if isinstance(r, ActionError))
    assert refused.field == "id_number" and winner.station.name in str(refused)
    assert StaffMember.objects.filter(id_hash=idnumber.keyed_hash(number)).count() == 1


def test_item7_a_staff_member_added_elsewhere_between_the_check_and_the_save_gets_the_message(world, monkeypatch):
    number = fresh_id_number()
    real = staffing_actions.check_staff_clash
    calls = []

    def check_then_someone_adds(id_hash):
        real(id_hash)
        if not calls:  # the other station adds the person right after this station's check
            calls.append(id_hash)
            person(world.station("other"), world.assignments["other"].user, id_number=number, name="先到")

    monkeypatch.setattr(staffing_actions, "check_staff_clash", check_then_someone_adds)
    with pytest.raises(ActionError) as exc:
        person(world.station("own"), world.users["worker"], id_number=number, name="后到")
    assert exc.value.field == "id_number" and world.station("other").name in str(exc.value)
    # (The other addition ran inside this action's transaction here, so it is rolled back with it.)
    assert not StaffMember.objects.filter(name="后到").exists()


def _staff_workbook(numbers):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "身份证号", "联系电话"])
    for i, number in enumerate(numbers):
        ws.append([f"社工{i}", "", number, "13912345678"])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "名单.xlsx"
    return buffer


def test_item7_a_staff_import_refused_by_the_database_reports_the_row_and_saves_nothing(world, monkeypatch):
    numbers = [fresh_id_number() for _ in range(2)]
    real = staffing_importer.check_rows

    def check_then_someone_adds(table, station, reason):
        checked = real(table, station, reason)
        person(world.station("other"), world.assignments["other"].user, id_number=numbers[0], name="先到")
        return checked

    monkeypatch.setattr(staffing_importer, "check_rows", check_then_someone_adds)
    report = staffing_importer.import_staff(actor=world.users["worker"], station=world.station("own"),
                                            file=_staff_workbook(numbers), reason="导入")
    assert report.saved == 0 and [r.row for r in report.bad] == [2]
    assert world.station("other").name in report.bad[0].messages[0]
    assert list(StaffMember.objects.values_list("name", flat=True)) == ["先到"]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_item7_two_staff_imports_of_one_file_at_once_import_it_once(
        transactional_db, monkeypatch):
    from tests.world import build_world

    world = build_world()
    numbers = [fresh_id_number() for _ in range(2)]
    hold_after_first_call(monkeypatch, staffing_importer, "check_rows", serialised=True)
    worker, station = world.users["worker"], world.station("own")
    results = race(*[lambda: staffing_importer.import_staff(actor=worker, station=station,
                                                            file=_staff_workbook(numbers), reason="导入")] * 2)
    assert sorted(r.saved for r in results) == [0, 2], results
    assert [r.row for r in next(r for r in results if r.saved == 0).bad] == [2, 3]
    assert StaffMember.objects.filter(station=station).count() == 2
