"""Forms of the staffing app: validation only; views hand cleaned data to one action."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy, pgettext_lazy

from ningbo_sws.lib.forms import CodeField, IdNumberField, PhoneField
from ningbo_sws.lib.reasons import ReasonField
from stations.models import Operator, Station

from .models import (
    CertificateLevel,
    Degree,
    EmployerKind,
    Gender,
    PostKind,
    StaffKind,
    StaffMember,
    SupervisorKind,
    Topic,
)

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class StaffForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    gender = forms.ChoiceField(label=gettext_lazy("Gender"), choices=Gender.choices)
    id_number = IdNumberField(help_text=gettext_lazy("Stored encrypted and shown masked."))
    phone = PhoneField()
    kind = forms.ChoiceField(label=gettext_lazy("Kind of staff"), choices=StaffKind.choices)
    certificate_level = forms.ChoiceField(label=gettext_lazy("Certificate level"), required=False,
                                          choices=[("", "—"), *CertificateLevel.choices])
    certificate_number = CodeField(label=gettext_lazy("Certificate number"), max_length=40, required=False)
    certificate_date = forms.DateField(label=gettext_lazy("Certificate issued on"), required=False, **DATE)
    degree = forms.ChoiceField(label=gettext_lazy("Social-work degree"), choices=Degree.choices, required=False)
    employer_kind = forms.ChoiceField(label=gettext_lazy("Employer"), choices=EmployerKind.choices)
    operator = forms.ModelChoiceField(label=gettext_lazy("Operator"), queryset=Operator.objects.all(),
                                      required=False)
    full_time = forms.BooleanField(label=gettext_lazy("Full-time"), required=False, initial=True)
    joined_on = forms.DateField(label=gettext_lazy("Joined on"), required=False, **DATE)
    reason = ReasonField()


class QualificationForm(forms.Form):
    phone = PhoneField()
    kind = forms.ChoiceField(label=gettext_lazy("Kind of staff"), choices=StaffKind.choices)
    certificate_level = forms.ChoiceField(label=gettext_lazy("Certificate level"), required=False,
                                          choices=[("", "—"), *CertificateLevel.choices])
    certificate_number = CodeField(label=gettext_lazy("Certificate number"), max_length=40, required=False)
    certificate_date = forms.DateField(label=gettext_lazy("Certificate issued on"), required=False, **DATE)
    degree = forms.ChoiceField(label=gettext_lazy("Social-work degree"), choices=Degree.choices, required=False)
    employer_kind = forms.ChoiceField(label=gettext_lazy("Employer"), choices=EmployerKind.choices)
    operator = forms.ModelChoiceField(label=gettext_lazy("Operator"), queryset=Operator.objects.all(),
                                      required=False)
    full_time = forms.BooleanField(label=gettext_lazy("Full-time"), required=False)
    reason = ReasonField()


class TransferForm(forms.Form):
    # A code rather than a list: the people who keep one station's staff do not see the others.
    to_station = CodeField(label=gettext_lazy("Township code of the station moved to"), max_length=12,
                           help_text=gettext_lazy("12 digits, e.g. 330203002000."))
    on = forms.DateField(label=gettext_lazy("On"), **DATE)
    reason = ReasonField()


    def clean_to_station(self):
        code = self.cleaned_data["to_station"]
        station = Station.objects.select_related("township").filter(township__code=code).first()
        if station is None:
            raise forms.ValidationError(gettext_lazy("No station has this township code."))
        return station


class LeavingForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Left on"), **DATE)
    reason = ReasonField()


def _staff_field(label, station, required=True):
    return forms.ModelMultipleChoiceField(
        label=label, required=required, widget=forms.CheckboxSelectMultiple,
        queryset=StaffMember.objects.filter(station=station, left_on__isnull=True).order_by("name"),
    )


class PostForm(forms.Form):
    holder = forms.ModelChoiceField(label=gettext_lazy("Holder"), queryset=StaffMember.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Post"), choices=PostKind.choices)
    village = forms.ModelChoiceField(label=gettext_lazy("Village or community (liaisons)"), required=False,
                                     queryset=Station.objects.none())
    duties = forms.CharField(label=gettext_lazy("Written duties"), max_length=4000, widget=forms.Textarea)
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), **DATE)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), required=False, **DATE)
    reason = ReasonField()

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = StaffMember.objects.filter(station=station, left_on__isnull=True)
        self.fields["village"].queryset = station.township.children.order_by("code")


class EndPostForm(forms.Form):
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), **DATE)
    reason = ReasonField()


MAX_ATTACHMENTS = 10  # each checked by the upload pipeline (type, size, pixels) in the action


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = [single(d, initial) for d in data] if isinstance(data, list | tuple) else (
            [single(data, initial)] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(gettext_lazy("Attach at most 10 files."))
        return files


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Date"), **DATE)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    policies_read = forms.CharField(label=gettext_lazy("Policies read out"), required=False, max_length=4000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    cases_discussed = forms.CharField(label=gettext_lazy("Cases discussed"), required=False, max_length=4000,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    problems_and_decisions = forms.CharField(label=gettext_lazy("Problems and decisions"), required=False,
                                             max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    training_given = forms.CharField(label=gettext_lazy("Training given"), required=False, max_length=4000,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label=pgettext_lazy("meeting", "Minutes"), required=False, max_length=20000,
                              widget=forms.Textarea)
    files = MultipleFileField(label=gettext_lazy("Attachments (PDF, JPEG or PNG)"), required=False)
    reason = ReasonField()

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"] = _staff_field(gettext_lazy("Attendees"), station)
        self.order_fields(["held_on", "title", "attendees"])


class TrainingForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Date"), **DATE)
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=200)
    hours = forms.DecimalField(label=gettext_lazy("Hours"), max_digits=5, decimal_places=1,
                               min_value=Decimal("0.5"), max_value=Decimal("200"))
    trainer = forms.CharField(label=gettext_lazy("Trainer"), max_length=100)
    reason = ReasonField()

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"] = _staff_field(gettext_lazy("Attendees"), station)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Date"), **DATE)
    hours = forms.DecimalField(label=gettext_lazy("Hours"), max_digits=4, decimal_places=1,
                               min_value=Decimal("0.5"), max_value=Decimal("24"))
    topics = forms.MultipleChoiceField(label=gettext_lazy("Topics (R26)"), choices=Topic.choices,
                                       widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=gettext_lazy("Findings and guidance"), max_length=10000, widget=forms.Textarea)
    reason = ReasonField()

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workers_present"] = _staff_field(gettext_lazy("Workers present"), station)
        self.order_fields(["held_on", "hours", "topics", "workers_present"])


class ActionItemForm(forms.Form):
    text = forms.CharField(label=pgettext_lazy("supervision", "Action"), max_length=300)
    owner = forms.ModelChoiceField(label=gettext_lazy("Owner"), queryset=StaffMember.objects.none())
    due_on = forms.DateField(label=gettext_lazy("Due on"), **DATE)
    reason = ReasonField()

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = StaffMember.objects.filter(station=station, left_on__isnull=True)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=[])
    follow_up = forms.CharField(label=gettext_lazy("Follow-up"), max_length=4000, widget=forms.Textarea)
    reason = ReasonField()

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Staff list (.xlsx or .csv)"))
    good_rows_only = forms.BooleanField(
        label=gettext_lazy("Import only the good rows if some rows have errors"), required=False)
    reason = ReasonField()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(gettext_lazy("Upload an Excel workbook (.xlsx) or a CSV file."))
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(gettext_lazy("The file is larger than 10 MB."))
        return upload


class SupervisorProfileForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name of the supervisor"), max_length=150)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=SupervisorKind.choices)
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=100, required=False)
    expertise = forms.CharField(label=gettext_lazy("Expertise"), max_length=200, required=False)
    reason = ReasonField()

    def clean_username(self):
        user = get_user_model().objects.filter(username__iexact=self.cleaned_data["username"].strip()).first()
        if user is None:
            raise forms.ValidationError(gettext_lazy("No user has this name."))
        return user
