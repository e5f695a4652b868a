"""Forms of the finance app: validation only; views hand cleaned data to one action."""

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.forms import AmountField, CodeField
from ningbo_sws.lib.reasons import ReasonField

from .actions import AMOUNT_DIGITS, R21_AMOUNT_MESSAGES
from .models import Account, Category, Entry, FundingSource


def amount_field(*, allow_zero: bool = False, **kwargs) -> AmountField:
    """Yuan with at most 2 decimals, never negative (R21), sized to the ledger's columns; refusals cite R21."""
    return AmountField(allow_zero=allow_zero, max_digits=AMOUNT_DIGITS, error_messages=R21_AMOUNT_MESSAGES,
                       **kwargs)


class SourceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of source"), choices=FundingSource.Kind.choices)
    donor = forms.CharField(label=gettext_lazy("Donor or purchaser (required for donations, sponsorship, venture "
                                               "philanthropy)"), max_length=120, required=False)
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=200, required=False)
    reason = ReasonField()


class LedgerForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class AccountForm(forms.Form):
    code = CodeField(label=gettext_lazy("Account code"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Account name"), max_length=100)
    purpose_kind = forms.ChoiceField(label=gettext_lazy("Purpose is a"), choices=Account.PurposeKind.choices)
    purpose = forms.CharField(label=gettext_lazy("Purpose (project name or operating purpose)"), max_length=200)
    sources = forms.ModelMultipleChoiceField(label=gettext_lazy("Funding sources"),
                                             queryset=FundingSource.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    opening_balance = amount_field(label=gettext_lazy("Opening balance (yuan)"), allow_zero=True, required=False)
    reason = ReasonField()

    def __init__(self, *args, station=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = FundingSource.objects.filter(station=station)


class BudgetForm(forms.Form):
    reason = ReasonField(label=gettext_lazy("Reason for this budget version"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[category.value] = amount_field(label=category.label, allow_zero=True, required=False)
        self.order_fields([c.value for c in Category] + ["reason"])

    def lines(self) -> dict:
        return {c.value: self.cleaned_data.get(c.value) for c in Category}


class VoucherForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"),
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    summary = forms.CharField(label=gettext_lazy("Summary"), max_length=200)


class AccountSelect(forms.Select):
    """The account list of an entry: each option names the sources that feed it (`data-sources`), which
    `static/js/voucher-sources.js` uses to offer only those in the entry's source list (issue 13 item 3)."""

    feeds: dict = {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        pk = getattr(value, "value", value)
        if pk not in (None, ""):
            option["attrs"]["data-sources"] = " ".join(str(s) for s in sorted(self.feeds.get(int(pk), ())))
        return option


class EntryForm(forms.Form):
    account = forms.ModelChoiceField(label=gettext_lazy("Account"), queryset=Account.objects.none(),
                                     required=False, widget=AccountSelect(attrs={"data-feeds": "source"}))
    direction = forms.ChoiceField(label=gettext_lazy("Income or expense"), choices=Entry.Direction.choices)
    category = forms.ChoiceField(label=gettext_lazy("Budget line"), choices=Category.choices)
    amount = amount_field(label=gettext_lazy("Amount (yuan)"), required=False)
    source = forms.ModelChoiceField(label=gettext_lazy("Source"), queryset=FundingSource.objects.none(),
                                    required=False)

    def __init__(self, *args, ledger=None, feeds=None, **kwargs):
        """`feeds`: account id -> ids of the sources that feed it (`queries.account_feeds`, one query per page)."""
        super().__init__(*args, **kwargs)
        self.feeds = feeds or {}
        self.fields["account"].widget.feeds = self.feeds
        if ledger is not None:
            self.fields["account"].queryset = Account.objects.filter(ledger=ledger)
            self.fields["source"].queryset = FundingSource.objects.filter(station_id=ledger.station_id)

    def clean(self):
        data = super().clean()
        filled = [data.get(k) for k in ("account", "amount", "source")]
        if any(filled) and not all(filled):
            raise forms.ValidationError(_("Give the account, the amount and the source of the entry (R7)."))
        account, source = data.get("account"), data.get("source")
        if account and source and source.pk not in self.feeds.get(account.pk, ()):
            self.add_error("source", _("The source “%(source)s” does not feed the account “%(account)s”: choose one "
                                       "of the sources that feed it (R7).") % {"source": source, "account": account})
        return data


EntryFormSet = formset_factory(EntryForm, extra=4)


class PostForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("I have checked the voucher and its attachments"))
    override_reason = forms.CharField(
        label=gettext_lazy("Override of a budget line (only when an expense goes beyond it)"), max_length=200,
        required=False)
    # Asked only of a voucher without any attachment (issue 13 item 3); kept as the reason of the posting.
    no_attachment_reason = ReasonField(
        label=gettext_lazy("Why is it posted without an attachment?"),
        help_text=gettext_lazy("This voucher has no invoice or receipt attached. Kept in the history with your name."))

    def __init__(self, *args, has_attachments=True, **kwargs):
        super().__init__(*args, **kwargs)
        if has_attachments:
            del self.fields["no_attachment_reason"]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=gettext_lazy("Confirm"))


class ReverseForm(forms.Form):
    reason = ReasonField(label=gettext_lazy("Why is the voucher reversed?"))


class AttachForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Scan (PDF or image)"))
    name = forms.CharField(label=gettext_lazy("Description"), max_length=120, required=False)


class ReviewForm(forms.Form):
    opinion = forms.CharField(label=gettext_lazy("Review opinion"), max_length=2000, widget=forms.Textarea)
    # The review closes the year for good: asked to confirm, never ticked beforehand (issue 13 item 3).
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked the final accounts above; the review closes the books of the year."),
        error_messages={"required": gettext_lazy("Tick to confirm: the review closes the books of the year and "
                                                 "nothing more is recorded in them.")})


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100, required=False)
