"""Helpers for the finance tests: a station's books with one account, its sources and an approved budget."""

import datetime
from dataclasses import dataclass

from finance import actions
from finance.models import Account, FundingSource, Ledger

YEAR = 2026


@dataclass
class Books:
    ledger: Ledger
    account: Account
    fiscal: FundingSource
    donation: FundingSource


def open_books(station, *, worker, township, year=YEAR, budget="100000.00", code="101") -> Books:
    fiscal = actions.add_funding_source(actor=worker, station=station, kind=FundingSource.Kind.FISCAL,
                                        reason="开设")
    donation = actions.add_funding_source(actor=worker, station=station, kind=FundingSource.Kind.DONATION,
                                          donor="宁波慈善总会", reason="开设")
    ledger = actions.open_ledger(actor=worker, station=station, year=year, reason="开账")
    account = actions.create_account(actor=worker, ledger=ledger, code=code, name="站点运营",
                                     purpose_kind="operating", purpose="站点日常运营", sources=[fiscal, donation],
                                     opening_balance="1000.00", reason="开设专项科目")
    if budget:
        draft = actions.propose_budget(actor=worker, account=account, reason="年度预算",
                                       lines={"activities": budget, "personnel": budget})
        actions.approve_budget(actor=township, budget=draft, reason="同意")
    return Books(ledger, account, fiscal, donation)


def entry(books, amount, direction="expense", category="activities", source=None, account=None):
    return {"account": account or books.account, "direction": direction, "category": category,
            "amount": amount, "source": source or books.fiscal}


def day(month=3, d=15, year=YEAR):
    return datetime.date(year, month, d)


def finance_books_for_walker(world) -> dict:
    """For the permission walker: books at each relation, made once (several kinds share them)."""
    if "finance" in world.extra:
        return world.extra["finance"]
    from django.core.files.base import ContentFile

    from stations import actions as station_actions
    from tests.stations_setup import PDF_BYTES
    from tests.world import make_user

    made = {}
    for rel in ("own", "sibling", "other"):
        station = world.station(rel)
        worker = world.assignments[rel].user
        township = make_user(f"finance-township-{rel}")
        station_actions.grant_role(actor=world.root, user=township, role="township", station=station,
                                   reason="测试")
        books = open_books(station, worker=worker, township=township)
        voucher = actions.prepare_voucher(actor=worker, ledger=books.ledger, date=day(), summary="活动支出",
                                          entries=[entry(books, "100.00")])
        attachment = actions.attach(actor=worker, voucher=voucher, file=ContentFile(PDF_BYTES, "scan.pdf"),
                                    name="发票")
        actions.post_voucher(no_attachment_reason="纸质附件另行归档", actor=township, voucher=voucher)
        made[rel] = {"ledger_id": books.ledger.pk, "account_id": books.account.pk, "voucher_id": voucher.pk,
                     "attachment_id": attachment.pk, "report": "balances"}
    world.extra["finance"] = made
    return made


def generate_year(books, *, worker, township, entries=5000, per_voucher=4, drafts=25, seed=2026):
    """A generated year of posted entries (bulk-written for speed, then posted the way the trigger allows: entries
    inserted while drafting, the vouchers then moved to posted with gapless numbers), plus some drafts that must
    not count. Returns the expected sums per (account code, direction), computed in exact Decimal here."""
    import random
    from collections import defaultdict
    from decimal import Decimal

    from django.utils import timezone

    from finance.models import Account, Entry, Voucher

    rng = random.Random(seed)
    second = Account.objects.filter(ledger=books.ledger).exclude(pk=books.account.pk).first()
    if second is None:
        second = actions.create_account(actor=worker, ledger=books.ledger, code="201", name="助老项目",
                                        purpose_kind="project", purpose="助老服务项目",
                                        sources=[books.fiscal, books.donation], reason="开设")
    accounts, sources = [books.account, second], [books.fiscal, books.donation]
    categories = ["personnel", "activities", "materials", "training", "supervision", "other"]
    n_vouchers = entries // per_voucher
    vouchers = Voucher.objects.bulk_create([
        Voucher(ledger=books.ledger, date=day(rng.randint(1, 12), rng.randint(1, 28)), summary=f"生成凭证{i}",
                prepared_by=worker) for i in range(n_vouchers + drafts)])
    expected = defaultdict(lambda: Decimal("0.00"))
    rows = []
    for i, voucher in enumerate(vouchers):
        lines = []
        if rng.random() < 0.1:  # a transfer: both sides, equal amounts
            amount = Decimal(rng.randint(1, 500_000)) / 100
            lines += [(accounts[0], "transfer_out", amount), (accounts[1], "transfer_in", amount)]
        while len(lines) < per_voucher:
            direction = "income" if rng.random() < 0.4 else "expense"
            ceiling = 4_000_000 if direction == "income" else 2_000_000  # in fen: income outweighs spending
            lines.append((rng.choice(accounts), direction, Decimal(rng.randint(1, ceiling)) / 100))
        for account, direction, amount in lines:
            rows.append(Entry(voucher=voucher, account=account, direction=direction, category=rng.choice(categories),
                              amount=amount, source=rng.choice(sources)))
            if i < n_vouchers:
                expected[(account.code, direction)] += amount
    Entry.objects.bulk_create(rows, batch_size=1000)
    now = timezone.now()
    to_post = vouchers[:n_vouchers]
    for number, voucher in enumerate(to_post, start=1):
        voucher.status, voucher.number, voucher.posted_by, voucher.posted_at = "posted", number, township, now
    Voucher.objects.bulk_update(to_post, ["status", "number", "posted_by", "posted_at"], batch_size=500)
    books.ledger.last_number = n_vouchers
    type(books.ledger).objects.filter(pk=books.ledger.pk).update(last_number=n_vouchers)
    return expected
