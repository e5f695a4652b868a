"""The one sheet reader (issue 10 "one sheet reader") and imports that never crash or slip past the form (issue 9
item 8): one date grammar and one header finder for both imports (the staff list, R5, and the recipient register,
R17); a NUL byte, a huge cell, a bad phone or over-long text is a row error and nothing is saved; two imports of
one file at once give no duplicate."""

import datetime
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from openpyxl import Workbook

from ningbo_sws.lib import sheets
from services.forms import RecipientForm
from services.importing import import_recipients
from services.models import Recipient
from staffing.importer import import_staff
from staffing.models import StaffMember
from tests.services_helpers import id_number, villages
from tests.staffing_world import fresh_id_number

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="row locks are PostgreSQL's; SQLite serialises all writes")


def _xlsx(rows, merges=()) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _staff(world, data: bytes, filename="人员台账.xlsx", **kwargs):
    return import_staff(actor=world.users["worker"], station=world.station("own"),
                        file=SimpleUploadedFile(filename, data), reason="导入台账", **kwargs)


def _register(world, data: bytes, filename="台账.csv", **kwargs):
    return import_recipients(actor=world.users["worker"], station=world.station("own"), data=data,
                             filename=filename, **kwargs)


def _village(world) -> str:
    return villages(world.station("own"))[0].name


# --- one date grammar -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [
    "2024-01-02", "2024-1-2", "2024/1/2", "2024.1.2", "2024年1月2日", "2024 年 1 月 2 日", "2024年1月2",
    "２０２４年１月２日", "20240102", 20240102, 45293, 45293.0, datetime.date(2024, 1, 2),
    datetime.datetime(2024, 1, 2, 0, 0), "2024-01-02 00:00:00",
])
def test_issue_10_one_date_grammar_reads_every_form_registers_use(value):
    assert sheets.parse_date(value) == datetime.date(2024, 1, 2)


@pytest.mark.parametrize("value", ["2024-2-30", "2024/13/1", "去年", "1月2日", "2024-1", -5, 123456])
def test_issue_10_what_is_no_date_is_refused(value):
    with pytest.raises(ValueError):
        sheets.parse_date(value)


def test_issue_10_an_empty_cell_is_no_date():
    assert sheets.parse_date("") is None and sheets.parse_date(None) is None and sheets.parse_date("  ") is None


def test_issue_10_the_date_2024_nian_1_yue_2_ri_with_spaces_is_read_by_the_staff_import(world):
    """Divergence: the staff import refused `2024 年 1 月 2 日`, the register import read it."""
    data = _xlsx([["姓名", "身份证号", "手机", "入职日期"],
                  ["林一", fresh_id_number(male=True), "13900000001", "2024 年 1 月 2 日"]])
    report = _staff(world, data)
    assert report.saved == 1, report.bad and report.bad[0].messages
    assert StaffMember.objects.get(name="林一").joined_on == datetime.date(2024, 1, 2)


def test_issue_10_the_date_2024_nian_1_yue_2_ri_with_spaces_is_read_by_the_register_import(world):
    text = f"姓名,性别,出生日期,所属村(社区),人员类别\n陈阿婆,女,1950 年 1 月 2 日,{_village(world)},孤寡\n"
    report = _register(world, text.encode("gbk"))
    assert report.saved == 1, report.bad and report.bad[0].messages
    assert Recipient.objects.get(name="陈阿婆").birth_date == datetime.date(1950, 1, 2)


# --- one header finder: title rows and two-level merged headers ---------------------------------------------------
def test_issue_10_a_two_level_merged_header_is_read_by_the_staff_import(world):
    """Divergence: the staff import looked for all its columns in one row and refused a two-level header."""
    number = fresh_id_number(male=False)
    rows = [["南门街道社会工作站人员台账"],
            ["序号", "姓名", "基本信息", None, "持证情况", None, None, "入职日期"],
            [None, None, "身份证号码", "联系电话", "证书等级", "证书编号", "发证日期", None],
            [1, "王二", number, "13900000002", "社会工作师", "Z000001", "2021年6月30日", "2023/3/1"]]
    data = _xlsx(rows, merges=["A1:H1", "A2:A3", "B2:B3", "C2:D2", "E2:G2", "H2:H3"])
    report = _staff(world, data)
    assert (report.saved, report.bad) == (1, []), report.bad and report.bad[0].messages
    member = StaffMember.objects.get(name="王二")
    assert (member.phone, member.certificate_level, member.certificate_number, member.joined_on) == (
        "13900000002", "social_worker", "Z000001", datetime.date(2023, 3, 1))
    assert [r.row for r in report.rows] == [4]


def test_issue_10_a_two_level_merged_header_is_read_by_the_register_import(world):
    rows = [["南门街道服务对象台账"],
            ["序号", "姓名", "证件信息", None, "居住信息", None, "人员类别"],
            [None, None, "公民身份号码", "性别", "村（社区）", "家庭住址", None],
            [1, "张三", id_number(31), "男", _village(world), "南门街道某路1号", "低保"]]
    data = _xlsx(rows, merges=["A1:G1", "A2:A3", "B2:B3", "C2:D2", "E2:F2", "G2:G3"])
    report = _register(world, data, filename="台账.xlsx")
    assert (report.fatal, report.saved) == ("", 1), report.fatal or report.bad[0].messages
    person = Recipient.objects.get(name="张三")
    assert (person.address, person.groups, person.village.name) == ("南门街道某路1号", ["dibao"], _village(world))


