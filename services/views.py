"""Views of the services app. Thin: gate, form, one action, response.

Every recipient page goes through `recipient_for` (404 outside the circle that serves the person); ID numbers
appear masked, and in full only on the reveal page after a deliberate POST, which is logged.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import export, idnumber, workflow
from ningbo_sws.lib.caching import no_store
from ningbo_sws.lib.compliance import year_from
from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.history import history_page
from stations.access import principal, rule
from stations.actions_jobs import start_job
from stations.exports import wants_xlsx
from stations.models import Role

from . import actions, queries, queries_volunteers
from . import exports as overview_exports
from .access import (
    CASE_POLICY,
    PROJECT_POLICY,
    RECIPIENT_POLICY,
    SERVING,
    STATION_SERVICES_POLICY,
    can_recipient,
    case_for,
    household_for,
    project_for,
    recipient_filter,
    recipient_for,
    services_station_for,
)
from .compliance import portfolio, portfolio_finding
from .forms import (
    GuidanceForm,
    HouseholdForm,
    ImportForm,
    OpenCaseForm,
    ProjectForm,
    QuickRecordForm,
    RecipientForm,
    ReviewRequestForm,
    SearchForm,
    ServiceRecordForm,
    VisitForm,
    move_form_class,
)
from .importing import import_recipients
from .jobs import export_register
from .models import Case, Household, Project, Recipient, ServiceKind, today
from .volunteers import active_volunteers, volunteer_hours


def home_panel(request, p) -> str:
    """The landing page's services panel: links to the station pages the user's roles open."""
    stations = list(p.stations(SERVING).select_related("township")[:20])
    rows = [(s, p.can_station("cases", s, policy=STATION_SERVICES_POLICY)) for s in stations]
    context = {"rows": rows}
    if p.has_role(Role.SUPERVISOR):  # R25: difficult cases the station asked the supervisor to review
        supervised = [s.pk for s in stations if p.can_station("review", s, policy=CASE_POLICY)]
        context["reviews"] = list(Case.objects.filter(station_id__in=supervised, review_requested=True)
                                  .select_related("station", "recipient").order_by("updated_at")[:50])
    if p.has_role(Role.TOWNSHIP, Role.WORKER):  # R17: key-group visits overdue, per station
        overdue = dict(Recipient.objects.filter(station__in=stations, key_group=True,
                                                status=Recipient.Status.ACTIVE, next_visit_due__lt=today())
                       .values_list("station_id").annotate(n=Count("id")))
        context["rows"] = [(s, cases, overdue.get(s.pk, 0)) for s, cases in rows]
    else:
        context["rows"] = [(s, cases, None) for s, cases in rows]
    return render_to_string("services/_home_panel.html", context, request=request)


def _ip(request):
    return request.META.get("REMOTE_ADDR") or None


# --- recipients -------------------------------------------------------------------------------------------------
@rule("station", "recipients")
def recipient_list(request, station_id):
    """The register of recipients (R17), searchable by name, group and exact ID number; a fixed query count."""
    station = services_station_for(request, station_id, "recipients")
    p = principal(request)
    search = SearchForm(request.GET or None)
    filters = {}
    if search.is_valid():
        data = search.cleaned_data
        filters = {"search": data["q"].strip(), "group": data["group"]}
        if data["id_number"].strip():
            filters["id_hashes"] = idnumber.lookup_hashes(data["id_number"])
    recipients = queries.station_recipients(p, station, **filters)
    page = Paginator(recipients, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/recipient_list.html", {
        "station": station, "page": page, "search": search,
        "can_add": p.can_station("add_recipient", station, policy=STATION_SERVICES_POLICY),
        "can_export": p.can_station("export", station, policy=STATION_SERVICES_POLICY),
    })


@rule("station", "add_recipient")
@require_http_methods(["GET", "POST"])
def recipient_new(request, station_id):
    station = services_station_for(request, station_id, "add_recipient")
    form = RecipientForm(request.POST or None, station=station, initial={"reason": _("New recipient")})
    if request.method == "POST" and form.is_valid():
        try:
            recipient = actions.create_recipient(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The recipient is on the register."))
            return redirect(recipient)
    return render(request, "services/recipient_form.html", {"station": station, "form": form})


@rule("station", "add_recipient")
@require_http_methods(["GET", "POST"])
def recipient_import(request, station_id):
    """R17: import a register from .xlsx or CSV with a row-by-row report; all-or-nothing unless chosen."""
    station = services_station_for(request, station_id, "add_recipient")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = import_recipients(actor=request.user, station=station, data=upload.read(), filename=upload.name,
                                   good_rows_only=form.cleaned_data["good_rows_only"])
        if report.saved:
            messages.success(request, _("%(count)s recipients are on the register.") % {"count": report.saved})
    return render(request, "services/recipient_import.html", {"station": station, "form": form, "report": report})


@rule("station", "export")
@require_http_methods(["GET", "POST"])
def recipient_export(request, station_id):
    """The register as a CSV file for Excel (ID numbers masked). A deliberate POST, logged (DESIGN.md)."""
    station = services_station_for(request, station_id, "export")
    if request.method != "POST":
        return render(request, "services/recipient_export.html", {"station": station})
    rows = actions.export_recipients(actor=request.user, station=station, ip_address=_ip(request))
    response = export.csv_response(f"recipients-{station.township.code}.csv", rows)  # formula-safe (issue 9.9)
    response["Cache-Control"] = "no-store"
    return response


@rule("station", "export")
@require_http_methods(["GET", "POST"])
def recipient_export_job(request, station_id):
    """The register as a background job (issue 11 item 7): POST queues it and goes to the job's page."""
    station = services_station_for(request, station_id, "export")
    if request.method != "POST":
        return render(request, "services/recipient_export.html", {"station": station})
    job = start_job(actor=request.user, kind="services.register_export", task=export_register, scope=station,
                    ip_address=_ip(request))
    messages.success(request, _("The export is queued; this page shows how far it has got."))
    return redirect(job)


