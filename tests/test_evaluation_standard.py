"""R27: the city's grading standard — the indicator tree, the scoring kinds, the bands, the raters, the bindings to
figures and report-card rules, publishing checks, immutability, .xlsx import/export round-trip, the default
standard, the city pages. Expected values are written out from the tables, not read from the code."""

import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from evaluation import actions_standard as actions
from evaluation import default_standard, scoring, sheets_standard
from evaluation.models_standard import GradeBand, Indicator, Standard
from evaluation.scoring import Raw, ScoreError
from ningbo_sws.lib.compliance import compliance
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.figures import figures

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
GUANGZHOU, JINAN = "standard_guangzhou_1000.xlsx", "standard_jinan_100.xlsx"


def city(world):
    return world.users["city"]


def imported(world, name) -> Standard:
    return actions.import_standard(actor=city(world), data=(DATA / name).read_bytes(), filename=name, reason="导入")


def small(world, *, scale=100, bands=None, rows=None, bonus_cap=None) -> Standard:
    """A tiny standard: 1 (60) = 1.1 yes/no 20 + 1.2 graded 40; 2 formula 40; 3 veto; 4 bonus 5 (4.1 3, 4.2 4)."""
    standard = actions.create_standard(actor=city(world), reason="测试", name="测试标准", issuer="测试局", scale=scale,
                                       bonus_cap=bonus_cap)
    for values in rows or [
        {"code": "1", "title": "一", "points": D(60)},
        {"code": "1.1", "title": "是否", "points": D(20)},
        {"code": "1.2", "title": "程度", "points": D(40), "kind": "graded",
         "options": [{"label": "好", "points": "40"}, {"label": "中", "points": "25"}, {"label": "差", "points": "0"}]},
        {"code": "2", "title": "公式", "points": D(40), "kind": "formula",
         "params": {"threshold": "3", "base": "20", "per_unit": "5"}},
        {"code": "3", "title": "否决", "points": D(0), "kind": "veto"},
        {"code": "4", "title": "加分", "points": D(5), "kind": "bonus"},
        {"code": "4.1", "title": "加分一", "points": D(3), "kind": "bonus"},
        {"code": "4.2", "title": "加分二", "points": D(4), "kind": "bonus"},
    ]:
        actions.save_indicator(actor=city(world), standard=standard, reason="测试", **values)
    actions.save_bands(actor=city(world), standard=standard, reason="测试", bands=bands or [
        {"name": "优秀", "lower": D(90), "lower_inclusive": True, "upper": None, "passing": True},
        {"name": "合格", "lower": D(60), "lower_inclusive": True, "upper": D(90), "upper_inclusive": False},
        {"name": "不合格", "lower": D(0), "upper": D(60), "upper_inclusive": False, "passing": False},
    ])
    return standard


def messages_of(standard) -> list[str]:
    with translation.override("en"):
        return [p.message for p in scoring.validate(standard)]


# --- publishing checks -------------------------------------------------------------------------------------------
def test_r27_a_well_formed_draft_passes_every_check_and_publishes(world):
    standard = small(world)
    assert messages_of(standard) == []
    actions.publish_standard(actor=city(world), standard=standard, reason="发布")
    standard.refresh_from_db()
    assert standard.status == "published" and standard.published_at is not None


def test_r27_a_parent_whose_children_disagree_is_refused_in_words_and_stays_draft(world):
    standard = small(world)
    Indicator.objects.filter(standard=standard, code="1.1").update(points=D(15))
    assert messages_of(standard) == ["1 has 60.00 points but its indicators add up to 55.00."]
    Indicator.objects.filter(standard=standard, code="2").update(points=D(35))
    assert messages_of(standard) == ["1 has 60.00 points but its indicators add up to 55.00.",
                                     "The indicators add up to 95.00 points, not the scale of 100."]
    with translation.override("en"), pytest.raises(ActionError, match=r"cannot be published: 1 has 60.00 points"):
        actions.publish_standard(actor=city(world), standard=standard, reason="发布")
    standard.refresh_from_db()
    assert standard.status == "draft" and standard.published_at is None