def test_issue_10_a_data_row_under_a_one_level_header_is_not_taken_for_a_second_header_level():
    headers = {"name": ("姓名",), "village": ("村(社区)", "社区")}
    rows = [("姓名", "村(社区)"), ("社区", "社区")]  # a data cell that happens to read like a header
    assert sheets.find_header(rows, headers, {"name", "village"}) == ({"name": 0, "village": 1}, 1)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_issue_10_csv_in_utf8_with_or_without_bom_gbk_and_gb18030(world, encoding):
    text = f"台账\n姓名,身份证号,村(社区),人员类别\n李𠮷婆,{id_number(41)},{_village(world)},低保\n"
    if encoding == "gbk":
        text = text.replace("𠮷", "")  # GBK has no Extension B; GB18030 has
    report = _register(world, text.encode(encoding))
    assert report.saved == 1, report.fatal or report.bad[0].messages


# --- issue 9 item 8: what crashed or slipped through is a row error, nothing saved --------------------------------
def _register_csv(world, **cells) -> bytes:
    values = {"姓名": "赵四", "身份证号": id_number(51), "所属村(社区)": _village(world), "人员类别": "低保",
              "联系电话": "13800000000", "现居住地": "南门街道某路", "备注": ""}
    values.update(cells)
    good = [id_number(52), "钱五"]
    lines = [",".join(values), ",".join(f'"{v}"' for v in values.values()),
             f"{good[1]},{good[0]},{_village(world)},低保,13800000001,南门街道某路,"]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.mark.parametrize(("cells", "column"), [
    ({"姓名": "赵\x00四"}, "姓名"),
    ({"备注": "长" * 200_000}, "备注"),  # beyond the csv module's field limit (131,072)
    ({"联系电话": "12345"}, "联系电话"),
    ({"联系电话": "1380000000012345678901234567890123"}, "联系电话"),
    ({"现居住地": "某" * 201}, "现居住地"),  # cut at 200 before
    ({"备注": "记" * 2001}, "备注"),
    ({"姓名": "名" * 51}, "姓名"),
])
def test_issue_9_item_8_bad_cells_in_a_register_are_row_errors_and_nothing_is_saved(world, cells, column):
    report = _register(world, _register_csv(world, **cells))
    assert report.fatal == ""
    assert [r.row for r in report.bad] == [2]
    assert any(message.startswith(column) for message in report.bad[0].messages), report.bad[0].messages
    assert report.saved == 0 and not Recipient.objects.exists()
    # the good row is saved when the user chooses it; the bad cell never is
    report = _register(world, _register_csv(world, **cells), good_rows_only=True)
    assert report.saved == 1 and list(Recipient.objects.values_list("name", flat=True)) == ["钱五"]


def test_issue_9_item_8_the_import_row_gets_exactly_the_forms_message_for_a_phone(world):
    """One copy of the rules: the row error is the recipient form's own message for the same value."""
    form = RecipientForm({"name": "赵四", "village": villages(world.station("own"))[0].pk, "phone": "12345",
                          "reason": "x"}, station=world.station("own"))
    assert not form.is_valid()
    report = _register(world, _register_csv(world, 联系电话="12345"))
    assert report.bad[0].errors == [sheets.RowError("联系电话", form.errors["phone"][0])]


def _staff_csv(**cells) -> bytes:
    values = {"姓名": "孙六", "身份证号": fresh_id_number(male=True), "联系电话": "13900000003"}
    values.update(cells)
    return (",".join(values) + "\n" + ",".join(f'"{v}"' for v in values.values()) + "\n").encode("gb18030")


@pytest.mark.parametrize(("cells", "column"), [
    ({"姓名": "孙\x00六"}, "姓名"),
    ({"姓名": "孙" * 200_000}, "姓名"),
    ({"联系电话": "12345"}, "联系电话"),
    ({"姓名": "名" * 51}, "姓名"),
])
def test_issue_9_item_8_bad_cells_in_a_staff_list_are_row_errors_and_nothing_is_saved(world, cells, column):
    report = _staff(world, _staff_csv(**cells), filename="人员台账.csv")
    assert [r.row for r in report.bad] == [2]
    assert any(message.startswith(column) for message in report.bad[0].messages), report.bad[0].messages
    assert report.saved == 0 and not StaffMember.objects.exists()


def test_issue_9_item_8_a_file_that_is_no_sheet_is_one_message_not_a_crash(world):
    report = _register(world, b"PK\x03\x04 not really a workbook", filename="x.xlsx")
    assert report.fatal and report.saved == 0
    report = _register(world, b'\xff\xfe"\x00', filename="x.csv")
    assert report.fatal and report.saved == 0


# --- issue 9 item 7: two imports of one file at once --------------------------------------------------------------
@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_issue_9_item_7_two_imports_of_one_file_at_once_save_each_person_once(transactional_db):
    """Both imports check while the other has not saved yet; the station's lock makes the second wait and then
    report every row as already on the register (the same message as one import after the other)."""
    from tests.world import build_world

    world = build_world()
    station, user = world.station("own"), world.users["worker"]
    names = [v.name for v in villages(station)]
    text = "姓名,身份证号,村(社区),人员类别\n" + "".join(
        f"对象{i},{id_number(60 + i)},{names[i % len(names)]},低保\n" for i in range(30))
    data = text.encode()
    barrier, reports, errors = threading.Barrier(2), [], []

    def run():
        try:
            barrier.wait()
            reports.append(import_recipients(actor=user, station=station, data=data, filename="台账.csv"))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.saved for r in reports) == [0, 30]
    assert Recipient.objects.filter(station=station).count() == 30
    loser = next(r for r in reports if not r.saved)
    assert len(loser.bad) == 30 and all(r.errors[0].column == "身份证号" for r in loser.bad)
