"""Uploads: photos (JPEG, PNG) and PDFs only, stored through the storage API, served only to who may see them."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from stations import actions
from stations.models import Attachment
from tests.stations_setup import PDF_BYTES, jpeg_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(world):
    room = actions.save_room(actor=world.users["worker"], station=world.station("own"), reason="登记",
                             room_type="case", area=Decimal(12), photo=upload("个案室.jpg", jpeg_bytes()))
    return room.photos.get()


def test_a_photo_is_stored_under_media_root_through_the_storage_api(photo, settings):
    path = Path(photo.file.path)
    assert str(path).startswith(str(settings.MEDIA_ROOT))
    assert path.read_bytes()[:3] == b"\xff\xd8\xff"
    assert photo.content_type == "image/jpeg" and photo.original_name == "个案室.jpg"
    assert "个案室" not in photo.file.name  # stored under a random name, not the uploader's


def test_the_gated_view_serves_the_photo_to_the_station_and_404_to_others(world, photo, client_for):
    url = f"/files/{photo.pk}/"
    response = client_for(world.users["liaison"]).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    assert response["X-Content-Type-Options"] == "nosniff"
    # a district officer of the same district sees it; another station's worker does not know it exists
    assert client_for(world.users["district"]).get(url).status_code == 200
    from tests.world import make_user

    outsider = make_user("worker-elsewhere")
    actions.grant_role(actor=world.root, user=outsider, role="worker", station=world.station("other"), reason="测")
    assert client_for(outsider).get(url).status_code == 404


def test_media_files_have_no_public_url(photo, client):
    assert client.get(f"/media/{photo.file.name}").status_code in (302, 403, 404)
    assert client.get(f"/files/{photo.pk}/").status_code == 302  # anonymous: sign in first


def test_a_signed_contract_is_not_shown_to_the_liaison(world, client_for):
    """Contracts (R15) are not for village liaisons, though the station's photos are."""
    contract = actions.save_contract(actor=world.users["township"], station=world.station("own"), reason="签约",
                                     operator=None, number="", starts_on=datetime.date(2026, 1, 1),
                                     ends_on=datetime.date(2026, 12, 31), amount=Decimal(1), parts={},
                                     pdf=upload("合同.pdf", PDF_BYTES))
    pdf = contract.files.get()
    assert pdf.content_type == "application/pdf"
    assert client_for(world.users["township"]).get(f"/files/{pdf.pk}/").status_code == 200
    assert client_for(world.users["liaison"]).get(f"/files/{pdf.pk}/").status_code == 404


def test_png_plate_photo_through_the_page(world, client_for):
    station = world.station("own")
    response = client_for(world.users["township"]).post(f"/stations/{station.pk}/plate/", {
        "plate_name": station.standard_name, "plate_hung": "on", "logo_used": "on", "reason": "挂牌",
        "photo": upload("plate.png", png_bytes(), "image/png")})
    assert response.status_code == 302
    attachment = Attachment.objects.get(station=station)
    assert attachment.purpose == "plate_photo" and attachment.content_type == "image/png"
    page = client_for(world.users["worker"]).get(f"/stations/{station.pk}/").content.decode()
    assert f"/files/{attachment.pk}/" in page
