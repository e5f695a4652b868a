"""Reads of the evaluation year, scoped to a principal, in a fixed number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from ningbo_sws.lib.records import records as record_sources
from stations.models import Role

from . import results, scoring
from .access_cycle import ASSESSMENT_POLICY
from .models_cycle import Assessment, Evidence, Rater, Rectification

# a difference from the self-score worth a second look: at least this share of the indicator's points
DIFFERENCE_SHARE = Decimal("0.2")


@dataclass
class EvidenceRow:
    evidence: Evidence
    label: str  # the source's label and the record's number, or the file's name
    title: str = ""  # the record's own title: for the station's people only (it may name a person)
    url: str = ""


@dataclass
class Row:
    indicator: object
    level: int
    leaf: bool
    self_value: Decimal | None = None
    assessor_value: Decimal | None = None
    district_value: Decimal | None = None
    final: Decimal | None = None
    comments: list = field(default_factory=list)
    suggestion: object = None
    evidence: list = field(default_factory=list)

    @property
    def differs(self) -> bool:
        """The official score is far from the station's own (R28: differences highlighted)."""
        if self.self_value is None or self.final is None or not self.leaf:
            return False
        points = results.top_of(self.indicator)
        return abs(self.final - self.self_value) >= max(points * DIFFERENCE_SHARE, Decimal("0.01"))


def sees_record_titles(p, assessment) -> bool:
    """Only the station's own people read its records' titles; the bureaus and the assessor see source and
    number (de-identified: no names, no ID numbers)."""
    return p.can_station("self", assessment.station, policy=ASSESSMENT_POLICY)


def evidence_rows(p, assessment, evidence) -> dict[int, list[EvidenceRow]]:
    """{indicator id: [EvidenceRow]}; for the station's people, one query per record source used."""
    titles = {}
    if sees_record_titles(p, assessment):
        wanted: dict[str, set[int]] = {}
        for e in evidence:
            if e.source_code:
                wanted.setdefault(e.source_code, set()).add(e.object_id)
        for code, ids in wanted.items():
            source = record_sources.get(code)
            if source is None:
                continue
            for record in source.records(p, assessment.station, assessment.year).filter(pk__in=ids):
                entry = source.describe(record)
                titles[(code, record.pk)] = (entry.title, entry.url)
    rows: dict[int, list[EvidenceRow]] = {}
    for e in evidence:
        if e.source_code:
            source = record_sources.get(e.source_code)
            label = f"{source.label if source else e.source_code} #{e.object_id}"
            title, url = titles.get((e.source_code, e.object_id), ("", ""))
        else:
            stored = getattr(e, "file", None)
            label, title, url = (stored.original_name if stored else "—"), "", ""
        rows.setdefault(e.indicator_id, []).append(EvidenceRow(e, label, title, url))
    return rows


@dataclass
class Sheet:
    tree: object
    rows: list
    self_outcome: object
    official: object  # results.Outcome or None when nobody has scored yet
    has_official_scores: bool


def sheet(p, assessment: Assessment, *, with_suggestions: bool = True) -> Sheet:
    """Every indicator of the assessment with each rater's score, the final score, the suggestion of a bound
    indicator and the evidence: about ten queries whatever the number of indicators."""
    tree = scoring.load(assessment.evaluation_year.standard)
    scores = list(assessment.scores.all())
    cols = results.columns(assessment, scores)
    evidence = list(assessment.evidence.select_related("file").order_by("id"))
    by_indicator = evidence_rows(p, assessment, evidence)
    suggestions = {}
    if with_suggestions and scoring.bound(tree):
        suggestions = scoring.suggest(tree, [assessment.station], year=assessment.year).get(assessment.station_id, {})
    self_outcome = results.compute(assessment, rater=Rater.SELF, tree=tree, scores=scores)
    has_official = bool(cols[Rater.DISTRICT] or cols[Rater.ASSESSOR])
    official = results.compute(assessment, tree=tree, scores=scores) if has_official else None
    rows = []
    for indicator in tree.indicators:
        leaf = tree.is_leaf(indicator)

        def value(rater, pk=indicator.pk):
            s = cols[rater].get(pk)
            return s.value if s else None

        row = Row(indicator=indicator, level=indicator.level, leaf=leaf,
                  suggestion=suggestions.get(indicator.code), evidence=by_indicator.get(indicator.pk, []))
        if leaf:
            row.self_value, row.assessor_value, row.district_value = (
                value(Rater.SELF), value(Rater.ASSESSOR), value(Rater.DISTRICT))
            row.comments = [(Rater(r).label, cols[r][indicator.pk].comment) for r in Rater.values
                            if indicator.pk in cols[r] and cols[r][indicator.pk].comment]
        else:
            row.self_value = self_outcome.result.scores.get(indicator.code)
        if official is not None:
            row.final = official.result.scores.get(indicator.code)
        if leaf and indicator.kind == "veto":
            row.final = Decimal(1) if official and indicator.code in official.result.vetoes else (
                Decimal(0) if official else None)
        rows.append(row)
    return Sheet(tree=tree, rows=rows, self_outcome=self_outcome, official=official,
                 has_official_scores=has_official)


