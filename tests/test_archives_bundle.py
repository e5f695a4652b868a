"""Issue 11 item 8 (R22): the yearly archive bundle — a zip of a station-year's archive built by the real database
worker, with a printed catalogue, the records as .xlsx, every record's files and a manifest of SHA-256 and SM3
digests that `verify_bundle` checks; the page for the township officer only."""

import datetime
import hashlib
import io
import json
import os
import resource
import shutil
import tempfile
import time
import tracemalloc
import zipfile

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from archives.bundle import KIND, VOLUME, build_bundle, headers
from ningbo_sws.lib.manifest import BundleWriter, Digests, digest_stream, safe_segment, verify
from ningbo_sws.lib.records import Category, Entry, RecordFile, RecordSource, records
from services.models import Visit
from stations.access import Principal
from stations.facilities import Attachment
from stations.models import AccessLog, Job
from tests.services_helpers import recipient, villages
from tests.test_jobs import DB_TASKS, run_db_worker

YEAR = 2026
PHOTOS = "tests.bundle_photos"


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.TASKS = DB_TASKS


@pytest.fixture
def photo_source():
    """A record source whose every record has one file (the catalogue lane's sources give theirs the same way):
    the station's photos of the year, in R22's "publicity"."""

    def photos(p, station, year):
        return Attachment.objects.filter(station=station, uploaded_at__year=year).order_by("id")

    def describe(attachment):
        return Entry(title=attachment.original_name, date=attachment.uploaded_at.date(), text="活动照片",
                     files=(RecordFile(attachment.original_name, attachment.file),))

    records.register(RecordSource(PHOTOS, Category.PUBLICITY, "活动照片", photos, order=999, describe=describe))
    yield
    records.entries.pop(PHOTOS, None)


def make_visits(world, n: int, *, rel="own"):
    """n home visits of one recipient in YEAR, made in one bulk insert."""
    person = recipient(world, rel, seq=1, name="龚明德")
    station, worker = world.station(rel), world.assignments[rel].user
    village = villages(station)[0]
    Visit.objects.bulk_create([
        Visit(station=station, recipient=person, village=village, visitor=worker,
              visited_on=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=i % 365),
              findings=f"第{i}次探访，情况稳定")
        for i in range(n)])
    return person


def make_photos(world, n: int, *, rel="own", big: int = 0):
    """n photo files in storage with their rows (bulk insert); the first one `big` bytes when given."""
    station = world.station(rel)
    rows, originals = [], {}
    for i in range(n):
        data = (b"\x89PNG\r\n\x1a\n" + os.urandom(big if (i == 0 and big) else 2000 + i))
        name = default_storage.save(f"stations/{station.pk}/photo-{i}.png", ContentFile(data))
        original = f"活动照片{i:03d}.png"
        rows.append(Attachment(station=station, purpose="room_photo", original_name=original, content_type="image/png",
                               size=len(data), uploaded_by=world.root, file=name))
        originals[original] = data
    Attachment.objects.bulk_create(rows)
    return originals


def start_bundle(world, client, capture, year=YEAR):
    with capture(execute=True):
        response = client.post(reverse("archives:bundle", args=[world.station("own").pk, year]))
    job = Job.objects.filter(kind=KIND).latest("id")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    return job


def built(world, tmp_path, *, name="bundle.zip"):
    """The bundle of the own station-year, built synchronously (as the job would) into a file."""
    path = tmp_path / name
    with open(path, "w+b") as handle:
        build_bundle(handle, principal=Principal(world.users["township"]), station=world.station("own"), year=YEAR)
    return path


