"""Every write of the services app: keyword-only, one transaction, permission checked, history reason set."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ningbo_sws.lib import idnumber, workflow
from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.tracking import tracked_save
from ningbo_sws.lib.words import join_list, user_name
from stations.access import Principal
from stations.actions import log_access
from stations.models import AccessLog, Role, RoleAssignment, Station

from .access import CASE_POLICY, GROUP_POLICY, PROJECT_POLICY, STATION_SERVICES_POLICY, can_recipient
from .models import (
    RISK_VISIT_DAYS,
    Case,
    CommunityActivity,
    GroupSession,
    Household,
    NeedsSurvey,
    Project,
    Recipient,
    ServiceRecord,
    Visit,
    WorkGroup,
    today,
)


# --- ID numbers -------------------------------------------------------------------------------------------------
def clean_id_number(value: str) -> str:
    """GB 11643: 18 characters, a real birth date not in the future, the right check digit. Empty: none."""
    if not (value or "").strip():
        return ""
    try:
        return idnumber.validate_id_number(value)
    except ValidationError as exc:
        raise ActionError(exc.messages, field="id_number") from None


def check_duplicate(*, station: Station, id_hash: str, exclude_pk=None) -> None:
    """R17: one person, one register entry at a station, and one active registration city-wide (issue 9 item 7;
    the database holds both rules too). At this station: refused. Served by another station now: the worker
    learns which station ("already served by …"), never that station's record."""
    if not id_hash:
        return
    others = Recipient.objects.filter(id_hash=id_hash).exclude(pk=exclude_pk)
    if others.filter(station=station).exists():
        raise ActionError(_("This ID number is already on this station's register."), field="id_number",
                          code="duplicate_here")
    holder = (others.filter(status=Recipient.Status.ACTIVE).select_related("station").order_by("station_id")
              .first())
    if holder is not None:
        raise ActionError(
            _("This person is already served by %(station)s. Agree the handover with that station; their record "
              "is not shown here.") % {"station": holder.station.name},
            field="id_number", code="served_elsewhere",
        )


def _save_registration(recipient: Recipient, *, actor, reason: str) -> None:
    """Save a register entry. Another request may register the same person between the check and the save; the
    constraints then refuse this one (`full_clean` if the other has committed, else the database), and it gets
    the check's message, never an HTTP 500 nor a constraint's name."""
    try:
        with transaction.atomic():
            tracked_save(recipient, actor=actor, reason=reason)
    except (IntegrityError, ValidationError):
        check_duplicate(station=recipient.station, id_hash=recipient.id_hash, exclude_pk=recipient.pk)
        raise


def _visit_due(recipient: Recipient) -> None:
    if recipient.key_group and recipient.visit_every_days:
        start = recipient.last_visit_on or today()
        recipient.next_visit_due = start + datetime.timedelta(
            days=recipient.visit_every_days if recipient.last_visit_on else 0)
    else:
        recipient.next_visit_due = None


def _frequency(key_group: bool, visit_every_days, risk: str):
    """A key-group file's visit frequency: as given, else from its follow-up level (weekly, monthly, quarterly)."""
    if not key_group:
        return None
    return visit_every_days or RISK_VISIT_DAYS.get(risk)


def _check_worker(user, station: Station, field: str) -> None:
    """A responsible worker, project lead or case worker is an account holding the worker role at the station."""
    if user is None:
        return
    held = RoleAssignment.objects.active().filter(user=user, station=station, role=Role.WORKER).exists()
    if not held:
        raise ActionError(_("%(name)s is not a social worker of this station.")
                          % {"name": user_name(user)}, field=field)


