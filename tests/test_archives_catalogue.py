"""Issue 11 items 3, 4, 5 (R22 catalogue, completeness, retention and disposal; R21 accounting archives kept
permanently): the catalogue lane of the archives app."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from archives.catalogue import sources_for
from finance import actions as finance_actions
from ningbo_sws.lib.masking import strip_personal_numbers
from ningbo_sws.lib.records import Entry, records
from services import actions as services_actions
from stations.access import Principal
from tests.finance_books import entry, open_books
from tests.services_helpers import case_in, id_number, project, recipient, villages
from tests.staffing_world import person
from tests.stations_setup import PDF_BYTES
from tests.world import make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year
PHONE = "13805741234"


def make_records(world, *, n=1):
    """n records of every existing source at the "own" station this year, through the real actions."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from staffing import actions as staffing_actions
    from stations import actions as station_actions

    own = world.station("own")
    worker = world.assignments["own"].user
    village = villages(own)[0]
    proj = project(world, year=YEAR, title="幸福邻里")
    made = {"village": village, "project": proj}
    member = person(own, worker)
    township = make_user("catalogue-township")
    station_actions.grant_role(actor=world.root, user=township, role="township", station=own, reason="测试")
    books = open_books(own, worker=worker, township=township, year=YEAR)
    for i in range(n):
        served = recipient(world, seq=100 + i, name=f"张阿{i}婆", phone=PHONE, village=village)
        case = case_in("assessment", world, served, proj)
        group = services_actions.create_group(actor=worker, station=own, project=proj, title=f"长者互助小组{i}",
                                              goals="增进互助", plan="六节小组")
        activity = services_actions.create_activity(actor=worker, station=own, project=proj, title=f"重阳游园会{i}",
                                                    plan="游园", held_on=TODAY, place="社区广场", participants=30,
                                                    village=village)
        visit = services_actions.record_visit(actor=worker, recipient=served, visited_on=TODAY, kind="home",
                                              findings=f"老人独居，电话{PHONE}，身份证{id_number(100 + i)}")
        survey = services_actions.create_survey(actor=worker, station=own, title=f"长者需求调研{i}",
                                                method="questionnaire", sample=40, conducted_on=TODAY,
                                                findings="助餐需求强烈")
        meeting = staffing_actions.record_meeting(
            actor=worker, station=own, held_on=TODAY, title=f"四月例会{i}", attendees=[member], reason="测试",
            minutes="讨论重阳活动", files=[SimpleUploadedFile("纪要.pdf", PDF_BYTES)])
        voucher = finance_actions.prepare_voucher(actor=worker, ledger=books.ledger, date=TODAY,
                                                  summary=f"购买活动物资{i}", entries=[entry(books, "100.00")])
        finance_actions.attach(actor=worker, voucher=voucher, file=ContentFile(PDF_BYTES, "scan.pdf"),
                               name="发票")
        finance_actions.post_voucher(actor=township, voucher=voucher)
        made.setdefault("rows", []).append({"recipient": served, "case": case, "group": group,
                                            "activity": activity, "visit": visit, "survey": survey,
                                            "meeting": meeting, "voucher": voucher})
    return made


def entries_of(principal, station, year=YEAR):
    """Every source's entries, in English (titles are translated messages)."""
    with translation.override("en"):
        return {source.code: [source.describe(r) for r in qs] for source, qs in sources_for(principal, station, year)}


def test_r22_every_existing_source_describes_its_records(world):
    made = make_records(world)
    own = world.station("own")
    row = made["rows"][0]
    village = made["village"].name
    got = entries_of(Principal(world.users["worker"]), own)
    case = row["case"]
    assert got["services.cases"] == [Entry(
        title=f"Case {case.pk}: 张阿0婆", date=TODAY, village=village,
        text=got["services.cases"][0].text, url=f"/services/cases/{case.pk}/")]
    assert "张阿0婆" in got["services.cases"][0].text and "幸福邻里" in got["services.cases"][0].text
    assert [(e.title, e.date, e.village) for e in got["services.groups"]] == [("长者互助小组0", TODAY, "")]
    assert [(e.title, e.date, e.village, e.url) for e in got["services.activities"]] == [
        ("重阳游园会0", TODAY, village, f"/services/activities/{row['activity'].pk}/")]
    visit = got["services.visits"][0]
    assert (visit.date, visit.village, visit.url) == (TODAY, village, f"/services/recipients/{row['recipient'].pk}/")
    assert "张阿0婆" in visit.title and "老人独居" in visit.text
    assert [(e.title, e.village) for e in got["services.recipients"]] == [("张阿0婆", village)]
    assert [(e.title, e.date) for e in got["services.surveys"]] == [("长者需求调研0", TODAY)]
    meeting = got["staffing.meetings"][0]
    assert (meeting.title, meeting.date, meeting.url) == ("四月例会0", TODAY, f"/staff/meetings/{row['meeting'].pk}/")
    assert "讨论重阳活动" in meeting.text
    assert len(meeting.files) == 1 and meeting.files[0].name.endswith("-纪要.pdf")
    with meeting.files[0].file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    voucher = got["finance.vouchers"][0]
    assert voucher.title == f"Voucher {YEAR}-0001: 购买活动物资0" and voucher.date == TODAY
    assert [f.name for f in voucher.files] == [f"{row['voucher'].attachments.get().pk}-scan.pdf"]


def test_r22_the_words_of_a_record_hold_no_id_number_or_phone(world):
    make_records(world)
    got = entries_of(Principal(world.users["worker"]), world.station("own"))
    for code, entries in got.items():
        for e in entries:
            for part in (e.title, e.text):
                assert PHONE not in part and id_number(100) not in part, (code, part)
    assert "电话*" in got["services.visits"][0].text


def test_personal_numbers_are_taken_out_of_free_text():
    assert strip_personal_numbers("电话 138 0574 1234，身份证３３０２０３１９５００１０１１００８") == "电话 *，身份证*"
    assert strip_personal_numbers("座机0574-87654321，门牌 12 号，2026年") == "座机*，门牌 12 号，2026年"
    assert strip_personal_numbers("单号33020319500101100899") == "单号33020319500101100899"  # 20 digits: not one


def test_r22_describing_many_records_costs_one_query_per_source_and_prefetch(world):
    """No query per record: each source's queryset joins what describe reads (meetings and vouchers prefetch their
    attachments: one more query each), so three records of every kind cost what one would."""
    make_records(world, n=3)
    own, principal = world.station("own"), Principal(world.users["worker"])
    principal.station_filter()  # the principal's assignments, loaded once per request
    with CaptureQueriesContext(connection) as ctx:
        described = {source.code: [source.describe(r) for r in qs] for source, qs in sources_for(principal, own, YEAR)}
    assert all(len(described[code]) == 3 for code in ("services.cases", "services.visits", "staffing.meetings",
                                                      "finance.vouchers"))
    prefetching = 2  # staffing.meetings, finance.vouchers
    assert len(ctx.captured_queries) == len(list(records)) + prefetching
