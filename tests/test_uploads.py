"""Issue 9 item 6: one upload pipeline for every upload (station photos and contracts, voucher scans, meeting
attachments). The type is judged from the bytes, sizes and pixels are limited, PDFs with scripts or automatic
actions are refused, the stored name is generated, files are served with nosniff (images inline, the rest as an
attachment), and a stored file that has gone missing answers 404. Refusals are a message on the field, never an
HTTP 500, and nothing is saved."""

import datetime
import functools
import re
import struct
import zlib
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from finance.models import Attachment as VoucherScan
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.uploads import SCAN_TYPES, check_upload
from staffing.models import Meeting, MeetingAttachment
from stations import actions as station_actions
from stations.models import Attachment, Room
from tests.finance_books import day, entry, open_books
from tests.staffing_world import person
from tests.stations_setup import PDF_BYTES, jpeg_bytes, png_bytes

pytestmark = pytest.mark.django_db


# --- hostile files ----------------------------------------------------------------------------------------------
def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def black_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of width×height black pixels: 20000×20000 is a 48 KB file of 400 megapixels."""
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte + the packed pixels
    compressor, chunks = zlib.compressobj(9), []
    for _ in range(height):
        chunks.append(compressor.compress(row))
    chunks.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", b"".join(chunks))
            + _png_chunk(b"IEND", b""))


EXE_AS_PDF = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 48 + b"This program cannot be run"
SVG_AS_PNG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
              b"<script>alert(document.cookie)</script></svg>")
HOSTILE = [("setup.pdf", EXE_AS_PDF), ("photo.png", SVG_AS_PNG)]


def pdf_with(make) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    make(writer)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _open_action(writer):
    from pypdf.generic import ArrayObject, NameObject

    writer._root_object[NameObject("/OpenAction")] = ArrayObject([writer.pages[0].indirect_reference,
                                                                  NameObject("/Fit")])


def _document_javascript(writer):
    """Document-level JavaScript (the /Names /JavaScript tree), which a viewer runs on opening."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    script = writer._add_object(DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                  NameObject("/JS"): TextStringObject("app.alert('hello');")}))
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("hello"), script])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _page_action(writer):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc")})
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): launch})


ACTIVE_PDFS = {
    "javascript": lambda: pdf_with(_document_javascript),
    "open_action": lambda: pdf_with(_open_action),
    "page_launch_action": lambda: pdf_with(_page_action),
    "embedded_file": lambda: pdf_with(lambda w: w.add_attachment("run.exe", b"MZ")),
}


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf" if name.endswith(".pdf") else "image/png")


def media_files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def error_of(response, field) -> str:
    assert response.status_code == 200, response.status_code  # the form again, not a 500 or a redirect
    return " ".join(str(e) for e in response.context["form"].errors[field])


# --- the places that take uploads -------------------------------------------------------------------------------
@pytest.fixture
def station(world):
    return world.station("own")


@pytest.fixture
def draft(world, station):
    from finance import actions

    books = open_books(station, worker=world.users["worker"], township=world.users["township"])
    return actions.prepare_voucher(actor=world.users["worker"], ledger=books.ledger, date=day(), summary="购买物资",
                                   entries=[entry(books, "10.00")])


def post_plate(client, station, photo):
    return client.post(f"/stations/{station.pk}/plate/", {
        "plate_name": "改过的名字", "plate_hung": "on", "logo_used": "on", "reason": "挂牌", "photo": photo})


def post_room(client, station, photo):
    return client.post(f"/stations/{station.pk}/rooms/new/", {
        "room_type": "case", "area": "12", "also_serves": "", "reason": "登记", "photo": photo})


def post_scan(client, voucher, file):
    return client.post(f"/finance/vouchers/{voucher.pk}/attach/", {"file": file, "name": ""})


def post_meeting(client, station, attendee, file):
    return client.post(f"/staff/stations/{station.pk}/meetings/add/", {
        "held_on": timezone.localdate().isoformat(), "title": "例会", "attendees": [attendee.pk], "reason": "记录",
        "files": [file]})


# --- item 6: a decompression bomb is refused with a message, not an HTTP 500 -------------------------------------
def test_issue9_item6_a_decompression_bomb_as_plate_photo_is_refused_and_nothing_is_saved(world, station, client_for,
                                                                                          settings):
    bomb = black_png(20000, 20000)
    assert len(bomb) < 60_000 and struct.unpack(">II", bomb[16:24]) == (20000, 20000)  # 48 KB, 400 megapixels
    response = post_plate(client_for(world.users["township"]), station, upload("plate.png", bomb))
    assert "40" in error_of(response, "photo")  # the limit of 40 megapixels is named
    station.refresh_from_db()
    assert station.plate_name == "" and not Attachment.objects.exists() and not media_files(settings)


