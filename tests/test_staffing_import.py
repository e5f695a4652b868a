"""R5: a staff list imported from .xlsx with a row-by-row report; nothing imported from a file with errors
unless the user chooses to import only the good rows."""

import datetime
import io
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from ningbo_sws.lib import sheets
from staffing.importer import import_staff
from staffing.models import StaffMember
from tests.staffing_world import fresh_id_number, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English wording of messages; the pages default to Chinese."""
    with translation.override("en"):
        yield

HEADER = ["序号", "姓名", "性别", "身份证号码", "手机", "人员类别", "证书等级", "证书编号", "发证日期", "学历",
          "用工单位", "用工形式", "入职日期"]


def good_row(i: int) -> list:
    male = i % 2 == 0
    level = ["", "助理社会工作师", "社会工作师", "高级社会工作师"][i % 4]
    return [i, f"社工{i:03d}", "男" if male else "女", fresh_id_number(male=male), f"139{i:08d}", "社工", level,
            f"Z{i:06d}" if level else "", "2021年6月30日" if level else "", "本科" if i % 5 == 0 else "", "乡镇",
            "全职" if i % 3 else "兼职", "2023/3/1"]


def workbook(rows, *, title=True) -> io.BytesIO:
    wb = Workbook()
    sheet = wb.active
    if title:
        sheet.append(["南门街道社会工作站人员台账"])  # a title row above the header, as registers have
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    sheet.append([])  # trailing blank rows
    sheet.append([None, None])
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    return data


def five_hundred_rows_with_five_bad():
    rows = [good_row(i) for i in range(1, 501)]
    # Excel row = index + 3 (title row, header row, 1-based).
    rows[9][4] = "1391234"  # row 12: phone too short
    rows[99][3] = rows[99][3][:-1] + ("0" if rows[99][3][-1] != "0" else "1")  # row 102: wrong check digit
    rows[199][7] = ""  # row 202: certificate level without a number
    rows[199][6] = "社会工作师"
    rows[299][3] = rows[298][3]  # row 302: the same person as row 301
    rows[399][3] = 330203199001011234  # row 402: ID number typed as a number, digits lost
    return rows, {12: "联系电话", 102: "身份证号", 202: "证书编号", 302: "row 301", 402: "15 digits"}


@pytest.fixture
def a(world):
    return world.station("own")


def test_500_rows_with_5_bad_report_exactly_those_5_and_import_nothing(world, a, capsys):
    rows, expected = five_hundred_rows_with_five_bad()
    data = workbook(rows)
    started = time.perf_counter()
    report = import_staff(actor=world.users["worker"], station=a, file=data, reason="导入台账")
    seconds = time.perf_counter() - started
    assert len(report.rows) == 500
    assert [r.row for r in report.bad] == sorted(expected)
    for line in report.bad:
        assert any(expected[line.row] in e for e in line.messages), (line.row, line.errors)
    assert report.saved == 0 and not StaffMember.objects.exists()
    with capsys.disabled():
        print(f"\nstaff import: 500 rows checked (5 bad) in {seconds:.2f} s")


def test_the_good_rows_only_when_the_user_chooses_it(world, a, capsys):
    rows, _expected = five_hundred_rows_with_five_bad()
    started = time.perf_counter()
    report = import_staff(actor=world.users["worker"], station=a, file=workbook(rows), reason="导入台账",
                          good_rows_only=True)
    seconds = time.perf_counter() - started
    assert report.saved == 495 == StaffMember.objects.filter(station=a).count()
    assert len(report.bad) == 5
    member = StaffMember.objects.get(name="社工004")
    assert member.history.get().history_change_reason == "导入台账"
    assert member.id_masked.count("*") == 10
    with capsys.disabled():
        print(f"\nstaff import: 495 of 500 rows imported in {seconds:.2f} s")


def test_a_clean_file_imports_every_row_with_its_qualification(world, a):
    rows = [good_row(i) for i in range(1, 9)]
    report = import_staff(actor=world.users["worker"], station=a, file=workbook(rows, title=False), reason="导入")
    assert report.saved == 8 and not report.bad
    senior = StaffMember.objects.get(name="社工003")
    assert senior.certificate_level == "senior" and senior.certificate_date == datetime.date(2021, 6, 30)
    assert StaffMember.objects.get(name="社工005").degree == "bachelor"
    assert not StaffMember.objects.get(name="社工003").full_time


def test_a_person_already_on_record_is_reported_by_row(world, a):
    rows = [good_row(i) for i in range(1, 4)]
    person(world.station("sibling"), world.assignments["sibling"].user, id_number=rows[1][3])
    report = import_staff(actor=world.users["worker"], station=a, file=workbook(rows), reason="导入")
    assert [r.row for r in report.bad] == [4]
    assert world.station("sibling").name in report.bad[0].messages[0]


def test_a_file_without_the_required_columns_or_not_a_workbook_is_refused(world, a):
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)
    with pytest.raises(ValidationError) as exc:
        import_staff(actor=world.users["worker"], station=a, file=data, reason="导入")
    assert "身份证号" in str(exc.value)
    with pytest.raises(ValidationError):
        import_staff(actor=world.users["worker"], station=a, file=io.BytesIO(b"not a workbook"), reason="导入")


def test_only_those_who_keep_the_staff_may_import(world, a):
    for persona in ("district", "supervisor"):
        with pytest.raises(PermissionDenied):
            import_staff(actor=world.users[persona], station=a, file=workbook([good_row(1)]), reason="导入")


def test_the_import_page_shows_the_bad_rows_with_their_numbers(world, a, client_for):
    rows = [good_row(i) for i in range(1, 6)]
    rows[2][4] = "12345"
    upload = SimpleUploadedFile("人员台账.xlsx", workbook(rows).read())
    response = client_for(world.users["worker"]).post(f"/staff/stations/{a.pk}/import/", {
        "file": upload, "reason": "导入"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<td>5</td>" in page and "社工003" in page
    assert not StaffMember.objects.exists()


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-1-2", datetime.date(2024, 1, 2)), ("2024/1/2", datetime.date(2024, 1, 2)),
    ("2024.1.2", datetime.date(2024, 1, 2)), ("20240102", datetime.date(2024, 1, 2)),
    ("2024年1月2日", datetime.date(2024, 1, 2)), (45293, datetime.date(2024, 1, 2)), ("", None),
])
def test_dates_in_the_forms_registers_use(value, expected):
    assert sheets.parse_date(value) == expected


def test_an_impossible_date_is_refused():
    with pytest.raises(ValueError):
        sheets.parse_date("2024-2-30")
