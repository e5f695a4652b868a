"""archives: the yearly archive bundle (issue 11 item 8, R22) — a zip of a station-year's archive, built as a
background job.

What the zip holds (`build_bundle`), every record read through `archives.catalogue.sources_for` and its source's
`describe` (the records seam), nothing entered twice:
- `catalogue.pdf`: the printed catalogue's index — the station, the year, every R22 category with its sources,
  their records and files, and the volumes that list them;
- `catalogue/<nn>-<source>-<vvv>.pdf`: the volumes of the catalogue, at most `VOLUME` records each (so that
  rendering a page never needs more memory, however many records a source has);
- `records/<nn>-<source>.xlsx`: each source's records as a sheet (columns from `describe`: number, title, date,
  village, words, link, files), written to disk row by row through the one exporter;
- `files/<nn>-<source>/<record id>-<name>`: every file of every record (`Entry.files`), copied in chunks;
- `manifest.json` and `manifest.csv`: the size, SHA-256 and SM3 of every file above (`ningbo_sws.lib.manifest`),
  checked by `manage.py verify_bundle <zip>`.

The zip is written to a temporary file on disk and handed to the job runner, which stores it through the storage
API in chunks: memory stays flat however large the bundle grows (the test measures the peak).

Who: the station's township officer only (the responsible entity, R6). The bundle holds people's records (names,
visits, cases), so it is like the register export: the district sees figures, not files; starting a bundle is
written to the access log.
"""

import tempfile
from dataclasses import dataclass, field

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib import export, pdf
from ningbo_sws.lib.jobs import ZIP, JobFailed, Output, report_progress
from ningbo_sws.lib.manifest import BundleWriter, safe_segment
from ningbo_sws.lib.records import Category
from ningbo_sws.lib.words import user_name
from stations.access import STATION_POLICY, Principal
from stations.actions import log_access
from stations.jobs import job_task
from stations.models import AccessLog, Role

from .catalogue import sources_for

KIND = "archives.bundle"
VOLUME = 500  # records per printed catalogue volume
PROGRESS_EVERY = 50  # records between two progress reports
FIRST_YEAR = 2000

# The bundle page and the job: the township officer of the station (the responsible entity, R6).
BUNDLE_POLICY = {"view": STATION_POLICY["view"], "bundle": frozenset({Role.TOWNSHIP})}


def may_bundle(principal, *, station, division=None) -> bool:
    """Who may build (and so see the page of, and retry) a station's bundle: its township officer."""
    return station is not None and principal.can_station("bundle", station, policy=BUNDLE_POLICY)


def bundle_years() -> range:
    """The years a bundle can be made of: from 2000 to this year."""
    return range(FIRST_YEAR, timezone.localdate().year + 1)


# --- what goes in -----------------------------------------------------------------------------------------------
@dataclass
class SourcePart:
    """One record source in the bundle: its folder, and what was put in for it."""

    source: object
    folder: str
    records: int = 0
    files: int = 0
    volumes: list[str] = field(default_factory=list)
    sheet: str = ""


@dataclass
class Built:
    """What `build_bundle` wrote (for the job's words and the tests)."""

    parts: list[SourcePart]
    members: int
    missing: list[str]  # files a record names that the storage no longer has

    @property
    def records(self) -> int:
        return sum(part.records for part in self.parts)

    @property
    def files(self) -> int:
        return sum(part.files for part in self.parts)


def headers() -> list[str]:
    return [_("No."), _("Title"), _("Date"), _("Village or community"), _("Content"), _("Link"), _("Files")]


def plan(principal, station, year: int) -> list[tuple[object, int]]:
    """[(source, number of records)] of the station-year for the principal: one count query per source."""
    return [(source, queryset.count()) for source, queryset in sources_for(principal, station, year)]


def _folder(index: int, source) -> str:
    return f"{index:02d}-{safe_segment(source.code)}"


def _render_volume(writer, station, year, part, rows, number) -> None:
    name = f"catalogue/{part.folder}-{number:03d}.pdf"
    html = render_to_string("archives/bundle/catalogue_volume.html", {
        "station": station, "year": year, "source": part.source, "category": Category(part.source.category).label,
        "rows": rows, "number": number, "headers": headers()})
    part.volumes.append(writer.add_bytes(name, pdf.render(html)).name)


