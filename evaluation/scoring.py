"""The scoring engine of a grading standard (R27): pure functions over a loaded standard.

    tree = scoring.load(standard)                       # 4 queries, then no more
    result = scoring.score(tree, {"1.1.1": Raw(yes=True), "1.1.2": Raw(chosen=(0, 2)), "2.1": Raw(value=5)})
    result.total, result.by_dimension, result.vetoed, result.band           # the grade by the bands
    result = scoring.score_raters(tree, {"self": {...}, "panel": {...}})    # rater columns or point pools
    scoring.suggest(tree, [station], year=2026)         # bound indicators from the figures / report-card seams
    scoring.validate(tree)                              # publishing checks: [Problem(code, message)]

An input per leaf indicator is a `Raw` (what the rater saw: yes/no, the options ticked or chosen, a number, or the
points typed directly) or a plain number (points typed). `indicator_score()` turns one into points; it refuses
(ScoreError, in words) points above the indicator's or below 0 and options that do not exist. Parents' scores are
the sum of their children's (bonus capped); the total is the sum of the roots that count, plus the bonus within
its cap; a triggered veto fails the grade whatever the total.
"""

import itertools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ningbo_sws.lib.compliance import compliance
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.figures import figures

from .models_standard import (
    CODE_PATTERN,
    MAX_LEVEL,
    Binding,
    Dimension,
    GradeBand,
    Indicator,
    RaterMode,
    ScoringKind,
    Standard,
)

CENT = Decimal("0.01")
ZERO = Decimal("0")
_CODE = re.compile(CODE_PATTERN)


class ScoreError(ActionError):
    """A score or an input that the indicator cannot take (refused in words, on the field `score`)."""

    def __init__(self, message, *, code: str = ""):
        super().__init__(message, field="score")
        self.indicator_code = code


def dec(value) -> Decimal:
    """A number as Decimal with 2 places (strings, ints, floats through str); ScoreError when it is not one."""
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise ScoreError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not number.is_finite():
        raise ScoreError(_("“%(value)s” is not a number.") % {"value": value})
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


# --- the loaded standard ----------------------------------------------------------------------------------------
@dataclass
class Tree:
    """A standard with its indicators (in order), children, raters and bands, loaded once."""

    standard: Standard
    indicators: list
    bands: list
    raters: list
    by_code: dict = field(default_factory=dict)
    children: dict = field(default_factory=dict)  # indicator id (None: roots) -> [indicators]

    @property
    def roots(self) -> list:
        return self.children.get(None, [])

    def leaves(self) -> list:
        return [i for i in self.indicators if not self.children.get(i.pk)]

    def is_leaf(self, indicator) -> bool:
        return not self.children.get(indicator.pk)

    def root_of(self, indicator):
        code = indicator.code.split(".")[0]
        return self.by_code.get(code, indicator)

    def dimension_of(self, indicator) -> str:
        """The indicator's own dimension, else its nearest ancestor's, else "other"."""
        node = indicator
        while node is not None:
            if node.dimension:
                return node.dimension
            node = self._parent(node)
        return Dimension.OTHER

    def rater_of(self, indicator):
        """The rater whose pool holds the indicator (pools mode): its own, else its nearest ancestor's."""
        node = indicator
        while node is not None:
            if node.rater_id:
                return node.rater_id
            node = self._parent(node)
        return None

    def _parent(self, indicator):
        if indicator.parent_id is None:
            return None
        return self._by_id[indicator.parent_id]

    def __post_init__(self):
        self._by_id = {i.pk: i for i in self.indicators}
        self.by_code = {i.code: i for i in self.indicators}
        self.children = {}
        for indicator in self.indicators:
            self.children.setdefault(indicator.parent_id, []).append(indicator)