def test_issue9_item6_a_decompression_bomb_as_room_photo_is_refused_and_nothing_is_saved(world, station, client_for,
                                                                                         settings):
    response = post_room(client_for(world.users["worker"]), station, upload("room.png", black_png(20000, 20000)))
    assert "40" in error_of(response, "photo")
    assert not Room.objects.exists() and not Attachment.objects.exists() and not media_files(settings)


def test_issue9_item6_an_image_over_the_pixel_limit_is_refused_though_pillow_would_open_it(world, station):
    """7000×7000 = 49 megapixels: below Pillow's own bomb limit (89 megapixels), above ours (40); 4000×3000 is
    taken."""
    with pytest.raises(ActionError) as refused:
        station_actions.save_room(actor=world.users["worker"], station=station, reason="登记", room_type="case",
                                  area=Decimal(12), photo=upload("big.png", black_png(7000, 7000)))
    assert refused.value.field == "photo"
    assert not Room.objects.exists()
    room = station_actions.save_room(actor=world.users["worker"], station=station, reason="登记", room_type="case",
                                     area=Decimal(12), photo=upload("ok.png", black_png(4000, 3000)))
    assert room.photos.get().content_type == "image/png"


# --- item 6: the type is judged from the bytes on voucher scans and meeting attachments -------------------------
@pytest.mark.parametrize(("name", "content"), HOSTILE, ids=["exe_named_pdf", "svg_script_named_png"])
def test_issue9_item6_a_voucher_scan_is_judged_by_its_bytes_and_nothing_is_saved(world, draft, client_for, settings,
                                                                                 name, content):
    response = post_scan(client_for(world.users["worker"]), draft, upload(name, content))
    assert name in error_of(response, "file")  # the message names the file
    assert not VoucherScan.objects.exists() and not media_files(settings)


@pytest.mark.parametrize(("name", "content"), HOSTILE, ids=["exe_named_pdf", "svg_script_named_png"])
def test_issue9_item6_a_meeting_attachment_is_judged_by_its_bytes_and_nothing_is_saved(world, station, client_for,
                                                                                       settings, name, content):
    attendee = person(station, world.users["worker"])
    response = post_meeting(client_for(world.users["worker"]), station, attendee, upload(name, content))
    assert name in error_of(response, "files")
    assert not Meeting.objects.exists() and not MeetingAttachment.objects.exists() and not media_files(settings)


# --- item 6: PDFs with scripts or automatic actions, and unreadable PDFs ----------------------------------------
@pytest.mark.parametrize("kind", ACTIVE_PDFS)
def test_issue9_item6_a_pdf_with_scripts_or_automatic_actions_is_refused_as_voucher_scan(world, draft, client_for,
                                                                                         kind):
    response = post_scan(client_for(world.users["worker"]), draft, upload("发票.pdf", ACTIVE_PDFS[kind]()))
    assert "发票.pdf" in error_of(response, "file")
    assert not VoucherScan.objects.exists()


@pytest.mark.parametrize("kind", ["javascript", "open_action"])
def test_issue9_item6_a_signed_contract_with_javascript_or_open_action_is_refused(world, station, kind):
    with pytest.raises(ActionError) as refused:
        station_actions.save_contract(actor=world.users["township"], station=station, reason="签约", operator=None,
                                      number="", starts_on=datetime.date(2026, 1, 1),
                                      ends_on=datetime.date(2026, 12, 31), amount=Decimal(1), parts={},
                                      pdf=upload("合同.pdf", ACTIVE_PDFS[kind]()))
    assert refused.value.field == "pdf"
    assert not station.contracts.exists() and not Attachment.objects.exists()


def test_issue9_item6_a_pdf_name_written_with_hex_escapes_is_still_seen():
    """`/J#61vaScript` is `/JavaScript` to a PDF reader (PDF 1.7 §7.3.5)."""
    data = ACTIVE_PDFS["javascript"]().replace(b"/JavaScript", b"/J#61vaScript")
    with pytest.raises(ActionError):
        check_upload(upload("x.pdf", data), allowed=SCAN_TYPES, field="file")