def _records_of(writer, station, year, part, queryset, missing, counter):
    """The rows of a source's sheet, one per record (a generator the exporter writes as it goes): on the way each
    record's files go into the zip and its line into the catalogue, printed a volume at a time."""
    volume: list[list] = []
    for record in queryset.iterator(chunk_size=200):
        entry = part.source.describe(record)
        names = []
        for kept in entry.files:
            target = f"files/{part.folder}/{record.pk}-{kept.name}"
            try:
                handle = kept.file.open("rb")
            except (FileNotFoundError, ValueError):  # named by the record, gone from storage: listed, not hidden
                missing.append(target)
                continue
            try:
                names.append(writer.add_file(target, handle).name)
            finally:
                kept.file.close()
            part.files += 1
        part.records += 1
        line = [record.pk, entry.title, entry.date, entry.village, entry.text, entry.url, "\n".join(names)]
        volume.append([*line, len(names)])
        if len(volume) == VOLUME:
            _render_volume(writer, station, year, part, volume, len(part.volumes) + 1)
            volume = []
        counter["done"] += 1
        if counter["done"] % PROGRESS_EVERY == 0:
            report_progress(counter["done"], counter["total"])
        yield line
    if volume:  # a source without records of the year has no volume: the index says 0
        _render_volume(writer, station, year, part, volume, len(part.volumes) + 1)


def build_bundle(handle, *, principal, station, year: int, built_by: str = "", job_id: int | None = None) -> Built:
    """Write the bundle of the station-year, as the principal may see it, to the binary file `handle`."""
    counted = plan(principal, station, year)
    counter = {"done": 0, "total": sum(n for _, n in counted)}
    report_progress(0, counter["total"])
    writer = BundleWriter(handle)
    parts, missing = [], []
    for index, (source, queryset) in enumerate(sources_for(principal, station, year), start=1):
        part = SourcePart(source, _folder(index, source))
        rows = _records_of(writer, station, year, part, queryset, missing, counter)
        with tempfile.TemporaryFile() as sheet:
            export.xlsx_write(sheet, [export.Sheet(str(source.label), headers(), rows)])
            sheet.seek(0)
            part.sheet = writer.add_file(f"records/{part.folder}.xlsx", sheet).name
        parts.append(part)
    built_at = timezone.localtime()
    categories = [(label, [p for p in parts if p.source.category == value]) for value, label in Category.choices]
    index_html = render_to_string("archives/bundle/catalogue_index.html", {
        "station": station, "year": year, "categories": categories, "built_at": built_at, "missing": missing,
        "records": sum(p.records for p in parts), "files": sum(p.files for p in parts)})
    writer.add_bytes("catalogue.pdf", pdf.render(index_html))
    about = {
        "station": station.name, "township_code": station.township.code, "year": year,
        "built_at": built_at.isoformat(timespec="seconds"), "built_by": built_by, "job": job_id,
        "sources": [{"code": p.source.code, "category": p.source.category, "records": p.records, "files": p.files}
                    for p in parts],
        "missing_files": missing,
    }
    members = len(writer.members)
    writer.close(about=about)
    report_progress(counter["total"], counter["total"])
    return Built(parts, members, missing)


# --- the job ------------------------------------------------------------------------------------------------------
def bundle_name(station, year: int) -> str:
    return f"archive-{station.township.code}-{year}.zip"


@job_task(kind=KIND, label=gettext_lazy("Yearly archive bundle (zip)"), may_start=may_bundle,
          # the zip holds people's records: besides its starter only the station's township officer sees it
          viewers={Role.TOWNSHIP})
def build_yearly_bundle(*, job, year: int):
    """The bundle of `job.station` for `year`, as its starter may see it; the export is in the access log."""
    station = job.station
    principal = Principal(job.started_by)
    if not may_bundle(principal, station=station):
        raise JobFailed(_("You may no longer make the archive bundle of %(station)s.") % {"station": station.name})
    if year not in bundle_years():
        raise JobFailed(_("There is no archive bundle of the year %(year)s.") % {"year": year})
    with transaction.atomic():
        log_access(actor=job.started_by, action=AccessLog.Action.EXPORT, target=station, station=station,
                   detail=f"archive bundle {year} (job {job.pk})", ip_address=job.ip_address)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the runner, which stores and closes it
    try:
        build_bundle(handle, principal=principal, station=station, year=year,
                     built_by=user_name(job.started_by), job_id=job.pk)
    except BaseException:
        handle.close()
        raise
    return Output(handle, bundle_name(station, year), ZIP)


def last_bundles(station, year: int, *, limit: int = 10):
    """The latest bundle jobs of the station-year (one query)."""
    from stations.models import Job

    return list(Job.objects.filter(kind=KIND, station=station, arguments__year=year)
                .select_related("started_by").order_by("-created_at", "-id")[:limit])


def register():
    """Register this part's seams (called from ArchivesConfig.ready). The job kind is declared above, when this
    module is imported (ready() imports it)."""

