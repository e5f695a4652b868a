"""Issue 9 items 4 and 5 through the pages and the import: full-width and other Unicode digits register no second
person and are found by an ASCII search; exponents, misplaced separators and other scripts' digits in an amount
are refused with a message (HTTP 200, nothing saved), never a 500; `¥1,234.50` is 1234.50."""

from decimal import Decimal

import pytest
from django.urls import reverse

from finance.models import Account, Budget, BudgetLine, Entry, Voucher
from ningbo_sws.lib import idnumber
from services.importing import import_recipients
from services.models import Recipient
from staffing.models import StaffMember
from stations.models import Operator
from tests.finance_books import open_books
from tests.services_helpers import recipient, villages

pytestmark = pytest.mark.django_db

ASCII_ID = "33020319500101018X"  # GB 11643: area 330203, born 1950-01-01, sequence 018, check character X
FULL_WIDTH_ID = "３３０２０３１９５００１０１０１８ｘ"
ARABIC_INDIC_ID = "٣٣٠٢٠٣١٩٥٠٠١٠١٠١٨X"
STAFF_ID = "330203199001010014"  # born 1990-01-01, sequence 001 (a man), check character 4
STAFF_ID_FULL_WIDTH = "３３０２０３１９９００１０１００１４"
# Bad amounts, and a piece of the message each must show (the examples are digits: the same in either language).
BAD_AMOUNTS = [("1e30", "1234.56"), ("1e10", "1234.56"), ("1,2,3", "1,234,567.89"), ("1_000", "1,234,567.89"),
               ("١٢٣", "1234.56")]


# --- item 4: ID numbers ---------------------------------------------------------------------------------------
def _register(client, station, number, name="王阿婆"):
    return client.post(reverse("services:recipient_new", args=[station.pk]), {
        "name": name, "id_number": number, "village": villages(station)[0].pk, "reason": "登记",
        "groups": ["gugua"], "phone": "１３８ ０５７４ ００１２"})


@pytest.mark.parametrize("typed", [FULL_WIDTH_ID, ARABIC_INDIC_ID])
def test_item4_a_recipient_registered_with_full_width_digits_is_the_ascii_person(world, client_for, typed):
    """The full-width number is stored as the ASCII one: an ASCII search finds it, the ASCII number is a duplicate."""
    station, client = world.station("own"), client_for(world.users["worker"])
    assert _register(client, station, typed).status_code == 302
    person = Recipient.objects.get()
    assert person.id_masked == "3302**********018X"
    assert person.phone == "13805740012"
    assert person.birth_date.isoformat() == "1950-01-01"
    listing = reverse("services:recipient_list", args=[station.pk])
    found = client.get(listing, {"id_number": ASCII_ID})
    assert list(found.context["page"].object_list) == [person]
    again = _register(client, station, ASCII_ID, name="王阿婆二")
    assert again.status_code == 200 and "id_number" in again.context["form"].errors
    assert Recipient.objects.count() == 1


def test_item4_a_search_typed_with_full_width_digits_finds_the_ascii_record(world, client_for):
    person = recipient(world, id_number=ASCII_ID, name="李阿公")
    recipient(world, seq=13, name="张阿婆")
    page = client_for(world.users["worker"]).get(
        reverse("services:recipient_list", args=[world.station("own").pk]), {"id_number": FULL_WIDTH_ID})
    assert list(page.context["page"].object_list) == [person]
    # A part of a number is no number: it finds nobody (and never lists everybody instead).
    page = client_for(world.users["worker"]).get(
        reverse("services:recipient_list", args=[world.station("own").pk]), {"id_number": "３３０２"})
    assert page.status_code == 200 and list(page.context["page"].object_list) == []


