"""archives: the form of the archive search (issue 11 item 6). Validation only: the words, a category, a date
range and a village of the station's township."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ningbo_sws.lib.records import Category

from .search import MAX_WORD_LENGTH, MAX_WORDS, words_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ArchiveSearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), max_length=100, required=False,
                        help_text=_("Any part of a title or text, e.g. 社工 or 2026年; several words must all appear."))
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *Category.choices])
    date_from = forms.DateField(label=pgettext_lazy("date range", "From"), required=False, widget=DATE)
    date_to = forms.DateField(label=pgettext_lazy("date range", "To"), required=False, widget=DATE)
    village = forms.ChoiceField(label=_("Village or community"), required=False)

    def __init__(self, *args, villages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [("", _("All villages and communities")), *((v, v) for v in villages)]

    def clean_q(self):
        words = words_of(self.cleaned_data["q"])
        if len(words) > MAX_WORDS:
            raise forms.ValidationError(_("Search for at most %(n)d words at a time."), params={"n": MAX_WORDS})
        if any(len(w) > MAX_WORD_LENGTH for w in words):
            raise forms.ValidationError(_("A word may have at most %(n)d characters."),
                                        params={"n": MAX_WORD_LENGTH})
        return words

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the date range is before its start."))
        return data
