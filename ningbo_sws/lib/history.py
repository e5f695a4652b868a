"""Field-by-field history of a tracked object (django-simple-history), ready for a template."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext as _

IGNORED_FIELDS = {"updated_at", "created_at"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: object
    who: str
    kind: str
    reason: str
    changes: list[Change]


def _display(field: models.Field, value, cache: dict) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        key = (field.related_model, value)
        if key not in cache:
            obj = field.related_model._default_manager.filter(pk=value).first()
            cache[key] = str(obj) if obj is not None else f"#{value}"
        return cache[key]
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    return str(value)


def _fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in IGNORED_FIELDS and not f.name.startswith("history_")
    ]


def history_page(obj, *, page_number=1, per_page=20):
    """A page of HistoryRow, newest first, each change compared with the record before it."""
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(records, per_page).get_page(page_number)
    items = list(page.object_list)
    # The record just older than the page, to diff the page's last row against.
    older = None
    if items:
        last = items[-1]
        older = (
            obj.history.filter(history_date__lte=last.history_date)
            .exclude(history_id=last.history_id)
            .order_by("-history_date", "-history_id")
            .first()
        )
    fields = _fields(type(obj))
    kinds = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    cache: dict = {}
    rows = []
    for index, record in enumerate(items):
        previous = items[index + 1] if index + 1 < len(items) else older
        changes = []
        for f in fields:
            new = getattr(record, f.attname, None)
            old = getattr(previous, f.attname, None) if previous is not None else None
            if previous is None and new in (None, ""):
                continue
            if previous is None or old != new:
                changes.append(Change(str(f.verbose_name), _display(f, old, cache), _display(f, new, cache)))
        user = record.history_user
        who = (user.get_full_name() or user.username) if user else _("system")
        rows.append(HistoryRow(record.history_date, who, kinds.get(record.history_type, ""),
                               record.history_change_reason or "", changes))
    return page, rows
