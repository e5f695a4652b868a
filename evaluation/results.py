"""The cycle's reading of an assessment's scores through the standard's engine (`evaluation.scoring`).

Every rater types points per leaf indicator (a veto: 1 when triggered, 0 when not); the engine does the rest
(parents, dimensions, bonus caps, vetoes, the band). Who counts:
- the station's own column (`Rater.SELF`) gives the self-assessed total;
- the official result: when the standard declares raters, each of its raters reads the column of its role
  (self, assessor; the district's column, and a rater of another role — purchaser, supervisor — typed in by the
  district, takes the assessor's score where the district has not given its own) and
  the engine weighs the columns or takes the pools as the standard says; a standard without raters takes, per
  indicator, the district's score, else the assessor's.
"""

from dataclasses import dataclass
from decimal import Decimal

from . import scoring
from .models_cycle import Assessment, Rater, Score
from .models_standard import ScoringKind

OFFICIAL = (Rater.DISTRICT, Rater.ASSESSOR)


def fmt(number) -> str:
    """A number of points as people write it: 12, 12.5, 12.25."""
    if number is None:
        return "—"
    text = f"{Decimal(number):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def top_of(indicator) -> Decimal:
    """The most a rater may type for a leaf: its points (a bonus: its cap), 1 for a veto (triggered)."""
    if indicator.kind == ScoringKind.VETO:
        return Decimal(1)
    return scoring.dec(indicator.points)


def leaves(standard_or_tree) -> list:
    tree = standard_or_tree if isinstance(standard_or_tree, scoring.Tree) else scoring.load(standard_or_tree)
    return tree.leaves()


def band_named(standard, name: str):
    if not name:
        return None
    return standard.bands.filter(name=name).first()


def _raw(indicator, value):
    if indicator.kind == ScoringKind.VETO:
        return scoring.Raw(yes=value >= 1)
    return value


def columns(assessment: Assessment, scores=None) -> dict[str, dict[int, Score]]:
    """{rater: {indicator id: Score}} of the assessment (one query unless `scores` is given)."""
    found: dict[str, dict[int, Score]] = {r: {} for r in Rater.values}
    for s in scores if scores is not None else assessment.scores.all():
        found[s.rater][s.indicator_id] = s
    return found


def unscored(assessment: Assessment, *raters, tree=None) -> list[str]:
    """Codes of the leaf indicators that none of `raters` has scored."""
    tree = tree or scoring.load(assessment.evaluation_year.standard)
    have = set(assessment.scores.filter(rater__in=raters).values_list("indicator_id", flat=True))
    return [i.code for i in tree.leaves() if i.pk not in have]


@dataclass
class Outcome:
    total: Decimal | None
    grade: str
    vetoed: bool
    result: object  # scoring.Result


def compute(assessment: Assessment, *, rater: str | None = None, tree=None, scores=None) -> Outcome:
    """The total, grade and veto of the assessment: of one rater's column when `rater` is given, else the
    official result."""
    tree = tree or scoring.load(assessment.evaluation_year.standard)
    cols = columns(assessment, scores)
    by_id = {i.pk: i for i in tree.leaves()}

    def inputs(col: str, only=None) -> dict:
        return {by_id[i].code: _raw(by_id[i], s.value) for i, s in cols[col].items()
                if i in by_id and (only is None or by_id[i].code in only)}

    if rater is not None:
        result = scoring.score(tree, inputs(rater))
    elif tree.raters:
        pools = tree.standard.rater_mode == scoring.RaterMode.POOLS
        per_rater = {}
        for r in tree.raters:
            only = {i.code for i in tree.leaves() if tree.rater_of(i) == r.pk} if pools else None
            if r.role in (Rater.SELF, Rater.ASSESSOR):
                per_rater[r.code] = inputs(r.role, only)
            else:  # the district's column, where it has not scored its assessor's (the district decides)
                per_rater[r.code] = {**inputs(Rater.ASSESSOR, only), **inputs(Rater.DISTRICT, only)}
        result = scoring.score_raters(tree, per_rater)
    else:
        merged = inputs(Rater.ASSESSOR)
        merged.update(inputs(Rater.DISTRICT))
        result = scoring.score(tree, merged)
    return Outcome(total=result.total, grade=result.grade, vetoed=result.vetoed, result=result)
