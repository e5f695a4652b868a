"""Forms of the stations app: validation only; views hand cleaned data to one action."""

import datetime
import re
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ningbo_sws.lib.forms import AmountField, CodeField, CreditCodeField, DecisionField, PhoneField
from ningbo_sws.lib.reasons import ReasonField

from .facilities import MAX_ROOM_AREA, ContractPart, RoomType
from .models import Division, OperationMode, Operator, Role, SiteBasis, Station

# A browser's date input takes ISO dates only; the Chinese display format would leave it empty.
ISO_DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StationForm(forms.Form):
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    phone = PhoneField(required=False)
    opened_on = forms.DateField(label=gettext_lazy("Opened on"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=2000, required=False, widget=forms.Textarea)
    reason = ReasonField()

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
    division_code = CodeField(
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


# --- how the station is built and run (R8–R11, R15) ---------------------------------------------------------------
class SetupForm(forms.Form):
    """R8 site basis and address, R11 operation mode, the headcount for R9.1."""

    site_basis = forms.ChoiceField(label=gettext_lazy("Site built on (R8)"), required=False,
                                   choices=[("", "—"), *SiteBasis.choices])
    site_note = forms.CharField(label=gettext_lazy("Site description"), max_length=200, required=False)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    operation_mode = forms.ChoiceField(label=gettext_lazy("Operation mode (R11)"), required=False,
                                       choices=[("", "—"), *OperationMode.choices])
    recorded_headcount = forms.IntegerField(
        label=gettext_lazy("Social workers on staff"), required=False, min_value=0, max_value=200,
        help_text=gettext_lazy("Used for the office area (R9.1) until the staffing register counts them."))
    reason = ReasonField()


class PlateForm(forms.Form):
    """R10: the name plate and the logo."""

    plate_name = forms.CharField(label=gettext_lazy("Name on the plate"), max_length=64)
    plate_hung = forms.BooleanField(label=gettext_lazy("The plate is hung"), required=False)
    logo_used = forms.BooleanField(label=gettext_lazy("The Ningbo social work logo is used"), required=False)
    photo = forms.FileField(label=gettext_lazy("Photo of the plate (JPEG or PNG)"), required=False)
    reason = ReasonField()


class AreaField(forms.DecimalField):
    default_error_messages = {"invalid": gettext_lazy("Enter the area as a number of square metres (R9).")}

    def __init__(self, **kwargs):
        super().__init__(label=gettext_lazy("Area (m²)"), max_digits=7, decimal_places=2, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and not (Decimal(0) < value <= MAX_ROOM_AREA):
            raise forms.ValidationError(
                _("The area must be more than 0 and at most %(max)s m² (R9).") % {"max": MAX_ROOM_AREA})


class RoomForm(forms.Form):
    room_type = forms.ChoiceField(label=gettext_lazy("Room type"), choices=RoomType.choices)
    also_serves = forms.ChoiceField(
        label=gettext_lazy("Also serves as"), required=False, choices=[("", "—"), *RoomType.choices],
        help_text=gettext_lazy("Only a group room and the multi-function room (R9.3), or the archive room and the "
                               "office (R9.5), may be one room."))
    label = forms.CharField(label=gettext_lazy("Name or number"), max_length=50, required=False)
    area = AreaField()
    office_equipment = forms.BooleanField(label=gettext_lazy("Office equipment (office, R9.1)"), required=False)
    tea_table = forms.BooleanField(label=gettext_lazy("Tea table (case room, R9.2)"), required=False)
    sofa = forms.BooleanField(label=gettext_lazy("Sofa (case room, R9.2)"), required=False)
    clock = forms.BooleanField(label=gettext_lazy("Clock (case room, R9.2)"), required=False)
    quiet_private = forms.BooleanField(label=gettext_lazy("Quiet and private (case room, R9.2)"), required=False)
    movable_furniture = forms.BooleanField(label=gettext_lazy("Movable tables and chairs (group room, R9.3)"),
                                           required=False)
    tables = forms.BooleanField(label=gettext_lazy("Tables (multi-function room, R9.4)"), required=False)
    multimedia = forms.BooleanField(label=gettext_lazy("Multimedia (multi-function room, R9.4)"), required=False)
    sound_system = forms.BooleanField(label=gettext_lazy("Sound system (multi-function room, R9.4)"),
                                      required=False)
    filing_cabinets = forms.BooleanField(label=gettext_lazy("Filing cabinets (archive room, R9.5)"),
                                         required=False)
    photo = forms.FileField(label=gettext_lazy("Photo (JPEG or PNG)"), required=False)
    reason = ReasonField()


class OperatorForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    credit_code = CreditCodeField(help_text=gettext_lazy("18 characters; the last is a check character "
                                                         "(GB 32100-2015)."))
    legal_representative = forms.CharField(label=gettext_lazy("Legal representative"), max_length=50,
                                           required=False)
    contact_person = forms.CharField(label=gettext_lazy("Contact person"), max_length=50, required=False)
    contact_phone = PhoneField(label=gettext_lazy("Contact phone"), required=False)
    address = forms.CharField(label=gettext_lazy("Address"), max_length=200, required=False)
    district = forms.ModelChoiceField(label=gettext_lazy("Registered in district"), required=False,
                                      queryset=Division.objects.filter(level=Division.Level.DISTRICT))
    reason = ReasonField()


class ContractForm(forms.Form):
    operator = forms.ModelChoiceField(
        label=gettext_lazy("Operator"), queryset=Operator.objects.all(), required=False,
        help_text=gettext_lazy("Leave empty for a contract with directly hired workers (R11)."))
    number = forms.CharField(label=gettext_lazy("Contract number"), max_length=50, required=False)
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=ISO_DATE_INPUT)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=ISO_DATE_INPUT)
    amount = AmountField(label=gettext_lazy("Amount (yuan)"), max_digits=12, max_value=Decimal("100000000"))
    has_scope = forms.BooleanField(label=ContractPart.SCOPE.label, required=False)
    has_goals = forms.BooleanField(label=ContractPart.GOALS.label, required=False)
    has_indicators = forms.BooleanField(label=ContractPart.INDICATORS.label, required=False)
    has_requirements = forms.BooleanField(label=ContractPart.REQUIREMENTS.label, required=False)
    has_term = forms.BooleanField(label=ContractPart.TERM.label, required=False)
    has_funding = forms.BooleanField(label=ContractPart.FUNDING.label, required=False)
    has_liability = forms.BooleanField(label=ContractPart.LIABILITY.label, required=False)
    pdf = forms.FileField(label=gettext_lazy("Signed contract (PDF)"), required=False)
    reason = ReasonField()

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", _("The contract must end after it starts (R15)."))
        if starts_on and starts_on.year < 2000:
            self.add_error("starts_on", _("The start date is implausibly early."))
        return data


class MoveForm(forms.Form):
    """A lifecycle move. No move is preselected (`DecisionField`); submitting a station whose report card still
    fails rules needs `confirm` ticked, after the page has listed them (issue 13 item 3)."""

    move = DecisionField(label=gettext_lazy("Step"))
    reason = ReasonField(label=gettext_lazy("Reason or remark"))
    confirm = forms.BooleanField(
        label=gettext_lazy("I have read what still fails on the report card and submit all the same."),
        required=False)

    def __init__(self, *args, moves=(), failing=(), blocked=False, **kwargs):
        """`blocked`: the submission lacks what the action requires (R8, R9, R11): its refusal says so, and no
        confirmation is asked for a submission that cannot go."""
        super().__init__(*args, **kwargs)
        self.fields["move"].set_moves(moves)
        self.failing = [] if blocked else list(failing)
        if not self.failing or "submit" not in {m.name for m in moves}:
            del self.fields["confirm"]

    def clean(self):
        data = super().clean()
        if data.get("move") == "submit" and self.failing and not data.get("confirm"):
            self.add_error("confirm", ngettext(
                "The report card still fails %(count)d rule: read it above and tick to confirm the submission.",
                "The report card still fails %(count)d rules: read them above and tick to confirm the submission.",
                len(self.failing)) % {"count": len(self.failing)})
        return data


class SignInForm(AuthenticationForm):
    """The sign-in form with our own words instead of Django's stock sentence (issue 13 item 6)."""

    error_messages = {
        "invalid_login": gettext_lazy("The username or the password is not right. Check both and try again; the "
                                      "password is case-sensitive."),
        "inactive": gettext_lazy("This account is switched off. Ask your district bureau to switch it on."),
    }
