"""Forms of volunteer files and hours: validation only; views hand cleaned data to one action."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from ningbo_sws.lib.forms import AmountField, IdNumberField, PhoneField
from ningbo_sws.lib.reasons import ReasonField
from stations.models import Division

from .forms import DATE, NotFutureDateField
from .models import CommunityActivity, GroupSession, Skill, Volunteer, today
from .models_volunteers import MAX_HOURS_A_DAY


class HoursField(AmountField):
    """Hours of service as people type them (`2`, `1.5`, full-width digits): more than 0, at most 24, tenths."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Hours"))
        kwargs.setdefault("error_messages", {
            "invalid": gettext_lazy("Give the hours as a number, e.g. 2 or 1.5."),
            "digits": gettext_lazy("Give the hours as a number, e.g. 2 or 1.5."),
            "exponent": gettext_lazy("Give the hours as a number, e.g. 2 or 1.5."),
            "separators": gettext_lazy("Give the hours as a number, e.g. 2 or 1.5."),
            "negative": gettext_lazy("The hours must be more than 0."),
            "zero": gettext_lazy("The hours must be more than 0."),
            "decimals": gettext_lazy("Give the hours to a tenth of an hour at most, e.g. 1.5."),
            "too_large": gettext_lazy("A day has at most 24 hours."),
            "max_value": gettext_lazy("A day has at most 24 hours."),
        })
        super().__init__(allow_zero=False, max_digits=3, decimal_places=1, max_value=MAX_HOURS_A_DAY, **kwargs)


class VolunteerForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    id_number = IdNumberField(required=False)
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), required=False,
                               choices=[("", "—"), *Volunteer._meta.get_field("gender").choices])
    birth_date = NotFutureDateField(label=gettext_lazy("Birth date"), required=False,
                                    help_text=gettext_lazy("Taken from the ID number when one is given."))
    village = forms.ModelChoiceField(label=gettext_lazy("Village or community"), queryset=Division.objects.none())
    phone = PhoneField(required=False)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    number = forms.CharField(label=gettext_lazy("Volunteer number"), max_length=32, required=False,
                             help_text=gettext_lazy("As on the volunteer platform, if registered there."))
    team = forms.CharField(label=gettext_lazy("Team"), max_length=100, required=False)
    skills = forms.MultipleChoiceField(label=gettext_lazy("Skills"), choices=Skill.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    skills_other = forms.CharField(label=gettext_lazy("Other skills"), max_length=200, required=False)
    joined_on = NotFutureDateField(label=pgettext_lazy("volunteer", "Joined on"), initial=today)
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=2000, required=False, widget=forms.Textarea)
    reason = ReasonField()

    def __init__(self, *args, station, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:  # a new record: its reason is the one the view proposes, not asked (issue 13 item 6)
            self.fields["reason"].widget = forms.HiddenInput()
        self.fields["village"].queryset = Division.objects.filter(parent=station.township).order_by("code")
        if editing:
            self.fields["id_number"].help_text = _("Leave empty to keep the ID number on file.")
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=Volunteer.Status.choices)
            self.fields["left_on"] = NotFutureDateField(label=pgettext("volunteer", "Left on"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == Volunteer.Status.LEFT and not data.get("left_on"):
            self.add_error("left_on", _("Give the date the volunteer left."))
        return data


class VolunteerSearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name, team or skill"), max_length=50, required=False)
    id_number = IdNumberField(label=gettext_lazy("ID number (exact)"), search=True, required=False)
    skill = forms.ChoiceField(label=gettext_lazy("Skill"), choices=[("", "—"), *Skill.choices], required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=[("", "—"), *Volunteer.Status.choices],
                               required=False)


class ServiceForm(forms.Form):
    """Hours a volunteer served: one activity, one group session, or another service in words."""

    activity = forms.ModelChoiceField(label=gettext_lazy("Community activity"),
                                      queryset=CommunityActivity.objects.none(), required=False)
    session = forms.ModelChoiceField(label=gettext_lazy("Group session"), queryset=GroupSession.objects.none(),
                                     required=False)
    other = forms.CharField(label=gettext_lazy("Other service"), max_length=100, required=False,
                            help_text=gettext_lazy("When it was neither an activity nor a group session, e.g. "
                                                   "助老陪伴 or 社区环境整治."))
    served_on = forms.DateField(label=gettext_lazy("Date"), required=False, widget=DATE,
                                help_text=gettext_lazy("An activity or session gives its own date."))
    hours = HoursField()
    content = forms.CharField(label=gettext_lazy("What was done"), max_length=2000, required=False,
                              widget=forms.Textarea)

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = (CommunityActivity.objects.filter(station=station)
                                            .order_by("-held_on", "-id"))
        self.fields["session"].queryset = (GroupSession.objects.filter(group__station=station)
                                           .select_related("group").order_by("-held_on", "-id"))

    def clean(self):
        data = super().clean()
        named = [f for f in ("activity", "session", "other") if data.get(f)]
        if len(named) != 1 and not self.errors:
            self.add_error("activity", _("Name what the volunteer served: one community activity, one group "
                                         "session, or another service in words."))
        return data

