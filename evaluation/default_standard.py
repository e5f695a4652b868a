"""The default grading standard, built from the regulation (R27's six dimensions; Ningbo's own is not public).

100 points: basic conditions 15 (R8–R11, R15), internal management 20 (R19–R24), staffing 20 (R5, R25, R26),
service capacity 15 (R16–R18), service performance 20, social impact 10; a one-vote veto (a serious safety
incident or a breach of law) and up to 5 bonus points (party building, awards). Indicators that the system can
compute are bound to report-card rules and figures, so their suggested score fills in by itself; the others are
scored by hand. It is a draft the city edits before publishing (`actions_standard.create_default_standard`).

The contents are data (the words of a Chinese grading table), not interface text.
"""

from ningbo_sws.lib.compliance import compliance
from ningbo_sws.lib.figures import figures

from .models_standard import Binding, Dimension, EvidenceMethod, ScoringKind

NAME = "宁波市社会工作站等级评估标准"
ISSUER = "宁波市民政局"
NOTES = ("依据《宁波市社会工作站建设运营规范》第二十七条设定的六个维度（基本条件、内部管理、人员配备、服务能力、"
         "服务成效、社会影响）编制，供市民政局修改后发布。")

DOC, SITE, TALK, ASK, CALL = (EvidenceMethod.DOCUMENTS, EvidenceMethod.SITE, EvidenceMethod.INTERVIEW,
                              EvidenceMethod.SURVEY, EvidenceMethod.CALLBACK)
YES_NO, SUB, GRADED, FORMULA, DEDUCT, VETO, BONUS = (
    ScoringKind.YES_NO, ScoringKind.SUB_CHECKS, ScoringKind.GRADED, ScoringKind.FORMULA, ScoringKind.DEDUCTION,
    ScoringKind.VETO, ScoringKind.BONUS)


def _o(*pairs):
    """Options: ("label", points) or ("label", points, min)."""
    out = []
    for pair in pairs:
        option = {"label": pair[0], "points": str(pair[1])}
        if len(pair) > 2:
            option["min"] = str(pair[2])
        out.append(option)
    return out


def _i(code, title, points, kind=YES_NO, *, dimension="", options=(), params=None, methods=(), materials="",
       guidance="", figure="", rule=""):
    binding, binding_code = (Binding.FIGURE, figure) if figure else (Binding.RULE, rule) if rule else ("", "")
    return {"code": code, "title": title, "points": str(points), "kind": str(kind), "dimension": str(dimension),
            "options": list(options), "params": dict(params or {}), "methods": [str(m) for m in methods],
            "materials": materials, "guidance": guidance, "binding": str(binding), "binding_code": binding_code}


