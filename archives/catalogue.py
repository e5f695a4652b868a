"""archives: the catalogue part (R22): a station-year's records by category, through the records seam.

`sources_for` is the one entry point of the catalogue, the search index and the yearly bundle: every registered
record source (the other apps' and archives' own uploaded documents) with its records of the station and year
that the principal may see, disposed records left out.

Also here: archives' own record sources (uploaded documents, one per category), the counts per station and
category for the bureaus (`counts`, one query for any number of stations), completeness (`completeness`, the
report-card rule "R22" and the figure `archives.completeness`), and retention (`kept_until`).
See docs/arch-catalogue.md for the choices (thresholds, periods and their basis).
"""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, F, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.records import Category, Entry, RecordFile, RecordSource, records, words
from ningbo_sws.lib.words import join_clauses, join_list

from .models_catalogue import DOCUMENT_CATEGORIES, Disposal, Document

# --- retention (R21, R22) ---------------------------------------------------------------------------------------
# Years a record is kept after the end of the year it is dated in; None: permanently. The periods follow the
# archive rules for documents of public bodies (《机关文件材料归档范围和文书档案保管期限规定》, 国家档案局令第8号:
# permanent, 30 years, 10 years): what says how the station works and what it won (awards and penalties, major
# events, yearly work summaries) is permanent; meeting materials and evaluation reports 30 years; the records of
# single services, people's files, maps, resource lists and publicity 10 years.
RETENTION_YEARS = {
    Category.CASEWORK: 10,
    Category.GROUP_WORK: 10,
    Category.COMMUNITY: 10,
    Category.VISITS: 10,
    Category.RECIPIENT_FILES: 10,
    Category.VOLUNTEER_FILES: 10,
    Category.NEEDS_SURVEYS: 10,
    Category.EVALUATION_REPORTS: 30,
    Category.COMMUNITY_MAP: 10,
    Category.RESOURCE_LIST: 10,
    Category.AWARDS: None,
    Category.PUBLICITY: 10,
    Category.MAJOR_EVENTS: None,
    Category.MEETINGS: 30,
    Category.SUMMARIES: None,
    Category.OTHER: 10,
}
# Accounting archives are kept permanently (R21), whatever category they are filed under: every source of the
# finance app (vouchers; later statements, budgets, final accounts) is never disposable.
ACCOUNTING_PREFIXES = ("finance.",)


def is_accounting(source_code: str) -> bool:
    return source_code.startswith(ACCOUNTING_PREFIXES)


def retention_years(source: RecordSource) -> int | None:
    """Years kept after the record's year; None for a permanent record."""
    if is_accounting(source.code):
        return None
    return RETENTION_YEARS.get(source.category, 10)


def kept_until(source: RecordSource, record_date: datetime.date | None) -> datetime.date | None:
    """The last day a record must be kept (31 December of its year + the period); None: permanently, or a record
    without a date (kept until someone dates it)."""
    years = retention_years(source)
    if years is None or record_date is None:
        return None
    return datetime.date(record_date.year + years, 12, 31)


# --- archives' own record sources: uploaded documents -----------------------------------------------------------
# A community map and a resource list stay valid until replaced: the catalogue of a year counts those dated up to
# its end. Every other document belongs to the year it is dated in.
STANDING_CATEGORIES = frozenset({Category.COMMUNITY_MAP, Category.RESOURCE_LIST})


def _documents_in(queryset, category: str, year: int):
    queryset = queryset.filter(category=category)
    if category in STANDING_CATEGORIES:
        return queryset.filter(date__lte=datetime.date(year, 12, 31))
    return queryset.filter(date__year=year)


def _document_records(category: str):
    def documents(p, station, year):
        from .access_catalogue import visible_documents

        return (_documents_in(visible_documents(p).filter(station=station), category, year)
                .select_related("village").order_by("date", "id"))

    return documents


def _all_documents(category: str):
    def all_documents(station_ids, year):
        return _documents_in(Document.objects.filter(station_id__in=station_ids), category, year)

    return all_documents


def describe_document(document: Document) -> Entry:
    return Entry(title=document.title, date=document.date,
                 village=document.village.name if document.village_id else "",
                 text=words(document.title, " ".join(document.tags), document.description, document.original_name),
                 url=document.get_absolute_url(),
                 files=(RecordFile(f"{document.pk}-{document.download_name()}", document.file),))