# --- recipients -------------------------------------------------------------------------------------------------
def build_recipient(*, station: Station, name: str, village, id_number: str = "", gender: str = "",
                    birth_date=None, phone: str = "", address: str = "", groups=(), consent_given: bool = False,
                    key_group: bool = False, visit_every_days=None, responsible_worker=None, notes: str = "",
                    household=None, relation: str = "", risk: str = "") -> Recipient:
    """A checked, unsaved register entry (R17): the ID number checked (GB 11643), encrypted, hashed and masked.
    Used by `create_recipient` and, row by row, by the register import; duplicates are the caller's check."""
    number = clean_id_number(id_number)
    _check_worker(responsible_worker, station, "responsible_worker")
    recipient = Recipient(
        station=station, village=village, name=name.strip(), gender=gender, birth_date=birth_date, phone=phone,
        address=address, groups=list(groups), consent_given=consent_given,
        consent_on=today() if consent_given else None, key_group=key_group, risk=risk,
        visit_every_days=_frequency(key_group, visit_every_days, risk), responsible_worker=responsible_worker,
        notes=notes, household=household, relation=relation if household else "",
    )
    recipient.set_id_number(number)  # birth date and gender follow from the number when there is one
    _visit_due(recipient)
    return recipient


@transaction.atomic
def create_recipient(*, actor, station: Station, reason: str, **fields) -> Recipient:
    """R17: a person on the register. The ID number is checked (GB 11643), encrypted, hashed and masked."""
    if not Principal(actor).can_station("add_recipient", station, policy=STATION_SERVICES_POLICY):
        raise PermissionDenied
    recipient = build_recipient(station=station, **fields)
    check_duplicate(station=station, id_hash=recipient.id_hash)
    _save_registration(recipient, actor=actor, reason=reason)
    return recipient


@transaction.atomic
def update_recipient(*, actor, recipient: Recipient, reason: str, name: str, village, id_number: str = "",
                     gender: str = "", birth_date=None, phone: str = "", address: str = "", groups=(),
                     consent_given: bool = False, key_group: bool = False, visit_every_days=None,
                     responsible_worker=None, notes: str = "", status: str = Recipient.Status.ACTIVE,
                     household=None, relation: str = "", risk: str = "") -> Recipient:
    """Change a register entry. An empty ID number keeps the one on file."""
    if not can_recipient(Principal(actor), "change", recipient):
        raise PermissionDenied
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    if responsible_worker != recipient.responsible_worker:
        _check_worker(responsible_worker, recipient.station, "responsible_worker")
    number = clean_id_number(id_number)
    if consent_given and not recipient.consent_given:
        recipient.consent_on = today()
    elif not consent_given:
        recipient.consent_on = None
    recipient.name, recipient.village, recipient.phone, recipient.address = name.strip(), village, phone, address
    recipient.gender, recipient.birth_date = gender or recipient.gender, birth_date or recipient.birth_date
    if number:
        recipient.set_id_number(number)  # and with it birth date and gender
    recipient.groups, recipient.consent_given, recipient.key_group = list(groups), consent_given, key_group
    recipient.risk = risk
    recipient.visit_every_days = _frequency(key_group, visit_every_days, risk)
    recipient.responsible_worker, recipient.notes, recipient.status = responsible_worker, notes, status
    recipient.household, recipient.relation = household, relation if household else ""
    if number or recipient.status == Recipient.Status.ACTIVE:  # a new number, or served again: one at a time
        check_duplicate(station=recipient.station, id_hash=recipient.id_hash, exclude_pk=recipient.pk)
    _visit_due(recipient)
    _save_registration(recipient, actor=actor, reason=reason)
    return recipient


@transaction.atomic
def reveal_id_number(*, actor, recipient: Recipient, ip_address: str | None = None) -> str:
    """A deliberate reveal of the full ID number, logged with who and when in the same transaction."""
    if not can_recipient(Principal(actor), "reveal", recipient):
        raise PermissionDenied
    if not recipient.id_cipher:
        raise ActionError(_("No ID number is on file for this person."))
    log_access(actor=actor, action=AccessLog.Action.REVEAL_ID, target=recipient, station=recipient.station,
               ip_address=ip_address)  # the row names the record by kind and number; no ID, not even masked
    return recipient.id_number()


EXPORT_COLUMNS = ("name", "id_masked", "gender", "birth_date", "village", "phone", "address", "groups",
                  "key_group", "next_visit_due", "status")


