"""archives: every write of the disclosure part (R23). Keyword-only, `actor` first, one transaction each, the
permission checked again (a script cannot go around the views), history reason set, moves through the workflow."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ningbo_sws.lib.exceptions import ActionError, IllegalTransition
from ningbo_sws.lib.tracking import tracked_save
from ningbo_sws.lib.workflow import advance
from stations.access import Principal
from stations.models import Station

from .disclosure import DISCLOSURE_POLICY, check_results, freeze, reveals_a_person
from .models_disclosure import Disclosure

MOVE_RIGHT = {"submit": "change", "send_back": "approve", "approve": "approve", "publish": "approve"}


def _require(actor, action: str, station: Station) -> Principal:
    p = Principal(actor)
    if not p.can_station(action, station, policy=DISCLOSURE_POLICY):
        raise PermissionDenied
    return p


def _check_period(year: int, quarter: int) -> None:
    today = timezone.localdate()
    if quarter not in (0, 1, 2, 3, 4):
        raise ActionError(_("Choose the whole year or one of its four quarters."), field="quarter")
    if year < 2000 or year > today.year or (year == today.year and quarter and 3 * quarter - 2 > today.month):
        raise ActionError(_("A disclosure reports on a period that has begun."), field="year")


def _final(disclosure: Disclosure) -> None:
    if disclosure.status != Disclosure.Status.DRAFT:
        raise ActionError(_("Only a draft is edited; this report is “%(status)s”. A published report is final: "
                            "publish a correction instead (R23).") % {"status": disclosure.get_status_display()},
                          field="results")


@transaction.atomic
def create_disclosure(*, actor, station: Station, year: int, quarter: int, reason: str,
                      results: str = "") -> Disclosure:
    """The first version of a station's report for a year (quarter 0) or a quarter, as a draft."""
    _require(actor, "change", station)
    _check_period(year, quarter)
    Station.objects.select_for_update().filter(pk=station.pk).first()  # one report made at a time per station
    if Disclosure.objects.filter(station=station, year=year, quarter=quarter).exists():
        raise ActionError(_("This period already has a report: open it, or publish a correction of its published "
                            "version."), field="quarter")
    if results:
        check_results(results, station)
    disclosure = Disclosure(station=station, year=year, quarter=quarter, results=results, prepared_by=actor)
    tracked_save(disclosure, actor=actor, reason=reason)
    return disclosure


@transaction.atomic
def update_disclosure(*, actor, disclosure: Disclosure, results: str, reason: str,
                      changes: str | None = None) -> Disclosure:
    """A draft's written results (and, for a correction, what it changes); a submitted or published report is
    refused."""
    _require(actor, "change", disclosure.station)
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    _final(disclosure)
    disclosure.results = check_results(results, disclosure.station)
    if changes is not None and disclosure.corrects_id:
        disclosure.changes = changes
    tracked_save(disclosure, actor=actor, reason=reason)
    return disclosure


@transaction.atomic
def correct_disclosure(*, actor, disclosure: Disclosure, changes: str, reason: str) -> Disclosure:
    """A new version of a published report, stating what it changes; it starts as a draft with the results of
    the version it corrects, and supersedes it when it is published (both stay readable)."""
    _require(actor, "change", disclosure.station)
    Station.objects.select_for_update().filter(pk=disclosure.station_id).first()
    disclosure = Disclosure.objects.get(pk=disclosure.pk)
    if not disclosure.is_published:
        raise ActionError(_("Only a published report is corrected; a draft is edited."), field="changes")
    if Disclosure.objects.filter(corrects=disclosure).exists():
        raise ActionError(_("This version already has a correction."), field="changes")
    if Disclosure.objects.open().filter(station_id=disclosure.station_id, year=disclosure.year,
                                        quarter=disclosure.quarter).exists():
        raise ActionError(_("Another version of this report is still in the making."), field="changes")
    changes = (changes or "").strip()
    if not changes:
        raise ActionError(_("Say what the correction changes (R23)."), field="changes")
    check_results(changes, disclosure.station)
    latest = (Disclosure.objects.filter(station_id=disclosure.station_id, year=disclosure.year,
                                        quarter=disclosure.quarter).order_by("-version").first())
    correction = Disclosure(station=disclosure.station, year=disclosure.year, quarter=disclosure.quarter,
                            version=latest.version + 1, corrects=disclosure, changes=changes,
                            results=disclosure.results, prepared_by=actor)
    try:
        with transaction.atomic():
            tracked_save(correction, actor=actor, reason=reason)
    except IntegrityError:
        raise ActionError(_("Another version of this report is still in the making."), field="changes") from None
    return correction


@transaction.atomic
def move_disclosure(*, actor, disclosure: Disclosure, move: str, reason: str) -> Disclosure:
    """One step of the report's workflow (Disclosure.workflow): submit (freezes the figures), send back (thaws
    them), approve (never one's own submission), publish (only what is approved; final)."""
    right = MOVE_RIGHT.get(move)
    if right is None:
        raise IllegalTransition(_("Unknown move."), field="move")
    p = _require(actor, right, disclosure.station)
    disclosure = Disclosure.objects.select_for_update().select_related("station").get(pk=disclosure.pk)

    def permit(step):
        return bool(p.roles & step.roles)

    def effects(step):
        if step.name == "submit":
            check_results(disclosure.results, disclosure.station)
            if disclosure.corrects_id and not disclosure.changes.strip():
                raise ActionError(_("Say what the correction changes (R23)."), field="changes")
            disclosure.figures = freeze(disclosure.station, disclosure.year, disclosure.quarter)
            disclosure.frozen_at = timezone.now()
            disclosure.submitted_by = actor
            disclosure.approved_by = None
        elif step.name == "send_back":
            disclosure.figures, disclosure.frozen_at, disclosure.approved_by = {}, None, None
        elif step.name == "approve":
            if disclosure.submitted_by_id == actor.pk:
                raise ActionError(_("A report is approved by someone other than the person who submitted it."),
                                  field="move")
            _check_publishable(disclosure)
            disclosure.approved_by = actor
        elif step.name == "publish":
            _check_publishable(disclosure)
            disclosure.published_at = timezone.now()

    advance(disclosure, actor=actor, reason=reason, move=move, permit=permit, effects=effects)
    return disclosure


def _check_publishable(disclosure: Disclosure) -> None:
    if not disclosure.frozen_at or reveals_a_person(disclosure.figures):
        raise ActionError(_("A figure of this report would reveal a person (a count of 1 or 2 in a village or a "
                            "group): send it back and submit it again."), field="move")
    check_results(disclosure.results, disclosure.station)