def load(standard: Standard) -> Tree:
    """The standard's tree in 3 queries (indicators, bands, raters)."""
    indicators = list(Indicator.objects.filter(standard=standard).order_by("order", "id"))
    bands = list(GradeBand.objects.filter(standard=standard).order_by("order", "id"))
    raters = list(standard.raters.order_by("order", "id"))
    return Tree(standard=standard, indicators=indicators, bands=bands, raters=raters)


def _tree(standard_or_tree) -> Tree:
    return standard_or_tree if isinstance(standard_or_tree, Tree) else load(standard_or_tree)


# --- one indicator ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Raw:
    """What a rater recorded for one leaf indicator. Give the one that fits the indicator's kind; `points` (typed
    directly) fits every kind but veto."""

    yes: bool | None = None  # yes/no; veto: True = triggered
    chosen: tuple = ()  # option indexes: ticked (sub-checks, deductions, bonus) or the one chosen (graded)
    value: object = None  # the number of a formula, the count of deductions
    points: object = None  # points typed by the rater


def _option_points(indicator, index) -> Decimal:
    options = indicator.options or []
    if not isinstance(index, int) or not 0 <= index < len(options):
        raise ScoreError(_("Indicator %(code)s has no option %(option)s.")
                         % {"code": indicator.code, "option": index}, code=indicator.code)
    return dec(options[index].get("points", 0))


def check_points(indicator, points) -> Decimal:
    """Points typed for `indicator`, refused above its points or below 0."""
    points = dec(points)
    if points < 0:
        raise ScoreError(_("The score of %(code)s cannot be below 0.") % {"code": indicator.code},
                         code=indicator.code)
    if points > dec(indicator.points):
        raise ScoreError(_("The score of %(code)s cannot be above its %(points)s points.")
                         % {"code": indicator.code, "points": dec(indicator.points)}, code=indicator.code)
    return points


def formula_points(indicator, value) -> Decimal:
    """The formula kind on a number: below the threshold `below` (0), else base + whole units over it × per_unit,
    capped at the indicator's points (e.g. 3 staff earn 5, each extra +1, at most 15)."""
    params = indicator.params or {}
    x = dec(value)
    threshold = dec(params.get("threshold", 0))
    if x < threshold:
        return min(dec(params.get("below", 0)), dec(indicator.points))
    unit = dec(params.get("unit", 1)) or Decimal(1)
    steps = Decimal(math.floor((x - threshold) / unit))
    points = dec(params.get("base", 0)) + steps * dec(params.get("per_unit", 0))
    return max(ZERO, min(points, dec(indicator.points)))


def graded_by_value(indicator, value) -> int | None:
    """The index of the option a number reaches: the highest `min` not above the value (None: none reached)."""
    x = dec(value)
    best, best_min = None, None
    for index, option in enumerate(indicator.options or []):
        if option.get("min") in (None, ""):
            continue
        floor = dec(option["min"])
        if x >= floor and (best_min is None or floor > best_min):
            best, best_min = index, floor
    return best


def indicator_score(indicator, raw) -> Decimal:
    """The points of one leaf indicator from a Raw (or a number: points typed). Veto indicators score 0 (their
    effect is `is_vetoed`)."""
    if raw is None:
        return ZERO
    if not isinstance(raw, Raw):
        raw = Raw(points=raw)
    kind = indicator.kind
    full = dec(indicator.points)
    if kind == ScoringKind.VETO:
        return ZERO
    if raw.points is not None and raw.points != "":
        return check_points(indicator, raw.points)
    if kind == ScoringKind.YES_NO:
        return full if raw.yes else ZERO
    if kind == ScoringKind.SUB_CHECKS:
        return min(full, sum((_option_points(indicator, i) for i in set(raw.chosen)), ZERO))
    if kind == ScoringKind.GRADED:
        if not raw.chosen:
            if raw.value is not None:
                index = graded_by_value(indicator, raw.value)
                return ZERO if index is None else min(full, _option_points(indicator, index))
            return ZERO
        if len(raw.chosen) > 1:
            raise ScoreError(_("Choose one option of %(code)s.") % {"code": indicator.code}, code=indicator.code)
        return min(full, _option_points(indicator, raw.chosen[0]))
    if kind == ScoringKind.FORMULA:
        return ZERO if raw.value is None else formula_points(indicator, raw.value)
    if kind == ScoringKind.DEDUCTION:
        off = sum((_option_points(indicator, i) for i in set(raw.chosen)), ZERO)
        if raw.value is not None:
            count = dec(raw.value)
            if count < 0:
                raise ScoreError(_("The number of deductions of %(code)s cannot be below 0.")
                                 % {"code": indicator.code}, code=indicator.code)
            off += count * dec((indicator.params or {}).get("per_item", 0))
        return max(ZERO, full - off)
    if kind == ScoringKind.BONUS:
        if raw.value is not None:
            return check_points(indicator, raw.value)
        return min(full, sum((_option_points(indicator, i) for i in set(raw.chosen)), ZERO))
    raise ScoreError(_("Indicator %(code)s has an unknown scoring kind.") % {"code": indicator.code})


