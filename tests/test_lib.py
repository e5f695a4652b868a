"""The shared library: ID numbers (GB 11643), masking, keyed hash and encryption for personal data."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ningbo_sws.lib import idnumber
from ningbo_sws.lib.masking import mask_id_number, mask_phone

VALID = "11010519491231002X"  # the standard's own example


def test_a_valid_number_passes_and_is_normalized():
    assert idnumber.validate_id_number(" 11010519491231002x ") == VALID
    assert idnumber.birth_and_gender(VALID) == (datetime.date(1949, 12, 31), "female")  # sequence 002: even


@pytest.mark.parametrize("value", ["110105194912310021", "11010519491231002", "1101051949123100XX",
                                   "110105194902300028", "abc"])
def test_wrong_check_digit_length_or_date_is_refused(value):
    with pytest.raises(ValidationError):
        idnumber.validate_id_number(value)


def test_a_birth_date_in_the_future_is_refused():
    first17 = "33020320990101001"
    with pytest.raises(ValidationError):
        idnumber.validate_id_number(first17 + idnumber.check_character(first17), today=datetime.date(2026, 1, 1))


def test_masking_keeps_only_the_ends():
    assert mask_id_number(VALID) == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("") == ""


def test_encryption_round_trips_and_hides_the_number():
    token = idnumber.encrypt(VALID)
    assert VALID not in token and idnumber.decrypt(token) == VALID
    assert idnumber.encrypt(VALID) != token  # randomized


def test_keyed_hash_finds_equal_numbers_and_depends_on_the_key(settings):
    first = idnumber.keyed_hash(VALID)
    assert first == idnumber.keyed_hash(VALID.lower())
    assert first != idnumber.keyed_hash("110105194912310011")
    settings.FIELD_ENCRYPTION_KEY = "another key"
    assert idnumber.keyed_hash(VALID) != first


def test_a_real_credit_code_passes_and_a_wrong_check_character_fails():
    from ningbo_sws.lib.creditcode import validate_credit_code

    assert validate_credit_code(" 91350100m000100y43") == "91350100M000100Y43"
    for bad in ("91350100M000100Y44", "91350100M000100Y4", "91350100M000100I43"):
        with pytest.raises(ValidationError):
            validate_credit_code(bad)


def test_a_rule_is_referred_to_by_id_in_english_and_by_article_in_chinese():
    from django.utils import translation

    from ningbo_sws.lib.regulation import article_words, rule_reference

    assert [article_words(r) for r in ("R9", "R9.2", "R17.3", "R20", "R28")] == [
        "第九条", "第九条第二项", "第十七条第三项", "第二十条", "第二十八条"]
    with translation.override("zh-hans"):
        assert rule_reference("R9.2") == "《规范》第九条第二项"
    with translation.override("en"):
        assert rule_reference("R9.2") == "R9.2"
