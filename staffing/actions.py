"""Every write of the staffing app: keyword-only, one transaction, permission checked, history reason set."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ningbo_sws.lib import idnumber
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.normalize import validate_phone
from ningbo_sws.lib.tracking import tracked_save
from ningbo_sws.lib.uploads import SCAN_TYPES, check_upload
from ningbo_sws.lib.words import join_list
from ningbo_sws.lib.workflow import advance
from stations.access import Principal
from stations.actions import log_access
from stations.models import AccessLog, Role, Station

from .access import STAFF_POLICY, SUPERVISION_POLICY
from .models import (
    SINGLE_POSTS,
    ActionItem,
    EmployerKind,
    Meeting,
    MeetingAttachment,
    Post,
    PostKind,
    StaffMember,
    SupervisionSession,
    SupervisorProfile,
    Training,
)


def _require(actor, action: str, station: Station, policy=STAFF_POLICY) -> None:
    if not Principal(actor).can_station(action, station, policy=policy):
        raise PermissionDenied


def _lock(station: Station) -> None:
    """One staffing write at a time per station, so that two heads cannot slip in side by side (R12)."""
    Station.objects.select_for_update().filter(pk=station.pk).first()


def _same_station(people, station: Station, field: str) -> list:
    people = list(people)
    strangers = [p for p in people if p.station_id != station.pk or not p.on_staff]
    if strangers:
        raise ActionError(
            _("%(names)s is not on the staff of this station.") % {"names": join_list(p.name for p in strangers)},
            field=field,
        )
    return people


def _as_validation_error(exc: ValidationError, field: str) -> ActionError:
    return ActionError(exc.messages, field=field)


# --- staff ------------------------------------------------------------------------------------------------------
def build_staff_member(*, station: Station, name: str, gender: str, phone: str, id_number: str, kind: str,
                       employer_kind: str, operator=None, certificate_level: str = "", certificate_number: str = "",
                       certificate_date=None, degree: str = "", full_time: bool = True,
                       joined_on: datetime.date | None = None, check_clash: bool = True) -> StaffMember:
    """A validated, unsaved staff member (R5); raises ActionError/ValidationError naming the field."""
    member = StaffMember(
        station=station, name=(name or "").strip(), gender=gender, kind=kind, employer_kind=employer_kind,
        operator=operator, certificate_level=certificate_level or "",
        certificate_number=(certificate_number or "").strip(), certificate_date=certificate_date,
        degree=degree or "", full_time=full_time, joined_on=joined_on or timezone.localdate(),
    )
    try:
        member.phone = validate_phone(phone)
    except ValidationError as exc:
        raise _as_validation_error(exc, "phone") from None
    if not member.phone:
        raise ActionError(_("Enter the phone number."), field="phone")
    try:
        member.set_id_number(idnumber.validate_id_number(id_number))  # birth date and gender follow from it
    except ValidationError as exc:
        raise _as_validation_error(exc, "id_number") from None
    if check_clash:
        check_staff_clash(member.id_hash)
    member.full_clean(exclude=["id_cipher", "id_hash", "id_masked"])
    return member


def check_staff_clash(id_hash: str) -> None:
    """A person has one staff record city-wide (a move is a transfer)."""
    clash = StaffMember.objects.filter(id_hash=id_hash).select_related("station").first()
    if clash:
        raise ActionError(
            _("A person with this ID number is already on record at %(station)s; move them instead.")
            % {"station": clash.station.name},
            field="id_number",
        )


@transaction.atomic
def add_staff_member(*, actor, station: Station, reason: str, **fields) -> StaffMember:
    """Put a person on the staff (R5). Two stations adding one person at the same moment: the database's
    unique constraint refuses the second, who gets the message of the check (issue 9 item 7)."""
    _require(actor, "change", station)
    _lock(station)
    member = build_staff_member(station=station, **fields)
    try:
        with transaction.atomic():
            tracked_save(member, actor=actor, reason=reason)
    except (IntegrityError, ValidationError):  # the constraint, in full_clean or in the database
        check_staff_clash(member.id_hash)
        raise
    return member


@transaction.atomic
def update_qualification(*, actor, member: StaffMember, reason: str, phone: str, kind: str,
                         certificate_level: str, certificate_number: str, certificate_date, degree: str,
                         full_time: bool, employer_kind: str, operator=None) -> StaffMember:
    """Change a person's phone, qualification (R5) or employment; the history keeps the old values."""
    _require(actor, "change", member.station)
    member = StaffMember.objects.select_for_update().get(pk=member.pk)
    try:
        member.phone = validate_phone(phone)
    except ValidationError as exc:
        raise _as_validation_error(exc, "phone") from None
    member.kind, member.certificate_level = kind, certificate_level or ""
    member.certificate_number, member.certificate_date = (certificate_number or "").strip(), certificate_date
    member.degree, member.full_time = degree or "", full_time
    member.employer_kind, member.operator = employer_kind, operator
    tracked_save(member, actor=actor, reason=reason)
    return member


