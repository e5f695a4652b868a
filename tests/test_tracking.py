"""Issue 10, "tracked save with one reason policy": a reason is kept whole in the history or refused with a
message (a form error, never HTTP 500, never cut). The history's reason column holds 100 characters; the old form
field allowed 200, services cut silently at 100 and the other apps passed it on (a 500 on PostgreSQL)."""

import pytest
from django.apps import apps
from django.urls import reverse

from finance import actions as finance_actions
from finance.models import Voucher
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.reasons import REASON_MAX_LENGTH, ReasonField, check_reason
from services import actions as services_actions
from services.models import Case
from stations import actions as station_actions
from stations.models import Station, StatusChange
from tests.finance_books import day, entry, open_books
from tests.services_helpers import STEPS, case_in, project, recipient

pytestmark = pytest.mark.django_db

HISTORY_COLUMN = 100  # simple-history's history_change_reason, as created by every app's migrations
LONG = "因" * 150  # fits the old 200-character form field, not the history column
WHOLE = "整" * 100  # exactly what the history column holds


def _refused_on_the_form(response) -> str:
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "reason" in errors, errors
    message = " ".join(errors["reason"])
    assert str(HISTORY_COLUMN) in message  # the limit is named, in either language
    return message


def test_the_reason_limit_is_the_history_column_of_every_historical_model():
    """One number: REASON_MAX_LENGTH is the width of history_change_reason in every historical table."""
    widths = {m._meta.label: f.max_length for m in apps.get_models() for f in m._meta.concrete_fields
              if f.name == "history_change_reason"}
    assert len(widths) >= 20
    assert set(widths.values()) == {HISTORY_COLUMN}
    assert REASON_MAX_LENGTH == HISTORY_COLUMN


def test_the_reason_field_is_required_stripped_and_at_most_the_column():
    field = ReasonField()
    assert field.clean("  理由  ") == "理由"
    assert field.clean(WHOLE) == WHOLE
    for bad in ("", "   ", LONG, "因" * 101):
        with pytest.raises(Exception):  # noqa: B017 - a forms.ValidationError
            field.clean(bad)


def test_check_reason_refuses_empty_and_over_long_never_cuts():
    assert check_reason(" 同意 ") == "同意"
    for bad in ("", None, " ", "因" * 101):
        with pytest.raises(ActionError) as refused:
            check_reason(bad)
        assert refused.value.field == "reason"


# --- a 150-character reason through the pages: a form error, nothing saved ---------------------------------------
def test_a_150_character_reason_on_a_station_edit_is_a_form_error_not_500(world, client_for):
    """Issue 10: was HTTP 500 on PostgreSQL (value too long for varchar(100)) and stored on SQLite."""
    station = world.station("own")
    before = station.history.count()
    response = client_for(world.users["township"]).post(f"/stations/{station.pk}/edit/", {
        "address": "新地址 1 号", "phone": "", "opened_on": "", "notes": "", "reason": LONG})
    _refused_on_the_form(response)
    assert Station.objects.get(pk=station.pk).address != "新地址 1 号"
    assert station.history.count() == before


def test_a_150_character_reason_on_a_case_move_is_a_form_error_not_cut(world, client_for):
    """Issue 10: services cut the reason silently at 100 characters."""
    case = case_in("intake", world, recipient(world, seq=1), project(world, kind="base"))
    url = reverse("services:case_move", args=[case.pk])
    response = client_for(world.assignments["own"].user).post(
        url, {"to": "assessment", "assessment": STEPS["assessment"]["assessment"], "reason": LONG})
    _refused_on_the_form(response)
    assert Case.objects.get(pk=case.pk).state == "intake"
    assert not StatusChange.objects.filter(to_state="assessment").exists()


def test_a_150_character_reason_on_a_voucher_withdrawal_is_a_form_error_not_500(world, client_for):
    books = open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])
    draft = finance_actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(),
                                            summary="活动支出", entries=[entry(books, "10.00")])
    url = reverse("finance:voucher_withdraw", kwargs={"voucher_id": draft.pk})
    _refused_on_the_form(client_for(world.users["worker"]).post(url, {"reason": LONG}))
    assert Voucher.objects.get(pk=draft.pk).status == Voucher.Status.DRAFT


# --- the actions hold the same policy, whoever calls them ---------------------------------------------------------
def test_the_actions_refuse_an_over_long_reason_by_name(world):
    """A script or another app calling the actions gets the same refusal: field `reason`, nothing saved."""
    station = world.station("own")
    with pytest.raises(ActionError) as refused:
        station_actions.update_station(actor=world.users["township"], station=station, reason=LONG,
                                       address="x", phone="", opened_on=None, notes="")
    assert refused.value.field == "reason"
    case = case_in("intake", world, recipient(world, seq=1), project(world, kind="base"))
    with pytest.raises(ActionError) as refused:
        services_actions.move_case(actor=world.assignments["own"].user, case=case, to="assessment",
                                   reason="因" * 101, **STEPS["assessment"])
    assert refused.value.field == "reason"
    assert Case.objects.get(pk=case.pk).state == "intake"
    books = open_books(station, worker=world.users["worker"], township=world.users["township"])
    draft = finance_actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(),
                                            summary="活动支出", entries=[entry(books, "10.00")])
    with pytest.raises(ActionError) as refused:
        finance_actions.withdraw_voucher(actor=world.users["worker"], voucher=draft, reason=LONG)
    assert refused.value.field == "reason"


# --- a reason that fits is kept whole -----------------------------------------------------------------------------
def test_a_100_character_reason_is_kept_whole_in_the_history(world):
    station = station_actions.update_station(actor=world.users["township"], station=world.station("own"),
                                             reason=WHOLE, address="新址", phone="", opened_on=None, notes="")
    assert station.history.order_by("-history_id").first().history_change_reason == WHOLE
    case = case_in("intake", world, recipient(world, seq=1), project(world, kind="base"))
    case = services_actions.move_case(actor=world.assignments["own"].user, case=case, to="assessment",
                                      reason=WHOLE, **STEPS["assessment"])
    assert case.history.order_by("-history_id").first().history_change_reason == WHOLE
    assert case.moves.last().reason == WHOLE
    books = open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])
    draft = finance_actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(),
                                            summary="活动支出", entries=[entry(books, "10.00")])
    draft = finance_actions.withdraw_voucher(actor=world.users["worker"], voucher=draft, reason=WHOLE)
    assert draft.history.order_by("-history_id").first().history_change_reason == WHOLE