def year_table(p, evaluation_year, assessments):
    """The assessments of a year page, with their open rectifications counted (one query)."""
    return assessments.select_related("station__district").annotate(
        open_items=Count("rectifications", filter=~Q(rectifications__status=Rectification.Status.CLOSED))).order_by(
        "station__district__code", "station__name", "pk")


def district_overview(evaluation_year, district_ids):
    """{district id: {status: count}} of the year's assessments in those districts (one query)."""
    rows = (Assessment.objects.filter(evaluation_year=evaluation_year, station__district_id__in=district_ids)
            .values("station__district_id", "status").annotate(n=Count("id")))
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        out.setdefault(row["station__district_id"], {})[row["status"]] = row["n"]
    return out


def station_roles(p) -> bool:
    return p.has_role(Role.TOWNSHIP, Role.WORKER)


@dataclass
class DistrictRow:
    district: object
    stations: int = 0
    submitted: int = 0  # submitted or later
    finalised: int = 0  # finalised or published
    totals: list = field(default_factory=list)
    met: dict = field(default_factory=dict)  # rule id -> stations meeting it
    cells: list = field(default_factory=list)  # [(rule id, percent)] in the rules' order

    @property
    def mean_total(self):
        return (sum(self.totals) / len(self.totals)).quantize(Decimal("0.1")) if self.totals else 0

    def heat(self, rule_ids):
        """(rule id, percent of the district's stations meeting it) in the order of `rule_ids`."""
        return [(r, round(100 * self.met.get(r, 0) / self.stations) if self.stations else 0) for r in rule_ids]


@dataclass
class Dashboard:
    rows: list
    grades: list  # [(grade, count)] in the bands' order
    rule_ids: list
    rules: list


def dashboard(evaluation_year, stations) -> Dashboard:
    """The year's figures per district of `stations`: progress, grades, mean totals, and the report card (every
    registered rule for the year) as the share of stations meeting each rule."""
    from ningbo_sws.lib.compliance import compliance

    done = {Assessment.Status.FINALISED, Assessment.Status.PUBLISHED}
    assessments = {a.station_id: a for a in Assessment.objects.filter(
        evaluation_year=evaluation_year, station__in=[s.pk for s in stations]).only(
        "station_id", "status", "total", "grade")}
    findings = compliance.evaluate(stations, year=evaluation_year.year)
    rules = list(compliance.rules)
    rows: dict[int, DistrictRow] = {}
    band_names = list(evaluation_year.standard.bands.order_by("-order").values_list("name", flat=True))
    grades = dict.fromkeys(band_names, 0)
    for station in stations:
        row = rows.setdefault(station.district_id, DistrictRow(station.district))
        row.stations += 1
        assessment = assessments.get(station.pk)
        if assessment is not None and assessment.status != Assessment.Status.SELF_ASSESSING:
            row.submitted += 1
        if assessment is not None and assessment.status in done:
            row.finalised += 1
            if assessment.total is not None:
                row.totals.append(assessment.total)
            if assessment.grade:
                grades[assessment.grade] = grades.get(assessment.grade, 0) + 1
        for rule_id, finding in findings.get(station.pk, {}).items():
            if finding.met:
                row.met[rule_id] = row.met.get(rule_id, 0) + 1
    for row in rows.values():
        row.cells = row.heat([r.rule_id for r in rules])
    return Dashboard(rows=list(rows.values()), grades=list(grades.items()), rule_ids=[r.rule_id for r in rules],
                     rules=rules)
