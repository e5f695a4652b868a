"""The one exporter (issue 10 "one exporter") and formula injection (issue 9 item 9): a name or an account code
starting with = + - @ is written inert into the register CSV and the finance .xlsx; numbers stay numbers and
percentages are numbers with a percent format."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from finance import actions as finance_actions
from ningbo_sws.lib import export
from tests.finance_books import open_books
from tests.services_helpers import id_number, recipient

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://example.com/x","点我")'


@pytest.mark.parametrize("text", [
    "=1+1", HYPERLINK, "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠SUM(A1)",
])
def test_issue_9_item_9_a_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert export.safe(text) == "'" + text


@pytest.mark.parametrize("value", ["王秀英", "1+1", "a=b", "", " 前有空格", 5, -5, 1.5, Decimal("-12.30"),
                                   datetime.date(2024, 1, 2), None])
def test_issue_9_item_9_ordinary_text_and_numbers_are_left_as_they_are(value):
    assert export.safe(value) == value


def _all_cells(book):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_issue_9_item_9_a_name_written_as_a_formula_is_inert_in_the_register_csv(world, client_for):
    recipient(world, seq=96, name=HYPERLINK, id_number=id_number(96), address="+1 某路")
    recipient(world, seq=97, name="@SUM(1+1)", id_number=id_number(97))
    response = client_for(world.users["township"]).post(
        reverse("services:recipient_export", args=[world.station("own").pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel opens the Chinese right
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    names = {row[0] for row in rows[1:]}
    assert names == {"'" + HYPERLINK, "'@SUM(1+1)"}
    assert any(cell == "'+1 某路" for row in rows for cell in row)
    assert not any(cell[:1] in "=+-@" and cell for row in rows for cell in row)


def test_issue_9_item_9_an_account_code_and_name_written_as_formulas_are_inert_in_the_finance_xlsx(world,
                                                                                                 client_for):
    books = open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])
    finance_actions.create_account(actor=world.users["worker"], ledger=books.ledger, code="+1", name=HYPERLINK,
                                   purpose_kind="operating", purpose="公式测试", sources=[books.fiscal],
                                   opening_balance="12.50", reason="测试")
    response = client_for(world.users["worker"]).get(
        reverse("finance:report_xlsx", args=[books.ledger.pk, "balances"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = _all_cells(book)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'+1 " + HYPERLINK in texts
    # numbers stay numbers: the opening balance of the new account is the number 12.5
    row = next(r for r in book.active.iter_rows() if r[0].value == "'+1 " + HYPERLINK)
    assert (row[2].value, row[2].data_type) == (12.5, "n")


def test_issue_10_a_percentage_is_a_number_with_a_percent_format_in_the_finance_xlsx(world, client_for):
    books = open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])
    response = client_for(world.users["worker"]).get(
        reverse("finance:report_xlsx", args=[books.ledger.pk, "execution"]))
    book = load_workbook(io.BytesIO(response.content))
    percent_cells = [c for c in _all_cells(book) if c.number_format == "0.0%"]
    assert percent_cells and all(c.data_type == "n" for c in percent_cells)
    assert {c.value for c in percent_cells} == {0}  # nothing spent yet: 0.0% of the budget used


def test_issue_10_the_exporter_writes_numbers_dates_percentages_and_a_heading():
    data = export.xlsx_bytes([export.Sheet("表", ["名称", "金额", "占比", "日期"],
                                           [["甲", Decimal("1234.50"), export.Percent("0.125"),
                                             datetime.date(2024, 1, 2)], ["＝1", 3, "", None]],
                                           heading="标题行", total=["合计", Decimal("1237.50"), "", ""])])
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0][:1]] == ["标题行"]
    assert [c.value for c in rows[1]] == ["名称", "金额", "占比", "日期"]
    amount, share, day = rows[2][1], rows[2][2], rows[2][3]
    assert (amount.value, amount.data_type, amount.number_format) == (1234.5, "n", "#,##0.00")
    assert (share.value, share.data_type, share.number_format) == (0.125, "n", "0.0%")
    assert day.value == datetime.datetime(2024, 1, 2) and day.is_date
    assert rows[3][0].value == "'＝1" and rows[3][1].value == 3
    assert rows[4][0].font.bold
    assert str(export.Percent("0.125")) == "12.5%" and export.Percent.of(0, 0) == "—"


def test_issue_10_the_csv_writer_has_a_bom_and_neutralises_formulas():
    data = export.csv_bytes([["名称", "金额"], ["=1+1", Decimal("2.50")], ["ok", export.Percent("0.5")]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [
        ["名称", "金额"], ["'=1+1", "2.50"], ["ok", "50.0%"]]
