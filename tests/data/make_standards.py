# ruff: noqa: E501  (rows of a typed grading table, one indicator a line)
"""Writes the two other cities' grading tables used as test data (R27), typed as a city clerk types a published
table into Excel: a title row, the indicator tree in level columns, the options in one cell a line. Written with
openpyxl directly, not with the project's exporter, so the import reads a file it did not write.

    .venv/bin/python tests/data/make_standards.py      # rewrites tests/data/standard_*.xlsx

- standard_guangzhou_1000.xlsx: a 1,000-point table with point pools per rater (third-party assessor 700,
  purchaser 200, supervisor 100) and the 5A–2A bands of the published tables (5A > 950, 4A 901–950 ...), codes given.
- standard_jinan_100.xlsx: a 100-point table with party building as a dimension, four levels, three rater
  columns (self, panel, committee), 5A ≥ 90 ... 1A [50, 60), below 50 no grade; no codes (they follow the rows).
"""

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEAD = ["编号", "一级指标", "二级指标", "三级指标", "四级指标", "分值", "评分方式", "评分标准", "评估方法", "所需材料",
        "评分说明", "维度", "评分人", "参数", "数据绑定"]


def row(code, level, title, points, kind="是否", options="", methods="查阅资料", materials="", guidance="",
        dimension="", rater="", params="", binding=""):
    titles = [title if n == level else None for n in range(1, 5)]
    return [code or None, *titles, points, kind, options or None, methods or None, materials or None,
            guidance or None, dimension or None, rater or None, params or None, binding or None]


def write(name, title, rows, bands, raters, about):
    book = Workbook()
    sheet = book.active
    sheet.title = "指标"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD))
    sheet.append(HEAD)
    for r in rows:
        sheet.append(r)
    bands_sheet = book.create_sheet("等级")
    bands_sheet.append(["等级", "下限", "含下限", "上限", "含上限", "合格", "补助（元）"])
    for b in bands:
        bands_sheet.append(b)
    raters_sheet = book.create_sheet("评分人")
    raters_sheet.append(["代码", "名称", "角色", "权重"])
    for r in raters:
        raters_sheet.append(r)
    about_sheet = book.create_sheet("标准")
    about_sheet.append(["项目", "内容"])
    for r in about:
        about_sheet.append(r)
    book.save(HERE / name)


def guangzhou():
    t, p, s = "third", "purchaser", "supervisor"
    rows = [
        row("1", 1, "基础建设", 200, dimension="基本条件", rater=t),
        row("1.1", 2, "场地设施", 120),
        row("1.1.1", 3, "服务场地面积", 60, "公式", methods="实地查看", params="起点=100；起点得分=30；每增=10；每增得分=5",
            guidance="场地100平方米得30分，每增加10平方米加5分，最高60分。", binding="数据:stations.area.total"),
        row("1.1.2", 3, "功能室设置", 60, "组合分", "个案工作室：20分\n小组活动室：20分\n档案室：20分", "实地查看"),
        row("1.2", 2, "标识标牌", 80),
        row("1.2.1", 3, "统一标识、规范挂牌", 80, methods="实地查看", binding="规则:R10"),
        row("2", 1, "人员队伍", 200, dimension="人员配备", rater=t),
        row("2.1", 2, "专职社会工作者人数", 150, "公式", methods="查阅资料、访谈", params="起点=3；起点得分=50；每增得分=10",
            guidance="3名专职人员得50分，每增加1人加10分，最高150分。", binding="数据:staffing.social_workers"),
        row("2.2", 2, "持证社工占比", 50, "程度分", "50%及以上：50分（≥50）\n30%至50%：30分（≥30）\n10%至30%：10分（≥10）\n低于10%：0分",
            binding="数据:staffing.professional_share"),
        row("3", 1, "专业服务", 300, dimension="服务成效", rater=t),
        row("3.1", 2, "服务指标完成", 200),
        row("3.1.1", 3, "服务人次较上年变化", 150, "程度分", "增长：150分\n持平：90分\n下降一次：60分\n下降两次：0分"),
        row("3.1.2", 3, "个案按专业流程结案", 50, binding="规则:R18"),
        row("3.2", 2, "服务质量", 100),
        row("3.2.1", 3, "档案规范", 50, "组合分", "有评估表：12.5分\n有服务计划：12.5分\n有结案记录：25分", "查阅资料"),
        row("3.2.2", 3, "服务对象满意度", 50, "程度分", "95%以上：50分\n90%至95%：40分\n80%至90%：30分\n80%以下：0分", "问卷、电话回访"),
        row("4", 1, "购买方评价", 200, dimension="内部管理", rater=p),
        row("4.1", 2, "合同履行", 100, "扣分", methods="查阅资料、访谈", params="每项扣分=20", guidance="每发现一项未履行扣20分。"),
        row("4.2", 2, "日常管理", 100, "程度分", "好：100分\n较好：70分\n一般：40分\n差：0分", "访谈"),
        row("5", 1, "督导评价", 100, dimension="人员配备", rater=s),
        row("5.1", 2, "督导计划落实", 100, "程度分", "48小时及以上：100分（≥48）\n24至48小时：60分（≥24）\n不足24小时：30分（≥1）\n无：0分",
            binding="数据:staffing.supervision_hours"),
        row("6", 1, "发生重大责任事故或违法违规行为", 0, "一票否决", methods="查阅资料、访谈", dimension="其他", rater=t),
        row("7", 1, "加分项", 50, "加分", methods="查阅资料", dimension="党建", rater=t),
        row("7.1", 2, "党建引领成效突出", 30, "加分", methods="查阅资料"),
        row("7.2", 2, "获市级以上表彰", 30, "加分", methods="查阅资料"),
    ]
    bands = [["5A", 950, "否", None, "是", "是", 100000], ["4A", 900, "否", 950, "是", "是", 80000],
             ["3A", 850, "否", 900, "是", "是", 50000], ["2A", 800, "否", 850, "是", "是", None],
             ["未定级", 0, "是", 800, "是", "否", None]]
    raters = [["third", "第三方评估机构", "评估机构", 0], ["purchaser", "购买方", "区民政局", 0],
              ["supervisor", "督导", "其他", 0]]
    about = [["名称", "社会工作服务站等级评估标准（千分制示例）"], ["发布单位", "广州市民政局"], ["版本", 1], ["满分", 1000],
             ["加分上限", 50], ["评分人方式", "分项评分"], ["说明", "依据公开的社工站评估指标整理，作测试数据。"]]
    write("standard_guangzhou_1000.xlsx", "社会工作服务站等级评估标准（千分制示例）", rows, bands, raters, about)