@pytest.mark.parametrize(("bands", "expected"), [
    # a gap: 80 belongs to neither band
    ([("A", 80, False, None, True), ("B", 0, True, 80, False)],
     ["There is a gap between the grades B and A at 80.00."]),
    # an overlap: 80 belongs to both
    ([("A", 80, True, None, True), ("B", 0, True, 80, True)], ["The grades B and A overlap at 80.00."]),
    ([("A", 70, True, None, True), ("B", 0, True, 80, False)], ["The grades B and A overlap at 70.00."]),
    # scores from 0 up to 10 have no grade; 100 has none
    ([("A", 50, True, 99, True), ("B", 10, True, 50, False)],
     ["No grade holds the scores from 0 up to 10.00.", "No grade holds a total of 100."]),
    ([("A", 50, True, None, True), ("A", 0, True, 50, False)], ["The grade A appears twice."]),
])
def test_r27_bands_with_gaps_or_overlaps_are_refused(world, bands, expected):
    tree = scoring.load(small(world))
    tree.bands = [GradeBand(name=n, lower=D(lo), lower_inclusive=li, upper=None if up is None else D(up),
                            upper_inclusive=ui) for n, lo, li, up, ui in bands]
    with translation.override("en"):
        assert [p.message for p in scoring.check_tree(tree)] == expected


def test_r27_bands_are_checked_from_the_database_when_publishing(world):
    standard = small(world)
    GradeBand.objects.filter(standard=standard, name="合格").update(lower=D(61))
    with translation.override("en"), pytest.raises(ActionError, match="gap between the grades 不合格 and 合格 at 60"):
        actions.publish_standard(actor=city(world), standard=standard, reason="发布")
    assert Standard.objects.get(pk=standard.pk).status == "draft"


def test_r27_codes_must_be_unique_and_well_formed(world):
    standard = small(world)
    with translation.override("en"):
        with pytest.raises(ActionError, match=r"The code 1.1 is taken"):
            actions.save_indicator(actor=city(world), standard=standard, reason="测试", code="1.1", title="重复",
                                   points=D(1))
        with pytest.raises(ValidationError, match=r"such as 1.2.3"):
            actions.save_indicator(actor=city(world), standard=standard, reason="测试", code="1.a", title="坏",
                                   points=D(1))
        with pytest.raises(ActionError, match=r"There is no indicator 9 to hold 9.1"):
            actions.save_indicator(actor=city(world), standard=standard, reason="测试", code="9.1", title="孤",
                                   points=D(1))
        with pytest.raises(ValidationError, match=r"such as 1.2.3"):
            actions.save_indicator(actor=city(world), standard=standard, reason="测试", code="1.1.1.1.1",
                                   title="五级", points=D(1))
    assert standard.indicators.count() == 8


def test_r27_options_that_do_not_fit_their_kind_are_refused(world):
    standard = small(world)
    Indicator.objects.filter(standard=standard, code="1.2").update(
        options=[{"label": "好", "points": "30"}, {"label": "差", "points": "0"}])
    Indicator.objects.filter(standard=standard, code="3").update(points=D(2))
    assert messages_of(standard) == ["The best option of 1.2 gives 30.00, not its 40.00 points.",
                                     "A one-vote veto (3) carries no points."]


def test_r27_a_binding_to_a_code_no_app_registered_is_refused(world):
    standard = small(world)
    Indicator.objects.filter(standard=standard, code="1.1").update(binding="figure", binding_code="nothing.here")
    Indicator.objects.filter(standard=standard, code="2").update(binding="rule", binding_code="R99")
    assert messages_of(standard) == [
        "1.1 is bound to the figure nothing.here, which does not exist.",
        "2 is bound to the report-card rule R99, which does not exist.",
    ]


# --- immutability and who may author --------------------------------------------------------------------------
def test_r27_a_published_standard_cannot_be_changed_by_action_or_model(world):
    standard = small(world)
    actions.publish_standard(actor=city(world), standard=standard, reason="发布")
    indicator = standard.indicators.get(code="1.1")
    with translation.override("en"):
        for attempt in (
            lambda: actions.save_indicator(actor=city(world), standard=standard, indicator=indicator, reason="改",
                                           title="改过"),
            lambda: actions.delete_indicator(actor=city(world), indicator=indicator, reason="删"),
            lambda: actions.save_bands(actor=city(world), standard=standard, bands=[], reason="改"),
            lambda: actions.update_standard(actor=city(world), standard=standard, reason="改", name="新名"),
            lambda: Indicator.objects.get(pk=indicator.pk).save(),
            lambda: Indicator.objects.get(pk=indicator.pk).delete(),
        ):
            with pytest.raises(ActionError, match="cannot be changed; make a new version"):
                attempt()
        renamed = Standard.objects.get(pk=standard.pk)
        renamed.name = "偷改"
        with pytest.raises(ActionError, match="cannot be changed"):
            renamed.save()
    assert Standard.objects.get(pk=standard.pk).name == "测试标准"
    assert standard.indicators.get(code="1.1").title == "是否"
    # a change is a new version: a draft copy numbered next, the original untouched
    copy = actions.new_version(actor=city(world), standard=standard, reason="修订")
    assert (copy.version, copy.status, copy.based_on_id) == (2, "draft", standard.pk)
    assert [i.code for i in scoring.load(copy).indicators] == [i.code for i in scoring.load(standard).indicators]
    actions.save_indicator(actor=city(world), standard=copy, indicator=copy.indicators.get(code="1.1"), reason="改",
                           title="改过")
    assert standard.indicators.get(code="1.1").title == "是否"


