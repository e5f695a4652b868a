"""Forms of the standard part: validation only (the actions write). Options and parameters are typed in the
grammar of the published tables (`sheets_standard`), so the page and the workbook read the same."""

from django import forms
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.compliance import compliance
from ningbo_sws.lib.figures import figures
from ningbo_sws.lib.reasons import ReasonField

from . import sheets_standard
from .models_standard import Binding, Dimension, EvidenceMethod, Rater, RaterMode, ScoringKind, Standard

MAX_IMPORT_BYTES = 5 * 1024 * 1024
POINTS = {"max_digits": 7, "decimal_places": 2, "min_value": 0}


class StandardForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=120)
    issuer = forms.CharField(label=gettext_lazy("Issuer"), max_length=120,
                             help_text=gettext_lazy("The bureau that issues the standard."))
    scale = forms.TypedChoiceField(label=gettext_lazy("Scale"), choices=Standard.Scale.choices, coerce=int)
    bonus_cap = forms.DecimalField(label=gettext_lazy("Bonus cap"), required=False, **POINTS,
                                   help_text=gettext_lazy("The most bonus points a station can earn in all; empty: "
                                                          "the sum of the bonus indicators' caps."))
    rater_mode = forms.ChoiceField(label=gettext_lazy("Raters"), choices=RaterMode.choices)
    notes = forms.CharField(label=gettext_lazy("Notes"), required=False, max_length=4000, widget=forms.Textarea)
    reason = ReasonField()


def binding_choices():
    figure_choices = [(f"figure:{f.code}", f"{f.code} — {f.label}") for f in figures.entries.values()]
    rule_choices = [(f"rule:{r.rule_id}", f"{r.rule_id} — {r.title}") for r in compliance.rules]
    return [("", gettext_lazy("Scored by hand")), (gettext_lazy("Figures"), figure_choices),
            (gettext_lazy("Report-card rules"), rule_choices)]


class IndicatorForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20,
                           help_text=gettext_lazy("Numbers joined by dots, such as 1.2.3: the indicator sits under "
                                                  "the one whose code is its code without the last number."))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    points = forms.DecimalField(label=gettext_lazy("Points"), **POINTS,
                                help_text=gettext_lazy("A bonus indicator: its cap. A one-vote veto: 0."))
    dimension = forms.ChoiceField(label=gettext_lazy("Dimension"), required=False,
                                  choices=[("", gettext_lazy("As its parent's")), *Dimension.choices])
    kind = forms.ChoiceField(label=gettext_lazy("Scoring"), choices=ScoringKind.choices)
    options = forms.CharField(
        label=gettext_lazy("Options"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One per line, label and points: 增长：15分. For a bound figure add the value it "
                               "needs: 90%及以上：3分（≥90）."))
    params = forms.CharField(
        label=gettext_lazy("Parameters"), required=False, max_length=500,
        help_text=gettext_lazy("Formula: 起点=3；起点得分=5；每增得分=1 (3 earn 5, each more +1, capped at the "
                               "points). Deduction: 每项扣分=2. Yes or no on a figure: 达标值=1."))
    methods = forms.MultipleChoiceField(label=gettext_lazy("Evidence methods"), required=False,
                                        choices=EvidenceMethod.choices, widget=forms.CheckboxSelectMultiple)
    materials = forms.CharField(label=gettext_lazy("Materials expected"), required=False, max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 2}))
    guidance = forms.CharField(label=gettext_lazy("Guidance"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    bound_to = forms.ChoiceField(label=gettext_lazy("Suggested score from"), required=False, choices=())
    rater = forms.ModelChoiceField(label=gettext_lazy("Rater's pool"), required=False, queryset=Rater.objects.none())
    reason = ReasonField()

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bound_to"].choices = binding_choices()
        self.fields["rater"].queryset = standard.raters.order_by("order", "id")
        if standard.rater_mode != RaterMode.POOLS:
            del self.fields["rater"]

    def clean_options(self):
        try:
            return sheets_standard.parse_options(self.cleaned_data["options"])
        except ValueError as exc:
            raise forms.ValidationError(gettext_lazy("“%(line)s” is not a label and points such as 增长：15分."),
                                        params={"line": exc.args[0]}) from None

    def clean_params(self):
        try:
            return sheets_standard.parse_params(self.cleaned_data["params"])
        except ValueError as exc:
            raise forms.ValidationError(gettext_lazy("“%(part)s” is not a parameter such as 起点=3."),
                                        params={"part": exc.args[0]}) from None

    def action_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reason")
        binding, _sep, code = data.pop("bound_to").partition(":")
        data["binding"], data["binding_code"] = (binding, code) if binding in Binding.values else ("", "")
        data.setdefault("rater", None)
        return data


def indicator_initial(indicator) -> dict:
    return {
        "code": indicator.code, "title": indicator.title, "points": indicator.points,
        "dimension": indicator.dimension, "kind": indicator.kind,
        "options": sheets_standard.options_text(indicator.options),
        "params": sheets_standard.params_text(indicator.params), "methods": indicator.methods,
        "materials": indicator.materials, "guidance": indicator.guidance, "rater": indicator.rater_id,
        "bound_to": f"{indicator.binding}:{indicator.binding_code}" if indicator.binding else "",
    }


class BandForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Grade"), max_length=20)
    lower = forms.DecimalField(label=gettext_lazy("From"), required=False, **POINTS)
    lower_inclusive = forms.BooleanField(label=gettext_lazy("included"), required=False)
    upper = forms.DecimalField(label=gettext_lazy("To"), required=False, **POINTS)
    upper_inclusive = forms.BooleanField(label=gettext_lazy("included"), required=False)
    passing = forms.BooleanField(label=gettext_lazy("Passes"), required=False)
    subsidy = forms.DecimalField(label=gettext_lazy("Subsidy (yuan)"), required=False, max_digits=12,
                                 decimal_places=2, min_value=0)


BandFormSet = forms.formset_factory(BandForm, extra=2, max_num=12, absolute_max=12, can_delete=True)


class RaterForm(forms.Form):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60)
    role = forms.ChoiceField(label=gettext_lazy("Who scores"), choices=Rater.Role.choices)
    weight = forms.DecimalField(label=gettext_lazy("Weight"), max_digits=5, decimal_places=2, min_value=0,
                                initial=0)


RaterFormSet = forms.formset_factory(RaterForm, extra=1, max_num=8, absolute_max=8, can_delete=True)


class ReasonForm(forms.Form):
    reason = ReasonField()


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Grading standard (.xlsx)"))
    reason = ReasonField()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(gettext_lazy("Upload an Excel workbook (.xlsx)."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(gettext_lazy("The file is larger than 5 MB."))
        return upload
