"""archives: the disclosure part (R23): who may do what with disclosure reports, the figures they freeze, the
small-count rule, the check for personal data, the to-do of the township officer, and the gates.

The snapshot (`freeze`) reads every number through the figures seam by code (`services.*`, `finance.*`;
`services.volunteer_hours` when the volunteers part has registered it, else "—"), for the year or the months of
a quarter (figures registered `periodic`; a figure that answers for whole years only is shown for a quarter
as "—", except the projects of the year, which are the year's by nature). Two breakdowns are read here, not
through the seam, because they are per village and per group of people: people served per village, and per
group of recipients (R16). Every count in a breakdown below 3 (and above 0) is written "<3"; when exactly one
cell of a breakdown would be hidden, the next smallest is hidden too, so the total does not give it away
(`suppress`). A snapshot is made of strings, so what is frozen is what is shown.
"""

import re
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.figures import figures, in_months, quarter_months
from ningbo_sws.lib.normalize import PHONE, ascii_digits, normalize_text
from ningbo_sws.lib.todo import Item, Todo, todo
from ningbo_sws.lib.words import join_list, money
from services.models import Recipient, ServiceKind, ServiceRecord, TargetGroup, Volunteer
from staffing.models import StaffMember
from stations.access import gate, scoped
from stations.models import Division, Role, Station

from .models_disclosure import Disclosure

# R23, R6: reports are prepared by the station (its workers and the township officer, the responsible entity)
# and approved and published by the township officer; the bureaus read them at every stage (figures only).
DISCLOSURE_POLICY = {
    "view": frozenset({Role.CITY, Role.AUDITOR, Role.DISTRICT, Role.TOWNSHIP, Role.WORKER}),
    "change": frozenset({Role.TOWNSHIP, Role.WORKER}),
    "approve": frozenset({Role.TOWNSHIP}),
}
SMALL = 3  # counts below this in a village or a group are shown as "<3"
HIDDEN = "<3"
NONE = "—"

SECTIONS = {
    "services": gettext_lazy("Service progress"),
    "service_kinds": gettext_lazy("Service times by kind of service"),
    "villages": gettext_lazy("People served by village or community"),
    "groups": gettext_lazy("People served by group"),
    "income": gettext_lazy("Income by source"),
    "spending": gettext_lazy("Spending by budget line"),
    "budget": gettext_lazy("Budget execution"),
}
SERVICE_CODES = ("services.projects", "services.people_served", "services.service_times",
                 "services.volunteer_hours", "services.activities", "services.activity_participants",
                 "services.group_sessions", "services.visits")
YEARLY = {"services.projects"}  # shown for a quarter too: a project belongs to its year
# Labels of figures that another part registers (shown with "—" until it does).
EXPECTED_LABELS = {"services.volunteer_hours": gettext_lazy("Volunteer service hours")}


def months_of(quarter: int):
    return quarter_months(quarter) if quarter else None


# --- small counts -----------------------------------------------------------------------------------------------
def small(n) -> str:
    """A count as disclosed: below 3 (and above 0) it is "<3"."""
    return HIDDEN if 0 < n < SMALL else str(n)


