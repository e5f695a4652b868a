"""Issue 9 items 4 and 5, issue 10 "form helpers": what people type is made canonical at the boundary.

Item 4: ID numbers, phones and codes typed with full-width or other Unicode digits are the same as in ASCII.
Item 5: money is a plain decimal (thousands separators in the right places, a leading ¥, full-width digits);
exponents, misplaced separators, other scripts' digits and too many digits are refused by name, never a 500.
"""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from ningbo_sws.lib import idnumber
from ningbo_sws.lib.creditcode import validate_credit_code
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.forms import AmountField, CreditCodeField, IdNumberField, PhoneField, form_error
from ningbo_sws.lib.normalize import (
    ascii_digits,
    normalize_code,
    normalize_id_number,
    normalize_phone,
    normalize_text,
    parse_amount,
    validate_phone,
)

ID = "11010519491231002X"  # the GB 11643 example number: its check character is X
ID_FULL_WIDTH = "１１０１０５１９４９１２３１００２ｘ"
ID_ARABIC_INDIC = "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X"
CREDIT_CODE = "91330200MA2AB1234Y"
CREDIT_CODE_FULL_WIDTH = "９１３３０２００ｍａ２ａｂ１２３４ｙ"


# --- item 4: text, digits, ID numbers, phones, codes ------------------------------------------------------------
def test_item4_normalize_text_is_nfkc_and_trimmed():
    assert normalize_text("  ＡＢＣ　１２３ ") == "ABC 123"
    assert normalize_text(None) == ""


def test_item4_ascii_digits_turns_every_script_s_decimal_digits_into_ascii():
    assert ascii_digits("١٢٣") == "123"  # Arabic-Indic
    assert ascii_digits("۴۵۶") == "456"  # Extended Arabic-Indic (Persian)
    assert ascii_digits("७८९") == "789"  # Devanagari
    assert ascii_digits("１２３") == "123"  # full width
    assert ascii_digits("王12") == "王12"


@pytest.mark.parametrize("typed", [ID_FULL_WIDTH, ID_ARABIC_INDIC, f"  {ID.lower()} ", "110105 19491231 002x"])
def test_item4_an_id_number_in_any_digits_is_the_ascii_number(typed):
    assert normalize_id_number(typed) == ID
    assert idnumber.validate_id_number(typed) == ID
    assert idnumber.keyed_hash(typed) == idnumber.keyed_hash(ID)


def test_item4_a_full_width_id_number_is_not_refused_with_the_format_message():
    """Before: the full-width ｘ stayed full width and the number was refused as "not 18 characters"."""
    assert idnumber.validate_id_number(ID_FULL_WIDTH) == ID


def test_item4_a_wrong_full_width_id_number_is_refused_for_what_is_wrong():
    wrong_check = "１１０１０５１９４９１２３１００２１"
    with pytest.raises(ValidationError) as exc:
        idnumber.validate_id_number(wrong_check)
    assert exc.value.code == "check"


def test_item4_an_id_number_with_letters_or_superscripts_other_than_x_is_refused():
    with pytest.raises(ValidationError) as exc:
        idnumber.validate_id_number("11010519491231002Y")
    assert exc.value.code == "format"


@pytest.mark.parametrize(("typed", "phone"), [
    ("１３８ １２３４ ５６７８", "13812345678"),
    ("０５７４－８７６５４３２１", "0574-87654321"),
    ("0574—87654321", "0574-87654321"),
    ("١٣٨١٢٣٤٥٦٧٨", "13812345678"),
    ("", ""),
])
def test_item4_a_phone_in_any_digits_is_the_ascii_phone(typed, phone):
    assert normalize_phone(typed) == phone
    assert validate_phone(typed) == phone


@pytest.mark.parametrize("typed", ["12345", "138123456789", "abc", "+86 13812345678x"])
def test_item4_a_phone_that_is_neither_mobile_nor_landline_is_refused(typed):
    with pytest.raises(ValidationError) as exc:
        validate_phone(typed)
    assert exc.value.code == "phone"


def test_item4_a_credit_code_in_full_width_or_small_letters_is_the_canonical_code():
    assert normalize_code(CREDIT_CODE_FULL_WIDTH) == CREDIT_CODE
    assert validate_credit_code(CREDIT_CODE_FULL_WIDTH) == CREDIT_CODE
    assert normalize_code(" ａｃ-１０１ ") == "AC-101"


def test_item4_the_fields_return_the_canonical_value():
    class PersonForm(forms.Form):
        id_number = IdNumberField()
        phone = PhoneField()
        credit_code = CreditCodeField()
        search = IdNumberField(search=True, required=False)

    form = PersonForm({"id_number": ID_FULL_WIDTH, "phone": "１３８１２３４５６７８",
                       "credit_code": CREDIT_CODE_FULL_WIDTH, "search": "１２３"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"id_number": ID, "phone": "13812345678", "credit_code": CREDIT_CODE,
                                 "search": "123"}
    form = PersonForm({"id_number": "１１０１０５１９４９１２３１００２１", "phone": "12345", "credit_code": "9" * 18})
    assert not form.is_valid()
    assert set(form.errors) == {"id_number", "phone", "credit_code"}


# --- item 5: amounts ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "amount"), [
    ("1234.56", "1234.56"),
    ("1,234,567.89", "1234567.89"),
    ("¥1,234.50", "1234.50"),
    ("￥１，２３４．５", "1234.50"),
    ("１２３", "123.00"),
    ("  12 ", "12.00"),
    ("¥ 12", "12.00"),
    ("0", "0.00"),
    ("0.10", "0.10"),
    ("1.230", "1.23"),
    ("999999999999.99", "999999999999.99"),
])
def test_item5_plain_decimals_are_accepted(typed, amount):
    assert parse_amount(typed) == Decimal(amount)
    assert str(parse_amount(typed)) == amount


