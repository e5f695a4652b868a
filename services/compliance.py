"""The services app's rules on the station report card: R17 ("1+X+1" portfolio) and R18 (professional process).

Each check takes many stations and the year, `check(stations, *, year)`, and answers in a fixed number of
queries (one each).
"""

from collections import Counter, defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from ningbo_sws.lib.compliance import Finding, Status
from ningbo_sws.lib.words import join_clauses

from .figures import FULL_PROCESS
from .models import Case, Project


def portfolio(station_ids, year: int) -> dict[int, Counter]:
    """station id -> Counter of project kinds for the year (cancelled projects aside). One query."""
    counts: dict[int, Counter] = defaultdict(Counter)
    rows = (Project.objects.filter(station_id__in=station_ids, year=year)
            .exclude(status=Project.Status.CANCELLED)
            .values_list("station_id", "kind").annotate(n=Count("id")))
    for station_id, kind, n in rows:
        counts[station_id][kind] = n
    return counts


def portfolio_finding(counts: Counter, year: int) -> Finding:
    """R17.1 exactly one base, R17.2 at least one featured, R17.3 exactly one support project."""
    base, featured, support = (counts.get(k, 0) for k in ("base", "featured", "support"))
    if not (base or featured or support):
        return Finding(Status.NOT_RECORDED, _("No project recorded for %(year)s.") % {"year": year})
    problems = []
    if base != 1:
        problems.append(_("%(count)s base projects, exactly one required (R17.1)") % {"count": base})
    if featured < 1:
        problems.append(_("no featured project, at least one required (R17.2)"))
    if support != 1:
        problems.append(_("%(count)s support projects, exactly one required (R17.3)") % {"count": support})
    if problems:
        return Finding(Status.NOT_MET, join_clauses(problems))
    return Finding(Status.MET, _("%(year)s: 1 base, %(featured)s featured, 1 support project.")
                   % {"year": year, "featured": featured})


def check_portfolio(stations, *, year: int) -> dict[int, Finding]:
    counts = portfolio([s.pk for s in stations], year)
    return {s.pk: portfolio_finding(counts.get(s.pk, Counter()), year) for s in stations}


def check_process(stations, *, year: int) -> dict[int, Finding]:
    """R18: the share of the year's closed cases with assessment, plan and evaluation on record. One query."""
    full = FULL_PROCESS
    rows = (Case.objects.filter(station_id__in=[s.pk for s in stations], state=Case.State.CLOSED,
                                closed_on__year=year)
            .values("station_id").annotate(closed=Count("id"), full=Count("id", filter=full)))
    by_station = {r["station_id"]: r for r in rows}
    findings = {}
    for station in stations:
        row = by_station.get(station.pk)
        if row is None:
            findings[station.pk] = Finding(Status.NOT_RECORDED, _("No case closed in %(year)s.") % {"year": year})
            continue
        share = round(100 * row["full"] / row["closed"])
        words = _("%(full)s of %(closed)s closed cases (%(share)s%%) went through assessment, plan and "
                  "evaluation (R18).") % {"full": row["full"], "closed": row["closed"], "share": share}
        findings[station.pk] = Finding(Status.MET if row["full"] == row["closed"] else Status.NOT_MET, words)
    return findings


def fix_projects(station, *, year) -> str:
    """R17 is fixed on the station's projects (issue 13 item 3)."""
    return reverse("services:project_list", args=[station.pk])


def fix_cases(station, *, year) -> str:
    """R18 is fixed on the station's cases (issue 13 item 3)."""
    return reverse("services:case_list", args=[station.pk])