def suppress(counts: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """The rows of a breakdown as disclosed: small counts hidden, and when exactly one is hidden the next smallest
    row too (its total is published, so one hidden cell could be worked out by subtraction)."""
    shown = [(label, small(n)) for label, n in counts]
    hidden = [i for i, (_label, value) in enumerate(shown) if value == HIDDEN]
    if len(hidden) == 1:
        others = sorted((n, i) for i, (_label, n) in enumerate(counts) if n >= SMALL)
        if others:
            i = others[0][1]
            shown[i] = (shown[i][0], f"≥{SMALL}")
    return shown


def reveals_a_person(snapshot: dict) -> bool:
    """Whether a frozen snapshot shows a count of 1 or 2 in a breakdown (refused when publishing)."""
    return any(row["value"] in {"1", "2"} for section in snapshot.get("sections", ()) if section.get("breakdown")
               for row in section["rows"])


# --- personal data in the written results -------------------------------------------------------------------------
ID_LIKE = re.compile(r"(?<![0-9])[0-9]{17}[0-9X](?![0-9])")


def personal_data_in(text: str, station: Station) -> list[str]:
    """What in `text` looks like a person: an ID number, a phone number, the name of someone the station serves
    or employs, or who volunteers with it. Three queries (the names)."""
    plain = ascii_digits(normalize_text(text)).upper()
    compact = re.sub(r"[\s-]", "", plain)
    found = []
    if ID_LIKE.search(compact):
        found.append(_("an ID number"))
    if PHONE.search(plain) or re.search(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", compact):
        found.append(_("a phone number"))
    names = {n for n in Recipient.objects.filter(station=station).values_list("name", flat=True) if len(n) >= 2}
    names |= {n for n in StaffMember.objects.filter(station=station).values_list("name", flat=True) if len(n) >= 2}
    names |= {n for n in Volunteer.objects.filter(station=station).values_list("name", flat=True) if len(n) >= 2}
    if any(name in plain for name in names):
        found.append(_("the name of a person the station serves, employs or works with"))
    return found


def check_results(text: str, station: Station) -> str:
    """The results text, or ActionError when it holds personal data (R23: figures and results, no person)."""
    found = personal_data_in(text, station)
    if found:
        raise ActionError(_("The results may not name or identify a person: remove %(what)s (R23, disclosure holds "
                            "no personal data).") % {"what": join_list(found)}, field="results")
    return text


# --- the frozen figures --------------------------------------------------------------------------------------
def _text(value, unit) -> str:
    if value is None:
        return NONE
    if isinstance(value, Decimal):
        return f"{value:.1f}" if unit == "percent" else money(value)
    return str(value)


def _figure_rows(codes, station_id, year, months, *, people_small=True):
    rows = []
    for code in codes:
        figure = figures.get(code)
        answers = figure is not None and (not months or figure.periodic or code in YEARLY)
        value = None
        if answers:
            value = figures.compute(code, [station_id], year=year,
                                    months=None if code in YEARLY else months).get(station_id, 0)
        with translation.override("zh-hans"):
            label = str(figure.label if figure is not None else EXPECTED_LABELS.get(code, code))
        text = _text(value, figure.unit if figure else "")
        if people_small and figure is not None and figure.unit == "people" and isinstance(value, int):
            text = small(value)
        rows.append({"code": code, "label": label, "unit": figure.unit if figure else "", "value": text})
    return rows


def _breakdown(key, counts):
    return {"key": key, "breakdown": True,
            "rows": [{"code": "", "label": label, "unit": "people", "value": value}
                     for label, value in suppress(counts)]}


def _people_by_village(station_id, year, months):
    rows = (ServiceRecord.objects.filter(in_months("served_on", year, months), station_id=station_id)
            .values("recipient__village__name").annotate(n=Count("recipient", distinct=True))
            .order_by("recipient__village__name"))
    return [(r["recipient__village__name"], r["n"]) for r in rows]


def _people_by_group(station_id, year, months):
    groups = Recipient.objects.filter(
        pk__in=ServiceRecord.objects.filter(in_months("served_on", year, months), station_id=station_id)
        .values("recipient_id")).values_list("groups", flat=True)
    counts: dict[str, int] = {}
    for listed in groups:
        for group in listed or ():
            counts[group] = counts.get(group, 0) + 1
    with translation.override("zh-hans"):
        labels = {g.value: str(g.label) for g in TargetGroup}
    return [(labels.get(g, g), counts[g]) for g in TargetGroup.values if g in counts]


def freeze(station: Station, year: int, quarter: int) -> dict:
    """The figures of a station's year or quarter as they will be disclosed (strings, small counts hidden)."""
    months = months_of(quarter)
    sid = station.pk
    income_codes = [code for code in figures.entries if code.startswith("finance.income.")]
    spending_codes = [code for code in figures.entries if code.startswith("finance.expense.")]
    sections = [
        {"key": "services", "rows": _figure_rows(SERVICE_CODES, sid, year, months)},
        {"key": "service_kinds", "breakdown": True,
         "rows": _suppressed_rows([f"services.service_times.{k}" for k in ServiceKind.values], sid, year, months)},
        _breakdown("villages", _people_by_village(sid, year, months)),
        _breakdown("groups", _people_by_group(sid, year, months)),
        {"key": "income", "rows": _figure_rows([*income_codes, "finance.income"], sid, year, months)},
        {"key": "spending", "rows": _figure_rows([*spending_codes, "finance.expense"], sid, year, months)},
        {"key": "budget", "rows": _figure_rows(["finance.budget", "finance.budget_execution"], sid, year, months)},
    ]
    return {"year": year, "quarter": quarter, "months": list(months or ()), "sections": sections,
            "frozen_at": timezone.now().isoformat(timespec="seconds")}


def _suppressed_rows(codes, sid, year, months):
    rows = _figure_rows(codes, sid, year, months, people_small=False)
    counted = [(i, int(r["value"])) for i, r in enumerate(rows) if r["value"].isdigit()]
    for (i, _n), (_label, value) in zip(counted, suppress([(str(i), n) for i, n in counted]), strict=True):
        rows[i]["value"] = value
    return rows


def sections_for_display(snapshot: dict):
    """[(title, breakdown, [(label, value, unit)])] of a snapshot, labels in the reader's language where the
    figure is still registered (the frozen Chinese label otherwise)."""
    out = []
    for section in snapshot.get("sections", ()):
        rows = []
        for row in section["rows"]:
            figure = figures.get(row["code"]) if row["code"] else None
            label = figure.label if figure else EXPECTED_LABELS.get(row["code"], row["label"])
            rows.append((str(label), row["value"], row["unit"]))
        out.append((str(SECTIONS.get(section["key"], section["key"])), bool(section.get("breakdown")), rows))
    return out


def live_preview(disclosure: Disclosure) -> dict:
    """The figures a draft would freeze now (the frozen ones once submitted)."""
    if disclosure.frozen_at:
        return disclosure.figures
    return freeze(disclosure.station, disclosure.year, disclosure.quarter)


# --- gates and lists -----------------------------------------------------------------------------------------
def disclosure_station_for(request, station_id, action: str = "view") -> Station:
    """The station's disclosure pages: by DISCLOSURE_POLICY."""
    return gate(request, Station.objects.select_related("township", "district").filter(pk=station_id),
                action=action, policy=DISCLOSURE_POLICY)


def disclosure_for(request, station_id, disclosure_id, action: str = "view") -> Disclosure:
    """A disclosure report of the station (any status): by DISCLOSURE_POLICY on its station."""
    return gate(request, Disclosure.objects.select_related("station__township", "station__district", "corrects",
                                                            "prepared_by", "submitted_by", "approved_by")
                .filter(pk=disclosure_id, station_id=station_id), action=action, policy=DISCLOSURE_POLICY)


def public_report_for(request, disclosure_id) -> Disclosure:
    """A published report, to anyone (R23: the public reads them without signing in); 404 for anything else."""
    return gate(request, Disclosure.objects.published().select_related("station__township", "station__district")
                .filter(pk=disclosure_id), can=lambda p, action, report: True)


def public_district_for(request, code: str) -> Division:
    return gate(request, Division.objects.filter(code=code, level=Division.Level.DISTRICT),
                can=lambda p, action, division: True)


def public_station_for(request, station_id) -> Station:
    return gate(request, Station.objects.select_related("township", "district").filter(pk=station_id),
                can=lambda p, action, station: True)


def visible_disclosures(principal):
    return scoped(Disclosure.objects.all(), principal, policy=DISCLOSURE_POLICY)


# --- to-do ---------------------------------------------------------------------------------------------------
def to_approve(principal) -> list[Item]:
    """The township officer: reports submitted for approval, and approved ones waiting to be published."""
    from django.urls import reverse

    mine = scoped(Disclosure.objects.all(), principal, policy=DISCLOSURE_POLICY, action="approve")
    rows = list(mine.filter(status__in=[Disclosure.Status.SUBMITTED, Disclosure.Status.APPROVED])
                .values("station_id", "status").annotate(n=Count("id")).order_by("station_id"))
    items = []
    for r in rows:
        url = reverse("archives:disclosure_list", kwargs={"station_id": r["station_id"]})
        label = (_("Disclosures to approve") if r["status"] == Disclosure.Status.SUBMITTED
                 else _("Approved disclosures to publish"))
        items.append(Item(label, r["n"], url))
    return items


def home_panel(request, p):
    """The start page of a township officer or worker: links to their stations' disclosure reports."""
    from django.template.loader import render_to_string

    stations = list(p.stations(DISCLOSURE_POLICY["change"]).order_by("township__code")[:20])
    if not stations:
        return ""
    return render_to_string("archives/disclosure/_home_panel.html", {"stations": stations}, request=request)


def register():
    """Register this part's seams (called from ArchivesConfig.ready)."""
    from ningbo_sws.lib.registry import NavItem, Panel, shell

    todo.register(Todo("archives.disclosures_to_approve", frozenset({Role.TOWNSHIP}), to_approve, order=600))
    shell.add_nav(NavItem(gettext_lazy("Information disclosure"), "archives:public_index",
                          frozenset(Role.values), order=90))
    shell.add_panel(Panel(DISCLOSURE_POLICY["change"], home_panel, order=60))
