"""Form helpers shared by every app (issue 10): the fields that normalise what people type, and the mapping of an
action's refusal onto a form.

Each field's `clean()` is self-contained (normalise, then check, then return the canonical value), so a page form
and an import row validated through the same form get the same answer.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from . import idnumber
from .creditcode import validate_credit_code
from .normalize import normalize_code, normalize_id_number, normalize_text, parse_amount, validate_phone
from .words import user_name


def form_error(form, exc: ValidationError) -> None:
    """Show an action's refusal on the form: against its field when the form has it, else on top.

    An `ActionError` names its field (`field=`); a model's `full_clean()` error has one entry per field.
    """
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, [m for e in errors for m in e.messages])
        return
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, exc.messages)


class _NormalizedField(forms.CharField):
    """A text field whose value is normalised before any check; the browser may send up to `max_length` raw
    characters (spaces and dashes included), the check after normalising says what is wrong."""

    normalize = staticmethod(normalize_text)

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_python(self, value):
        return self.normalize(super().to_python(value))


class IdNumberField(_NormalizedField):
    """A resident ID number (GB 11643): normalised (full-width or other digits, spaces, small x), then checked.

    `search=True`: normalised only, for an exact search by the keyed hash (a wrong number simply finds nothing).
    """

    normalize = staticmethod(normalize_id_number)

    def __init__(self, *, search: bool = False, **kwargs):
        self.search = search
        kwargs.setdefault("label", gettext_lazy("ID number"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not self.search:
            idnumber.validate_id_number(value)


class PhoneField(_NormalizedField):
    """A mobile number or a landline with its area code; the one phone check of the project."""

    normalize = staticmethod(validate_phone)

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Phone"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
        super().__init__(**kwargs)


class CreditCodeField(_NormalizedField):
    """The unified social credit code (GB 32100-2015), normalised then checked with its check character."""

    normalize = staticmethod(normalize_code)

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Unified social credit code"))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            validate_credit_code(value)


class CodeField(_NormalizedField):
    """Any other code (account code, division code, contract number): normalised, capital letters."""

    normalize = staticmethod(normalize_code)


class AmountField(forms.CharField):
    """Money in yuan, as people write it (`1,234.50`, `¥1234.5`, full-width digits) and nothing else.

    `max_digits`/`decimal_places` are those of the model column it is stored in, so an amount that passes always
    fits. `error_messages` may say a refusal more precisely by its code (see `normalize.amount_messages`), plus
    `zero` when `allow_zero` is false and `min_value`/`max_value` for the field's own bounds.
    """

    default_error_messages = {
        "zero": gettext_lazy("The amount must be more than zero."),
        "max_value": gettext_lazy("The amount is at most %(limit)s."),
        "min_value": gettext_lazy("The amount is at least %(limit)s."),
    }

    def __init__(self, *, allow_negative: bool = False, allow_zero: bool = True, max_digits: int = 14,
                 decimal_places: int = 2, min_value: Decimal | None = None, max_value: Decimal | None = None,
                 **kwargs):
        self.allow_negative, self.allow_zero = allow_negative, allow_zero
        self.max_digits, self.decimal_places = max_digits, decimal_places
        self.min_value, self.max_value = min_value, max_value
        # No max_length: its validator would measure the Decimal; the grammar bounds the length instead.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                                           "maxlength": 40}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return parse_amount(text, allow_negative=self.allow_negative, max_digits=self.max_digits,
                            decimal_places=self.decimal_places, messages=self.error_messages)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value == 0 and not self.allow_zero:
            raise ValidationError(self.error_messages["zero"], code="zero")
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(self.error_messages["min_value"], code="min_value",
                                  params={"limit": f"{self.min_value:,}"})
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(self.error_messages["max_value"], code="max_value",
                                  params={"limit": f"{self.max_value:,}"})


class DecisionField(forms.ChoiceField):
    """A decision among workflow moves with nothing chosen beforehand (issue 13 item 3): the list opens on
    "— choose —", and a form sent without a choice is refused in words; no move is ever taken by default."""

    default_error_messages = {
        "required": gettext_lazy("Choose a decision: none is taken for you."),
        "invalid_choice": gettext_lazy("This decision cannot be taken now; choose one of the list."),
    }

    def __init__(self, *, moves=(), **kwargs):
        kwargs.setdefault("label", gettext_lazy("Decision"))
        super().__init__(choices=(), **kwargs)
        self.set_moves(moves)

    def set_moves(self, moves) -> None:
        """The moves offered, as (name, label), under an empty first choice."""
        self.choices = [("", gettext_lazy("— choose —")), *[(m.name, m.label) for m in moves]]

class UserChoiceField(forms.ModelChoiceField):
    """A choice of user accounts shown by people's display names (姓名), never by username (issue 13 item 6)."""

    def label_from_instance(self, obj):
        return user_name(obj)
