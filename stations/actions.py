"""Every write of the stations app: keyword-only, one transaction, permission checked, history reason set."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.normalize import normalize_code
from ningbo_sws.lib.tracking import tracked_delete, tracked_save
from ningbo_sws.lib.uploads import DOCUMENT_TYPES, IMAGE_TYPES, check_upload
from ningbo_sws.lib.words import user_name
from ningbo_sws.lib.workflow import advance

from .access import CONTRACT_POLICY, OPERATOR_EDITORS, Principal
from .facilities import EQUIPMENT_FIELDS, ContractPart
from .models import (
    BUREAU_ROLES,
    ROLE_SCOPE_LEVEL,
    SERVING_ROLES,
    STATION_GRANTS,
    AccessLog,
    Attachment,
    Contract,
    Division,
    OperationMode,
    Operator,
    PasswordChangeRequired,
    Role,
    RoleAssignment,
    Room,
    SiteBasis,
    Station,
    StationStatus,
    StationUserObjectPermission,
    standard_station_name,
)

User = get_user_model()


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
    tracked_save(station, actor=actor, reason=reason)
    return station


@transaction.atomic
def update_station(*, actor, station: Station, reason: str, address: str, phone: str, opened_on,
                   notes: str) -> Station:
    if not Principal(actor).can_station("change", station):
        raise PermissionDenied
    station = Station.objects.select_for_update().get(pk=station.pk)
    station.address, station.phone, station.opened_on, station.notes = address, phone, opened_on, notes
    tracked_save(station, actor=actor, reason=reason)
    return station


def _can_change(actor, station: Station, policy=None) -> None:
    if not Principal(actor).can_station("change", station, policy=policy):
        raise PermissionDenied


def _attach(*, actor, station: Station, purpose: str, uploaded, checked, room=None, contract=None) -> Attachment:
    """Store a file the pipeline has checked (before anything else was saved) under a generated name."""
    attachment = Attachment(station=station, purpose=purpose, room=room, contract=contract, uploaded_by=actor)
    attachment.store(uploaded, checked)
    tracked_save(attachment, actor=actor, reason=str(Attachment.Purpose(purpose).label))
    return attachment


@transaction.atomic
def record_setup(*, actor, station: Station, reason: str, site_basis: str, site_note: str, address: str,
                 operation_mode: str, recorded_headcount: int | None) -> Station:
    """R8 site basis (with the address), R11 operation mode, and the headcount used for R9.1 until staffing
    counts the workers."""
    _can_change(actor, station)
    if site_basis and site_basis not in SiteBasis.values:
        raise ActionError(_("Choose what the site is built on (R8)."), field="site_basis")
    if site_basis == SiteBasis.OTHER and not site_note.strip():
        raise ActionError(_("Describe the site when it is neither a social-organisation service centre nor a "
                            "community work station (R8)."), field="site_note")
    if operation_mode and operation_mode not in OperationMode.values:
        raise ActionError(_("Choose the operation mode (R11)."), field="operation_mode")
    station = Station.objects.select_for_update().get(pk=station.pk)
    station.site_basis, station.site_note, station.address = site_basis, site_note.strip(), address.strip()
    station.operation_mode, station.recorded_headcount = operation_mode, recorded_headcount
    tracked_save(station, actor=actor, reason=reason)
    return station


@transaction.atomic
def record_plate(*, actor, station: Station, reason: str, plate_name: str, plate_hung: bool, logo_used: bool,
                 photo=None) -> Station:
    """R10: the name on the plate, whether it is hung and the Ningbo social work logo used, and a photo."""
    _can_change(actor, station)
    checked = check_upload(photo, allowed=IMAGE_TYPES, field="photo") if photo is not None else None
    station = Station.objects.select_for_update(of=("self",)).select_related("township__parent").get(pk=station.pk)
    station.plate_name, station.plate_hung, station.logo_used = plate_name.strip(), plate_hung, logo_used
    tracked_save(station, actor=actor, reason=reason)
    if photo is not None:
        _attach(actor=actor, station=station, purpose=Attachment.Purpose.PLATE_PHOTO, uploaded=photo, checked=checked)
    return station


ROOM_FIELDS = ("room_type", "also_serves", "label", "area", *EQUIPMENT_FIELDS)


@transaction.atomic
def save_room(*, actor, station: Station, reason: str, room: Room | None = None, photo=None, **fields) -> Room:
    """Add or change a room (R9): area in m², equipment, the one allowed second function, a photo."""
    _can_change(actor, station)
    if room is not None and room.station_id != station.pk:
        raise PermissionDenied
    unknown = set(fields) - set(ROOM_FIELDS)
    if unknown:
        raise TypeError(f"unknown room fields: {sorted(unknown)}")
    checked = check_upload(photo, allowed=IMAGE_TYPES, field="photo") if photo is not None else None
    room = room if room is not None else Room(station=station)
    for name, value in fields.items():
        setattr(room, name, value)
    tracked_save(room, actor=actor, reason=reason)
    if photo is not None:
        _attach(actor=actor, station=station, purpose=Attachment.Purpose.ROOM_PHOTO, uploaded=photo, checked=checked,
                room=room)
    return room


@transaction.atomic
def delete_room(*, actor, room: Room, reason: str) -> Station:
    _can_change(actor, room.station)
    for photo in room.photos.all():
        tracked_delete(photo, actor=actor, reason=reason)
    tracked_delete(room, actor=actor, reason=reason)
    return room.station


# --- operators and contracts (R11, R15) -------------------------------------------------------------------------
OPERATOR_FIELDS = ("name", "credit_code", "legal_representative", "contact_person", "contact_phone", "address",
                   "district")


@transaction.atomic
def save_operator(*, actor, reason: str, operator: Operator | None = None, **fields) -> Operator:
    """Register an operator (承接机构) or correct its record; the credit code is checked (GB 32100-2015)."""
    p = Principal(actor)
    if not p.has_role(*OPERATOR_EDITORS) or (operator is not None and not p.can_change_operator(operator)):
        raise PermissionDenied
    district = fields.get("district")
    if district is not None and not p.has_role(Role.CITY):
        own = p.districts() | {a.station.district_id for a in p.held(Role.TOWNSHIP)}
        if district.pk not in own:
            raise ActionError(_("Register the operator in your own district."), field="district")
    code = normalize_code(fields.get("credit_code"))
    fields["credit_code"] = code
    if Operator.objects.filter(credit_code=code).exclude(pk=getattr(operator, "pk", None)).exists():
        raise ActionError(_("An operator with this credit code is registered already."), field="credit_code")
    operator = operator if operator is not None else Operator()
    for name in OPERATOR_FIELDS:
        if name in fields:
            setattr(operator, name, fields[name])
    tracked_save(operator, actor=actor, reason=reason)
    return operator


@transaction.atomic
def save_contract(*, actor, station: Station, reason: str, operator: Operator | None, number: str, starts_on,
                  ends_on, amount, parts: dict, contract: Contract | None = None, pdf=None) -> Contract:
    """A contract of the station (R15): term, amount, the seven parts present or missing, the signed PDF.
    One station's contract terms may not overlap."""
    _can_change(actor, station, policy=CONTRACT_POLICY)
    if contract is not None and contract.station_id != station.pk:
        raise PermissionDenied
    checked = check_upload(pdf, allowed=DOCUMENT_TYPES, field="pdf") if pdf is not None else None
    Station.objects.select_for_update().filter(pk=station.pk).first()  # one contract change at a time
    if starts_on and ends_on and ends_on > starts_on:
        overlapping = Contract.objects.filter(station=station, starts_on__lte=ends_on, ends_on__gte=starts_on)
        if contract is not None:
            overlapping = overlapping.exclude(pk=contract.pk)
        clash = overlapping.first()
        if clash is not None:
            raise ActionError(
                _("The term overlaps the contract of %(start)s to %(end)s: one station has one contract at a time "
                  "(R15).") % {"start": f"{clash.starts_on:%Y-%m-%d}", "end": f"{clash.ends_on:%Y-%m-%d}"},
                field="starts_on",
            )
    contract = contract if contract is not None else Contract(station=station)
    contract.operator, contract.number = operator, number.strip()
    contract.starts_on, contract.ends_on, contract.amount = starts_on, ends_on, amount
    for part in ContractPart:
        setattr(contract, part.value, bool(parts.get(part.value)))
    tracked_save(contract, actor=actor, reason=reason)
    if pdf is not None:
        _attach(actor=actor, station=station, purpose=Attachment.Purpose.CONTRACT, uploaded=pdf, checked=checked,
                contract=contract)
    return contract


