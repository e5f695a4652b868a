"""Pages for how a station is built and run: site and operation mode (R8, R11), rooms (R9), name plate (R10),
contracts (R15), the set-up lifecycle, uploaded files, and the operator registry. Thin: gate, form, one action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib.compliance import current_year
from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.history import history_page
from ningbo_sws.lib.uploads import serve

from . import actions, queries
from .access import (
    OPERATOR_EDITORS,
    OPERATOR_VIEWERS,
    attachment_for,
    contract_for,
    operator_for,
    principal,
    room_for,
    rule,
    station_for,
)
from .facilities import ContractPart
from .forms import ContractForm, MoveForm, OperatorForm, PlateForm, ReasonForm, RoomForm, SetupForm
from .guide import failing_rules
from .models import Role, Station


def _save(request, form, action, success, **kwargs):
    """Call one action with the form's data; on refusal show the message on the form. Returns the result or None."""
    try:
        result = action(actor=request.user, **kwargs)
    except ValidationError as exc:
        form_error(form, exc)
        return None
    messages.success(request, success)
    return result


# --- site, operation mode, plate -------------------------------------------------------------------------------
@rule("station", "change")
@require_http_methods(["GET", "POST"])
def station_setup(request, station_id):
    """R8 site basis and address, R11 operation mode, the recorded headcount (R9.1)."""
    station = station_for(request, station_id, "change")
    initial = {f: getattr(station, f) for f in ("site_basis", "site_note", "address", "operation_mode",
                                                "recorded_headcount")}
    form = SetupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, actions.record_setup, _("The site and operation mode are saved."), station=station,
        **form.cleaned_data,
    ):
        return redirect("station_detail", station_id=station.pk)
    return render(request, "stations/setup_form.html", {
        "station": station, "form": form, "title": _("Site and operation mode")})


@rule("station", "change")
@require_http_methods(["GET", "POST"])
def station_plate(request, station_id):
    """R10: name plate and logo, with a photo."""
    station = station_for(request, station_id, "change")
    initial = {"plate_name": station.plate_name or station.standard_name, "plate_hung": station.plate_hung,
               "logo_used": station.logo_used}
    form = PlateForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, actions.record_plate, _("The name plate is saved."), station=station, **form.cleaned_data,
    ):
        return redirect("station_detail", station_id=station.pk)
    return render(request, "stations/setup_form.html", {
        "station": station, "form": form, "title": _("Name plate and logo"), "multipart": True})


# --- rooms (R9) -------------------------------------------------------------------------------------------------
@rule("station", "change")
@require_http_methods(["GET", "POST"])
def room_new(request, station_id):
    station = station_for(request, station_id, "change")
    form = RoomForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, actions.save_room, _("The room is saved."), station=station, **form.cleaned_data,
    ):
        return redirect("station_detail", station_id=station.pk)
    return render(request, "stations/setup_form.html", {
        "station": station, "form": form, "title": _("Add a room"), "multipart": True})


@rule("room", "change")
@require_http_methods(["GET", "POST"])
def room_edit(request, room_id):
    room = room_for(request, room_id, "change")
    station = room.station
    initial = {f: getattr(room, f) for f in actions.ROOM_FIELDS}
    form = RoomForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, actions.save_room, _("The room is saved."), station=station, room=room, **form.cleaned_data,
    ):
        return redirect("station_detail", station_id=station.pk)
    return render(request, "stations/setup_form.html", {
        "station": station, "form": form, "title": _("Edit the room %(room)s") % {"room": room},
        "multipart": True, "photos": room.photos.all(), "room": room})


@rule("room", "change")
@require_http_methods(["GET", "POST"])
def room_delete(request, room_id):
    room = room_for(request, room_id, "change")
    station = room.station
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, actions.delete_room, _("The room is removed."), room=room, reason=form.cleaned_data["reason"],
    ):
        return redirect("station_detail", station_id=station.pk)
    return render(request, "stations/confirm.html", {
        "form": form, "title": _("Remove the room %(room)s") % {"room": room},
        "back_url": station.get_absolute_url()})


# --- lifecycle --------------------------------------------------------------------------------------------------
@rule("station", "lifecycle")
@require_http_methods(["GET", "POST"])
def station_lifecycle(request, station_id):
    """The set-up lifecycle: the moves this user may make now (`Station.workflow`), each with a reason."""
    station = station_for(request, station_id, "lifecycle")
    p = principal(request)
    moves = [m for m in station.moves() if p.can_station(m.name, station, policy={m.name: m.roles})]
    # What still fails on the report card, shown before a submission (to confirm) or an approval (issue 13 item 3).
    names = {m.name for m in moves}
    failing = failing_rules(station) if names & {"submit", "approve"} else []
    form = MoveForm(request.POST or None, moves=moves, failing=failing,
                    blocked="submit" in names and bool(station.submission_gaps()))
    if request.method == "POST" and form.is_valid() and _save(
        request, form, actions.move_station, _("The station's status is changed."), station=station,
        move=form.cleaned_data["move"], reason=form.cleaned_data["reason"],
    ):
        return redirect("station_detail", station_id=station.pk)
    return render(request, "stations/lifecycle.html", {"station": station, "form": form, "moves": moves,
                                                       "failing": failing, "year": current_year()})


