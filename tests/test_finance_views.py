"""R21 through the pages: the worker prepares, the township officer posts, bad input is refused with nothing
saved; the city sees figures but no vouchers; lists cost a fixed number of queries; nothing is deletable."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finance import actions
from finance.compliance import check_r21
from finance.models import Entry, Ledger, Voucher
from ningbo_sws.lib.compliance import Status, compliance
from stations.models import Station
from tests.finance_books import day, entry, open_books
from tests.stations_setup import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(world):
    return open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])


def _voucher_post_data(books, amount="123.45"):
    data = {"date": "2026-04-01", "summary": "社区活动物料", "entries-TOTAL_FORMS": "2",
            "entries-INITIAL_FORMS": "0", "entries-MIN_NUM_FORMS": "0", "entries-MAX_NUM_FORMS": "1000"}
    data.update({"entries-0-account": books.account.pk, "entries-0-direction": "expense",
                 "entries-0-category": "activities", "entries-0-amount": amount, "entries-0-source": books.fiscal.pk,
                 "entries-1-direction": "income", "entries-1-category": "other"})
    return data


def test_r21_the_worker_prepares_and_the_township_officer_posts_through_the_pages(world, books, client_for):
    worker, township = client_for(world.users["worker"]), client_for(world.users["township"])
    response = worker.post(reverse("finance:voucher_create", kwargs={"ledger_id": books.ledger.pk}),
                           _voucher_post_data(books))
    voucher = Voucher.objects.get()
    assert response.status_code == 302 and voucher.status == "draft"
    page = worker.get(voucher.get_absolute_url()).content.decode()
    assert "123.45" in page and reverse("finance:voucher_post", kwargs={"voucher_id": voucher.pk}) not in page
    post_url = reverse("finance:voucher_post", kwargs={"voucher_id": voucher.pk})
    assert worker.post(post_url, {"confirm": "on"}).status_code == 403
    assert township.post(post_url, {"confirm": "on", "no_attachment_reason": "发票另行归档"}).status_code == 302
    voucher.refresh_from_db()
    assert voucher.number == 1 and voucher.posted_by == world.users["township"]
    # Posted: the page offers a reversal, and no way to edit or delete.
    page = worker.get(voucher.get_absolute_url()).content.decode()
    assert reverse("finance:voucher_reverse", kwargs={"voucher_id": voucher.pk}) in page


@pytest.mark.parametrize("amount", ["-1.00", "12.345"])
def test_r21_a_bad_amount_is_refused_on_the_page_and_nothing_is_saved(world, books, client_for, amount):
    response = client_for(world.users["worker"]).post(
        reverse("finance:voucher_create", kwargs={"ledger_id": books.ledger.pk}), _voucher_post_data(books, amount))
    assert response.status_code == 200
    assert "R21" in response.content.decode() or "第二十一条" in response.content.decode()
    assert not Voucher.objects.exists() and not Entry.objects.exists()


def test_r21_the_city_sees_figures_but_no_vouchers_or_attachments(world, books, client_for):
    from django.core.files.base import ContentFile

    voucher = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="发票",
                                      entries=[entry(books, "10.00")])
    scan = actions.attach(actor=world.users["worker"], voucher=voucher, file=ContentFile(PDF_BYTES, "a.pdf"),
                          name="票")
    city, district = client_for(world.users["city"]), client_for(world.users["district"])
    assert city.get(books.ledger.get_absolute_url()).status_code == 200
    assert city.get(reverse("finance:overview")).status_code == 200
    attachment_url = reverse("finance:attachment", kwargs={"voucher_id": voucher.pk, "attachment_id": scan.pk})
    assert city.get(voucher.get_absolute_url()).status_code == 404
    assert city.get(attachment_url).status_code == 404
    assert city.get(reverse("finance:voucher_list", kwargs={"ledger_id": books.ledger.pk})).status_code == 403
    assert district.get(attachment_url).status_code == 200  # the station's own district bureau


def test_r21_another_districts_bureau_sees_nothing_of_the_books(world, books, client_for):
    from stations import actions as station_actions
    from tests.world import make_user

    other = make_user("jiangbei-officer")
    station_actions.grant_role(actor=world.root, user=other, role="district",
                               division=world.station("other").district, reason="测试")
    client = client_for(other)
    assert client.get(books.ledger.get_absolute_url()).status_code == 404
    page = client.get(reverse("finance:overview")).content.decode()
    assert world.station("own").name not in page


def test_the_overview_costs_the_same_queries_for_few_and_many_stations(world, client_for, books):
    client = client_for(world.users["city"])
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("finance:overview"), {"year": 2026})
    from stations import actions as station_actions
    from stations.models import Division

    for township in Division.objects.filter(level="township", station__isnull=True)[:20]:
        station = station_actions.create_station(actor=world.root, township=township, reason="建站")
        Ledger.objects.create(station=station, year=2026)  # books to summarise, set up directly for the count
    assert Station.objects.count() >= 23
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("finance:overview"), {"year": 2026})
    assert response.status_code == 200
    assert len(many) == len(few)
    assert "2026" in response.content.decode()


def test_r21_an_expense_on_an_unbudgeted_line_needs_the_override_on_the_page(world, books, client_for):
    data = _voucher_post_data(books)
    data["entries-0-category"] = "materials"
    client_for(world.users["worker"]).post(reverse("finance:voucher_create", kwargs={"ledger_id": books.ledger.pk}),
                                           data)
    voucher = Voucher.objects.get()
    township = client_for(world.users["township"])
    url = reverse("finance:voucher_post", kwargs={"voucher_id": voucher.pk})
    response = township.post(url, {"confirm": "on", "no_attachment_reason": "发票另行归档"})
    assert response.status_code == 200
    assert "has no approved budget" in response.content.decode() or "没有已审批的预算" in response.content.decode()
    assert Voucher.objects.get().status == "draft"
    assert township.post(url, {"confirm": "on", "override_reason": "街道同意追加",
                               "no_attachment_reason": "发票另行归档"}).status_code == 302
    assert Voucher.objects.get().budget_override == "街道同意追加"


def test_the_voucher_list_costs_the_same_queries_for_few_and_many(world, books, client_for):
    client = client_for(world.users["worker"])
    url = reverse("finance:voucher_list", kwargs={"ledger_id": books.ledger.pk})
    actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="一",
                            entries=[entry(books, "1.00")])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(30):
        v = actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary=f"多{i}",
                                    entries=[entry(books, "1.00")])
        if i % 2:
            actions.post_voucher(no_attachment_reason="纸质附件另行归档",
                actor=world.users["township"], voucher=v)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.status_code == 200
    page = response.content.decode()
    assert "多0" in page and "多29" in page  # the list shows the vouchers it counted the queries for


def test_r21_no_finance_url_deletes_a_voucher_whatever_is_posted_or_sent_as_delete(world, books, client_for):
    """R21 (issue 10 item 4): vouchers are never deleted. Every finance URL, filled with a posted voucher (with an
    entry and a scan) and a draft, is sent POST with a deleting-looking form and DELETE by everyone who keeps or
    reads the books; afterwards both vouchers, their entries and the scan are still there, the posted one still
    posted with its number, and no request failed with a 500."""
    from django.core.files.base import ContentFile

    from finance.models import Attachment
    from tests.factories import VoucherFactory
    from tests.walker import url_entries

    posted = VoucherFactory(account=books.account, actor=world.users["worker"], summary="已过账的活动支出")
    scan = actions.attach(actor=world.users["worker"], voucher=posted, file=ContentFile(PDF_BYTES, "a.pdf"),
                          name="发票")
    posted = actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=posted, override_reason="街道同意")
    draft = VoucherFactory(account=books.account, actor=world.users["worker"], summary="待过账的草稿")
    before = {v.pk: (v.status, v.number, list(v.entries.values_list("pk", flat=True))) for v in (posted, draft)}
    assert before[posted.pk][0] == "posted" and before[posted.pk][1] == 1 and before[draft.pk][0] == "draft"

    finance = [e for e in url_entries() if e.namespace == "finance"]
    assert len(finance) >= 20
    deleting = {"confirm": "on", "reason": "删除这张凭证", "delete": "1", "override_reason": "删除"}
    requests = 0
    for persona in ("worker", "township", "district", "auditor", "city"):
        client = client_for(world.users[persona])
        for e in finance:
            for voucher in (posted, draft) if "voucher_id" in e.params else (posted,):
                ids = {"station_id": world.station("own").pk, "ledger_id": books.ledger.pk,
                       "account_id": books.account.pk, "voucher_id": voucher.pk, "attachment_id": scan.pk,
                       "report": "balances"}
                url = reverse(e.name, kwargs={key: ids[key] for key in e.params})
                for response in (client.post(url, deleting), client.delete(url)):
                    requests += 1
                    assert response.status_code < 500, f"{persona} {url}: {response.status_code}"
    assert requests >= 2 * 5 * 20

    for pk, (status, _number, entries) in before.items():
        voucher = Voucher.objects.get(pk=pk)  # still there
        assert list(voucher.entries.values_list("pk", flat=True)) == entries
        if status == "posted":
            assert (voucher.status, voucher.number) == ("posted", 1)
        else:
            # A draft may be posted or withdrawn by these requests, never removed: it stays on record.
            assert voucher.status in {"draft", "posted", "withdrawn"}
    assert Attachment.objects.filter(pk=scan.pk, voucher=posted).exists()


def test_r21_report_card_rule_checks_many_stations_in_a_fixed_number_of_queries(world, books):
    stations = list(Station.objects.all())
    with CaptureQueriesContext(connection) as queries:
        findings = check_r21(stations, year=2026)
    assert len(queries) == 1
    assert findings[world.station("own").pk].status == Status.MET
    assert findings[world.station("other").pk].status == Status.NOT_RECORDED
    # Next year without last year's reviewed final accounts: not met.
    actions.open_ledger(actor=world.users["worker"], station=world.station("own"), year=2027, reason="开账")
    assert check_r21(stations, year=2027)[world.station("own").pk].status == Status.NOT_MET
    assert any(rule.rule_id == "R21" for rule in compliance.rules)


def test_r21_budget_execution_shows_budget_actual_and_percent_used(world, books, client_for):
    actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=world.users["township"], voucher=actions.prepare_voucher(
        actor=world.users["worker"], ledger=books.ledger, date=day(), summary="活动",
        entries=[entry(books, "25000.00")]))
    response = client_for(world.users["district"]).get(
        reverse("finance:report", kwargs={"ledger_id": books.ledger.pk, "report": "execution"}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "100,000.00" in page and "25,000.00" in page and "75,000.00" in page and "25.0%" in page
    assert Decimal("25000.00") == Entry.objects.get().amount


def test_r21_the_landing_page_shows_vouchers_awaiting_posting(world, books, client_for):
    actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="待过账",
                            entries=[entry(books, "1.00")])
    response = client_for(world.users["township"]).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("finance:voucher_list", kwargs={"ledger_id": books.ledger.pk}) in page
    assert "2026" in page
