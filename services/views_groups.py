"""Views of group work, community activities and needs surveys (R17 field research, R18). Thin: gate, form, action."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import workflow
from ningbo_sws.lib.forms import form_error
from stations.access import principal, rule

from . import actions
from .access import (
    GROUP_POLICY,
    STATION_SERVICES_POLICY,
    activity_for,
    group_for,
    services_station_for,
    survey_for,
)
from .forms import (
    ActivityForm,
    EvaluationForm,
    GroupForm,
    GroupMoveForm,
    MembersForm,
    SessionForm,
    SurveyForm,
)
from .models import CommunityActivity, NeedsSurvey, WorkGroup


def _form_page(request, title, form, back_url, template="services/simple_form.html"):
    return render(request, template, {"title": title, "form": form, "back_url": back_url})


# --- group work -------------------------------------------------------------------------------------------------
@rule("station", "groups")
def group_list(request, station_id):
    station = services_station_for(request, station_id, "groups")
    groups = (WorkGroup.objects.filter(station=station).select_related("project", "worker")
              .order_by("-created_at", "-id"))
    page = Paginator(groups, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/group_list.html", {
        "station": station, "page": page,
        "can_plan": principal(request).can_station("plan", station, policy=STATION_SERVICES_POLICY)})


@rule("station", "plan")
@require_http_methods(["GET", "POST"])
def group_new(request, station_id):
    station = services_station_for(request, station_id, "plan")
    form = GroupForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            group = actions.create_group(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The group is planned."))
            return redirect(group)
    return _form_page(request, _("New group"), form, reverse("services:group_list", args=[station.pk]))


@rule("group")
def group_detail(request, group_id):
    group = group_for(request, group_id)
    can_change = principal(request).can_station("change", group.station, policy=GROUP_POLICY)
    return render(request, "services/group_detail.html", {
        "group": group, "members": list(group.members.select_related("village").order_by("name")),
        "sessions": list(group.sessions.prefetch_related("attended")), "can_change": can_change,
        "moves": [WorkGroup.State(t) for t in WorkGroup.workflow.targets(group.state)],
        "status_changes": workflow.changes(group),
    })


@rule("group", "change")
@require_http_methods(["GET", "POST"])
def group_members(request, group_id):
    group = group_for(request, group_id, "change")
    form = MembersForm(request.POST or None, station=group.station, initial={"members": group.members.all()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_group_members(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The members are saved."))
            return redirect(group)
    return _form_page(request, _("Members of %(group)s") % {"group": group}, form, group.get_absolute_url())


@rule("group", "change")
@require_http_methods(["GET", "POST"])
def group_move(request, group_id):
    """R18: start a group, or close it with its evaluation."""
    group = group_for(request, group_id, "change")
    to = request.POST.get("to") or request.GET.get("to") or WorkGroup.State.RUNNING
    form = GroupMoveForm(request.POST or None, initial={"evaluation": group.evaluation})
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_group(actor=request.user, group=group, to=to, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The group is saved."))
            return redirect(group)
    label = dict(WorkGroup.State.choices).get(to, to)
    return render(request, "services/group_move.html", {"group": group, "form": form, "to": to, "label": label})


@rule("group", "change")
@require_http_methods(["GET", "POST"])
def session_new(request, group_id):
    group = group_for(request, group_id, "change")
    form = SessionForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_group_session(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The session is recorded."))
            return redirect(group)
    return _form_page(request, _("Session of %(group)s") % {"group": group}, form, group.get_absolute_url())


# --- community activities ---------------------------------------------------------------------------------------
@rule("station", "groups")
def activity_list(request, station_id):
    station = services_station_for(request, station_id, "groups")
    activities = (CommunityActivity.objects.filter(station=station).select_related("project", "village")
                  .order_by("-held_on", "-id"))
    page = Paginator(activities, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/activity_list.html", {
        "station": station, "page": page,
        "can_plan": principal(request).can_station("plan", station, policy=STATION_SERVICES_POLICY)})


@rule("station", "plan")
@require_http_methods(["GET", "POST"])
def activity_new(request, station_id):
    station = services_station_for(request, station_id, "plan")
    form = ActivityForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            activity = actions.create_activity(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The activity is recorded."))
            return redirect(activity)
    return _form_page(request, _("New community activity"), form,
                      reverse("services:activity_list", args=[station.pk]))


@rule("activity")
def activity_detail(request, activity_id):
    activity = activity_for(request, activity_id)
    return render(request, "services/activity_detail.html", {
        "activity": activity, "named": list(activity.named.order_by("name")),
        # the volunteers' hours at it: the casework circle that sees the activity serves them too (R22)
        "volunteer_services": list(activity.volunteer_services.select_related("volunteer").order_by("-hours", "id")),
        "can_change": principal(request).can_station("change", activity.station, policy=GROUP_POLICY)})


@rule("activity", "change")
@require_http_methods(["GET", "POST"])
def activity_evaluate(request, activity_id):
    activity = activity_for(request, activity_id, "change")
    form = EvaluationForm(request.POST or None, initial={"evaluation": activity.evaluation})
    if request.method == "POST" and form.is_valid():
        try:
            actions.evaluate_activity(actor=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The evaluation is saved."))
            return redirect(activity)
    return _form_page(request, _("Evaluation of %(activity)s") % {"activity": activity}, form,
                      activity.get_absolute_url())


# --- needs surveys ----------------------------------------------------------------------------------------------
@rule("station")
def survey_list(request, station_id):
    station = services_station_for(request, station_id)
    surveys = NeedsSurvey.objects.filter(station=station).prefetch_related("projects").order_by("-conducted_on")
    page = Paginator(surveys, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "services/survey_list.html", {
        "station": station, "page": page,
        "can_plan": principal(request).can_station("plan", station, policy=STATION_SERVICES_POLICY)})


@rule("station", "plan")
@require_http_methods(["GET", "POST"])
def survey_new(request, station_id):
    station = services_station_for(request, station_id, "plan")
    form = SurveyForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            survey = actions.create_survey(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The survey is recorded."))
            return redirect(survey)
    return _form_page(request, _("New needs survey"), form, reverse("services:survey_list", args=[station.pk]))


@rule("survey")
def survey_detail(request, survey_id):
    survey = survey_for(request, survey_id)
    return render(request, "services/survey_detail.html", {"survey": survey, "projects": list(survey.projects.all())})
