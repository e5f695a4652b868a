"""Forms of the management part: validation only; the views hand cleaned data to one action."""

from django import forms
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.reasons import ReasonField

from .models_management import RuleVersion, SystemKind

TEXT_MAX = RuleVersion._meta.get_field("text").max_length


class VersionFields(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text of the system"), required=False, max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 14}))
    file = forms.FileField(label=gettext_lazy("Or its file (PDF, JPEG or PNG)"), required=False,
                           help_text=gettext_lazy("A scanned or printed copy; the type is judged from the content."))
    change_note = forms.CharField(label=gettext_lazy("What this version changes"), required=False,
                                  max_length=200)
    reason = ReasonField()


class SystemForm(VersionFields):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of system"), choices=SystemKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=100,
                            help_text=gettext_lazy("Required for a system of the station's own (R24); the others "
                                                   "are named by their kind unless you give a title."))

    field_order = ["kind", "title", "text", "file", "change_note", "reason"]


class MoveForm(forms.Form):
    """Submit, approve or send back: the reason is kept with the status change (for a send-back, the author
    reads it on their to-do list)."""

    reason = ReasonField()