DOCUMENT_SOURCE_PREFIX = "archives.documents."
DOCUMENT_SOURCES = [
    RecordSource(f"{DOCUMENT_SOURCE_PREFIX}{category.value}", category.value,
                 gettext_lazy("Uploaded documents"), _document_records(category.value),
                 order=1000 + index, describe=describe_document, all_records=_all_documents(category.value))
    for index, category in enumerate(DOCUMENT_CATEGORIES)
]


# --- the one entry point ----------------------------------------------------------------------------------------
def _not_disposed(queryset, source: RecordSource):
    return queryset.exclude(pk__in=Disposal.objects.filter(source=source.code).values("object_id"))


def sources_for(principal, station, year: int):
    """[(source, queryset)] in the seam's order: each source's records of the station-year for the principal,
    disposed records left out (a subquery: still one query per source)."""
    return [(source, _not_disposed(source.records(principal, station, year), source)) for source in records]


def source(code: str) -> RecordSource | None:
    return records.get(code)


def counts(station_ids, year: int) -> dict[int, dict[str, int]]:
    """station id -> source code -> number of records of the year (disposed ones left out), whoever asks: counts
    only, for the bureaus and the report card. One query (a UNION of one aggregate per source)."""
    station_ids = list(station_ids)
    parts = [
        _not_disposed(s.all_records(station_ids, year), s).order_by()
        .values(sid=F(s.station_field))
        .annotate(n=Count("pk", distinct=True), code=Value(s.code))
        for s in records if s.all_records is not None
    ]
    found: dict[int, dict[str, int]] = {pk: {} for pk in station_ids}
    if not station_ids or not parts:
        return found
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for row in query:
        found.setdefault(row["sid"], {})[row["code"]] = row["n"]
    return found


def by_category(source_counts: dict[str, int]) -> dict[str, int]:
    """category -> number of records, from one station's counts per source."""
    totals = dict.fromkeys(Category.values, 0)
    for code, n in source_counts.items():
        found = records.get(code)
        if found is not None:
            totals[found.category] += n
    return totals


# --- completeness (R22) -----------------------------------------------------------------------------------------
# The least a year's archive holds in each category it must keep, for a full year (a station's records of one
# year; the current year is measured against the months gone by). Our reading of "kept complete": casework,
# groups and community work as R17/R18 ask of a year; a home or phone visit and a regular meeting (R20) a month;
# the recipients' and volunteers' files; a needs survey, a map, a resource list, publicity twice and the year's
# work summary. Awards and penalties, major events, evaluation reports (which arrive after the evaluation that
# reads this) and "other" are listed but not required: a year may have none.
MINIMUM = {
    Category.CASEWORK: 3,
    Category.GROUP_WORK: 1,
    Category.COMMUNITY: 4,
    Category.VISITS: 12,
    Category.RECIPIENT_FILES: 10,
    Category.VOLUNTEER_FILES: 5,
    Category.NEEDS_SURVEYS: 1,
    Category.COMMUNITY_MAP: 1,
    Category.RESOURCE_LIST: 1,
    Category.PUBLICITY: 2,
    Category.MEETINGS: 12,
    Category.SUMMARIES: 1,
}
# Files kept whatever the month (their minimum is not prorated in the current year).
WHOLE_YEAR_CATEGORIES = frozenset({Category.RECIPIENT_FILES, Category.VOLUNTEER_FILES, Category.COMMUNITY_MAP,
                                   Category.RESOURCE_LIST, Category.SUMMARIES})


def required_categories() -> list[str]:
    """The categories a year must fill, in R22's order, among those some registered source can count
    (`all_records`): a category is measured only once something files records in it (volunteer files arrive with
    their app)."""
    held = {s.category for s in records if s.all_records is not None}
    return [c for c in Category.values if c in MINIMUM and c in held]


def minimum(category: str, year: int, *, today: datetime.date | None = None) -> int:
    """The least number of records for `category` in `year`: the full-year minimum, or for the current year the
    share of the months gone by (rounded up, at least 1); files kept whatever the month (recipients, volunteers,
    map, resource list) and the summary (written at the year's end, so only required of a past year: 0 in the
    current year) are not prorated."""
    today = today or timezone.localdate()
    full = MINIMUM.get(category, 0)
    if year != today.year or category in WHOLE_YEAR_CATEGORIES:
        if category == Category.SUMMARIES and year >= today.year:
            return 0
        return full
    return max(1, math.ceil(full * today.month / 12)) if full else 0


