"""A small published grading standard and an open evaluation year, for the cycle's tests and the walker.

The standard (100 points): 1 基础条件 40 (1.1 场地 20 yes/no, 1.2 人员 20), 2 服务成效 60 (2.1 服务人次 40, 2.2 满意度
20), 3 安全事故 (one-vote veto), 4 特色加分 (bonus, cap 5). Bands: 优秀 ≥ 90; 良好 [80, 90); 合格 [60, 80);
不合格 < 60 (fails). Subsidies: 优秀 50,000, 良好 30,000 yuan.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from evaluation import actions_cycle as actions
from evaluation.models_standard import Dimension, GradeBand, Indicator, ScoringKind, Standard

LEAVES = ("1.1", "1.2", "2.1", "2.2", "3", "4")


def published_standard(*, actor=None, name="测试评估标准", bonus_cap=None, binding=None) -> Standard:
    standard = Standard.objects.create(name=name, issuer="宁波市民政局", scale=100, created_by=actor,
                                       bonus_cap=bonus_cap)

    def add(code, title, points, kind=ScoringKind.YES_NO, parent=None, dimension="", order=0, **extra):
        return Indicator.objects.create(standard=standard, parent=parent, code=code, title=title, points=points,
                                        kind=kind, dimension=dimension, order=order, **extra)

    one = add("1", "基础条件", 40, dimension=Dimension.BASIC, kind=ScoringKind.SUB_CHECKS, order=1)
    add("1.1", "场地面积达标", 20, parent=one, order=2, **(binding or {}))
    add("1.2", "专职社工配备", 20, parent=one, order=3, guidance="查看花名册", materials="社工花名册、资格证书")
    two = add("2", "服务成效", 60, dimension=Dimension.PERFORMANCE, kind=ScoringKind.SUB_CHECKS, order=4)
    add("2.1", "服务人次", 40, parent=two, order=5)
    add("2.2", "服务对象满意度", 20, parent=two, order=6)
    add("3", "发生重大安全责任事故", 0, kind=ScoringKind.VETO, dimension=Dimension.MANAGEMENT, order=7)
    add("4", "特色品牌加分", 5, kind=ScoringKind.BONUS, dimension=Dimension.IMPACT, order=8)
    for order, (grade, lower, upper, passing, subsidy) in enumerate([
            ("不合格", 0, 60, False, None), ("合格", 60, 80, True, None), ("良好", 80, 90, True, 30000),
            ("优秀", 90, None, True, 50000)]):
        GradeBand.objects.create(standard=standard, name=grade, lower=lower, upper=upper, lower_inclusive=True,
                                 upper_inclusive=False, passing=passing, order=order,
                                 subsidy=Decimal(subsidy) if subsidy else None)
    Standard.objects.filter(pk=standard.pk).update(status=Standard.Status.PUBLISHED, published_at=timezone.now())
    standard.refresh_from_db()
    return standard


def leaf(standard, code) -> Indicator:
    return Indicator.objects.get(standard=standard, code=code)


def values(standard, **by_code) -> dict:
    """{indicator id: points} from keyword codes like c1_1=20 (c3 for the veto: 1 triggered, 0 not)."""
    out = {}
    for key, value in by_code.items():
        out[leaf(standard, key[1:].replace("_", ".")).pk] = value
    return out


def full_marks(standard, **override) -> dict:
    marks = {"c1_1": 20, "c1_2": 20, "c2_1": 40, "c2_2": 20, "c3": 0, "c4": 0}
    marks.update(override)
    return values(standard, **marks)


def open_year(world, *, year=None, due_in_days=30, standard=None):
    """The city opens `year` (this year) with the test standard; self-assessments due in `due_in_days`."""
    today = timezone.localdate()
    standard = standard or published_standard(actor=world.users["city"])
    return actions.open_year(actor=world.users["city"], year=year or today.year, standard=standard,
                             self_assessment_due=today + datetime.timedelta(days=due_in_days),
                             scoring_due=today + datetime.timedelta(days=due_in_days + 30), reason="开启年度评估")


def evaluation_for_walker(world) -> dict:
    """The walk's evaluation: the year open, the assessor persona assigned to "own"; per station a
    rectification item and an evidence file (made directly: the walk needs objects, not the steps)."""
    from django.core.files.base import ContentFile

    from evaluation.models_cycle import Assessment, Evidence, EvidenceFile, Rectification
    from tests.world import RELATIONS

    evaluation_year = open_year(world)
    # a year's pages carry only the year: one year per relation, so that the walk requests distinct objects
    years = {"own": evaluation_year}
    for back, rel in ((1, "sibling"), (2, "other")):
        years[rel] = open_year(world, year=evaluation_year.year - back,
                               standard=published_standard(actor=world.users["city"], name=f"测试评估标准{rel}"))
    actions.assign_assessor(actor=world.users["district"], evaluation_year=evaluation_year,
                            station=world.station("own"), assessor=world.users["assessor"], reason="指派")
    made = {"year": evaluation_year, "years": years}
    indicator = leaf(evaluation_year.standard, "2.2")
    for rel in RELATIONS:
        assessment = Assessment.objects.get(evaluation_year=evaluation_year, station=world.station(rel))
        item = Rectification.objects.create(assessment=assessment, indicator=indicator, text="开展满意度回访",
                                            due_on=timezone.localdate() + datetime.timedelta(days=30),
                                            raised_by=world.root)
        evidence = Evidence.objects.create(assessment=assessment, indicator=indicator, note="服务台账",
                                           added_by=world.root)
        stored = EvidenceFile(evidence=evidence, original_name="台账.png", content_type="image/png", size=8)
        stored.file.save("ledger.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
        stored.save()
        made[rel] = {"assessment": assessment, "item": item, "evidence": evidence}
    return made
