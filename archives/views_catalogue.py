"""archives: the views of the catalogue part (R22). Thin: gate, form, one action, response."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import workflow
from ningbo_sws.lib.caching import no_store
from ningbo_sws.lib.compliance import current_year, year_from
from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.records import Category, records
from ningbo_sws.lib.uploads import serve
from stations.access import principal, rule
from stations.models import Station

from . import actions_catalogue as actions
from . import catalogue, forms_catalogue
from .access_catalogue import (
    ARCHIVE_HOME_ROLES,
    ARCHIVE_POLICY,
    COMPLETENESS_ROLES,
    archive_station_for,
    disposal_list_for,
    document_for,
    visible_disposal_lists,
)
from .models_catalogue import Disposal, DisposalList

CATEGORY_LABELS = dict(Category.choices)


def _url_or_blank(name: str, *args) -> str:
    """A link to a page of another part of the archive (search, bundle), or "" while that part is not built."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _years() -> list[int]:
    """The years offered by a page's year switch: this year and the twelve before."""
    return list(range(current_year(), current_year() - 13, -1))


@rule("roles", roles=ARCHIVE_HOME_ROLES)
def archive_home(request):
    """The archives of the stations one serves (township officer, workers, assigned supervisors and assessors)."""
    p = principal(request)
    stations = (p.stations(ARCHIVE_HOME_ROLES & ARCHIVE_POLICY["view"]).select_related("district")
                .order_by("township__code"))
    return render(request, "archives/catalogue/home.html", {"stations": stations})


@rule("archive")
@no_store
def catalogue_page(request, station_id):
    """R22: every category of a station-year with its count and state (empty, thin, filled)."""
    station = archive_station_for(request, station_id)
    year = year_from(request.GET.get("year"))
    p = principal(request)
    found = catalogue.counts([station.pk], year)
    state = catalogue.completeness([station.pk], year, found_counts=found)[station.pk]
    rows = [{"category": c, "label": CATEGORY_LABELS[c], "count": state.counts[c], "state": state.state(c),
             "minimum": state.minimums.get(c, 0), "sources": [s.label for s in records.in_category(c)]}
            for c in Category.values]
    return render(request, "archives/catalogue/catalogue.html", {
        "station": station, "year": year, "years": _years(), "rows": rows, "state": state,
        "can_upload": p.can_station("upload", station, policy=ARCHIVE_POLICY),
        "can_disposal": p.can_station("disposal", station, policy=ARCHIVE_POLICY),
        "search_url": _url_or_blank("archives:search", station.pk),
        "bundle_url": _url_or_blank("archives:bundle", station.pk, year)})


