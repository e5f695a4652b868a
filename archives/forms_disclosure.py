"""archives: the forms of the disclosure part (validation only; the actions decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.compliance import current_year
from ningbo_sws.lib.reasons import ReasonField

from .models_disclosure import QUARTERS, Disclosure

RESULTS_HELP = _("Figures and results only: no names, ID numbers, phones or addresses (R23).")


class DisclosureForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Period"), choices=QUARTERS, coerce=int, initial=0)
    results = forms.CharField(label=_("Service results"), widget=forms.Textarea(attrs={"rows": 6}),
                              max_length=4000, required=False, help_text=RESULTS_HELP)
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = current_year()


class DisclosureEditForm(forms.Form):
    results = forms.CharField(label=_("Service results"), widget=forms.Textarea(attrs={"rows": 8}),
                              max_length=4000, required=False, help_text=RESULTS_HELP)
    changes = forms.CharField(label=_("What this version changes"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000, required=False)
    reason = ReasonField()

    def __init__(self, *args, correction=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not correction:
            del self.fields["changes"]


class CorrectionForm(forms.Form):
    changes = forms.CharField(label=_("What this version changes"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)
    reason = ReasonField()


class MoveForm(forms.Form):
    move = forms.ChoiceField(label=_("Step"), choices=[(m.name, m.label) for m in Disclosure.workflow])
    reason = ReasonField()
