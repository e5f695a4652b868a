"""archives: the search part (issue 11 item 6): a station's archive searched by words, category, date and village.

The index (`models_search.IndexEntry`, one row per record) is written from `catalogue.sources_for` and each
source's `describe`, as the station's own township officer and workers see it (everything the station keeps).
The search then asks every source again, as the person searching, which of the rows they may see: one subquery
per source and year inside the one query of the page, so a page costs the same few queries however many rows
match, and the count and the pages are of visible records only.

Words are looked for as substrings of `body` (title, village and text; NFKC, lower case): on PostgreSQL by
`LIKE` on a pg_trgm GIN index; on SQLite by the FTS5 trigram table for words of three characters or more and
by `LIKE` on the index table for shorter ones (a trigram index cannot hold them).

Kept fresh: a save or delete of a model behind a registered source refreshes that record's row when the
transaction commits (the models are found from the sources themselves); `manage.py reindex_archive [--station
<id>] [--year <year>]` rebuilds (run it nightly, after bulk imports and after a source's `describe` changes:
words that come from related rows, such as a recipient's name on a case, change only then); `seed_demo` builds
the demo stations' index.
"""

import datetime
import logging
import re
from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join

from ningbo_sws.lib.masking import strip_personal_numbers
from ningbo_sws.lib.normalize import ascii_digits, normalize_text
from ningbo_sws.lib.records import records
from stations.access import Principal
from stations.models import Role, RoleAssignment, Station

from .catalogue import sources_for
from .models_search import IndexEntry

log = logging.getLogger(__name__)

# The first year an index rebuild asks the sources for: Zhejiang's township stations were set up from 2020.
FIRST_YEAR = 2020
FTS_TABLE = "archives_indexentry_fts"
TRIGRAM = 3  # the shortest word a trigram index can answer
MAX_WORDS = 8
MAX_WORD_LENGTH = 30
_FIELDS = ("station", "year", "category", "date", "village", "title", "text", "url", "body", "indexed_at")


def fold(value) -> str:
    """Text as the index compares it: NFKC, any script's digits as ASCII, lower case."""
    return ascii_digits(normalize_text(value)).lower()


def words_of(query: str) -> list[str]:
    """The words of a query, folded, each one once, in order."""
    seen = []
    for word in fold(query).split():
        if word not in seen:
            seen.append(word)
    return seen


# --- writing the index -----------------------------------------------------------------------------------------
class _Keeper(Principal):
    """The station as its township officer and workers see it: everything the station keeps. The index is built
    with it; who may see a row is decided again at every search."""

    def __init__(self, station: Station):
        self.user = AnonymousUser()
        self.assignments = [RoleAssignment(role=role, station=station) for role in (Role.TOWNSHIP, Role.WORKER)]
        self.granted = defaultdict(set)
        self.roles = frozenset(a.role for a in self.assignments)


def _row(station: Station, source, record, year: int) -> IndexEntry:
    entry = source.describe(record)
    title = normalize_text(entry.title)
    village = normalize_text(entry.village)
    text = normalize_text(entry.text)
    # Defence in depth: `Entry.text` never holds an ID number or a phone; if a describe slipped one in, the index
    # would make it findable, so such numbers are left out of the words searched.
    body = fold(strip_personal_numbers(" ".join(filter(None, (title, village, text)))))
    return IndexEntry(station=station, source=source.code, object_id=record.pk, year=year,
                      category=source.category, date=entry.date, village=village[:100], title=title[:300] or "—",
                      text=text, url=(entry.url or "")[:500], body=body)


def _write(rows: list[IndexEntry]) -> None:
    IndexEntry.objects.bulk_create(rows, batch_size=500, update_conflicts=True,
                                   unique_fields=["source", "object_id"], update_fields=list(_FIELDS))


def _years(years=None) -> list[int]:
    return sorted(set(years)) if years else list(range(FIRST_YEAR, timezone.localdate().year + 1))


def reindex(station: Station, *, years=None) -> int:
    """Rebuild the station's rows (of the given years, default every year since FIRST_YEAR): add and update what
    the sources list, drop what they no longer list. Returns the number of records indexed."""
    partial = bool(years)
    keeper = _Keeper(station)
    rows: dict[tuple[str, int], IndexEntry] = {}
    for year in _years(years):
        for source, queryset in sources_for(keeper, station, year):
            for record in queryset.iterator(chunk_size=500):
                rows[(source.code, record.pk)] = _row(station, source, record, year)  # the latest year wins
    with transaction.atomic():
        existing = IndexEntry.objects.filter(station=station)
        if partial:
            existing = existing.filter(year__in=_years(years))
        stale = [pk for pk, code, object_id in existing.values_list("pk", "source", "object_id")
                 if (code, object_id) not in rows]
        IndexEntry.objects.filter(pk__in=stale).delete()
        _write(list(rows.values()))
    return len(rows)


# --- keeping it fresh ------------------------------------------------------------------------------------------
_models_cache: dict = {"key": None, "models": {}}