@pytest.mark.parametrize("content", [b"%PDF-1.7\n" + b"\x00garbage" * 50, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"],
                         ids=["garbage", "no_pages"])
def test_issue9_item6_an_unreadable_pdf_is_refused(content):
    with pytest.raises(ActionError) as refused:
        check_upload(upload("坏.pdf", content), allowed=SCAN_TYPES, field="file")
    assert refused.value.field == "file" and "坏.pdf" in str(refused.value.messages)


def test_issue9_item6_a_pdf_locked_by_a_password_cannot_be_checked_and_is_refused():
    locked = pdf_with(lambda w: w.encrypt(user_password="秘密", algorithm="RC4-128"))
    with pytest.raises(ActionError):
        check_upload(upload("锁.pdf", locked), allowed=SCAN_TYPES, field="file")
    # an empty user password only restricts printing or copying: that PDF is read and checked
    restricted = pdf_with(lambda w: w.encrypt(user_password="", owner_password="owner", algorithm="RC4-128"))
    assert check_upload(upload("限.pdf", restricted), allowed=SCAN_TYPES, field="file").content_type == \
        "application/pdf"


# --- item 6: generated storage names, the uploader's name kept for display --------------------------------------
def test_issue9_item6_the_stored_name_is_generated_never_the_uploaders(world, station, draft, client_for):
    worker = client_for(world.users["worker"])
    hostile_name = "../../发票 <script>.html.pdf"
    assert post_scan(worker, draft, upload(hostile_name, PDF_BYTES)).status_code == 302
    scan = VoucherScan.objects.get()
    assert re.fullmatch(rf"finance/{station.pk}/{draft.ledger.year}/[0-9a-f]{{32}}\.pdf", scan.file.name)
    assert scan.original_name == "发票 <script>.html.pdf" and scan.name == "发票 <script>.html.pdf"
    assert scan.content_type == "application/pdf" and scan.size == len(PDF_BYTES)

    attendee = person(station, world.users["worker"])
    assert post_meeting(worker, station, attendee, upload("签到表.png", png_bytes())).status_code == 302
    attachment = MeetingAttachment.objects.get()
    assert re.fullmatch(rf"staffing/meetings/{station.pk}/\d+/[0-9a-f]{{32}}\.png", attachment.file.name)
    assert attachment.original_name == "签到表.png" and attachment.content_type == "image/png"


# --- item 6: one way of serving: nosniff, the stored type, images inline, the rest as attachment ----------------
@pytest.fixture
def stored(world, station, draft):
    """One stored file of each upload kind, as (url, user who may see it)."""
    from finance import actions

    worker = world.users["worker"]
    room = station_actions.save_room(actor=worker, station=station, reason="登记", room_type="case",
                                     area=Decimal(12), photo=upload("个案室.jpg", jpeg_bytes()))
    contract = station_actions.save_contract(
        actor=world.users["township"], station=station, reason="签约", operator=None, number="",
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31), amount=Decimal(1), parts={},
        pdf=upload("合同.pdf", PDF_BYTES))
    pdf_scan = actions.attach(actor=worker, voucher=draft, file=upload("发票.pdf", PDF_BYTES), name="发票")
    png_scan = actions.attach(actor=worker, voucher=draft, file=upload("收据.png", png_bytes()), name="收据")
    from staffing import actions as staffing_actions

    meeting = staffing_actions.record_meeting(
        actor=worker, station=station, held_on=timezone.localdate(), title="例会",
        attendees=[person(station, worker)], reason="记录", files=[upload("纪要.pdf", PDF_BYTES)])
    minutes = meeting.attachments.get()
    return {
        "room_photo": (room.photos.get(), f"/files/{room.photos.get().pk}/", "image/jpeg", "inline", "个案室.jpg"),
        "contract": (contract.files.get(), f"/files/{contract.files.get().pk}/", "application/pdf", "attachment",
                     "合同.pdf"),
        "voucher_pdf": (pdf_scan, f"/finance/vouchers/{draft.pk}/attachments/{pdf_scan.pk}/", "application/pdf",
                        "attachment", "发票.pdf"),
        "voucher_png": (png_scan, f"/finance/vouchers/{draft.pk}/attachments/{png_scan.pk}/", "image/png",
                        "inline", "收据.png"),
        "meeting_pdf": (minutes, f"/staff/meetings/{meeting.pk}/files/{minutes.pk}/", "application/pdf",
                        "attachment", "纪要.pdf"),
    }


KINDS = ["room_photo", "contract", "voucher_pdf", "voucher_png", "meeting_pdf"]


@pytest.mark.parametrize("kind", KINDS)
def test_issue9_item6_every_file_is_served_with_nosniff_its_type_and_its_disposition(world, stored, client_for,
                                                                                     kind):
    _row, url, content_type, disposition, name = stored[kind]
    response = client_for(world.users["township"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith(f"{disposition};")
    assert "no-store" in response["Cache-Control"]
    assert quote(name) in response["Content-Disposition"]  # the uploader's name, RFC 5987-encoded
    # Serving is shared, the gates are not: another station's worker does not learn that the file exists.
    assert client_for(world.assignments["other"].user).get(url).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_issue9_item6_a_stored_file_gone_missing_answers_404_not_500(world, stored, client_for, kind):
    row, url, *_ = stored[kind]
    row.file.storage.delete(row.file.name)
    assert client_for(world.users["township"]).get(url).status_code == 404
