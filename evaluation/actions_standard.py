"""Every write of the standard part (R27): keyword-only, `actor` and a reason, one transaction, the permission
checked again here (the city bureau authors standards), history through the tracked save, status through the
workflow. A published or retired standard is refused any change (the models refuse it too)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ningbo_sws.lib.exceptions import ActionError
from ningbo_sws.lib.tracking import tracked_delete, tracked_save
from ningbo_sws.lib.words import join_clauses
from ningbo_sws.lib.workflow import advance
from stations.access import Principal
from stations.models import Role

from . import scoring, sheets_standard
from .models_standard import GradeBand, Indicator, Rater, Standard, refuse_unless_draft

STANDARD_FIELDS = ("name", "issuer", "scale", "bonus_cap", "rater_mode", "notes")
INDICATOR_FIELDS = ("code", "title", "points", "dimension", "kind", "options", "params", "guidance", "methods",
                    "materials", "binding", "binding_code", "rater")
BAND_FIELDS = ("name", "lower", "lower_inclusive", "upper", "upper_inclusive", "passing", "subsidy")
RATER_FIELDS = ("code", "name", "role", "weight")


def may_author(user) -> bool:
    """The city bureau sets the grading standard (R27)."""
    return Principal(user).has_role(Role.CITY)


def _check_author(actor) -> None:
    if not may_author(actor):
        raise PermissionDenied


def _locked(standard: Standard) -> Standard:
    locked = Standard.objects.select_for_update().get(pk=standard.pk)
    refuse_unless_draft(locked.pk)
    return locked


def _next_version(name: str, issuer: str) -> int:
    top = Standard.objects.filter(name=name, issuer=issuer).aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


@transaction.atomic
def create_standard(*, actor, reason: str, name: str, issuer: str, scale: int = 100, bonus_cap=None,
                    rater_mode: str = "columns", notes: str = "", version: int | None = None) -> Standard:
    """A new draft; its version is the next of that name and issuer unless given (and free)."""
    _check_author(actor)
    name, issuer = name.strip(), issuer.strip()
    if version is None or Standard.objects.filter(name=name, issuer=issuer, version=version).exists():
        version = _next_version(name, issuer)
    standard = Standard(name=name, issuer=issuer, scale=scale, bonus_cap=bonus_cap, rater_mode=rater_mode,
                        notes=notes, version=version, created_by=actor)
    tracked_save(standard, actor=actor, reason=reason)
    return standard


@transaction.atomic
def update_standard(*, actor, standard: Standard, reason: str, **fields) -> Standard:
    _check_author(actor)
    standard = _locked(standard)
    for name in STANDARD_FIELDS:
        if name in fields:
            setattr(standard, name, fields[name])
    if Standard.objects.filter(name=standard.name, issuer=standard.issuer, version=standard.version).exclude(
            pk=standard.pk).exists():
        raise ActionError(_("Version %(version)s of this standard exists already.") % {"version": standard.version},
                          field="name")
    tracked_save(standard, actor=actor, reason=reason)
    return standard


def _parent_for(standard: Standard, code: str):
    parent_code = code.rpartition(".")[0]
    if not parent_code:
        return None
    parent = Indicator.objects.filter(standard=standard, code=parent_code).first()
    if parent is None:
        raise ActionError(_("There is no indicator %(code)s to hold %(child)s; add it first.")
                          % {"code": parent_code, "child": code}, field="code")
    return parent


@transaction.atomic
def save_indicator(*, actor, standard: Standard, reason: str, indicator: Indicator | None = None,
                   **fields) -> Indicator:
    """Add an indicator to a draft (its parent is the indicator whose code is its code's prefix) or change one.
    A code that changes carries its indicators' codes with it."""
    _check_author(actor)
    standard = _locked(standard)
    if indicator is None:
        indicator = Indicator(standard=standard)
        top = standard.indicators.aggregate(top=Max("order"))["top"]
        indicator.order = (top or 0) + 1
    elif indicator.standard_id != standard.pk:
        raise ActionError(_("The indicator is not part of this standard."))
    old_code = indicator.code
    for name in INDICATOR_FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name])
    indicator.code = (indicator.code or "").strip()
    if standard.indicators.filter(code=indicator.code).exclude(pk=indicator.pk).exists():
        raise ActionError(_("The code %(code)s is taken in this standard.") % {"code": indicator.code},
                          field="code")
    indicator.full_clean(exclude=["parent", "standard", "rater"])
    parent = _parent_for(standard, indicator.code)
    if parent is not None and indicator.pk is not None and (
            parent.pk == indicator.pk or parent.code.startswith(f"{old_code}.")):
        raise ActionError(_("An indicator cannot sit under itself."), field="code")
    indicator.parent = parent
    if indicator.rater is not None and indicator.rater.standard_id != standard.pk:
        raise ActionError(_("The rater is not one of this standard's."), field="rater")
    tracked_save(indicator, actor=actor, reason=reason)
    if old_code and old_code != indicator.code:
        for child in standard.indicators.filter(code__startswith=f"{old_code}.").order_by("code"):
            child.code = indicator.code + child.code[len(old_code):]
            tracked_save(child, actor=actor, reason=reason)
    _renumber(standard)
    return indicator


