"""Finance URLs with malformed or foreign ids give 404, never 500; odd input gives a message, nothing saved."""

import pytest
from django.urls import reverse

from finance.models import Voucher
from tests.finance_books import open_books

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(world):
    return open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])


@pytest.mark.parametrize("url", [
    "/finance/books/99999999999999999999999/", "/finance/books/0/vouchers/", "/finance/accounts/999999/",
    "/finance/vouchers/99999999999999999999999/", "/finance/stations/999999/", "/finance/books/1/reports/nonsense/",
    "/finance/books/1/reports/nonsense/pdf/", "/finance/vouchers/1/attachments/999/",
])
def test_a_malformed_or_unknown_finance_id_is_a_404(world, books, client_for, url):
    assert client_for(world.users["auditor"]).get(url).status_code == 404


def test_an_odd_year_or_page_on_the_overview_is_harmless(world, client_for):
    for params in ({"year": "abc"}, {"year": "99999"}, {"page": "x"}, {"year": "-1"}):
        assert client_for(world.users["city"]).get("/finance/", params).status_code == 200


def test_an_oversized_voucher_form_is_refused_and_nothing_is_saved(world, books, client_for):
    response = client_for(world.users["worker"]).post(
        reverse("finance:voucher_create", kwargs={"ledger_id": books.ledger.pk}),
        {"date": "not-a-date", "summary": "摘" * 300, "entries-TOTAL_FORMS": "1", "entries-INITIAL_FORMS": "0",
         "entries-0-account": "abc", "entries-0-direction": "sideways", "entries-0-category": "x",
         "entries-0-amount": "1" * 30, "entries-0-source": "999999"})
    assert response.status_code == 200
    assert {"date", "summary"} <= set(response.context["form"].errors)
    assert not Voucher.objects.exists()