@pytest.mark.parametrize(("typed", "code"), [
    ("1e30", "exponent"),
    ("1e10", "exponent"),
    ("1E+5", "exponent"),
    ("1.5e3", "exponent"),
    ("1,2,3", "separators"),
    ("12,34", "separators"),
    ("1234,567", "separators"),
    ("1_000", "separators"),
    ("١٢٣", "digits"),
    ("१२३", "digits"),
    ("12.345", "decimals"),
    ("-5", "negative"),
    ("−5", "negative"),
    ("¥-5", "negative"),
    ("1000000000000", "too_large"),
    ("1" * 40, "too_large"),
    ("NaN", "invalid"),
    ("Infinity", "invalid"),
    ("abc", "invalid"),
    ("", "invalid"),
    ("¥", "invalid"),
    (".5", "invalid"),
    ("5.", "invalid"),
    ("1 000", "invalid"),
    ("0x10", "invalid"),
])
def test_item5_other_amounts_are_refused_by_name(typed, code):
    with pytest.raises(ValidationError) as exc:
        parse_amount(typed)
    assert exc.value.code == code
    assert exc.value.messages[0]


def test_item5_the_messages_say_what_is_wrong():
    def message(typed, **kwargs):
        with pytest.raises(ValidationError) as exc:
            parse_amount(typed, **kwargs)
        return exc.value.messages[0]

    assert message("abc") in ("The amount can only be a number, for example 1234.56.", "金额只能是数字，如 1234.56。",
                              "金额只能是数字，如 1234.56")
    assert "1234.56" in message("1e10") and "1234.56" in message("١٢٣")
    assert "1,234,567.89" in message("1,2,3")
    assert "999,999,999.99" in message("1000000000", max_digits=11)


def test_item5_negatives_only_where_the_field_allows_them():
    assert parse_amount("-1,234.50", allow_negative=True) == Decimal("-1234.50")
    assert parse_amount("¥-5", allow_negative=True) == Decimal("-5")
    assert parse_amount("-0") == Decimal("0")


def test_item5_the_limit_is_the_model_column_s_max_digits():
    assert parse_amount("9999999999.99", max_digits=12) == Decimal("9999999999.99")
    with pytest.raises(ValidationError) as exc:
        parse_amount("10000000000", max_digits=12)
    assert exc.value.code == "too_large"
    with pytest.raises(ValidationError) as exc:
        parse_amount("1.5", decimal_places=0, max_digits=5)
    assert exc.value.code == "decimals"


def test_item5_an_already_parsed_decimal_goes_through_the_same_limits_and_a_float_never():
    assert parse_amount(Decimal("12.5")) == Decimal("12.50")
    assert parse_amount(7) == Decimal("7.00")
    with pytest.raises(ValidationError):
        parse_amount(Decimal("1E+30"))
    with pytest.raises(ValidationError):
        parse_amount(Decimal("NaN"))
    with pytest.raises(TypeError):
        parse_amount(0.1)


def test_item5_the_amount_field_cleans_to_a_decimal_and_refuses_with_its_message():
    class MoneyForm(forms.Form):
        amount = AmountField(max_digits=12, max_value=Decimal("100000000"))
        fee = AmountField(required=False, allow_zero=False,
                          error_messages={"negative": "no negatives here (R21)", "zero": "no zero here (R21)"})

    form = MoneyForm({"amount": "¥1,234.50", "fee": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": Decimal("1234.50"), "fee": None}
    for typed in ("1e30", "1e10", "1,2,3", "1_000", "١٢٣", "100000000.01"):
        form = MoneyForm({"amount": typed})
        assert not form.is_valid() and list(form.errors) == ["amount"], typed
    assert MoneyForm({"amount": "1", "fee": "-1"}).errors["fee"] == ["no negatives here (R21)"]
    assert MoneyForm({"amount": "1", "fee": "0"}).errors["fee"] == ["no zero here (R21)"]
    assert "amount" in MoneyForm({"amount": ""}).errors  # required


# --- issue 10: one mapping of an action's refusal onto a form ----------------------------------------------------
class _Form(forms.Form):
    name = forms.CharField()


def test_form_error_puts_an_action_error_against_its_field_or_on_top():
    form = _Form({"name": "x"})
    assert form.is_valid()
    form_error(form, ActionError("taken", field="name"))
    form_error(form, ActionError("refused"))
    form_error(form, ActionError("about a field the form lacks", field="other"))
    assert form.errors["name"] == ["taken"]
    assert form.non_field_errors() == ["refused", "about a field the form lacks"]


def test_form_error_maps_a_full_clean_error_field_by_field():
    form = _Form({"name": "x"})
    assert form.is_valid()
    form_error(form, ValidationError({"name": ["too short"], "station": ["missing"]}))
    assert form.errors["name"] == ["too short"]
    assert form.non_field_errors() == ["missing"]