# --- contracts (R15) --------------------------------------------------------------------------------------------
def _contract_kwargs(data):
    parts = {part.value: data[part.value] for part in ContractPart}
    return {"operator": data["operator"], "number": data["number"], "starts_on": data["starts_on"],
            "ends_on": data["ends_on"], "amount": data["amount"], "parts": parts, "pdf": data["pdf"],
            "reason": data["reason"]}


@rule("station", "contract")
@require_http_methods(["GET", "POST"])
def contract_new(request, station_id):
    station = station_for(request, station_id, "contract")
    form = ContractForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, actions.save_contract, _("The contract is saved."), station=station,
        **_contract_kwargs(form.cleaned_data),
    ):
        return redirect("station_detail", station_id=station.pk)
    return render(request, "stations/setup_form.html", {
        "station": station, "form": form, "title": _("Add a contract"), "multipart": True})


@rule("contract", "change")
@require_http_methods(["GET", "POST"])
def contract_edit(request, contract_id):
    contract = contract_for(request, contract_id, "change")
    station = contract.station
    initial = {f: getattr(contract, f) for f in ("operator", "number", "starts_on", "ends_on", "amount")}
    initial.update({part.value: getattr(contract, part.value) for part in ContractPart})
    form = ContractForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, actions.save_contract, _("The contract is saved."), station=station, contract=contract,
        **_contract_kwargs(form.cleaned_data),
    ):
        return redirect("station_detail", station_id=station.pk)
    return render(request, "stations/setup_form.html", {
        "station": station, "form": form, "title": _("Edit the contract %(contract)s") % {"contract": contract},
        "multipart": True, "photos": contract.files.all()})


@rule("contract")
def contract_history(request, contract_id):
    contract = contract_for(request, contract_id)
    page, rows = history_page(contract, page_number=request.GET.get("page"))
    return render(request, "history.html", {"object": contract, "page": page, "rows": rows,
                                            "back_url": contract.station.get_absolute_url()})


@rule("roles", roles=(Role.CITY, Role.DISTRICT, Role.TOWNSHIP))
def contracts_ending(request):
    """Contracts ending within 60 days (R15), for the township and the district to renew in time."""
    contracts = queries.contracts_ending(principal(request))
    page = Paginator(contracts, 50).get_page(request.GET.get("page"))
    return render(request, "stations/contracts_ending.html", {"page": page})


# --- files ------------------------------------------------------------------------------------------------------
@rule("attachment")
def attachment_file(request, attachment_id):
    """A stored file, only to those who may see its station (contracts: who may see contracts)."""
    return serve(attachment_for(request, attachment_id))


# --- operators --------------------------------------------------------------------------------------------------
@rule("roles", roles=OPERATOR_VIEWERS)
def operator_list(request):
    search = request.GET.get("q", "").strip()[:50]
    page = Paginator(queries.operators(search=search), 50).get_page(request.GET.get("page"))
    return render(request, "stations/operator_list.html", {
        "page": page, "q": search, "can_add": principal(request).has_role(*OPERATOR_EDITORS)})


@rule("roles", roles=OPERATOR_EDITORS)
@require_http_methods(["GET", "POST"])
def operator_new(request):
    form = OperatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        operator = _save(request, form, actions.save_operator, _("The operator is registered."), **form.cleaned_data)
        if operator:
            return redirect("operator_detail", operator_id=operator.pk)
    return render(request, "stations/operator_form.html", {"form": form, "title": _("Register an operator")})


@rule("operator")
def operator_detail(request, operator_id):
    operator = operator_for(request, operator_id)
    p = principal(request)
    stations = Station.objects.filter(p.station_filter(), contracts__operator=operator).distinct()
    contracts = operator.contracts.filter(station__in=stations).select_related("station").order_by("-starts_on")
    return render(request, "stations/operator_detail.html", {
        "operator": operator, "contracts": contracts,
        "can_change": p.has_role(*OPERATOR_EDITORS) and p.can_change_operator(operator)})


@rule("operator", "change")
@require_http_methods(["GET", "POST"])
def operator_edit(request, operator_id):
    operator = operator_for(request, operator_id, "change")
    initial = {f: getattr(operator, f) for f in actions.OPERATOR_FIELDS}
    form = OperatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(
        request, form, actions.save_operator, _("The operator's record is saved."), operator=operator,
        **form.cleaned_data,
    ):
        return redirect("operator_detail", operator_id=operator.pk)
    return render(request, "stations/operator_form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": operator.name}, "operator": operator})


@rule("operator")
def operator_history(request, operator_id):
    operator = operator_for(request, operator_id)
    page, rows = history_page(operator, page_number=request.GET.get("page"))
    return render(request, "history.html", {"object": operator, "page": page, "rows": rows,
                                            "back_url": reverse("operator_detail", args=[operator.pk])})