def test_item4_an_import_row_with_arabic_indic_digits_is_the_person_already_registered(world):
    """Imports normalise the same way: the number in Arabic-Indic digits of a registered person is a duplicate
    row (before, it passed the check unnormalised and registered the person a second time)."""
    station = world.station("own")
    recipient(world, id_number=ASCII_ID, name="李阿公")
    village = villages(station)[0].name
    csv = f"姓名,身份证号,村（社区）,人员类别\n李阿公,{ARABIC_INDIC_ID},{village},独居\n".encode()
    report = import_recipients(actor=world.users["worker"], station=station, data=csv, filename="台账.csv")
    assert report.bad and report.bad[0].row == 2
    assert Recipient.objects.count() == 1


def _staff_data(number, phone="13812345678"):
    return {"name": "黄蓉", "gender": "male", "id_number": number, "phone": phone, "kind": "social_worker",
            "certificate_level": "assistant", "certificate_number": "ｂ２０２４ ００１",
            "certificate_date": "2024-06-30", "degree": "", "employer_kind": "township", "full_time": "on",
            "reason": "新入职"}


def test_item4_a_staff_member_added_with_full_width_digits_is_the_ascii_person(world, client_for):
    """Staff: the full-width number is hashed as the ASCII one, so the ASCII number is a clash, not a second
    person; the look-up by ASCII number (the clash check's and the import's) finds the record."""
    station, client = world.station("own"), client_for(world.users["worker"])
    added = client.post(f"/staff/stations/{station.pk}/add/",
                        _staff_data(STAFF_ID_FULL_WIDTH, phone="１３８１２３４５６７８"))
    assert added.status_code == 302
    member = StaffMember.objects.get()
    assert member.id_masked == "3302**********0014"
    assert (member.phone, member.certificate_number) == ("13812345678", "B2024001")
    assert StaffMember.objects.filter(id_hash=idnumber.keyed_hash(STAFF_ID)).get() == member
    again = client.post(f"/staff/stations/{station.pk}/add/", _staff_data(STAFF_ID))
    assert again.status_code == 200 and "id_number" in again.context["form"].errors
    assert StaffMember.objects.count() == 1


def test_item4_a_credit_code_in_full_width_is_stored_canonical_and_found_by_ascii_search(world, client_for):
    client = client_for(world.users["city"])
    response = client.post(reverse("operator_new"), {
        "name": "海曙区善行社工服务中心", "credit_code": "５２３３０２０３ｍｊ００００００１ｈ",
        "contact_phone": "０５７４－８７６５４３２１", "reason": "登记"})
    assert response.status_code == 302
    operator = Operator.objects.get(name="海曙区善行社工服务中心")
    assert (operator.credit_code, operator.contact_phone) == ("52330203MJ0000001H", "0574-87654321")
    page = client.get(reverse("operator_list"), {"q": "５２３３０２０３"})
    assert operator in page.context["page"].object_list


# --- item 5: amounts ------------------------------------------------------------------------------------------
@pytest.fixture
def books(world):
    return open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])


def _voucher(books, amount):
    return {"date": "2026-04-01", "summary": "社区活动物料", "entries-TOTAL_FORMS": "1", "entries-INITIAL_FORMS": "0",
            "entries-0-account": books.account.pk, "entries-0-direction": "expense",
            "entries-0-category": "activities", "entries-0-amount": amount, "entries-0-source": books.fiscal.pk}


@pytest.mark.parametrize(("amount", "says"), BAD_AMOUNTS)
def test_item5_a_bad_amount_in_a_voucher_entry_is_refused_by_name(world, books, client_for, amount, says):
    response = client_for(world.users["worker"]).post(
        reverse("finance:voucher_create", kwargs={"ledger_id": books.ledger.pk}), _voucher(books, amount))
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors["amount"]
    assert says in errors[0]
    assert not Voucher.objects.exists() and not Entry.objects.exists()


def test_item5_a_yuan_sign_and_thousands_separators_are_accepted_in_a_voucher_entry(world, books, client_for):
    response = client_for(world.users["worker"]).post(
        reverse("finance:voucher_create", kwargs={"ledger_id": books.ledger.pk}), _voucher(books, "¥1,234.50"))
    assert response.status_code == 302
    assert Entry.objects.get().amount == Decimal("1234.50")