def test_r27_only_the_city_authors_standards(world):
    standard = small(world)
    for persona in ("district", "township", "auditor", "assessor"):
        with pytest.raises(PermissionDenied):
            actions.publish_standard(actor=world.users[persona], standard=standard, reason="发布")
        with pytest.raises(PermissionDenied):
            actions.create_standard(actor=world.users[persona], reason="x", name="x", issuer="x")
    assert Standard.objects.get(pk=standard.pk).status == "draft"


def test_r27_retired_after_published_only(world):
    standard = small(world)
    with translation.override("en"), pytest.raises(ActionError, match="cannot go from “draft” to “retired”"):
        actions.retire_standard(actor=city(world), standard=standard, reason="停用")
    actions.publish_standard(actor=city(world), standard=standard, reason="发布")
    actions.retire_standard(actor=city(world), standard=standard, reason="停用")
    assert Standard.objects.get(pk=standard.pk).status == "retired"


# --- the engine -----------------------------------------------------------------------------------------------
def test_r27_scores_totals_dimensions_and_grade_of_one_rater(world):
    standard = small(world)
    Indicator.objects.filter(standard=standard, code="1").update(dimension="basic")
    Indicator.objects.filter(standard=standard, code="2").update(dimension="staffing")
    result = scoring.score(standard, {"1.1": Raw(yes=True), "1.2": Raw(chosen=(1,)), "2": Raw(value=5)})
    # 20 + 25 = 45; formula: 3 earn 20, +5 per unit above: 5 → 30
    assert result.scores["1"] == D("45.00") and result.scores["2"] == D("30.00")
    assert (result.base, result.bonus, result.total) == (D("75.00"), D(0), D("75.00"))
    assert result.by_dimension == {"basic": D("45.00"), "staffing": D("30.00")}
    assert result.grade == "合格" and not result.vetoed


def test_r27_formula_three_staff_earn_five_each_extra_one_capped_at_fifteen(world):
    standard = small(world, rows=[
        {"code": "1", "title": "专职社工", "points": D(15), "kind": "formula",
         "params": {"threshold": "3", "base": "5", "per_unit": "1"}},
        {"code": "2", "title": "其他", "points": D(85)},
    ])
    one = scoring.load(standard).by_code["1"]
    expected = {0: 0, 2: 0, 3: 5, 4: 6, 10: 12, 13: 15, 14: 15, 40: 15}
    assert {n: scoring.indicator_score(one, Raw(value=n)) for n in expected} == {n: D(v) for n, v in expected.items()}


def test_r27_graded_sub_checks_and_deductions(world):
    standard = small(world, rows=[
        {"code": "1", "title": "程度分", "points": D(15), "kind": "graded",
         "options": [{"label": "增长", "points": "15"}, {"label": "持平", "points": "9"},
                     {"label": "下降一次", "points": "6"}, {"label": "下降两次", "points": "0"}]},
        {"code": "2", "title": "组合分", "points": D(2), "kind": "sub_checks",
         "options": [{"label": "甲", "points": "0.5"}, {"label": "乙", "points": "0.5"},
                     {"label": "丙", "points": "1"}]},
        {"code": "3", "title": "扣分", "points": D(5), "kind": "deduction", "params": {"per_item": "2"},
         "options": [{"label": "严重", "points": "3"}]},
        {"code": "4", "title": "其他", "points": D(78)},
    ])
    tree = scoring.load(standard)
    graded, sub, deduction = (tree.by_code[c] for c in "123")
    assert [scoring.indicator_score(graded, Raw(chosen=(i,))) for i in range(4)] == [D(15), D(9), D(6), D(0)]
    assert scoring.indicator_score(sub, Raw(chosen=(0, 1))) == D("1.00")
    assert scoring.indicator_score(sub, Raw(chosen=(0, 1, 2))) == D("2.00")
    assert [scoring.indicator_score(deduction, Raw(value=n)) for n in (0, 1, 2, 3)] == [D(5), D(3), D(1), D(0)]
    assert scoring.indicator_score(deduction, Raw(value=1, chosen=(0,))) == D(0)
    with translation.override("en"), pytest.raises(ScoreError, match="Choose one option of 1"):
        scoring.indicator_score(graded, Raw(chosen=(0, 1)))
    with translation.override("en"), pytest.raises(ScoreError, match="has no option 7"):
        scoring.indicator_score(sub, Raw(chosen=(7,)))


