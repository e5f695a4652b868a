"""Views of the staffing app. Thin: gate, form, one action, response."""

import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import workflow
from ningbo_sws.lib.caching import no_store
from ningbo_sws.lib.compliance import current_year
from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.history import history_page
from ningbo_sws.lib.uploads import serve
from stations.access import division_for, principal, rule
from stations.exports import wants_xlsx
from stations.models import STATION_GRANTS, Division, Role, RoleAssignment, Station, StationUserObjectPermission

from . import actions, exports, forms, importer, queries
from .access import (
    STAFF_POLICY,
    SUPERVISION_POLICY,
    meeting_for,
    session_for,
    staff_member_for,
    staff_station_for,
    supervision_station_for,
)
from .models import ActionItem, Meeting, Post, StaffMember, SupervisionSession, Training
from .rules import RULES


def _page(request, qs):
    return Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))


def _client_ip(request):
    return request.META.get("REMOTE_ADDR")


# --- my stations ------------------------------------------------------------------------------------------------
@rule("roles", roles=[Role.TOWNSHIP, Role.WORKER])
def my_staff(request):
    """The stations whose staff the township officer or worker keeps."""
    stations = principal(request).stations([Role.TOWNSHIP, Role.WORKER]).select_related("township", "district")
    return render(request, "staffing/my_staff.html", {"stations": stations})


# --- a station's staff ------------------------------------------------------------------------------------------
@rule("staff")
def station_staff(request, station_id):
    """R5 roster, R12/R19 posts, villages without a liaison, figures and the station's staffing findings."""
    station = staff_station_for(request, station_id)
    show_left = request.GET.get("left") == "1"
    roster = StaffMember.objects.filter(station=station, left_on__isnull=not show_left).select_related("operator")
    roster = roster.prefetch_related(Prefetch("posts", queryset=Post.objects.filter(queries.current_posts())))
    posts = (Post.objects.filter(queries.current_posts(), station=station).select_related("holder", "village")
             .order_by("kind", "village__code"))
    stations = [station]
    return render(request, "staffing/station_staff.html", {
        "station": station,
        "page": _page(request, roster.order_by("name", "id")),
        "show_left": show_left,
        "posts": posts,
        "missing_villages": queries.villages_without_liaison(stations)[station.pk],
        "figures": queries.figures([station.pk])[station.pk],
        "findings": [(r, r.check(stations, year=current_year())[station.pk]) for r in RULES],
        "can_change": principal(request).can_station("change", station, policy=STAFF_POLICY),
    })


@rule("staff", "change")
@require_http_methods(["GET", "POST"])
def staff_add(request, station_id):
    station = staff_station_for(request, station_id, "change")
    form = forms.StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            member = actions.add_staff_member(actor=request.user, station=station, reason=reason, **data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("%(name)s is on the staff.") % {"name": member.name})
            return redirect("staffing:station_staff", station_id=station.pk)
    return render(request, "staffing/form.html", {
        "form": form, "station": station, "title": _("Add a person to the staff"),
        "back_url": station_staff_url(station)})


def station_staff_url(station):
    return reverse("staffing:station_staff", args=[station.pk])