def indicators() -> list[dict]:
    """The tree, parents first. Bindings to codes that no app registered (the archive completeness figure, the
    management-systems rule) are left to be scored by hand."""
    has_figure = figures.entries.__contains__
    has_rule = {r.rule_id for r in compliance.rules}.__contains__
    completeness = "archives.completeness" if has_figure("archives.completeness") else ""
    systems = "R24" if has_rule("R24") else ""
    volunteers = "services.volunteers" if has_figure("services.volunteers") else ""
    return [
        _i("1", "基本条件", 15, dimension=Dimension.BASIC),
        _i("1.1", "场地与功能室", 9),
        _i("1.1.1", "社工办公室面积达标（每名社工不少于5平方米）", 3, methods=[SITE, DOC], rule="R9.1",
           materials="场地平面图、功能室照片", guidance="按《规范》第九条核算办公室面积。"),
        _i("1.1.2", "设有个案工作室", 2, methods=[SITE], rule="R9.2"),
        _i("1.1.3", "设有小组活动室", 2, methods=[SITE], rule="R9.3"),
        _i("1.1.4", "设有档案室（可与办公室共用）", 2, methods=[SITE], rule="R9.5"),
        _i("1.2", "标识与运营", 6),
        _i("1.2.1", "规范悬挂站牌、使用统一标识", 2, methods=[SITE], rule="R10", materials="站牌照片"),
        _i("1.2.2", "运营方式明确", 2, methods=[DOC], rule="R11"),
        _i("1.2.3", "购买服务合同要素齐全、在有效期内", 2, methods=[DOC], rule="R15", materials="服务合同"),
        _i("2", "内部管理", 20, dimension=Dimension.MANAGEMENT),
        _i("2.1", "管理制度", 8),
        _i("2.1.1", "岗位职责明确、书面成文", 2, methods=[DOC], rule="R19", materials="岗位职责文件"),
        _i("2.1.2", "定期召开工作例会", 3, GRADED, methods=[DOC], figure="staffing.meetings",
           options=_o(("全年12次及以上", 3, 12), ("全年6至11次", 2, 6), ("全年1至5次", 1, 1), ("未召开", 0)),
           materials="会议记录"),
        _i("2.1.3", "财务、档案、信息公开等制度健全", 3, SUB if not systems else YES_NO, methods=[DOC],
           rule=systems, options=() if systems else _o(("财务管理制度", 1), ("档案管理制度", 1), ("信息公开制度", 1)),
           materials="各项管理制度文本"),
        _i("2.2", "财务管理", 7),
        _i("2.2.1", "专账核算，年度决算经审核", 4, methods=[DOC], rule="R21", materials="账簿、凭证、决算报告"),
        _i("2.2.2", "预算执行率", 3, GRADED, methods=[DOC], figure="finance.budget_execution",
           options=_o(("90%及以上", 3, 90), ("75%至90%", 2, 75), ("60%至75%", 1, 60), ("低于60%", 0))),
        _i("2.3", "档案管理", 5),
        _i("2.3.1", "服务档案分类齐全、规范归档", 5, GRADED, methods=[DOC, SITE], figure=completeness,
           options=_o(("齐全", 5, 100), ("基本齐全", 3, 80), ("缺失较多", 0, 0)) if completeness else
           _o(("齐全", 5), ("基本齐全", 3), ("缺失较多", 0)), materials="档案目录"),
        _i("3", "人员配备", 20, dimension=Dimension.STAFFING),
        _i("3.1", "人员数量与资质", 14),
        _i("3.1.1", "专职社会工作者人数", 8, FORMULA, methods=[DOC, TALK], figure="staffing.social_workers",
           params={"threshold": "2", "base": "4", "per_unit": "2"},
           guidance="2人得4分，每增加1人加2分，最高8分；不足2人不得分。", materials="人员花名册、劳动合同"),
        _i("3.1.2", "持证社工占比", 6, GRADED, methods=[DOC], figure="staffing.professional_share",
           options=_o(("60%及以上", 6, 60), ("40%至60%", 4, 40), ("20%至40%", 2, 20), ("低于20%", 0)),
           materials="职业资格证书"),
        _i("3.2", "督导与培训", 6),
        _i("3.2.1", "接受专业督导", 3, GRADED, methods=[DOC, TALK], figure="staffing.supervision_hours",
           options=_o(("全年24小时及以上", 3, 24), ("12至24小时", 2, 12), ("不足12小时", 1, 1), ("未接受", 0))),
        _i("3.2.2", "参加业务培训", 3, GRADED, methods=[DOC], figure="staffing.training_hours",
           options=_o(("全年40小时及以上", 3, 40), ("20至40小时", 2, 20), ("不足20小时", 1, 1), ("未参加", 0))),
        _i("4", "服务能力", 15, dimension=Dimension.CAPACITY),
        _i("4.1", "需求调研与项目设计", 8),
        _i("4.1.1", "开展需求调研", 3, methods=[DOC], figure="services.surveys", params={"target": "1"},
           materials="需求调研报告"),
        _i("4.1.2", "“1+X+1”服务项目齐全", 5, methods=[DOC, TALK], rule="R17", materials="项目方案"),
        _i("4.2", "专业方法", 7),
        _i("4.2.1", "个案按专业流程开展并结案", 4, methods=[DOC], rule="R18", materials="个案档案"),
        _i("4.2.2", "开展小组工作", 3, GRADED, methods=[DOC], figure="services.groups",
           options=_o(("4个及以上", 3, 4), ("2至3个", 2, 2), ("1个", 1, 1), ("未开展", 0))),
        _i("5", "服务成效", 20, dimension=Dimension.PERFORMANCE),
        _i("5.1", "服务数量", 12),
        _i("5.1.1", "服务人数", 4, GRADED, methods=[DOC], figure="services.people_served",
           options=_o(("300人及以上", 4, 300), ("150至299人", 3, 150), ("50至149人", 2, 50), ("不足50人", 1, 1),
                      ("无", 0))),
        _i("5.1.2", "开展社区活动", 4, GRADED, methods=[DOC, SITE], figure="services.activities",
           options=_o(("12次及以上", 4, 12), ("6至11次", 3, 6), ("3至5次", 2, 3), ("1至2次", 1, 1), ("未开展", 0))),
        _i("5.1.3", "入户及电话走访", 4, GRADED, methods=[DOC, CALL], figure="services.visits",
           options=_o(("100次及以上", 4, 100), ("50至99次", 3, 50), ("20至49次", 2, 20), ("1至19次", 1, 1),
                      ("无", 0))),
        _i("5.2", "服务质量", 8),
        _i("5.2.1", "服务对象满意度", 5, GRADED, methods=[ASK, CALL],
           options=_o(("95%及以上", 5), ("90%至95%", 4), ("80%至90%", 3), ("低于80%", 0)),
           guidance="随机抽取服务对象电话回访或问卷调查。"),
        _i("5.2.2", "安全责任事件", 3, DEDUCT, methods=[DOC, TALK], params={"per_item": "3"},
           guidance="每发生一起一般安全责任事件扣3分，扣完为止。"),
        _i("6", "社会影响", 10, dimension=Dimension.IMPACT),
        _i("6.1", "宣传与认可", 10),
        _i("6.1.1", "宣传报道", 4, GRADED, methods=[DOC],
           options=_o(("市级及以上媒体报道", 4), ("区级媒体报道", 3), ("镇街宣传", 2), ("无", 0))),
        _i("6.1.2", "获得表彰", 3, SUB, methods=[DOC], options=_o(("区级表彰", 1), ("市级及以上表彰", 2))),
        _i("6.1.3", "志愿者参与服务", 3, GRADED, methods=[DOC, TALK], figure=volunteers,
           options=_o(("20人及以上", 3, 20), ("10至19人", 2, 10), ("1至9人", 1, 1), ("无", 0)) if volunteers else
           _o(("20人及以上", 3), ("10至19人", 2), ("1至9人", 1), ("无", 0))),
        _i("7", "发生重大安全责任事故或违法违纪问题", 0, VETO, dimension=Dimension.OTHER, methods=[DOC, TALK],
           guidance="一票否决：评估年度内发生的，不论得分多少均评为不合格。"),
        _i("8", "加分项", 5, BONUS, dimension=Dimension.PARTY),
        _i("8.1", "党建引领社会工作服务成效明显", 2, BONUS, methods=[DOC, TALK]),
        _i("8.2", "创新服务项目获区级以上奖项", 3, BONUS, methods=[DOC]),
    ]


def bands() -> list[dict]:
    return [
        {"name": "优秀", "lower": "90", "lower_inclusive": True, "upper": None, "upper_inclusive": True,
         "passing": True, "subsidy": "50000"},
        {"name": "良好", "lower": "80", "lower_inclusive": True, "upper": "90", "upper_inclusive": False,
         "passing": True, "subsidy": "30000"},
        {"name": "合格", "lower": "60", "lower_inclusive": True, "upper": "80", "upper_inclusive": False,
         "passing": True, "subsidy": None},
        {"name": "不合格", "lower": "0", "lower_inclusive": True, "upper": "60", "upper_inclusive": False,
         "passing": False, "subsidy": None},
    ]


def raters() -> list[dict]:
    """Columns: the station's self-assessment (shown beside, weight 0) and the district's or its assessor's
    score, which counts."""
    return [{"code": "self", "name": "站点自评", "role": "self", "weight": "0"},
            {"code": "district", "name": "区级评估", "role": "district", "weight": "1"}]
