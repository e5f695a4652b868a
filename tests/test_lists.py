"""Issue 13 item 7 (lists): filters, district subtotals, every readable table as .xlsx, import templates, the
city page for a district officer. Workbooks are read back with openpyxl."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings

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
