"""Forms of the services app: validation only; views hand cleaned data to one action."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ningbo_sws.lib.forms import AmountField, IdNumberField, PhoneField, UserChoiceField
from ningbo_sws.lib.reasons import ReasonField
from stations.models import Division, Role, RoleAssignment

from .models import (
    Case,
    Household,
    NeedsSurvey,
    Project,
    Recipient,
    Relation,
    Risk,
    ServiceKind,
    ServiceRecord,
    TargetGroup,
    Visit,
    today,
)

# An <input type=date> takes ISO dates only, whatever the language's date format.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def station_workers(station):
    """User accounts holding the worker role at the station (social workers)."""
    ids = RoleAssignment.objects.active().filter(station=station, role=Role.WORKER).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


class NotFutureDateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DATE)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and value > today():
            raise forms.ValidationError(_("The date is in the future."))
        return value


class RecipientForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    id_number = IdNumberField(required=False)
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), required=False,
                               choices=[("", "—"), *Recipient._meta.get_field("gender").choices])
    birth_date = NotFutureDateField(label=gettext_lazy("Birth date"), required=False,
                                    help_text=gettext_lazy("Taken from the ID number when one is given."))
    village = forms.ModelChoiceField(label=gettext_lazy("Village or community"), queryset=Division.objects.none())
    phone = PhoneField(required=False)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    groups = forms.MultipleChoiceField(label=gettext_lazy("Groups (R16, R17.1)"), choices=TargetGroup.choices,
                                       required=False, widget=forms.CheckboxSelectMultiple)
    consent_given = forms.BooleanField(label=gettext_lazy("The person agreed to the use of their data"),
                                       required=False)
    key_group = forms.BooleanField(label=gettext_lazy("Key-group file: needs regular visits"), required=False)
    risk = forms.ChoiceField(label=gettext_lazy("Follow-up level"), required=False,
                             choices=[("", "—"), *Risk.choices],
                             help_text=gettext_lazy("High risk: weekly; key: monthly; general: quarterly."))
    visit_every_days = forms.IntegerField(label=gettext_lazy("Visit every (days)"), min_value=1, max_value=366,
                                          required=False,
                                          help_text=gettext_lazy("Leave empty to follow the follow-up level."))
    responsible_worker = UserChoiceField(label=gettext_lazy("Responsible social worker"),
                                                queryset=get_user_model().objects.none(), required=False)
    household = forms.ModelChoiceField(label=gettext_lazy("Household"), queryset=Household.objects.none(),
                                       required=False)
    relation = forms.ChoiceField(label=gettext_lazy("Relation to the head of household"), required=False,
                                 choices=[("", "—"), *Relation.choices])
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=2000, required=False, widget=forms.Textarea)
    reason = ReasonField()

    def __init__(self, *args, station, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:  # a new record: its reason is the one the view proposes, not asked (issue 13 item 6)
            self.fields["reason"].widget = forms.HiddenInput()
        self.fields["household"].queryset = Household.objects.filter(station=station).order_by("name")
        self.fields["village"].queryset = Division.objects.filter(parent=station.township).order_by("code")
        self.fields["responsible_worker"].queryset = station_workers(station)
        if editing:
            self.fields["id_number"].help_text = _("Leave empty to keep the ID number on file.")
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=Recipient.Status.choices)

    def clean(self):
        data = super().clean()
        if data.get("key_group") and not (data.get("visit_every_days") or data.get("risk")):
            self.add_error("visit_every_days", _("A key-group file needs a visit frequency (R17)."))
        if data.get("household") and not data.get("relation"):
            self.add_error("relation", _("Give the relation to the head of household."))
        return data


class HouseholdForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Household name"), max_length=50,
                           help_text=gettext_lazy("Usually the head's name, e.g. 王秀英户."))
    village = forms.ModelChoiceField(label=gettext_lazy("Village or community"), queryset=Division.objects.none())
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=2000, required=False, widget=forms.Textarea)
    reason = ReasonField()

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Division.objects.filter(parent=station.township).order_by("code")


class SearchForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    id_number = IdNumberField(label=gettext_lazy("ID number (exact)"), search=True, required=False)
    group = forms.ChoiceField(label=gettext_lazy("Group"), choices=[("", "—"), *TargetGroup.choices],
                              required=False)


class VisitForm(forms.Form):
    visited_on = NotFutureDateField(label=gettext_lazy("Visit date"), initial=today)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Visit.Kind.choices)
    findings = forms.CharField(label=gettext_lazy("Findings"), max_length=4000, widget=forms.Textarea)
    needs = forms.CharField(label=gettext_lazy("Needs found"), max_length=2000, required=False,
                            widget=forms.Textarea)
    follow_up_due = forms.DateField(label=gettext_lazy("Follow-up due"), required=False, widget=DATE)


class ProjectForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Project.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    target_groups = forms.MultipleChoiceField(label=gettext_lazy("Target groups"), choices=TargetGroup.choices,
                                              required=False, widget=forms.CheckboxSelectMultiple)
    needs_analysis = forms.CharField(label=gettext_lazy("Needs analysis"), max_length=4000, widget=forms.Textarea)
    goals = forms.CharField(label=gettext_lazy("Goals"), max_length=4000, widget=forms.Textarea)
    indicators = forms.CharField(label=gettext_lazy("Indicators"), max_length=4000, required=False,
                                 widget=forms.Textarea)
    planned_activities = forms.CharField(label=gettext_lazy("Planned activities"), max_length=4000,
                                         required=False, widget=forms.Textarea)
    budget = AmountField(label=gettext_lazy("Budget (yuan)"), max_digits=12)
    lead = UserChoiceField(label=gettext_lazy("Project lead"), queryset=get_user_model().objects.none(), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Project.Status.choices)
    reason = ReasonField()

    def __init__(self, *args, station, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:  # a new record: its reason is the one the view proposes, not asked (issue 13 item 6)
            self.fields["reason"].widget = forms.HiddenInput()
        self.fields["lead"].queryset = station_workers(station)
        if editing:
            del self.fields["year"], self.fields["kind"]


class OpenCaseForm(forms.Form):
    project = forms.ModelChoiceField(label=gettext_lazy("Project"), queryset=Project.objects.none())
    opened_on = NotFutureDateField(label=gettext_lazy("Intake date"), initial=today)
    source = forms.ChoiceField(label=gettext_lazy("Source"), choices=Case.Source.choices)
    problem = forms.CharField(label=gettext_lazy("Main problem"), max_length=4000, widget=forms.Textarea)
    risk = forms.ChoiceField(label=gettext_lazy("Risk level"), choices=Case.Risk.choices, initial=Case.Risk.GENERAL)

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(
            station=station, status__in=[Project.Status.PLANNED, Project.Status.RUNNING]).order_by("-year", "kind")


def _step_field(name: str, *, required: bool) -> forms.Field:
    f = Case._meta.get_field(name)
    if f.choices:
        return forms.ChoiceField(label=f.verbose_name, choices=f.choices, required=required)
    if isinstance(f, models.DateField):
        return forms.DateField(label=f.verbose_name, widget=DATE, required=required)
    widget = forms.Textarea if isinstance(f, models.TextField) else None
    return forms.CharField(label=f.verbose_name, max_length=f.max_length, required=required, widget=widget)


def move_form_class(to: str):
    """The form for one move of a case: the fields its step asks for (`Case.workflow`, R18), and the reason."""
    step = next((m for m in Case.workflow if m.target == to), None)
    fields: dict = {name: _step_field(name, required=name in step.requires) for name in (step.asks if step else ())}
    fields["reason"] = ReasonField(label=gettext_lazy("Note for the history"))
    return type("CaseMoveForm", (forms.Form,), fields)


class ServiceRecordForm(forms.Form):
    served_on = NotFutureDateField(label=gettext_lazy("Date"), initial=today)
    minutes = forms.IntegerField(label=gettext_lazy("Duration (minutes)"), min_value=1, max_value=1440)
    kind = forms.ChoiceField(label=gettext_lazy("Service kind (R4)"), choices=[("", "—"), *ServiceKind.choices])
    form = forms.ChoiceField(label=gettext_lazy("Form"), choices=ServiceRecord.Form.choices)
    notes = forms.CharField(label=gettext_lazy("What was done"), max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(label=gettext_lazy("Next step"), max_length=200, required=False)
    next_due = forms.DateField(label=gettext_lazy("Next step due"), required=False, widget=DATE)


class QuickRecordForm(ServiceRecordForm):
    """The worker's day: one service record from a phone, the case chosen from my cases in delivery."""

    case = forms.ModelChoiceField(label=gettext_lazy("Case"), queryset=Case.objects.none())
    field_order = ["case", "kind", "minutes", "notes", "served_on", "form", "next_step", "next_due"]

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: f"{c.recipient.name} · {c}"