def _end_posts(member: StaffMember, on: datetime.date, *, actor, reason: str) -> None:
    for post in Post.objects.filter(holder=member).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on)):
        post.ends_on = max(on, post.starts_on)
        tracked_save(post, actor=actor, reason=reason)


@transaction.atomic
def transfer_staff_member(*, actor, member: StaffMember, to_station: Station, on: datetime.date,
                          reason: str) -> StaffMember:
    """Move a person to another station; their posts here end, the history keeps where they were (R5)."""
    _require(actor, "change", member.station)
    if to_station.pk == member.station_id:
        raise ActionError(_("The person already works at this station."), field="to_station")
    member = StaffMember.objects.select_for_update().get(pk=member.pk)
    _end_posts(member, on, actor=actor, reason=reason)
    member.station, member.joined_on, member.left_on = to_station, on, None
    tracked_save(member, actor=actor, reason=reason)
    return member


@transaction.atomic
def record_leaving(*, actor, member: StaffMember, on: datetime.date, reason: str) -> StaffMember:
    _require(actor, "change", member.station)
    member = StaffMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise ActionError(_("This person has left already."))
    _end_posts(member, on, actor=actor, reason=reason)
    member.left_on = on
    tracked_save(member, actor=actor, reason=reason)
    return member


@transaction.atomic
def reveal_id_number(*, actor, member: StaffMember, ip_address: str | None = None) -> str:
    """The full ID number, for the responsible entity only; logged in the same transaction."""
    _require(actor, "reveal", member.station)
    log_access(actor=actor, action=AccessLog.Action.REVEAL_ID, target=member, station=member.station,
               ip_address=ip_address)  # the row names the record by kind and number; no ID, not even masked
    return member.id_number()


# --- posts (R12, R19) -------------------------------------------------------------------------------------------
def _overlapping(station: Station, kind: str, starts_on, ends_on, exclude_pk=None):
    qs = Post.objects.filter(station=station, kind=kind).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        qs = qs.filter(starts_on__lte=ends_on)
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


@transaction.atomic
def add_post(*, actor, station: Station, holder: StaffMember, kind: str, duties: str, starts_on: datetime.date,
             reason: str, ends_on: datetime.date | None = None, village=None) -> Post:
    """R19: a post with written duties and dates. R12: one head (a township leader or department head), one
    deputy (the operator's head or a lead social worker) at a time; liaisons name their village."""
    _require(actor, "change", station)
    _lock(station)
    if kind not in PostKind.values:
        raise ActionError(_("Unknown post."), field="kind")
    _same_station([holder], station, "holder")
    if kind in SINGLE_POSTS:
        other = _overlapping(station, kind, starts_on, ends_on).select_related("holder").first()
        if other is not None:
            raise ActionError(
                _("The station already has its %(post)s (%(name)s) for these dates: end that post first (R12).")
                % {"post": PostKind(kind).label, "name": other.holder.name},
                field="kind",
            )
    if kind == PostKind.HEAD and holder.employer_kind != EmployerKind.TOWNSHIP:
        raise ActionError(_("The station head is a township leader or department head (R12)."), field="holder")
    if kind == PostKind.DEPUTY and holder.employer_kind != EmployerKind.OPERATOR and not holder.is_social_worker:
        raise ActionError(_("The deputy is the operator's head or a lead social worker (R12)."), field="holder")
    post = Post(station=station, holder=holder, kind=kind, duties=(duties or "").strip(), starts_on=starts_on,
                ends_on=ends_on, village=village)
    tracked_save(post, actor=actor, reason=reason)
    return post


@transaction.atomic
def end_post(*, actor, post: Post, ends_on: datetime.date, reason: str) -> Post:
    _require(actor, "change", post.station)
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.ends_on = ends_on
    tracked_save(post, actor=actor, reason=reason)
    return post


