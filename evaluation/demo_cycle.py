"""Demo data of the evaluation's cycle part (part of `seed_demo`). Idempotent: looked up before made.

The demo year (this year) is open with the published default standard; 海曙区 has held its work meeting and
assigned its demo assessor to 江厦街道; 南门街道 has self-assessed, been scored by the district and published by the
city (a grade and a subsidy); 江厦街道 has self-assessed and submitted, and its assessor has started scoring; 外滩街道
is still self-assessing."""

import datetime
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from stations.demo import demo_station

from . import actions_cycle as actions
from . import results, scoring
from .demo_standard import published_default
from .models_cycle import Assessment, AssessorAssignment, DistrictMeeting, EvaluationYear
from .models_standard import ScoringKind

REASON = "演示数据"


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _marks(tree, share: Decimal, *, bonus=Decimal("0")) -> dict:
    """Points for every leaf: `share` of its points (rounded down to a half point), no veto, `bonus` on bonuses."""
    out = {}
    for indicator in tree.leaves():
        if indicator.kind == ScoringKind.VETO:
            out[indicator.pk] = "0"
        elif indicator.kind == ScoringKind.BONUS:
            out[indicator.pk] = str(min(bonus, scoring.dec(indicator.points)))
        else:
            points = scoring.dec(indicator.points) * share
            out[indicator.pk] = str((points * 2).quantize(Decimal("1"), rounding=ROUND_DOWN) / 2)
    return out


def seed(out):
    """Seed this part's demo data."""
    standard = published_default()
    city, district = _user("city"), _user("district-haishu")
    if standard is None or city is None or district is None:
        return
    today = timezone.localdate()
    evaluation_year = EvaluationYear.objects.filter(year=today.year).first()
    if evaluation_year is None:
        evaluation_year = actions.open_year(actor=city, year=today.year, standard=standard,
                                            self_assessment_due=today + datetime.timedelta(days=20),
                                            scoring_due=today + datetime.timedelta(days=45), reason=REASON)
    nanmen, jiangxia, waitan = (demo_station(k) for k in ("nanmen", "jiangxia", "waitan"))
    if not DistrictMeeting.objects.filter(evaluation_year=evaluation_year, district=nanmen.district).exists():
        actions.record_district_meeting(
            actor=district, evaluation_year=evaluation_year, district=nanmen.district, held_on=today,
            title=f"{today.year}年度社工站评估工作会议",
            attendees="区民政局社会工作科、各街道（乡镇）社工站站长、第三方评估机构",
            minutes="通报评估标准与时间安排；各站于截止日前完成自评并提交自评报告；第三方评估机构分片实地查看、"
                    "查阅资料并开展服务对象电话回访；评估结果报市民政局审核后公布。", reason=REASON)
    assessor = _user("assessor-haishu")
    if assessor is not None and not AssessorAssignment.objects.filter(
            evaluation_year=evaluation_year, station=jiangxia, assessor=assessor, ended_at__isnull=True).exists():
        actions.assign_assessor(actor=district, evaluation_year=evaluation_year, station=jiangxia, assessor=assessor,
                                reason=REASON)
    tree = scoring.load(standard)
    summaries = {
        nanmen.pk: "全年开展个案、小组和社区活动，重点人群走访及时；财务专账核算，台账齐全；不足：志愿者队伍仍需扩大。",
        jiangxia.pk: "站点制度健全，项目按“1+X+1”推进；不足：需求调研覆盖面不够，服务满意度回访偏少。",
    }
    for station, share, bonus in ((nanmen, Decimal("0.92"), Decimal("2")), (jiangxia, Decimal("0.84"), Decimal("0"))):
        assessment = Assessment.objects.get(evaluation_year=evaluation_year, station=station)
        if assessment.status != Assessment.Status.SELF_ASSESSING:
            continue
        worker = _user(f"worker-{'nanmen' if station == nanmen else 'jiangxia'}")
        actions.save_self_assessment(actor=worker, assessment=assessment, values=_marks(tree, share, bonus=bonus),
                                     summary=summaries[station.pk], reason=REASON)
        actions.submit_self_assessment(actor=worker, assessment=assessment, reason=REASON)
    published = Assessment.objects.get(evaluation_year=evaluation_year, station=nanmen)
    if published.status == Assessment.Status.SUBMITTED:
        actions.save_scores(actor=district, assessment=published, values=_marks(tree, Decimal("0.88"),
                                                                                 bonus=Decimal("1")), reason=REASON)
        actions.move_assessment(actor=district, assessment=published, move="finalise", reason=REASON,
                                comment="基础扎实，服务规范；志愿者队伍建设需加强。")
        published = Assessment.objects.get(pk=published.pk)
        actions.move_assessment(actor=city, assessment=published, move="publish", reason="市民政局公布")
    scored = Assessment.objects.get(evaluation_year=evaluation_year, station=jiangxia)
    if assessor is not None and scored.status == Assessment.Status.SUBMITTED:
        first = [i for i in tree.leaves() if i.kind not in (ScoringKind.VETO, ScoringKind.BONUS)][:3]
        actions.save_scores(actor=assessor, assessment=scored,
                            values={i.pk: str(scoring.dec(i.points) * Decimal("0.5")) for i in first}, reason=REASON)
        scored = Assessment.objects.get(pk=scored.pk)
        actions.add_rectification(actor=assessor, assessment=scored, indicator=first[0],
                                  text="补充需求调研报告，覆盖全部村（社区）。",
                                  due_on=today + datetime.timedelta(days=60), reason=REASON)
    published = Assessment.objects.get(evaluation_year=evaluation_year, station=nanmen)
    out.write(f"evaluation: year {evaluation_year.year} open; {published.station} {results.fmt(published.total)} "
              f"{published.grade}; {waitan} self-assessing\n")
