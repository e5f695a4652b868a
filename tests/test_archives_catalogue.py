"""Issue 11 items 3, 4, 5 (R22 catalogue, completeness, retention and disposal; R21 accounting archives kept
permanently): the catalogue lane of the archives app."""

import datetime

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
        finance_actions.post_voucher(no_attachment_reason="纸质附件另行归档",
            actor=township, voucher=voucher)
        made.setdefault("rows", []).append({"recipient": served, "case": case, "group": group,
                                            "activity": activity, "visit": visit, "survey": survey,
                                            "meeting": meeting, "voucher": voucher})
    return made


def all_162_stations():
    """A station in every township of Ningbo, as the demo has (bulk-written: only their number matters here)."""
    from stations.models import Division, Station, standard_station_name

    townships = Division.objects.filter(level=Division.Level.TOWNSHIP).exclude(station__isnull=False)
    Station.objects.bulk_create([Station(township=t, district_id=t.parent_id, name=standard_station_name(t))
                                 for t in townships.select_related("parent")])
    assert Station.objects.count() == 162


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


# --- uploaded documents (R22) -----------------------------------------------------------------------------------
def mp4_bytes(brand=b"isom") -> bytes:
    """The smallest well-formed MP4: a file-type box and an (empty) movie box."""
    return b"\x00\x00\x00\x14ftyp" + brand + b"\x00\x00\x02\x00" + brand + b"\x00\x00\x00\x08moov"


def mp3_bytes() -> bytes:
    """An ID3 tag (empty) and one MPEG-1 layer III frame header with its frame."""
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(413)


def wav_bytes() -> bytes:
    fmt = (b"fmt " + (16).to_bytes(4, "little") + b"\x01\x00\x01\x00" + (8000).to_bytes(4, "little") * 2
           + b"\x01\x00\x08\x00")
    body = b"WAVE" + fmt + b"data" + (0).to_bytes(4, "little")
    return b"RIFF" + len(body).to_bytes(4, "little") + body


