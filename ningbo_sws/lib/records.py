"""Records: what each app keeps under the R22 archive categories (issue 10, "Seams").

Archives lists a station's records of a year by category without importing the apps that hold them. Each app
registers its sources in `AppConfig.ready()`:

    records.register(RecordSource("services.cases", Category.CASEWORK, _("Cases"), cases))

where `cases(principal, station, year)` returns a queryset of the records the principal may see (built on the
app's `queries.visible_<kind>s(principal)`), evaluated by the caller in one query.

How one record reads in the archive (the catalogue, the search index, the yearly bundle) is the source's
`describe(record) -> Entry`: a title, a date, its village, words to find it by, where it opens and its files.
A source that needs related rows for that says so in its queryset (`select_related`/`prefetch_related`), so
that describing a page of records costs no query per record.

How many records a station has in a category is counted for the bureaus, who may not read them, through the
source's `all_records(station_ids, year)` (`archives.catalogue.counts`: one query for every source and station).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .masking import strip_personal_numbers
from .registry import CodeBook


class Category(models.TextChoices):
    """The archive categories of R22."""

    CASEWORK = "casework", _("casework")
    GROUP_WORK = "group_work", _("group work")
    COMMUNITY = "community", _("community services")
    VISITS = "visits", _("home and phone visits")
    RECIPIENT_FILES = "recipients", _("recipient files")
    VOLUNTEER_FILES = "volunteers", _("volunteer files")
    NEEDS_SURVEYS = "surveys", _("needs surveys")
    EVALUATION_REPORTS = "evaluations", _("evaluation reports")
    COMMUNITY_MAP = "map", _("community map")
    RESOURCE_LIST = "resources", _("community resource list")
    AWARDS = "awards", _("project awards and penalties")
    PUBLICITY = "publicity", _("publicity")
    MAJOR_EVENTS = "events", _("major events")
    MEETINGS = "meetings", _("meeting materials")
    SUMMARIES = "summaries", _("work summaries")
    OTHER = "other", _("other records")


class Records(Protocol):
    def __call__(self, principal, station, year: int) -> QuerySet: ...


@dataclass(frozen=True)
class RecordFile:
    """A file kept with a record: the name it is filed under in a bundle and the stored file (a FieldFile,
    opened with `.open("rb")`)."""

    name: str
    file: object


@dataclass(frozen=True)
class Entry:
    """One record as the archive shows it. `text` holds the words to find it by: never an ID number or a
    phone number (the search index keeps it)."""

    title: str
    date: datetime.date | None = None
    village: str = ""  # the village's name when the record belongs to one
    text: str = ""
    url: str = ""  # where the record opens ("" when it has no page of its own)
    files: tuple[RecordFile, ...] = ()


def words(*parts) -> str:
    """The words to find a record by (`Entry.text`): the non-empty parts, one per line, with every ID number and
    phone number taken out (`ningbo_sws.lib.masking.strip_personal_numbers`)."""
    return "\n".join(t for t in (strip_personal_numbers(str(p)) for p in parts if p) if t)


def stored_files(stored) -> tuple[RecordFile, ...]:
    """The files of a record from its `StoredFile` rows (e.g. a prefetched `record.attachments.all()`), each
    named `<id>-<download name>` so that two files of one record never share a name in a bundle."""
    return tuple(RecordFile(f"{s.pk}-{s.download_name()}", s.file) for s in stored)


def plain_entry(record) -> Entry:
    """The entry of a source that says nothing more: the record's own words."""
    return Entry(title=str(record))


class AllRecords(Protocol):
    def __call__(self, station_ids: list[int], year: int) -> QuerySet: ...


@dataclass(frozen=True)
class RecordSource:
    """`records(principal, station, year)`: what the principal may see, to show. `all_records(station_ids, year)`:
    every record of those stations in the year whoever asks, to count only (the completeness of R22 on the
    report card and for the bureaus), never shown; its station is `station_field` (a lookup path)."""

    code: str  # "services.cases"
    category: str  # a Category
    label: object  # lazy translated
    records: Records
    order: int = 100
    describe: Callable[[object], Entry] = plain_entry
    all_records: AllRecords | None = None
    station_field: str = "station"


class RecordShelf(CodeBook[RecordSource]):
    """The registered record sources by code, in order."""

    def check(self, source: RecordSource) -> None:
        if source.category not in Category.values:
            raise ValueError(f"record source {source.code}: unknown R22 category {source.category!r}")

    def in_category(self, category: str) -> list[RecordSource]:
        return [s for s in self if s.category == category]


records = RecordShelf()
