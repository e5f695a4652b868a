"""archives: the views of the disclosure part (R23).

Staff side under `stations/<id>/disclosure/` (DISCLOSURE_POLICY: the station prepares, the township officer
approves and publishes, the bureaus read); the public side under `/disclosure/` without signing in: districts →
stations → published reports → one report, also as a PDF made from the same template body.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import pdf, workflow
from ningbo_sws.lib.forms import form_error
from stations.access import principal, rule
from stations.models import Division, Station

from . import actions_disclosure as actions
from . import forms_disclosure as forms
from .disclosure import (
    DISCLOSURE_POLICY,
    disclosure_for,
    disclosure_station_for,
    live_preview,
    public_district_for,
    public_report_for,
    public_station_for,
    sections_for_display,
)
from .models_disclosure import Disclosure


def _can(request, action, station):
    return principal(request).can_station(action, station, policy=DISCLOSURE_POLICY)


# --- staff side ----------------------------------------------------------------------------------------------
@rule("station_disclosure")
def disclosure_list(request, station_id):
    station = disclosure_station_for(request, station_id)
    reports = Disclosure.objects.filter(station=station).select_related("corrects")
    return render(request, "archives/disclosure/list.html", {
        "station": station, "reports": reports, "can_change": _can(request, "change", station)})


@rule("station_disclosure", "change")
@require_http_methods(["GET", "POST"])
def disclosure_new(request, station_id):
    station = disclosure_station_for(request, station_id, "change")
    form = forms.DisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.create_disclosure(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The draft report is saved."))
            return redirect(report)
    return render(request, "archives/disclosure/form.html", {
        "form": form, "station": station, "title": _("New disclosure report"),
        "back_url": _list_url(station)})


def _list_url(station):
    return reverse("archives:disclosure_list", kwargs={"station_id": station.pk})


@rule("disclosure")
def disclosure_detail(request, station_id, disclosure_id):
    report = disclosure_for(request, station_id, disclosure_id)
    station = report.station
    can_change, can_approve = _can(request, "change", station), _can(request, "approve", station)
    moves = [m for m in Disclosure.workflow.from_state(report.status)
             if (can_approve and m.name != "submit") or (can_change and m.name == "submit")]
    if report.submitted_by_id == request.user.pk:
        moves = [m for m in moves if m.name != "approve"]
    return render(request, "archives/disclosure/detail.html", {
        "report": report, "station": station, "sections": sections_for_display(live_preview(report)),
        "moves": moves, "can_change": can_change, "status_changes": workflow.changes(report),
        "correction_of": Disclosure.objects.filter(corrects=report).first()})


@rule("disclosure", "change")
@require_http_methods(["GET", "POST"])
def disclosure_edit(request, station_id, disclosure_id):
    report = disclosure_for(request, station_id, disclosure_id, "change")
    form = forms.DisclosureEditForm(request.POST or None, correction=bool(report.corrects_id),
                                    initial={"results": report.results, "changes": report.changes})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_disclosure(actor=request.user, disclosure=report, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The draft report is saved."))
            return redirect(report)
    return render(request, "archives/disclosure/form.html", {
        "form": form, "station": report.station, "title": str(report), "back_url": report.get_absolute_url()})


@rule("disclosure", "change")
@require_http_methods(["GET", "POST"])
def disclosure_move(request, station_id, disclosure_id):
    """One step of the report's workflow (the detail page posts here; GET shows the same form)."""
    report = disclosure_for(request, station_id, disclosure_id, "change")
    form = forms.MoveForm(request.POST or None, initial={"move": request.GET.get("move")})
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_disclosure(actor=request.user, disclosure=report, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The report moved on."))
            return redirect(report)
    return render(request, "archives/disclosure/form.html", {
        "form": form, "station": report.station, "title": str(report), "back_url": report.get_absolute_url()})


@rule("disclosure", "change")
@require_http_methods(["GET", "POST"])
def disclosure_correct(request, station_id, disclosure_id):
    report = disclosure_for(request, station_id, disclosure_id, "change")
    form = forms.CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            correction = actions.correct_disclosure(actor=request.user, disclosure=report, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("A correction is drafted; it replaces the published version when it is "
                                        "published."))
            return redirect(correction)
    return render(request, "archives/disclosure/form.html", {
        "form": form, "station": report.station, "title": _("Correct a published report"),
        "back_url": report.get_absolute_url()})


# --- public side (no sign-in) -------------------------------------------------------------------------------
@rule("public")
def public_index(request):
    """R23: the districts of the city, with how many stations have published a report."""
    published = (Disclosure.objects.published().values("station__district_id")
                 .annotate(n=Count("station", distinct=True)))
    counts = {r["station__district_id"]: r["n"] for r in published}
    districts = Division.objects.filter(level=Division.Level.DISTRICT).order_by("code")
    return render(request, "archives/disclosure/public_index.html", {
        "districts": [(d, counts.get(d.pk, 0)) for d in districts]})


@rule("public")
def public_district(request, code):
    district = public_district_for(request, code)
    rows = (Disclosure.objects.published().filter(station__district=district).values("station_id")
            .annotate(n=Count("id"), last=Max("published_at")))
    latest = {r["station_id"]: r for r in rows}
    stations = Station.objects.filter(pk__in=latest).select_related("township").order_by("township__code")
    return render(request, "archives/disclosure/public_district.html", {
        "district": district, "stations": [(s, latest[s.pk]) for s in stations]})


@rule("public")
def public_station(request, station_id):
    station = public_station_for(request, station_id)
    reports = Disclosure.objects.published().filter(station=station).select_related("corrects")
    corrected = set(Disclosure.objects.published().filter(station=station, corrects__isnull=False)
                    .values_list("corrects_id", flat=True))
    return render(request, "archives/disclosure/public_station.html", {
        "station": station, "reports": [(r, r.pk in corrected) for r in reports]})


def _public_context(request, report):
    return {"report": report, "station": report.station, "sections": sections_for_display(report.figures),
            "corrected_by": Disclosure.objects.published().filter(corrects=report).first()}


@rule("public")
def public_report(request, disclosure_id):
    report = public_report_for(request, disclosure_id)
    return render(request, "archives/disclosure/public_report.html", _public_context(request, report))


@rule("public")
def public_pdf(request, disclosure_id):
    """The report as a PDF (lib/pdf: the font stack embedded, page numbers, the station's standard name, the
    publication date), from the same template body as the page."""
    report = public_report_for(request, disclosure_id)
    context = {**_public_context(request, report), "printed_at": timezone.now()}
    data = pdf.render_template("archives/disclosure/report_pdf.html", context, request=request)
    response = HttpResponse(data, content_type="application/pdf")
    name = f"disclosure-{report.station_id}-{report.year}-q{report.quarter}-v{report.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
