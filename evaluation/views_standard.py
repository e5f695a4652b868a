"""evaluation: the views of the standard part — the city's pages to list, create, edit (drafts only), import,
export, publish and retire grading standards (R27). Each view: the gate, a form, one action, the response."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import export, workflow
from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.history import history_page
from stations.access import ALL_ROLES, principal, rule

from . import actions_standard as actions
from . import forms_standard as forms
from . import scoring, sheets_standard
from .access_standard import AUTHORS, can_standard, standard_for
from .models_standard import Indicator, RaterMode, Standard
from .queries_standard import visible_standards


def _run(request, form, action, success, **kwargs):
    """One action with the form's data; a refusal is shown on the form. The result, or None."""
    try:
        result = action(actor=request.user, **kwargs)
    except ValidationError as exc:
        form_error(form, exc)
        return None
    messages.success(request, success)
    return result


def _draft_or_back(request, standard):
    """A page that changes a standard: a published or retired one goes back to its page with the reason."""
    if standard.is_draft:
        return None
    messages.error(request, _("A published or retired grading standard cannot be changed; make a new version."))
    return redirect(standard)


# --- lists and new standards -------------------------------------------------------------------------------------
@rule("roles", roles=ALL_ROLES)
def standard_list(request):
    p = principal(request)
    page = Paginator(visible_standards(p).order_by("issuer", "name", "-version"), 50).get_page(
        request.GET.get("page"))
    return render(request, "evaluation/standard/list.html", {"page": page, "can_author": p.has_role(*AUTHORS)})


@rule("roles", roles=AUTHORS)
@require_http_methods(["GET", "POST"])
def standard_new(request):
    form = forms.StandardForm(request.POST or None, initial={"issuer": "宁波市民政局", "scale": 100})
    if request.method == "POST" and form.is_valid():
        standard = _run(request, form, actions.create_standard, _("The draft standard is created."),
                        **form.cleaned_data)
        if standard:
            return redirect(standard)
    return render(request, "evaluation/standard/form.html", {"form": form, "title": _("New grading standard")})


@rule("roles", roles=AUTHORS)
@require_http_methods(["GET", "POST"])
def standard_default(request):
    """The default standard built from the regulation (R27's six dimensions), as a draft to edit."""
    form = forms.ReasonForm(request.POST or None, initial={"reason": _("Default standard from the regulation")})
    if request.method == "POST" and form.is_valid():
        standard = _run(request, form, actions.create_default_standard,
                        _("A draft of the default standard is created; edit it, then publish it."),
                        reason=form.cleaned_data["reason"])
        if standard:
            return redirect(standard)
    return render(request, "evaluation/standard/confirm.html", {
        "form": form, "title": _("Create the default standard"), "back_url": reverse("evaluation:standard_list"),
        "text": _("The default standard follows the six dimensions of R27 (basic conditions, internal management, "
                  "staffing, service capacity, service performance, social impact) on 100 points, with a one-vote "
                  "veto and up to 5 bonus points. It is created as a draft.")})