@rule("archive")
@no_store
def catalogue_category(request, station_id, category):
    """One category of a station-year: each of its sources' records that the user may see, a page at a time."""
    station = archive_station_for(request, station_id)
    if category not in CATEGORY_LABELS:
        raise Http404
    year = year_from(request.GET.get("year"))
    sources = records.in_category(category)
    chosen = next((s for s in sources if s.code == request.GET.get("source")), sources[0] if sources else None)
    page, entries = None, []
    if chosen is not None:
        queryset = {s.code: qs for s, qs in catalogue.sources_for(principal(request), station, year)}[chosen.code]
        page = Paginator(queryset, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        entries = [chosen.describe(r) for r in page]
    total = catalogue.counts([station.pk], year)[station.pk]
    return render(request, "archives/catalogue/category.html", {
        "station": station, "year": year, "category": category, "label": CATEGORY_LABELS[category],
        "sources": [(s, total.get(s.code, 0)) for s in sources], "chosen": chosen, "page": page,
        "entries": entries, "retention": catalogue.RETENTION_YEARS.get(category),
        "can_upload": category in {c.value for c in actions.DOCUMENT_CATEGORIES}
        and principal(request).can_station("upload", station, policy=ARCHIVE_POLICY)})


# --- documents --------------------------------------------------------------------------------------------------
@rule("archive", "upload")
@require_http_methods(["GET", "POST"])
def document_new(request, station_id):
    """R22: upload a document that exists only as a file."""
    station = archive_station_for(request, station_id, "upload")
    initial = {"category": request.GET.get("category")} if request.GET.get("category") else None
    form = forms_catalogue.DocumentForm(request.POST or None, request.FILES or None, station=station,
                                        initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.upload_document(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The document is filed in the archive."))
            return redirect(document)
    return render(request, "archives/catalogue/form.html", {
        "form": form, "station": station, "title": _("Upload a document to the archive"), "multipart": True,
        "back_url": reverse("archives:catalogue", args=[station.pk])})


@rule("document")
def document_detail(request, station_id, document_id):
    document = document_for(request, station_id, document_id)
    return render(request, "archives/catalogue/document.html", {
        "document": document, "station": document.station, "category": CATEGORY_LABELS[document.category],
        "disposal": Disposal.objects.filter(source=f"{catalogue.DOCUMENT_SOURCE_PREFIX}{document.category}",
                                                      object_id=document.pk).first()})


@rule("document")
def document_file(request, station_id, document_id):
    return serve(document_for(request, station_id, document_id))


# --- retention and disposal -------------------------------------------------------------------------------------
@rule("archive", "disposal")
def disposal_index(request, station_id):
    """The station's disposal lists, and the years to draft one for."""
    station = archive_station_for(request, station_id, "disposal")
    p = principal(request)
    lists = visible_disposal_lists(p).filter(station=station).select_related("drafted_by")
    status = request.GET.get("status")
    if status in DisposalList.Status.values:
        lists = lists.filter(status=status)
    page = Paginator(lists.order_by("-drafted_at", "-id"), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "archives/catalogue/disposal_index.html", {
        "station": station, "page": page, "years": _years(),
        "can_dispose": p.can_station("dispose", station, policy=ARCHIVE_POLICY),
        "retention": [(CATEGORY_LABELS[c], y) for c, y in catalogue.RETENTION_YEARS.items()]})


@rule("archive", "dispose")
@require_http_methods(["GET", "POST"])
@no_store
def disposal_new(request, station_id):
    """R22: draft a disposal list of a station-year's records past their retention period."""
    station = archive_station_for(request, station_id, "dispose")
    year = year_from(request.GET.get("year"))
    found = actions.candidates(principal(request), station, year)
    open_keys = [(c.key, c.entry.title) for c in found if not c.refusal]
    form = forms_catalogue.DisposalListForm(request.POST or None, choices=open_keys)
    if request.method == "POST" and form.is_valid():
        try:
            disposal_list = actions.draft_disposal_list(actor=request.user, station=station, year=year,
                                                        **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The disposal list is drafted."))
            return redirect(disposal_list)
    return render(request, "archives/catalogue/disposal_new.html", {
        "station": station, "year": year, "years": _years(), "form": form, "candidates": found,
        "kept": [c for c in found if c.refusal]})


@rule("disposal")
@no_store
def disposal_detail(request, station_id, list_id):
    """A disposal list. The records' titles (which may name a person: "Case 12: 王小明") are shown to the station's
    township officer and workers, who drafted it; the district and the auditor read each record as its source,
    number, category and dates."""
    disposal_list = disposal_list_for(request, station_id, list_id)
    p = principal(request)
    moves = [m for m in DisposalList.workflow.from_state(disposal_list.status)
             if actions.may_move(p, disposal_list, m.name)]
    labels = {s.code: s.label for s in records}
    return render(request, "archives/catalogue/disposal_detail.html", {
        "disposal_list": disposal_list, "station": disposal_list.station, "moves": moves,
        "items": [(i, labels.get(i.source, i.source)) for i in disposal_list.items.all()],
        "show_titles": p.can_station("dispose", disposal_list.station, policy=ARCHIVE_POLICY),
        "status_changes": workflow.changes(disposal_list)})


@rule("disposal", "move")
@require_http_methods(["GET", "POST"])
def disposal_move(request, station_id, list_id):
    """Submit, send back, approve or carry out a disposal list (the step named by `move`)."""
    disposal_list = disposal_list_for(request, station_id, list_id, "move")
    p = principal(request)
    moves = [m for m in DisposalList.workflow.from_state(disposal_list.status)
             if actions.may_move(p, disposal_list, m.name)]
    data = request.POST if request.method == "POST" else None
    form = forms_catalogue.DisposalMoveForm(data, moves=moves, initial={"move": request.GET.get("move")})
    if request.method == "POST" and form.is_valid():
        try:
            actions.move_disposal_list(actor=request.user, disposal_list=disposal_list, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The disposal list is now “%(status)s”.") % {
                "status": DisposalList.objects.get(pk=disposal_list.pk).get_status_display()})
            return redirect(disposal_list)
    chosen = next((m for m in moves if m.name == (form.data.get("move") or request.GET.get("move"))), None)
    return render(request, "archives/catalogue/disposal_move.html", {
        "disposal_list": disposal_list, "station": disposal_list.station, "form": form, "moves": moves,
        "chosen": chosen})


# --- the bureaus: completeness before evaluation ----------------------------------------------------------------
@rule("roles", roles=COMPLETENESS_ROLES)
def completeness_page(request):
    """R22 before evaluation: the stations in scope × the archive's categories, counts only (two queries for any
    number of stations)."""
    year = year_from(request.GET.get("year"))
    p = principal(request)
    stations = list(Station.objects.filter(p.station_filter(COMPLETENESS_ROLES))
                    .select_related("district").order_by("district__code", "township__code"))
    found = catalogue.counts([s.pk for s in stations], year)
    states = catalogue.completeness([s.pk for s in stations], year, found_counts=found)
    categories = list(Category.values)
    rows = [{"station": s, "state": states[s.pk],
             "cells": [(states[s.pk].counts[c], states[s.pk].state(c)) for c in categories]} for s in stations]
    return render(request, "archives/catalogue/completeness.html", {
        "year": year, "years": _years(), "rows": rows,
        "categories": [CATEGORY_LABELS[c] for c in categories],
        "complete": sum(1 for r in rows if r["state"].complete)})
