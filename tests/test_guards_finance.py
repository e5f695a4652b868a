"""Guard rails on vouchers (issue 13 item 3, R7, R21): the sources offered follow the account (a static script,
and the server refuses a mismatch on the field); posting without an attachment asks for a reason, kept and shown;
a budget overrun names its line and by how much, never "0.00"."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from finance import actions
from finance.models import Entry, Voucher
from ningbo_sws.lib import workflow
from tests.finance_books import day, entry, open_books
from tests.stations_setup import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(world):
    return open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])


@pytest.fixture
def project(world, books):
    """A second account fed by the donation only."""
    return actions.create_account(actor=world.users["worker"], ledger=books.ledger, code="201", name="助老项目",
                                  purpose_kind="project", purpose="助老服务项目", sources=[books.donation],
                                  reason="开设")


def _en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _data(account, source, amount="80.00"):
    return {"date": "2026-04-01", "summary": "助老活动物料", "entries-TOTAL_FORMS": "1", "entries-INITIAL_FORMS": "0",
            "entries-MIN_NUM_FORMS": "0", "entries-MAX_NUM_FORMS": "1000", "entries-0-account": account.pk,
            "entries-0-direction": "expense", "entries-0-category": "activities", "entries-0-amount": amount,
            "entries-0-source": source.pk}


def test_the_voucher_form_names_each_accounts_sources_for_its_script(world, books, project, client_for):
    page = client_for(world.users["worker"]).get(
        reverse("finance:voucher_create", kwargs={"ledger_id": books.ledger.pk})).content.decode()
    assert '<script src="/static/js/voucher-sources.js" defer></script>' in page
    assert re.search(rf'<option value="{project.pk}" data-sources="{books.donation.pk}"', page)
    fed = " ".join(str(pk) for pk in sorted([books.fiscal.pk, books.donation.pk]))
    assert re.search(rf'<option value="{books.account.pk}" data-sources="{fed}"', page)
    assert "<script>" not in page  # no inline script
    script = (Path(settings.BASE_DIR) / "static/js/voucher-sources.js").read_text()
    assert "data-feeds" in script or "dataset.feeds" in script


def test_a_source_that_does_not_feed_the_account_is_refused_on_its_field(world, books, project, client_for):
    response = _en(client_for(world.users["worker"])).post(
        reverse("finance:voucher_create", kwargs={"ledger_id": books.ledger.pk}), _data(project, books.fiscal))
    assert response.status_code == 200
    form = response.context["formset"].forms[0]
    assert form.errors["source"] == [
        "The source “Fiscal funds (district bureau)” does not feed the account “201 助老项目”: choose one of the "
        "sources that feed it (R7)."]
    assert not Voucher.objects.exists() and not Entry.objects.exists()
    response = client_for(world.users["worker"]).post(
        reverse("finance:voucher_create", kwargs={"ledger_id": books.ledger.pk}), _data(project, books.donation))
    assert response.status_code == 302 and Voucher.objects.count() == 1


def test_posting_without_an_attachment_asks_why_and_the_voucher_shows_it(world, books, client_for):
    voucher = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="茶歇",
                                      entries=[entry(books, "30.00")])
    township = _en(client_for(world.users["township"]))
    url = reverse("finance:voucher_post", kwargs={"voucher_id": voucher.pk})
    page = township.get(url).content.decode()
    assert 'name="no_attachment_reason"' in page
    response = township.post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["no_attachment_reason"]
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.DRAFT
    response = township.post(url, {"confirm": "on", "no_attachment_reason": "发票由供应商补开，下周补扫"})
    assert response.status_code == 302
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.POSTED
    assert [c.reason for c in workflow.changes(voucher)] == ["发票由供应商补开，下周补扫"]
    assert voucher.history.order_by("-history_id").first().history_change_reason == "发票由供应商补开，下周补扫"
    page = township.get(voucher.get_absolute_url()).content.decode()
    assert "Posted without an attachment; the reason given: 发票由供应商补开，下周补扫" in page


def test_the_action_refuses_a_post_without_attachment_or_reason_in_chinese(world, books):
    voucher = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="茶歇",
                                      entries=[entry(books, "30.00")])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        actions.post_voucher(actor=world.users["township"], voucher=voucher, no_attachment_reason="  ")
    assert refused.value.field == "no_attachment_reason"
    assert "has no attachment" in refused.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        actions.post_voucher(actor=world.users["township"], voucher=voucher, no_attachment_reason="长" * 101)
    assert refused.value.field == "no_attachment_reason"
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.DRAFT and voucher.number is None


def test_a_voucher_with_its_scan_is_posted_without_being_asked(world, books, client_for):
    voucher = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="物料",
                                      entries=[entry(books, "30.00")])
    actions.attach(actor=world.users["worker"], voucher=voucher, file=ContentFile(PDF_BYTES, "a.pdf"), name="发票")
    township = client_for(world.users["township"])
    url = reverse("finance:voucher_post", kwargs={"voucher_id": voucher.pk})
    assert 'name="no_attachment_reason"' not in township.get(url).content.decode()
    assert township.post(url, {"confirm": "on"}).status_code == 302
    assert 'id="no-attachment-reason"' not in township.get(voucher.get_absolute_url()).content.decode()


def test_an_overrun_names_the_line_and_by_how_much(world, books):
    voucher = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="活动",
                                      entries=[entry(books, "100000.50")])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        actions.post_voucher(actor=world.users["township"], voucher=voucher, no_attachment_reason="补扫")
    assert refused.value.messages == [
        "The budget line “Activities” of 101 站点运营 is approved for 100000.00 yuan; with this voucher its expenses "
        "reach 100000.50 yuan, 0.50 yuan beyond it. The township officer may post it with an override reason (R21)."]


def test_an_expense_on_a_line_without_budget_never_says_zero(world, books):
    voucher = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="材料",
                                      entries=[entry(books, "45.00", category="materials")])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        actions.post_voucher(actor=world.users["township"], voucher=voucher, no_attachment_reason="补扫")
    message = refused.value.messages[0]
    assert message == ("The budget line “Materials” of 101 站点运营 has no approved budget; with this voucher its "
                       "expenses reach 45.00 yuan, all of it beyond the budget. The township officer may post it "
                       "with an override reason (R21).")
    assert "0.00" not in message.replace("45.00", "")
