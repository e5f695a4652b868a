"""Issue 13 items 6 and 8: the words (one list separator, display names, one money format, contexts for msgids
of two senses, our own sign-in error) and demo data that looks real."""

import logging
import re
import sys
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from finance.templatetags.finance_money import yuan
from ningbo_sws.lib.forms import UserChoiceField
from ningbo_sws.lib.logs import ForbiddenWithoutTraceback
from ningbo_sws.lib.words import join_clauses, join_list, money, user_name
from services.models import Recipient
from stations.models import Station
from tests.test_i18n import _source_files, python_messages, template_messages

# The msgids of the issue that serve two senses: each use must say which (a pgettext context)...
TWO_SENSES = {"Minutes", "minutes", "Sessions", "Action", "action", "closed"}
# ...and those whose plain msgid keeps its first sense (名称, 督导) except where the other one lives (姓名, 督导费).
OTHER_SENSE_PLACES = {"Name": ("services/", "staffing/", "templates/services/", "templates/staffing/",
                               "ningbo_sws/lib/person.py"),
                      "Supervision": ("finance/", "templates/finance/")}
OTHER_SENSE_PLACES["name"] = OTHER_SENSE_PLACES["Name"]


def _needs_context(msgid: str, where: str) -> bool:
    return msgid in TWO_SENSES or any(where.startswith(p) for p in OTHER_SENSE_PLACES.get(msgid, ()))


def test_catalogue_has_no_msgid_of_two_senses_without_context():
    """Issue 13 item 6: minutes (会议记录 / 分钟), sessions, action, closed (已关闭 / 已结案), supervision, name
    (名称 / 姓名) each carry a context wherever they are used."""
    found = [*(m for p in _source_files(".py") for m in python_messages(p)),
             *(m for p in _source_files(".html", ".txt") for m in template_messages(p))]
    bare = sorted(f"{where}: {key[1]!r}" for key, where in found if key[0] is None and _needs_context(key[1], where))
    assert bare == [], "give these a pgettext context:\n" + "\n".join(bare)


def test_lists_are_joined_with_the_languages_separator():
    with translation.override("en"):
        assert join_list(["elderly", "disabled"]) == "elderly, disabled"
        assert join_clauses(["the plate is not hung", "no photo"]) == "the plate is not hung; no photo"


def test_money_has_one_format_and_no_negative_zero():
    assert money(Decimal("-0.00")) == "0.00"
    assert money(Decimal("-0.001")) == "0.00"
    assert money(Decimal("1234.5")) == "1,234.50"
    assert money(Decimal("-12")) == "-12.00"
    assert yuan(Decimal("-0.00")) == "0.00"


@pytest.mark.django_db
def test_user_choices_show_display_names_not_usernames():
    User = get_user_model()
    named = User.objects.create(username="worker-x", first_name="王晓燕")
    unnamed = User.objects.create(username="worker-y")
    field = UserChoiceField(queryset=User.objects.filter(pk__in=[named.pk, unnamed.pk]).order_by("pk"))
    assert [label for _value, label in field.choices][1:] == ["王晓燕", "worker-y"]
    assert user_name(named) == "王晓燕" and user_name(None) == ""


@pytest.mark.django_db
def test_sign_in_error_is_ours_not_djangos(client):
    client.cookies["django_language"] = "en"
    response = client.post("/accounts/login/", {"username": "nobody", "password": "wrong-password"})
    html = response.content.decode()
    assert "The username or the password is not right." in html
    assert "Please enter a correct" not in html


def test_a_403_is_logged_without_a_traceback():
    try:
        raise PermissionError("no")
    except PermissionError:
        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden (Permission denied): %s",
                                   ("/x/",), sys.exc_info())
    record.status_code = 403
    assert ForbiddenWithoutTraceback().filter(record) is True
    assert record.exc_info is None
    assert logging.Formatter().format(record) == "Forbidden (Permission denied): /x/"


@pytest.mark.django_db
def test_demo_logins_table_has_a_chinese_and_english_header_and_peoples_names():
    out = StringIO()
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", "--logins", "--table", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["角色", "Role", "姓名", "Name", "用户名", "Username", "密码", "Password",
                                "范围", "Scope"]
    assert set(lines[1]) == {"-", " "}
    assert any("陈建华" in line and "township-nanmen" in line for line in lines[2:])
    assert len(lines) == 2 + 13
    User = get_user_model()
    demo = User.objects.filter(username__in=["city", "auditor", "district-haishu", "worker-nanmen", "assessor-haishu"])
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", u.get_full_name()) for u in demo)


@pytest.mark.django_db
def test_demo_addresses_are_chinese_without_latin_letters():
    call_command("seed_demo", stdout=StringIO())
    addresses = [*Station.objects.values_list("address", flat=True),
                 *Recipient.objects.values_list("address", flat=True)]
    assert addresses
    assert [a for a in addresses if re.search(r"[A-Za-z]", a or "")] == []


@pytest.mark.django_db
def test_load_divisions_says_what_it_loaded():
    out = StringIO()
    call_command("load_divisions", stdout=out)
    first = out.getvalue().splitlines()[0]
    assert first.startswith("Loaded the divisions of Ningbo from ningbo_divisions.csv: 1 ")
    assert "(district)" in first and "(township)" in first and "(village)" in first