class GuidanceForm(forms.Form):
    guidance = forms.CharField(label=gettext_lazy("Guidance"), max_length=4000, widget=forms.Textarea)


class ReviewRequestForm(forms.Form):
    reason = ReasonField(label=gettext_lazy("What should the supervisor look at?"))


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Register (.xlsx or .csv)"))
    good_rows_only = forms.BooleanField(
        label=gettext_lazy("Save the good rows even if some rows are wrong"), required=False,
        help_text=gettext_lazy("Otherwise nothing is saved while any row is wrong."))


def _station_recipients(station):
    return Recipient.objects.filter(station=station, status=Recipient.Status.ACTIVE).order_by("name", "id")


def _running_projects(station):
    return Project.objects.filter(station=station).exclude(status=Project.Status.CANCELLED).order_by("-year", "kind")


class GroupForm(forms.Form):
    project = forms.ModelChoiceField(label=gettext_lazy("Project"), queryset=Project.objects.none())
    title = forms.CharField(label=gettext_lazy("Group name"), max_length=100)
    goals = forms.CharField(label=gettext_lazy("Goals"), max_length=4000, widget=forms.Textarea)
    plan = forms.CharField(label=gettext_lazy("Plan"), max_length=4000, widget=forms.Textarea)
    sessions_planned = forms.IntegerField(label=gettext_lazy("Sessions planned"), min_value=1, max_value=100,
                                          initial=6)
    members = forms.ModelMultipleChoiceField(label=gettext_lazy("Members"), queryset=Recipient.objects.none(),
                                             required=False)

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = _running_projects(station)
        self.fields["members"].queryset = _station_recipients(station)


class MembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(label=gettext_lazy("Members"), queryset=Recipient.objects.none(),
                                             required=False)
    reason = ReasonField()

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = _station_recipients(station)


class GroupMoveForm(forms.Form):
    evaluation = forms.CharField(label=gettext_lazy("Evaluation"), max_length=4000, required=False,
                                 widget=forms.Textarea)
    reason = ReasonField(label=gettext_lazy("Note for the history"))


class SessionForm(forms.Form):
    held_on = NotFutureDateField(label=gettext_lazy("Date"), initial=today)
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=100)
    attended = forms.ModelMultipleChoiceField(label=gettext_lazy("Members present"), queryset=Recipient.objects.none(),
                                              required=False, widget=forms.CheckboxSelectMultiple)
    attendance = forms.IntegerField(label=gettext_lazy("Attendance"), min_value=0, required=False,
                                    help_text=gettext_lazy("Leave empty to count the members marked present."))
    notes = forms.CharField(label=gettext_lazy("Session notes"), max_length=4000, widget=forms.Textarea)

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = group.members.order_by("name", "id")


class ActivityForm(forms.Form):
    project = forms.ModelChoiceField(label=gettext_lazy("Project"), queryset=Project.objects.none())
    title = forms.CharField(label=gettext_lazy("Activity name"), max_length=100)
    plan = forms.CharField(label=gettext_lazy("Plan"), max_length=4000, widget=forms.Textarea)
    held_on = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=100)
    village = forms.ModelChoiceField(label=gettext_lazy("Village or community"), queryset=Division.objects.none(),
                                     required=False)
    participants = forms.IntegerField(label=gettext_lazy("Participants"), min_value=0)
    volunteers = forms.IntegerField(label=gettext_lazy("Volunteers"), min_value=0, initial=0)
    named = forms.ModelMultipleChoiceField(label=gettext_lazy("Recipients taking part"),
                                           queryset=Recipient.objects.none(), required=False)
    evaluation = forms.CharField(label=gettext_lazy("Evaluation"), max_length=4000, required=False,
                                 widget=forms.Textarea)

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = _running_projects(station)
        self.fields["village"].queryset = Division.objects.filter(parent=station.township).order_by("code")
        self.fields["named"].queryset = _station_recipients(station)


class EvaluationForm(forms.Form):
    evaluation = forms.CharField(label=gettext_lazy("Evaluation"), max_length=4000, widget=forms.Textarea)


class SurveyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=NeedsSurvey.Method.choices)
    sample = forms.IntegerField(label=gettext_lazy("Sample size"), min_value=1)
    conducted_on = NotFutureDateField(label=gettext_lazy("Date"), initial=today)
    findings = forms.CharField(label=gettext_lazy("Findings"), max_length=8000, widget=forms.Textarea)
    projects = forms.ModelMultipleChoiceField(label=gettext_lazy("Projects it informs"),
                                              queryset=Project.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = _running_projects(station)
