"""R21 on PostgreSQL: posted vouchers are final also for raw SQL (triggers), and 20 concurrent posts to one
account never lose an entry or break the gapless numbering (the per-station-year counter row is locked with
SELECT ... FOR UPDATE)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.db.utils import DatabaseError

from finance import actions, reports
from finance.models import Entry, Voucher
from tests.finance_books import day, entry, open_books

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="triggers and row locks are PostgreSQL's; SQLite serialises all writes")


@pytest.fixture
def books(world):
    return open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("sql", [
    "UPDATE finance_voucher SET summary = 'changed' WHERE id = %(voucher)s",
    "DELETE FROM finance_voucher WHERE id = %(voucher)s",
    "UPDATE finance_entry SET amount = 1 WHERE voucher_id = %(voucher)s",
    "DELETE FROM finance_entry WHERE voucher_id = %(voucher)s",
    "INSERT INTO finance_entry (voucher_id, account_id, direction, category, amount, source_id, reversal) "
    "SELECT %(voucher)s, account_id, 'income', 'other', 5, source_id, false FROM finance_entry "
    "WHERE voucher_id = %(voucher)s",
    "INSERT INTO finance_attachment (voucher_id, file, name, original_name, content_type, size, uploaded_by_id, "
    "uploaded_at) "
    "SELECT id, 'x.pdf', 'x', 'x.pdf', 'application/pdf', 1, prepared_by_id, now() FROM finance_voucher "
    "WHERE id = %(voucher)s",
])
def test_r21_a_posted_voucher_is_final_also_for_raw_sql(world, books, sql):
    voucher = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="原始",
                                      entries=[entry(books, "88.80")])
    draft = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="草稿",
                                    entries=[entry(books, "1.00")])
    actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=voucher)
    with pytest.raises(DatabaseError, match="R21"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql % {"voucher": voucher.pk})
    assert Voucher.objects.get(pk=voucher.pk).summary == "原始"
    assert list(voucher.entries.values_list("amount", flat=True)) == [Decimal("88.80")]
    # While drafting, the same SQL is allowed: the trigger guards posted vouchers only.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.replace("DELETE FROM finance_voucher", "UPDATE finance_voucher SET summary = 'd'")
                       % {"voucher": draft.pk})


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_r21_twenty_concurrent_posts_to_one_account_keep_every_entry_and_the_numbering(transactional_db):
    """20 threads, each with its own connection, post 20 drafts to one account at the same moment."""
    from tests.world import build_world

    world = build_world()
    books = open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])
    drafts = [
        actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary=f"并发{i}",
                                entries=[entry(books, f"{i + 1}.01", direction="income")])
        for i in range(20)
    ]
    township = world.users["township"]
    barrier = threading.Barrier(len(drafts))
    errors = []

    def post(voucher):
        try:
            barrier.wait(timeout=30)
            actions.post_voucher(no_attachment_reason="纸质附件另行归档", actor=township, voucher=voucher)
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(v,)) for v in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    posted = Voucher.objects.filter(ledger=books.ledger, status=Voucher.Status.POSTED)
    assert sorted(posted.values_list("number", flat=True)) == list(range(1, 21))
    assert Entry.objects.filter(voucher__in=posted).count() == 20
    expected_income = sum(Decimal(f"{i + 1}.01") for i in range(20))  # 210.20
    row = reports.balance_rows(books.ledger)[0]
    assert row["income"] == expected_income
    assert row["closing"] == Decimal("1000.00") + expected_income
    books.ledger.refresh_from_db()
    assert books.ledger.last_number == 20
    print(f"concurrency: 20 posts, numbers 1..20, income {row['income']}")


@on_postgresql
@pytest.mark.django_db
def test_r21_a_withdrawn_draft_is_final_also_for_raw_sql(world, books):
    draft = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="撤回",
                                    entries=[entry(books, "3.00")])
    actions.withdraw_voucher(actor=world.users["worker"], voucher=draft, reason="重复")
    for sql in ("UPDATE finance_voucher SET status = 'draft' WHERE id = %s",
                "UPDATE finance_entry SET amount = 1 WHERE voucher_id = %s"):
        with pytest.raises(DatabaseError, match="R21"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql % draft.pk)
    assert Voucher.objects.get(pk=draft.pk).status == Voucher.Status.WITHDRAWN