# --- meetings (R20) and trainings -------------------------------------------------------------------------------
@transaction.atomic
def record_meeting(*, actor, station: Station, held_on: datetime.date, title: str, attendees, reason: str,
                   policies_read: str = "", cases_discussed: str = "", problems_and_decisions: str = "",
                   training_given: str = "", minutes: str = "", files=()) -> Meeting:
    """R20: a regular meeting with its attendees (all of this station), read-outs, cases, decisions, training, and
    its attachments (PDF, JPEG or PNG, each checked by the upload pipeline before anything is saved)."""
    _require(actor, "change", station)
    checked = [(upload, check_upload(upload, allowed=SCAN_TYPES, field="files")) for upload in files]
    attendees = _same_station(attendees, station, "attendees")
    if not attendees:
        raise ActionError(_("Choose the attendees of the meeting (R20)."), field="attendees")
    meeting = Meeting(station=station, held_on=held_on, title=title.strip(), policies_read=policies_read,
                      cases_discussed=cases_discussed, problems_and_decisions=problems_and_decisions,
                      training_given=training_given, minutes=minutes, recorded_by=actor)
    tracked_save(meeting, actor=actor, reason=reason)
    meeting.attendees.set(attendees)
    for upload, check in checked:
        attachment = MeetingAttachment(meeting=meeting)
        attachment.store(upload, check)
        attachment.save()
    return meeting


@transaction.atomic
def record_training(*, actor, station: Station, held_on: datetime.date, topic: str, hours: Decimal, trainer: str,
                    attendees, reason: str) -> Training:
    _require(actor, "change", station)
    attendees = _same_station(attendees, station, "attendees")
    if not attendees:
        raise ActionError(_("Choose the attendees of the training."), field="attendees")
    training = Training(station=station, held_on=held_on, topic=topic.strip(), hours=hours, trainer=trainer.strip())
    tracked_save(training, actor=actor, reason=reason)
    training.attendees.set(attendees)
    return training


# --- supervision (R25, R26) -------------------------------------------------------------------------------------
@transaction.atomic
def set_supervisor_profile(*, actor, user, kind: str, reason: str, organisation: str = "",
                           expertise: str = "") -> SupervisorProfile:
    """R25: record whether a member of a district's supervision team is internal or external."""
    p = Principal(actor)
    teams = {a.division_id for a in Principal(user).held(Role.SUPERVISOR)}
    if not (p.has_role(Role.CITY) or teams & p.districts()):
        raise PermissionDenied
    profile = SupervisorProfile.objects.filter(user=user).first() or SupervisorProfile(user=user)
    profile.kind, profile.organisation, profile.expertise = kind, organisation.strip(), expertise.strip()
    tracked_save(profile, actor=actor, reason=reason)
    return profile


@transaction.atomic
def record_session(*, actor, station: Station, held_on: datetime.date, hours: Decimal, topics: list[str],
                   workers_present, notes: str, reason: str, action_items=()) -> SupervisionSession:
    """R26: a supervisor assigned to the station records a session with its topics and agreed actions
    (`action_items`: (text, owner, due_on) triples)."""
    _require(actor, "record", station, SUPERVISION_POLICY)
    workers = _same_station(workers_present, station, "workers_present")
    if not workers:
        raise ActionError(_("Choose the workers present."), field="workers_present")
    session = SupervisionSession(station=station, supervisor=actor, held_on=held_on, hours=hours,
                                 topics=sorted(set(topics)), notes=notes.strip())
    tracked_save(session, actor=actor, reason=reason)
    session.workers_present.set(workers)
    for text, owner, due_on in action_items:
        add_action_item(actor=actor, session=session, text=text, owner=owner, due_on=due_on, reason=reason)
    return session


@transaction.atomic
def add_action_item(*, actor, session: SupervisionSession, text: str, owner: StaffMember, due_on: datetime.date,
                    reason: str) -> ActionItem:
    _require(actor, "record", session.station, SUPERVISION_POLICY)
    _same_station([owner], session.station, "owner")
    if due_on < session.held_on:
        raise ActionError(_("An action is due after the session that agreed it."), field="due_on")
    item = ActionItem(session=session, text=text.strip(), owner=owner, due_on=due_on)
    tracked_save(item, actor=actor, reason=reason)
    return item


@transaction.atomic
def follow_up_action_item(*, actor, item: ActionItem, status: str, follow_up: str, reason: str) -> ActionItem:
    """Follow-up of an agreed action: the transition table on ActionItem says which moves are allowed."""
    _require(actor, "follow_up", item.session.station, SUPERVISION_POLICY)
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    item.follow_up = follow_up.strip()
    if status != item.status:
        advance(item, target=status, actor=actor, reason=reason)
    else:
        tracked_save(item, actor=actor, reason=reason)
    return item
