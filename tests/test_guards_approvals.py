"""Guard rails on the other approvals (issue 13 item 3): no decision is preselected (the evaluation's district and
city steps, rectifications), and the final accounts' review, which closes the year, asks to confirm."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from evaluation.forms_cycle import DistrictMoveForm, RectificationMoveForm
from evaluation.models_cycle import Assessment
from finance import actions
from finance.models import FinalAccounts, Ledger
from tests.finance_books import open_books

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form_class", [DistrictMoveForm, RectificationMoveForm])
def test_an_evaluation_decision_has_no_default_and_none_chosen_is_refused(form_class):
    moves = Assessment.workflow.from_state(Assessment.Status.SCORING)
    with translation.override("en"):
        html = str(form_class(moves=moves)["move"])
        assert html.count("<option") == len(moves) + 1
        assert '<option value="" selected>— choose —</option>' in html
        form = form_class({"reason": "看过了"}, moves=moves)
        assert not form.is_valid()
        assert form.errors["move"] == ["Choose a decision: none is taken for you."]
        form = form_class({"move": "publish_everything", "reason": "看过了"}, moves=moves)
        assert form.errors["move"] == ["This decision cannot be taken now; choose one of the list."]


def test_the_final_accounts_review_asks_to_confirm_and_closes_nothing_without(world, client_for):
    books = open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"],
                       year=2025, budget="")
    final = actions.prepare_final_accounts(actor=world.users["township"], ledger=books.ledger)
    client = client_for(world.users["district"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("finance:final_review", kwargs={"ledger_id": books.ledger.pk})
    page = client.get(url).content.decode()
    assert 'name="confirm"' in page and "checked" not in page.split('name="confirm"')[1].split(">")[0]
    response = client.post(url, {"opinion": "账实相符"})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"] == [
        "Tick to confirm: the review closes the books of the year and nothing more is recorded in them."]
    final.refresh_from_db()
    assert final.status != FinalAccounts.Status.REVIEWED
    assert Ledger.objects.get(pk=books.ledger.pk).status != Ledger.Status.CLOSED
    assert client.post(url, {"opinion": "账实相符", "confirm": "on"}).status_code == 302
    assert Ledger.objects.get(pk=books.ledger.pk).status == Ledger.Status.CLOSED
