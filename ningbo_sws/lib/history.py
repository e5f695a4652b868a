"""Field-by-field history of tracked objects (django-simple-history), ready for a template, with personal data
shown only as the reader may see it (issue 9 item 2).

Which fields of a model are personal is data on the model: `PERSONAL_FIELDS = {"name": NAME, "phone": PHONE,
"address": HIDDEN, ...}`. How each kind is shown is decided here, once, for every history page:

- a secret (keyed hash, ciphertext: any field named `*_hash`, `*_cipher`, `*_encrypted`) or a field declared
  `OMIT` never appears, not even its name;
- a `PHONE` is always masked (`138****1234`), as in the lists: a history is a log, not an address book;
- to a reader outside the circle that serves the person (`masked=True`): a `NAME` is masked (`王*明`), a
  `HIDDEN` field (address, notes, case text) shows only that it changed, and a link to a person record (a
  model with personal fields) shows its kind and number (`服务对象 #12`), never its name.

`masked=True` is the default: a page opened by the serving circle only (the person's own record) says
`masked=False`.

In people's words (issue 13 item 1), for every history page alike: a choice shows its label, also inside a list
(`HISTORY_CHOICES = {"groups": TargetGroup.choices}` on the model names the labels of a JSON list of codes); a
time shows in local time to the minute; a person (the one who changed, a link to a user) by display name
(`person_name`); a field's label through the catalogue, also where the model left it to Django's default.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone
from django.utils.text import camel_case_to_spaces
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .masking import mask_name, mask_phone
from .words import user_name

IGNORED_FIELDS = {"updated_at", "created_at"}
SECRET_SUFFIXES = ("_hash", "_cipher", "_encrypted")

NAME, PHONE, HIDDEN, OMIT = "name", "phone", "hidden", "omit"


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
    record: str = ""  # the record's kind and number, for lists of many records ("服务对象 #12")
    pk: object = None
    url: str = ""  # the record's page, where the reader may open it (`link_records`)


def person_name(user) -> str:
    """A person in people's words: the full name, else the short name, else the username (an account that
    never got a name: better than nothing, and the auditor still knows who it was)."""
    return _("system") if user is None else user_name(user)


def field_label(field: models.Field) -> str:
    """A field's label in the reader's language: a verbose name the model did not set is Django's English
    default (`prepared by`), looked up in the catalogue."""
    label = str(field.verbose_name)
    return _(label) if label == field.name.replace("_", " ") else label


def kind_label(model) -> str:
    """A kind of record in the reader's language (`凭证`), also where the model left its name to Django."""
    label = str(model._meta.verbose_name)
    return _(label) if label == camel_case_to_spaces(model.__name__) else label


def local_time(value) -> str:
    """A moment as the reader's clock shows it, to the minute (`2026-12-02 05:56`)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "Y-m-d H:i")


def list_text(items) -> str:
    """A list in the reader's language: `a、b、c` in Chinese."""
    return pgettext("list separator", ", ").join(str(i) for i in items)


def personal_fields(model) -> dict[str, str]:
    """The model's declared personal fields (`PERSONAL_FIELDS`), by field name."""
    return dict(getattr(model, "PERSONAL_FIELDS", None) or {})


def is_person_record(model) -> bool:
    """A record about a person: one that declares personal fields."""
    return bool(personal_fields(model))


def record_label(model, pk) -> str:
    """A record by kind and number, never by name: `服务对象 #12`."""
    return f"{kind_label(model)} #{pk}"


def _is_secret(field: models.Field, declared: dict) -> bool:
    return field.name.endswith(SECRET_SUFFIXES) or field.attname.endswith(SECRET_SUFFIXES) \
        or declared.get(field.name) == OMIT


def shown_fields(model, *, masked: bool = True) -> list[models.Field]:
    """The fields of `model` a history shows (secrets, bookkeeping and fields the history does not keep left
    out)."""
    declared = personal_fields(model)
    kept = {f.attname for f in model.history.model._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in IGNORED_FIELDS and not f.name.startswith("history_")
        and not _is_secret(f, declared) and f.attname in kept
    ]


