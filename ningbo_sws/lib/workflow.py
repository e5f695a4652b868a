"""The one workflow helper: the allowed moves are a table on the model, `advance()` is the only way to make one.

Like django-oscar's pipeline: a model declares `workflow = Workflow(Move(...), ...)`; each move names the states
it leaves from, the state it enters, the roles that may make it (checked by the app, which knows the roles),
and what must be on record before the state is entered. `advance()` refuses any other move with
`IllegalTransition`, saves through the tracked save and writes a status-change row (who, from, to, when, why)
for every workflow of the project.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import IllegalTransition
from .reasons import check_reason
from .tracking import tracked_save
from .words import join_list

# The model of the status-change rows, named like AUTH_USER_MODEL: it lives in the lowest app with models, which
# `lib` may not import.
STATUS_CHANGE_MODEL = "stations.StatusChange"


@dataclass(frozen=True)
class Move:
    """One allowed move: from which states, to which, who may make it and what it needs on record.

    `asks`: the fields the move's form asks for; `requires`: the fields that must be on record before the target
    is entered (those asked for are required in the form); `guard(obj) -> [what is missing]` for needs that are
    not fields of the object."""

    name: str
    sources: frozenset
    target: str
    label: object = ""
    roles: frozenset = frozenset()
    asks: tuple = ()
    requires: tuple = ()
    guard: Callable | None = None

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "roles", frozenset(self.roles))


class Workflow:
    """The table of a model's moves on one field. `refused` and `missing` are the messages of a refusal
    (placeholders: `from`, `to`, `move`; `missing`)."""

    def __init__(self, *moves: Move, field: str = "status", refused=None, missing=None):
        self.field = field
        self.moves = {m.name: m for m in moves}
        self.refused = refused or gettext_lazy("A move from “%(from)s” to “%(to)s” is not allowed.")
        self.missing = missing or gettext_lazy("Record %(missing)s before this step.")

    def __iter__(self):
        return iter(self.moves.values())

    def from_state(self, state) -> list[Move]:
        """The moves allowed from `state`, in the order the table declares them."""
        return [m for m in self.moves.values() if state in m.sources]

    def asked(self) -> tuple:
        """Every field some move asks for, in the order of the table."""
        return tuple(dict.fromkeys(f for m in self.moves.values() for f in m.asks))

    def targets(self, state) -> list[str]:
        return list(dict.fromkeys(m.target for m in self.from_state(state)))

    def transitions(self) -> dict:
        """{state: {targets}} of every state the table mentions."""
        states = {s for m in self.moves.values() for s in m.sources} | {m.target for m in self.moves.values()}
        return {s: set(self.targets(s)) for s in states}

    def label(self, model, state) -> str:
        if not state:
            return "—"
        return str(dict(model._meta.get_field(self.field).flatchoices).get(state, state))

    def step(self, obj, *, move: str | None = None, target: str | None = None,
             permit: Callable[[Move], bool] | None = None) -> Move:
        """The move to make from `obj`'s state, named or by target; IllegalTransition when the table has none,
        PermissionDenied when `permit(move)` says the actor may not make it."""
        current = getattr(obj, self.field)
        if move is not None:
            found = self.moves.get(move)
            if found is None:
                raise IllegalTransition(_("Unknown move."), field="move")
            candidates = [found]
        else:
            candidates = [m for m in self.moves.values() if m.target == target]
        if permit is not None and candidates and not any(permit(m) for m in candidates):
            raise PermissionDenied
        allowed = [m for m in candidates if current in m.sources]
        if not allowed:
            to = candidates[0].target if candidates else target
            raise IllegalTransition(str(self.refused) % {
                "from": self.label(type(obj), current), "to": self.label(type(obj), to),
                "move": str(candidates[0].label or candidates[0].name) if candidates else str(target)},
                field="move")
        return allowed[0]

    def missing_for(self, obj, move: Move) -> list[tuple[str, str]]:
        """(field, what) for everything the move needs on record and `obj` does not have."""
        meta = type(obj)._meta
        missing = [(f, str(meta.get_field(f).verbose_name)) for f in move.requires if not getattr(obj, f)]
        if move.guard is not None:
            missing += [("move", str(what)) for what in move.guard(obj)]
        return missing


def workflow_of(obj) -> Workflow:
    return type(obj).workflow


def advance(obj, *, actor, reason: str, move: str | None = None, target: str | None = None,
            permit: Callable[[Move], bool] | None = None, effects: Callable[[Move], None] | None = None,
            exclude=None) -> Move:
    """Make one move of `obj`'s table: refuse it unless the table allows it from the current state (and
    `permit(move)`), and unless what it requires is on record; then `effects(move)` (the app's own stamps and
    checks), the new state, the tracked save and the status-change row. Call it inside the action's
    transaction, on a row locked with select_for_update."""
    flow = workflow_of(obj)
    step = flow.step(obj, move=move, target=target, permit=permit)
    reason = check_reason(reason)
    missing = flow.missing_for(obj, step)
    if missing:
        raise IllegalTransition(str(flow.missing) % {"missing": join_list(what for _f, what in missing)},
                                field=missing[0][0])
    if effects is not None:
        effects(step)
    source = getattr(obj, flow.field)
    setattr(obj, flow.field, step.target)
    tracked_save(obj, actor=actor, reason=reason, exclude=exclude)
    record(obj, source=source, actor=actor, reason=reason, move=step.name)
    return step


def record(obj, *, source: str, actor, reason: str, move: str = ""):
    """The status-change row of `obj`'s current state (also for a record's first state: `source=""`)."""
    flow = workflow_of(obj)
    model = apps.get_model(STATUS_CHANGE_MODEL)
    return model.objects.create(target=obj, field=flow.field, move=move, from_state=source or "",
                                to_state=getattr(obj, flow.field), by=actor, reason=check_reason(reason))


def changes(obj):
    """The status-change rows of `obj`, oldest first."""
    return apps.get_model(STATUS_CHANGE_MODEL).objects.of(obj)


def changes_of_many(objects):
    """The status-change rows of several records of one model, oldest first, each with its record."""
    return apps.get_model(STATUS_CHANGE_MODEL).objects.of_many(objects).prefetch_related("target")