def is_vetoed(indicator, raw) -> bool:
    if indicator.kind != ScoringKind.VETO or raw is None:
        return False
    return bool(raw.yes) if isinstance(raw, Raw) else bool(raw)


# --- the whole standard -----------------------------------------------------------------------------------------
@dataclass
class Result:
    scores: dict  # code -> Decimal, every indicator (parents: sum of children, bonus capped)
    total: Decimal  # base + bonus
    base: Decimal  # the roots that count in the scale
    bonus: Decimal  # within the cap
    by_dimension: dict  # Dimension value -> Decimal, the roots that count (the bonus is apart)
    by_root: dict  # root code -> Decimal
    vetoes: list  # codes of the triggered vetoes
    band: GradeBand | None
    by_rater: dict = field(default_factory=dict)  # rater code -> Decimal (pools: the pool's points; columns: total)

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoes)

    @property
    def grade(self) -> str:
        return self.band.name if self.band is not None else ""


def bonus_cap(tree: Tree) -> Decimal:
    """The standard's cap on bonus points: its own, else the sum of the bonus roots' (and bonus leaves under
    ordinary parents') points."""
    if tree.standard.bonus_cap is not None:
        return dec(tree.standard.bonus_cap)
    return sum((dec(i.points) for i in _bonus_tops(tree)), ZERO)


def _bonus_tops(tree: Tree) -> list:
    """The highest bonus indicators (a bonus indicator under a bonus parent is in its parent)."""
    tops = []
    for indicator in tree.indicators:
        if indicator.kind != ScoringKind.BONUS:
            continue
        parent = tree._parent(indicator)
        if parent is None or parent.kind != ScoringKind.BONUS:
            tops.append(indicator)
    return tops


def grade_for(tree: Tree, total, *, vetoed: bool = False) -> GradeBand | None:
    """The band holding `total` (edges as declared); vetoed: the lowest band that does not pass, else none."""
    if vetoed:
        failing = [b for b in tree.bands if not b.passing]
        return min(failing, key=lambda b: (b.lower is not None, b.lower or ZERO)) if failing else None
    total = dec(total)
    for band in tree.bands:
        if band.contains(total):
            return band
    return None


