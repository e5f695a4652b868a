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
        attachment = actions.attach(actor=worker, voucher=voucher, file=ContentFile(b"%PDF-1.4 scan", "scan.pdf"),
                                    name="发票")
        actions.post_voucher(actor=township, voucher=voucher)
        made[rel] = {"ledger_id": books.ledger.pk, "account_id": books.account.pk, "voucher_id": voucher.pk,
                     "attachment_id": attachment.pk, "report": "balances"}
    world.extra["finance"] = made
    return made
