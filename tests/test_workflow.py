"""Issue 10, "workflow helper": every workflow's allowed moves are a table on its model (`workflow`), written out
below from the regulation (not read from the code); `advance()` refuses any other move with the named error
IllegalTransition and writes one StatusChange row (who, from, to, when, why) for a legal one, shown on the
record's page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from finance import actions as finance_actions
from finance.models import Voucher
from ningbo_sws.lib.exceptions import IllegalTransition
from services import actions as services_actions
from services.models import Case, WorkGroup
from staffing import actions as staffing_actions
from staffing.models import ActionItem
from stations import actions as station_actions
from stations.models import Station, StatusChange
from tests.finance_books import day, entry, open_books
from tests.services_helpers import case_in, project, recipient
from tests.staffing_world import make_staffing_records
from tests.stations_setup import set_up

pytestmark = pytest.mark.django_db

# The set-up lifecycle of a station: the township submits what it built (R8, R9, R11 on record), the district
# returns or approves it, the station starts operating, the district suspends, resumes and closes it.
STATION_MOVES = {
    "planning": {"submitted"},
    "submitted": {"planning", "approved"},
    "approved": {"operating"},
    "operating": {"suspended", "closed"},
    "suspended": {"operating", "closed"},
    "closed": set(),
}
# R18 casework: intake → needs assessment → service plan → delivery → evaluation → closed; back from evaluation to
# delivery; referred out from any open step; a closed or referred case is reopened at the assessment.
CASE_MOVES = {
    "intake": {"assessment", "referred"},
    "assessment": {"planning", "referred"},
    "planning": {"delivery", "referred"},
    "delivery": {"evaluation", "referred"},
    "evaluation": {"closed", "delivery", "referred"},
    "closed": {"assessment"},
    "referred": {"assessment"},
}
# R18 group work: a planned group starts or is called off; a running group closes (with its evaluation).
GROUP_MOVES = {"planned": {"running", "closed"}, "running": {"closed"}, "closed": set()}
# R26 follow-up of an agreed action: done or dropped; a done action may be reopened; a dropped one stays dropped.
ACTION_ITEM_MOVES = {"open": {"done", "dropped"}, "done": {"open"}, "dropped": set()}
# R21: a draft voucher is posted (numbered) or withdrawn; either is final.
VOUCHER_MOVES = {"draft": {"posted", "withdrawn"}, "posted": set(), "withdrawn": set()}


def _table(model) -> dict:
    """The code's table as {state: {targets}} over every state of the field (for comparing only)."""
    flow = model.workflow
    return {state: set(flow.targets(state)) for state in dict(model._meta.get_field(flow.field).flatchoices)}


@pytest.mark.parametrize(("model", "expected"), [
    (Station, STATION_MOVES), (Case, CASE_MOVES), (WorkGroup, GROUP_MOVES), (ActionItem, ACTION_ITEM_MOVES),
    (Voucher, VOUCHER_MOVES)], ids=["station", "case", "group", "action_item", "voucher"])
def test_each_workflow_table_allows_exactly_the_moves_of_the_regulation(model, expected):
    assert _table(model) == expected


def _last_change(obj) -> StatusChange:
    return StatusChange.objects.of(obj).last()


def _assert_change(obj, *, by, source, target, reason):
    change = _last_change(obj)
    assert (change.by, change.from_state, change.to_state, change.reason) == (by, source, target, reason)
    assert change.at <= timezone.now()
    return change


# --- station lifecycle --------------------------------------------------------------------------------------------
def test_station_an_illegal_move_is_refused_by_name_and_a_legal_one_writes_a_status_change(world, client_for):
    township, district = world.users["township"], world.users["district"]
    station = world.station("own")
    with pytest.raises(IllegalTransition):  # planning → approved skips the submission
        station_actions.move_station(actor=district, station=station, move="approve", reason="直接批")
    assert not StatusChange.objects.of(station).exists()
    station = set_up(station, township)
    station = station_actions.move_station(actor=township, station=station, move="submit", reason="建设完成待验收")
    _assert_change(station, by=township, source="planning", target="submitted", reason="建设完成待验收")
    page = client_for(township).get(f"/stations/{station.pk}/history/").content.decode()
    section = page[page.index('class="status-changes"'):]
    assert "建设完成待验收" in section


