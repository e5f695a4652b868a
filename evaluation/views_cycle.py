"""evaluation: the views of the cycle part (R27, R28). Thin: gate, form, one action, response."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import charts, workflow
from ningbo_sws.lib.caching import no_store
from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.pdf import render_template
from ningbo_sws.lib.uploads import serve
from stations.access import principal, rule
from stations.models import Division, Role, RoleAssignment, Station

from . import actions_cycle as actions
from . import forms_cycle as forms
from . import queries_cycle as queries
from . import results
from .access_cycle import (
    DASHBOARD_ROLES,
    assessment_for,
    can_assessment,
    district_year_for,
    visible_assessments,
    year_for,
)
from .models_cycle import Assessment, AssessorAssignment, DistrictMeeting, EvaluationYear, Rectification, Subsidy

YEAR_ROLES = [Role.CITY, Role.AUDITOR, Role.DISTRICT, Role.TOWNSHIP, Role.WORKER, Role.ASSESSOR]


def _page(request, qs):
    return Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _station_url(assessment):
    return reverse("evaluation:assessment", args=[assessment.station_id, assessment.year])


# --- years ------------------------------------------------------------------------------------------------------
@rule("roles", roles=YEAR_ROLES)
def year_list(request):
    """The evaluation years; the city opens a new one."""
    return render(request, "evaluation/cycle/year_list.html", {
        "years": EvaluationYear.objects.select_related("standard"),
        "can_open": principal(request).has_role(Role.CITY)})


@rule("roles", roles=[Role.CITY])
@require_http_methods(["GET", "POST"])
def year_open(request):
    """R27/R28: the city opens a year with a published standard and the deadlines."""
    form = forms.OpenYearForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_year = actions.open_year(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The evaluation year is open."))
            return redirect(evaluation_year)
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("Open an evaluation year"), "back_url": reverse("evaluation:year_list")})


@rule("evaluation_year")
def year(request, year):
    """A year: the assessments the user sees (a station its own, a district its stations, the city all), and
    for the bureaus the districts' progress."""
    evaluation_year = year_for(request, year)
    p = principal(request)
    assessments = queries.year_table(p, evaluation_year, visible_assessments(p, evaluation_year))
    status = request.GET.get("status")
    if status in Assessment.Status.values:
        assessments = assessments.filter(status=status)
    districts = []
    if p.has_role(Role.CITY, Role.AUDITOR, Role.DISTRICT):
        qs = Division.objects.filter(level=Division.Level.DISTRICT).order_by("code")
        if not p.has_role(Role.CITY, Role.AUDITOR):
            qs = qs.filter(pk__in=p.districts())
        districts = list(qs)
        overview = queries.district_overview(evaluation_year, [d.pk for d in districts])
        districts = [(d, overview.get(d.pk, {})) for d in districts]
    return render(request, "evaluation/cycle/year.html", {
        "evaluation_year": evaluation_year, "page": _page(request, assessments), "districts": districts,
        "statuses": Assessment.Status.choices, "status": status,
        "can_publish": p.has_role(Role.CITY) and evaluation_year.status == EvaluationYear.Status.OPEN})


@rule("evaluation_year", "publish")
@require_http_methods(["GET", "POST"])
def year_publish(request, year):
    """R27: the city publishes the grades and the subsidy list of the year."""
    evaluation_year = year_for(request, year, "publish")
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = actions.publish_year(actor=request.user, evaluation_year=evaluation_year,
                                         reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("%(count)s results are published.") % {"count": count})
            return redirect("evaluation:results", year=year)
    waiting = evaluation_year.assessments.exclude(
        status__in=[Assessment.Status.FINALISED, Assessment.Status.PUBLISHED]).count()
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("Publish the grades and subsidies of %(year)s") % {"year": year},
        "intro": _("%(count)s stations are not finalised by their district yet.") % {"count": waiting}
        if waiting else "", "back_url": evaluation_year.get_absolute_url()})


@rule("evaluation_year")
def results_page(request, year):
    """The published grades and subsidies (R27) of the stations the user sees."""
    evaluation_year = year_for(request, year)
    p = principal(request)
    published = (visible_assessments(p, evaluation_year).filter(status=Assessment.Status.PUBLISHED)
                 .select_related("station__district", "subsidy").order_by("station__district__code", "-total"))
    rows = list(published)
    grades: dict[str, int] = {}
    for a in rows:
        grades[a.grade or "—"] = grades.get(a.grade or "—", 0) + 1
    total_subsidy = sum(((getattr(a, "subsidy", None) and a.subsidy.amount) or 0) for a in rows)
    return render(request, "evaluation/cycle/results.html", {
        "evaluation_year": evaluation_year, "rows": rows, "grades": sorted(grades.items()),
        "total_subsidy": total_subsidy})