def upload_doc(world, *, name="社区地图.pdf", content=PDF_BYTES, category="map", title="澄浪社区地图", date=None,
               rel="own", **kwargs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from archives import actions_catalogue

    return actions_catalogue.upload_document(
        actor=world.assignments[rel].user, station=world.station(rel), category=category, title=title,
        date=date or TODAY, file=SimpleUploadedFile(name, content), reason="归档", **kwargs)


def test_r22_documents_of_every_kind_are_filed_and_appear_through_the_records_seam(world):
    from archives.models_catalogue import Document
    from tests.stations_setup import jpeg_bytes, png_bytes

    own = world.station("own")
    village = villages(own)[0]
    made = [
        upload_doc(world, village=village, tags="地图，2026、 澄浪", description="社区资源分布"),
        upload_doc(world, name="照片.png", content=png_bytes(), category="publicity", title="重阳活动照片"),
        upload_doc(world, name="照片.jpg", content=jpeg_bytes(), category="publicity", title="宣传海报"),
        upload_doc(world, name="访谈.mp3", content=mp3_bytes(), category="events", title="防汛访谈录音"),
        upload_doc(world, name="录音.m4a", content=mp4_bytes(b"M4A "), category="events", title="座谈录音"),
        upload_doc(world, name="录音.wav", content=wav_bytes(), category="events", title="原始录音"),
        upload_doc(world, name="视频.mp4", content=mp4_bytes(), category="awards", title="表彰视频"),
    ]
    assert [d.content_type for d in made] == ["application/pdf", "image/png", "image/jpeg", "audio/mpeg",
                                              "audio/mp4", "audio/wav", "video/mp4"]
    first = made[0]
    assert first.tags == ["地图", "2026", "澄浪"] and first.village == village
    assert first.file.name.startswith(f"archives/{own.pk}/{YEAR}/") and first.file.name.endswith(".pdf")
    assert first.history.count() == 1 and first.history.first().history_change_reason == "归档"
    got = entries_of(Principal(world.users["worker"]), own)
    assert [e.title for e in got["archives.documents.map"]] == ["澄浪社区地图"]
    entry = got["archives.documents.map"][0]
    assert (entry.village, entry.url) == (village.name, f"/stations/{own.pk}/archive/documents/{first.pk}/")
    assert "社区资源分布" in entry.text and "澄浪" in entry.text
    assert [f.name for f in entry.files] == [f"{first.pk}-社区地图.pdf"]
    assert sorted(e.title for e in got["archives.documents.events"]) == ["原始录音", "座谈录音", "防汛访谈录音"]
    # a map stays in the catalogue of the following years; publicity belongs to its own year
    later = entries_of(Principal(world.users["worker"]), own, YEAR + 1)
    assert [e.title for e in later["archives.documents.map"]] == ["澄浪社区地图"]
    assert later["archives.documents.publicity"] == []
    # nothing in the archive is deleted by the application
    with pytest.raises(Exception, match="never deleted"):
        first.delete()
    assert Document.objects.count() == 7


def test_r22_bad_documents_are_refused_in_words_and_nothing_is_saved(world, settings):
    from django.core.exceptions import PermissionDenied

    from archives import actions_catalogue
    from archives.models_catalogue import Document
    from ningbo_sws.lib.exceptions import ActionError

    bad = [
        ({"name": "setup.exe", "content": b"MZ\x90\x00" + bytes(200)}, "file"),  # an executable
        ({"name": "视频.mp4", "content": b"<html><script>alert(1)</script></html>"}, "file"),  # not what it says
        ({"name": "坏.mp4", "content": mp4_bytes()[:-3]}, "file"),  # boxes that do not fill the file
        ({"name": "坏.wav", "content": wav_bytes() + b"extra"}, "file"),
        ({"name": "坏.mp3", "content": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"not a frame"}, "file"),
        ({"category": "casework"}, "category"),  # cases are kept where the casework is recorded
        ({"date": TODAY + datetime.timedelta(days=1)}, "date"),
        ({"village": villages(world.station("sibling"))[0]}, "village"),
        ({"title": "  "}, "title"),
        ({"tags": "、".join(f"标签{i}" for i in range(11))}, "tags"),
    ]
    for kwargs, field in bad:
        with pytest.raises(ActionError) as refused:
            upload_doc(world, **kwargs)
        assert refused.value.field == field, kwargs
    settings.UPLOAD_MAX_BYTES = 100  # oversized: a PDF over the scan limit, a video over the media limit
    with translation.override("en"), pytest.raises(ActionError, match="too large"):
        upload_doc(world)
    settings.UPLOAD_MAX_MEDIA_BYTES = 20
    with translation.override("en"), pytest.raises(ActionError, match="too large"):
        upload_doc(world, name="视频.mp4", content=mp4_bytes())
    with pytest.raises(PermissionDenied):  # a worker of another station, or the district, may not file here
        actions_catalogue.upload_document(actor=world.assignments["other"].user, station=world.station("own"),
                                          category="map", title="地图", date=TODAY, file=None, reason="归档")
    with pytest.raises(PermissionDenied):
        actions_catalogue.upload_document(actor=world.users["district"], station=world.station("own"),
                                          category="map", title="地图", date=TODAY, file=None, reason="归档")
    assert Document.objects.count() == 0


# --- completeness (R22): the report card, the figure, the district page ----------------------------------------
def test_r22_thresholds_empty_thin_and_filled_with_the_current_year_prorated():
    from archives import catalogue
    from ningbo_sws.lib.records import Category

    march = datetime.date(2026, 3, 15)
    assert catalogue.minimum(Category.VISITS, 2025, today=march) == 12  # a past year: the full year
    assert catalogue.minimum(Category.VISITS, 2026, today=march) == 3  # the current year: 3 months of 12
    assert catalogue.minimum(Category.CASEWORK, 2026, today=march) == 1  # ceil(3 × 3 / 12)
    assert catalogue.minimum(Category.RECIPIENT_FILES, 2026, today=march) == 10  # files: whatever the month
    assert catalogue.minimum(Category.SUMMARIES, 2026, today=march) == 0  # written at the year's end
    assert catalogue.minimum(Category.SUMMARIES, 2025, today=march) == 1
    assert catalogue.minimum(Category.AWARDS, 2025, today=march) == 0  # listed, not required
    assert catalogue.minimum(Category.OTHER, 2025, today=march) == 0
    # a station-year from counts per source: cases 3 (filled), visits 5 of 12 (thin), meetings none (empty)
    found = {7: {"services.cases": 3, "services.visits": 5}}
    state = catalogue.completeness([7], 2025, today=march, found_counts=found)[7]
    assert state.state(Category.CASEWORK) == "filled"
    assert state.state(Category.VISITS) == "thin"
    assert state.state(Category.MEETINGS) == "empty"
    assert state.state(Category.AWARDS) == "none"
    assert not state.complete
    required = len(state.required)
    assert state.percent == round(100 * 2 / required)


def _monkey_minimum(monkeypatch):
    """Only the document categories are required (the other sources are tested above and at their apps), so that
    a complete year is a handful of uploads."""
    from archives import catalogue
    from ningbo_sws.lib.records import Category

    monkeypatch.setattr(catalogue, "MINIMUM", {Category.COMMUNITY_MAP: 1, Category.RESOURCE_LIST: 1,
                                               Category.PUBLICITY: 2, Category.SUMMARIES: 1})


def test_r22_a_complete_and_an_incomplete_station_year_on_the_report_card_and_the_figure(world, monkeypatch):
    from ningbo_sws.lib.compliance import Status, compliance
    from ningbo_sws.lib.figures import figures

    _monkey_minimum(monkeypatch)
    last_year = datetime.date(YEAR - 1, 6, 1)
    own, sibling = world.station("own"), world.station("sibling")
    upload_doc(world, date=last_year)
    upload_doc(world, category="resources", title="资源清单", date=last_year)
    upload_doc(world, category="publicity", title="宣传一", date=last_year)
    upload_doc(world, category="publicity", title="宣传二", date=last_year)
    upload_doc(world, category="summaries", title="年度总结", date=last_year)
    upload_doc(world, rel="sibling", category="publicity", title="宣传一", date=last_year)  # thin, three empty
    with translation.override("en"):
        findings = compliance.evaluate([own, sibling], year=YEAR - 1)
    assert findings[own.pk]["R22"].status == Status.MET
    assert findings[sibling.pk]["R22"].status == Status.NOT_MET
    assert findings[sibling.pk]["R22"].reason == (
        "Archive 25% filled; empty: community map, community resource list, work summaries; thin: publicity (R22).")
    assert figures.compute("archives.completeness", [own.pk, sibling.pk], year=YEAR - 1) == {
        own.pk: 100, sibling.pk: 25}
    # the next year: the map and the resource list still stand, publicity and the summary are of their year
    assert figures.compute("archives.completeness", [own.pk], year=YEAR)[own.pk] == 67  # 2 of 3 (no summary yet)


def test_r22_counts_for_every_station_in_one_query(world, django_assert_num_queries):
    from archives import catalogue
    from stations.models import Station

    make_records(world)
    upload_doc(world, category="publicity", title="宣传")
    all_162_stations()
    ids = list(Station.objects.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        found = catalogue.counts(ids, YEAR)
    own = found[world.station("own").pk]
    codes = ["services.cases", "services.groups", "services.activities", "services.visits", "services.recipients",
             "services.surveys", "staffing.meetings", "finance.vouchers", "archives.documents.publicity",
             "archives.documents.map"]
    assert [own.get(code, 0) for code in codes] == [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]
    assert found[world.station("other").pk] == {}


# --- retention and disposal (R21, R22) --------------------------------------------------------------------------
def test_r22_retention_periods_accounting_permanent():
    from archives import catalogue

    by_code = {s.code: s for s in records}
    assert catalogue.kept_until(by_code["finance.vouchers"], datetime.date(2010, 3, 1)) is None  # R21
    assert catalogue.kept_until(by_code["services.cases"], datetime.date(2010, 3, 1)) == datetime.date(2020, 12, 31)
    assert catalogue.kept_until(by_code["staffing.meetings"], datetime.date(2010, 3, 1)) == datetime.date(2040, 12, 31)
    assert catalogue.kept_until(by_code["archives.documents.awards"], datetime.date(2010, 3, 1)) is None
    assert catalogue.kept_until(by_code["archives.documents.summaries"], datetime.date(2010, 3, 1)) is None
    assert catalogue.kept_until(by_code["archives.documents.publicity"], None) is None  # undated: kept


def test_r22_disposal_list_drafted_approved_by_another_and_carried_out_keeps_the_rows(world, client_for):
    from django.core.exceptions import PermissionDenied
    from django.db import connection as db

    from archives import actions_catalogue as actions
    from archives.models_catalogue import ArchiveIsKept, Disposal, DisposalList, Document
    from ningbo_sws.lib import workflow
    from ningbo_sws.lib.exceptions import ActionError
    from ningbo_sws.lib.todo import todo
    from stations import actions as station_actions

    own = world.station("own")
    worker, township = world.users["worker"], world.users["township"]
    old = upload_doc(world, category="publicity", title="2010年宣传册", date=datetime.date(2010, 5, 1))
    award = upload_doc(world, category="awards", title="2010年优秀社工站", date=datetime.date(2010, 6, 1))
    recent = upload_doc(world, category="publicity", title="2020年宣传册", date=datetime.date(2020, 5, 1))
    books = open_books(own, worker=worker, township=township, year=2010)
    voucher = finance_actions.prepare_voucher(actor=worker, ledger=books.ledger, date=datetime.date(2010, 3, 15),
                                              summary="2010年活动支出", entries=[entry(books, "100.00")])
    finance_actions.post_voucher(no_attachment_reason="纸质附件另行归档", actor=township, voucher=voucher)

    with translation.override("en"):
        found = {c.key: c.refusal for c in actions.candidates(Principal(worker), own, 2010)}
    assert found[f"archives.documents.publicity:{old.pk}"] == ""
    assert found[f"archives.documents.awards:{award.pk}"] == "This category is kept permanently (R22)."
    assert found[f"finance.vouchers:{voucher.pk}"] == (
        "Accounting archives are kept permanently and are never disposed of (R21).")

    def draft(actor, *keys):
        return actions.draft_disposal_list(actor=actor, station=own, year=2010, basis="保管期满，经鉴定无保存价值",
                                           items=list(keys), reason="拟销毁")

    refused = [
        (f"finance.vouchers:{voucher.pk}", "R21"),  # accounting archives: never
        (f"archives.documents.awards:{award.pk}", "permanently"),
        (f"archives.documents.publicity:{recent.pk}", "not in this station's archive of 2010"),
        ("services.nothing:1", "Unknown record"),
    ]
    for key, words in refused:
        with translation.override("en"), pytest.raises(ActionError, match=words):
            draft(worker, f"archives.documents.publicity:{old.pk}", key)
    with translation.override("en"), pytest.raises(ActionError, match="Inside its retention period"):
        actions.draft_disposal_list(actor=worker, station=own, year=2020, basis="保管期满", reason="拟销毁",
                                    items=[f"archives.documents.publicity:{recent.pk}"])
    with pytest.raises(PermissionDenied):
        draft(world.users["district"], f"archives.documents.publicity:{old.pk}")
    assert DisposalList.objects.count() == 0

    drafted = draft(township, f"archives.documents.publicity:{old.pk}")
    with translation.override("en"), pytest.raises(ActionError, match="Already on another disposal list"):
        draft(worker, f"archives.documents.publicity:{old.pk}")
    actions.move_disposal_list(actor=township, disposal_list=drafted, move="submit", reason="提交")
    with translation.override("en"), pytest.raises(ActionError, match="other than the one who drafted it"):
        actions.move_disposal_list(actor=township, disposal_list=drafted, move="approve", reason="同意")
    with pytest.raises(PermissionDenied):  # a worker does not approve
        actions.move_disposal_list(actor=worker, disposal_list=drafted, move="approve", reason="同意")
    second = make_user("second-township")
    station_actions.grant_role(actor=world.root, user=second, role="township", station=own, reason="测试")
    items = todo.items(Principal(second))
    with translation.override("en"):
        assert [(str(i.label), i.count) for i in todo.items(Principal(second))
                if "disposal" in str(i.label)] == [(f"{own.name}: disposal lists to approve", 1)]
    assert items and not [i for i in todo.items(Principal(township)) if "disposal" in str(i.label)]
    actions.move_disposal_list(actor=second, disposal_list=drafted, move="approve", reason="同意销毁")
    actions.move_disposal_list(actor=second, disposal_list=drafted, move="carry_out", reason="已销毁")
    drafted.refresh_from_db()
    assert (drafted.status, drafted.approved_by, drafted.carried_out_by) == ("carried_out", second, second)
    assert [c.to_state for c in workflow.changes(drafted)] == [
        "draft", "submitted", "approved", "carried_out"]
    disposal = Disposal.objects.get()
    assert (disposal.source, disposal.object_id, disposal.title, disposal.category, disposal.record_date,
            disposal.disposed_by) == ("archives.documents.publicity", old.pk, "2010年宣传册", "publicity",
                                      datetime.date(2010, 5, 1), second)
    # the record's own row and file are kept; the catalogue, the search and the bundle no longer see it
    assert Document.objects.filter(pk=old.pk).exists()
    left = entries_of(Principal(worker), own, 2010)
    assert [e.title for e in left["archives.documents.publicity"]] == []
    assert [e.title for e in left["archives.documents.awards"]] == ["2010年优秀社工站"]
    with pytest.raises(ArchiveIsKept):
        disposal.save()
    with pytest.raises(ArchiveIsKept):
        disposal.delete()
    if db.vendor == "postgresql":  # the trigger holds also for SQL that goes around the model
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic():
            Disposal.objects.filter(pk=disposal.pk).update(title="改写")
    # a carried-out list is final
    with pytest.raises(ActionError):
        actions.move_disposal_list(actor=second, disposal_list=drafted, move="return", reason="退回")
    # the pages: the drafters read the records' titles, the district reads source and number only
    url = drafted.get_absolute_url()
    assert "2010年宣传册" in client_for(worker).get(url).content.decode()
    seen = client_for(world.users["district"]).get(url).content.decode()
    assert "2010年宣传册" not in seen and f"#{old.pk}" in seen
    document_page = client_for(worker).get(old.get_absolute_url())
    assert document_page.status_code == 200 and document_page.context["disposal"] == disposal


# --- pages: what each role sees, fixed queries, bad input in words ---------------------------------------------
def test_r22_catalogue_pages_show_counts_to_all_and_records_to_those_who_may_read_them(world, client_for):
    make_records(world)
    upload_doc(world, category="publicity", title="重阳宣传册")
    own = world.station("own")
    worker, district = client_for(world.users["worker"]), client_for(world.users["district"])
    url = f"/stations/{own.pk}/archive/?year={YEAR}"
    with translation.override("en"):
        page = worker.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    rows = {r["category"]: (r["count"], r["state"]) for r in page.context["rows"]}
    assert rows["casework"][0] == 1 and rows["publicity"][0] == 1 and rows["visits"][0] == 1
    assert rows["awards"] == (0, "none")
    assert page.context["search_url"] in ("", f"/stations/{own.pk}/archive/search/")
    cases = worker.get(f"/stations/{own.pk}/archive/category/casework/?year={YEAR}")
    assert "张阿0婆" in cases.content.decode()  # the case's recipient, for the worker who serves them
    # the district sees the same counts, and no recipient's name
    assert district.get(url).context["rows"] == page.context["rows"]
    for category in ("casework", "visits", "recipients"):
        seen = district.get(f"/stations/{own.pk}/archive/category/{category}/?year={YEAR}")
        assert seen.status_code == 200 and "张阿0婆" not in seen.content.decode()
        assert seen.context["sources"][0][1] == 1 and seen.context["entries"] == []
    publicity = district.get(f"/stations/{own.pk}/archive/category/publicity/?year={YEAR}")
    assert "重阳宣传册" in publicity.content.decode()
    assert worker.get(f"/stations/{own.pk}/archive/category/nonsense/").status_code == 404
    liaison = client_for(world.users["liaison"])
    assert liaison.get(url).status_code == 404  # a village's person, not the station's archive
    assert client_for(world.assignments["other"].user).get(url).status_code == 404


def test_r22_catalogue_and_district_pages_cost_a_fixed_number_of_queries(world, client_for):
    from tests.test_query_counts import count_queries

    own = world.station("own")
    worker, district = client_for(world.users["worker"]), client_for(world.users["district"])
    pages = [(worker, f"/stations/{own.pk}/archive/"), (worker, f"/stations/{own.pk}/archive/category/publicity/"),
             (worker, f"/stations/{own.pk}/archive/disposal/new/?year=2012"),
             (district, "/archive/completeness/"), (client_for(world.users["city"]), "/archive/completeness/")]
    upload_doc(world, category="publicity", title="宣传", date=datetime.date(2012, 5, 1))
    upload_doc(world, category="publicity", title="宣传")
    before = [count_queries(client, url) for client, url in pages]
    for i in range(4):
        upload_doc(world, category="publicity", title=f"宣传{i}")
        upload_doc(world, category="publicity", title=f"旧宣传{i}", date=datetime.date(2012, 5, 1))
    upload_doc(world, rel="sibling", category="publicity", title="宣传")
    all_162_stations()
    after = [count_queries(client, url) for client, url in pages]
    assert after == before, (before, after)
    city = client_for(world.users["city"]).get("/archive/completeness/")
    assert len(city.context["rows"]) == 162


def test_r22_document_upload_page_refuses_bad_files_with_nothing_saved(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from archives.models_catalogue import Document

    own = world.station("own")
    worker = client_for(world.users["worker"])
    url = f"/stations/{own.pk}/archive/documents/new/"
    assert worker.get(url).status_code == 200
    data = {"category": "publicity", "title": "宣传片", "date": TODAY.isoformat(), "reason": "归档", "tags": "宣传"}
    page = worker.post(url, {**data, "file": SimpleUploadedFile("宣传片.mp4", b"MZ\x90\x00" + bytes(64))})
    assert page.status_code == 200 and page.context["form"].errors["file"]
    assert Document.objects.count() == 0
    done = worker.post(url, {**data, "file": SimpleUploadedFile("宣传片.mp4", mp4_bytes())})
    document = Document.objects.get()
    assert done.status_code == 302 and done["Location"] == document.get_absolute_url()
    detail = worker.get(document.get_absolute_url())
    assert detail.status_code == 200 and "宣传片.mp4" in detail.content.decode()
    served = worker.get(f"{document.get_absolute_url()}file/")
    assert served["Content-Type"] == "video/mp4" and served["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in served["Content-Disposition"]
    assert client_for(world.users["liaison"]).get(f"{document.get_absolute_url()}file/").status_code == 404
    assert client_for(world.users["district"]).post(url, data).status_code == 403


def test_r22_the_walker_rows_of_the_archive_catalogue_hold(world, client_for):
    """R6: the archive's pages for every persona at own, sibling and other-district stations (the full walk
    runs them too)."""
    from django.test import Client

    from tests import walker

    entries = [e for e in walker.url_entries() if e.name.startswith("archives:") and (
        "catalogue" in e.name or "document" in e.name or "disposal" in e.name
        or e.name in ("archives:archive_home", "archives:completeness"))]
    assert len(entries) == 11
    report = walker.walk(world, client_for, Client(), urlconf_entries=entries)
    assert report.failures == [], "\n".join(report.failures)
