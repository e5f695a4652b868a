"""Helpers for the issue-3 tests: a station set up to meet R8–R11 and R15, built through the actions."""

import datetime
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from stations import actions

ALL_PARTS = dict.fromkeys(
    ("has_scope", "has_goals", "has_indicators", "has_requirements", "has_term", "has_funding", "has_liability"),
    True,
)

GOOD_ROOMS = [
    {"room_type": "office", "area": Decimal(20), "office_equipment": True},
    {"room_type": "case", "area": Decimal(12), "tea_table": True, "sofa": True, "clock": True, "quiet_private": True},
    {"room_type": "group", "area": Decimal(40), "movable_furniture": True},
    {"room_type": "multi", "area": Decimal(60), "tables": True, "multimedia": True, "sound_system": True},
    {"room_type": "archive", "area": Decimal(10), "filing_cabinets": True},
]


def png_bytes(size=(8, 8)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    """A plain one-page PDF, as a scanner or a word processor writes one."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def set_up(station, actor, *, headcount=4, rooms=GOOD_ROOMS, operator=None, parts=ALL_PARTS, mode="purchase",
           site_basis="social_org_centre", plate_name=None, photo=True):
    """Record site, rooms, plate and (with an operator) a contract covering today, as `actor`."""
    actions.record_setup(actor=actor, station=station, reason="登记", site_basis=site_basis, site_note="",
                         address="宁波市某路1号", operation_mode=mode, recorded_headcount=headcount)
    for room in rooms:
        actions.save_room(actor=actor, station=station, reason="登记", **room)
    actions.record_plate(actor=actor, station=station, reason="登记",
                         plate_name=plate_name if plate_name is not None else station.standard_name,
                         plate_hung=True, logo_used=True,
                         photo=upload("plate.png", png_bytes(), "image/png") if photo else None)
    if operator is not None:
        today = timezone.localdate()
        actions.save_contract(actor=actor, station=station, reason="签约", operator=operator, number="HT-1",
                              starts_on=today - datetime.timedelta(days=100),
                              ends_on=today + datetime.timedelta(days=265), amount=Decimal("300000.00"),
                              parts=parts)
    station.refresh_from_db()
    return station


def make_operator(actor, *, name="宁波市测试社会工作服务中心", first17="52330203MJ9000001", district=None):
    from ningbo_sws.lib.creditcode import check_character

    return actions.save_operator(actor=actor, reason="登记", name=name,
                                 credit_code=first17 + check_character(first17), district=district)
