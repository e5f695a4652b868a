"""Views of volunteer files and hours (R22, R17.3). Thin: gate, form, one action, response.

Every volunteer page goes through `volunteer_for` (404 outside the circle that serves the station's people, as a
recipient's); ID numbers appear masked, and in full only after a deliberate POST, which is logged. District and
city see the figures (`services.volunteers`, `services.volunteers_new`, `services.volunteer_hours`), never names.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import idnumber
from ningbo_sws.lib.caching import no_store
from ningbo_sws.lib.compliance import year_from
from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.history import history_page
from stations.access import principal, rule

from . import actions_volunteers as actions
from . import queries_volunteers as queries
from .access import STATION_SERVICES_POLICY, VOLUNTEER_POLICY, can_volunteer, services_station_for, volunteer_for
from .forms import ImportForm
from .forms_volunteers import ServiceForm, VolunteerForm, VolunteerSearchForm
from .importing_volunteers import import_volunteers
from .models import today


def _ip(request):
    return request.META.get("REMOTE_ADDR") or None


def _years():
    return range(today().year, today().year - 5, -1)


@rule("station", "volunteers")
@no_store
def volunteer_list(request, station_id):
    """The register of volunteers (R22) with each one's hours in the year and the station's totals."""
    station = services_station_for(request, station_id, "volunteers")
    p = principal(request)
    year = year_from(request.GET.get("year"))
    search = VolunteerSearchForm(request.GET or None)
    filters = {}
    if search.is_valid():
        data = search.cleaned_data
        filters = {"search": data["q"].strip(), "skill": data["skill"], "status": data["status"]}
        if data["id_number"].strip():
            filters["id_hashes"] = idnumber.lookup_hashes(data["id_number"])
    volunteers = queries.station_volunteers(p, station, year=year, **filters)
    page = Paginator(volunteers, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    for volunteer in page:
        volunteer.year_hours = queries.hours(volunteer.year_hours)
    return render(request, "services/volunteer_list.html", {
        "station": station, "page": page, "search": search, "year": year, "years": _years(),
        "totals": queries.station_totals(station, year=year), "by_year": queries.station_years(station),
        "can_add": p.can_station("add_volunteer", station, policy=STATION_SERVICES_POLICY),
    })


@rule("station", "add_volunteer")
@require_http_methods(["GET", "POST"])
def volunteer_new(request, station_id):
    station = services_station_for(request, station_id, "add_volunteer")
    form = VolunteerForm(request.POST or None, station=station, initial={"reason": _("New volunteer")})
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = actions.create_volunteer(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The volunteer is on the register."))
            return redirect(volunteer)
    return render(request, "services/simple_form.html", {
        "title": _("New volunteer"), "form": form,
        "back_url": reverse("services:volunteer_list", args=[station.pk])})


@rule("station", "add_volunteer")
@require_http_methods(["GET", "POST"])
def volunteer_import(request, station_id):
    """R22: import a volunteer register from .xlsx or CSV with a row-by-row report; all-or-nothing unless chosen."""
    station = services_station_for(request, station_id, "add_volunteer")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_volunteers(actor=request.user, station=station, data=upload.read(), filename=upload.name,
                                   good_rows_only=form.cleaned_data["good_rows_only"])
        if report.saved:
            messages.success(request, _("%(count)s volunteers are on the register.") % {"count": report.saved})
    return render(request, "services/volunteer_import.html", {"station": station, "form": form, "report": report})


@rule("volunteer")
@no_store
def volunteer_detail(request, volunteer_id):
    """A volunteer's file: skills, village, joined, hours per year and the services of the chosen year."""
    volunteer = volunteer_for(request, volunteer_id)
    p = principal(request)
    year = year_from(request.GET.get("year"))
    services = list(queries.volunteer_services(volunteer, year=year)[:200])
    context = {"volunteer": volunteer, "station": volunteer.station, "year": year, "years": _years(),
               "services": services, "by_year": queries.volunteer_years(volunteer),
               "year_hours": queries.hours(sum(s.hours for s in services))}
    for action in VOLUNTEER_POLICY:
        context[f"can_{action}"] = can_volunteer(p, action, volunteer)
    return render(request, "services/volunteer_detail.html", context)


@rule("volunteer", "change")
@require_http_methods(["GET", "POST"])
@no_store
def volunteer_edit(request, volunteer_id):
    volunteer = volunteer_for(request, volunteer_id, "change")
    initial = {f: getattr(volunteer, f) for f in (*actions.FILE_FIELDS, "status", "left_on")}
    form = VolunteerForm(request.POST or None, station=volunteer.station, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_volunteer(actor=request.user, volunteer=volunteer, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The volunteer's file is saved."))
            return redirect(volunteer)
    return render(request, "services/simple_form.html", {
        "title": _("Volunteer file: %(name)s") % {"name": volunteer.name}, "form": form,
        "back_url": volunteer.get_absolute_url()})


@rule("volunteer", "reveal")
@require_http_methods(["GET", "POST"])
@no_store
def volunteer_reveal(request, volunteer_id):
    """Showing the full ID number is a deliberate POST, logged with who and when (DESIGN.md, PIPL)."""
    volunteer = volunteer_for(request, volunteer_id, "reveal")
    number = None
    if request.method == "POST":
        try:
            number = actions.reveal_volunteer_id_number(actor=request.user, volunteer=volunteer,
                                                        ip_address=_ip(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(volunteer)
    return render(request, "services/recipient_reveal.html", {"recipient": volunteer, "number": number})


@rule("volunteer")
@no_store
def volunteer_history(request, volunteer_id):
    volunteer = volunteer_for(request, volunteer_id)
    # Seen by the serving circle only (the gate): names in full, phones masked (issue 9 item 2).
    page, rows = history_page(volunteer, page_number=request.GET.get("page"), masked=False)
    return render(request, "history.html", {"object": volunteer, "page": page, "rows": rows,
                                            "back_url": volunteer.get_absolute_url()})


@rule("volunteer", "change")
@require_http_methods(["GET", "POST"])
def service_new(request, volunteer_id):
    """Hours a volunteer served (志愿服务记录): at an activity, a group session or another service."""
    volunteer = volunteer_for(request, volunteer_id, "change")
    form = ServiceForm(request.POST or None, station=volunteer.station)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_service(actor=request.user, volunteer=volunteer, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The hours are recorded."))
            return redirect(volunteer)
    return render(request, "services/simple_form.html", {
        "title": _("Hours served by %(name)s") % {"name": volunteer.name}, "form": form,
        "back_url": volunteer.get_absolute_url()})
