"""Views of the access model (roles granted and revoked by the bureaus) and of the audit (for the auditor)."""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from simple_history.manager import HistoryManager
from simple_history.models import registered_models

from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.history import (
    change_log_page,
    history_page,
    kind_label,
    link_records,
    local_time,
    person_name,
)
from ningbo_sws.lib.words import user_name

from . import accounts, actions, queries
from .access import assignment_for, principal, rule
from .forms import GrantForm, ReasonForm
from .models import AccessLog, Role, SignInEvent, Station

BUREAUS = (Role.CITY, Role.DISTRICT)


@rule("roles", roles=(Role.CITY, Role.DISTRICT, Role.AUDITOR))
def assignment_list(request):
    p = principal(request)
    role = request.GET.get("role", "")
    role = role if role in Role.values else ""
    include_revoked = request.GET.get("revoked") == "1"
    assignments = queries.visible_assignments(p, include_revoked=include_revoked, role=role)
    page = Paginator(assignments, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stations/assignment_list.html", {
        "page": page, "roles": Role.choices, "role": role, "include_revoked": include_revoked,
        "can_grant": p.has_role(*BUREAUS),
    })


@rule("roles", "change", roles=BUREAUS)
@require_http_methods(["GET", "POST"])
def grant(request):
    """Grant a role (opening the account first when the user is new), as a recorded action."""
    p = principal(request)
    form = GrantForm(request.POST or None, stations=p.stations((Role.CITY, Role.DISTRICT)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # a refused grant leaves no account behind
                user = data["user"] or actions.create_user(
                    actor=request.user, username=data["username"], full_name=data["full_name"],
                    password=data["password"],
                )
                assignment = actions.grant_role(actor=request.user, user=user, role=data["role"],
                                                division=data["division_code"], station=data["station"],
                                                reason=data["reason"])
        except PermissionDenied:
            form.add_error(None, _("You may not grant this role at this scope."))
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The role is granted."))
            return redirect(assignment)
    return render(request, "stations/grant_form.html", {"form": form})


@rule("assignment")
def assignment_detail(request, assignment_id):
    assignment = assignment_for(request, assignment_id)
    page, rows = history_page(assignment, page_number=request.GET.get("page"))
    return render(request, "stations/assignment_detail.html", {
        "assignment": assignment, "page": page, "rows": rows,
        "can_revoke": assignment.is_active and principal(request).can_revoke(assignment),
    })


@rule("assignment", "change")
@require_http_methods(["GET", "POST"])
def revoke(request, assignment_id):
    assignment = assignment_for(request, assignment_id, "change")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.revoke_role(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The role is revoked."))
            return redirect(assignment)
    return render(request, "stations/confirm.html", {
        "form": form, "title": _("Revoke: %(assignment)s of %(user)s") % {
            "assignment": assignment, "user": user_name(assignment.user)},
        "back_url": assignment.get_absolute_url(),
    })


@rule("signed_in")
@require_http_methods(["GET", "POST"])
def password_change(request):
    """Set one's own password: required after a first sign-in with a password someone else set (issue 9 item 1)."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_password(actor=request.user, user=request.user, password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error("new_password1", exc.messages)
        else:
            update_session_auth_hash(request, request.user)
            accounts.clear_flag(request)
            messages.success(request, _("Your password is changed."))
            return redirect("home")
    return render(request, "registration/password_change.html", {
        "form": form, "required": bool(request.session.get(accounts.SESSION_KEY)),
    })


# --- audit --------------------------------------------------------------------------------------------------------
@rule("roles", roles=(Role.AUDITOR,))
def access_log(request):
    """The append-only log of reveals and exports of personal data."""
    entries = AccessLog.objects.select_related("user", "station")
    action = request.GET.get("action", "")
    if action in AccessLog.Action.values:
        entries = entries.filter(action=action)
    page = Paginator(entries, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stations/access_log.html",
                  {"page": page, "actions": AccessLog.Action.choices, "action": action})


def tracked_models() -> dict:
    """Every model with a change history, by label: found through simple-history's registry so later apps'
    models appear here without code. Only models with their own history manager: the many-to-many tables that
    simple-history records beside a model (`meeting-staffmember`) have none and are not a kind of record."""
    app_labels = {c.label for c in apps.get_app_configs()}
    found = [
        m for m in registered_models.values()
        if m._meta.app_label in app_labels and not m._meta.auto_created
        and isinstance(getattr(m, "history", None), HistoryManager)
    ]
    return {m._meta.label_lower: m for m in sorted(found, key=lambda m: m._meta.label_lower)}


EXPORT_MAX_ROWS = 5000  # one sheet of the change log; narrow the dates for more
SIGNINS = "stations.signinevent"  # the sign-in events, shown in the change log as one more kind (lane: history)


def _log_filters(request) -> dict:
    """The change log's filters from the query string: dates (YYYY-MM-DD), person (user id), station (id)."""
    from django.contrib.auth import get_user_model
    from django.utils.dateparse import parse_date

    def date(name):
        try:
            return parse_date(request.GET.get(name) or "")
        except ValueError:
            return None

    def pk(name):
        value = request.GET.get(name) or ""
        return int(value) if value.isdigit() else None

    user_id, station_id = pk("person"), pk("station")
    return {"since": date("since"), "until": date("until"),
            "user": get_user_model().objects.filter(pk=user_id).first() if user_id else None,
            "station": Station.objects.filter(pk=station_id).first() if station_id else None}


def _signin_events(filters):
    events = SignInEvent.objects.select_related("user")
    if filters["since"]:
        events = events.filter(at__date__gte=filters["since"])
    if filters["until"]:
        events = events.filter(at__date__lte=filters["until"])
    if filters["user"] is not None:
        events = events.filter(Q(user=filters["user"]) | Q(user=None, username=filters["user"].get_username()))
    if filters["station"] is not None:
        events = events.filter(user__role_assignments__station=filters["station"]).distinct()
    return events


@rule("roles", roles=(Role.AUDITOR,))
@require_http_methods(["GET", "POST"])
def change_log(request):
    """Every change to every history-tracked record, newest first, one kind of record at a time, and the sign-in
    events. The auditor reads who changed what, when and why; records appear by kind and number and personal
    fields masked (issue 9 item 2): the auditor is outside every circle that serves a person. Filters by date,
    person and station; a POST exports what the filters select as .xlsx, logged as an export (issue 13 item 1)."""
    from django.contrib.auth import get_user_model

    labels = tracked_models()
    kinds = [(label, kind_label(m)) for label, m in labels.items()] + [(SIGNINS, kind_label(SignInEvent))]
    data = request.POST if request.method == "POST" else request.GET
    chosen = data.get("model") or next(iter(labels), "")
    if chosen not in labels and chosen != SIGNINS:
        raise Http404
    filters = _log_filters(request)
    exporting = request.method == "POST"
    per_page, page_number = (EXPORT_MAX_ROWS, 1) if exporting else (settings.PAGE_SIZE, request.GET.get("page"))
    if chosen == SIGNINS:
        page = Paginator(_signin_events(filters), per_page).get_page(page_number)
        rows = [SignInRow(e) for e in page]
    else:
        page, rows = change_log_page(labels[chosen], page_number=page_number, per_page=per_page,
                                     masked=True, **filters)
        link_records(labels[chosen], rows)
    if exporting:
        return _export_change_log(request, chosen, dict(kinds)[chosen], rows)
    people = get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")
    return render(request, "stations/change_log.html", {
        "page": page, "rows": rows, "chosen": chosen, "models": kinds, "signins": chosen == SIGNINS,
        "filters": filters, "people": [(u.pk, person_name(u)) for u in people],
        "stations": Station.objects.order_by("township__code").values_list("pk", "name"),
        "query": request.GET.urlencode(),
    })


class SignInRow:
    """A sign-in event in people's words: local time, the person's name (or the username tried), the outcome."""

    def __init__(self, event):
        self.when = event.at
        self.who = person_name(event.user) if event.user is not None else event.username
        self.kind = event.get_outcome_display()
        self.address = event.ip_address or "—"
        self.reason, self.changes, self.record, self.url = "", [], "", ""


def _export_change_log(request, chosen, kind, rows):
    from ningbo_sws.lib import export

    actions.log_export(actor=request.user, target_type=chosen, table=_("change log: %(kind)s") % {"kind": kind},
                       rows=len(rows), ip_address=request.META.get("REMOTE_ADDR"))
    headers = [_("Time"), _("Person"), _("Change"), _("Record"), _("What changed"), _("Reason")]
    body = [[local_time(r.when), r.who, r.kind, r.record or r.address,
             "\n".join(f"{c.field}: {c.old} → {c.new}" for c in r.changes), r.reason] for r in rows]
    response = export.xlsx_response(f"change-log-{chosen}.xlsx", [export.Sheet(str(kind), headers, body)])
    response["Cache-Control"] = "no-store"
    return response


def grants_panel(request, p) -> str:
    """The township officer's start page: who was given or lost access at their station lately."""
    return render_to_string("stations/_grants_panel.html", {
        "changes": queries.recent_access_changes(p), "days": queries.GRANTS_PANEL_DAYS}, request=request)
