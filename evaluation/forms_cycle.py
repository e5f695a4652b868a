"""Forms of the evaluation year: validation only (the actions refuse what the rules forbid)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ningbo_sws.lib.forms import DecisionField, UserChoiceField
from ningbo_sws.lib.reasons import ReasonField

from .models_standard import ScoringKind, Standard
from .results import fmt, top_of


class DateInput(forms.DateInput):
    input_type = "date"


class OpenYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    standard = forms.ModelChoiceField(label=_("Grading standard"), queryset=Standard.objects.none())
    self_assessment_due = forms.DateField(label=_("Self-assessments due"), widget=DateInput)
    scoring_due = forms.DateField(label=_("Scoring due"), widget=DateInput)
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.filter(status=Standard.Status.PUBLISHED)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    title = forms.CharField(label=_("Title"), max_length=100)
    attendees = forms.CharField(label=_("Attendees"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label=pgettext_lazy("meeting", "Minutes"), max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 8}))
    reason = ReasonField()


class AssignForm(forms.Form):
    station = forms.ModelChoiceField(label=_("Station"), queryset=None)
    assessor = UserChoiceField(label=_("Assessor"), queryset=None)
    reason = ReasonField()

    def __init__(self, *args, stations, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["assessor"].queryset = assessors


class ScoresForm(forms.Form):
    """One field per leaf indicator (`i<id>`: the points; a veto: triggered or not) and its comment (`c<id>`)."""

    def __init__(self, *args, leaves, initial_values=None, with_summary=False, summary="", **kwargs):
        super().__init__(*args, **kwargs)
        self.leaves = leaves
        initial_values = initial_values or {}
        for indicator in leaves:
            value, comment = initial_values.get(indicator.pk, (None, ""))
            name = f"i{indicator.pk}"
            if indicator.kind == ScoringKind.VETO:
                self.fields[name] = forms.ChoiceField(
                    label=str(indicator), required=False, initial="" if value is None else fmt(value),
                    choices=[("", "—"), ("0", _("not triggered")), ("1", _("triggered: the station fails"))])
            else:
                self.fields[name] = forms.CharField(
                    label=str(indicator), required=False, max_length=12,
                    initial="" if value is None else fmt(value),
                    help_text=_("0 to %(points)s points") % {"points": fmt(top_of(indicator))},
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}))
            self.fields[f"c{indicator.pk}"] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": indicator.code}, required=False, max_length=4000,
                initial=comment, widget=forms.Textarea(attrs={"rows": 1}))
        if with_summary:
            self.fields["summary"] = forms.CharField(
                label=_("Self-assessment summary"), required=False, max_length=20000, initial=summary,
                help_text=_("What the station achieved and where it falls short. Do not write people's names."),
                widget=forms.Textarea(attrs={"rows": 6}))
        self.fields["reason"] = ReasonField()

    def values(self) -> dict:
        return {i.pk: self.cleaned_data.get(f"i{i.pk}", "") for i in self.leaves}

    def comments(self) -> dict:
        return {i.pk: self.cleaned_data.get(f"c{i.pk}", "") for i in self.leaves}

    def rows(self):
        """(indicator, points field, comment field) per leaf, for the template."""
        return [(i, self[f"i{i.pk}"], self[f"c{i.pk}"]) for i in self.leaves]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Start"), required=True)


class ReasonForm(forms.Form):
    reason = ReasonField()


class DistrictMoveForm(forms.Form):
    move = DecisionField(label=_("Step"))  # no step preselected (issue 13 item 3)
    comment = forms.CharField(label=_("Overall comment"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    reason = ReasonField()

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move"].set_moves(moves)


class ReopenForm(forms.Form):
    until = forms.DateField(label=_("Reopened until"), widget=DateInput)
    reason = ReasonField()


class EvidenceForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    record = forms.ChoiceField(label=_("Record of the archive"), required=False)
    upload = forms.FileField(label=_("File (PDF, JPEG or PNG)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500,
                           help_text=_("Do not write people's names or ID numbers."))
    reason = ReasonField()

    def __init__(self, *args, leaves, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaves = {str(i.pk): i for i in leaves}
        self.fields["indicator"].choices = [(str(i.pk), str(i)) for i in leaves]
        self.fields["record"].choices = [("", "—"), *records]

    def clean_indicator(self):
        return self.leaves[self.cleaned_data["indicator"]]


class RectificationForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    text = forms.CharField(label=_("What to put right"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    reason = ReasonField()

    def __init__(self, *args, leaves, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaves = {str(i.pk): i for i in leaves}
        self.fields["indicator"].choices = [("", "—"), *[(str(i.pk), str(i)) for i in leaves]]

    def clean_indicator(self):
        return self.leaves.get(self.cleaned_data["indicator"])


class RectificationMoveForm(forms.Form):
    move = DecisionField(label=_("Step"))  # no step preselected (issue 13 item 3)
    response = forms.CharField(label=_("What the station did"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    reason = ReasonField()

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move"].set_moves(moves)
