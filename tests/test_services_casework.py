"""R18: casework through intake → needs assessment → service plan → delivery → evaluation → closed (or referred
out, and reopened), as a transition table; service records carry an R4 kind and a duration."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ningbo_sws.lib.compliance import Status
from ningbo_sws.lib.exceptions import ActionError, IllegalTransition
from services import actions
from services.compliance import check_process
from services.models import Case, ServiceRecord
from tests.services_helpers import PATHS, REFERRAL, STEPS, case_in, project, recipient

STATES = list(Case.State.values)
ALLOWED = [(a, b) for a in STATES for b in STATES if b in Case.TRANSITIONS[Case.State(a)]]
REFUSED = [(a, b) for a in STATES for b in STATES if b not in Case.TRANSITIONS[Case.State(a)]]


@pytest.fixture
def setup(world):
    return world, recipient(world, seq=1), project(world, kind="base")


def _data_for(to):
    return REFERRAL if to == "referred" else STEPS.get(to, {})


@pytest.mark.parametrize(("start", "to"), ALLOWED)
def test_each_allowed_transition_moves_the_case_and_records_the_step(setup, start, to):
    """R18: every move in the table works, given the fields of the step it enters."""
    world, person, proj = setup
    case = case_in(start, world, person, proj)
    moved = actions.move_case(actor=world.assignments["own"].user, case=case, to=to, reason="下一步",
                              **_data_for(to))
    assert moved.state == to
    last = moved.moves.last()
    assert (last.from_state, last.to_state, last.by) == (start, to, world.assignments["own"].user)


@pytest.mark.parametrize(("start", "to"), REFUSED)
def test_each_refused_transition_raises_and_changes_nothing(setup, start, to):
    world, person, proj = setup
    case = case_in(start, world, person, proj)
    moves = case.moves.count()
    with pytest.raises(IllegalTransition):
        actions.move_case(actor=world.assignments["own"].user, case=case, to=to, reason="跳步", **_data_for(to))
    case.refresh_from_db()
    assert case.state == start and case.moves.count() == moves


def test_the_table_covers_the_whole_process():
    """Intake to closed passes through every step of R18; a closed or referred case can be reopened."""
    assert PATHS["closed"] == ["assessment", "planning", "delivery", "evaluation", "closed"]
    assert Case.TRANSITIONS[Case.State.CLOSED] == {Case.State.ASSESSMENT}
    assert Case.TRANSITIONS[Case.State.REFERRED] == {Case.State.ASSESSMENT}
    assert Case.State.CLOSED in Case.TRANSITIONS[Case.State.EVALUATION]
    assert all(Case.State.CLOSED not in Case.TRANSITIONS[s] for s in Case.State if s != Case.State.EVALUATION)


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


def test_moving_through_the_pages(setup, client_for):
    world, person, proj = setup
    case = case_in("intake", world, person, proj)
    client = client_for(world.assignments["own"].user)
    url = reverse("services:case_move", args=[case.pk])
    assert client.post(url, {"to": "closed", "reason": "x"}).status_code == 200  # refused, shown on the form
    assert Case.objects.get(pk=case.pk).state == "intake"
    response = client.post(url, {"to": "assessment", "assessment": "需求", "reason": "预估"})
    assert response.status_code == 302 and Case.objects.get(pk=case.pk).state == "assessment"


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