@rule("recipient")
def recipient_detail(request, recipient_id):
    recipient = recipient_for(request, recipient_id)
    p = principal(request)
    context = {"recipient": recipient, "station": recipient.station, **queries.recipient_page(p, recipient)}
    for action in RECIPIENT_POLICY:
        context[f"can_{action}"] = can_recipient(p, action, recipient)
    return render(request, "services/recipient_detail.html", context)


@rule("recipient", "change")
@require_http_methods(["GET", "POST"])
def recipient_edit(request, recipient_id):
    recipient = recipient_for(request, recipient_id, "change")
    initial = {f: getattr(recipient, f) for f in ("name", "gender", "birth_date", "village", "phone", "address",
                                                  "groups", "consent_given", "key_group", "visit_every_days",
                                                  "responsible_worker", "notes", "status", "household",
                                                  "relation", "risk")}
    form = RecipientForm(request.POST or None, station=recipient.station, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_recipient(actor=request.user, recipient=recipient, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The recipient's record is saved."))
            return redirect(recipient)
    return render(request, "services/recipient_form.html",
                  {"station": recipient.station, "form": form, "recipient": recipient})


@rule("recipient", "reveal")
@require_http_methods(["GET", "POST"])
@no_store
def recipient_reveal(request, recipient_id):
    """Showing the full ID number is a deliberate POST, logged with who and when (DESIGN.md, PIPL)."""
    recipient = recipient_for(request, recipient_id, "reveal")
    number = None
    if request.method == "POST":
        try:
            number = actions.reveal_id_number(actor=request.user, recipient=recipient, ip_address=_ip(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(recipient)
    return render(request, "services/recipient_reveal.html", {"recipient": recipient, "number": number})


@rule("station", "recipients")
def household_list(request, station_id):
    station = services_station_for(request, station_id, "recipients")
    p = principal(request)
    households = (Household.objects.filter(recipient_filter(p), station=station).select_related("village")
                  .annotate(size=Count("members")).order_by("name", "id"))
    page = Paginator(households, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/household_list.html", {
        "station": station, "page": page,
        "can_add": p.can_station("add_recipient", station, policy=STATION_SERVICES_POLICY)})


@rule("station", "add_recipient")
@require_http_methods(["GET", "POST"])
def household_new(request, station_id):
    station = services_station_for(request, station_id, "add_recipient")
    form = HouseholdForm(request.POST or None, station=station, initial={"reason": _("New household")})
    if request.method == "POST" and form.is_valid():
        try:
            household = actions.create_household(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The household is recorded; add its members from their records."))
            return redirect(household)
    return render(request, "services/simple_form.html", {
        "title": _("New household"), "form": form,
        "back_url": reverse("services:household_list", args=[station.pk])})


@rule("household")
def household_detail(request, household_id):
    household = household_for(request, household_id)
    p = principal(request)
    members = [m for m in household.members.select_related("village").order_by("relation", "name")
               if can_recipient(p, "view", m)]
    return render(request, "services/household_detail.html", {
        "household": household, "members": members, "can_visit": can_recipient(p, "visit", household),
        "visits": list(household.visits.select_related("visitor")[:50])})


@rule("household", "visit")
@require_http_methods(["GET", "POST"])
def household_visit_new(request, household_id):
    """R17: a home visit to a whole household."""
    household = household_for(request, household_id, "visit")
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_visit(actor=request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect(household)
    return render(request, "services/simple_form.html", {
        "title": _("Visit to %(name)s") % {"name": household.name}, "form": form,
        "back_url": household.get_absolute_url()})


@rule("recipient")
def recipient_history(request, recipient_id):
    recipient = recipient_for(request, recipient_id)
    # Seen by the serving circle only (the gate): names in full, phones masked (issue 9 item 2).
    page, rows = history_page(recipient, page_number=request.GET.get("page"), masked=False)
    return render(request, "history.html", {"object": recipient, "page": page, "rows": rows,
                                            "back_url": recipient.get_absolute_url()})


@rule("recipient", "visit")
@require_http_methods(["GET", "POST"])
def visit_new(request, recipient_id):
    """R17: record a home or phone visit."""
    recipient = recipient_for(request, recipient_id, "visit")
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_visit(actor=request.user, recipient=recipient, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect(recipient)
    return render(request, "services/simple_form.html", {
        "title": _("Visit to %(name)s") % {"name": recipient.name}, "form": form,
        "back_url": recipient.get_absolute_url()})


@rule("station", "recipients")
def visits_due(request, station_id):
    """R17: key-group recipients due or overdue for a visit, for the workers and the township."""
    station = services_station_for(request, station_id, "recipients")
    page = Paginator(queries.visits_due(principal(request), station), settings.PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "services/visits_due.html", {"station": station, "page": page, "today": today()})


# --- projects ---------------------------------------------------------------------------------------------------
def _year(request) -> int:
    return year_from(request.GET.get("year"))


@rule("station")
def project_list(request, station_id):
    """R17.1–R17.3: the station's "1+X+1" portfolio for a year, checked."""
    station = services_station_for(request, station_id)
    year = _year(request)
    projects = list(queries.portfolio_projects(station, year))
    finding = portfolio_finding(portfolio([station.pk], year).get(station.pk, {}), year)
    return render(request, "services/project_list.html", {
        "station": station, "projects": projects, "year": year, "finding": finding,
        "can_plan": principal(request).can_station("plan", station, policy=STATION_SERVICES_POLICY),
        "years": range(today().year + 1, today().year - 4, -1),
    })


@rule("station", "plan")
@require_http_methods(["GET", "POST"])
def project_new(request, station_id):
    station = services_station_for(request, station_id, "plan")
    form = ProjectForm(request.POST or None, station=station,
                       initial={"year": today().year, "status": Project.Status.PLANNED, "budget": 0,
                                "reason": _("Project planned")})
    if request.method == "POST" and form.is_valid():
        try:
            project = actions.create_project(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The project is recorded."))
            return redirect(project)
    return render(request, "services/simple_form.html", {
        "title": _("New project"), "form": form, "back_url": reverse("services:project_list", args=[station.pk])})


@rule("project")
def project_detail(request, project_id):
    project = project_for(request, project_id)
    p = principal(request)
    return render(request, "services/project_detail.html", {
        "project": project,
        "can_change": p.can_station("change", project.station, policy=PROJECT_POLICY),
        "case_count": project.cases.count(),
    })


@rule("project", "change")
@require_http_methods(["GET", "POST"])
def project_edit(request, project_id):
    project = project_for(request, project_id, "change")
    initial = {f: getattr(project, f) for f in actions.PROJECT_FIELDS}
    form = ProjectForm(request.POST or None, station=project.station, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_project(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The project is saved."))
            return redirect(project)
    return render(request, "services/simple_form.html", {"title": str(project), "form": form,
                                                         "back_url": project.get_absolute_url()})


@rule("project")
def project_history(request, project_id):
    project = project_for(request, project_id)
    page, rows = history_page(project, page_number=request.GET.get("page"))
    return render(request, "history.html", {"object": project, "page": page, "rows": rows,
                                            "back_url": project.get_absolute_url()})


# --- casework ---------------------------------------------------------------------------------------------------
@rule("station", "cases")
def case_list(request, station_id):
    station = services_station_for(request, station_id, "cases")
    state = request.GET.get("state", "open")
    if state not in {"open", ""} | set(Case.State.values):
        state = "open"
    page = Paginator(queries.station_cases(station, state=state), settings.PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "services/case_list.html", {"station": station, "page": page, "state": state,
                                                       "states": Case.State.choices})


@rule("recipient", "open_case")
@require_http_methods(["GET", "POST"])
def case_new(request, recipient_id):
    """R18 intake: a case for the recipient within one of the station's projects."""
    recipient = recipient_for(request, recipient_id, "open_case")
    form = OpenCaseForm(request.POST or None, station=recipient.station)
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.open_case(actor=request.user, recipient=recipient, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The case is open."))
            return redirect(case)
    return render(request, "services/simple_form.html", {
        "title": _("New case for %(name)s") % {"name": recipient.name}, "form": form,
        "back_url": recipient.get_absolute_url()})


@rule("case")
def case_detail(request, case_id):
    case = case_for(request, case_id)
    p = principal(request)
    can_change = p.can_station("change", case.station, policy=CASE_POLICY)
    return render(request, "services/case_detail.html", {
        "case": case, "records": list(case.records.select_related("worker")[:100]),
        "status_changes": workflow.changes(case),
        "can_change": can_change, "can_review": p.can_station("review", case.station, policy=CASE_POLICY),
        "record_form": ServiceRecordForm() if can_change and case.state in Case.RECORDING_STATES else None,
    })


@rule("case", "change")
@require_http_methods(["GET", "POST"])
def case_move(request, case_id):
    """R18: one step along the case's transition table, with the fields that step needs."""
    case = case_for(request, case_id, "change")
    to = request.POST.get("to") or request.GET.get("to") or (case.allowed_moves() or [""])[0]
    if to not in Case.State.values:
        to = case.allowed_moves()[0] if case.allowed_moves() else Case.State.ASSESSMENT
    initial = {f: getattr(case, f) for f in actions.STAGE_FIELDS}
    form = move_form_class(to)(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_case(actor=request.user, case=case, to=to, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The case moved to “%(state)s”.") % {"state": Case.State(to).label})
            return redirect(case)
    return render(request, "services/case_move.html", {"case": case, "form": form, "to": to,
                                                       "to_label": Case.State(to).label})


@rule("case", "change")
@require_http_methods(["GET", "POST"])
def case_record(request, case_id):
    """R4, R18: a service record of the case (date, duration, kind, notes)."""
    case = case_for(request, case_id, "change")
    form = ServiceRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_service_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The service is recorded."))
            return redirect(case)
    return render(request, "services/simple_form.html", {
        "title": _("Service record for %(case)s") % {"case": case}, "form": form,
        "back_url": case.get_absolute_url()})


@rule("case", "change")
@require_http_methods(["GET", "POST"])
def case_review_request(request, case_id):
    case = case_for(request, case_id, "change")
    form = ReviewRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_review(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The supervisor is asked to review the case."))
            return redirect(case)
    return render(request, "services/simple_form.html", {
        "title": _("Ask for a supervisor's review"), "form": form, "back_url": case.get_absolute_url()})


@rule("case", "review")
@require_http_methods(["GET", "POST"])
def case_review(request, case_id):
    case = case_for(request, case_id, "review")
    form = GuidanceForm(request.POST or None, initial={"guidance": case.review_note})
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_case(actor=request.user, case=case, guidance=form.cleaned_data["guidance"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your guidance is recorded."))
            return redirect(case)
    return render(request, "services/simple_form.html", {
        "title": _("Guidance on %(case)s") % {"case": case}, "form": form, "back_url": case.get_absolute_url()})


@rule("case")
def case_history(request, case_id):
    case = case_for(request, case_id)
    # Seen by the serving circle only (the gate): names in full, phones masked (issue 9 item 2).
    page, rows = history_page(case, page_number=request.GET.get("page"), masked=False)
    return render(request, "history.html", {"object": case, "page": page, "rows": rows,
                                            "status_changes": workflow.changes(case),
                                            "back_url": case.get_absolute_url()})


# --- the worker's day -------------------------------------------------------------------------------------------
@rule("roles", roles=[Role.WORKER])
@require_http_methods(["GET", "POST"])
def my_day(request):
    """My open cases with the next step due, visits due, this week's records; a quick service record."""
    p = principal(request)
    day = queries.my_day(request.user, p)
    cases = Case.objects.filter(pk__in=[c.pk for c in day["cases"] if c.state in Case.RECORDING_STATES])
    form = QuickRecordForm(request.POST or None, cases=cases.select_related("recipient"))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        case = data.pop("case")
        try:
            actions.add_service_record(actor=request.user, case=case, **data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The service is recorded."))
            return redirect("services:my_day")
    return render(request, "services/my_day.html", {**day, "form": form})


# --- figures ----------------------------------------------------------------------------------------------------
@rule("roles", roles=[Role.CITY, Role.DISTRICT, Role.AUDITOR])
def figures_overview(request):
    """District and city see figures (DESIGN.md): per station, counts and the R17/R18 findings; no names."""
    p = principal(request)
    year = _year(request)
    stations = p.stations((Role.CITY, Role.DISTRICT, Role.AUDITOR)).select_related("district").order_by(
        "township__code")
    rows = queries.overview(list(stations), year)  # every station: grouped by district with subtotals (lane lists)
    ids = [r["station"].pk for r in rows]  # R17.3: the volunteers' figures, one query each
    volunteers, hours = active_volunteers(ids, year=year), volunteer_hours(ids, year=year)
    for r in rows:
        r["volunteers"], r["volunteer_hours"] = volunteers.get(r["station"].pk, 0), hours.get(r["station"].pk, 0)
    groups, total = overview_exports.by_district(rows)
    if wants_xlsx(request):
        return overview_exports.overview_xlsx(request, groups, total, year)
    return render(request, "services/figures_overview.html", {"rows": rows, "groups": groups, "total": total,
                                                              "year": year,
                                                              "years": range(today().year, today().year - 5, -1)})

@rule("station")
def station_figures(request, station_id):
    """R4, R17: counts of services by month, kind, project and village; people served vs service times."""
    station = services_station_for(request, station_id)
    year = _year(request)
    return render(request, "services/figures.html", {"station": station, "year": year,
                                                     "kind_labels": dict(ServiceKind.choices),
                                                     "volunteers": queries_volunteers.station_totals(station,
                                                                                                     year=year),
                                                     **queries.figures(station, year)})
