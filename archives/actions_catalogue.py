"""Every write of the archive catalogue (R22): uploading a document; drafting, moving and carrying out a disposal
list. Keyword-only, `actor` first, one transaction each, the permission checked again (a script cannot go around
a view), history reason set; status moves through `ningbo_sws.lib.workflow.advance`."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ningbo_sws.lib import workflow
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.normalize import normalize_text
from ningbo_sws.lib.reasons import check_reason
from ningbo_sws.lib.records import Entry, RecordSource
from ningbo_sws.lib.tracking import tracked_save
from ningbo_sws.lib.uploads import MEDIA_TYPES, SCAN_TYPES, check_upload
from ningbo_sws.lib.workflow import advance
from stations.access import Principal
from stations.models import Division, Role, Station

from . import catalogue
from .access_catalogue import ARCHIVE_POLICY
from .models_catalogue import DOCUMENT_CATEGORIES, Disposal, DisposalItem, DisposalList, Document

DOCUMENT_TYPES = SCAN_TYPES | MEDIA_TYPES  # PDF, JPEG, PNG; MP3, M4A, WAV, MP4
MAX_TAGS, MAX_TAG_LENGTH = 10, 20
_TAG_SPLIT = re.compile(r"[,，、;；\s]+")


def _require(actor, action: str, station: Station) -> Principal:
    p = Principal(actor)
    if not p.can_station(action, station, policy=ARCHIVE_POLICY):
        raise PermissionDenied
    return p


def parse_tags(value) -> list[str]:
    """Tags typed as one text (separated by commas, 、, semicolons or spaces) or given as a list: stripped, without
    repeats; more than 10, or one longer than 20 characters, refused."""
    parts = value if isinstance(value, list | tuple) else _TAG_SPLIT.split(normalize_text(value))
    tags = list(dict.fromkeys(t for t in (normalize_text(p) for p in parts) if t))
    if len(tags) > MAX_TAGS:
        raise ActionError(_("At most %(n)s tags.") % {"n": MAX_TAGS}, field="tags")
    long = [t for t in tags if len(t) > MAX_TAG_LENGTH]
    if long:
        raise ActionError(_("A tag has at most %(n)s characters: %(tag)s.") % {"n": MAX_TAG_LENGTH, "tag": long[0]},
                          field="tags")
    return tags


@transaction.atomic
def upload_document(*, actor, station: Station, category: str, title: str, date: datetime.date, file,
                    reason: str, village: Division | None = None, tags=(), description: str = "") -> Document:
    """R22: a record that exists only as a file, checked by the one upload pipeline before anything is saved."""
    _require(actor, "upload", station)
    reason = check_reason(reason)
    if category not in DOCUMENT_CATEGORIES:
        raise ActionError(_("Documents are not filed under this category: its records are kept where the work is "
                            "recorded (R22)."), field="category")
    title = normalize_text(title)
    if not title:
        raise ActionError(_("Give the document a title."), field="title")
    if date is None or date > timezone.localdate():
        raise ActionError(_("The document's date is in the future."), field="date")
    if village is not None and (village.level != Division.Level.VILLAGE or village.township_id != station.township_id):
        raise ActionError(_("The village is not in the station's township."), field="village")
    tags = parse_tags(tags)
    if file is None:
        raise ActionError(_("Choose the file."), field="file")
    checked = check_upload(file, allowed=DOCUMENT_TYPES, field="file")
    document = Document(station=station, category=category, title=title, date=date, village=village, tags=tags,
                        description=normalize_text(description), uploaded_by=actor)
    document.store(file, checked)
    tracked_save(document, actor=actor, reason=reason)
    return document


# --- retention and disposal -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """A record of a station-year that the user may put on a disposal list, or why not."""

    source: RecordSource
    record: object
    entry: Entry
    kept_until: datetime.date | None
    refusal: str = ""  # "" when it may be disposed of

    @property
    def key(self) -> str:
        return f"{self.source.code}:{self.record.pk}"


OPEN_STATUSES = (DisposalList.Status.DRAFT, DisposalList.Status.SUBMITTED, DisposalList.Status.APPROVED)


def _refusal(source: RecordSource, entry: Entry, until, listed: bool, today: datetime.date) -> str:
    if catalogue.is_accounting(source.code):
        return _("Accounting archives are kept permanently and are never disposed of (R21).")
    if until is None:
        if entry.date is None:
            return _("The record has no date, so its retention period cannot be counted (R22).")
        return _("This category is kept permanently (R22).")
    if until >= today:
        return _("Inside its retention period: kept until %(date)s (R22).") % {"date": until.isoformat()}
    if listed:
        return _("Already on another disposal list that is not carried out.")
    return ""


def _listed(station: Station, pairs, exclude_list=None) -> set[tuple[str, int]]:
    items = DisposalItem.objects.filter(disposal_list__station=station, disposal_list__status__in=OPEN_STATUSES)
    if exclude_list is not None:
        items = items.exclude(disposal_list=exclude_list)
    codes = {code for code, _pk in pairs}
    return set(items.filter(source__in=codes).values_list("source", "object_id"))


def candidates(principal, station: Station, year: int, *, limit: int = 500) -> list[Candidate]:
    """The station-year's records the user sees, each with its retention and whether it may be listed (one
    query per source and one for the open lists; at most `limit` records per source)."""
    today = timezone.localdate()
    found = []
    for source, queryset in catalogue.sources_for(principal, station, year):
        for record in queryset[:limit]:
            entry = source.describe(record)
            found.append((source, record, entry, catalogue.kept_until(source, entry.date)))
    listed = _listed(station, {(s.code, r.pk) for s, r, _e, _u in found})
    return [Candidate(s, r, e, u, _refusal(s, e, u, (s.code, r.pk) in listed, today)) for s, r, e, u in found]


def _chosen(principal, station: Station, year: int, keys, *, field: str = "items",
            exclude_list: DisposalList | None = None) -> list[Candidate]:
    """The records named by `keys` ("<source code>:<id>"), each re-read through its source for the user (so
    only records they see, of this station and year, not disposed), refused when one may not be disposed of
    (inside its period, accounting, permanent, or on an open list other than `exclude_list`)."""
    wanted: dict[str, set[int]] = {}
    for key in keys:
        code, _sep, pk = str(key).rpartition(":")
        if not code or not pk.isdigit() or catalogue.source(code) is None:
            raise ActionError(_("Unknown record: %(key)s.") % {"key": key}, field=field)
        wanted.setdefault(code, set()).add(int(pk))
    if not wanted:
        raise ActionError(_("Choose the records to dispose of."), field=field)
    today = timezone.localdate()
    chosen = []
    for source, queryset in catalogue.sources_for(principal, station, year):
        ids = wanted.pop(source.code, None)
        if not ids:
            continue
        records = list(queryset.filter(pk__in=ids))
        if len(records) != len(ids):
            raise ActionError(_("A chosen record is not in this station's archive of %(year)s, or was disposed of "
                                "already.") % {"year": year}, field=field)
        for record in records:
            entry = source.describe(record)
            chosen.append(Candidate(source, record, entry, catalogue.kept_until(source, entry.date)))
    if wanted:
        raise ActionError(_("A chosen record is not in this station's archive of %(year)s, or was disposed of "
                            "already.") % {"year": year}, field=field)
    listed = _listed(station, {(c.source.code, c.record.pk) for c in chosen}, exclude_list=exclude_list)
    for c in chosen:
        refusal = _refusal(c.source, c.entry, c.kept_until, (c.source.code, c.record.pk) in listed, today)
        if refusal:
            raise ActionError(_("“%(title)s”: %(why)s") % {"title": c.entry.title, "why": refusal}, field=field)
    return chosen


@transaction.atomic
def draft_disposal_list(*, actor, station: Station, year: int, basis: str, items, reason: str) -> DisposalList:
    """R22: a disposal list (销毁清册) of records past their retention period, drafted by a worker or the
    township officer. Refused: a record inside its period, an accounting record, one already on an open list."""
    p = _require(actor, "dispose", station)
    reason = check_reason(reason)
    basis = normalize_text(basis)
    if not basis:
        raise ActionError(_("Give the appraisal opinion: why these records are no longer kept (R22)."),
                          field="basis")
    Station.objects.select_for_update().filter(pk=station.pk).first()  # one list at a time per station
    chosen = _chosen(p, station, year, items)
    disposal_list = DisposalList(station=station, year=year, basis=basis, drafted_by=actor)
    tracked_save(disposal_list, actor=actor, reason=reason)
    for c in chosen:
        tracked_save(DisposalItem(disposal_list=disposal_list, source=c.source.code, object_id=c.record.pk,
                                  category=c.source.category, title=c.entry.title[:200], record_date=c.entry.date,
                                  kept_until=c.kept_until), actor=actor, reason=reason)
    workflow.record(disposal_list, source="", actor=actor, reason=reason)
    return disposal_list


# Who may make each move (besides seeing the list): the township officer approves, sends back and carries out.
MOVE_ROLES = {
    "submit": frozenset({Role.TOWNSHIP, Role.WORKER}),
    "return": frozenset({Role.TOWNSHIP}),
    "approve": frozenset({Role.TOWNSHIP}),
    "carry_out": frozenset({Role.TOWNSHIP}),
}


def may_move(p: Principal, disposal_list: DisposalList, move: str) -> bool:
    return any(p.covers_station(role, disposal_list.station) for role in p.roles & MOVE_ROLES.get(move, frozenset()))


@transaction.atomic
def move_disposal_list(*, actor, disposal_list: DisposalList, move: str, reason: str) -> DisposalList:
    """Submit, send back, approve (a township officer who did not draft it) or carry out a disposal list. Carrying
    it out re-checks every record (still past its period, not accounting, not disposed) and writes one `Disposal`
    row each; the records' own rows stay."""
    p = Principal(actor)
    disposal_list = DisposalList.objects.select_for_update().select_related("station").get(pk=disposal_list.pk)
    if not p.can_station("dispose", disposal_list.station, policy=ARCHIVE_POLICY):
        raise PermissionDenied
    if move == "approve" and disposal_list.drafted_by_id == actor.pk:
        raise ActionError(_("A disposal list is approved by a township officer other than the one who drafted it "
                            "(R22)."), field="move")
    now = timezone.now()

    def effects(step):
        if step.name == "approve":
            disposal_list.approved_by, disposal_list.approved_at = actor, now
        elif step.name == "return":
            disposal_list.approved_by = disposal_list.approved_at = None
        elif step.name == "carry_out":
            _carry_out(p, disposal_list, actor=actor, now=now)

    advance(disposal_list, actor=actor, reason=reason, move=move, effects=effects,
            permit=lambda step: may_move(p, disposal_list, step.name))
    return disposal_list


def _carry_out(p: Principal, disposal_list: DisposalList, *, actor, now) -> None:
    items = list(disposal_list.items.all())
    # Re-read through the sources as the officer sees them: each still there, past its period, not accounting.
    _chosen(p, disposal_list.station, disposal_list.year, [f"{i.source}:{i.object_id}" for i in items],
            field="move", exclude_list=disposal_list)
    Disposal.objects.bulk_create([
        Disposal(station=disposal_list.station, disposal_list=disposal_list, source=i.source, object_id=i.object_id,
                 category=i.category, title=i.title, record_date=i.record_date, disposed_by=actor, disposed_at=now)
        for i in items])
    disposal_list.carried_out_by, disposal_list.carried_out_at = actor, now