@transaction.atomic
def export_recipients(*, actor, station: Station, ip_address: str | None = None) -> list[list[str]]:
    """The station's register as rows (ID numbers masked); the export is logged in the same transaction."""
    if not Principal(actor).can_station("export", station, policy=STATION_SERVICES_POLICY):
        raise PermissionDenied
    recipients = list(Recipient.objects.filter(station=station).select_related("village").order_by("name", "id"))
    header = [str(Recipient._meta.get_field(f).verbose_name) for f in EXPORT_COLUMNS]
    rows = [header]
    for r in recipients:
        rows.append([r.name, r.id_masked, r.get_gender_display(), r.birth_date.isoformat() if r.birth_date else "",
                     r.village.name, r.phone, r.address, join_list(r.group_labels()),
                     _("yes") if r.key_group else "", r.next_visit_due.isoformat() if r.next_visit_due else "",
                     r.get_status_display()])
    log_access(actor=actor, action=AccessLog.Action.EXPORT, target=station, station=station,
               detail=_("register of recipients, %(count)s rows") % {"count": len(recipients)},
               ip_address=ip_address)
    return rows


def find_by_id_number(*, recipients, number: str):
    """Exact search through the keyed hash (the only way to search by ID number)."""
    number = idnumber.normalize(number)
    return recipients.filter(id_hash__in=idnumber.lookup_hashes(number)) if number else recipients.none()


@transaction.atomic
def create_household(*, actor, station: Station, village, name: str, address: str = "", notes: str = "",
                     reason: str) -> "Household":
    """A family served as a household; members join it from their own record (with their relation)."""
    if not Principal(actor).can_station("add_recipient", station, policy=STATION_SERVICES_POLICY):
        raise PermissionDenied
    household = Household(station=station, village=village, name=name.strip(), address=address, notes=notes)
    tracked_save(household, actor=actor, reason=reason)
    return household


# --- visits -----------------------------------------------------------------------------------------------------
def _visited(recipient: Recipient, visited_on, follow_up_due, *, actor) -> None:
    """A visit moves the recipient's key-group follow-up on (R17)."""
    if recipient.last_visit_on is None or visited_on >= recipient.last_visit_on:
        recipient.last_visit_on = visited_on
        _visit_due(recipient)
        if follow_up_due and recipient.key_group:
            recipient.next_visit_due = min(recipient.next_visit_due, follow_up_due)
        tracked_save(recipient, actor=actor, reason=_("Visit recorded"))


@transaction.atomic
def record_visit(*, actor, visited_on, kind: str, findings: str, recipient: Recipient | None = None,
                 household: Household | None = None, needs: str = "", follow_up_due=None) -> Visit:
    """R17: a home or phone visit to a recipient or a household; a household visit counts for its members'
    key-group follow-up too."""
    target = recipient or household
    if target is None or (recipient is not None and household is not None):
        raise ActionError(_("A visit is to one recipient or to one household."))
    if not can_recipient(Principal(actor), "visit", target):
        raise PermissionDenied
    visit = Visit(station=target.station, recipient=recipient, household=household, village=target.village,
                  visited_on=visited_on, visitor=actor, kind=kind, findings=findings, needs=needs,
                  follow_up_due=follow_up_due)
    tracked_save(visit, actor=actor, reason=_("Visit recorded"))
    members = ([Recipient.objects.select_for_update().get(pk=recipient.pk)] if recipient is not None
               else list(Recipient.objects.select_for_update().filter(household=household)))
    for member in members:
        _visited(member, visited_on, follow_up_due, actor=actor)
    return visit


# --- projects ("1+X+1") -----------------------------------------------------------------------------------------
PROJECT_FIELDS = ("title", "target_groups", "needs_analysis", "goals", "indicators", "planned_activities",
                  "budget", "lead", "status")


def _check_portfolio(project: Project) -> None:
    """R17.1, R17.3: a station-year has one base project and one support project, never two."""
    if project.kind == Project.Kind.FEATURED or project.status == Project.Status.CANCELLED:
        return
    clash = (Project.objects.filter(station=project.station, year=project.year, kind=project.kind)
             .exclude(status=Project.Status.CANCELLED).exclude(pk=project.pk).exists())
    if clash:
        message = (_("The station already has its base project for %(year)s (R17.1).")
                   if project.kind == Project.Kind.BASE
                   else _("The station already has its support project for %(year)s (R17.3)."))
        raise ActionError(message % {"year": project.year}, field="kind")