def _code_key(code: str) -> tuple:
    return tuple(int(p) for p in code.split(".") if p.isdigit())


def _renumber(standard: Standard) -> None:
    """Keep `order` the tree's order by code (1, 1.1, 1.1.1, 1.2, 2 ...), so pages and sheets read it top down."""
    indicators = sorted(standard.indicators.all(), key=lambda i: _code_key(i.code))
    changed = []
    for order, indicator in enumerate(indicators, start=1):
        if indicator.order != order:
            indicator.order = order
            changed.append(indicator)
    Indicator.objects.bulk_update(changed, ["order"])  # the order is derived, not a change people make


@transaction.atomic
def delete_indicator(*, actor, indicator: Indicator, reason: str) -> Standard:
    """Remove an indicator of a draft with the indicators under it; returns the standard."""
    _check_author(actor)
    standard = _locked(indicator.standard)
    for child in standard.indicators.filter(code__startswith=f"{indicator.code}.").order_by("-code"):
        tracked_delete(child, actor=actor, reason=reason)
    tracked_delete(indicator, actor=actor, reason=reason)
    return standard


@transaction.atomic
def save_bands(*, actor, standard: Standard, bands: list[dict], reason: str) -> list[GradeBand]:
    """Replace the draft's grade bands, in the order given (best first or last, as the table has them)."""
    _check_author(actor)
    standard = _locked(standard)
    names = [b["name"].strip() for b in bands]
    if len(set(names)) != len(names):
        raise ActionError(_("Each grade may appear once."), field="bands")
    for old in standard.bands.all():
        tracked_delete(old, actor=actor, reason=reason)
    saved = []
    for order, values in enumerate(bands, start=1):
        band = GradeBand(standard=standard, order=order, **{k: values[k] for k in BAND_FIELDS if k in values})
        band.name = band.name.strip()
        tracked_save(band, actor=actor, reason=reason)
        saved.append(band)
    return saved


@transaction.atomic
def save_raters(*, actor, standard: Standard, raters: list[dict], reason: str) -> list[Rater]:
    """Set the draft's raters: rows with a known code are changed, new codes added, missing ones removed (their
    indicators then belong to no pool)."""
    _check_author(actor)
    standard = _locked(standard)
    codes = [r["code"].strip() for r in raters]
    if len(set(codes)) != len(codes):
        raise ActionError(_("Each rater's code may appear once."), field="raters")
    existing = {r.code: r for r in standard.raters.all()}
    for code, old in existing.items():
        if code not in codes:
            tracked_delete(old, actor=actor, reason=reason)
    saved = []
    for order, values in enumerate(raters, start=1):
        rater = existing.get(values["code"].strip()) or Rater(standard=standard)
        for name in RATER_FIELDS:
            if name in values:
                setattr(rater, name, values[name])
        rater.code, rater.order = rater.code.strip(), order
        tracked_save(rater, actor=actor, reason=reason)
        saved.append(rater)
    return saved


def _permit(actor):
    return lambda move: may_author(actor)


@transaction.atomic
def publish_standard(*, actor, standard: Standard, reason: str) -> Standard:
    """Publish a draft: refused, with every problem in words, unless the tree, the points and the bands agree."""
    _check_author(actor)
    standard = Standard.objects.select_for_update().get(pk=standard.pk)

    def effects(move):
        problems = scoring.validate(standard)
        if problems:
            shown = [p.message for p in problems[:8]]
            more = len(problems) - len(shown)
            text = join_clauses(shown) + (_("; and %(count)s more.") % {"count": more} if more else "")
            raise ActionError(_("The standard cannot be published: %(problems)s") % {"problems": text},
                              field="move")
        standard.published_at = timezone.now()

    advance(standard, actor=actor, reason=reason, move="publish", permit=_permit(actor), effects=effects)
    return standard


@transaction.atomic
def retire_standard(*, actor, standard: Standard, reason: str) -> Standard:
    _check_author(actor)
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    advance(standard, actor=actor, reason=reason, move="retire", permit=_permit(actor))
    return standard