def indexed_models() -> dict:
    """{model: [source code, ...]} of the registered sources, found by asking each for a queryset (no query)."""
    key = tuple(s.code for s in records)
    if _models_cache["key"] != key:
        found = defaultdict(list)
        probe = Station(pk=0)
        for source in records:
            try:
                model = source.records(_Keeper(probe), probe, FIRST_YEAR).model
            except Exception:  # a source that cannot answer without data is refreshed by reindex_archive only
                log.warning("archive search: no model found for record source %s", source.code)
                continue
            found[model].append(source.code)
        _models_cache.update(key=key, models=dict(found))
    return _models_cache["models"]


def refresh(model, pk: int) -> None:
    """Index one record again (or drop its row when no source lists it any more)."""
    codes = indexed_models().get(model, [])
    if not codes:
        return
    path = records.get(codes[0]).station_field  # how a record reaches its station (the records seam)
    station_id = model._default_manager.filter(pk=pk).values_list(path, flat=True).first()
    station = Station.objects.filter(pk=station_id).first() if station_id else None
    if station is None:
        IndexEntry.objects.filter(source__in=codes, object_id=pk).delete()
        return
    keeper = _Keeper(station)
    bare = model._default_manager.filter(pk=pk).first()
    known = dict(IndexEntry.objects.filter(source__in=codes, object_id=pk).values_list("source", "year"))
    today = timezone.localdate().year
    for code in codes:
        source = records.get(code)
        own_date = _own_date(source, bare)
        candidates = dict.fromkeys(y for y in (own_date and own_date.year, known.get(code), today) if y)
        for year in candidates:
            found = {s.code: qs for s, qs in sources_for(keeper, station, year)}[code].filter(pk=pk).first()
            if found is not None:
                _write([_row(station, source, found, year)])
                break
        else:
            IndexEntry.objects.filter(source=code, object_id=pk).delete()


def _own_date(source, record):
    """The record's own date as its source describes it, read off the saved row (None when it cannot say)."""
    if record is None:
        return None
    try:
        return source.describe(record).date
    except Exception:  # a describe that needs its queryset's related rows: the other candidate years remain
        return None


def _refresh_later(model, pk) -> None:
    transaction.on_commit(lambda: refresh(model, pk), robust=True)


def _saved(sender, instance, raw=False, **kwargs):
    if not raw and sender in indexed_models():
        _refresh_later(sender, instance.pk)


def _deleted(sender, instance, **kwargs):
    codes = indexed_models().get(sender)
    if codes:
        pk = instance.pk
        transaction.on_commit(lambda: IndexEntry.objects.filter(source__in=codes, object_id=pk).delete(),
                              robust=True)


# --- searching -------------------------------------------------------------------------------------------------
def _word_filter(word: str) -> Q:
    if connection.vendor == "sqlite" and len(word) >= TRIGRAM:
        phrase = '"' + word.replace('"', '""') + '"'
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [phrase]))  # noqa: S608, S611 - a constant table name
    return Q(body__contains=word)


def search(p: Principal, station: Station, *, words=(), category: str = "", date_from: datetime.date | None = None,
           date_to: datetime.date | None = None, village: str = ""):
    """The station's index rows that match and that `p` may see, newest first (a queryset: the page's query)."""
    rows = IndexEntry.objects.filter(station=station)
    if category:
        rows = rows.filter(category=category)
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    if village:
        rows = rows.filter(village=village)
    for word in words:
        rows = rows.filter(_word_filter(word))
    visible = Q(pk__in=[])
    for year in _indexed_years(station):
        for source, queryset in sources_for(p, station, year):
            if category and source.category != category:
                continue
            visible |= Q(year=year, source=source.code,
                         object_id__in=queryset.prefetch_related(None).order_by().values("pk"))
    return rows.filter(visible).order_by(F("date").desc(nulls_last=True), "-id")


def _indexed_years(station: Station) -> list[int]:
    return list(IndexEntry.objects.filter(station=station).order_by("year").values_list("year", flat=True)
                .distinct())


def highlight(text: str, words) -> str:
    """`text` escaped, each word marked (<mark>), whatever its case."""
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    pairs, pos = [], 0
    for match in pattern.finditer(text):
        pairs.append((text[pos:match.start()], match.group()))
        pos = match.end()
    return format_html_join("", "{}<mark>{}</mark>", pairs) + format_html("{}", text[pos:])


def snippet(text: str, words, width: int = 60) -> str:
    """A piece of `text` around the first word found in it (its start when none), highlighted."""
    lowered = text.lower()
    starts = [i for i in (lowered.find(w) for w in words) if i >= 0]
    start = max(0, min(starts) - width // 3) if starts else 0
    piece = text[start:start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return format_html("{}", prefix) + highlight(piece, words) + format_html("{}", suffix)


def register():
    """Register this part's seams (called from ArchivesConfig.ready): the signals that keep the index fresh."""
    post_save.connect(_saved, dispatch_uid="archives.search.saved")
    post_delete.connect(_deleted, dispatch_uid="archives.search.deleted")