def score(standard_or_tree, inputs: Mapping[str, object]) -> Result:
    """Score one set of inputs {leaf code: Raw or points}. Inputs for a code that is not a leaf of the standard are
    refused."""
    tree = _tree(standard_or_tree)
    leaves = {i.code for i in tree.leaves()}
    unknown = sorted(set(inputs) - leaves)
    if unknown:
        raise ScoreError(_("%(code)s is not an indicator scored in this standard.") % {"code": unknown[0]},
                         code=unknown[0])
    scores: dict[str, Decimal] = {}
    vetoes = []

    def walk(indicator) -> Decimal:
        kids = tree.children.get(indicator.pk, [])
        if not kids:
            raw = inputs.get(indicator.code)
            if is_vetoed(indicator, raw):
                vetoes.append(indicator.code)
            value = indicator_score(indicator, raw)
        else:
            value = ZERO
            for kid in kids:
                kid_score = walk(kid)
                if kid.kind != ScoringKind.BONUS or indicator.kind == ScoringKind.BONUS:
                    value += kid_score
            if indicator.kind == ScoringKind.BONUS:
                value = min(value, dec(indicator.points))
        scores[indicator.code] = value
        return value

    for root in tree.roots:
        walk(root)
    base = sum((scores[r.code] for r in tree.roots if r.counts_in_total), ZERO)
    bonus = min(bonus_cap(tree), sum((scores[i.code] for i in _bonus_tops(tree)), ZERO))
    by_dimension: dict[str, Decimal] = {}
    for root in tree.roots:
        if root.counts_in_total:
            key = tree.dimension_of(root)
            by_dimension[key] = by_dimension.get(key, ZERO) + scores[root.code]
    total = base + bonus
    vetoes.sort()
    return Result(scores=scores, total=total, base=base, bonus=bonus, by_dimension=by_dimension,
                  by_root={r.code: scores[r.code] for r in tree.roots}, vetoes=vetoes,
                  band=grade_for(tree, total, vetoed=bool(vetoes)))


def score_raters(standard_or_tree, inputs: Mapping[str, Mapping[str, object]]) -> Result:
    """Score {rater code: {leaf code: Raw or points}}. Columns mode: each leaf's final score is the weighted mean of
    the raters with a weight above 0 who scored it; pools mode: each leaf takes the input of the rater whose pool
    holds it (inputs of another rater for it are refused). `by_rater` holds each rater's own total."""
    tree = _tree(standard_or_tree)
    raters = {r.code: r for r in tree.raters}
    unknown = sorted(set(inputs) - set(raters))
    if unknown:
        raise ScoreError(_("%(rater)s is not a rater of this standard.") % {"rater": unknown[0]})
    by_rater = {}
    final: dict[str, object] = {}
    leaves = tree.leaves()
    if tree.standard.rater_mode == RaterMode.POOLS:
        pool_of = {i.code: tree.rater_of(i) for i in leaves}
        for code, rater in raters.items():
            own = inputs.get(code, {})
            for leaf_code in own:
                if leaf_code in pool_of and pool_of[leaf_code] != rater.pk:
                    raise ScoreError(_("%(code)s is not in the pool of %(rater)s.")
                                     % {"code": leaf_code, "rater": rater.name}, code=leaf_code)
            final.update(own)
        result = score(tree, final)
        for code, rater in raters.items():
            by_rater[code] = sum((result.scores[i.code] for i in leaves if pool_of[i.code] == rater.pk), ZERO)
        result.by_rater = by_rater
        return result
    per_rater = {code: score(tree, own) for code, own in inputs.items()}
    weighted = [(code, dec(raters[code].weight)) for code in per_rater if dec(raters[code].weight) > 0]
    for leaf in leaves:
        if leaf.kind == ScoringKind.VETO:
            # a veto stands when any weighted rater triggers it
            final[leaf.code] = Raw(yes=any(leaf.code in per_rater[c].vetoes for c, _w in weighted))
            continue
        parts = [(per_rater[c].scores[leaf.code], w) for c, w in weighted if leaf.code in inputs[c]]
        if parts:
            total_weight = sum((w for _s, w in parts), ZERO)
            final[leaf.code] = dec(sum((s * w for s, w in parts), ZERO) / total_weight)
    result = score(tree, final)
    result.by_rater = {code: r.total for code, r in per_rater.items()}
    return result


# --- suggestions from the seams ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Suggestion:
    """A bound indicator's suggested score for a station-year, with its evidence in words."""

    code: str  # the indicator's code
    points: Decimal
    raw: Raw
    source: str  # the figure or rule code
    value: object = None  # the figure's value, or the Finding
    evidence: str = ""