@dataclass(frozen=True)
class Completeness:
    """One station-year: records per category, the required ones that are empty or thin, and the share filled."""

    counts: dict  # category -> number
    required: tuple  # categories measured
    empty: tuple
    thin: tuple
    minimums: dict  # category -> least number

    @property
    def percent(self) -> int:
        if not self.required:
            return 100
        filled = len(self.required) - len(self.empty)
        return round(100 * filled / len(self.required))

    @property
    def complete(self) -> bool:
        return not self.empty and not self.thin

    def state(self, category: str) -> str:
        if category in self.empty:
            return "empty"
        if category in self.thin:
            return "thin"
        return "filled" if self.counts.get(category) else "none"


def completeness(station_ids, year: int, *, today: datetime.date | None = None,
                 found_counts: dict | None = None) -> dict[int, Completeness]:
    """station id -> Completeness of the year (one query for any number of stations; none when the caller has
    the `counts` already)."""
    required = required_categories()
    minimums = {c: minimum(c, year, today=today) for c in required}
    found = {}
    if found_counts is None:
        found_counts = counts(station_ids, year)
    for station_id, per_source in found_counts.items():
        totals = by_category(per_source)
        empty = tuple(c for c in required if minimums[c] and totals[c] == 0)
        thin = tuple(c for c in required if 0 < totals[c] < minimums[c])
        found[station_id] = Completeness(totals, tuple(c for c in required if minimums[c]), empty, thin, minimums)
    return found


def _labels(categories) -> str:
    names = dict(Category.choices)
    return join_list(str(names[c]) for c in categories)


def check_r22(stations, *, year: int):
    """Report card "R22": met when every required category of the year holds at least its minimum."""
    from ningbo_sws.lib.compliance import Finding, Status

    findings = {}
    for station_id, c in completeness([s.pk for s in stations], year).items():
        if c.complete:
            findings[station_id] = Finding(Status.MET, _("Every category of the archive is filled (%(percent)s%%) "
                                                         "(R22).") % {"percent": c.percent})
            continue
        parts = []
        if c.empty:
            parts.append(_("empty: %(categories)s") % {"categories": _labels(c.empty)})
        if c.thin:
            parts.append(_("thin: %(categories)s") % {"categories": _labels(c.thin)})
        findings[station_id] = Finding(Status.NOT_MET, _("Archive %(percent)s%% filled; %(problems)s (R22).") % {
            "percent": c.percent, "problems": join_clauses(parts)})
    return findings


def completeness_percent(station_ids, *, year: int):
    """The figure `archives.completeness`: the percent of required categories with at least one record."""
    return {pk: c.percent for pk, c in completeness(station_ids, year).items()}


def register():
    """Register this part's seams (called from ArchivesConfig.ready)."""
    from ningbo_sws.lib.compliance import ComplianceRule, compliance
    from ningbo_sws.lib.figures import Figure, Unit, figures
    from ningbo_sws.lib.registry import NavItem, shell
    from ningbo_sws.lib.todo import Todo, todo
    from stations.models import Role

    from .access_catalogue import ARCHIVE_HOME_ROLES, COMPLETENESS_ROLES, disposal_lists_to_approve

    records.register_all(DOCUMENT_SOURCES)
    compliance.register(ComplianceRule("R22", gettext_lazy("Archives complete"), check_r22, order=220,
                                       fix_url=fix_r22))
    figures.register(Figure("archives.completeness", gettext_lazy("Archive categories filled"), Unit.PERCENT,
                            completeness_percent, order=2200))
    todo.register(Todo("archives.disposals_to_approve", frozenset({Role.TOWNSHIP}), disposal_lists_to_approve,
                       order=60))
    shell.add_nav(NavItem(gettext_lazy("Archive"), "archives:archive_home", ARCHIVE_HOME_ROLES, order=60))
    shell.add_nav(NavItem(gettext_lazy("Archive completeness"), "archives:completeness", COMPLETENESS_ROLES,
                          order=61))


def fix_r22(station, *, year) -> str:
    """R22 is fixed in the station's archive of the year (issue 13 item 3)."""
    return reverse("archives:catalogue", args=[station.pk]) + f"?year={year}"
