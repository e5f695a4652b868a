"""Every write of volunteer files and hours (R22, R17.3): keyword-only, one transaction, permission checked, history
reason set."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.tracking import tracked_save
from stations.access import Principal
from stations.actions import log_access
from stations.models import AccessLog, Station

from .access import STATION_SERVICES_POLICY, can_volunteer
from .actions import clean_id_number
from .models import CommunityActivity, GroupSession, Volunteer, VolunteerService, today
from .models_volunteers import MAX_HOURS_A_DAY

FILE_FIELDS = ("name", "village", "gender", "birth_date", "phone", "address", "number", "team", "skills",
               "skills_other", "joined_on", "notes")


def _check_once(*, station: Station, id_hash: str, exclude_pk=None) -> None:
    """One file per person at a station (a person may volunteer at several stations)."""
    if id_hash and Volunteer.objects.filter(station=station, id_hash=id_hash).exclude(pk=exclude_pk).exists():
        raise ActionError(_("This ID number is already on this station's register of volunteers."),
                          field="id_number", code="duplicate_here")


def _save_file(volunteer: Volunteer, *, actor, reason: str) -> None:
    """Save a file; a registration of the same person at the same moment gets the duplicate message."""
    try:
        with transaction.atomic():
            tracked_save(volunteer, actor=actor, reason=reason)
    except (IntegrityError, ValidationError):
        _check_once(station=volunteer.station, id_hash=volunteer.id_hash, exclude_pk=volunteer.pk)
        raise


def _apply(volunteer: Volunteer, *, name: str, village, gender: str = "", birth_date=None, phone: str = "",
           address: str = "", number: str = "", team: str = "", skills=(), skills_other: str = "",
           joined_on=None, notes: str = "") -> None:
    if village is not None and village.township_id != volunteer.station.township_id:
        raise ActionError(_("The village is not in the station's township."), field="village")
    if not (name or "").strip():
        raise ActionError(_("Give the volunteer's name."), field="name")
    volunteer.name, volunteer.village, volunteer.phone, volunteer.address = name.strip(), village, phone, address
    volunteer.gender = gender or volunteer.gender
    volunteer.birth_date = birth_date or volunteer.birth_date
    volunteer.number, volunteer.team = number.strip(), team.strip()
    volunteer.skills, volunteer.skills_other = list(dict.fromkeys(skills)), skills_other.strip()
    volunteer.joined_on, volunteer.notes = joined_on or volunteer.joined_on or today(), notes


def build_volunteer(*, station: Station, id_number: str = "", **fields) -> Volunteer:
    """A checked, unsaved volunteer file: the ID number checked (GB 11643), encrypted, hashed and masked."""
    number = clean_id_number(id_number)
    volunteer = Volunteer(station=station)
    _apply(volunteer, **fields)
    volunteer.set_id_number(number)  # birth date and gender follow from the number when there is one
    return volunteer


@transaction.atomic
def create_volunteer(*, actor, station: Station, reason: str, **fields) -> Volunteer:
    """R22: a volunteer's file at the station."""
    if not Principal(actor).can_station("add_volunteer", station, policy=STATION_SERVICES_POLICY):
        raise PermissionDenied
    volunteer = build_volunteer(station=station, **fields)
    _check_once(station=station, id_hash=volunteer.id_hash)
    _save_file(volunteer, actor=actor, reason=reason)
    return volunteer


@transaction.atomic
def update_volunteer(*, actor, volunteer: Volunteer, reason: str, id_number: str = "",
                     status: str = Volunteer.Status.ACTIVE, left_on=None, **fields) -> Volunteer:
    """Change a file; an empty ID number keeps the one on file. Leaving needs its date; coming back clears it."""
    if not can_volunteer(Principal(actor), "change", volunteer):
        raise PermissionDenied
    volunteer = Volunteer.objects.select_for_update().select_related("station").get(pk=volunteer.pk)
    number = clean_id_number(id_number)
    _apply(volunteer, **fields)
    if number:
        volunteer.set_id_number(number)
        _check_once(station=volunteer.station, id_hash=volunteer.id_hash, exclude_pk=volunteer.pk)
    volunteer.status = status
    volunteer.left_on = left_on if status == Volunteer.Status.LEFT else None
    if status == Volunteer.Status.LEFT and not left_on:
        raise ActionError(_("Give the date the volunteer left."), field="left_on")
    if volunteer.left_on:
        last = (VolunteerService.objects.filter(volunteer=volunteer, served_on__gt=volunteer.left_on)
                .order_by("-served_on").values_list("served_on", flat=True).first())
        if last is not None:
            raise ActionError(_("The volunteer has hours on record on %(day)s, after that leaving date.")
                              % {"day": last.isoformat()}, field="left_on")
    first = (VolunteerService.objects.filter(volunteer=volunteer, served_on__lt=volunteer.joined_on)
             .order_by("served_on").values_list("served_on", flat=True).first())
    if first is not None:
        raise ActionError(_("The volunteer has hours on record on %(day)s, before that joining date.")
                          % {"day": first.isoformat()}, field="joined_on")
    _save_file(volunteer, actor=actor, reason=reason)
    return volunteer


