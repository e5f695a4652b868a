"""archives: the views of the management part (R19–R24). Thin: gate, form, one action, response."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import workflow
from ningbo_sws.lib.compliance import current_year
from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.uploads import serve
from stations.access import principal, rule
from stations.models import StatusChange

from . import actions_management as actions
from .access_management import HOME_ROLES, can, rules_station_for, system_for, version_for
from .forms_management import MoveForm, SystemForm, VersionFields
from .models_management import REQUIRED_KINDS, RuleVersion, SystemKind
from .systems import check_r24, system_states


def _systems(station):
    """The station's systems, each with its versions newest first (two queries)."""
    versions = RuleVersion.objects.select_related("written_by").order_by("-number")
    return list(station.management_systems.prefetch_related(Prefetch("versions", queryset=versions)))


def _summary(system):
    """(system, version in force, version in progress) from the prefetched versions."""
    versions = list(system.versions.all())
    in_force = next((v for v in versions if v.status == RuleVersion.Status.APPROVED), None)
    pending = next((v for v in versions if v.status in RuleVersion.IN_PROGRESS), None)
    return system, in_force, pending


@rule("roles", roles=HOME_ROLES)
def rules_home(request):
    """The stations one keeps or oversees, each with how many of the five required systems are approved and its
    R19–R24 finding for this year; a page of stations, a fixed number of queries."""
    p = principal(request)
    stations = p.stations(HOME_ROLES).select_related("township", "district").order_by("township__code")
    page = Paginator(stations, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    year = current_year()
    rows = list(page.object_list)
    states = system_states([s.pk for s in rows], year=year)
    findings = check_r24(rows, year=year)
    return render(request, "archives/management/home.html", {
        "page": page, "year": year,
        "rows": [(s, sum(states.get(s.pk, {}).values()), findings[s.pk]) for s in rows]})


@rule("rules")
def rules_list(request, station_id):
    """R19–R24: the station's systems, the five required ones listed even when missing."""
    station = rules_station_for(request, station_id)
    status = request.GET.get("status", "")
    summaries = [_summary(s) for s in _systems(station)]
    if status in RuleVersion.Status.values:
        summaries = [row for row in summaries if row[2] is not None and row[2].status == status]
    present = {s.kind for s, _v, _p in summaries}
    missing = [] if status else [SystemKind(k) for k in REQUIRED_KINDS if k not in present]
    year = current_year()
    return render(request, "archives/management/list.html", {
        "station": station, "summaries": summaries, "missing": missing, "status": status,
        "statuses": RuleVersion.Status.choices, "year": year, "finding": check_r24([station], year=year)[station.pk],
        "can_draft": can(principal(request), "draft", station)})


def _render_form(request, station, form, title, back_url):
    return render(request, "archives/management/form.html", {
        "form": form, "station": station, "title": title, "back_url": back_url})


@rule("rules", "draft")
@require_http_methods(["GET", "POST"])
def rules_new(request, station_id):
    """A new system of the station (one of the five, or its own under R24) with its first draft."""
    station = rules_station_for(request, station_id, "draft")
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in SystemKind.values else None
    form = SystemForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.create_system(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The draft is saved. Submit it for approval when it is ready."))
            return redirect(version)
    return _render_form(request, station, form, _("A new management system"),
                        reverse("archives:rules_list", args=[station.pk]))


@rule("rule_system")
def rules_system(request, station_id, system_id):
    """A system: the version in force, every version, and every status change."""
    system = system_for(request, station_id, system_id)
    versions = list(system.versions.select_related("written_by", "decided_by").order_by("-number"))
    in_force = next((v for v in versions if v.status == RuleVersion.Status.APPROVED), None)
    pending = next((v for v in versions if v.status in RuleVersion.IN_PROGRESS), None)
    return render(request, "archives/management/system.html", {
        "system": system, "station": system.station, "versions": versions, "in_force": in_force,
        "pending": pending, "can_draft": can(principal(request), "draft", system.station),
        "status_changes": _changes_of(versions), "with_subject": True})


def _changes_of(versions):
    """The status changes of the versions, each naming its version (already loaded: no query per row)."""
    by_pk = {v.pk: v for v in versions}
    changes = list(StatusChange.objects.of_many(versions))
    for change in changes:
        change.target = by_pk[int(change.object_id)]
    return changes


@rule("rule_system", "draft")
@require_http_methods(["GET", "POST"])
def rules_draft(request, station_id, system_id):
    """A new version of a system; the version in force stays until the new one is approved."""
    system = system_for(request, station_id, system_id, "draft")
    in_force = system.versions.filter(status=RuleVersion.Status.APPROVED).first()
    initial = {"text": in_force.text} if in_force is not None and request.method == "GET" else None
    form = VersionFields(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.draft_version(actor=request.user, system=system, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The draft is saved. Submit it for approval when it is ready."))
            return redirect(version)
    return _render_form(request, system.station, form,
                        _("A new version of “%(system)s”") % {"system": system.title}, system.get_absolute_url())


@rule("rule_version")
def rules_version(request, station_id, version_id):
    version = version_for(request, station_id, version_id)
    p, station = principal(request), version.system.station
    may_draft, may_approve = can(p, "draft", station), can(p, "approve", station)
    submitted = version.status == RuleVersion.Status.SUBMITTED
    return render(request, "archives/management/version.html", {
        "version": version, "system": version.system, "station": station,
        "may_edit": may_draft and version.editable,
        "may_decide": may_approve and submitted and version.written_by_id != request.user.pk,
        "own_submitted": may_approve and submitted and version.written_by_id == request.user.pk,
        "status_changes": workflow.changes(version),
        # one form per move on the page, each with its own element ids
        **{f"{move}_form": MoveForm(auto_id=f"id_{move}_%s") for move in ("submit", "approve", "return")}})


@rule("rule_version")
def rules_file(request, station_id, version_id):
    version = version_for(request, station_id, version_id)
    if not version.has_file:
        raise Http404
    return serve(version)


@rule("rule_version", "draft")
@require_http_methods(["GET", "POST"])
def rules_edit(request, station_id, version_id):
    """Change a draft or a version sent back."""
    version = version_for(request, station_id, version_id, "draft")
    initial = {"text": version.text, "change_note": version.change_note}
    form = VersionFields(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_version(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The version is saved."))
            return redirect(version)
    return _render_form(request, version.system.station, form,
                        _("Change “%(version)s”") % {"version": version}, version.get_absolute_url())


def _move(request, station_id, version_id, *, action, do, title, done):
    version = version_for(request, station_id, version_id, action)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do(actor=request.user, version=version, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(version)
    return render(request, "archives/management/move.html", {
        "form": form, "version": version, "station": version.system.station, "title": title})


@rule("rule_version", "draft")
@require_http_methods(["GET", "POST"])
def rules_submit(request, station_id, version_id):
    return _move(request, station_id, version_id, action="draft", do=actions.submit_version,
                 title=_("Submit for approval"), done=_("The version is submitted for approval."))


@rule("rule_version", "approve")
@require_http_methods(["GET", "POST"])
def rules_approve(request, station_id, version_id):
    return _move(request, station_id, version_id, action="approve", do=actions.approve_version,
                 title=_("Approve"), done=_("The version is approved and in force."))


@rule("rule_version", "approve")
@require_http_methods(["GET", "POST"])
def rules_return(request, station_id, version_id):
    return _move(request, station_id, version_id, action="approve", do=actions.return_version,
                 title=_("Send back"), done=_("The version is sent back to its author."))