def rewrite(source, target, *, change=None, drop=None, add=None):
    """A copy of the zip with one member's bytes changed, one left out or one added (a consistent zip: the
    tampering a reader must catch by the digests, not by a CRC error)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename == drop:
                continue
            data = old.read(info)
            if info.filename == change:
                data = data[:-1] + bytes([data[-1] ^ 1])
            new.writestr(info, data)
        if add:
            new.writestr(add, b"extra")
    return target


# --- the job through the real worker ------------------------------------------------------------------------------
def test_r22_bundle_of_1000_records_and_200_files_builds_in_the_worker_and_verifies(
        world, client_for, django_capture_on_commit_callbacks, photo_source, tmp_path, capsys):
    """Issue 11 item 8, R22: 1,000 visits and 200 photos (one of 3 MB) of a station-year; the township officer
    starts the bundle, the real db_worker builds it; the zip holds the catalogue (index + volumes of VOLUME
    records), one .xlsx per source with a row per record, all 200 files byte for byte, and a manifest whose 205
    SHA-256 and SM3 digests verify. Peak memory is measured and printed (not asserted)."""
    make_visits(world, 1000)
    originals = make_photos(world, 200, big=3 * 1024 * 1024)
    township = client_for(world.users["township"])
    job = start_bundle(world, township, django_capture_on_commit_callbacks)
    assert (job.status, job.arguments, job.station) == ("queued", {"year": YEAR}, world.station("own"))

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    run_db_worker()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    job.refresh_from_db()
    assert (job.status, job.error) == ("done", "")
    assert job.total == job.done == 1201  # 1,000 visits, the recipient's file, 200 photos
    assert job.result_name == "archive-330203001000-2026.zip" and job.result_type == "application/zip"
    with capsys.disabled():
        print(f"\nbundle of 1,201 records and 200 files ({job.result_size / 1e6:.1f} MB zip) in {seconds:.1f} s: "
              f"peak Python memory {peak / 1e6:.1f} MB (tracemalloc), process peak RSS {rss_after / 1024:.0f} MB "
              f"(was {rss_before / 1024:.0f} MB before the worker ran)")

    path = tmp_path / "downloaded.zip"
    with job.result.open("rb") as stored, open(path, "wb") as out:
        shutil.copyfileobj(stored, out)
    about, differences = verify(path)
    assert differences == []
    assert (about["station"], about["year"], about["job"]) == (world.station("own").name, YEAR, job.pk)
    with zipfile.ZipFile(path) as bundle:
        names = bundle.namelist()
        manifest = json.loads(bundle.read("manifest.json"))
        listed = [m["name"] for m in manifest["files"]]
        assert sorted([*listed, "manifest.json", "manifest.csv"]) == sorted(names)
        photos = sorted(n for n in names if n.startswith("files/"))
        assert len(photos) == 200
        for name in photos:  # every photo byte for byte, under its record's number and its own name
            _record_id, original = name.rsplit("/", 1)[1].split("-", 1)
            assert bundle.read(name) == originals[original]
        big = next(m for m in manifest["files"] if m["name"].endswith("活动照片000.png"))
        data = originals["活动照片000.png"]
        assert (big["size"], big["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
        volumes = sorted(n for n in names if n.startswith("catalogue/") and "services.visits" in n)
        assert len(volumes) == 1000 // VOLUME == 2
        assert "catalogue.pdf" in names
        sheets = sorted(n for n in names if n.startswith("records/"))
        assert len(sheets) == len(list(records))  # one per registered source, empty ones too
        from openpyxl import load_workbook

        visits_sheet = next(n for n in sheets if "services.visits" in n)
        rows = list(load_workbook(io.BytesIO(bundle.read(visits_sheet)), read_only=True).active.values)
        with translation.override(job.language):
            assert rows[0] == tuple(headers())  # in the starter's language
        assert len(rows) == 1 + 1000
        first = Visit.objects.order_by("visited_on", "id").first()
        with translation.override(job.language):
            entry = records.get("services.visits").describe(first)  # the columns are the source's describe
        day = datetime.datetime.combine(entry.date, datetime.time()) if entry.date else None
        assert rows[1][:4] == (first.pk, entry.title, day, entry.village or None)
        photo_sheet = next(n for n in sheets if PHOTOS in n)
        photo_rows = list(load_workbook(io.BytesIO(bundle.read(photo_sheet)), read_only=True).active.values)
        assert photo_rows[1][1] == "活动照片000.png" and photo_rows[1][6].endswith("活动照片000.png")
        from pypdf import PdfReader

        index = "".join(page.extract_text() for page in PdfReader(io.BytesIO(bundle.read("catalogue.pdf"))).pages)
        assert world.station("own").name in index and "1201" in index.replace(" ", "")
    log = AccessLog.objects.get(action="export")
    assert (log.user, log.station, log.detail) == (world.users["township"], world.station("own"),
                                                   f"archive bundle {YEAR} (job {job.pk})")
    # the job page offers the download to the township officer
    page = township.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/jobs/{job.pk}/result/"' in page


def test_r22_bundle_job_refused_in_words_when_the_starter_lost_the_right(world, client_for,
                                                                       django_capture_on_commit_callbacks):
    """Issue 11 item 8: the job checks the right again when it runs: a township officer whose role was revoked
    meanwhile gets a failed job that says why (in English here), and nothing is exported or logged."""
    from stations.actions import revoke_role
    from stations.models import RoleAssignment

    township = client_for(world.users["township"])
    with translation.override("en"):
        job = start_bundle(world, township, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(language="en")
    assignment = RoleAssignment.objects.active().get(user=world.users["township"])
    revoke_role(actor=world.root, assignment=assignment, reason="调岗")
    run_db_worker()
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == f"You may no longer make the archive bundle of {world.station('own').name}."
    assert not job.result and not AccessLog.objects.filter(action="export").exists()


# --- the manifest and verify_bundle -------------------------------------------------------------------------------
def test_r22_manifest_digests_are_sha256_and_sm3_of_each_file():
    """Issue 11 item 8: the digests are the standard ones (SM3 test vector "abc" of GB/T 32905-2016)."""
    digests = Digests()
    digests.update(b"a")
    digests.update(b"bc")
    assert digests.hexdigests() == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    assert digest_stream(io.BytesIO(b"abc"))[0] == 3
    with tempfile.TemporaryFile() as handle:
        writer = BundleWriter(handle)
        writer.add_bytes("会议/纪要.txt", b"abc")
        writer.add_bytes("会议/纪要.txt", b"abd")  # the same name twice: the second is numbered
        writer.add_bytes("../../etc/passwd", b"x")  # no way out of the bundle's folder
        writer.add_bytes("manifest.json", b"{}")  # nor over the manifest
        writer.close(about={"year": YEAR})
        handle.seek(0)
        with zipfile.ZipFile(handle) as bundle:
            assert bundle.namelist() == ["会议/纪要.txt", "会议/纪要 (2).txt", "etc/passwd", "files/manifest.json",
                                         "manifest.json", "manifest.csv"]
            manifest = json.loads(bundle.read("manifest.json"))
            assert manifest["files"][0] == {
                "name": "会议/纪要.txt", "size": 3,
                "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "sm3": "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"}
            csv_text = bundle.read("manifest.csv").decode("utf-8-sig").splitlines()
            assert csv_text[0] == "file,size (bytes),SHA-256,SM3"
            assert csv_text[1].startswith("会议/纪要.txt,3,ba7816bf")
        handle.seek(0)
        assert verify(handle)[1] == []


def test_safe_segment_keeps_names_readable_and_harmless():
    assert safe_segment("社区地图 2026.png") == "社区地图 2026.png"
    assert safe_segment('a\x00b:c*?"<>|') == "a b_c______"
    assert safe_segment("..") == "file" and safe_segment("  ") == "file"
    long = safe_segment("长" * 300 + ".pdf")
    assert len(long) == 120 and long.endswith(".pdf")


def test_r22_verify_bundle_names_each_tampered_missing_or_added_file(world, photo_source, tmp_path):
    """Issue 11 item 8: a reader can prove nothing was changed — `verify_bundle` passes the bundle as made, and
    names the file whose bytes changed (size, SHA-256, SM3), one taken out, one slipped in, and a member the zip
    itself finds damaged; its exit is an error for each."""
    make_visits(world, 3)
    make_photos(world, 3)
    path = built(world, tmp_path)
    out = io.StringIO()
    with translation.override("en"):
        call_command("verify_bundle", str(path), stdout=out)
    assert out.getvalue().strip() == (
        f"Every file matches its SHA-256 and SM3 digests ({world.station('own').name}, {YEAR}).")

    with zipfile.ZipFile(path) as bundle:
        photo = next(n for n in bundle.namelist() if n.endswith("活动照片001.png"))
    changed = rewrite(path, tmp_path / "changed.zip", change=photo)
    _about, differences = verify(changed)
    assert [(d.name, d.what) for d in differences] == [(photo, "sha256"), (photo, "sm3")]
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError, match=r"Differences found: 2\."):
        call_command("verify_bundle", str(changed), stdout=out)
    assert f"{photo}: its SHA-256 digest differs" in out.getvalue()
    assert f"{photo}: its SM3 digest differs" in out.getvalue()

    dropped = rewrite(path, tmp_path / "dropped.zip", drop="catalogue.pdf", add="files/extra.txt")
    assert [(d.name, d.what) for d in verify(dropped)[1]] == [("catalogue.pdf", "missing"),
                                                             ("files/extra.txt", "unlisted")]

    # A member altered in place (its CRC no longer matches): the zip refuses to read it, and so do we.
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as bundle:
        info = bundle.getinfo(photo)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 100
    raw[start] ^= 0xFF
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(raw))
    assert [(d.name, d.what) for d in verify(damaged)[1]] == [(photo, "unreadable")]

    # The readable manifest changed by hand (a digest "fixed" in the CSV only): it disagrees with the JSON.
    with zipfile.ZipFile(path) as bundle:
        csv_text = bundle.read("manifest.csv").decode("utf-8-sig")
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(forged, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "manifest.csv":
                lines = csv_text.splitlines()
                lines[1] = lines[1][:-1] + ("1" if lines[1].endswith("0") else "0")
                data = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
            new.writestr(info, data)
    assert {d.what for d in verify(forged)[1]} == {"csv"}


def test_r22_a_file_gone_from_storage_is_listed_not_hidden(world, photo_source, tmp_path):
    """Issue 11 item 8: a record whose file is no longer in storage does not stop the bundle: the file is named in
    the manifest's `missing_files` (and in the printed index), and everything else verifies."""
    make_photos(world, 2)
    gone = Attachment.objects.order_by("id").first()
    default_storage.delete(gone.file.name)
    path = built(world, tmp_path)
    about, differences = verify(path)
    assert differences == []
    assert len(about["missing_files"]) == 1 and about["missing_files"][0].endswith(f"/{gone.pk}-活动照片000.png")
    with zipfile.ZipFile(path) as bundle:
        assert [n for n in bundle.namelist() if n.startswith("files/")] == [
            n for n in bundle.namelist() if n.endswith("活动照片001.png")]


