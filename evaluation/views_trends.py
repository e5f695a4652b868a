"""evaluation: the multi-year dashboards (issue 12 item 5), ending an assessor's assignment, and the suggested scores
of the auto-bound indicators. Thin: gate, form, one action, response."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import charts
from ningbo_sws.lib.compliance import Finding
from ningbo_sws.lib.figures import figures
from ningbo_sws.lib.forms import form_error
from stations.access import principal, rule
from stations.models import Station

from . import actions_cycle as actions
from . import forms_cycle as forms
from . import queries_trends as queries
from . import results, scoring
from .access_cycle import DASHBOARD_ROLES, assessment_for, district_year_for, year_for
from .models_cycle import AssessorAssignment
from .models_standard import Binding


@dataclass
class Table:
    title: str
    chart: str
    rows: list  # [(name, url, [text per year])]


def _money(value) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def _tables(data: queries.Trends) -> list[Table]:
    """The four measures over the years, each a chart and a table: totals and grades, the report card, services,
    spending."""
    def rows(text_of):
        return [(row.name, row.url, [text_of(cell) for cell in row.cells]) for row in data.rows]

    def grades(cell):
        if not cell.grades:
            return results.fmt(cell.mean_total) if cell.mean_total is not None else (cell.status or "—")
        words = [_("%(grade)s: %(count)s") % {"grade": g, "count": n} for g, n in cell.grades.items()]
        return _("%(grades)s (mean total %(total)s)") % {"grades": " ".join(words),
                                                          "total": results.fmt(cell.mean_total)}

    return [
        Table(_("Grades and mean totals"), charts.line_chart(data.years, data.series("mean_total"),
                                                             title=_("Mean total")), rows(grades)),
        Table(_("Report card: share of the recorded rules met (%)"),
              charts.line_chart(data.years, data.series("card_share"), title=_("Report card met"), unit="%"),
              rows(lambda c: _("%(percent)s%% (%(met)s of %(stations)s stations meet every rule)") % {
                  "percent": c.card_share, "met": c.card_met, "stations": c.stations})),
        Table(_("Service times"), charts.line_chart(data.years, data.series("services"), title=_("Service times")),
              rows(lambda c: number_format(c.services, force_grouping=True))),
        Table(_("Spending (yuan)"), charts.line_chart(data.years, data.series("spending"),
                                                      title=_("Spending (yuan)")),
              rows(lambda c: _money(c.spending))),
    ]


def _grade_chart(data: queries.Trends):
    return charts.line_chart(data.years, list(data.grade_counts.items()), title=_("Stations per grade"))


@rule("evaluation_year", "dashboard")
def city_trends(request, year):
    """The city's dashboard over the years up to `year`, by district (a district officer: their own districts):
    grades, report card, services and spending, and the heat table district × report-card rule of `year`."""
    year_for(request, year, "dashboard")
    p = principal(request)
    stations = list(p.stations(roles=DASHBOARD_ROLES).select_related("district").order_by("district__code", "pk"))
    years = queries.years_up_to(year)
    data = queries.trends(years, stations, by_district=True,
                          url_of=lambda d: reverse("evaluation:district_trends", args=[year, d.code]))
    return render(request, "evaluation/cycle/trends.html", {
        "year": year, "data": data, "tables": _tables(data), "grade_chart": _grade_chart(data),
        "title": _("Evaluation over the years up to %(year)s, by district") % {"year": year}, "heat": True,
        "back_url": reverse("evaluation:dashboard", args=[year])})


@rule("evaluation_district")
def district_trends(request, year, code):
    """A district's dashboard over the years up to `year`, by station."""
    _evaluation_year, district = district_year_for(request, year, code)
    stations = list(Station.objects.filter(district=district).select_related("district").order_by("name", "pk"))
    years = queries.years_up_to(year)
    data = queries.trends(years, stations, by_district=False,
                          url_of=lambda s: reverse("evaluation:assessment", args=[s.pk, year]))
    return render(request, "evaluation/cycle/trends.html", {
        "year": year, "data": data, "tables": _tables(data), "grade_chart": _grade_chart(data),
        "title": _("%(district)s: evaluation over the years up to %(year)s") % {"district": district.name,
                                                                               "year": year},
        "heat": False, "back_url": reverse("evaluation:district", args=[year, code])})


@rule("evaluation_district", "change")
@require_http_methods(["GET", "POST"])
def end_assignment(request, year, code, assignment_id):
    """The district ends an assessor's assignment to a station for the year: the assessor no longer sees or
    scores it; the scores they gave stay, in history."""
    evaluation_year, district = district_year_for(request, year, code, "change")
    assignment = AssessorAssignment.objects.select_related("station__district", "assessor").filter(
        pk=assignment_id, evaluation_year=evaluation_year, station__district=district).first()
    if assignment is None:
        raise Http404
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_assignment(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The assignment has ended."))
            return redirect("evaluation:district", year=year, code=code)
    who = assignment.assessor.get_full_name() or assignment.assessor.username
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("End an assessor's assignment"),
        "intro": _("%(assessor)s will no longer see or score %(station)s for %(year)s; the scores already given stay.")
        % {"assessor": who, "station": assignment.station.name, "year": year},
        "back_url": reverse("evaluation:district", args=[year, code])})


@dataclass
class SuggestionRow:
    indicator: object
    kind: str  # "figure" or "rule"
    source: str  # the figure's or rule's code
    source_label: str
    value: str  # the figure's value, or the finding in words
    points: str  # the suggested score
    evidence: str


@rule("assessment")
def suggestions(request, station_id, year):
    """Issue 12 item 1: per auto-bound indicator of the year's standard, the figure or report-card rule it binds
    to, the value for this station-year and the suggested score (what the self-assessment form fills in)."""
    from ningbo_sws.lib.compliance import compliance

    found = assessment_for(request, station_id, year)
    tree = scoring.load(found.evaluation_year.standard)
    suggested = scoring.suggest(tree, [found.station], year=found.year).get(found.station_id, {})
    rule_titles = {r.rule_id: r.title for r in compliance.rules}
    rows = []
    for indicator in scoring.bound(tree):
        suggestion = suggested.get(indicator.code)
        if indicator.binding == Binding.FIGURE:
            entry = figures.entries.get(indicator.binding_code)
            label = entry.label if entry else indicator.binding_code
        else:
            label = rule_titles.get(indicator.binding_code, indicator.binding_code)
        value = suggestion.value if suggestion else None
        if isinstance(value, Finding):
            shown = (_("Met: %(reason)s") if value.met else _("Not met: %(reason)s")) % {"reason": value.reason or "—"}
        else:
            shown = "—" if value is None else str(value)
        rows.append(SuggestionRow(indicator=indicator, kind=indicator.get_binding_display(),
                                  source=indicator.binding_code, source_label=label, value=shown,
                                  points=results.fmt(suggestion.points) if suggestion else "—",
                                  evidence=suggestion.evidence if suggestion else _("not recorded")))
    return render(request, "evaluation/cycle/suggestions.html", {
        "assessment": found, "rows": rows, "fmt": results.fmt,
        "back_url": reverse("evaluation:assessment", args=[station_id, year])})
