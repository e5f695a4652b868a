"""Issue 13 item 7 (lists): filters, district subtotals, every readable table as .xlsx, import templates, the
city page for a district officer. Workbooks are read back with openpyxl."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stations.models import AccessLog, Station, StationStatus

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows_of(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


# --- station list: district and status --------------------------------------------------------------------------
def test_item7_station_list_filters_by_district_and_status_and_keeps_them_in_paging(world, client_for):
    city = english(client_for(world.users["city"]))
    page = city.get("/stations/?district=330205000000").content.decode()
    assert world.station("other").name in page and world.station("own").name not in page
    assert "1 station matches." in page
    Station.objects.filter(pk=world.station("sibling").pk).update(status=StationStatus.SUBMITTED)
    page = city.get("/stations/?district=330203000000&status=submitted").content.decode()
    assert world.station("sibling").name in page and world.station("own").name not in page
    # a district outside the user's view is not offered and filters nothing in
    district = english(client_for(world.users["district"]))
    page = district.get("/stations/?district=330205000000").content.decode()
    assert world.station("other").name not in page and world.station("own").name in page
    assert 'name="district"' not in page  # one district: no choice to offer


def test_item7_station_list_paging_keeps_the_filters(world, client_for, settings):
    settings.PAGE_SIZE = 1
    city = english(client_for(world.users["city"]))
    page = city.get("/stations/?district=330203000000&status=preparing").content.decode()
    assert "district=330203000000&amp;status=preparing&amp;page=2" in page
    assert "2 stations match." in page


def test_item7_station_list_xlsx_is_the_filtered_list_and_is_logged(world, client_for):
    city = english(client_for(world.users["city"]))
    book = workbook(city.get("/stations/?district=330203000000&format=xlsx"))
    rows = rows_of(book.active)
    assert rows[0] == ["Station", "District", "Status", "Township code", "Phone"]
    assert [r[0] for r in rows[1:]] == [world.station("own").name, world.station("sibling").name]
    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.target_type) == (world.users["city"], "export", "stations.division")
    assert entry.detail == "station list, 2 rows"
    # the district officer's export holds their district only, whatever they ask
    district = english(client_for(world.users["district"]))
    rows = rows_of(workbook(district.get("/stations/?district=330205000000&format=xlsx")).active)
    assert [r[0] for r in rows[1:]] == [world.station("own").name, world.station("sibling").name]


def queries_of(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response


def more_stations(world, n=6):
    """Stations in three more districts with books and staff, so counts have rows to grow with."""
    from finance.models import Ledger
    from stations import actions as station_actions
    from stations.models import Division

    townships = (Division.objects.filter(level="township", station__isnull=True)
                 .exclude(district__code__in=["330203000000", "330205000000"]).order_by("-code")[:n])
    for township in townships:
        station = station_actions.create_station(actor=world.root, township=township, reason="建站")
        Ledger.objects.create(station=station, year=2026)


# --- finance overview: subtotals per district, a city total ------------------------------------------------------
def test_item7_finance_overview_has_district_subtotals_and_a_city_total_in_fixed_queries(world, client_for):
    from finance import actions
    from tests.finance_books import day, entry, open_books

    township = world.users["township"]
    own = open_books(world.station("own"), worker=world.users["worker"], township=township)
    voucher = actions.prepare_voucher(actor=world.users["worker"], ledger=own.ledger, date=day(), summary="活动",
                                      entries=[entry(own, "1234.50")])
    actions.post_voucher(actor=township, voucher=voucher, no_attachment_reason="纸质附件另行归档")
    city = english(client_for(world.users["city"]))
    few, _response = queries_of(city, "/finance/?year=2026")
    more_stations(world)
    many, response = queries_of(city, "/finance/?year=2026")
    assert many == few
    groups = response.context["groups"]
    haishu = next(g for g in groups if g.key.code == "330203000000")
    assert haishu.count == 2
    assert haishu.subtotal["expense"] == Decimal("1234.50") and haishu.subtotal["budget"] == Decimal("200000.00")
    assert str(haishu.subtotal["used"]) == "0.6%"
    page = response.content.decode()
    assert "Subtotal of 海曙区" in page and "Subtotal of 江北区" in page and ">Total<" in page
    assert response.context["total"]["expense"] == Decimal("1234.50")
    # the district officer: their district, one subtotal, no city total
    district = english(client_for(world.users["district"]))
    _n, response = queries_of(district, "/finance/?year=2026")
    assert [g.key.code for g in response.context["groups"]] == ["330203000000"]
    assert ">Total<" not in response.content.decode()


def test_item7_finance_overview_xlsx_numbers_percent_subtotals_logged(world, client_for):
    from finance import actions
    from tests.finance_books import day, entry, open_books

    township = world.users["township"]
    own = open_books(world.station("own"), worker=world.users["worker"], township=township)
    voucher = actions.prepare_voucher(actor=world.users["worker"], ledger=own.ledger, date=day(), summary="活动",
                                      entries=[entry(own, "1234.50")])
    actions.post_voucher(actor=township, voucher=voucher, no_attachment_reason="纸质附件另行归档")
    city = english(client_for(world.users["city"]))
    sheet = workbook(city.get("/finance/?year=2026&format=xlsx")).active
    rows = rows_of(sheet)
    assert rows[0] == ["District", "Station", "Income", "Expense", "Closing balance", "Approved budget", "Used",
                       "Note"]
    own_row = next(r for r in rows if r[1] == world.station("own").name)
    assert own_row[2:7] == [0, 1234.5, -234.5, 200000, 0.006]  # numbers, not text
    cells = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == world.station("own").name)
    assert cells[6].number_format == "0.0%" and cells[3].number_format == "#,##0.00"
    assert next(r for r in rows if r[1] == world.station("sibling").name)[7] == "No books for this year."
    subtotal = next(r for r in rows if r[1] == "Subtotal of 海曙区")
    assert subtotal[3] == 1234.5 and subtotal[5] == 200000
    assert rows[-1][0] == "Total" and rows[-1][3] == 1234.5
    entry_ = AccessLog.objects.get()
    assert entry_.detail == "finance overview, 5 rows"  # 3 stations and 2 subtotals
    # the worker's export: their own station only
    worker = english(client_for(world.users["worker"]))
    rows = rows_of(workbook(worker.get("/finance/?year=2026&format=xlsx")).active)
    assert [r[1] for r in rows[1:-1]] == [world.station("own").name, "Subtotal of 海曙区"]


# --- services figures: subtotals per district --------------------------------------------------------------------
def test_item7_services_overview_subtotals_fixed_queries_and_xlsx(world, client_for):
    from services import actions
    from services.models import today
    from tests.services_helpers import case_in, project, recipient

    worker = world.assignments["own"].user
    proj = project(world, kind="base")
    for seq in range(1, 4):
        case = case_in("delivery", world, recipient(world, seq=seq, name=f"名字{seq}"), proj)
        actions.add_service_record(actor=worker, case=case, served_on=today(), minutes=30, kind="resources",
                                   notes="x")
    city = english(client_for(world.users["city"]))
    few, _response = queries_of(city, "/services/figures/")
    more_stations(world)
    many, response = queries_of(city, "/services/figures/")
    assert many == few
    haishu = next(g for g in response.context["groups"] if g.key.code == "330203000000")
    assert (haishu.subtotal["recipients"], haishu.subtotal["times"], haishu.subtotal["people"]) == (3, 3, 3)
    assert response.context["total"]["times"] == 3
    assert "Subtotal of 海曙区" in response.content.decode()
    sheet = workbook(city.get("/services/figures/?format=xlsx")).active
    rows = rows_of(sheet)
    own_row = next(r for r in rows if r[1] == world.station("own").name)
    assert own_row[2] == 3 and own_row[5] == 3 and isinstance(own_row[2], int)
    assert own_row[10] == "not met"  # R17 in words
    assert next(r for r in rows if r[1] == "Subtotal of 海曙区")[2:8] == [3, 0, 0, 3, 3, 0]
    assert rows[-1][0] == "Total" and rows[-1][5] == 3
    body = b"".join(str(c).encode() for r in rows for c in r if c is not None).decode()
    assert "名字1" not in body  # counts only, as the page
    assert AccessLog.objects.get().detail.startswith("service figures, ")
    district = english(client_for(world.users["district"]))
    rows = rows_of(workbook(district.get("/services/figures/?format=xlsx")).active)
    assert {r[0] for r in rows[1:-1]} == {"海曙区"}


# --- staffing figures --------------------------------------------------------------------------------------------
def test_item7_staffing_figures_xlsx_by_district_and_by_station_scoped_and_logged(world, client_for):
    from tests.staffing_world import person

    worker = world.assignments["own"].user
    person(world.station("own"), worker, certificate_level="social_worker", certificate_number="2020330203001",
           certificate_date=datetime.date(2020, 6, 1))
    person(world.station("own"), worker, male=False)
    district = english(client_for(world.users["district"]))
    rows = rows_of(workbook(district.get("/figures/?format=xlsx")).active)
    assert [r[0] for r in rows[1:]] == ["海曙区"]  # the district officer's own district only
    assert rows[1][1:5] == [2, 1, 0.5, 1]
    sheet = workbook(district.get("/figures/330203000000/?format=xlsx")).active
    rows = rows_of(sheet)
    assert [r[0] for r in rows[1:]] == [world.station("own").name, world.station("sibling").name]
    assert rows[0][-4:] == ["R5", "R12", "R19", "R20"] or rows[0][-1].startswith("R")
    assert rows[1][1] == 2 and isinstance(rows[1][1], int)
    assert sheet.cell(row=2, column=4).number_format == "0.0%"
    assert district.get("/figures/330205000000/?format=xlsx").status_code == 404
    assert [e.detail for e in AccessLog.objects.order_by("id")] == ["staffing figures, 1 row",
                                                                    "staffing figures, 2 rows"]
    assert "测试社工" not in str(rows)