def _fill(*, actor, standard: Standard, reason: str, indicators: list[dict], bands: list[dict],
          raters: list[dict]) -> None:
    """Write a whole tree into a new draft: raters, then indicators parents first, then bands."""
    by_code = {}
    rater_rows = {}
    for order, values in enumerate(raters, start=1):
        rater = Rater(standard=standard, order=order, **{k: values[k] for k in RATER_FIELDS if k in values})
        tracked_save(rater, actor=actor, reason=reason)
        rater_rows[rater.code] = rater
    for order, values in enumerate(indicators, start=1):
        parent_code = values["code"].rpartition(".")[0]
        if parent_code and parent_code not in by_code:
            raise ActionError(_("There is no indicator %(code)s to hold %(child)s; add it first.")
                              % {"code": parent_code, "child": values["code"]}, field="file")
        if values["code"] in by_code:
            raise ActionError(_("The code %(code)s is taken in this standard.") % {"code": values["code"]},
                              field="file")
        rater_code = values.get("rater") or ""
        if rater_code and rater_code not in rater_rows:
            raise ActionError(_("%(code)s names the rater %(rater)s, who is not in the sheet of raters.")
                              % {"code": values["code"], "rater": rater_code}, field="file")
        indicator = Indicator(standard=standard, parent=by_code.get(parent_code), order=order,
                              rater=rater_rows.get(rater_code),
                              **{k: values[k] for k in INDICATOR_FIELDS if k in values and k != "rater"})
        tracked_save(indicator, actor=actor, reason=reason, exclude=["parent", "standard", "rater"])
        by_code[indicator.code] = indicator
    for order, values in enumerate(bands, start=1):
        band = GradeBand(standard=standard, order=order, **{k: values[k] for k in BAND_FIELDS if k in values})
        tracked_save(band, actor=actor, reason=reason)


@transaction.atomic
def new_version(*, actor, standard: Standard, reason: str) -> Standard:
    """A draft copy of any version, numbered next: how a published standard is changed."""
    _check_author(actor)
    tree = scoring.load(standard)
    copy = create_standard(actor=actor, reason=reason, name=standard.name, issuer=standard.issuer,
                           scale=standard.scale, bonus_cap=standard.bonus_cap, rater_mode=standard.rater_mode,
                           notes=standard.notes)
    copy.based_on = standard
    tracked_save(copy, actor=actor, reason=reason)
    raters = {r.pk: r.code for r in tree.raters}
    _fill(actor=actor, standard=copy, reason=reason,
          raters=[{k: getattr(r, k) for k in RATER_FIELDS} for r in tree.raters],
          indicators=[{**{k: getattr(i, k) for k in INDICATOR_FIELDS if k != "rater"},
                       "rater": raters.get(i.rater_id, "")} for i in tree.indicators],
          bands=[{k: getattr(b, k) for k in BAND_FIELDS} for b in tree.bands])
    return copy


@transaction.atomic
def import_standard(*, actor, data: bytes, filename: str, reason: str) -> Standard:
    """A new draft from a workbook in the published shape (`sheets_standard`); the whole file or nothing."""
    _check_author(actor)
    parsed = sheets_standard.parse_workbook(data, filename)
    sheets_standard.check_parsed(parsed)
    about = parsed.about
    if not about.get("name") or not about.get("issuer"):
        raise ActionError(_("The sheet 标准 must give the standard's 名称 and 发布单位."), field="file")
    if about.get("scale") not in (100, 1000):
        raise ActionError(_("The scale (满分) must be 100 or 1000."), field="file")
    standard = create_standard(actor=actor, reason=reason, name=about["name"], issuer=about["issuer"],
                               scale=about["scale"], version=about.get("version") or None,
                               bonus_cap=Decimal(about["bonus_cap"]) if about.get("bonus_cap") else None,
                               rater_mode=about.get("rater_mode", "columns"), notes=about.get("notes", ""))
    _fill(actor=actor, standard=standard, reason=reason, indicators=parsed.indicators, bands=parsed.bands,
          raters=parsed.raters)
    return standard


@transaction.atomic
def create_default_standard(*, actor, reason: str) -> Standard:
    """A draft of the default standard built from the regulation (`default_standard`), next version."""
    _check_author(actor)
    from . import default_standard as default

    standard = create_standard(actor=actor, reason=reason, name=default.NAME, issuer=default.ISSUER, scale=100,
                               bonus_cap=Decimal(5), rater_mode="columns", notes=default.NOTES)
    _fill(actor=actor, standard=standard, reason=reason, indicators=default.indicators(), bands=default.bands(),
          raters=default.raters())
    return standard
