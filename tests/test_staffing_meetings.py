"""R20 meetings and trainings: attendees are of the station; minutes and attachments; hours per worker per year."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from staffing import actions
from staffing.models import Meeting, Training
from staffing.queries import training_hours_per_member
from tests.staffing_world import person
from tests.stations_setup import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def a(world):
    return world.station("own")


def test_r20_an_attendee_from_another_station_is_refused_and_nothing_is_saved(world, a):
    ours = person(a, world.users["worker"])
    theirs = person(world.station("sibling"), world.assignments["sibling"].user, name="外站社工")
    with pytest.raises(ValidationError) as exc:
        actions.record_meeting(actor=world.users["worker"], station=a, held_on=timezone.localdate(), title="例会",
                               attendees=[ours, theirs], reason="记录")
    assert "外站社工" in str(exc.value)
    assert not Meeting.objects.exists()
    with pytest.raises(ValidationError):
        actions.record_training(actor=world.users["worker"], station=a, held_on=timezone.localdate(), topic="培训",
                                hours=Decimal("2"), trainer="张老师", attendees=[theirs], reason="记录")
    assert not Training.objects.exists()


def test_r20_a_meeting_keeps_its_read_outs_cases_decisions_training_and_attachments(world, a, client_for):
    ours = person(a, world.users["worker"], name="参会社工")
    client = client_for(world.users["worker"])
    response = client.post(f"/staff/stations/{a.pk}/meetings/add/", {
        "held_on": timezone.localdate().isoformat(), "title": "十一月例会", "attendees": [ours.pk],
        "policies_read": "规范第二十条", "cases_discussed": "独居老人个案", "problems_and_decisions": "加强走访",
        "training_given": "记录规范", "minutes": "会议纪要正文", "reason": "记录",
        "files": [SimpleUploadedFile("签到表.pdf", PDF_BYTES)],
    })
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    page = client.get(meeting.get_absolute_url()).content.decode()
    for text in ("规范第二十条", "独居老人个案", "加强走访", "记录规范", "会议纪要正文", "参会社工", "签到表.pdf"):
        assert text in page
    attachment = meeting.attachments.get()
    download = client.get(f"/staff/meetings/{meeting.pk}/files/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    # The worker of another station cannot fetch the file.
    other = client_for(world.assignments["sibling"].user)
    assert other.get(f"/staff/meetings/{meeting.pk}/files/{attachment.pk}/").status_code == 404


def test_a_meeting_in_the_future_is_refused(world, a):
    ours = person(a, world.users["worker"])
    with pytest.raises(ValidationError):
        actions.record_meeting(actor=world.users["worker"], station=a,
                               held_on=timezone.localdate() + datetime.timedelta(days=2), title="例会",
                               attendees=[ours], reason="记录")
    assert not Meeting.objects.exists()


def test_training_hours_add_up_per_worker_per_year(world, a, client_for):
    one = person(a, world.users["worker"], name="甲")
    two = person(a, world.users["worker"], name="乙")
    today = timezone.localdate()
    last_year = today.replace(year=today.year - 1)
    for held_on, hours, who in ((today, "6", [one, two]), (today, "1.5", [one]), (last_year, "10", [one])):
        actions.record_training(actor=world.users["worker"], station=a, held_on=held_on, topic="培训",
                                hours=Decimal(hours), trainer="李老师", attendees=who, reason="记录")
    hours = training_hours_per_member([one.pk, two.pk], today.year)
    assert hours == {one.pk: Decimal("7.5"), two.pk: Decimal("6")}
    page = client_for(world.users["worker"]).get(f"/staff/stations/{a.pk}/trainings/").content.decode()
    assert "7.5" in page


@pytest.mark.parametrize("hours", ["0", "-1", "500"])
def test_training_hours_must_be_plausible(world, a, hours):
    ours = person(a, world.users["worker"])
    with pytest.raises(ValidationError):
        actions.record_training(actor=world.users["worker"], station=a, held_on=timezone.localdate(), topic="培训",
                                hours=Decimal(hours), trainer="李老师", attendees=[ours], reason="记录")
    assert not Training.objects.exists()


def test_r20_meetings_are_counted_per_month(world, a, client_for):
    from staffing.queries import meetings_per_month

    ours = person(a, world.users["worker"])
    today = timezone.localdate()
    month_ago = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    for held_on in (today, today, month_ago):
        actions.record_meeting(actor=world.users["worker"], station=a, held_on=held_on, title="例会",
                               attendees=[ours], reason="记录")
    counts = meetings_per_month(a.pk, today=today)
    assert len(counts) == 12
    assert counts[-1] == (today.replace(day=1), 2) and counts[-2] == (month_ago.replace(day=1), 1)
    assert sum(n for _m, n in counts) == 3
    assert client_for(world.users["worker"]).get(f"/staff/stations/{a.pk}/meetings/").status_code == 200


def test_an_oversized_attachment_is_refused(world, a, client_for, settings):
    ours = person(a, world.users["worker"])
    settings.UPLOAD_MAX_BYTES = 1000
    big = SimpleUploadedFile("大.pdf", PDF_BYTES + b"\0" * 1000)
    response = client_for(world.users["worker"]).post(f"/staff/stations/{a.pk}/meetings/add/", {
        "held_on": timezone.localdate().isoformat(), "title": "例会", "attendees": [ours.pk], "reason": "记录",
        "files": [big]})
    assert response.status_code == 200 and "files" in response.context["form"].errors
    assert not Meeting.objects.exists()
