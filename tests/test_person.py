"""Issue 10, "one person model base": one `Gender`, one set of person fields on recipients and staff, and birth
date and gender read from an ID number in one function (`ningbo_sws.lib.idnumber.birth_and_gender`)."""

import datetime
import importlib

import pytest
from django.apps import apps

from ningbo_sws.lib import idnumber
from ningbo_sws.lib.person import Gender, Person
from services.importing import import_recipients
from services.models import Recipient
from staffing.models import StaffMember
from tests.services_helpers import recipient, villages
from tests.staffing_world import person

# Check characters computed by hand (GB 11643: Σ digit × weight 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, mod 11, then
# "10X98765432"):
# 33020319900101123: 21+27+0+10+0+12+2+9+54+0+0+9+0+5+8+8+6 = 171, 171 mod 11 = 6 → "6"
MAN_1990 = "330203199001011236"  # 海曙区, born 1990-01-01, sequence 123: odd → a man
# 33020319850615002: 21+27+0+10+0+12+2+9+48+15+0+54+10+25+0+0+4 = 237, 237 mod 11 = 6 → "6"
WOMAN_1985 = "330203198506150026"  # born 1985-06-15, sequence 002: even → a woman
STANDARD_EXAMPLE = "11010519491231002X"  # GB 11643's own example: born 1949-12-31, sequence 002 → a woman


@pytest.mark.parametrize(("number", "birth", "gender"), [
    (MAN_1990, datetime.date(1990, 1, 1), "male"),
    (WOMAN_1985, datetime.date(1985, 6, 15), "female"),
    (STANDARD_EXAMPLE, datetime.date(1949, 12, 31), "female"),
])
def test_birth_date_and_gender_come_from_the_id_number_in_one_function(number, birth, gender):
    """Issue 10: one function reads both; the numbers are valid (their check characters were computed by hand)."""
    assert idnumber.validate_id_number(number) == number
    assert idnumber.birth_and_gender(number) == (birth, gender)


def test_there_is_one_gender_with_the_values_male_and_female():
    """Issue 10: staffing had male/female and services M/F; now one set, and the function returns its values."""
    assert Gender.values == ["male", "female"]
    assert idnumber.birth_and_gender(MAN_1990)[1] == Gender.MALE
    assert idnumber.birth_and_gender(WOMAN_1985)[1] == Gender.FEMALE


def test_recipients_and_staff_share_the_person_fields_under_one_naming():
    """Issue 10: both models inherit the abstract base; the same names, the same choices, no copies."""
    assert issubclass(Recipient, Person) and issubclass(StaffMember, Person)
    for name in ("name", "gender", "birth_date", "id_cipher", "id_hash", "id_masked"):
        recipient_field, staff_field = Recipient._meta.get_field(name), StaffMember._meta.get_field(name)
        assert recipient_field.deconstruct()[1:] == staff_field.deconstruct()[1:], name
    assert [value for value, _label in StaffMember._meta.get_field("gender").choices] == ["male", "female"]
    for model in (Recipient, StaffMember):  # the ID number's ciphertext and hash never enter a history table
        historical = {f.name for f in model.history.model._meta.get_fields()}
        assert {"id_cipher", "id_hash"}.isdisjoint(historical) and "id_masked" in historical, model


def test_a_recipient_and_a_staff_member_with_one_number_get_the_same_birth_date_and_gender(world):
    """Issue 10: the staff form's gender no longer disagrees with the ID number; the number decides for both."""
    member = person(world.station("own"), world.users["worker"], id_number=MAN_1990, male=False)
    someone = recipient(world, id_number=MAN_1990, gender="female", birth_date=datetime.date(2000, 1, 1))
    assert (member.birth_date, member.gender) == (datetime.date(1990, 1, 1), "male")
    assert (someone.birth_date, someone.gender) == (datetime.date(1990, 1, 1), "male")
    assert member.id_masked == someone.id_masked == "3302**********1236"


def test_the_register_import_reads_the_gender_words_into_the_one_set(world):
    """Issue 10: 男/女 in a register without an ID number become "male"/"female" (services stored M/F)."""
    station = world.station("own")
    village = villages(station)[0].name
    data = ("姓名,性别,出生日期,村(社区),人员类别\n"
            f"陈阿婆,女,1940-03-02,{village},独居\n"
            f"周阿公,男,1938年5月6日,{village},孤寡\n").encode()
    report = import_recipients(actor=world.users["worker"], station=station, data=data, filename="台账.csv")
    assert (report.saved, report.bad) == (2, [])
    assert dict(Recipient.objects.values_list("name", "gender")) == {"陈阿婆": "female", "周阿公": "male"}


def test_the_migration_maps_the_old_letters_to_the_one_set(world):
    """Issue 10: services/0006 turns M/F into male/female, in the register and in its history."""
    someone = recipient(world, id_number="", gender="female", birth_date=datetime.date(1940, 1, 1))
    Recipient.objects.filter(pk=someone.pk).update(gender="F")
    Recipient.history.filter(id=someone.pk).update(gender="F")
    migration = importlib.import_module("services.migrations.0006_person_fields_one_active_registration")
    migration.to_words(apps, None)
    assert Recipient.objects.get(pk=someone.pk).gender == "female"
    assert set(Recipient.history.filter(id=someone.pk).values_list("gender", flat=True)) == {"female"}