@rule("evaluation_year", "dashboard")
def dashboard(request, year):
    """Issue 12 item 5: for the city its districts, for a district officer theirs — grades (an SVG chart),
    progress, mean totals and the report card as a heat table district × rule. A fixed number of queries
    whatever the number of stations (one per report-card rule, and four)."""
    evaluation_year = year_for(request, year, "dashboard")
    p = principal(request)
    stations = list(p.stations(roles=DASHBOARD_ROLES).select_related("district").order_by("district__code", "pk"))
    data = queries.dashboard(evaluation_year, stations)
    return render(request, "evaluation/cycle/dashboard.html", {
        "evaluation_year": evaluation_year, "data": data,
        "grade_chart": charts.bar_chart(data.grades, title=_("Grades"), unit=""),
        "total_chart": charts.bar_chart([(row.district.name, row.mean_total) for row in data.rows],
                                        title=_("Mean total by district"))})


# --- a district's year (R28: work meeting, assessors) -----------------------------------------------------------
def _assessors_of(district):
    User = get_user_model()
    ids = RoleAssignment.objects.active().filter(role=Role.ASSESSOR, division=district).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("username")


@rule("evaluation_district")
def district_year(request, year, code):
    evaluation_year, district = district_year_for(request, year, code)
    p = principal(request)
    return render(request, "evaluation/cycle/district.html", {
        "evaluation_year": evaluation_year, "district": district,
        "meetings": DistrictMeeting.objects.filter(evaluation_year=evaluation_year, district=district),
        "assignments": AssessorAssignment.objects.filter(
            evaluation_year=evaluation_year, station__district=district, ended_at__isnull=True)
        .select_related("station", "assessor").order_by("station__name"),
        "can_change": district.pk in p.districts()})


@rule("evaluation_district")
def district_pdf(request, year, code):
    """Issue 12 item 6: the district's summary of the year as a PDF — its work meetings, and every station's
    status, self-assessed total, total, grade and open rectifications."""
    evaluation_year, district = district_year_for(request, year, code)
    assessments = queries.year_table(principal(request), evaluation_year, Assessment.objects.filter(
        evaluation_year=evaluation_year, station__district=district))
    data = render_template("evaluation/cycle/pdf_district.html", {
        "evaluation_year": evaluation_year, "district": district, "assessments": assessments,
        "meetings": DistrictMeeting.objects.filter(evaluation_year=evaluation_year, district=district),
        "printed_at": timezone.localtime()})
    return _pdf_response(data, f"evaluation-{code}-{year}.pdf")


@rule("evaluation_district", "change")
@require_http_methods(["GET", "POST"])
def district_reports(request, year, code):
    """Issue 12 item 6: the district's batch of evaluation reports as a background job (GET: what it makes;
    POST: start it, then the job page shows its progress and the zip)."""
    evaluation_year, district = district_year_for(request, year, code, "change")
    from stations.actions_jobs import start_job

    from .jobs_cycle import KIND

    form = forms.ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = start_job(actor=request.user, kind=KIND, scope=district, year=evaluation_year.year,
                        ip_address=request.META.get("REMOTE_ADDR"))
        return redirect(f"/jobs/{job.pk}/")
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("Print the evaluation reports of the district"),
        "intro": _("One PDF per station of %(district)s, in a zip file made in the background.") % {
            "district": district.name}, "back_url": reverse("evaluation:district", args=[year, code])})


@rule("evaluation_district", "change")
@require_http_methods(["GET", "POST"])
def meeting_add(request, year, code):
    """R28: the district records its yearly work meeting."""
    evaluation_year, district = district_year_for(request, year, code, "change")
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_district_meeting(actor=request.user, evaluation_year=evaluation_year, district=district,
                                            **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect("evaluation:district", year=year, code=code)
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("Record the district's work meeting (R28)"),
        "back_url": reverse("evaluation:district", args=[year, code])})


@rule("evaluation_district", "change")
@require_http_methods(["GET", "POST"])
def assign(request, year, code):
    """The district assigns one of its assessors to a station for the year."""
    evaluation_year, district = district_year_for(request, year, code, "change")
    form = forms.AssignForm(request.POST or None, stations=Station.objects.filter(district=district).order_by("name"),
                            assessors=_assessors_of(district))
    if request.method == "POST" and form.is_valid():
        try:
            actions.assign_assessor(actor=request.user, evaluation_year=evaluation_year, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The assessor is assigned."))
            return redirect("evaluation:district", year=year, code=code)
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("Assign an assessor"), "back_url": reverse("evaluation:district", args=[year, code])})