@transaction.atomic
def create_project(*, actor, station: Station, year: int, kind: str, reason: str, title: str,
                   needs_analysis: str, goals: str, target_groups=(), indicators: str = "",
                   planned_activities: str = "", budget: Decimal = Decimal("0"), lead=None,
                   status: str = Project.Status.PLANNED) -> Project:
    """R17.1–R17.3: a project of the station's "1+X+1" portfolio for the year."""
    if not Principal(actor).can_station("change", station, policy=PROJECT_POLICY):
        raise PermissionDenied
    Station.objects.select_for_update().filter(pk=station.pk).first()  # one portfolio change at a time
    _check_worker(lead, station, "lead")
    project = Project(station=station, year=year, kind=kind, title=title.strip(), needs_analysis=needs_analysis,
                      goals=goals, target_groups=list(target_groups), indicators=indicators,
                      planned_activities=planned_activities, budget=budget, lead=lead, status=status)
    _check_portfolio(project)
    tracked_save(project, actor=actor, reason=reason)
    return project


@transaction.atomic
def update_project(*, actor, project: Project, reason: str, **changes) -> Project:
    if not Principal(actor).can_station("change", project.station, policy=PROJECT_POLICY):
        raise PermissionDenied
    Station.objects.select_for_update().filter(pk=project.station_id).first()
    project = Project.objects.select_for_update().get(pk=project.pk)
    for key, value in changes.items():
        if key not in PROJECT_FIELDS:
            raise TypeError(key)
        if key == "lead" and value != project.lead:
            _check_worker(value, project.station, "lead")
        setattr(project, key, list(value) if key == "target_groups" else value)
    _check_portfolio(project)
    tracked_save(project, actor=actor, reason=reason)
    return project


# --- casework (R18) ---------------------------------------------------------------------------------------------
def _can_case(actor, action: str, station: Station) -> bool:
    return Principal(actor).can_station(action, station, policy=CASE_POLICY)


@transaction.atomic
def open_case(*, actor, recipient: Recipient, project: Project, problem: str, source: str = Case.Source.SELF,
              risk: str = Case.Risk.GENERAL, opened_on=None, worker=None) -> Case:
    """R18 intake (接案). Every case belongs to a project of its station."""
    p = Principal(actor)
    if not can_recipient(p, "open_case", recipient):
        raise PermissionDenied
    if project.station_id != recipient.station_id:
        raise ActionError(_("The project belongs to another station."), field="project")
    if project.status in (Project.Status.CANCELLED, Project.Status.COMPLETED):
        raise ActionError(_("The project is no longer running."), field="project")
    if not problem.strip():
        raise ActionError(_("Describe the main problem."), field="problem")
    _check_worker(worker or actor, recipient.station, "worker")
    case = Case(station=recipient.station, project=project, recipient=recipient, worker=worker or actor,
                problem=problem, source=source, risk=risk, opened_on=opened_on or today())
    if case.opened_on > today():
        raise ActionError(_("The intake date is in the future."), field="opened_on")
    tracked_save(case, actor=actor, reason=_("Case opened"))
    workflow.record(case, source="", actor=actor, reason=_("Case opened"))
    return case


# The fields a move of a case may record (each step's own are on `Case.workflow`, R18).
STAGE_FIELDS = Case.workflow.asked()


@transaction.atomic
def move_case(*, actor, case: Case, to: str, reason: str, **data) -> Case:
    """Move a case along its table `Case.workflow`, with the fields of the step it enters; any other move, or a
    step without what it needs on record, is refused (R18)."""
    if not _can_case(actor, "change", case.station):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    for key, value in data.items():
        if key not in STAGE_FIELDS:
            raise TypeError(key)
        setattr(case, key, value.strip() if isinstance(value, str) else value)
    if case.state in (Case.State.CLOSED, Case.State.REFERRED):
        # Reopening: the earlier ending stays in the history; the next ending needs a fresh evaluation.
        case.goals_met, case.evaluation, case.feedback, case.close_reason, case.closed_on = "", "", "", "", None

    def stamp(step):
        if case.plan_from and case.plan_to and case.plan_to < case.plan_from:
            raise ActionError(_("The plan ends before it starts."), field="plan_to")
        if step.target == Case.State.CLOSED:
            case.closed_on = today()

    workflow.advance(case, target=to, actor=actor, reason=reason, effects=stamp)
    return case


