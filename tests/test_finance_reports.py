"""R21: the reports — balances, budget execution, income by source, final accounts — agree to the fen with the
sum of posted entries and with each other, on a generated year of 5,000 entries; each is exported as .xlsx and
as a PDF with the Chinese font embedded."""

import io
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from finance import actions, exports, reports
from finance.models import Entry, Voucher
from ningbo_sws.lib.export import Percent
from tests.finance_books import day, entry, generate_year, open_books

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")


@pytest.fixture
def books(world):
    return open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])


# Column positions (the headings are translated, the positions are not).
BAL = {"Income": 3, "Expense": 4, "Transfer in": 5, "Transfer out": 6, "Closing balance": 7}
COLUMNS = {"balances": BAL, "execution": {"Actual": 4}, "income": {"Income": 1}}


def _total_row(table, key="balances"):
    return {name: table.total[index] for name, index in COLUMNS[key].items()}


def _xlsx_total(table) -> list:
    sheet = load_workbook(io.BytesIO(exports.xlsx(table))).active
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[2 + len(table.rows)])


def _fen(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def test_r21_reports_reconcile_to_the_fen_with_posted_entries_on_a_year_of_5000(world, books):
    worker, township = world.users["worker"], world.users["township"]
    started = time.monotonic()
    expected = generate_year(books, worker=worker, township=township, entries=5000)
    # A correction the real way: a reversal prepared by the worker and posted by the township officer.
    some = Voucher.objects.filter(ledger=books.ledger, status="posted").order_by("number")[:3]
    for voucher in some:
        reversal = actions.prepare_reversal(actor=worker, voucher=voucher, reason="核对更正")
        actions.post_voucher(no_attachment_reason="纸质附件另行归档", actor=township, voucher=reversal)
        for e in voucher.entries.all():
            expected[(e.account.code, e.direction)] -= e.amount
    generated = time.monotonic() - started

    posted = Entry.objects.filter(voucher__ledger=books.ledger, voucher__status="posted")
    assert posted.filter(reversal=False).count() == 5000
    assert Entry.objects.filter(voucher__status="draft").count() == 100  # drafts exist and must not count
    # The database's own sum of posted entries, per direction.
    sql = {row["direction"]: _fen(row["total"]) for row in posted.values("direction").annotate(total=Sum("amount"))}
    exact = {d: sum((v for (_code, dd), v in expected.items() if dd == d), Decimal("0.00"))
             for d in ("income", "expense", "transfer_in", "transfer_out")}
    assert sql == exact

    with CaptureQueriesContext(connection) as queries:
        tables = {key: build(books.ledger) for key, build in reports.BUILDERS.items() if key != "final"}
    assert len(queries) <= 8

    balances = _total_row(tables["balances"])
    opening = sum((r["opening"] for r in reports.balance_rows(books.ledger)), Decimal("0.00"))
    assert balances["Income"] == exact["income"]
    assert balances["Expense"] == exact["expense"]
    assert balances["Transfer in"] == balances["Transfer out"] == exact["transfer_in"] == exact["transfer_out"]
    assert balances["Closing balance"] == opening + exact["income"] - exact["expense"]
    for row in reports.balance_rows(books.ledger):
        code = row["account"].code
        assert row["closing"] == (row["opening"] + expected[(code, "income")] + expected[(code, "transfer_in")]
                                  - expected[(code, "expense")] - expected[(code, "transfer_out")])
    assert _total_row(tables["execution"], "execution")["Actual"] == exact["expense"]
    assert _total_row(tables["income"], "income")["Income"] == exact["income"]

    final = actions.prepare_final_accounts(actor=worker, ledger=books.ledger)
    actions.review_final_accounts(actor=world.users["district"], final=final, opinion="账实相符")
    final_table = reports.final(books.ledger)
    assert final_table.total == tables["balances"].total
    assert any("账实相符" in note for note in final_table.notes)

    # The .xlsx carries the same figures, to the fen.
    for key, table in {**tables, "final": final_table}.items():
        written = _xlsx_total(table)
        # a percentage is written as a number (0.25 formatted 0.0%), the page shows it as 25.0%
        expected = [_fen(v.value) if isinstance(v, Percent) else v for v in table.total]
        assert [_fen(v) if isinstance(v, (int, float)) else (v or "") for v in written] == expected, key
    print(f"\nreconciliation: 5000 entries in {Voucher.objects.filter(status='posted').count()} posted vouchers "
          f"(3 reversed), generated in {generated:.1f}s; income {exact['income']}, expense {exact['expense']}, "
          f"transfers {exact['transfer_in']}, closing {balances['Closing balance']}; "
          f"report queries {len(queries)}")


def test_r21_the_pdf_is_chinese_with_the_cjk_font_embedded_and_the_same_totals(world, books):
    donation = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(5, 1),
                                       summary="捐赠收入",
                                       entries=[entry(books, "12345.67", direction="income", category="other",
                                                      source=books.donation)])
    actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=donation)
    table = reports.income(books.ledger)
    data = exports.pdf(table, station_name=books.ledger.station.name)
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "12,345.67" in text and books.ledger.station.name in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("WenQuanYi" in f or "MicroHei" in f for f in fonts), fonts