# --- one station-year -------------------------------------------------------------------------------------------
@rule("assessment")
@no_store
def assessment(request, station_id, year):
    """A station's evaluation of the year: every indicator with the self-score, the assessor's and the district's,
    the final score, differences highlighted, the evidence (de-identified for the bureaus and the assessor), the
    rectifications and the status changes."""
    found = assessment_for(request, station_id, year)
    p = principal(request)
    sheet = queries.sheet(p, found)
    can = {action: can_assessment(p, action, found) for action in ("self", "score", "district", "publish")}
    return render(request, "evaluation/cycle/assessment.html", {
        "assessment": found, "sheet": sheet, "can": can,
        "editable": found.status in Assessment.EDITABLE_BY_STATION,
        "scorable": found.status in (Assessment.Status.SUBMITTED, Assessment.Status.SCORING),
        "rectifications": found.rectifications.select_related("indicator"),
        "status_changes": workflow.changes(found), "fmt": results.fmt,
        "deadline": found.self_deadline(), "today": timezone.localdate()})


def _initial(sheet, attribute, comments_of=None):
    values = {}
    for row in sheet.rows:
        if not row.leaf:
            continue
        value = getattr(row, attribute)
        if value is None and attribute == "self_value" and row.suggestion is not None:
            value = row.suggestion.points if row.indicator.kind != "veto" else int(bool(row.suggestion.raw.yes))
        values[row.indicator.pk] = (value, "")
    return values


def _scores_page(request, found, *, rater_attr, title, with_summary, save):
    p = principal(request)
    sheet = queries.sheet(p, found)
    leaves = [r.indicator for r in sheet.rows if r.leaf]
    form = forms.ScoresForm(request.POST or None, leaves=leaves, initial_values=_initial(sheet, rater_attr),
                            with_summary=with_summary, summary=found.summary)
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The scores are saved."))
            return redirect(_station_url(found))
    rows = {r.indicator.pk: r for r in sheet.rows}
    return render(request, "evaluation/cycle/scores.html", {
        "assessment": found, "form": form, "title": title, "fmt": results.fmt,
        "fields": [(rows[i.pk], f, c) for i, f, c in form.rows()], "back_url": _station_url(found)})


@rule("assessment", "self")
@require_http_methods(["GET", "POST"])
@no_store
def self_assess(request, station_id, year):
    """R28: the station scores itself per indicator (bound indicators come suggested) and writes its summary."""
    found = assessment_for(request, station_id, year, "self")

    def save(form):
        actions.save_self_assessment(actor=request.user, assessment=found, values=form.values(),
                                     comments=form.comments(), summary=form.cleaned_data.get("summary"),
                                     reason=form.cleaned_data["reason"])

    return _scores_page(request, found, rater_attr="self_value", title=_("Self-assessment"), with_summary=True,
                        save=save)


@rule("assessment", "score")
@require_http_methods(["GET", "POST"])
def score(request, station_id, year):
    """The district or the assigned assessor scores each indicator with a comment."""
    found = assessment_for(request, station_id, year, "score")
    from .access_cycle import rater_of

    rater = rater_of(principal(request), found)
    attr = "district_value" if rater == "district" else "assessor_value"

    def save(form):
        actions.save_scores(actor=request.user, assessment=found, values=form.values(), comments=form.comments(),
                            reason=form.cleaned_data["reason"])

    return _scores_page(request, found, rater_attr=attr, title=_("Score the station"), with_summary=False, save=save)


@rule("assessment", "self")
@require_http_methods(["GET", "POST"])
def submit(request, station_id, year):
    """R28: the station submits its self-assessment to its township and district."""
    found = assessment_for(request, station_id, year, "self")
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit_self_assessment(actor=request.user, assessment=found, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The self-assessment is submitted."))
            return redirect(_station_url(found))
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("Submit the self-assessment"), "back_url": _station_url(found),
        "intro": _("Due on %(date)s.") % {"date": found.self_deadline().isoformat()}})


@rule("assessment", "district")
@require_http_methods(["GET", "POST"])
def district_step(request, station_id, year):
    """The district's steps: send back, start scoring, finalise (total and grade), reopen the scoring."""
    found = assessment_for(request, station_id, year, "district")
    moves = [m for m in Assessment.workflow.from_state(found.status) if Role.DISTRICT in m.roles]
    form = forms.DistrictMoveForm(request.POST or None, moves=moves)
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_assessment(actor=request.user, assessment=found, move=form.cleaned_data["move"],
                                    comment=form.cleaned_data["comment"], reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Done."))
            return redirect(_station_url(found))
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("District review"), "back_url": _station_url(found)})


@rule("assessment", "district")
@require_http_methods(["GET", "POST"])
def reopen(request, station_id, year):
    """The district lets the station submit after the deadline."""
    found = assessment_for(request, station_id, year, "district")
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reopen_self_assessment(actor=request.user, assessment=found, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The self-assessment is reopened."))
            return redirect(_station_url(found))
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("Reopen the self-assessment"), "back_url": _station_url(found)})