def bound(tree: Tree) -> list:
    return [i for i in tree.leaves() if i.binding and i.binding_code]


def _raw_from_figure(indicator, value) -> Raw:
    number = value if value is not None else 0
    if indicator.kind == ScoringKind.YES_NO:
        target = (indicator.params or {}).get("target", 1)
        return Raw(yes=dec(number) >= dec(target))
    if indicator.kind == ScoringKind.GRADED:
        index = graded_by_value(indicator, number)
        return Raw(chosen=() if index is None else (index,))
    if indicator.kind == ScoringKind.VETO:
        target = (indicator.params or {}).get("target", 1)
        return Raw(yes=dec(number) < dec(target))
    return Raw(value=number)


def _raw_from_finding(indicator, finding) -> Raw:
    met = bool(finding is not None and finding.met)
    if indicator.kind == ScoringKind.VETO:
        return Raw(yes=not met)
    if indicator.kind == ScoringKind.YES_NO:
        return Raw(yes=met)
    return Raw(points=dec(indicator.points) if met else ZERO)


def suggest(standard_or_tree, stations: Iterable, *, year: int) -> dict[int, dict[str, Suggestion]]:
    """{station id: {indicator code: Suggestion}} of the bound indicators, for `year`: one call of each figure
    and of each report-card rule for all the stations (a fixed number of queries whatever their number)."""
    tree = _tree(standard_or_tree)
    stations = list(stations)
    ids = [s.pk for s in stations]
    chosen = bound(tree)
    figure_codes = sorted({i.binding_code for i in chosen if i.binding == Binding.FIGURE})
    rule_codes = {i.binding_code for i in chosen if i.binding == Binding.RULE}
    values = {code: figures.compute(code, ids, year=year) for code in figure_codes}
    rules = {r.rule_id: r for r in compliance.rules if r.rule_id in rule_codes}
    findings = {code: rule.check(stations, year=year) for code, rule in rules.items()}
    labels = {code: figures.entries[code].label for code in figure_codes if code in figures.entries}
    out: dict[int, dict[str, Suggestion]] = {pk: {} for pk in ids}
    for indicator in chosen:
        for pk in ids:
            if indicator.binding == Binding.FIGURE:
                if indicator.binding_code not in labels:
                    continue
                value = values[indicator.binding_code].get(pk)
                raw = _raw_from_figure(indicator, value)
                evidence = _("%(figure)s: %(value)s") % {"figure": labels[indicator.binding_code],
                                                           "value": "—" if value is None else value}
            else:
                if indicator.binding_code not in rules:
                    continue
                value = findings[indicator.binding_code].get(pk)
                raw = _raw_from_finding(indicator, value)
                evidence = (f"{indicator.binding_code} {rules[indicator.binding_code].title}: "
                            f"{value.reason if value is not None else _('not recorded')}")
            out[pk][indicator.code] = Suggestion(code=indicator.code, points=indicator_score(indicator, raw),
                                                 raw=raw, source=indicator.binding_code, value=value,
                                                 evidence=evidence)
    return out


# --- publishing checks ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    code: str  # the indicator's code or band's name ("" for the standard)
    message: str


def validate(standard_or_tree) -> list[Problem]:
    """What stops the standard from being published, in words: codes unique and well formed (levels 1–4, each code
    under its parent's), parents' points equal to their children's, the roots equal to the scale, options and
    parameters that fit the kind, bindings to codes that exist, bands without gaps or overlaps from 0 to the top."""
    return check_tree(_tree(standard_or_tree))