@transaction.atomic
def add_service_record(*, actor, case: Case, served_on, minutes, kind: str, notes: str, form: str = "interview",
                       next_step: str = "", next_due=None) -> ServiceRecord:
    """R18 delivery: a service record with its R4 kind and duration; it sets the case's next step."""
    if not _can_case(actor, "change", case.station):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.state not in Case.RECORDING_STATES:
        raise ActionError(_("Service records are kept while the case is in delivery or evaluation (R18); this "
                            "case is at “%(state)s”.") % {"state": case.get_state_display()})
    record = ServiceRecord(case=case, station_id=case.station_id, project_id=case.project_id,
                           recipient_id=case.recipient_id, worker=actor, served_on=served_on, minutes=minutes or 0,
                           kind=kind or "", form=form, notes=notes, next_step=next_step, next_due=next_due)
    tracked_save(record, actor=actor, reason=_("Service recorded"))
    if next_step or next_due:
        case.next_step, case.next_due = next_step, next_due
        tracked_save(case, actor=actor, reason=_("Next step set by a service record"))
    return record


@transaction.atomic
def request_review(*, actor, case: Case, reason: str) -> Case:
    """Ask the station's supervisor to review a difficult case (R25)."""
    if not _can_case(actor, "change", case.station):
        raise PermissionDenied
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.review_requested = True
    tracked_save(case, actor=actor, reason=reason)
    return case


@transaction.atomic
def review_case(*, actor, case: Case, guidance: str) -> Case:
    """The assigned supervisor writes guidance on a case (R25)."""
    if not _can_case(actor, "review", case.station):
        raise PermissionDenied
    if not guidance.strip():
        raise ActionError(_("Write the guidance."), field="guidance")
    case = Case.objects.select_for_update().get(pk=case.pk)
    case.review_note, case.review_requested = guidance.strip(), False
    tracked_save(case, actor=actor, reason=_("Supervisor's guidance"))
    return case


# --- group work, community activities, needs surveys (R17, R18) -------------------------------------------------
def _check_station_records(station: Station, *, project: Project | None = None, recipients=()) -> None:
    if project is not None:
        if project.station_id != station.pk:
            raise ActionError(_("The project belongs to another station."), field="project")
        if project.status == Project.Status.CANCELLED:
            raise ActionError(_("The project is no longer running."), field="project")
    if any(r.station_id != station.pk for r in recipients):
        raise ActionError(_("Only recipients of this station can be named."), field="members")


@transaction.atomic
def create_group(*, actor, station: Station, project: Project, title: str, goals: str, plan: str,
                 sessions_planned: int = 6, members=()) -> WorkGroup:
    """R18 group work: the plan (goals, sessions) and its members, within a project of the station."""
    if not Principal(actor).can_station("change", station, policy=GROUP_POLICY):
        raise PermissionDenied
    members = list(members)
    _check_station_records(station, project=project, recipients=members)
    group = WorkGroup(station=station, project=project, title=title.strip(), worker=actor, goals=goals, plan=plan,
                      sessions_planned=sessions_planned)
    tracked_save(group, actor=actor, reason=_("Group planned"))
    group.members.set(members)
    return group


@transaction.atomic
def set_group_members(*, actor, group: WorkGroup, members, reason: str) -> WorkGroup:
    if not Principal(actor).can_station("change", group.station, policy=GROUP_POLICY):
        raise PermissionDenied
    group = WorkGroup.objects.select_for_update().get(pk=group.pk)
    if group.state == WorkGroup.State.CLOSED:
        raise ActionError(_("The group is closed."))
    members = list(members)
    _check_station_records(group.station, recipients=members)
    group.members.set(members)
    tracked_save(group, actor=actor, reason=reason)
    return group


@transaction.atomic
def move_group(*, actor, group: WorkGroup, to: str, reason: str, evaluation: str = "") -> WorkGroup:
    """A group moves along its table `WorkGroup.workflow`; closing needs the evaluation (R18)."""
    if not Principal(actor).can_station("change", group.station, policy=GROUP_POLICY):
        raise PermissionDenied
    group = WorkGroup.objects.select_for_update().get(pk=group.pk)
    if evaluation.strip():
        group.evaluation = evaluation.strip()
    workflow.advance(group, target=to, actor=actor, reason=reason)
    return group


