"""Forms of the stations app: validation only; views hand cleaned data to one action."""

import datetime
import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Division, Role, Station

PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def clean_phone(value: str) -> str:
    value = (value or "").strip().replace(" ", "")
    if value and not PHONE.match(value):
        raise forms.ValidationError(_("Enter an 11-digit mobile number or a landline such as 0574-87654321."))
    return value


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Reason for the change"))
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", gettext_lazy("Kept in the history with your name."))
        super().__init__(**kwargs)


class StationForm(forms.Form):
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=32, required=False)
    opened_on = forms.DateField(label=gettext_lazy("Opened on"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=2000, required=False, widget=forms.Textarea)
    reason = ReasonField()

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_opened_on(self):
        value = self.cleaned_data["opened_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The opening date cannot be in the future."))
        if value and value < datetime.date(2000, 1, 1):
            raise forms.ValidationError(_("The opening date is implausibly early."))
        return value


class GrantForm(forms.Form):
    """Grant a role to an existing user, or open an account for a new one and grant the role."""

    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("Full name (new user only)"), max_length=150, required=False)
    password = forms.CharField(label=gettext_lazy("Initial password (new user only)"), required=False,
                               max_length=128, widget=forms.PasswordInput(render_value=False))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)
    station = forms.ModelChoiceField(label=gettext_lazy("Station (for township officers and workers)"),
                                     queryset=Station.objects.none(), required=False)
    division_code = forms.CharField(
        label=gettext_lazy("Division code (for the other roles)"), max_length=12, required=False,
        help_text=gettext_lazy("12 digits: the city for city officers and auditors, a district for district "
                               "officers, supervisors and assessors, a village or community for liaisons."),
    )
    reason = ReasonField(label=gettext_lazy("Reason for the grant"))

    def __init__(self, *args, stations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if stations is not None:
            self.fields["station"].queryset = stations.select_related("township")

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not re.match(r"^[\w.@+-]+$", username):
            raise forms.ValidationError(_("Use letters, digits and @ . + - _ only."))
        return username

    def clean_division_code(self):
        code = self.cleaned_data["division_code"].strip()
        if not code:
            return None
        if not re.fullmatch(r"\d{12}", code):
            raise forms.ValidationError(_("A division code has 12 digits."))
        division = Division.objects.filter(code=code).first()
        if division is None:
            raise forms.ValidationError(_("No division of Ningbo has this code."))
        return division

    def clean(self):
        data = super().clean()
        username = data.get("username")
        if username:
            user = get_user_model().objects.filter(username__iexact=username).first()
            data["user"] = user
            if user is None:
                if not data.get("full_name"):
                    self.add_error("full_name", _("A new user needs a full name."))
                if not data.get("password"):
                    self.add_error("password", _("A new user needs an initial password."))
        return data


class ReasonForm(forms.Form):
    reason = ReasonField()


class AssignStationForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("As"), choices=[(Role.SUPERVISOR, Role.SUPERVISOR.label),
                                                             (Role.ASSESSOR, Role.ASSESSOR.label)])
    reason = ReasonField(label=gettext_lazy("Reason for the assignment"))

    def clean_username(self):
        user = get_user_model().objects.filter(username__iexact=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(_("No user has this name."))
        return user
