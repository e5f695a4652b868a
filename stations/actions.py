"""Every write of the stations app: keyword-only, one transaction, permission checked, history reason set."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ningbo_sws.lib.exceptions import ActionError

from .access import Principal
from .models import (
    ROLE_SCOPE_LEVEL,
    STATION_GRANTS,
    AccessLog,
    Division,
    Role,
    RoleAssignment,
    Station,
    StationUserObjectPermission,
    standard_station_name,
)

User = get_user_model()


def _tracked_save(obj, *, actor, reason: str) -> None:
    """Validate and save a history-tracked object, recording who did it and why."""
    if not (reason or "").strip():
        raise ActionError(_("Give a reason for the change."), field="reason")
    obj.full_clean()
    obj._history_user = actor
    obj._change_reason = reason.strip()
    obj.save()


# --- stations ---------------------------------------------------------------------------------------------------
@transaction.atomic
def create_station(*, actor, township: Division, reason: str, address: str = "", phone: str = "",
                   opened_on=None) -> Station:
    """R3: one station per township, named by R10's standard."""
    p = Principal(actor)
    if township.level != Division.Level.TOWNSHIP:
        raise ActionError(_("A station belongs to a township or street (R3)."), field="township")
    if not (p.has_role(Role.CITY) or township.parent_id in p.districts()):
        raise PermissionDenied
    if Station.objects.filter(township=township).exists():
        raise ActionError(_("This township already has its station (R3)."), field="township")
    station = Station(township=township, district=township.parent, name=standard_station_name(township),
                      address=address, phone=phone, opened_on=opened_on)
    _tracked_save(station, actor=actor, reason=reason)
    return station


@transaction.atomic
def update_station(*, actor, station: Station, reason: str, address: str, phone: str, opened_on,
                   notes: str) -> Station:
    if not Principal(actor).can_station("change", station):
        raise PermissionDenied
    station = Station.objects.select_for_update().get(pk=station.pk)
    station.address, station.phone, station.opened_on, station.notes = address, phone, opened_on, notes
    _tracked_save(station, actor=actor, reason=reason)
    return station


# --- users and roles --------------------------------------------------------------------------------------------
@transaction.atomic
def create_user(*, actor, username: str, full_name: str, password: str):
    """A bureau officer opens an account for a person; roles are granted separately."""
    if not Principal(actor).has_role(Role.CITY, Role.DISTRICT):
        raise PermissionDenied
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError(_("This user name is taken."), field="username")
    user = User(username=username, first_name=full_name.strip()[:150])
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ActionError(exc.messages, field="password") from None
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def _check_scope(role: str, division: Division | None, station: Station | None) -> None:
    level = ROLE_SCOPE_LEVEL[Role(role)]
    if level == "station":
        if station is None or division is not None:
            raise ActionError(_("This role is held at a station: choose the station."), field="scope")
    elif division is None or station is not None or division.level != level:
        raise ActionError(
            _("This role is held at a division of level “%(level)s”.") % {"level": Division.Level(level).label},
            field="scope",
        )


@transaction.atomic
def grant_role(*, actor, user, role: str, reason: str, division: Division | None = None,
               station: Station | None = None) -> RoleAssignment:
    if role not in Role.values:
        raise ActionError(_("Unknown role."), field="role")
    _check_scope(role, division, station)
    if not Principal(actor).can_grant(role, division=division, station=station):
        raise PermissionDenied
    User.objects.select_for_update().filter(pk=user.pk).first()  # one grant at a time for one user
    if RoleAssignment.objects.active().filter(user=user, role=role, division=division, station=station).exists():
        raise ActionError(_("The user already holds this role there."), field="role")
    assignment = RoleAssignment(user=user, role=role, division=division, station=station, granted_by=actor,
                                reason=reason.strip())
    _tracked_save(assignment, actor=actor, reason=reason)
    return assignment


@transaction.atomic
def revoke_role(*, actor, assignment: RoleAssignment, reason: str) -> RoleAssignment:
    if not Principal(actor).can_revoke(assignment):
        raise PermissionDenied
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.revoked_at is not None:
        raise ActionError(_("This role was revoked already."))
    assignment.revoked_at = timezone.now()
    assignment.revoked_by = actor
    _tracked_save(assignment, actor=actor, reason=reason)
    if assignment.role in STATION_GRANTS:
        # Leaving a district's team ends the assignments to that district's stations.
        still_held = RoleAssignment.objects.active().filter(
            user=assignment.user, role=assignment.role, division=assignment.division
        )
        if not still_held.exists():
            for grant in _grants(assignment.user, assignment.role).filter(
                content_object__district=assignment.division
            ):
                grant._history_user, grant._change_reason = actor, reason.strip()
                grant.delete()
    return assignment


def _grants(user, role):
    return StationUserObjectPermission.objects.filter(user=user, permission__codename=STATION_GRANTS[role])


@transaction.atomic
def assign_station(*, actor, user, station: Station, role: str, reason: str) -> StationUserObjectPermission:
    """An object grant (django-guardian): a supervisor (R25) or assessor of the district takes on one station."""
    if role not in STATION_GRANTS:
        raise ActionError(_("Only supervisors and assessors are assigned to stations."), field="role")
    if not Principal(actor).can_grant(role, station=station):
        raise PermissionDenied
    if not RoleAssignment.objects.active().filter(user=user, role=role, division=station.district).exists():
        raise ActionError(
            _("%(user)s is not a %(role)s of %(district)s.")
            % {"user": user.get_full_name() or user.username, "role": Role(role).label,
               "district": station.district.name},
            field="user",
        )
    if _grants(user, role).filter(content_object=station).exists():
        raise ActionError(_("Already assigned to this station."), field="station")
    permission = Permission.objects.get(content_type__app_label="stations", codename=STATION_GRANTS[role])
    grant = StationUserObjectPermission(user=user, permission=permission, content_object=station)
    _tracked_save(grant, actor=actor, reason=reason)
    return grant


@transaction.atomic
def unassign_station(*, actor, grant: StationUserObjectPermission, reason: str) -> None:
    role = next(r for r, codename in STATION_GRANTS.items() if codename == grant.permission.codename)
    if not Principal(actor).can_grant(role, station=grant.content_object):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ActionError(_("Give a reason for the change."), field="reason")
    grant._history_user, grant._change_reason = actor, reason.strip()
    grant.delete()


# --- the access log ---------------------------------------------------------------------------------------------
def log_access(*, actor, action: str, target, station: Station | None = None, detail: str = "",
               ip_address: str | None = None) -> AccessLog:
    """Append a row to the access log: call it in the same transaction as the reveal or export it records."""
    entry = AccessLog(user=actor, action=action, target_type=target._meta.label_lower, target_id=str(target.pk),
                      station=station, detail=detail[:200], ip_address=ip_address)
    entry.full_clean()
    entry.save()
    return entry
