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