@transaction.atomic
def add_group_session(*, actor, group: WorkGroup, held_on, topic: str, notes: str, attended=(),
                      attendance: int | None = None) -> GroupSession:
    """A session with its attendance; only for a running group (R18 delivery)."""
    if not Principal(actor).can_station("change", group.station, policy=GROUP_POLICY):
        raise PermissionDenied
    group = WorkGroup.objects.select_for_update().get(pk=group.pk)
    if group.state != WorkGroup.State.RUNNING:
        raise ActionError(_("Sessions are recorded for a running group; this group is “%(state)s”.")
                          % {"state": group.get_state_display()}, code="group_not_running")
    attended = list(attended)
    member_ids = set(group.members.values_list("pk", flat=True))
    if any(r.pk not in member_ids for r in attended):
        raise ActionError(_("Only members of the group can be marked present."), field="attended")
    count = attendance if attendance is not None else len(attended)
    if count < len(attended):
        raise ActionError(_("The attendance is less than the members marked present."), field="attendance")
    number = (group.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    session = GroupSession(group=group, number=number, held_on=held_on, topic=topic.strip(), notes=notes,
                           attendance=count)
    if held_on and held_on > today():
        raise ActionError(_("The session date is in the future."), field="held_on")
    tracked_save(session, actor=actor, reason=_("Session recorded"))
    session.attended.set(attended)
    return session


@transaction.atomic
def create_activity(*, actor, station: Station, project: Project, title: str, plan: str, held_on, place: str,
                    participants: int, volunteers: int = 0, village=None, named=(),
                    evaluation: str = "") -> CommunityActivity:
    """R18 community work: plan, date, place, participants counted (named where they are recipients)."""
    if not Principal(actor).can_station("change", station, policy=GROUP_POLICY):
        raise PermissionDenied
    named = list(named)
    _check_station_records(station, project=project, recipients=named)
    if village is not None and village.township_id != station.township_id:
        raise ActionError(_("The village is not in the station's township."), field="village")
    if participants < len(named):
        raise ActionError(_("Fewer participants than recipients named."), field="participants")
    if held_on and held_on > today() and evaluation.strip():
        raise ActionError(_("An activity still to come cannot be evaluated yet."), field="evaluation")
    activity = CommunityActivity(station=station, project=project, title=title.strip(), plan=plan, held_on=held_on,
                                 place=place, participants=participants, volunteers=volunteers, village=village,
                                 evaluation=evaluation, worker=actor)
    tracked_save(activity, actor=actor, reason=_("Activity recorded"))
    activity.named.set(named)
    return activity


@transaction.atomic
def evaluate_activity(*, actor, activity: CommunityActivity, evaluation: str) -> CommunityActivity:
    if not Principal(actor).can_station("change", activity.station, policy=GROUP_POLICY):
        raise PermissionDenied
    if not evaluation.strip():
        raise ActionError(_("Write the evaluation."), field="evaluation")
    activity = CommunityActivity.objects.select_for_update().get(pk=activity.pk)
    if activity.held_on > today():
        raise ActionError(_("An activity still to come cannot be evaluated yet."), field="evaluation")
    activity.evaluation = evaluation.strip()
    tracked_save(activity, actor=actor, reason=_("Activity evaluated"))
    return activity


@transaction.atomic
def create_survey(*, actor, station: Station, title: str, method: str, sample: int, conducted_on, findings: str,
                  projects=()) -> NeedsSurvey:
    """R17 field research: a needs survey, linked to the projects it informs."""
    if not Principal(actor).can_station("change", station, policy=PROJECT_POLICY):
        raise PermissionDenied
    projects = list(projects)
    if any(p.station_id != station.pk for p in projects):
        raise ActionError(_("The project belongs to another station."), field="projects")
    if conducted_on and conducted_on > today():
        raise ActionError(_("The survey date is in the future."), field="conducted_on")
    survey = NeedsSurvey(station=station, title=title.strip(), method=method, sample=sample,
                         conducted_on=conducted_on, findings=findings)
    tracked_save(survey, actor=actor, reason=_("Survey recorded"))
    survey.projects.set(projects)
    return survey
