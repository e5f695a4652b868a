"""Views of the access model (roles granted and revoked by the bureaus) and of the audit (for the auditor)."""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from simple_history.manager import HistoryManager
from simple_history.models import registered_models

from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.history import change_log_page, history_page
from ningbo_sws.lib.words import user_name

from . import accounts, actions, queries
from .access import assignment_for, principal, rule
from .forms import GrantForm, ReasonForm
from .models import AccessLog, Role

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


@rule("roles", roles=(Role.AUDITOR,))
def change_log(request):
    """Every change to every history-tracked record, newest first, one kind of record at a time. The auditor
    reads who changed what, when and why; records appear by kind and number and personal fields masked
    (issue 9 item 2): the auditor is outside every circle that serves a person."""
    labels = tracked_models()
    chosen = request.GET.get("model") or next(iter(labels), "")
    if chosen not in labels:
        raise Http404
    page, rows = change_log_page(labels[chosen], page_number=request.GET.get("page"), per_page=settings.PAGE_SIZE,
                                 masked=True)
    return render(request, "stations/change_log.html", {
        "page": page, "rows": rows, "chosen": chosen,
        "models": [(label, m._meta.verbose_name) for label, m in labels.items()],
    })


def grants_panel(request, p) -> str:
    """The township officer's start page: who was given or lost access at their station lately."""
    return render_to_string("stations/_grants_panel.html", {
        "changes": queries.recent_access_changes(p), "days": queries.GRANTS_PANEL_DAYS}, request=request)