# --- the set-up lifecycle ---------------------------------------------------------------------------------------
@transaction.atomic
def move_station(*, actor, station: Station, move: str, reason: str) -> Station:
    """Make one move of `Station.workflow`, if the station's state allows it and the actor's role in scope may
    make it; the history and the status change keep who, when and why. A district officer approves; the township
    submits."""
    station = Station.objects.select_for_update(of=("self",)).select_related("township__parent").get(pk=station.pk)
    p = Principal(actor)

    def stamp(step):
        if step.target == StationStatus.OPERATING and station.opened_on is None:
            station.opened_on = timezone.localdate()

    advance(station, move=move, actor=actor, reason=reason, effects=stamp,
            permit=lambda step: p.can_station(step.name, station, policy={step.name: step.roles}))
    if move == "return":  # lane: todo — the township officers learn why (issue 13 item 2)
        from .notices import notify, station_officers

        notify(station_officers(station), actor=actor, url=station.get_absolute_url(),
               text=_("%(station)s was returned for rework: %(reason)s") % {"station": station.name,
                                                                            "reason": reason})
    return station


# --- users and roles --------------------------------------------------------------------------------------------
@transaction.atomic
def create_user(*, actor, username: str, full_name: str, password: str):
    """A bureau officer opens an account for a person; roles are granted separately. The first password is
    good for one sign-in only: the person must set their own before anything else (issue 9 item 1)."""
    if not Principal(actor).has_role(Role.CITY, Role.DISTRICT):
        raise PermissionDenied
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError(_("This user name is taken."), field="username")
    user = User(username=username, first_name=full_name.strip()[:150])
    _check_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    require_password_change(user=user, set_by=actor)
    return user