# --- the page --------------------------------------------------------------------------------------------------------
def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx)


def test_r22_bundle_page_shows_what_it_holds_in_a_fixed_number_of_queries(world, client_for,
                                                                         django_capture_on_commit_callbacks):
    """Issue 11 item 8: the page lists each source with its count for the year and the last bundles; the same
    number of queries with 2 visits as with 40 and with bundles made; it is never cached (personal data)."""
    township = client_for(world.users["township"])
    township.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switcher's choice
    url = reverse("archives:bundle", args=[world.station("own").pk, YEAR])
    assert url == f"/stations/{world.station('own').pk}/archive/{YEAR}/bundle/"
    make_visits(world, 2)
    with translation.override("en"):
        response, few = count_queries(township, url)
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "Archive bundle 2026" in page and world.station("own").name in page
    assert '<td class="num">2</td>' in page  # the two visits
    assert "No bundle of this year has been made yet." in page
    Visit.objects.bulk_create([Visit(station=world.station("own"), recipient=Visit.objects.first().recipient,
                                     village=Visit.objects.first().village, visitor=world.root,
                                     visited_on=datetime.date(YEAR, 3, 1), findings="好") for _ in range(38)])
    for _ in range(3):
        start_bundle(world, township, django_capture_on_commit_callbacks)
    with translation.override("en"):
        response, many = count_queries(township, url)
    page = response.content.decode()
    assert '<td class="num">40</td>' in page and page.count('href="/jobs/') >= 3
    assert many == few, f"{few} queries with 2 visits and no bundle, {many} with 40 and 3 bundles"
    assert many <= len(list(records)) + 20  # one count per record source, whatever the rows (+ shell and to-do)


def test_r22_bundle_page_is_for_the_township_officer_only(world, client_for):
    """Issue 11 item 8: the bundle holds people's records: the station's township officer makes it; its workers,
    the district and the city get 404 (as if it did not exist), and so does a year outside 2000..this year."""
    own = world.station("own").pk
    url = reverse("archives:bundle", args=[own, YEAR])
    for persona in ("worker", "district", "city", "auditor", "supervisor", "liaison", "nobody"):
        client = client_for(world.users[persona])
        assert client.get(url).status_code == 404, persona
        assert client.post(url).status_code == 404, persona
    township = client_for(world.users["township"])
    assert township.get(reverse("archives:bundle", args=[world.station("sibling").pk, YEAR])).status_code == 404
    assert township.get(reverse("archives:bundle", args=[own, 1999])).status_code == 404
    assert township.get(reverse("archives:bundle", args=[own, datetime.date.today().year + 2])).status_code == 404
    assert not Job.objects.exists()
