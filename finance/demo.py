"""Demo data of the finance app (R7, R13, R14, R21): for each demo station, funding sources, this year's books
with ring-fenced accounts and approved budgets, vouchers prepared by the station's worker and posted by its
township officer (one of them reversed at 南门); at 南门 also last year's books, closed after the district
bureau reviewed the final accounts. Idempotent: a station-year that has books is left as it is."""

import datetime
import functools

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ningbo_sws.lib.pdf import render
from stations.demo import demo_station

from . import actions
from .models import FundingSource, Ledger

ORDER = 50
REASON = "演示数据初始化"


@functools.cache
def _demo_scan() -> bytes:
    """A stand-in for a scanned invoice: a one-page PDF from the project's renderer."""
    return render('<!DOCTYPE html><html lang="zh-CN"><body><h1>发票（演示扫描件）</h1>'
                  "<p>本文件为演示数据，不是真实票据。</p></body></html>")

SOURCES = [
    (FundingSource.Kind.FISCAL, ""),
    (FundingSource.Kind.LOTTERY, ""),
    (FundingSource.Kind.TOWNSHIP_ELDERLY, ""),
    (FundingSource.Kind.DONATION, "宁波市慈善总会"),
    (FundingSource.Kind.VENTURE, "海曙区公益创投大赛"),
]


def _users(key):
    User = get_user_model()
    return User.objects.get(username=f"worker-{key}"), User.objects.get(username=f"township-{key}")


def _sources(station, worker):
    found = {}
    for kind, donor in SOURCES:
        source = FundingSource.objects.filter(station=station, kind=kind, donor=donor).first()
        if source is None:
            source = actions.add_funding_source(actor=worker, station=station, kind=kind, donor=donor,
                                                reason=REASON)
        found[kind] = source
    return found


def _books(station, worker, township, year, sources, *, reversal=False):
    ledger = actions.open_ledger(actor=worker, station=station, year=year, reason=REASON)
    K = FundingSource.Kind
    operating = actions.create_account(
        actor=worker, ledger=ledger, code="101", name="站点运营经费", purpose_kind="operating",
        purpose="社工站日常运营", sources=[sources[K.FISCAL], sources[K.LOTTERY]], opening_balance="20000.00",
        reason=REASON)
    project = actions.create_account(
        actor=worker, ledger=ledger, code="201", name="“暖心助老”基础项目", purpose_kind="project",
        purpose="“暖心助老”困难老人关爱项目（1+X+1 基础项目）",
        sources=[sources[K.TOWNSHIP_ELDERLY], sources[K.DONATION], sources[K.VENTURE]], reason=REASON)
    for account, lines in ((operating, {"personnel": "180000.00", "materials": "12000.00", "other": "8000.00"}),
                           (project, {"activities": "60000.00", "training": "10000.00", "supervision": "15000.00"})):
        draft = actions.propose_budget(actor=worker, account=account, lines=lines, reason="年度预算")
        actions.approve_budget(actor=township, budget=draft, reason="街道审批同意")

    def voucher(month, summary, *entries, scan=False):
        v = actions.prepare_voucher(actor=worker, ledger=ledger, date=datetime.date(year, month, 10),
                                    summary=summary, entries=[
                                        {"account": a, "direction": d, "category": c, "amount": amt, "source": s}
                                        for a, d, c, amt, s in entries])
        if scan:
            actions.attach(actor=worker, voucher=v, file=ContentFile(_demo_scan(), "invoice.pdf"), name="发票扫描件")
        return actions.post_voucher(no_attachment_reason="纸质附件另行归档", actor=township, voucher=v)

    voucher(1, "区民政局拨付站点运营经费（财政资金）",
            (operating, "income", "other", "100000.00", sources[K.FISCAL]))
    voucher(1, "福彩公益金拨付", (operating, "income", "other", "50000.00", sources[K.LOTTERY]))
    voucher(2, "街道养老服务资金整合拨付", (project, "income", "other", "40000.00", sources[K.TOWNSHIP_ELDERLY]))
    voucher(2, "宁波市慈善总会捐赠", (project, "income", "other", "20000.00", sources[K.DONATION]))
    voucher(2, "1月社工薪酬", (operating, "expense", "personnel", "15000.00", sources[K.FISCAL]), scan=True)
    voucher(3, "重阳敬老活动物资", (project, "expense", "activities", "3860.50", sources[K.TOWNSHIP_ELDERLY]),
            scan=True)
    wrong = voucher(3, "督导费", (project, "expense", "supervision", "2400.00", sources[K.DONATION]))
    if reversal:
        # The supervision fee was charged to the donation by mistake: reversed, then recorded right.
        r = actions.prepare_reversal(actor=worker, voucher=wrong, reason="资金来源记错，应为街道养老服务资金")
        actions.post_voucher(no_attachment_reason="纸质附件另行归档", actor=township, voucher=r)
        voucher(3, "督导费（更正）", (project, "expense", "supervision", "2400.00", sources[K.TOWNSHIP_ELDERLY]))
    pending = {"account": project, "direction": "expense", "category": "training", "amount": "1200.00",
               "source": sources[K.VENTURE]}
    actions.prepare_voucher(actor=worker, ledger=ledger, date=datetime.date(year, 3, 20),
                            summary="培训讲师费（待审核）", entries=[pending])
    return ledger


@transaction.atomic
def seed(out) -> None:
    year = timezone.localdate().year
    made = 0
    for key in ("nanmen", "jiangxia", "waitan"):
        station = demo_station(key)
        worker, township = _users(key)
        sources = _sources(station, worker)
        if key == "nanmen" and not Ledger.objects.filter(station=station, year=year - 1).exists():
            last = _books(station, worker, township, year - 1, sources)
            final = actions.prepare_final_accounts(actor=worker, ledger=last)
            district = get_user_model().objects.get(username="district-haishu")
            actions.review_final_accounts(actor=district, final=final, opinion="账目清晰，专款专用，同意。")
            made += 1
        if not Ledger.objects.filter(station=station, year=year).exists():
            _books(station, worker, township, year, sources, reversal=(key == "nanmen"))
            made += 1
    out.write(f"Finance: {made} station-years of books created.")