def _account(books, opening_balance, code="102"):
    return {"code": code, "name": "助老项目", "purpose_kind": "project", "purpose": "助老服务项目",
            "sources": [books.fiscal.pk], "opening_balance": opening_balance, "reason": "开设"}


@pytest.mark.parametrize(("amount", "says"), BAD_AMOUNTS)
def test_item5_a_bad_opening_balance_is_refused_by_name(world, books, client_for, amount, says):
    response = client_for(world.users["worker"]).post(
        reverse("finance:account_create", kwargs={"ledger_id": books.ledger.pk}), _account(books, amount))
    assert response.status_code == 200
    assert says in response.context["form"].errors["opening_balance"][0]
    assert list(Account.objects.values_list("code", flat=True)) == ["101"]


def test_item5_an_opening_balance_in_yuan_and_full_width_is_accepted(world, books, client_for):
    response = client_for(world.users["worker"]).post(
        reverse("finance:account_create", kwargs={"ledger_id": books.ledger.pk}),
        _account(books, "¥1,234.50", code="ｆｓ－１０２"))
    assert response.status_code == 302
    account = Account.objects.get(code="FS-102")
    assert account.opening_balance == Decimal("1234.50")


def _budget(amount):
    return {"activities": amount, "personnel": "", "reason": "追加预算"}


@pytest.mark.parametrize(("amount", "says"), BAD_AMOUNTS)
def test_item5_a_bad_budget_line_is_refused_by_name(world, books, client_for, amount, says):
    lines = BudgetLine.objects.count()
    response = client_for(world.users["worker"]).post(
        reverse("finance:budget_edit", kwargs={"account_id": books.account.pk}), _budget(amount))
    assert response.status_code == 200
    assert says in response.context["form"].errors["activities"][0]
    assert BudgetLine.objects.count() == lines and Budget.objects.count() == 1


def test_item5_a_budget_line_in_yuan_with_separators_is_accepted(world, books, client_for):
    response = client_for(world.users["worker"]).post(
        reverse("finance:budget_edit", kwargs={"account_id": books.account.pk}), _budget("¥1,234.50"))
    assert response.status_code == 302
    draft = Budget.objects.get(status=Budget.Status.DRAFT)
    assert draft.lines.get().amount == Decimal("1234.50")


@pytest.mark.parametrize("amount", ["1e30", "99999999999999999999999999999999"])
def test_item5_a_huge_amount_through_the_action_is_a_message_not_a_500(world, books, amount):
    """The actions check the same grammar (a script or the admin cannot go around the form)."""
    from finance import actions
    from ningbo_sws.lib.exceptions import ActionError

    with pytest.raises(ActionError) as exc:
        actions.propose_budget(actor=world.users["worker"], account=books.account, lines={"activities": amount},
                               reason="追加")
    assert exc.value.field == "activities"
    assert Budget.objects.count() == 1


def test_item5_a_contract_amount_and_a_project_budget_take_the_same_grammar(world, client_for):
    from services.forms import ProjectForm
    from stations.forms import ContractForm

    station = world.station("own")
    for typed in ("1e10", "1,2,3", "١٢٣"):
        assert "amount" in ContractForm({"amount": typed}).errors
        assert "budget" in ProjectForm({"budget": typed}, station=station).errors
    assert "amount" not in ContractForm({"amount": "¥1,234.50"}).errors
    assert "budget" not in ProjectForm({"budget": "１２，３４５"}, station=station).errors


def test_item4_a_station_search_by_township_code_in_full_width_digits_finds_the_station(world, client_for):
    station = world.station("own")
    typed = station.township.code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    page = client_for(world.users["city"]).get("/stations/", {"q": typed})
    assert station in page.context["page"].object_list
