"""R21: vouchers and entries — maker ≠ checker, gapless numbers per station and year, posted is final,
reversals net to zero, ring-fenced accounts, budget lines, locked years; R7/R13: every entry names its source."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum

from finance import actions
from finance.models import Budget, Entry, FundingSource, Ledger, PostedIsFinal, Voucher
from tests.finance_books import day, entry, open_books

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(world):
    return open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])


def prepare(world, books, *amounts, **kw):
    return actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="活动支出",
                                   entries=[entry(books, a, **kw) for a in amounts])


def test_r21_the_preparer_can_never_post_their_own_voucher(world, books):
    """Maker ≠ checker: the township officer prepares, then cannot post it; the worker never posts."""
    township = world.users["township"]
    voucher = actions.prepare_voucher(actor=township, ledger=books.ledger, date=day(), summary="购买材料",
                                      entries=[entry(books, "200.00", category="materials")])
    with pytest.raises(ValidationError) as exc:
        actions.post_voucher(no_attachment_reason="纸质附件另行归档", actor=township, voucher=voucher)
    assert "prepared" in str(exc.value) or "制单" in str(exc.value)
    with pytest.raises(PermissionDenied):
        actions.post_voucher(no_attachment_reason="纸质附件另行归档",
            actor=world.users["worker"], voucher=voucher)
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.DRAFT and voucher.number is None


def test_r21_numbers_are_given_on_posting_gapless_per_station_and_year(world, books):
    first, second, third = (prepare(world, books, "10.00") for _ in range(3))
    for v in (third, first, second):
        actions.post_voucher(no_attachment_reason="纸质附件另行归档",
            actor=world.users["township"], voucher=v)
    numbers = sorted(Voucher.objects.filter(ledger=books.ledger).values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    # Another station's books count from 1 on their own.
    sibling = world.station("sibling")
    from stations import actions as station_actions
    from tests.world import make_user
    w2, t2 = make_user("w2"), make_user("t2")
    station_actions.grant_role(actor=world.root, user=w2, role="worker", station=sibling, reason="测试")
    station_actions.grant_role(actor=world.root, user=t2, role="township", station=sibling, reason="测试")
    other = open_books(sibling, worker=w2, township=t2)
    v = actions.prepare_voucher(actor=w2, ledger=other.ledger, date=day(), summary="x",
                                entries=[entry(other, "1.00")])
    assert actions.post_voucher(no_attachment_reason="纸质附件另行归档", actor=t2, voucher=v).number == 1


def test_r21_a_posted_voucher_is_final_in_the_application(world, books):
    voucher = actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=prepare(world, books, "10.00"))
    voucher.summary = "改过的摘要"
    with pytest.raises(PostedIsFinal):
        voucher.save()
    with pytest.raises(PostedIsFinal):
        voucher.delete()
    line = voucher.entries.get()
    line.amount = Decimal("1.00")
    with pytest.raises(PostedIsFinal):
        line.save()
    with pytest.raises(PostedIsFinal):
        line.delete()
    with pytest.raises(ValidationError):
        actions.post_voucher(no_attachment_reason="纸质附件另行归档",
            actor=world.users["township"], voucher=voucher)
    with pytest.raises(PostedIsFinal):
        Entry(voucher=voucher, account=books.account, direction="income", category="other", amount="5.00",
              source=books.fiscal).save()
    assert Voucher.objects.get(pk=voucher.pk).summary == "活动支出"


def test_r21_a_reversal_points_to_the_original_and_nets_it_to_zero(world, books):
    original = actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=prepare(world, books, "300.00", "45.67"))
    reversal = actions.prepare_reversal(actor=world.users["worker"], voucher=original, reason="金额录错")
    assert reversal.reverses == original and reversal.status == Voucher.Status.DRAFT
    actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=reversal)
    both = Entry.objects.filter(voucher__in=[original, reversal])
    assert sum(e.amount for e in both) == Decimal("0.00")  # exact Decimal arithmetic
    assert both.aggregate(total=Sum("amount"))["total"].quantize(Decimal("0.01")) == 0
    assert both.count() == 4
    with pytest.raises(ValidationError):  # one reversal per voucher, and no reversal of a reversal
        actions.prepare_reversal(actor=world.users["worker"], voucher=original, reason="again")
    with pytest.raises(ValidationError):
        actions.prepare_reversal(actor=world.users["worker"], voucher=reversal, reason="again")


@pytest.mark.parametrize("amount", ["-5.00", "1.234", "0", "abc", "0.001"])
def test_r21_a_negative_zero_or_three_decimal_amount_is_refused_and_nothing_is_saved(world, books, amount):
    with pytest.raises(ValidationError) as exc:
        prepare(world, books, "10.00", amount)
    assert "Line 2" in str(exc.value) or "第2行" in str(exc.value)
    assert not Voucher.objects.exists() and not Entry.objects.exists()


def test_money_is_never_a_float(world, books):
    with pytest.raises(TypeError):
        actions.parse_amount(0.1)


def test_r21_an_entry_to_another_stations_account_is_refused(world, books):
    from stations import actions as station_actions
    from tests.world import make_user

    other_station = world.station("other")
    w3, t3 = make_user("w3"), make_user("t3")
    station_actions.grant_role(actor=world.root, user=w3, role="worker", station=other_station, reason="测试")
    station_actions.grant_role(actor=world.root, user=t3, role="township", station=other_station, reason="测试")
    theirs = open_books(other_station, worker=w3, township=t3)
    with pytest.raises(ValidationError) as exc:
        actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="x",
                                entries=[entry(books, "5.00", account=theirs.account, source=books.fiscal)])
    assert "another station" in str(exc.value) or "其他社会工作站" in str(exc.value)
    # ... and the worker cannot prepare in the other station's books at all.
    with pytest.raises(PermissionDenied):
        actions.prepare_voucher(actor=world.users["worker"], ledger=theirs.ledger, date=day(), summary="x",
                                entries=[entry(theirs, "5.00")])
    assert not Voucher.objects.filter(ledger=books.ledger).exists()


def test_r7_the_source_must_feed_the_account(world, books):
    lottery = actions.add_funding_source(actor=world.users["worker"], station=world.station("own"),
                                         kind=FundingSource.Kind.LOTTERY, reason="新来源")
    with pytest.raises(ValidationError):
        prepare(world, books, "5.00", source=lottery)


def test_r13_a_donation_names_its_donor(world):
    with pytest.raises(ValidationError):
        actions.add_funding_source(actor=world.users["worker"], station=world.station("own"),
                                   kind=FundingSource.Kind.DONATION, reason="捐赠")
    assert not FundingSource.objects.exists()


def test_r21_one_ring_fenced_account_per_purpose_and_year(world, books):
    with pytest.raises(ValidationError):
        actions.create_account(actor=world.users["worker"], ledger=books.ledger, code="102", name="重复",
                               purpose_kind="operating", purpose="站点日常运营", sources=[books.fiscal],
                               reason="x")


def test_r21_a_transfer_between_accounts_records_both_sides(world, books):
    second = actions.create_account(actor=world.users["worker"], ledger=books.ledger, code="201", name="助老项目",
                                    purpose_kind="project", purpose="助老服务项目", sources=[books.fiscal],
                                    reason="开设")
    with pytest.raises(ValidationError):  # one side only
        prepare(world, books, "50.00", direction="transfer_out")
    voucher = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="调拨",
                                      entries=[entry(books, "50.00", direction="transfer_out"),
                                               entry(books, "50.00", direction="transfer_in", account=second)])
    actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=voucher)
    from finance import reports

    rows = {r["account"].code: r for r in reports.balance_rows(books.ledger)}
    assert rows["101"]["closing"] == Decimal("950.00") and rows["201"]["closing"] == Decimal("50.00")


def test_r21_an_expense_beyond_its_budget_line_needs_the_township_override(world, books):
    voucher = prepare(world, books, "100000.01")
    with pytest.raises(ValidationError) as exc:
        actions.post_voucher(no_attachment_reason="纸质附件另行归档",
            actor=world.users["township"], voucher=voucher)
    assert "100000.01" in str(exc.value)
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.DRAFT
    posted = actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=voucher, override_reason="区局追加预算在途")
    assert posted.number == 1 and posted.budget_override == "区局追加预算在途"


def test_r21_a_budget_change_is_a_new_version_with_reason_and_approval(world, books):
    first = books.account.budgets.get()
    assert first.status == Budget.Status.APPROVED and first.version == 1
    draft = actions.propose_budget(actor=world.users["worker"], account=books.account, reason="追加培训",
                                   lines={"activities": "100000.00", "training": "5000.00"})
    assert draft.version == 2 and draft.status == Budget.Status.DRAFT
    with pytest.raises(PermissionDenied):  # the worker prepares, only the township officer approves
        actions.approve_budget(actor=world.users["worker"], budget=draft, reason="x")
    actions.approve_budget(actor=world.users["township"], budget=draft, reason="同意追加")
    first.refresh_from_db()
    assert first.status == Budget.Status.SUPERSEDED and first.lines.count() == 2  # kept, lines untouched
    with pytest.raises(ValidationError):
        actions.propose_budget(actor=world.users["worker"], account=books.account, reason="x",
                               lines={"activities": "-1"})


def test_r21_a_closed_year_is_locked(world, books):
    actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=prepare(world, books, "10.00"))
    draft = prepare(world, books, "20.00")
    final = actions.prepare_final_accounts(actor=world.users["worker"], ledger=books.ledger)
    actions.review_final_accounts(actor=world.users["district"], final=final, opinion="账实相符，同意。")
    assert Ledger.objects.get(pk=books.ledger.pk).is_closed
    with pytest.raises(ValidationError) as exc:
        prepare(world, books, "10.00")
    assert "2026" in str(exc.value)
    with pytest.raises(ValidationError):
        actions.post_voucher(no_attachment_reason="纸质附件另行归档",
            actor=world.users["township"], voucher=draft)
    with pytest.raises(ValidationError):
        actions.propose_budget(actor=world.users["worker"], account=books.account, reason="x",
                               lines={"activities": "1.00"})
    # A date in the locked year is refused from next year's books too.
    next_year = actions.open_ledger(actor=world.users["worker"], station=world.station("own"), year=2027,
                                    reason="开账")
    with pytest.raises(ValidationError) as exc:
        actions.prepare_voucher(actor=world.users["worker"], ledger=next_year, date=day(), summary="x", entries=[])
    assert "closed" in str(exc.value) or "已结账" in str(exc.value)


def test_r21_the_review_is_refused_when_figures_changed_since_preparing(world, books):
    final = actions.prepare_final_accounts(actor=world.users["worker"], ledger=books.ledger)
    actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=prepare(world, books, "10.00"))
    with pytest.raises(ValidationError):
        actions.review_final_accounts(actor=world.users["district"], final=final, opinion="同意")
    with pytest.raises(PermissionDenied):  # the township does not review its own books
        actions.review_final_accounts(actor=world.users["township"], final=final, opinion="同意")
    assert not Ledger.objects.get(pk=books.ledger.pk).is_closed


def test_r21_accounting_records_are_kept_permanently(world, books):
    """Nothing is deleted: books, accounts, sources, budgets, vouchers (drafts too)."""
    draft = prepare(world, books, "1.00")
    for record in (books.ledger, books.account, books.fiscal, books.account.budgets.first(), draft):
        with pytest.raises(PostedIsFinal):
            record.delete()
    assert Voucher.objects.filter(pk=draft.pk).exists()


def test_r21_a_draft_given_up_is_withdrawn_with_a_reason_never_deleted_nor_numbered(world, books):
    draft = prepare(world, books, "9.99")
    with pytest.raises(ValidationError):
        actions.withdraw_voucher(actor=world.users["worker"], voucher=draft, reason=" ")
    withdrawn = actions.withdraw_voucher(actor=world.users["worker"], voucher=draft, reason="重复录入")
    assert withdrawn.status == Voucher.Status.WITHDRAWN and withdrawn.number is None
    with pytest.raises(ValidationError):
        actions.post_voucher(no_attachment_reason="纸质附件另行归档",
            actor=world.users["township"], voucher=withdrawn)
    assert actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=prepare(world, books, "1.00")).number == 1
    from finance import reports

    assert reports.balance_rows(books.ledger)[0]["expense"] == Decimal("1.00")
    assert Voucher.objects.filter(pk=draft.pk).exists()