def jinan():
    rows = [
        row("", 1, "党建引领", 20, dimension="党建"),
        row("", 2, "党组织建设", 10, methods="查阅资料、访谈"),
        row("", 2, "党建活动", 10, "程度分", "每月开展：10分\n每季度开展：6分\n偶尔开展：3分\n未开展：0分"),
        row("", 1, "组织建设", 20, dimension="内部管理"),
        row("", 2, "制度建设", 20),
        row("", 3, "岗位职责", 5, binding="规则:R19"),
        row("", 3, "例会制度", 5, "程度分", "12次及以上：5分（≥12）\n6至11次：3分（≥6）\n1至5次：1分（≥1）\n无：0分",
            binding="数据:staffing.meetings"),
        row("", 3, "财务制度", 10),
        row("", 4, "专账管理", 5, binding="规则:R21"),
        row("", 4, "预算执行", 5, "公式", params="起点=60；起点得分=1；每增=10；每增得分=1",
            guidance="执行率60%得1分，每提高10个百分点加1分，最高5分。", binding="数据:finance.budget_execution"),
        row("", 1, "队伍建设", 20, dimension="人员配备"),
        row("", 2, "专职社工", 15, "公式", params="起点=3；起点得分=5；每增得分=1",
            guidance="3名专职社工得5分，每增加1人加1分，最高15分。", binding="数据:staffing.social_workers"),
        row("", 2, "教育培训", 2, "组合分", "岗前培训：0.5分\n继续教育：0.5分\n专业督导：1分"),
        row("", 2, "人员稳定", 3, "扣分", params="每项扣分=1", guidance="每流失1名专职社工扣1分。"),
        row("", 1, "服务成效", 30, dimension="服务成效"),
        row("", 2, "服务人次变化", 15, "程度分", "增长：15分\n持平：9分\n下降一次：6分\n下降两次：0分"),
        row("", 2, "服务对象人数", 15, "程度分", "200人及以上：15分（≥200）\n100至199人：10分（≥100）\n1至99人：5分（≥1）\n无：0分",
            binding="数据:services.people_served"),
        row("", 1, "社会影响", 10, dimension="社会影响"),
        row("", 2, "媒体报道", 5, "程度分", "省级：5分\n市级：3分\n区级：1分\n无：0分"),
        row("", 2, "群众满意度", 5, "程度分", "90%及以上：5分\n80%至90%：3分\n80%以下：0分", "问卷、电话回访"),
        row("", 1, "一票否决", 0, "一票否决", dimension="其他"),
        row("", 1, "加分项", 5, "加分", dimension="其他"),
        row("", 2, "服务创新", 3, "加分"),
        row("", 2, "获得表彰", 3, "加分"),
    ]
    bands = [["5A", 90, "是", None, "是", "是", 30000], ["4A", 80, "是", 90, "否", "是", 20000],
             ["3A", 70, "是", 80, "否", "是", 10000], ["2A", 60, "是", 70, "否", "是", None],
             ["1A", 50, "是", 60, "否", "是", None], ["无等级", 0, "是", 50, "否", "否", None]]
    raters = [["self", "自评", "自评", 0], ["panel", "评估组", "评估机构", 0], ["committee", "评审委员会", "区民政局", 1]]
    about = [["名称", "社会工作服务站评估指标（百分制示例）"], ["发布单位", "济南市民政局"], ["版本", 2], ["满分", 100],
             ["加分上限", 5], ["评分人方式", "多列评分"], ["说明", "依据公开的社工站评估框架整理，作测试数据。"]]
    write("standard_jinan_100.xlsx", "社会工作服务站评估指标（百分制示例）", rows, bands, raters, about)


if __name__ == "__main__":
    guangzhou()
    jinan()