@rule("roles", roles=AUTHORS)
@require_http_methods(["GET", "POST"])
def standard_import(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        standard = _run(request, form, actions.import_standard, _("The standard is imported as a draft."),
                        data=upload.read(), filename=upload.name, reason=form.cleaned_data["reason"])
        if standard:
            return redirect(standard)
    return render(request, "evaluation/standard/import.html", {"form": form})


# --- one standard ---------------------------------------------------------------------------------------------
@rule("standard")
def standard_detail(request, standard_id):
    standard = standard_for(request, standard_id)
    tree = scoring.load(standard)
    p = principal(request)
    rows = [{"indicator": i, "level": i.level, "leaf": tree.is_leaf(i),
             "dimension": tree.dimension_of(i) if i.parent_id is None else "",
             "options": sheets_standard.options_text(i.options).split("\n") if i.options else [],
             "params": sheets_standard.params_text(i.params), "methods": sheets_standard.methods_text(i.methods)}
            for i in tree.indicators]
    raters = {r.pk: r for r in tree.raters}
    for row in rows:
        row["rater"] = raters.get(row["indicator"].rater_id)
    can_change = can_standard(p, "change", standard)
    return render(request, "evaluation/standard/detail.html", {
        "standard": standard, "tree": tree, "rows": rows, "can_change": can_change,
        "editable": can_change and standard.is_draft,
        "problems": scoring.validate(tree) if standard.is_draft else [],
        "pools": standard.rater_mode == RaterMode.POOLS,
        "status_changes": workflow.changes(standard).select_related("by")})


@rule("standard", "change")
@require_http_methods(["GET", "POST"])
def standard_edit(request, standard_id):
    standard = standard_for(request, standard_id, "change")
    back = _draft_or_back(request, standard)
    if back:
        return back
    initial = {f: getattr(standard, f) for f in actions.STANDARD_FIELDS}
    form = forms.StandardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and _run(
            request, form, actions.update_standard, _("The standard is saved."), standard=standard,
            **form.cleaned_data):
        return redirect(standard)
    return render(request, "evaluation/standard/form.html", {
        "form": form, "standard": standard, "title": _("Edit %(name)s") % {"name": standard}})


@rule("standard", "change")
@require_http_methods(["GET", "POST"])
def standard_indicator_new(request, standard_id):
    standard = standard_for(request, standard_id, "change")
    back = _draft_or_back(request, standard)
    if back:
        return back
    parent = request.GET.get("parent", "")[:20]
    initial = {"code": f"{parent}." if parent else "", "kind": "yes_no"}
    form = forms.IndicatorForm(request.POST or None, standard=standard, initial=initial)
    if request.method == "POST" and form.is_valid() and _run(
            request, form, actions.save_indicator, _("The indicator is added."), standard=standard,
            reason=form.cleaned_data["reason"], **form.action_fields()):
        return redirect(standard)
    return render(request, "evaluation/standard/indicator_form.html", {
        "form": form, "standard": standard, "title": _("New indicator")})


def _indicator(standard, indicator_id) -> Indicator:
    return get_object_or_404(Indicator, standard=standard, pk=indicator_id)


@rule("standard", "change")
@require_http_methods(["GET", "POST"])
def standard_indicator_edit(request, standard_id, indicator_id):
    standard = standard_for(request, standard_id, "change")
    indicator = _indicator(standard, indicator_id)
    back = _draft_or_back(request, standard)
    if back:
        return back
    form = forms.IndicatorForm(request.POST or None, standard=standard, initial=forms.indicator_initial(indicator))
    if request.method == "POST" and form.is_valid() and _run(
            request, form, actions.save_indicator, _("The indicator is saved."), standard=standard,
            indicator=indicator, reason=form.cleaned_data["reason"], **form.action_fields()):
        return redirect(standard)
    return render(request, "evaluation/standard/indicator_form.html", {
        "form": form, "standard": standard, "indicator": indicator,
        "title": _("Edit indicator %(code)s") % {"code": indicator.code}})


@rule("standard", "change")
@require_http_methods(["GET", "POST"])
def standard_indicator_delete(request, standard_id, indicator_id):
    standard = standard_for(request, standard_id, "change")
    indicator = _indicator(standard, indicator_id)
    back = _draft_or_back(request, standard)
    if back:
        return back
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _run(
            request, form, actions.delete_indicator, _("The indicator is removed."), indicator=indicator,
            reason=form.cleaned_data["reason"]):
        return redirect(standard)
    return render(request, "evaluation/standard/confirm.html", {
        "form": form, "title": _("Remove indicator %(code)s") % {"code": indicator.code},
        "text": _("The indicator %(code)s “%(title)s” and every indicator under it are removed from the draft.")
        % {"code": indicator.code, "title": indicator.title}, "back_url": standard.get_absolute_url()})


@rule("standard", "change")
@require_http_methods(["GET", "POST"])
def standard_bands(request, standard_id):
    standard = standard_for(request, standard_id, "change")
    back = _draft_or_back(request, standard)
    if back:
        return back
    initial = [{f: getattr(b, f) for f in actions.BAND_FIELDS} for b in standard.bands.order_by("order", "id")]
    formset = forms.BandFormSet(request.POST or None, initial=initial, prefix="bands")
    reason = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and formset.is_valid() and reason.is_valid():
        bands = [f.cleaned_data for f in formset.forms
                 if f.cleaned_data and f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")]
        if _run(request, reason, actions.save_bands, _("The grade bands are saved."), standard=standard,
                bands=bands, reason=reason.cleaned_data["reason"]) is not None:
            return redirect(standard)
    return render(request, "evaluation/standard/bands.html", {
        "formset": formset, "reason_form": reason, "standard": standard})


@rule("standard", "change")
@require_http_methods(["GET", "POST"])
def standard_raters(request, standard_id):
    standard = standard_for(request, standard_id, "change")
    back = _draft_or_back(request, standard)
    if back:
        return back
    initial = [{f: getattr(r, f) for f in actions.RATER_FIELDS} for r in standard.raters.order_by("order", "id")]
    formset = forms.RaterFormSet(request.POST or None, initial=initial, prefix="raters")
    reason = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and formset.is_valid() and reason.is_valid():
        raters = [f.cleaned_data for f in formset.forms
                  if f.cleaned_data and f.cleaned_data.get("code") and not f.cleaned_data.get("DELETE")]
        if _run(request, reason, actions.save_raters, _("The raters are saved."), standard=standard,
                raters=raters, reason=reason.cleaned_data["reason"]) is not None:
            return redirect(standard)
    return render(request, "evaluation/standard/raters.html", {
        "formset": formset, "reason_form": reason, "standard": standard})


def _move_page(request, standard, *, action, title, text, success, allowed):
    form = forms.ReasonForm(request.POST or None)
    if not allowed:  # the page says why; nothing to confirm
        return render(request, "evaluation/standard/confirm.html", {
            "title": title, "back_url": standard.get_absolute_url(),
            "text": _("This step is not open for a standard that is %(status)s.")
            % {"status": standard.get_status_display()}})
    if request.method == "POST" and form.is_valid():
        done = _run(request, form, action, success, standard=standard, reason=form.cleaned_data["reason"])
        if done:
            return redirect(done)
    return render(request, "evaluation/standard/confirm.html", {
        "form": form, "title": title, "text": text, "back_url": standard.get_absolute_url(),
        "problems": scoring.validate(standard) if action is actions.publish_standard else []})


@rule("standard", "change")
@require_http_methods(["GET", "POST"])
def standard_publish(request, standard_id):
    standard = standard_for(request, standard_id, "change")
    return _move_page(request, standard, action=actions.publish_standard, allowed=standard.is_draft,
                      title=_("Publish %(name)s") % {"name": standard},
                      text=_("Once published, the standard cannot be changed: a change is a new version."),
                      success=_("The standard is published."))


@rule("standard", "change")
@require_http_methods(["GET", "POST"])
def standard_retire(request, standard_id):
    standard = standard_for(request, standard_id, "change")
    return _move_page(request, standard, action=actions.retire_standard,
                      allowed=standard.status == Standard.Status.PUBLISHED,
                      title=_("Retire %(name)s") % {"name": standard},
                      text=_("A retired standard stays readable with the results scored by it, but no new "
                             "evaluation year can choose it."), success=_("The standard is retired."))


@rule("standard", "change")
@require_http_methods(["GET", "POST"])
def standard_copy(request, standard_id):
    standard = standard_for(request, standard_id, "change")
    return _move_page(request, standard, action=actions.new_version, allowed=True,
                      title=_("New version of %(name)s") % {"name": standard},
                      text=_("A draft copy of this version, with the next version number, to edit and publish."),
                      success=_("The new version is created as a draft."))


@rule("standard")
def standard_export(request, standard_id):
    standard = standard_for(request, standard_id)
    return export.xlsx_response(sheets_standard.filename(standard),
                                sheets_standard.workbook_sheets(scoring.load(standard)))


@rule("standard")
def standard_history(request, standard_id):
    standard = standard_for(request, standard_id)
    page, rows = history_page(standard, page_number=request.GET.get("page"))
    return render(request, "history.html", {"object": standard, "page": page, "rows": rows,
                                            "status_changes": workflow.changes(standard),
                                            "back_url": standard.get_absolute_url()})
