"""Forms of the archive catalogue: validation only; the views hand cleaned data to one action."""

from django import forms
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.reasons import ReasonField
from stations.models import Division

from .models_catalogue import DOCUMENT_CATEGORIES

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class DocumentForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("Archive category"),
                                 choices=[(c.value, c.label) for c in DOCUMENT_CATEGORIES])
    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    date = forms.DateField(label=gettext_lazy("Date of the document"), **DATE)
    village = forms.ModelChoiceField(label=gettext_lazy("Village or community"), queryset=Division.objects.none(),
                                     required=False)
    tags = forms.CharField(label=gettext_lazy("Tags"), max_length=300, required=False,
                           help_text=gettext_lazy("Separated by commas or spaces, at most 10."))
    description = forms.CharField(label=gettext_lazy("Description"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=gettext_lazy("File"),
                           help_text=gettext_lazy("PDF, JPEG or PNG up to 10 MB; MP3, M4A, WAV or MP4 up to 200 MB."))
    reason = ReasonField()

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = Division.objects.filter(parent=station.township).order_by("code")


class DisposalListForm(forms.Form):
    basis = forms.CharField(label=gettext_lazy("Appraisal opinion"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=gettext_lazy("Why these records are no longer kept, as the appraisal found."))
    items = forms.MultipleChoiceField(label=gettext_lazy("Records past their retention period"),
                                      widget=forms.CheckboxSelectMultiple)
    reason = ReasonField()

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = choices


class DisposalMoveForm(forms.Form):
    move = forms.ChoiceField(label=gettext_lazy("Step"), widget=forms.HiddenInput)
    reason = ReasonField()

    def __init__(self, *args, moves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move"].choices = [(m.name, m.label) for m in moves]
