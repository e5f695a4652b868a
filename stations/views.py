"""Views of the organisation tree: landing page, stations, divisions. Thin: gate, form, one action, response."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from ningbo_sws.lib import workflow
from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.history import history_page
from ningbo_sws.lib.registry import shell

from . import accounts, actions, queries
from . import exports as station_exports
from .access import CONTRACT_POLICY, principal, rule, station_for
from .access import division_for as division_gate
from .forms import AssignStationForm, ReasonForm, SignInForm, StationForm
from .guide import opening_steps
from .models import STATION_GRANTS, Division, Role, StationStatus, StationUserObjectPermission


# --- sign-in ----------------------------------------------------------------------------------------------------
class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if accounts.address_locked(request):  # before any password is tried: a sprayed address learns nothing
            return render(request, "registration/locked_out.html", {"address_locked": True}, status=429)
        return super().post(request, *args, **kwargs)


login_view = rule("public")(LoginView.as_view())
logout_view = rule("public")(auth_views.LogoutView.as_view())
set_language = rule("public")(django_set_language)


# --- landing page -----------------------------------------------------------------------------------------------
@rule("signed_in")
def home(request):
    """A landing page per role: what each of the user's roles works on."""
    p = principal(request)
    context = {"principal": p, "roles": sorted({a.get_role_display() for a in p.assignments})}
    if p.has_role(Role.CITY, Role.AUDITOR, Role.DISTRICT):
        context["districts"] = queries.district_summary(p)
    if p.has_role(Role.DISTRICT):
        context["district_stations"] = queries.visible_stations(p).filter(district_id__in=p.districts())[:200]
    station_roles = (Role.TOWNSHIP, Role.WORKER, Role.LIAISON, Role.SUPERVISOR, Role.ASSESSOR)
    if p.has_role(*station_roles):
        context["my_stations"] = p.stations(station_roles).select_related("township", "district")
    if p.has_role(Role.LIAISON):
        context["villages"] = [a.division for a in p.held(Role.LIAISON)]
    context["panels"] = format_html_join(
        "", "{}", ((panel.render(request, p),) for panel in shell.panels if p.has_role(*panel.roles))
    )
    return render(request, "stations/home.html", context)


# --- stations ---------------------------------------------------------------------------------------------------
@rule("signed_in")
def station_list(request):
    """Stations in the user's scope, searchable, paginated; two queries whatever the count."""
    p = principal(request)
    search = request.GET.get("q", "").strip()[:50]
    status = request.GET.get("status", "")
    status = status if status in StationStatus.values else ""  # the to-do list links here with ?status=submitted
    # lane lists (issue 13 item 7): filter by district among those the user sees stations in (one query)
    districts = queries.station_districts(p)
    district = next((d for d in districts if d.code == request.GET.get("district", "")), None)
    stations = queries.visible_stations(p, search=search, status=status, district=district)
    if request.GET.get("format") == "xlsx":
        return station_exports.station_list_xlsx(request, stations, district=district)
    page = Paginator(stations, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stations/station_list.html", {
        "page": page, "q": search, "status": status, "statuses": StationStatus.choices,
        "districts": districts, "district": district})


@rule("station")
def station_detail(request, station_id):
    station = station_for(request, station_id)
    p = principal(request)
    rooms = list(station.rooms.all())
    context = {
        "station": station,
        "villages": station.township.children.order_by("code"),
        "can_change": p.can_station("change", station),
        "can_assign": p.can_station("assign", station),
        "can_lifecycle": p.can_station("lifecycle", station),
        "can_contract": p.can_station("contract", station),
        "rooms": rooms,
        "opening_steps": opening_steps(station, rooms=rooms),
        "plate_photos": station.attachments.filter(purpose="plate_photo")[:5],
    }
    if p.can_station("view", station, policy=CONTRACT_POLICY):
        context["contracts"] = station.contracts.select_related("operator").order_by("-starts_on")
    if p.has_role(Role.CITY, Role.DISTRICT, Role.AUDITOR, Role.TOWNSHIP):
        context["staff"] = station.role_assignments.active().select_related("user")
    return render(request, "stations/station_detail.html", context)


@rule("station", "change")
@require_http_methods(["GET", "POST"])
def station_edit(request, station_id):
    station = station_for(request, station_id, "change")
    initial = {f: getattr(station, f) for f in ("address", "phone", "opened_on", "notes")}
    form = StationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_station(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The station's record is saved."))
            return redirect("station_detail", station_id=station.pk)
    return render(request, "stations/station_form.html", {"station": station, "form": form})


@rule("station")
def station_history(request, station_id):
    station = station_for(request, station_id)
    page, rows = history_page(station, page_number=request.GET.get("page"))
    return render(request, "history.html", {"object": station, "page": page, "rows": rows,
                                            "status_changes": workflow.changes(station),
                                            "back_url": station.get_absolute_url()})


@rule("station", "assign")
@require_http_methods(["GET", "POST"])
def station_assignments(request, station_id):
    """Supervisors (R25) and assessors assigned to the station: django-guardian object grants."""
    station = station_for(request, station_id, "assign")
    form = AssignStationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.assign_station(actor=request.user, user=form.cleaned_data["username"], station=station,
                                   role=form.cleaned_data["role"], reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The assignment is recorded."))
            return redirect("station_assignments", station_id=station.pk)
    labels = {codename: Role(role).label for role, codename in STATION_GRANTS.items()}
    grants = StationUserObjectPermission.objects.filter(
        content_object=station, permission__codename__in=STATION_GRANTS.values()
    ).select_related("user", "permission")
    grants = [(grant, labels[grant.permission.codename]) for grant in grants]
    return render(request, "stations/station_assignments.html",
                  {"station": station, "form": form, "grants": grants})


@rule("station", "assign")
@require_http_methods(["GET", "POST"])
def station_unassign(request, station_id, grant_id):
    station = station_for(request, station_id, "assign")
    grant = StationUserObjectPermission.objects.select_related("user", "permission", "content_object").filter(
        pk=grant_id, content_object=station
    ).first()
    if grant is None:
        raise Http404
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.unassign_station(actor=request.user, grant=grant, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The assignment is ended."))
            return redirect("station_assignments", station_id=station.pk)
    return render(request, "stations/confirm.html", {
        "form": form, "title": _("End the assignment of %(user)s") % {"user": grant.user.get_full_name()
                                                                        or grant.user.username},
        "back_url": station.get_absolute_url(),
    })


# --- divisions --------------------------------------------------------------------------------------------------
@rule("division")
def division_detail(request, code):
    division = division_gate(request, code)
    context = {"division": division}
    if division.level == Division.Level.CITY:
        context["children"] = queries.district_summary(principal(request))
    elif division.level == Division.Level.DISTRICT:
        context["townships"] = queries.townships_of(division)
    else:
        context["children"] = division.children.order_by("code")
    return render(request, "stations/division_detail.html", context)