def _check_indicator(tree: Tree, indicator, problems: list) -> None:
    code = indicator.code
    say = problems.append
    parent = tree._parent(indicator)
    if parent is not None and (not code.startswith(parent.code + ".")
                               or code.count(".") != parent.code.count(".") + 1):
        say(Problem(code, _("%(code)s is not a code under its parent %(parent)s.")
                    % {"code": code, "parent": parent.code}))
    if parent is None and "." in code:
        say(Problem(code, _("%(code)s has no parent indicator.") % {"code": code}))
    points = dec(indicator.points)
    if points < 0:
        say(Problem(code, _("The points of %(code)s cannot be below 0.") % {"code": code}))
    if not indicator.title.strip():
        say(Problem(code, _("Indicator %(code)s has no title.") % {"code": code}))
    kids = tree.children.get(indicator.pk, [])
    if kids:
        counted = [k for k in kids if k.counts_in_total or indicator.kind == ScoringKind.BONUS]
        if indicator.kind == ScoringKind.BONUS:
            counted = [k for k in kids if k.kind == ScoringKind.BONUS]
            if len(counted) != len(kids):
                say(Problem(code, _("Bonus indicator %(code)s may hold only bonus indicators.") % {"code": code}))
            return  # a bonus parent's points are the cap of its children: they may add up to more
        total = sum((dec(k.points) for k in counted), ZERO)
        if total != points:
            say(Problem(code, _("%(code)s has %(points)s points but its indicators add up to %(sum)s.")
                        % {"code": code, "points": points, "sum": total}))
        return
    options = indicator.options or []
    kind = indicator.kind
    try:
        option_points = [dec(o.get("points", 0)) for o in options]
    except (ScoreError, AttributeError):
        say(Problem(code, _("The options of %(code)s are not in the form label and points.") % {"code": code}))
        return
    if kind in (ScoringKind.SUB_CHECKS, ScoringKind.GRADED) and not options:
        say(Problem(code, _("Indicator %(code)s needs its options.") % {"code": code}))
    if any(not str(o.get("label", "")).strip() for o in options):
        say(Problem(code, _("Every option of %(code)s needs a label.") % {"code": code}))
    if any(p < 0 for p in option_points):
        say(Problem(code, _("The options of %(code)s cannot have points below 0.") % {"code": code}))
    if kind == ScoringKind.SUB_CHECKS and sum(option_points, ZERO) != points:
        say(Problem(code, _("The sub-checks of %(code)s add up to %(sum)s, not its %(points)s points.")
                    % {"code": code, "sum": sum(option_points, ZERO), "points": points}))
    if kind == ScoringKind.GRADED and options and max(option_points) != points:
        say(Problem(code, _("The best option of %(code)s gives %(best)s, not its %(points)s points.")
                    % {"code": code, "best": max(option_points), "points": points}))
    if kind in (ScoringKind.GRADED, ScoringKind.SUB_CHECKS, ScoringKind.DEDUCTION) and any(
            p > points for p in option_points):
        say(Problem(code, _("An option of %(code)s gives more than its %(points)s points.")
                    % {"code": code, "points": points}))
    if kind == ScoringKind.VETO and points != 0:
        say(Problem(code, _("A one-vote veto (%(code)s) carries no points.") % {"code": code}))
    if kind == ScoringKind.FORMULA:
        params = indicator.params or {}
        try:
            unit = dec(params.get("unit", 1))
            for key in ("threshold", "base", "per_unit", "below"):
                dec(params.get(key, 0))
        except ScoreError:
            say(Problem(code, _("The formula of %(code)s has a parameter that is not a number.") % {"code": code}))
        else:
            if unit <= 0:
                say(Problem(code, _("The unit of the formula of %(code)s must be above 0.") % {"code": code}))
    if indicator.binding == Binding.FIGURE and indicator.binding_code not in figures.entries:
        say(Problem(code, _("%(code)s is bound to the figure %(figure)s, which does not exist.")
                    % {"code": code, "figure": indicator.binding_code}))
    if indicator.binding == Binding.RULE and indicator.binding_code not in {r.rule_id for r in compliance.rules}:
        say(Problem(code, _("%(code)s is bound to the report-card rule %(rule)s, which does not exist.")
                    % {"code": code, "rule": indicator.binding_code}))
    if indicator.binding and not indicator.binding_code:
        say(Problem(code, _("%(code)s is bound but names no code.") % {"code": code}))


