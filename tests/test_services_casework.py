"""R18: casework through intake → needs assessment → service plan → delivery → evaluation → closed (or referred
out, and reopened), as a transition table; service records carry an R4 kind and a duration."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ningbo_sws.lib.compliance import Status
from ningbo_sws.lib.exceptions import ActionError, IllegalTransition
from services import actions
from services.compliance import check_process
from services.models import Case, ServiceRecord
from tests.factories import CaseFactory, ProjectFactory, RecipientFactory
from tests.services_helpers import REFERRAL, STEPS, case_in, project, recipient

# R18 and MZ/T 094-2017 (社会工作方法 个案工作), written out here and not read from the code (issue 10 item 4):
# intake → needs assessment → service plan → delivery → evaluation → closed; an open case may be referred out at
# any step; an evaluation that finds the goals not yet met sends the case back to delivery; a closed or referred
# case is reopened by a new needs assessment (docs/architecture.md, "Services").
R18_MOVES = {
    "intake": {"assessment", "referred"},
    "assessment": {"planning", "referred"},
    "planning": {"delivery", "referred"},
    "delivery": {"evaluation", "referred"},
    "evaluation": {"closed", "delivery", "referred"},
    "closed": {"assessment"},
    "referred": {"assessment"},
}
ALLOWED = sorted((start, to) for start, targets in R18_MOVES.items() for to in targets)
# Refused moves, each with the fields of the step it enters, so that only the order of the process refuses them.
REFUSED = [
    ("intake", "planning"),  # a plan without a needs assessment
    ("intake", "delivery"),
    ("intake", "closed"),
    ("assessment", "delivery"),  # service without a plan
    ("assessment", "evaluation"),
    ("planning", "evaluation"),  # evaluating what was never delivered
    ("planning", "closed"),
    ("delivery", "closed"),  # closing without an evaluation
    ("closed", "delivery"),  # a closed case comes back only through a new assessment
    ("closed", "referred"),
    ("referred", "closed"),
    ("referred", "planning"),
    ("intake", "intake"),  # staying put is not a move
    ("closed", "closed"),
]


@pytest.fixture
def setup(world):
    station = world.station("own")
    return world, RecipientFactory(station=station), ProjectFactory(station=station)


def _data_for(to):
    return REFERRAL if to == "referred" else STEPS.get(to, {})


def test_the_written_out_table_is_the_whole_process():
    """Self-check of the table above: from intake, following it reaches every step."""
    reached, todo = set(), ["intake"]
    while todo:
        step = todo.pop()
        reached.add(step)
        todo += [to for to in R18_MOVES[step] if to not in reached]
    assert reached == set(R18_MOVES)
    assert not set(REFUSED) & set(ALLOWED)


@pytest.mark.parametrize(("start", "to"), ALLOWED)
def test_r18_each_allowed_move_moves_the_case(setup, start, to):
    """R18: every move of the process works, given the fields of the step it enters, and leaves a history row."""
    world, person, proj = setup
    case = case_in(start, world, person, proj)
    rows = case.history.count()
    moved = actions.move_case(actor=world.assignments["own"].user, case=case, to=to, reason="下一步",
                              **_data_for(to))
    assert moved.state == to and Case.objects.get(pk=case.pk).state == to
    assert case.history.count() > rows


@pytest.mark.parametrize(("start", "to"), REFUSED)
def test_r18_a_move_out_of_order_is_refused_and_changes_nothing(setup, start, to):
    world, person, proj = setup
    case = case_in(start, world, person, proj)
    rows = case.history.count()
    with pytest.raises(IllegalTransition):
        actions.move_case(actor=world.assignments["own"].user, case=case, to=to, reason="跳步", **_data_for(to))
    assert Case.objects.get(pk=case.pk).state == start and case.history.count() == rows


def test_closing_needs_an_evaluation(setup):
    """R18: the evaluation step cannot be skipped or left empty."""
    world, person, proj = setup
    case = case_in("delivery", world, person, proj)
    worker = world.assignments["own"].user
    with pytest.raises(IllegalTransition):
        actions.move_case(actor=worker, case=case, to="closed", reason="结案", close_reason="goals_met")
    with pytest.raises(ActionError) as exc:
        actions.move_case(actor=worker, case=case, to="evaluation", reason="评估")
    assert exc.value.field == "goals_met"
    assert Case.objects.get(pk=case.pk).state == "delivery"


def test_a_step_needs_its_fields(setup):
    world, person, proj = setup
    case = case_in("intake", world, person, proj)
    with pytest.raises(ActionError) as exc:
        actions.move_case(actor=world.assignments["own"].user, case=case, to="assessment", reason="预估",
                          assessment="  ")
    assert exc.value.field == "assessment"
    with pytest.raises(ActionError):
        actions.move_case(actor=world.assignments["own"].user, case=case, to="referred", reason="转介",
                          referred_to="区残联")


def test_reopening_needs_a_fresh_evaluation_before_closing_again(setup):
    world, person, proj = setup
    worker = world.assignments["own"].user
    case = case_in("closed", world, person, proj)
    case = actions.move_case(actor=worker, case=case, to="assessment", reason="复发，重新开案",
                             assessment="新需求")
    assert case.state == "assessment" and case.evaluation == "" and case.closed_on is None


def test_a_service_record_needs_duration_and_kind(setup):
    """Bad input: a service record without duration or kind is refused, nothing saved (R4, R18)."""
    world, person, proj = setup
    case = case_in("delivery", world, person, proj)
    worker = world.assignments["own"].user
    for minutes, kind in ((0, "counselling"), (None, "counselling"), (30, "")):
        with pytest.raises(Exception) as exc:
            actions.add_service_record(actor=worker, case=case, served_on=datetime.date(2026, 3, 1),
                                       minutes=minutes, kind=kind, notes="面谈")
        assert {"minutes", "kind"} & set(exc.value.message_dict)
    assert not ServiceRecord.objects.exists()


def test_service_records_are_kept_only_in_delivery_or_evaluation(setup):
    world, person, proj = setup
    case = case_in("planning", world, person, proj)
    with pytest.raises(ActionError):
        actions.add_service_record(actor=world.assignments["own"].user, case=case,
                                   served_on=datetime.date(2026, 3, 1), minutes=30, kind="counselling", notes="x")


def test_a_service_record_sets_the_next_step(setup):
    world, person, proj = setup
    case = case_in("delivery", world, person, proj)
    record = actions.add_service_record(actor=world.assignments["own"].user, case=case,
                                        served_on=datetime.date(2026, 3, 1), minutes=45, kind="humanistic_care",
                                        notes="陪伴聊天", next_step="链接助餐", next_due=datetime.date(2026, 3, 8))
    case.refresh_from_db()
    assert (record.project, record.recipient) == (proj, person)
    assert (case.next_step, case.next_due) == ("链接助餐", datetime.date(2026, 3, 8))


def test_every_case_belongs_to_a_project_of_its_station(world):
    person = recipient(world, seq=2)
    foreign = project(world, "sibling", kind="base")
    with pytest.raises(ActionError) as exc:
        actions.open_case(actor=world.assignments["own"].user, recipient=person, project=foreign, problem="x")
    assert exc.value.field == "project"


def test_only_the_stations_worker_moves_a_case_and_the_supervisor_reviews(setup, client_for):
    world, person, proj = setup
    case = case_in("assessment", world, person, proj)
    for persona in ("township", "supervisor", "district"):
        with pytest.raises(PermissionDenied):
            actions.move_case(actor=world.users[persona], case=case, to="planning", reason="x",
                              **STEPS["planning"])
    actions.request_review(actor=world.assignments["own"].user, case=case, reason="风险较高，请督导")
    actions.review_case(actor=world.users["supervisor"], case=case, guidance="先评估自伤风险")
    case.refresh_from_db()
    assert case.review_note == "先评估自伤风险" and not case.review_requested
    with pytest.raises(PermissionDenied):
        actions.review_case(actor=world.users["worker"], case=case, guidance="x")
    assert client_for(world.users["supervisor"]).get(case.get_absolute_url()).status_code == 200
    assert client_for(world.users["liaison"]).get(case.get_absolute_url()).status_code == 404


def _offered_moves(client, case) -> set[str]:
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200
    return set(re.findall(r"/move/\?to=(\w+)", page.content.decode()))


def _form_data(to) -> dict:
    return {"to": to, "reason": "推进", **{k: str(v) for k, v in _data_for(to).items()}}


def test_r18_moving_through_the_pages_follows_the_process(setup, client_for):
    """R18 on the pages: at each step the case page offers exactly the moves of the process; a refused move is
    shown on the form (200) and changes nothing; an allowed one redirects. Intake to closed, back through
    delivery, reopened, referred out and reopened again."""
    world, person, proj = setup
    case = CaseFactory(recipient=person, project=proj, actor=world.assignments["own"].user)
    client = client_for(world.assignments["own"].user)
    url = reverse("services:case_move", args=[case.pk])
    refused_here = {"intake": "closed", "assessment": "delivery", "planning": "evaluation", "delivery": "closed",
                    "evaluation": "assessment", "closed": "delivery", "referred": "closed"}
    walk = ["assessment", "planning", "delivery", "evaluation", "delivery", "evaluation", "closed", "assessment",
            "referred", "assessment"]
    state = "intake"
    for to in walk:
        assert _offered_moves(client, case) == R18_MOVES[state], state
        response = client.post(url, _form_data(refused_here[state]))
        assert response.status_code == 200 and response.context["form"].errors
        assert Case.objects.get(pk=case.pk).state == state
        response = client.post(url, _form_data(to))
        assert response.status_code == 302, (state, to, response.context and response.context["form"].errors)
        state = to
        assert Case.objects.get(pk=case.pk).state == state


def test_r18_counts_closed_cases_with_the_whole_process(setup, world):
    """R18: the share of the year's closed cases with assessment, plan and evaluation."""
    world, person, proj = setup
    case_in("closed", world, person, proj)
    station = world.station("own")
    assert check_process([station], year=datetime.date.today().year)[station.pk].status == Status.MET
    # A closed case whose plan was lost (an old record) makes the share fall below 100%.
    other = case_in("closed", world, recipient(world, seq=3), proj)
    Case.objects.filter(pk=other.pk).update(plan_interventions="")
    finding = check_process([station], year=datetime.date.today().year)[station.pk]
    assert finding.status == Status.NOT_MET and "50%" in finding.reason
    sibling = world.station("sibling")
    assert check_process([sibling], year=datetime.date.today().year)[sibling.pk].status == Status.NOT_RECORDED


def test_the_case_worker_must_be_a_worker_of_the_station(setup):
    world, person, proj = setup
    with pytest.raises(ActionError) as exc:
        actions.open_case(actor=world.assignments["own"].user, recipient=person, project=proj, problem="x",
                          worker=world.assignments["sibling"].user)
    assert exc.value.field == "worker" and not Case.objects.exists()
    with pytest.raises(ActionError) as exc:
        actions.update_project(actor=world.assignments["own"].user, project=proj, reason="换负责人",
                               lead=world.users["township"])
    assert exc.value.field == "lead"
