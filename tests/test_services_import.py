"""R17: import of a recipient register from .xlsx (the format townships keep) with a row-by-row report;
duplicates by ID number caught; all-or-nothing unless the user chooses the good rows."""

import datetime
import io
import time

import pytest
from django.urls import reverse
from openpyxl import Workbook

from ningbo_sws.lib.sheets import find_header, parse_date
from services.importing import HEADERS, import_recipients
from services.models import Recipient
from tests.services_helpers import id_number, recipient, villages

TITLE = "南门街道服务对象台账"
OTHER_ID = id_number(1, birth="19300101")  # on another station's register
HEADER = ["序号", "姓名", "公民身份号码", "性别", "出生日期", "村（社区）", "人员类型", "手机", "家庭住址", "备注"]


def _id(i: int) -> str:
    birth = (datetime.date(1940, 1, 1) + datetime.timedelta(days=i // 500)).strftime("%Y%m%d")
    return id_number(i % 500, birth=birth)


def _workbook(rows, *, title=True) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    if title:
        ws.append([TITLE])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    ws.append([])  # trailing blank rows
    ws.append([None, None, ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _good_row(i, village_names):
    return [i, f"居民{i}", _id(i), "", "", village_names[i % len(village_names)], "低保、独居", "13800000000",
            "南门街道某路", ""]


def test_ten_thousand_rows_with_twenty_bad_ones_report_exactly_those_twenty(world):
    """R17: the report names exactly the bad rows (by their row number in the sheet); nothing saved."""
    station = world.station("own")
    names = [v.name for v in villages(station)]
    existing = recipient(world, "other", id_number=OTHER_ID, name="外站对象")
    rows, bad = [], {}
    spoilers = [
        ("check", lambda r, i: r.__setitem__(2, _id(i)[:17] + ("0" if _id(i)[17] != "0" else "1"))),
        ("number", lambda r, i: r.__setitem__(2, int(_id(i)[:15] + "000"))),
        ("village", lambda r, i: r.__setitem__(5, "不存在村")),
        ("name", lambda r, i: r.__setitem__(1, "")),
        ("birth", lambda r, i: (r.__setitem__(2, ""), r.__setitem__(3, "女"), r.__setitem__(4, "2099年1月1日"))),
        ("dup_file", lambda r, i: r.__setitem__(2, _id(i - 1))),
        ("dup_other", lambda r, i: r.__setitem__(2, OTHER_ID)),
        ("category", lambda r, i: r.__setitem__(6, "")),
        ("date", lambda r, i: (r.__setitem__(2, ""), r.__setitem__(3, "男"), r.__setitem__(4, "去年"))),
        ("gender", lambda r, i: r.__setitem__(3, "未知")),
    ]
    bad_at = {500 * k + 7: spoilers[k % len(spoilers)] for k in range(20)}
    for i in range(1, 10_001):
        row = _good_row(i, names)
        if i in bad_at:
            kind, spoil = bad_at[i]
            spoil(row, i)
            bad[i + 2] = kind  # title row and header row above the data
        rows.append(row)
    data = _workbook(rows)
    started = time.perf_counter()
    report = import_recipients(actor=world.assignments["own"].user, station=station, data=data,
                               filename="台账.xlsx")
    seconds = time.perf_counter() - started
    print(f"\nimport of 10,000 rows (20 bad): {seconds:.1f} s checking, nothing saved")
    assert report.fatal == ""
    assert len(report.rows) == 10_000
    assert sorted(p.row for p in report.bad) == sorted(bad), report.bad[:5]
    assert report.saved == 0 and Recipient.objects.filter(station=station).count() == 0
    assert existing.station == world.station("other")

    started = time.perf_counter()
    report = import_recipients(actor=world.assignments["own"].user, station=station, data=data,
                               filename="台账.xlsx", good_rows_only=True)
    seconds = time.perf_counter() - started
    print(f"import of 10,000 rows (20 bad), good rows saved: {seconds:.1f} s")
    assert report.saved == 9_980 == Recipient.objects.filter(station=station).count()
    saved = Recipient.objects.filter(station=station).order_by("pk").first()
    assert saved.id_hash and saved.id_masked and saved.groups == ["dibao", "living_alone"]
    assert saved.history.count() == 1


def test_a_clean_file_is_saved_whole(world):
    station = world.station("own")
    names = [v.name for v in villages(station)]
    report = import_recipients(actor=world.users["worker"], station=station,
                               data=_workbook([_good_row(i, names) for i in range(1, 6)], title=False),
                               filename="x.xlsx")
    assert (len(report.rows), len(report.bad), report.saved) == (5, 0, 5)


def test_a_second_import_reports_the_rows_already_on_the_register(world):
    station = world.station("own")
    names = [v.name for v in villages(station)]
    data = _workbook([_good_row(i, names) for i in range(1, 4)])
    import_recipients(actor=world.users["worker"], station=station, data=data, filename="x.xlsx")
    again = import_recipients(actor=world.users["worker"], station=station, data=data, filename="x.xlsx")
    assert len(again.bad) == 3 and again.saved == 0


def test_a_gbk_csv_with_header_variants_and_short_village_names(world):
    station = world.station("own")
    village = villages(station)[0]
    short = village.name.removesuffix("社区").removesuffix("村")
    text = ("姓名,身份证号码,所属村(社区),人员类别,联系方式,建档日期\n"
            f"陈阿婆,{id_number(5)},{short},孤寡/空巢,13900000000,2024年1月2日\n")
    report = import_recipients(actor=world.users["worker"], station=station, data=text.encode("gbk"),
                               filename="台账.csv")
    assert (len(report.bad), report.saved) == (0, 1), report.bad
    person = Recipient.objects.get()
    assert person.village == village and person.groups == ["gugua", "empty_nest"]


def test_a_missing_column_is_reported_before_any_row(world):
    data = "姓名,电话\n张三,1\n".encode()
    report = import_recipients(actor=world.users["worker"], station=world.station("own"), data=data,
                               filename="x.csv")
    assert report.fatal and report.saved == 0


def test_two_level_headers_are_read():
    rows = [("服务对象台账",), ("姓名", "证件信息", None), (None, "身份证号", "村居"), ("张三", "x", "y")]
    columns, start = find_header(rows, HEADERS, {"name", "id_number", "village"})
    assert columns == {"name": 0, "id_number": 1, "village": 2} and start == 3


@pytest.mark.parametrize("value", ["2024-1-2", "2024/1/2", "2024.1.2", "20240102", "2024年1月2日", 45293,
                                   datetime.datetime(2024, 1, 2, 0, 0)])
def test_dates_in_the_forms_townships_type(value):
    assert parse_date(value) == datetime.date(2024, 1, 2)


def test_the_import_page_reports_rows(world, client_for):
    station = world.station("own")
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _workbook([["1", "", _id(1), "", "", villages(station)[0].name, "低保", "", "", ""]])
    response = client_for(world.users["worker"]).post(
        reverse("services:recipient_import", args=[station.pk]),
        {"file": SimpleUploadedFile("台账.xlsx", data)})
    assert response.status_code == 200
    assert [p.row for p in response.context["report"].bad] == [3]


def test_the_follow_up_level_column_opens_key_group_files(world):
    station = world.station("own")
    village = villages(station)[0].name
    text = ("姓名,身份证号,村(社区),人员类别,跟进级别\n"
            f"甲,{id_number(21)},{village},独居,高风险\n"
            f"乙,{id_number(22)},{village},低保,一般\n")
    report = import_recipients(actor=world.users["worker"], station=station, data=text.encode(), filename="a.csv")
    assert report.saved == 2
    by_name = {r.name: r for r in Recipient.objects.all()}
    assert (by_name["甲"].key_group, by_name["甲"].risk, by_name["甲"].visit_every_days) == (True, "high", 7)
    assert by_name["甲"].next_visit_due is not None  # a new key-group file is due for its first visit
    assert (by_name["乙"].key_group, by_name["乙"].risk) == (False, "general")
