"""The station report card gains R5, R12 (head, deputy, liaison per village), R19 and R20, checked through the
registry the card reads (`compliance.evaluate`), with a station that meets each rule and one that does not; and
R9.1's headcount provider counts social workers on staff."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from ningbo_sws.lib.compliance import Status, compliance
from ningbo_sws.lib.figures import figures
from staffing import actions
from staffing.models import CertificateLevel, PostKind, StaffKind
from stations import actions as station_actions
from stations.models import Division, Station
from tests.staffing_world import person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English wording of messages; the pages default to Chinese."""
    with translation.override("en"):
        yield
STAFFING_RULES = ("R5", "R12", "R19", "R20")


def staff_a_full_station(world, station, actor):
    """A station that meets R5, R12, R19 and R20: a head, a deputy, a professional, a liaison in every village,
    every social worker in a post with duties, a meeting last week."""
    head = person(station, actor, kind=StaffKind.OTHER, name="站长")
    deputy = person(station, actor, certificate_level=CertificateLevel.SOCIAL_WORKER, certificate_number="C1",
                    certificate_date=datetime.date(2020, 1, 1), name="副站长")
    helper = person(station, actor, name="辅助社工")
    start = datetime.date(2024, 1, 1)
    for holder, kind in ((head, PostKind.HEAD), (deputy, PostKind.DEPUTY), (helper, PostKind.PROJECT_WORKER)):
        actions.add_post(actor=actor, station=station, holder=holder, kind=kind, duties="职责", starts_on=start,
                         reason="任命")
    for village in station.township.children.all():
        actions.add_post(actor=actor, station=station, holder=head, kind=PostKind.LIAISON, village=village,
                         duties="联络", starts_on=start, reason="任命")
    actions.record_meeting(actor=actor, station=station, held_on=timezone.localdate() - datetime.timedelta(days=7),
                           title="例会", attendees=[deputy, helper], reason="记录")
    return head, deputy, helper


@pytest.fixture
def met_and_not(world):
    a, b = world.station("own"), world.station("sibling")
    staff_a_full_station(world, a, world.users["worker"])
    # B: one auxiliary worker without a post, no head, no deputy, no liaison, no meeting.
    person(b, world.assignments["sibling"].user)
    return a, b


def test_staffing_rules_are_on_the_report_card():
    assert set(STAFFING_RULES) <= {r.rule_id for r in compliance.rules}


def test_r5_r12_r19_r20_met_at_a_fully_staffed_station_and_not_met_at_another(met_and_not):
    a, b = met_and_not
    card = compliance.evaluate([a, b], year=timezone.localdate().year)
    for rule_id in STAFFING_RULES:
        assert card[a.pk][rule_id].status == Status.MET, (rule_id, card[a.pk][rule_id].reason)
        assert card[b.pk][rule_id].status == Status.NOT_MET, (rule_id, card[b.pk][rule_id].reason)
    assert "1 social workers on staff: 0 professional, 1 auxiliary (R5)" in card[b.pk]["R5"].reason
    assert "station head: 0" in card[b.pk]["R12"].reason and "deputy station head: 0" in card[b.pk]["R12"].reason
    assert "without a liaison" in card[b.pk]["R12"].reason
    assert "1 of 1 social workers hold no post" in card[b.pk]["R19"].reason
    # The reasons give counts, never names: the district and the city read the card.
    assert "副站长" not in " ".join(f.reason for f in card[a.pk].values())


def test_r12_one_village_without_a_liaison_fails_the_rule(world, met_and_not):
    a, _b = met_and_not
    liaison_post = a.posts.filter(kind=PostKind.LIAISON).first()
    actions.end_post(actor=world.users["worker"], post=liaison_post,
                     ends_on=timezone.localdate() - datetime.timedelta(days=1), reason="调整")
    finding = compliance.evaluate([a], year=timezone.localdate().year)[a.pk]["R12"]
    assert finding.status == Status.NOT_MET and "1 of" in finding.reason


def test_r20_a_station_whose_last_meeting_is_over_a_month_old_does_not_meet_it(world):
    a = world.station("own")
    member = person(a, world.users["worker"])
    actions.record_meeting(actor=world.users["worker"], station=a,
                           held_on=timezone.localdate() - datetime.timedelta(days=40), title="例会",
                           attendees=[member], reason="记录")
    assert compliance.evaluate([a], year=timezone.localdate().year)[a.pk]["R20"].status == Status.NOT_MET


def test_r5_a_station_of_auxiliary_workers_only_does_not_meet_it(world):
    a = world.station("own")
    person(a, world.users["worker"])
    finding = compliance.evaluate([a], year=timezone.localdate().year)[a.pk]["R5"]
    assert finding.status == Status.NOT_MET and "0 professional" in finding.reason


def test_r9_1_headcount_figure_counts_social_workers_on_staff_only(world):
    """R9.1 (5 m² of office per social worker) reads this count: social workers on staff, not township cadres
    and not people who left."""
    a, b = world.station("own"), world.station("sibling")
    person(a, world.users["worker"])
    person(a, world.users["worker"])
    person(a, world.users["worker"], kind=StaffKind.OTHER)
    gone = person(a, world.users["worker"])
    actions.record_leaving(actor=world.users["worker"], member=gone, on=timezone.localdate(), reason="离职")
    headcount = figures.get("staffing.social_workers").compute
    assert headcount([a.pk, b.pk], year=timezone.localdate().year) == {a.pk: 2}


def test_the_staffing_rules_check_many_stations_in_a_fixed_number_of_queries(world):
    root = world.root
    more = [station_actions.create_station(actor=root, township=t, reason="建站")
            for t in Division.objects.filter(level=Division.Level.TOWNSHIP, station__isnull=True)[:20]]
    rules = [r for r in compliance.rules if r.rule_id in STAFFING_RULES]

    def queries_for(stations):
        with CaptureQueriesContext(connection) as ctx:
            for r in rules:
                r.check(stations, year=timezone.localdate().year)
        return len(ctx)

    few = queries_for([world.station("own")])
    staff_a_full_station(world, world.station("own"), world.users["worker"])
    many = queries_for(list(Station.objects.all()))
    assert len(more) == 20
    assert few == many <= 10
