"""The voucher form in the browser (issue 13 item 3, R7): choosing an account leaves only the sources that feed it
in the entry's source list (static/js/voucher-sources.js); the server refuses a mismatch all the same."""

import re

import pytest
from playwright.sync_api import expect

from finance import actions
from tests.finance_books import open_books

from .helpers import sign_in


@pytest.mark.browser
def test_the_sources_offered_follow_the_account_chosen(live_world, new_context):
    books = open_books(live_world.station("own"), worker=live_world.users["worker"],
                       township=live_world.users["township"], budget="")
    project = actions.create_account(actor=live_world.users["worker"], ledger=books.ledger, code="201",
                                     name="助老项目", purpose_kind="project", purpose="助老服务项目",
                                     sources=[books.donation], reason="开设")
    page = new_context().new_page()
    sign_in(page, "worker")
    page.goto(f"/finance/books/{books.ledger.pk}/vouchers/new/")
    source = page.locator("#id_entries-0-source")
    page.select_option("#id_entries-0-account", str(project.pk))
    expect(source.locator(f"option[value='{books.fiscal.pk}']")).to_be_disabled()
    expect(source).to_have_value(str(books.donation.pk))  # the only source of the account is chosen
    page.select_option("#id_entries-0-account", str(books.account.pk))
    expect(source.locator(f"option[value='{books.fiscal.pk}']")).to_be_enabled()
    expect(source.locator(f"option[value='{books.donation.pk}']")).to_be_enabled()
    assert re.search(r"voucher-sources\.js", page.content())