# --- case (R18) ---------------------------------------------------------------------------------------------------
def test_case_an_illegal_move_is_refused_by_name_and_a_legal_one_writes_a_status_change(world, client_for):
    worker = world.assignments["own"].user
    case = case_in("intake", world, recipient(world, seq=1), project(world, kind="base"))
    assert _last_change(case).to_state == "intake"  # the intake itself is the first row
    with pytest.raises(IllegalTransition):  # intake → delivery skips assessment and plan
        services_actions.move_case(actor=worker, case=case, to="delivery", reason="跳步")
    with pytest.raises(IllegalTransition) as refused:  # a legal move without its step's record
        services_actions.move_case(actor=worker, case=case, to="assessment", reason="评估")
    assert refused.value.field == "assessment"
    assert StatusChange.objects.of(case).count() == 1
    case = services_actions.move_case(actor=worker, case=case, to="assessment", reason="完成需求评估",
                                      assessment="独居，需要陪伴")
    _assert_change(case, by=worker, source="intake", target="assessment", reason="完成需求评估")
    for url in (case.get_absolute_url(), reverse("services:case_history", args=[case.pk])):
        page = client_for(worker).get(url).content.decode()
        assert "完成需求评估" in page[page.index('class="status-changes"'):]


# --- group (R18) --------------------------------------------------------------------------------------------------
def test_group_an_illegal_move_is_refused_by_name_and_a_legal_one_writes_a_status_change(world, client_for):
    worker = world.assignments["own"].user
    group = services_actions.create_group(actor=worker, station=world.station("own"),
                                          project=project(world, kind="base"), title="互助小组", goals="互助",
                                          plan="六节")
    group = services_actions.move_group(actor=worker, group=group, to="running", reason="小组开始")
    _assert_change(group, by=worker, source="planned", target="running", reason="小组开始")
    with pytest.raises(IllegalTransition):  # running → planned: a group does not go back to its plan
        services_actions.move_group(actor=worker, group=group, to="planned", reason="退回")
    assert WorkGroup.objects.get(pk=group.pk).state == "running"
    page = client_for(worker).get(group.get_absolute_url()).content.decode()
    assert "小组开始" in page[page.index('class="status-changes"'):]


# --- supervision action item (R26) --------------------------------------------------------------------------------
def test_action_item_an_illegal_move_is_refused_by_name_and_a_legal_one_writes_a_status_change(world, client_for):
    records = make_staffing_records(world, "own")
    item, worker = records["item"], world.users["worker"]
    item = staffing_actions.follow_up_action_item(actor=worker, item=item, status="dropped", follow_up="不再需要",
                                                  reason="情况变化取消")
    _assert_change(item, by=worker, source="open", target="dropped", reason="情况变化取消")
    with pytest.raises(IllegalTransition):  # a dropped action stays dropped
        staffing_actions.follow_up_action_item(actor=worker, item=item, status="done", follow_up="-", reason="完成")
    assert ActionItem.objects.get(pk=item.pk).status == "dropped"
    page = client_for(world.users["supervisor"]).get(records["session"].get_absolute_url()).content.decode()
    assert "情况变化取消" in page[page.index('class="status-changes"'):]


# --- voucher (R21) ------------------------------------------------------------------------------------------------
def test_voucher_an_illegal_move_is_refused_by_name_and_a_legal_one_writes_a_status_change(world, client_for):
    books = open_books(world.station("own"), worker=world.users["worker"], township=world.users["township"])
    worker, township = world.users["worker"], world.users["township"]
    draft = finance_actions.prepare_voucher(actor=worker, ledger=books.ledger, date=day(), summary="活动支出",
                                            entries=[entry(books, "10.00")])
    posted = finance_actions.post_voucher(no_attachment_reason="纸质附件另行归档",
        actor=township, voucher=draft)
    change = _assert_change(posted, by=township, source="draft", target="posted", reason=_last_change(posted).reason)
    assert change.reason  # "Posted", in the reader's language
    with pytest.raises(IllegalTransition):  # a posted voucher is final: it is not withdrawn
        finance_actions.withdraw_voucher(actor=worker, voucher=posted, reason="撤回")
    other = finance_actions.prepare_voucher(actor=worker, ledger=books.ledger, date=day(), summary="重复",
                                            entries=[entry(books, "1.00")])
    other = finance_actions.withdraw_voucher(actor=worker, voucher=other, reason="重复录入撤回")
    _assert_change(other, by=worker, source="draft", target="withdrawn", reason="重复录入撤回")
    page = client_for(township).get(other.get_absolute_url()).content.decode()
    assert "重复录入撤回" in page[page.index('class="status-changes"'):]