@pytest.mark.parametrize("points", ["20.01", "-0.5", "abc", "NaN", "Infinity"])
def test_r27_a_score_above_the_points_or_below_zero_is_refused(world, points):
    standard = small(world)
    with translation.override("en"), pytest.raises(ScoreError):
        scoring.score(standard, {"1.1": points})
    with pytest.raises(ScoreError):
        scoring.score(standard, {"1": "10"})  # a parent is not scored: its children are


def test_r27_a_veto_fails_the_grade_whatever_the_total(world):
    standard = small(world)
    full = {"1.1": Raw(yes=True), "1.2": Raw(chosen=(0,)), "2": Raw(value=10), "4.1": Raw(value=3)}
    assert scoring.score(standard, full).grade == "优秀"
    vetoed = scoring.score(standard, {**full, "3": Raw(yes=True)})
    assert vetoed.total == D("103.00") and vetoed.vetoes == ["3"]
    assert vetoed.grade == "不合格"  # the lowest band that does not pass


def test_r27_bonus_caps_hold_per_indicator_per_parent_and_per_standard(world):
    standard = small(world)  # 4 (cap 5) holds 4.1 (cap 3) and 4.2 (cap 4)
    base = {"1.1": Raw(yes=True), "1.2": Raw(chosen=(0,)), "2": Raw(value=3)}  # 20 + 40 + 20 = 80
    with pytest.raises(ScoreError):
        scoring.score(standard, {**base, "4.1": Raw(value=4)})  # above its own cap
    both = scoring.score(standard, {**base, "4.1": Raw(value=3), "4.2": Raw(value=4)})
    assert (both.scores["4"], both.bonus, both.total) == (D(5), D(5), D("85.00"))
    capped = small(world, bonus_cap=D(2))
    other = scoring.score(capped, {**base, "4.1": Raw(value=3)})
    assert (other.bonus, other.total) == (D(2), D("82.00"))


def test_r27_grades_follow_the_bands_exactly_at_every_edge(world):
    gz, jn = scoring.load(imported(world, GUANGZHOU)), scoring.load(imported(world, JINAN))
    # 5A > 950, 4A (900, 950], 3A (850, 900], 2A (800, 850], 未定级 up to 800 (1,000 points)
    edges_gz = {"1000": "5A", "950.01": "5A", "950": "4A", "900.01": "4A", "900": "3A", "850.01": "3A",
                "850": "2A", "800.01": "2A", "800": "未定级", "0": "未定级"}
    assert {t: scoring.grade_for(gz, D(t)).name for t in edges_gz} == edges_gz
    # 5A ≥ 90, 4A [80, 90), 3A [70, 80), 2A [60, 70), 1A [50, 60), below 50 no grade (100 points)
    edges_jn = {"100": "5A", "90": "5A", "89.99": "4A", "80": "4A", "79.99": "3A", "70": "3A", "69.99": "2A",
                "60": "2A", "59.99": "1A", "50": "1A", "49.99": "无等级", "0": "无等级"}
    assert {t: scoring.grade_for(jn, D(t)).name for t in edges_jn} == edges_jn


def test_r27_rater_columns_are_weighted_and_the_self_score_stands_beside(world):
    jn = scoring.load(imported(world, JINAN))  # self 0, panel 0, committee 1
    leaves = [i.code for i in jn.leaves()]
    full = {code: jn.by_code[code].points for code in leaves if jn.by_code[code].kind not in ("veto", "bonus")}
    low = {code: D(0) for code in full}
    result = scoring.score_raters(jn, {"self": full, "panel": full, "committee": low})
    assert result.total == D(0) and result.by_rater == {"self": D(100), "panel": D(100), "committee": D(0)}
    assert result.grade == "无等级"


def test_r27_point_pools_add_up_and_a_rater_may_not_score_another_pool(world):
    gz = scoring.load(imported(world, GUANGZHOU))  # third 700, purchaser 200, supervisor 100
    pools = {r.code: [i.code for i in gz.leaves() if gz.rater_of(i) == r.pk] for r in gz.raters}
    assert pools["purchaser"] == ["4.1", "4.2"] and pools["supervisor"] == ["5.1"]
    inputs = {code: {c: gz.by_code[c].points for c in codes if gz.by_code[c].kind not in ("veto", "bonus")}
              for code, codes in pools.items()}
    result = scoring.score_raters(gz, inputs)
    assert result.by_rater == {"third": D(700), "purchaser": D(200), "supervisor": D(100)}
    assert result.total == D(1000) and result.grade == "5A"
    with translation.override("en"), pytest.raises(ScoreError, match=r"5.1 is not in the pool of 购买方"):
        scoring.score_raters(gz, {"purchaser": {"5.1": D(10)}})