@rule("staff", "change")
@require_http_methods(["GET", "POST"])
def staff_import(request, station_id):
    """Import a staff list from .xlsx: a row-by-row report; nothing imported from a file with errors unless the
    user chooses to import only the good rows."""
    station = staff_station_for(request, station_id, "change")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report, seconds = None, None
    if request.method == "POST" and form.is_valid():
        started = time.monotonic()
        try:
            report = importer.import_staff(actor=request.user, station=station, file=form.cleaned_data["file"],
                                           reason=form.cleaned_data["reason"],
                                           good_rows_only=form.cleaned_data["good_rows_only"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            seconds = time.monotonic() - started
            if report.saved:
                messages.success(request, _("%(n)d people imported.") % {"n": report.saved})
    return render(request, "staffing/import.html", {"form": form, "station": station, "report": report,
                                                    "seconds": seconds})


@rule("staff", "change")
@require_http_methods(["GET", "POST"])
def post_add(request, station_id):
    """R19: a post with written duties and dates; R12: head, deputy, liaisons per village."""
    station = staff_station_for(request, station_id, "change")
    form = forms.PostForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_post(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The post is recorded."))
            return redirect("staffing:station_staff", station_id=station.pk)
    return render(request, "staffing/form.html", {
        "form": form, "station": station, "title": _("Add a post"), "back_url": station_staff_url(station)})


# --- one person -------------------------------------------------------------------------------------------------
@rule("staff_member")
def staff_detail(request, member_id):
    member = staff_member_for(request, member_id)
    p = principal(request)
    year = timezone.localdate().year
    return render(request, "staffing/staff_detail.html", {
        "member": member,
        "posts": member.posts.select_related("station", "village").order_by("-starts_on"),
        "training_hours": queries.training_hours_per_member([member.pk], year).get(member.pk, 0),
        "year": year,
        "can_change": p.can_station("change", member.station, policy=STAFF_POLICY),
        "can_reveal": p.can_station("reveal", member.station, policy=STAFF_POLICY),
    })


@rule("staff_member", "reveal")
@require_http_methods(["GET", "POST"])
@no_store
def staff_reveal_id(request, member_id):
    """A deliberate reveal of the full ID number: GET asks, POST reveals and logs in the same transaction."""
    member = staff_member_for(request, member_id, "reveal")
    number = None
    if request.method == "POST":
        number = actions.reveal_id_number(actor=request.user, member=member, ip_address=_client_ip(request))
    return render(request, "staffing/revealed.html", {"member": member, "number": number})


@rule("staff_member", "change")
@require_http_methods(["GET", "POST"])
def staff_edit(request, member_id):
    member = staff_member_for(request, member_id, "change")
    fields = ("phone", "kind", "certificate_level", "certificate_number", "certificate_date", "degree",
              "full_time", "employer_kind", "operator")
    form = forms.QualificationForm(request.POST or None, initial={f: getattr(member, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_qualification(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The record is saved."))
            return redirect(member)
    return render(request, "staffing/form.html", {
        "form": form, "station": member.station, "title": _("Edit %(name)s") % {"name": member.name},
        "back_url": member.get_absolute_url()})


@rule("staff_member", "change")
@require_http_methods(["GET", "POST"])
def staff_transfer(request, member_id):
    member = staff_member_for(request, member_id, "change")
    form = forms.TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.transfer_staff_member(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The move is recorded."))
            return redirect("staffing:station_staff", station_id=member.station_id)
    return render(request, "staffing/form.html", {
        "form": form, "station": member.station, "title": _("Move %(name)s to another station") % {
            "name": member.name}, "back_url": member.get_absolute_url()})


@rule("staff_member", "change")
@require_http_methods(["GET", "POST"])
def staff_leave(request, member_id):
    member = staff_member_for(request, member_id, "change")
    form = forms.LeavingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_leaving(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The leaving is recorded."))
            return redirect(member)
    return render(request, "staffing/form.html", {
        "form": form, "station": member.station, "title": _("%(name)s leaves the station") % {"name": member.name},
        "back_url": member.get_absolute_url()})


@rule("staff_member", "change")
@require_http_methods(["GET", "POST"])
def post_end(request, member_id, post_id):
    member = staff_member_for(request, member_id, "change")
    post = Post.objects.filter(pk=post_id, holder=member).select_related("station").first()
    if post is None:
        raise Http404
    form = forms.EndPostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_post(actor=request.user, post=post, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The post is ended."))
            return redirect(member)
    return render(request, "staffing/form.html", {
        "form": form, "station": member.station, "title": _("End the post %(post)s") % {"post": post},
        "back_url": member.get_absolute_url()})


@rule("staff_member")
def staff_history(request, member_id):
    member = staff_member_for(request, member_id)
    # Seen by the serving circle only (the gate): names in full, phones masked (issue 9 item 2).
    page, rows = history_page(member, page_number=request.GET.get("page"), masked=False)
    return render(request, "history.html", {"object": member, "page": page, "rows": rows,
                                            "back_url": member.get_absolute_url()})


# --- meetings (R20) and trainings -------------------------------------------------------------------------------
@rule("staff")
def meeting_list(request, station_id):
    station = staff_station_for(request, station_id)
    meetings = Meeting.objects.filter(station=station).prefetch_related("attendees")
    return render(request, "staffing/meeting_list.html", {
        "station": station, "page": _page(request, meetings), "per_month": queries.meetings_per_month(station.pk),
        "can_change": principal(request).can_station("change", station, policy=STAFF_POLICY)})


@rule("staff", "change")
@require_http_methods(["GET", "POST"])
def meeting_add(request, station_id):
    """R20: record a regular meeting."""
    station = staff_station_for(request, station_id, "change")
    form = forms.MeetingForm(request.POST or None, request.FILES or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.record_meeting(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect(meeting)
    return render(request, "staffing/form.html", {
        "form": form, "station": station, "title": _("Record a meeting"), "multipart": True,
        "back_url": station_staff_url(station)})


@rule("meeting")
def meeting_detail(request, meeting_id):
    meeting = meeting_for(request, meeting_id)
    return render(request, "staffing/meeting_detail.html", {
        "meeting": meeting, "attendees": meeting.attendees.all(), "attachments": meeting.attachments.all()})


@rule("meeting")
def meeting_attachment(request, meeting_id, attachment_id):
    meeting = meeting_for(request, meeting_id)
    attachment = meeting.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return serve(attachment)


@rule("staff")
def training_list(request, station_id):
    """Trainings of the station, and hours per worker this year."""
    station = staff_station_for(request, station_id)
    year = timezone.localdate().year
    trainings = Training.objects.filter(station=station).prefetch_related("attendees")
    staff = list(StaffMember.objects.filter(station=station, left_on__isnull=True).order_by("name"))
    hours = queries.training_hours_per_member([m.pk for m in staff], year)
    return render(request, "staffing/training_list.html", {
        "station": station, "page": _page(request, trainings), "year": year,
        "hours": [(m, hours.get(m.pk, 0)) for m in staff],
        "can_change": principal(request).can_station("change", station, policy=STAFF_POLICY)})


@rule("staff", "change")
@require_http_methods(["GET", "POST"])
def training_add(request, station_id):
    station = staff_station_for(request, station_id, "change")
    form = forms.TrainingForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_training(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The training is recorded."))
            return redirect("staffing:training_list", station_id=station.pk)
    return render(request, "staffing/form.html", {
        "form": form, "station": station, "title": _("Record a training"), "back_url": station_staff_url(station)})


# --- supervision (R25, R26) -------------------------------------------------------------------------------------
@rule("roles", roles=[Role.SUPERVISOR])
def my_supervision(request):
    """A supervisor's assigned stations and their sessions; nothing of other stations (R25)."""
    p = principal(request)
    stations = p.stations([Role.SUPERVISOR]).select_related("township", "district")
    sessions = SupervisionSession.objects.filter(station__in=stations).select_related("station", "supervisor")
    open_items = ActionItem.objects.filter(session__station__in=stations, status=ActionItem.Status.OPEN)
    return render(request, "staffing/my_supervision.html", {
        "stations": stations, "page": _page(request, sessions),
        "open_items": open_items.select_related("owner", "session__station").order_by("due_on")[:50]})


@rule("supervision")
def session_list(request, station_id):
    station = supervision_station_for(request, station_id)
    sessions = SupervisionSession.objects.filter(station=station).select_related("station", "supervisor")
    return render(request, "staffing/session_list.html", {
        "station": station, "page": _page(request, sessions),
        "can_record": principal(request).can_station("record", station, policy=SUPERVISION_POLICY)})


@rule("supervision", "record")
@require_http_methods(["GET", "POST"])
def session_add(request, station_id):
    """R26: a supervisor assigned to the station records a session."""
    station = supervision_station_for(request, station_id, "record")
    form = forms.SessionForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.record_session(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The supervision session is recorded."))
            return redirect(session)
    return render(request, "staffing/form.html", {
        "form": form, "station": station, "title": _("Record a supervision session"),
        "back_url": reverse_session_list(station)})


def reverse_session_list(station):
    return reverse("staffing:session_list", args=[station.pk])


@rule("session")
def session_detail(request, session_id):
    session = session_for(request, session_id)
    p = principal(request)
    return render(request, "staffing/session_detail.html", {
        "session": session, "workers": session.workers_present.all(),
        "items": session.action_items.select_related("owner"),
        "status_changes": workflow.changes_of_many(session.action_items.all()), "with_subject": True,
        "can_record": p.can_station("record", session.station, policy=SUPERVISION_POLICY),
        "can_follow_up": p.can_station("follow_up", session.station, policy=SUPERVISION_POLICY)})


@rule("session", "record")
@require_http_methods(["GET", "POST"])
def action_add(request, session_id):
    session = session_for(request, session_id, "record")
    form = forms.ActionItemForm(request.POST or None, station=session.station)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_action_item(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The action is recorded."))
            return redirect(session)
    return render(request, "staffing/form.html", {
        "form": form, "station": session.station, "title": _("Add an action"),
        "back_url": session.get_absolute_url()})


@rule("session", "follow_up")
@require_http_methods(["GET", "POST"])
def action_follow_up(request, session_id, item_id):
    session = session_for(request, session_id, "follow_up")
    item = session.action_items.filter(pk=item_id).select_related("owner").first()
    if item is None:
        raise Http404
    moves = [(item.status, item.get_status_display())] + [
        (s, ActionItem.Status(s).label) for s in ActionItem.workflow.targets(item.status)]
    form = forms.FollowUpForm(request.POST or None, choices=moves,
                              initial={"status": item.status, "follow_up": item.follow_up})
    if request.method == "POST" and form.is_valid():
        try:
            actions.follow_up_action_item(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The follow-up is recorded."))
            return redirect(session)
    return render(request, "staffing/form.html", {
        "form": form, "station": session.station, "title": _("Follow up: %(action)s") % {"action": item.text},
        "back_url": session.get_absolute_url()})


# --- figures (R5, R20, R25) for the bureaus ---------------------------------------------------------------------
@rule("roles", roles=[Role.CITY, Role.DISTRICT, Role.AUDITOR])
def figures_home(request):
    """Staffing figures per district: counts only, no people (district and city see figures)."""
    p = principal(request)
    districts = Division.objects.filter(level=Division.Level.DISTRICT).order_by("code")
    if not p.has_role(Role.CITY, Role.AUDITOR):
        districts = districts.filter(pk__in=p.districts())
    districts = list(districts)
    stations = list(Station.objects.filter(district__in=districts).only("pk", "district_id"))
    per_station = queries.figures([s.pk for s in stations])
    totals = {d.pk: queries.Figures(levels={}) for d in districts}
    for s in stations:
        totals[s.district_id].add(per_station[s.pk])
    rows = [(d, totals[d.pk]) for d in districts]
    if wants_xlsx(request):  # lane lists: the same rows as .xlsx
        return exports.districts_xlsx(request, rows)
    return render(request, "staffing/figures_home.html", {"rows": rows})


@rule("division")
def figures(request, code):
    """Per station under a division: headcount, professional vs auxiliary (R5), certificate levels, meetings,
    training and supervision hours, and the staffing findings of the report card (R5, R12, R19, R20)."""
    division = division_for(request, code)
    stations = Station.objects.select_related("township", "district").order_by("township__code")
    if division.level == Division.Level.DISTRICT:
        stations = stations.filter(district=division)
    elif division.level == Division.Level.TOWNSHIP:
        stations = stations.filter(township=division)
    elif division.level == Division.Level.VILLAGE:
        stations = stations.filter(township_id=division.parent_id)
    export = wants_xlsx(request)  # lane lists: every station under the division, not one page
    page = None if export else _page(request, stations)
    listed = list(stations if export else page.object_list)
    per_station = queries.figures([s.pk for s in listed])
    findings = {r.rule_id: r.check(listed, year=current_year()) for r in RULES}
    rows = [(s, per_station[s.pk], [findings[r.rule_id][s.pk] for r in RULES]) for s in listed]
    if export:
        return exports.stations_xlsx(request, division, rows, RULES)
    return render(request, "staffing/figures.html", {"division": division, "page": page, "rows": rows,
                                                     "rules": RULES})


# --- the district's supervision team (R25) ----------------------------------------------------------------------
def _team(district):
    """Members of the district's supervision team with their profile and the stations assigned to them."""
    team = (RoleAssignment.objects.active().filter(role=Role.SUPERVISOR, division=district)
            .select_related("user__supervisor_profile").order_by("user__username"))
    grants = (StationUserObjectPermission.objects.filter(
        permission__codename=STATION_GRANTS[Role.SUPERVISOR], content_object__district=district)
        .select_related("content_object").order_by("content_object__township__code"))
    stations_of = {}
    for grant in grants:
        stations_of.setdefault(grant.user_id, []).append(grant.content_object)
    return [(a.user, getattr(a.user, "supervisor_profile", None), stations_of.get(a.user_id, [])) for a in team]


def _district_of(division):
    if division.level in (Division.Level.CITY,):
        raise Http404
    return division if division.level == Division.Level.DISTRICT else division.district


@rule("division")
def supervision_team(request, code):
    """R25: the district's supervision team — internal or external supervisors and the stations they supervise."""
    district = _district_of(division_for(request, code))
    p = principal(request)
    can_edit = p.has_role(Role.CITY) or district.pk in p.districts()
    return render(request, "staffing/supervision_team.html", {
        "district": district, "team": _team(district), "can_edit": can_edit})


@rule("division", "team")
@require_http_methods(["GET", "POST"])
def supervision_team_profile(request, code):
    """R25: the district bureau (or the city) records whether a team member is internal or external."""
    district = _district_of(division_for(request, code))
    p = principal(request)
    if not (p.has_role(Role.CITY) or district.pk in p.districts()):
        raise PermissionDenied
    form = forms.SupervisorProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            actions.set_supervisor_profile(actor=request.user, user=data.pop("username"), **data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The supervisor's record is saved."))
            return redirect("staffing:supervision_team", code=district.code)
    return render(request, "staffing/form.html", {
        "form": form, "station": district, "title": _("Supervision team of %(district)s") % {"district": district},
        "back_url": reverse("staffing:supervision_team", args=[district.code])})


# --- the landing-page panel -------------------------------------------------------------------------------------
def home_panel(request, p):
    """For township officers, workers and supervisors: their stations' staffing figures at a glance."""
    stations = list(p.stations([Role.TOWNSHIP, Role.WORKER, Role.SUPERVISOR]).order_by("township__code")[:20])
    per_station = queries.figures([s.pk for s in stations])
    missing = queries.villages_without_liaison(stations)
    rows = [(s, per_station[s.pk], len(missing[s.pk])) for s in stations]
    return render_to_string("staffing/_home_panel.html", {"rows": rows}, request=request)