@rule("assessment", "publish")
@require_http_methods(["GET", "POST"])
def publish(request, station_id, year):
    """The city publishes one station's result (or sends it back to scoring)."""
    found = assessment_for(request, station_id, year, "publish")
    moves = [m for m in Assessment.workflow.from_state(found.status) if Role.CITY in m.roles]
    form = forms.DistrictMoveForm(request.POST or None, moves=moves)
    del form.fields["comment"]
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_assessment(actor=request.user, assessment=found, move=form.cleaned_data["move"],
                                    reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Done."))
            return redirect(_station_url(found))
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("City review"), "back_url": _station_url(found)})


def _record_choices(p, found, limit=100):
    """Records of the station's archive for the year, per source (one query per source), as choices."""
    from archives.catalogue import sources_for

    choices = []
    for source, qs in sources_for(p, found.station, found.year):
        options = [(f"{source.code}:{r.pk}", f"{source.label} · {source.describe(r).title}") for r in qs[:limit]]
        if options:
            choices.append((str(source.label), options))
    return choices


@rule("assessment", "self")
@require_http_methods(["GET", "POST"])
@no_store
def evidence_add(request, station_id, year):
    """Evidence for an indicator: a record of the archive or an uploaded file."""
    found = assessment_for(request, station_id, year, "self")
    p = principal(request)
    leaves = results.leaves(found.evaluation_year.standard)
    form = forms.EvidenceForm(request.POST or None, request.FILES or None, leaves=leaves,
                              records=_record_choices(p, found))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_evidence(actor=request.user, assessment=found, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The evidence is added."))
            return redirect(_station_url(found))
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("Add evidence"), "multipart": True, "back_url": _station_url(found)})


@rule("assessment")
def evidence_file(request, station_id, year, evidence_id):
    found = assessment_for(request, station_id, year)
    evidence = found.evidence.select_related("file").filter(pk=evidence_id).first()
    if evidence is None or not hasattr(evidence, "file"):
        raise Http404
    return serve(evidence.file)


@rule("assessment", "score")
@require_http_methods(["GET", "POST"])
def rectification_add(request, station_id, year):
    """A rectification item (整改) for a weak indicator, with its due date."""
    found = assessment_for(request, station_id, year, "score")
    form = forms.RectificationForm(request.POST or None, leaves=results.leaves(found.evaluation_year.standard))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_rectification(actor=request.user, assessment=found, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The rectification item is recorded."))
            return redirect(_station_url(found))
    return render(request, "evaluation/cycle/form.html", {
        "form": form, "title": _("Ask for a rectification"), "back_url": _station_url(found)})


@rule("assessment")
@require_http_methods(["GET", "POST"])
def rectification(request, station_id, year, item_id):
    """One rectification item and its follow-up: the station reports it done, the district closes it."""
    found = assessment_for(request, station_id, year)
    item = found.rectifications.select_related("indicator").filter(pk=item_id).first()
    if item is None:
        raise Http404
    p = principal(request)
    needed = {"report_done": "self", "close": "district", "reopen": "district"}
    moves = [m for m in Rectification.workflow.from_state(item.status)
             if can_assessment(p, needed[m.name], found)]
    form = forms.RectificationMoveForm(request.POST or None, moves=moves) if moves else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            actions.move_rectification(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Done."))
            return redirect(_station_url(found))
    return render(request, "evaluation/cycle/rectification.html", {
        "assessment": found, "item": item, "form": form, "status_changes": workflow.changes(item)})


def _pdf_context(request, found):
    p = principal(request)
    return {"assessment": found, "sheet": queries.sheet(p, found, with_suggestions=False), "fmt": results.fmt,
            "rectifications": found.rectifications.select_related("indicator"),
            "printed_at": timezone.localtime(), "subsidy": Subsidy.objects.filter(assessment=found).first()}


def _pdf_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@rule("assessment")
def self_pdf(request, station_id, year):
    """R28: the self-assessment report as a PDF (the station's own scores, summary and evidence)."""
    found = assessment_for(request, station_id, year)
    data = render_template("evaluation/cycle/pdf_self.html", _pdf_context(request, found))
    return _pdf_response(data, f"self-assessment-{found.station_id}-{year}.pdf")


@rule("assessment")
def report_pdf(request, station_id, year):
    """The evaluation report of the station-year: indicators, scores, comments, grade, rectifications."""
    found = assessment_for(request, station_id, year)
    data = render_template("evaluation/cycle/pdf_report.html", _pdf_context(request, found))
    return _pdf_response(data, f"evaluation-{found.station_id}-{year}.pdf")