# --- import and export ------------------------------------------------------------------------------------------
def cells(data: bytes) -> dict:
    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


@pytest.mark.parametrize("name", [GUANGZHOU, JINAN])
def test_r27_other_cities_tables_import_and_round_trip_exactly(world, name):
    first = imported(world, name)
    tree = scoring.load(first)
    assert scoring.validate(tree) == []
    exported = sheets_standard.workbook_bytes(tree)
    again = actions.import_standard(actor=city(world), data=exported, filename="again.xlsx", reason="再导入")
    assert again.version == first.version + 1  # the file's version is taken: the next
    second = sheets_standard.workbook_bytes(scoring.load(again))
    one, two = cells(exported), cells(second)
    assert one["指标"][1:] == two["指标"][1:]  # the title row names the version
    assert one["等级"] == two["等级"] and one["评分人"] == two["评分人"]
    assert [r for r in one["标准"] if r[0] != "版本"] == [r for r in two["标准"] if r[0] != "版本"]
    fields = ("code", "title", "points", "kind", "options", "params", "methods", "materials", "guidance",
              "dimension", "binding", "binding_code", "order")
    assert [[getattr(i, f) for f in fields] for i in scoring.load(again).indicators] == [
        [getattr(i, f) for f in fields] for i in tree.indicators]


def test_r27_the_jinan_table_without_codes_gets_them_from_its_rows(world):
    tree = scoring.load(imported(world, JINAN))
    assert [i.code for i in tree.indicators] == [
        "1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.1.3.1", "2.1.3.2", "3", "3.1", "3.2", "3.3",
        "4", "4.1", "4.2", "5", "5.1", "5.2", "6", "7", "7.1", "7.2"]
    assert tree.by_code["2.1.3.2"].params == {"threshold": "60", "base": "1", "unit": "10", "per_unit": "1"}
    assert tree.by_code["3.2"].options == [
        {"label": "岗前培训", "points": "0.5"}, {"label": "继续教育", "points": "0.5"},
        {"label": "专业督导", "points": "1"}]
    assert (tree.standard.issuer, tree.standard.version, tree.standard.scale) == ("济南市民政局", 2, 100)


def test_r27_the_default_standard_round_trips_and_publishes(world):
    standard = actions.create_default_standard(actor=city(world), reason="默认")
    tree = scoring.load(standard)
    assert [(r.code, r.title, r.points) for r in tree.roots] == [
        ("1", "基本条件", D(15)), ("2", "内部管理", D(20)), ("3", "人员配备", D(20)), ("4", "服务能力", D(15)),
        ("5", "服务成效", D(20)), ("6", "社会影响", D(10)),
        ("7", "发生重大安全责任事故或违法违纪问题", D(0)), ("8", "加分项", D(5))]
    assert [tree.dimension_of(r) for r in tree.roots[:6]] == [
        "basic", "management", "staffing", "capacity", "performance", "impact"]
    assert scoring.validate(tree) == []
    data = sheets_standard.workbook_bytes(tree)
    again = actions.import_standard(actor=city(world), data=data, filename="default.xlsx", reason="再导入")
    assert cells(sheets_standard.workbook_bytes(scoring.load(again)))["指标"][1:] == cells(data)["指标"][1:]
    actions.publish_standard(actor=city(world), standard=standard, reason="发布")


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda ws: ws.cell(row=4, column=6, value="十五"), "Sheet 指标, row 4, 分值: “十五” is not a number."),
    (lambda ws: ws.cell(row=4, column=7, value="随便"), "Sheet 指标, row 4, 评分方式: “随便” is not one of"),
    (lambda ws: ws.cell(row=5, column=8, value="好15分"), "Sheet 指标, row 5, 评分标准: “好15分” cannot be read."),
    (lambda ws: ws.cell(row=4, column=1, value="1.x"), "Sheet 指标, row 4, 编号: “1.x” is not a code of level 2"),
    (lambda ws: ws.cell(row=4, column=4, value="又一级"), "write the title in exactly one of the columns"),
    (lambda ws: ws.cell(row=4, column=15, value="数据"), "is not 数据:code or 规则:code."),
])
def test_r27_a_workbook_with_a_bad_cell_is_refused_whole_naming_the_cell(world, edit, expected):
    book = load_workbook(DATA / GUANGZHOU)
    edit(book["指标"])
    buffer = io.BytesIO()
    book.save(buffer)
    with translation.override("en"), pytest.raises(ActionError) as caught:
        actions.import_standard(actor=city(world), data=buffer.getvalue(), filename="bad.xlsx", reason="导入")
    assert expected in caught.value.messages[0]
    assert not Standard.objects.exists() and not Indicator.objects.exists()