def _check_bands(tree: Tree, problems: list) -> None:
    say = problems.append
    bands = tree.bands
    if not bands:
        say(Problem("", _("The standard has no grade bands.")))
        return
    names = [b.name for b in bands]
    for name in sorted({n for n in names if names.count(n) > 1}):
        say(Problem(name, _("The grade %(grade)s appears twice.") % {"grade": name}))
    for band in bands:
        if band.lower is not None and band.upper is not None and (
                band.lower > band.upper or (band.lower == band.upper and not (band.lower_inclusive
                                                                             and band.upper_inclusive))):
            say(Problem(band.name, _("The grade %(grade)s holds no score: its lower edge is not below its upper "
                                     "edge.") % {"grade": band.name}))
            return
    ordered = sorted(bands, key=lambda b: (b.lower is not None, b.lower if b.lower is not None else ZERO))
    low = ordered[0]
    if low.lower is not None and (low.lower > 0 or (low.lower == 0 and not low.lower_inclusive)):
        say(Problem(low.name, _("No grade holds the scores from 0 up to %(edge)s.") % {"edge": dec(low.lower)}))
    for below, above in itertools.pairwise(ordered):
        if below.upper is None or above.lower is None:
            say(Problem(above.name, _("The grades %(a)s and %(b)s overlap.") % {"a": below.name, "b": above.name}))
            continue
        if below.upper < above.lower or (below.upper == above.lower and not below.upper_inclusive
                                         and not above.lower_inclusive):
            say(Problem(above.name, _("There is a gap between the grades %(a)s and %(b)s at %(edge)s.")
                        % {"a": below.name, "b": above.name, "edge": dec(below.upper)}))
        elif below.upper > above.lower or (below.upper_inclusive and above.lower_inclusive):
            say(Problem(above.name, _("The grades %(a)s and %(b)s overlap at %(edge)s.")
                        % {"a": below.name, "b": above.name, "edge": dec(above.lower)}))
    top = ordered[-1]
    scale = Decimal(tree.standard.scale)
    if top.upper is not None and (top.upper < scale or (top.upper == scale and not top.upper_inclusive)):
        say(Problem(top.name, _("No grade holds a total of %(scale)s.") % {"scale": scale}))


def check_tree(tree: Tree) -> list[Problem]:
    """The checks of `validate` on a loaded tree."""
    problems: list[Problem] = []
    codes = [i.code for i in tree.indicators]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(Problem(code, _("The code %(code)s appears twice.") % {"code": code}))
    for indicator in tree.indicators:
        if not _CODE.match(indicator.code or ""):
            problems.append(Problem(indicator.code, _("“%(code)s” is not a code like 1.2.3 (at most %(levels)s "
                                                      "levels).") % {"code": indicator.code,
                                                                     "levels": MAX_LEVEL}))
            continue
        _check_indicator(tree, indicator, problems)
    if not tree.roots:
        problems.append(Problem("", _("The standard has no indicators.")))
    roots = sum((dec(r.points) for r in tree.roots if r.counts_in_total), ZERO)
    if tree.roots and roots != tree.standard.scale:
        problems.append(Problem("", _("The indicators add up to %(sum)s points, not the scale of %(scale)s.")
                                % {"sum": roots, "scale": tree.standard.scale}))
    if tree.standard.rater_mode == RaterMode.POOLS:
        if not tree.raters:
            problems.append(Problem("", _("A standard with point pools needs its raters.")))
        for leaf in tree.leaves():
            if tree.rater_of(leaf) is None:
                problems.append(Problem(leaf.code, _("%(code)s is in no rater's pool.") % {"code": leaf.code}))
    elif tree.raters and not any(dec(r.weight) > 0 for r in tree.raters):
        problems.append(Problem("", _("At least one rater's column must have a weight above 0.")))
    _check_bands(tree, problems)
    return problems