def _check_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ActionError(exc.messages, field="password") from None


def require_password_change(*, user, set_by) -> None:
    """Mark a password that someone other than its holder set: it must be changed at the next sign-in."""
    PasswordChangeRequired.objects.update_or_create(user=user, defaults={"set_by": set_by,
                                                                          "set_at": timezone.now()})


@transaction.atomic
def set_password(*, actor, user, password: str):
    """Set a user's password. Set by anyone but its holder (a bureau officer's reset), it is one-time."""
    if actor.pk != user.pk and not Principal(actor).has_role(Role.CITY, Role.DISTRICT):
        raise PermissionDenied
    _check_password(password, user)
    if actor.pk == user.pk and user.check_password(password):
        raise ActionError(_("Choose a new password, not the one you were given."), field="password")
    user.set_password(password)
    user.save(update_fields=["password"])
    if actor.pk == user.pk:
        PasswordChangeRequired.objects.filter(user=user).delete()
    else:
        require_password_change(user=user, set_by=actor)
    return user


def _refuse_own(actor, user) -> None:
    """Nobody grants, changes or revokes a role of their own (issue 9 item 1): another officer must."""
    if actor.pk == user.pk:
        raise ActionError(_("You may not grant, change or revoke a role of your own: another officer must do "
                            "it."), field="user")