def test_r27_a_file_that_is_not_a_workbook_is_refused(world):
    with translation.override("en"), pytest.raises(ActionError, match="not an Excel workbook"):
        actions.import_standard(actor=city(world), data=b"PK\x03\x04 not really", filename="x.xlsx", reason="导入")
    with translation.override("en"), pytest.raises(ActionError, match=r"from an Excel workbook \(.xlsx\)"):
        actions.import_standard(actor=city(world), data=b"a,b", filename="x.csv", reason="导入")
    assert not Standard.objects.exists()


def test_r27_options_and_parameters_grammar_reads_what_it_writes():
    options = [{"label": "90%及以上", "points": "3", "min": "90"}, {"label": "增长：较快", "points": "12.5"},
               {"label": "无", "points": "0"}]
    text = sheets_standard.options_text(options)
    assert text == "90%及以上：3分（≥90）\n增长：较快：12.5分\n无：0分"
    assert sheets_standard.parse_options(text) == options
    assert sheets_standard.parse_options("增长:15分\r\n 持平：9 ") == [{"label": "增长", "points": "15"},
                                                                 {"label": "持平", "points": "9"}]
    params = {"threshold": "3", "base": "5", "per_unit": "1"}
    assert sheets_standard.params_text(params) == "起点=3；起点得分=5；每增得分=1"
    assert sheets_standard.parse_params("起点=3；起点得分=5；每增得分=1") == params
    with pytest.raises(ValueError):
        sheets_standard.parse_params("随便=1")


# --- suggestions from the seams --------------------------------------------------------------------------------
def test_r27_bound_indicators_agree_with_the_report_card_and_the_figures(world):
    from tests.staffing_world import make_staffing_records

    make_staffing_records(world, "own")
    standard = actions.create_default_standard(actor=city(world), reason="默认")
    tree = scoring.load(standard)
    stations = [world.station(r) for r in ("own", "sibling", "other")]
    year = compliance_year = 2026
    card = compliance.evaluate(stations, year=compliance_year)
    suggested = scoring.suggest(tree, stations, year=year)
    for station in stations:
        for indicator in scoring.bound(tree):
            suggestion = suggested[station.pk][indicator.code]
            if indicator.binding == "rule":
                met = card[station.pk][indicator.binding_code].met
                assert suggestion.points == (indicator.points if met else 0), (station, indicator.code)
                assert suggestion.source == indicator.binding_code
            else:
                value = figures.compute(indicator.binding_code, [station.pk], year=year).get(station.pk)
                assert suggestion.value == value, (station, indicator.code)
    # the own station has staff: 3.1.1 follows the formula on the headcount (2 earn 4, +2 each, at most 8)
    workers = figures.compute("staffing.social_workers", [stations[0].pk], year=year).get(stations[0].pk) or 0
    assert suggested[stations[0].pk]["3.1.1"].points == (D(0) if workers < 2 else min(D(8), D(4 + 2 * (workers - 2))))


def test_r27_suggestions_cost_the_same_queries_for_one_station_or_three(world):
    standard = actions.create_default_standard(actor=city(world), reason="默认")
    tree = scoring.load(standard)
    with CaptureQueriesContext(connection) as one:
        scoring.suggest(tree, [world.station("own")], year=2026)
    with CaptureQueriesContext(connection) as three:
        scoring.suggest(tree, [world.station(r) for r in ("own", "sibling", "other")], year=2026)
    assert len(one) == len(three)


def test_r27_the_default_standard_binds_what_the_apps_registered():
    rows = default_standard.indicators()
    bound = {r["code"]: r["binding_code"] for r in rows if r["binding"]}
    assert bound["1.1.1"] == "R9.1" and bound["2.2.2"] == "finance.budget_execution"
    assert bound["3.1.1"] == "staffing.social_workers" and bound["4.2.1"] == "R18"
    known = set(figures.entries) | {r.rule_id for r in compliance.rules}
    assert set(bound.values()) <= known


