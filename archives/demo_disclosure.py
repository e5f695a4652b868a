"""Demo data of the archives' disclosure part (part of `seed_demo`). Idempotent: looked up before made.

南门 and 江厦 each publish the report of the last finished quarter through the real workflow (the worker drafts
and submits, the township officer approves and publishes); 南门's worker has also submitted the report of the
current year, which waits on the township officer's to-do. 外滩 is left empty for its township officer."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from stations.demo import demo_station

from . import actions_disclosure as actions
from .models_disclosure import Disclosure

RESULTS = {
    "nanmen": "本季度围绕“1+X+1”项目开展个案、小组和社区活动，重点关注独居和孤寡老人，定期上门探访；"
              "联动社区志愿者开展助餐、陪伴服务，服务对象满意度调查总体满意。",
    "jiangxia": "本季度完成困境儿童需求调研，开展亲子小组和暑期课堂，链接辖区企业和社会组织资源，"
                "社区居民参与度明显提高。",
}


def last_finished_quarter(today):
    quarter = (today.month - 1) // 3
    return (today.year, quarter) if quarter else (today.year - 1, 4)


def seed(out):
    """Seed this part's demo data."""
    User = get_user_model()
    today = timezone.localdate()
    year, quarter = last_finished_quarter(today)
    made = 0
    for key, results in RESULTS.items():
        station = demo_station(key)
        worker, township = (User.objects.get(username=f"{role}-{key}") for role in ("worker", "township"))
        if Disclosure.objects.filter(station=station, year=year, quarter=quarter).exists():
            continue
        report = actions.create_disclosure(actor=worker, station=station, year=year, quarter=quarter,
                                           results=results, reason="起草季度信息公开报告")
        actions.move_disclosure(actor=worker, disclosure=report, move="submit", reason="提交站长审核")
        actions.move_disclosure(actor=township, disclosure=report, move="approve", reason="审核通过")
        actions.move_disclosure(actor=township, disclosure=report, move="publish", reason="按季度公开")
        made += 1
    nanmen = demo_station("nanmen")
    if not Disclosure.objects.filter(station=nanmen, year=today.year, quarter=0).exists():
        worker = User.objects.get(username="worker-nanmen")
        report = actions.create_disclosure(actor=worker, station=nanmen, year=today.year, quarter=0,
                                           results="全年服务成效总结（待站长审核）。", reason="起草年度信息公开报告")
        actions.move_disclosure(actor=worker, disclosure=report, move="submit", reason="提交站长审核")
        made += 1
    out.write(f"Disclosure reports: {made} made ({Disclosure.objects.published().count()} published).")