def _refuse_mixed_roles(user, role: str) -> None:
    """A bureau role (city, district, auditor, assessor) and a role that serves people (township, worker,
    liaison, supervisor) are never held together: who oversees does not also read residents' files."""
    if role in BUREAU_ROLES:
        other_side = SERVING_ROLES
    elif role in SERVING_ROLES:
        other_side = BUREAU_ROLES
    else:
        return
    held = RoleAssignment.objects.active().filter(user=user, role__in=other_side).first()
    if held is not None:
        raise ActionError(
            _("%(user)s holds the role “%(held)s”; a bureau role and a role that serves people are not held "
              "together. Revoke “%(held)s” first.")
            % {"user": user_name(user), "held": held.get_role_display()},
            field="role",
        )


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
    _refuse_own(actor, user)
    User.objects.select_for_update().filter(pk=user.pk).first()  # one grant at a time for one user
    _refuse_mixed_roles(user, role)
    if RoleAssignment.objects.active().filter(user=user, role=role, division=division, station=station).exists():
        raise ActionError(_("The user already holds this role there."), field="role")
    assignment = RoleAssignment(user=user, role=role, division=division, station=station, granted_by=actor,
                                reason=reason.strip())
    tracked_save(assignment, actor=actor, reason=reason)
    return assignment


@transaction.atomic
def revoke_role(*, actor, assignment: RoleAssignment, reason: str) -> RoleAssignment:
    if not Principal(actor).can_revoke(assignment):
        raise PermissionDenied
    _refuse_own(actor, assignment.user)
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.revoked_at is not None:
        raise ActionError(_("This role was revoked already."))
    assignment.revoked_at = timezone.now()
    assignment.revoked_by = actor
    tracked_save(assignment, actor=actor, reason=reason)
    if assignment.role in STATION_GRANTS:
        # Leaving a district's team ends the assignments to that district's stations.
        still_held = RoleAssignment.objects.active().filter(
            user=assignment.user, role=assignment.role, division=assignment.division
        )
        if not still_held.exists():
            for grant in _grants(assignment.user, assignment.role).filter(
                content_object__district=assignment.division
            ):
                tracked_delete(grant, actor=actor, reason=reason)
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
    _refuse_own(actor, user)
    if not RoleAssignment.objects.active().filter(user=user, role=role, division=station.district).exists():
        raise ActionError(
            _("%(user)s is not a %(role)s of %(district)s.")
            % {"user": user_name(user), "role": Role(role).label,
               "district": station.district.name},
            field="user",
        )
    if _grants(user, role).filter(content_object=station).exists():
        raise ActionError(_("Already assigned to this station."), field="station")
    permission = Permission.objects.get(content_type__app_label="stations", codename=STATION_GRANTS[role])
    grant = StationUserObjectPermission(user=user, permission=permission, content_object=station)
    tracked_save(grant, actor=actor, reason=reason)
    return grant


@transaction.atomic
def unassign_station(*, actor, grant: StationUserObjectPermission, reason: str) -> None:
    role = next(r for r, codename in STATION_GRANTS.items() if codename == grant.permission.codename)
    if not Principal(actor).can_grant(role, station=grant.content_object):
        raise PermissionDenied
    _refuse_own(actor, grant.user)
    tracked_delete(grant, actor=actor, reason=reason)


# --- the access log ---------------------------------------------------------------------------------------------
def log_access(*, actor, action: str, target, station: Station | None = None, detail: str = "",
               ip_address: str | None = None) -> AccessLog:
    """Append a row to the access log: call it in the same transaction as the reveal or export it records."""
    entry = AccessLog(user=actor, action=action, target_type=target._meta.label_lower, target_id=str(target.pk),
                      station=station, detail=detail[:200], ip_address=ip_address)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def log_export(*, actor, table: str, rows: int, target=None, target_type: str = "", station: Station | None = None,
               ip_address: str | None = None) -> AccessLog:
    """An export of a table or log a user may read (issue 13 items 1 and 7), logged like the register export: one
    access-log row naming the table and its row count, written before the file leaves. `target` is the object
    whose table it is (a station, a division); a whole log has none and names its kind in `target_type`."""
    from django.utils.translation import ngettext

    detail = ngettext("%(table)s, %(count)s row", "%(table)s, %(count)s rows", rows) % {"table": table,
                                                                                        "count": rows}
    if target is not None:
        return log_access(actor=actor, action=AccessLog.Action.EXPORT, target=target, station=station,
                          detail=detail, ip_address=ip_address)
    entry = AccessLog(user=actor, action=AccessLog.Action.EXPORT, target_type=target_type, target_id="*",
                      station=station, detail=detail[:200], ip_address=ip_address)
    entry.full_clean()
    entry.save()
    return entry