# --- pages ------------------------------------------------------------------------------------------------------
def test_r27_the_city_creates_edits_and_publishes_through_the_pages(world, client_for):
    c = client_for(city(world))
    response = c.post("/evaluation/standards/new/", {"name": "页面标准", "issuer": "宁波市民政局", "scale": "100",
                                                     "rater_mode": "columns", "reason": "新建"})
    standard = Standard.objects.get(name="页面标准")
    assert response.status_code == 302 and response["Location"] == f"/evaluation/standards/{standard.pk}/"
    base = f"/evaluation/standards/{standard.pk}"
    for code, points, kind, options in [("1", "100", "sub_checks", ""), ("1.1", "60", "yes_no", ""),
                                        ("1.2", "40", "graded", "好：40分\n差：0分")]:
        response = c.post(f"{base}/indicators/new/", {"code": code, "title": f"指标{code}", "points": points,
                                                      "kind": kind, "options": options, "reason": "新增"})
        assert response.status_code == 302, response.context["form"].errors
    assert standard.indicators.get(code="1.2").options == [{"label": "好", "points": "40"},
                                                           {"label": "差", "points": "0"}]
    response = c.post(f"{base}/bands/", {
        "bands-TOTAL_FORMS": "2", "bands-INITIAL_FORMS": "0", "reason": "设等级",
        "bands-0-name": "合格", "bands-0-lower": "60", "bands-0-lower_inclusive": "on", "bands-0-passing": "on",
        "bands-1-name": "不合格", "bands-1-lower": "0", "bands-1-lower_inclusive": "on", "bands-1-upper": "60"})
    assert response.status_code == 302
    assert c.get(base + "/").status_code == 200
    response = c.post(f"{base}/publish/", {"reason": "发布"})
    assert response.status_code == 302
    assert Standard.objects.get(pk=standard.pk).status == "published"
    # published: the edit pages send back to the standard, nothing changes
    response = c.post(f"{base}/edit/", {"name": "改名", "issuer": "x", "scale": "100", "rater_mode": "columns",
                                        "reason": "改"})
    assert response.status_code == 302 and Standard.objects.get(pk=standard.pk).name == "页面标准"
    export = c.get(f"{base}/export/")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert cells(export.content)["指标"][2][:6] == ("1", "指标1", None, None, None, 100)