@transaction.atomic
def reveal_volunteer_id_number(*, actor, volunteer: Volunteer, ip_address: str | None = None) -> str:
    """A deliberate reveal of the full ID number, logged with who and when in the same transaction."""
    if not can_volunteer(Principal(actor), "reveal", volunteer):
        raise PermissionDenied
    if not volunteer.id_cipher:
        raise ActionError(_("No ID number is on file for this person."))
    log_access(actor=actor, action=AccessLog.Action.REVEAL_ID, target=volunteer, station=volunteer.station,
               ip_address=ip_address)
    return volunteer.id_number()


def _hours(value) -> Decimal:
    """Hours as given: more than 0, at most 24, in tenths of an hour."""
    try:
        hours = Decimal(str(value))
    except ArithmeticError:
        raise ActionError(_("Give the hours as a number, e.g. 2 or 1.5."), field="hours") from None
    if not hours.is_finite() or hours <= 0:
        raise ActionError(_("The hours must be more than 0."), field="hours")
    if hours > MAX_HOURS_A_DAY:
        raise ActionError(_("A day has at most 24 hours."), field="hours")
    if hours != hours.quantize(Decimal("0.1")):
        raise ActionError(_("Give the hours to a tenth of an hour at most, e.g. 1.5."), field="hours")
    return hours


@transaction.atomic
def record_service(*, actor, volunteer: Volunteer, hours, served_on: datetime.date | None = None,
                   activity: CommunityActivity | None = None, session: GroupSession | None = None,
                   other: str = "", content: str = "") -> VolunteerService:
    """Hours a volunteer served (志愿服务记录): at one of the station's community activities or group sessions (on
    its date), or another service named in words. More than 0 and at most 24 hours in a day, all records of that
    day together; not before joining, not after leaving, not in the future."""
    if not can_volunteer(Principal(actor), "change", volunteer):
        raise PermissionDenied
    volunteer = Volunteer.objects.select_for_update().select_related("station").get(pk=volunteer.pk)
    other = (other or "").strip()
    if sum(bool(x) for x in (activity, session, other)) != 1:
        raise ActionError(_("Name what the volunteer served: one community activity, one group session, or "
                            "another service in words."), field="activity")
    hours = _hours(hours)
    station = volunteer.station
    held_on = None
    if activity is not None:
        if activity.station_id != station.pk:
            raise ActionError(_("The activity belongs to another station."), field="activity")
        held_on = activity.held_on
    if session is not None:
        if session.group.station_id != station.pk:
            raise ActionError(_("The group session belongs to another station."), field="session")
        held_on = session.held_on
    if held_on is not None:
        if served_on and served_on != held_on:
            raise ActionError(_("The activity or session was held on %(day)s; the hours are recorded on that day.")
                              % {"day": held_on.isoformat()}, field="served_on")
        served_on = held_on
    if served_on is None:
        raise ActionError(_("Give the date of the service."), field="served_on")
    if served_on > today():
        raise ActionError(_("The service date is in the future."), field="served_on")
    if served_on < volunteer.joined_on:
        raise ActionError(_("The volunteer joined on %(day)s, after that date.")
                          % {"day": volunteer.joined_on.isoformat()}, field="served_on")
    if volunteer.left_on and served_on > volunteer.left_on:
        raise ActionError(_("The volunteer left on %(day)s, before that date.")
                          % {"day": volunteer.left_on.isoformat()}, field="served_on")
    # The day's records together: the volunteer's row is locked above, so two records at once add up right.
    that_day = (VolunteerService.objects.filter(volunteer=volunteer, served_on=served_on)
                .aggregate(n=Sum("hours"))["n"] or 0)
    already = Decimal(str(that_day)).quantize(Decimal("0.1"))  # SQLite sums decimals as floats
    if already + hours > MAX_HOURS_A_DAY:
        raise ActionError(_("%(volunteer)s already has %(hours)s hours on %(day)s; a day has at most 24 hours.")
                          % {"volunteer": volunteer.name, "hours": already, "day": served_on.isoformat()},
                          field="hours")
    service = VolunteerService(volunteer=volunteer, station=station, served_on=served_on, hours=hours,
                               activity=activity, session=session, other=other, content=content.strip(),
                               recorded_by=actor)
    tracked_save(service, actor=actor, reason=_("Volunteer service recorded"))
    return service
