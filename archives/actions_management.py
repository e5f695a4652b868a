"""Every write of the management part (R19–R24): keyword-only, one transaction, permission checked, history
reason set, status moved through the workflow table of `RuleVersion`."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.reasons import check_reason
from ningbo_sws.lib.tracking import tracked_save
from ningbo_sws.lib.uploads import SCAN_TYPES, check_upload
from ningbo_sws.lib.workflow import advance
from stations.access import Principal
from stations.models import Station

from .access_management import can
from .models_management import REQUIRED_KINDS, ManagementSystem, RuleVersion, SystemKind

TEXT_MAX_LENGTH = RuleVersion._meta.get_field("text").max_length
ACCEPTED = SCAN_TYPES  # PDF, JPEG, PNG: a scanned or printed system, judged from its bytes


def _require(actor, action: str, station: Station) -> None:
    if not can(Principal(actor), action, station):
        raise PermissionDenied


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise ActionError(_("Keep the text to %(limit)s characters (it has %(length)s).") % {
            "limit": TEXT_MAX_LENGTH, "length": len(text)}, field="text")
    return text


def _checked_file(upload):
    """The upload checked by the pipeline (type from the bytes, size, active PDFs) before anything is saved."""
    return None if upload is None else check_upload(upload, allowed=ACCEPTED, field="file")


def _fill(version: RuleVersion, *, text: str, upload, checked, change_note: str) -> None:
    version.text = text
    version.change_note = (change_note or "").strip()
    if upload is not None:
        version.store(upload, checked)


@transaction.atomic
def create_system(*, actor, station: Station, kind: str, reason: str, title: str = "", text: str = "",
                  file=None, change_note: str = "") -> RuleVersion:
    """A new system of the station with its first version, a draft. The five required kinds (R19–R23) exist at
    most once per station; a station's own systems (R24) are named by their title."""
    _require(actor, "draft", station)
    reason = check_reason(reason)
    if kind not in SystemKind.values:
        raise ActionError(_("Choose the kind of system."), field="kind")
    title = (title or "").strip()
    if kind == SystemKind.OWN and not title:
        raise ActionError(_("Name the station's own system (R24)."), field="title")
    title = title or str(SystemKind(kind).label)
    text, checked = _check_text(text), _checked_file(file)
    Station.objects.select_for_update().filter(pk=station.pk).first()  # one new system of a station at a time
    if kind in REQUIRED_KINDS and station.management_systems.filter(kind=kind).exists():
        raise ActionError(_("The station has this system already: write a new version of it instead."),
                          field="kind")
    if station.management_systems.filter(title=title).exists():
        raise ActionError(_("The station has a system with this title already."), field="title")
    system = ManagementSystem(station=station, kind=kind, title=title, created_by=actor)
    tracked_save(system, actor=actor, reason=reason)
    version = RuleVersion(system=system, number=1, written_by=actor)
    _fill(version, text=text, upload=file, checked=checked, change_note=change_note)
    tracked_save(version, actor=actor, reason=reason)
    return version


@transaction.atomic
def draft_version(*, actor, system: ManagementSystem, reason: str, text: str = "", file=None,
                  change_note: str = "") -> RuleVersion:
    """A new version of a system, a draft; the approved one stays in force until this one is approved. One
    version is in progress at a time."""
    system = ManagementSystem.objects.select_for_update().select_related("station").get(pk=system.pk)
    _require(actor, "draft", system.station)
    reason = check_reason(reason)
    text, checked = _check_text(text), _checked_file(file)
    if system.versions.filter(status__in=RuleVersion.IN_PROGRESS).exists():
        raise ActionError(_("A version of this system is already in progress: finish it first."))
    number = (system.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = RuleVersion(system=system, number=number, written_by=actor)
    _fill(version, text=text, upload=file, checked=checked, change_note=change_note)
    tracked_save(version, actor=actor, reason=reason)
    return version


def _locked(version: RuleVersion) -> RuleVersion:
    return RuleVersion.objects.select_for_update().select_related("system__station").get(pk=version.pk)


@transaction.atomic
def edit_version(*, actor, version: RuleVersion, reason: str, text: str = "", file=None,
                 change_note: str = "") -> RuleVersion:
    """Change a draft or a version sent back: its text, its note, its file (a new upload replaces the old one;
    the history keeps what it was). A submitted, approved or superseded version is never changed."""
    version = _locked(version)
    _require(actor, "draft", version.system.station)
    reason = check_reason(reason)
    if not version.editable:
        raise ActionError(_("Only a draft or a version sent back is changed; this version is “%(status)s”.") % {
            "status": version.get_status_display()})
    text, checked = _check_text(text), _checked_file(file)
    _fill(version, text=text, upload=file, checked=checked, change_note=change_note)
    tracked_save(version, actor=actor, reason=reason)
    return version


@transaction.atomic
def submit_version(*, actor, version: RuleVersion, reason: str) -> RuleVersion:
    """Submit a draft (or a version sent back and changed) for the township officer's approval; an empty one,
    with neither text nor file, is refused."""
    version = _locked(version)
    _require(actor, "draft", version.system.station)

    def not_empty(step):
        if version.is_empty:
            raise ActionError(_("Write the text of the system or attach its file before submitting it."),
                              field="text")
        version.submitted_at = timezone.now()

    advance(version, move="submit", actor=actor, reason=reason, effects=not_empty)
    return version


@transaction.atomic
def approve_version(*, actor, version: RuleVersion, reason: str) -> RuleVersion:
    """The township officer approves a submitted version, which supersedes the one in force. The author of a
    version never approves it (four eyes)."""
    version = _locked(version)
    _require(actor, "approve", version.system.station)
    reason = check_reason(reason)
    RuleVersion.workflow.step(version, move="approve")  # refused before the version in force is touched
    if version.written_by_id == actor.pk:
        raise ActionError(_("The author of a version cannot approve it: another township officer approves it."))
    in_force = version.system.versions.select_for_update().filter(status=RuleVersion.Status.APPROVED).first()
    if in_force is not None:
        advance(in_force, move="supersede", actor=actor, reason=reason)

    def stamp(step):
        version.decided_by, version.approved_at, version.returned_reason = actor, timezone.now(), ""

    advance(version, move="approve", actor=actor, reason=reason, effects=stamp)
    return version


@transaction.atomic
def return_version(*, actor, version: RuleVersion, reason: str) -> RuleVersion:
    """The township officer sends a submitted version back to be changed, saying why (the author sees it on
    their to-do list)."""
    version = _locked(version)
    _require(actor, "approve", version.system.station)
    reason = check_reason(reason)

    def stamp(step):
        version.decided_by, version.returned_reason = actor, reason

    advance(version, move="return", actor=actor, reason=reason, effects=stamp)
    return version