class _Display:
    """Turns stored values into text; links are looked up in one query per linked model (`prefetch`)."""

    def __init__(self, model, *, masked: bool):
        self.declared = personal_fields(model)
        self.list_choices = {name: dict(choices) for name, choices in
                             (getattr(model, "HISTORY_CHOICES", None) or {}).items()}
        self.masked = masked
        self.linked: dict = {}

    def prefetch(self, fields, records) -> None:
        wanted: dict = {}
        for f in fields:
            if isinstance(f, models.ForeignKey) and not (self.masked and is_person_record(f.related_model)):
                values = {getattr(r, f.attname, None) for r in records} - {None, ""}
                wanted.setdefault(f.related_model, set()).update(values)
        for model, pks in wanted.items():
            found = model._default_manager.in_bulk(list(pks)) if pks else {}
            is_user = model is get_user_model()
            self.linked.update({(model, pk): person_name(obj) if is_user else str(obj) for pk, obj in found.items()})

    def __call__(self, field: models.Field, value) -> str:
        if value is None or value == "":
            return "—"
        how = self.declared.get(field.name)
        if how == PHONE:
            return mask_phone(str(value))
        if self.masked and how == NAME:
            return mask_name(str(value))
        if self.masked and how == HIDDEN:
            return _("(not shown)")
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.JSONField):
            return self.json_text(field, value)
        if isinstance(field, models.DateTimeField) and hasattr(value, "tzinfo"):
            return local_time(value)
        if isinstance(field, models.ForeignKey):
            if self.masked and is_person_record(field.related_model):
                return record_label(field.related_model, value)
            return self.linked.get((field.related_model, value), f"#{value}")
        if isinstance(field, models.BooleanField):
            return _("yes") if value else _("no")
        return str(value)

    def json_text(self, field, value) -> str:
        if isinstance(value, list):
            labels = self.list_choices.get(field.name, {})
            return list_text(labels.get(v, v) for v in value) if value else "—"
        if isinstance(value, dict):
            return list_text(f"{k}: {v}" for k, v in value.items()) if value else "—"
        return str(value)


def _diff(record, previous, fields, display) -> list[Change]:
    changes = []
    for f in fields:
        new = getattr(record, f.attname, None)
        old = getattr(previous, f.attname, None) if previous is not None else None
        if previous is None and new in (None, ""):
            continue
        if previous is None or old != new:
            changes.append(Change(field_label(f), display(f, old), display(f, new)))
    return changes


def _rows(model, items, previous_of, *, masked: bool) -> list[HistoryRow]:
    fields = shown_fields(model, masked=masked)
    display = _Display(model, masked=masked)
    display.prefetch(fields, [*items, *(p for p in previous_of.values() if p is not None)])
    kinds = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    rows = []
    for record in items:
        who = person_name(record.history_user)
        rows.append(HistoryRow(record.history_date, who, kinds.get(record.history_type, ""),
                               record.history_change_reason or "",
                               _diff(record, previous_of.get(record.history_id), fields, display),
                               record_label(model, getattr(record, model._meta.pk.attname)),
                               getattr(record, model._meta.pk.attname)))
    return rows


def history_page(obj, *, page_number=1, per_page=20, masked: bool = True):
    """A page of HistoryRow of one object, newest first, each change compared with the record before it."""
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
    previous_of = {r.history_id: (items[i + 1] if i + 1 < len(items) else older) for i, r in enumerate(items)}
    return page, _rows(type(obj), items, previous_of, masked=masked)


def change_log_page(model, *, page_number=1, per_page=50, masked: bool = True, since=None, until=None,
                    user=None, station=None):
    """A page of the changes to every record of `model`, newest first, each against that record's previous
    version. The previous version's values come with each row (one subquery per field), so the page takes a
    fixed number of queries: the count, the rows, one per linked model."""
    historical = model.history.model
    fields = shown_fields(model, masked=masked)
    previous = historical.objects.filter(
        **{model._meta.pk.attname: OuterRef(model._meta.pk.attname)}, history_id__lt=OuterRef("history_id")
    ).order_by("-history_id")
    annotations = {"history_prev_id": Subquery(previous.values("history_id")[:1])}
    annotations.update({f"history_prev_{f.attname}": Subquery(previous.values(f.attname)[:1]) for f in fields})
    records = historical.objects.select_related("history_user").annotate(**annotations)
    if since:
        records = records.filter(history_date__date__gte=since)
    if until:
        records = records.filter(history_date__date__lte=until)
    if user is not None:
        records = records.filter(history_user=user)
    if station is not None:
        where = station_field(model)
        records = records.filter(**{where: station.pk}) if where else records.none()
    page = Paginator(records.order_by("-history_date", "-history_id"), per_page).get_page(page_number)
    items = list(page.object_list)
    previous_of = {
        r.history_id: _Previous({f.attname: getattr(r, f"history_prev_{f.attname}") for f in fields})
        if r.history_prev_id is not None else None
        for r in items
    }
    return page, _rows(model, items, previous_of, masked=masked)


def link_records(model, rows) -> None:
    """Give each row of a change log a link to its record, in one query: records that still exist and have a
    page, and are not about a person (those open to the serving circle only, never to a reader of the log)."""
    if is_person_record(model) or not hasattr(model, "get_absolute_url"):
        return
    found = model._default_manager.in_bulk({r.pk for r in rows if r.pk is not None})
    for row in rows:
        if row.pk in found:
            row.url = found[row.pk].get_absolute_url()


def station_field(model) -> str:
    """The field that places a record at a station (`station`, or the station itself), for the filter."""
    if model._meta.label_lower == "stations.station":
        return "id"
    names = {f.name for f in model._meta.concrete_fields}
    return "station_id" if "station" in names else ""


class _Previous:
    """The previous version's values of one row, read like a historical record."""

    def __init__(self, values: dict):
        self.__dict__.update(values)