def test_r27_publishing_a_bad_draft_through_the_page_names_the_problem_and_saves_nothing(world, client_for):
    standard = small(world)
    Indicator.objects.filter(standard=standard, code="1.1").update(points=D(15))
    c = client_for(city(world))
    with translation.override("en"):
        page = c.get(f"/evaluation/standards/{standard.pk}/publish/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and len(page.context["problems"]) == 1
    response = c.post(f"/evaluation/standards/{standard.pk}/publish/", {"reason": "发布"})
    assert response.status_code == 200 and response.context["form"].errors
    assert Standard.objects.get(pk=standard.pk).status == "draft"


def test_r27_bad_indicator_input_is_refused_on_the_form_and_nothing_saved(world, client_for):
    standard = small(world)
    c = client_for(city(world))
    response = c.post(f"/evaluation/standards/{standard.pk}/indicators/new/", {
        "code": "5", "title": "坏", "points": "-1", "kind": "graded", "options": "好十五分", "params": "随便=1",
        "reason": "理" * 300})
    assert response.status_code == 200
    assert {"points", "options", "params", "reason"} <= set(response.context["form"].errors)
    response = c.post(f"/evaluation/standards/{standard.pk}/indicators/new/", {
        "code": "1.1", "title": "重复", "points": "1", "kind": "yes_no", "reason": "新增"})
    assert response.status_code == 200 and "code" in response.context["form"].errors
    assert standard.indicators.count() == 8


def test_r27_the_city_imports_a_table_through_the_page(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(city(world))
    upload = SimpleUploadedFile(JINAN, (DATA / JINAN).read_bytes())
    response = c.post("/evaluation/standards/import/", {"file": upload, "reason": "导入"})
    standard = Standard.objects.get(issuer="济南市民政局")
    assert response.status_code == 302 and standard.status == "draft" and standard.indicators.count() == 24
    bad = SimpleUploadedFile("x.xlsx", b"not a workbook")
    response = c.post("/evaluation/standards/import/", {"file": bad, "reason": "导入"})
    assert response.status_code == 200 and response.context["form"].errors
    assert Standard.objects.count() == 1


def test_r27_drafts_are_the_citys_and_the_auditors_published_versions_are_everyones(world, client_for):
    draft = small(world)
    url = f"/evaluation/standards/{draft.pk}/"
    assert {p: client_for(world.users[p]).get(url).status_code for p in
            ("city", "auditor", "district", "worker", "assessor", "nobody")} == {
        "city": 200, "auditor": 200, "district": 404, "worker": 404, "assessor": 404, "nobody": 404}
    actions.publish_standard(actor=city(world), standard=draft, reason="发布")
    assert {p: client_for(world.users[p]).get(url).status_code for p in
            ("city", "auditor", "district", "worker", "assessor", "nobody")} == {
        "city": 200, "auditor": 200, "district": 200, "worker": 200, "assessor": 200, "nobody": 404}
    listing = client_for(world.users["worker"]).get("/evaluation/standards/")
    assert [s.pk for s in listing.context["page"]] == [draft.pk]
    assert client_for(world.users["district"]).get(f"{url}edit/").status_code == 403
    assert client_for(world.users["district"]).post(f"{url}retire/", {"reason": "停用"}).status_code == 403
    assert Standard.objects.get(pk=draft.pk).status == "published"


def test_r27_the_standard_page_costs_the_same_queries_for_eight_or_fifty_indicators(world, client_for):
    standard = small(world)
    c = client_for(city(world))
    url = f"/evaluation/standards/{standard.pk}/"
    c.get(url)  # the content types of the status changes are cached after the first page
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    for n in range(5, 47):
        Indicator.objects.create(standard=standard, code=str(n), title=f"指标{n}", points=0, order=n)
    with CaptureQueriesContext(connection) as many:
        assert c.get(url).status_code == 200
    assert len(many) == len(few) <= 20
    with CaptureQueriesContext(connection) as listing:
        assert c.get("/evaluation/standards/").status_code == 200
    for n in range(10):
        Standard.objects.create(name=f"标准{n}", issuer="测试局")
    with CaptureQueriesContext(connection) as longer:
        assert c.get("/evaluation/standards/").status_code == 200
    assert len(longer) == len(listing) <= 16


@pytest.mark.parametrize("url", ["/evaluation/standards/999999/", "/evaluation/standards/0/export/",
                                 "/evaluation/standards/99999999999999999999999/edit/"])
def test_r27_an_unknown_standard_is_a_404(world, client_for, url):
    assert client_for(city(world)).get(url).status_code == 404


def test_r27_an_indicator_of_another_standard_is_a_404(world, client_for):
    one, two = small(world), small(world)
    other = two.indicators.get(code="1.1")
    assert client_for(city(world)).get(f"/evaluation/standards/{one.pk}/indicators/{other.pk}/").status_code == 404


def test_r27_the_walker_rows_of_the_standard_pages_hold(world, client_for):
    """The permission walker over this part's URL patterns only (the full walk runs in test_permission_walker)."""
    from django.test import Client

    from tests import walker

    entries = [e for e in walker.url_entries() if e.name.startswith("evaluation:standard_")]
    assert len(entries) == 16
    report = walker.walk(world, client_for, Client(), urlconf_entries=entries)
    assert report.failures == [], "\n".join(report.failures)


def test_r27_seed_demo_publishes_the_default_standard_and_every_standard_scores_a_demo_station(world):
    """The demo's published default standard and the two other cities' tables score 南门街道's year from its
    records through the seams: the suggested scores, a total, a grade by the bands."""
    from django.core.management import call_command

    from evaluation.demo_standard import published_default
    from stations.demo import demo_station

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    default = published_default()
    assert default is not None and default.version == 1
    assert Standard.objects.filter(name=default.name).count() == 2  # and a draft version 2
    station = demo_station("nanmen")
    for standard in (default, imported(world, GUANGZHOU), imported(world, JINAN)):
        tree = scoring.load(standard)
        suggested = scoring.suggest(tree, [station], year=2026)[station.pk]
        assert set(suggested) == {i.code for i in scoring.bound(tree)}
        result = scoring.score(tree, {code: s.raw for code, s in suggested.items()})
        assert result.band is not None and 0 <= result.total <= standard.scale
        print(f"{standard}: {len(suggested)} bound indicators suggest {result.total} points, grade {result.grade}")



def test_the_sheet_reader_reads_a_named_sheet_and_refuses_a_missing_one():
    from ningbo_sws.lib import sheets

    data = (DATA / JINAN).read_bytes()
    table = sheets.read_table(data, JINAN, {"name": ("等级",), "lower": ("下限",)}, {"name"}, sheet="等级")
    assert [(r.text("name"), r.text("lower")) for r in table.rows][:2] == [("5A", "90"), ("4A", "80")]
    first = sheets.read_table(data, JINAN, {"title": ("一级指标",)}, {"title"})  # the first sheet, as before
    assert first.rows[0].text("title") == "党建引领"
    with translation.override("en"), pytest.raises(sheets.SheetError, match="no sheet named “评分”"):
        sheets.read_table(data, JINAN, {"name": ("等级",)}, {"name"}, sheet="评分")
