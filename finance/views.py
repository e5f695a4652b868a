"""Views of the finance app (R7, R13, R14, R21). Thin: one gate per object kind, a form, one action.

There is no delete anywhere: accounting archives are kept permanently (R21)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib import workflow
from ningbo_sws.lib.forms import form_error
from ningbo_sws.lib.history import history_page
from ningbo_sws.lib.uploads import serve
from stations.access import principal, rule
from stations.exports import wants_xlsx

from . import actions, exports, queries, reports
from . import exports as overview_exports
from .access import FINANCE_ROLES, account_for, can, ledger_for, station_finance_for, voucher_for
from .forms import (
    AccountForm,
    AttachForm,
    BudgetForm,
    ConfirmForm,
    EntryFormSet,
    LedgerForm,
    PostForm,
    ReverseForm,
    ReviewForm,
    SourceForm,
    VoucherForm,
    YearForm,
)
from .models import Budget, FinalAccounts, FundingSource, Voucher


def _rights(request, station) -> dict:
    p = principal(request)
    return {action: can(p, action, station) for action in ("vouchers", "prepare", "post", "review")}


# --- overview for the bureaus and the stations ------------------------------------------------------------------
@rule("roles", roles=FINANCE_ROLES)
def overview(request):
    """Balances and budget execution by station for a year (figures only, R21): four queries per page."""
    p = principal(request)
    form = YearForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_valid() else None) or timezone.localdate().year
    stations = list(p.stations(FINANCE_ROLES).select_related("district").order_by("township__code"))
    summaries = reports.station_summaries(stations, year)
    rows = [(s, summaries[s.pk]) for s in stations]
    groups, total = overview_exports.by_district(rows)  # lane lists: every station, subtotals per district
    if wants_xlsx(request):
        return overview_exports.overview_xlsx(request, groups, total, year)
    return render(request, "finance/overview.html", {"form": form, "year": year, "rows": rows, "groups": groups,
                                                     "total": total})


@rule("station_finance")
def station_books(request, station_id):
    station = station_finance_for(request, station_id)
    return render(request, "finance/station_books.html", {
        "station": station, "ledgers": station.ledgers.all(),
        "sources": FundingSource.objects.filter(station=station), **_rights(request, station),
    })


@rule("station_finance", "prepare")
@require_http_methods(["GET", "POST"])
def source_create(request, station_id):
    station = station_finance_for(request, station_id, "prepare")
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_funding_source(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The funding source is recorded."))
            return redirect("finance:station", station_id=station.pk)
    return render(request, "finance/form.html", {"form": form, "title": _("New funding source"),
                                                 "back_url": station_books_url(station)})


def station_books_url(station):
    from django.urls import reverse

    return reverse("finance:station", kwargs={"station_id": station.pk})


@rule("station_finance", "prepare")
@require_http_methods(["GET", "POST"])
def ledger_create(request, station_id):
    station = station_finance_for(request, station_id, "prepare")
    form = LedgerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger = actions.open_ledger(actor=request.user, station=station, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The books of the year are open."))
            return redirect(ledger)
    return render(request, "finance/form.html", {"form": form, "title": _("Open the books of a year"),
                                                 "back_url": station_books_url(station)})


# --- a year's books ---------------------------------------------------------------------------------------------
@rule("ledger")
def ledger_detail(request, ledger_id):
    ledger = ledger_for(request, ledger_id)
    final = FinalAccounts.objects.filter(ledger=ledger).select_related("prepared_by", "reviewed_by").first()
    return render(request, "finance/ledger.html", {
        "ledger": ledger, "station": ledger.station, "rows": reports.balance_rows(ledger), "final": final,
        "reports": reports.REPORTS, **_rights(request, ledger.station),
    })


@rule("ledger", "prepare")
@require_http_methods(["GET", "POST"])
def account_create(request, ledger_id):
    ledger = ledger_for(request, ledger_id, "prepare")
    form = AccountForm(request.POST or None, station=ledger.station)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["opening_balance"] = data["opening_balance"] or "0"
        try:
            account = actions.create_account(actor=request.user, ledger=ledger, **data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The ring-fenced account is open."))
            return redirect(account)
    return render(request, "finance/form.html", {"form": form, "title": _("New ring-fenced account"),
                                                 "back_url": ledger.get_absolute_url()})


@rule("ledger", "vouchers")
def voucher_list(request, ledger_id):
    """The year's vouchers, newest first; a fixed number of queries per page."""
    ledger = ledger_for(request, ledger_id, "vouchers")
    vouchers = Voucher.objects.filter(ledger=ledger).select_related("prepared_by", "posted_by").order_by(
        "-number", "-pk")
    status = request.GET.get("status", "")
    if status in Voucher.Status.values:
        vouchers = vouchers.filter(status=status)
    page = Paginator(vouchers, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "finance/voucher_list.html", {"ledger": ledger, "page": page, "status": status,
                                                         **_rights(request, ledger.station)})


@rule("ledger", "prepare")
@require_http_methods(["GET", "POST"])
def voucher_create(request, ledger_id):
    ledger = ledger_for(request, ledger_id, "prepare")
    form = VoucherForm(request.POST or None, initial={"date": timezone.localdate()})
    formset = EntryFormSet(request.POST or None, prefix="entries",
                           form_kwargs={"ledger": ledger, "feeds": queries.account_feeds(ledger)})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        entries = [f.cleaned_data for f in formset if f.cleaned_data.get("amount")]
        try:
            voucher = actions.prepare_voucher(actor=request.user, ledger=ledger, entries=entries,
                                              **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The voucher is prepared; the township officer posts it."))
            return redirect(voucher)
    return render(request, "finance/voucher_form.html", {"ledger": ledger, "form": form, "formset": formset})


@rule("ledger")
def report(request, ledger_id, report):
    ledger = ledger_for(request, ledger_id)  # the gate first: 404 outside scope whatever the method
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if report not in reports.BUILDERS:
        raise Http404
    table = reports.BUILDERS[report](ledger)
    return render(request, "finance/report.html", {"ledger": ledger, "table": table, "report": report})


@rule("ledger")
def report_xlsx(request, ledger_id, report):
    ledger = ledger_for(request, ledger_id)  # the gate first: 404 outside scope whatever the method
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if report not in reports.BUILDERS:
        raise Http404
    response = HttpResponse(exports.xlsx(reports.BUILDERS[report](ledger)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{report}-{ledger.station_id}-{ledger.year}.xlsx"'
    return response


@rule("ledger")
def report_pdf(request, ledger_id, report):
    ledger = ledger_for(request, ledger_id)  # the gate first: 404 outside scope whatever the method
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if report not in reports.BUILDERS:
        raise Http404
    response = HttpResponse(exports.pdf(reports.BUILDERS[report](ledger), station_name=ledger.station.name),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report}-{ledger.station_id}-{ledger.year}.pdf"'
    return response


@rule("ledger", "prepare")
@require_http_methods(["GET", "POST"])
def final_prepare(request, ledger_id):
    ledger = ledger_for(request, ledger_id, "prepare")
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.prepare_final_accounts(actor=request.user, ledger=ledger)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The final accounts are prepared; the district bureau reviews them."))
            return redirect(ledger)
    return render(request, "finance/form.html", {
        "form": form, "title": _("Prepare the final accounts of %(year)s") % {"year": ledger.year},
        "back_url": ledger.get_absolute_url()})


@rule("ledger", "review")
@require_http_methods(["GET", "POST"])
def final_review(request, ledger_id):
    ledger = ledger_for(request, ledger_id, "review")
    final = FinalAccounts.objects.filter(ledger=ledger).first()
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if final is None:
                raise ValidationError(_("The final accounts are not prepared yet."))
            actions.review_final_accounts(actor=request.user, final=final, opinion=form.cleaned_data["opinion"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The review is recorded and the year is closed."))
            return redirect(ledger)
    return render(request, "finance/form.html", {
        "form": form, "title": _("Review the final accounts of %(year)s") % {"year": ledger.year},
        "table": reports.final(ledger), "back_url": ledger.get_absolute_url()})


# --- accounts and budgets ---------------------------------------------------------------------------------------
@rule("account")
def account_detail(request, account_id):
    account = account_for(request, account_id)
    rights = _rights(request, account.ledger.station)
    budgets = Budget.objects.filter(account=account).select_related("prepared_by", "approved_by").prefetch_related(
        "lines")
    entries = None
    if rights["vouchers"]:
        entries = Paginator(account.entries.filter(voucher__status=Voucher.Status.POSTED).select_related(
            "voucher", "source").order_by("-voucher__number", "-pk"), settings.PAGE_SIZE).get_page(
            request.GET.get("page"))
    row = next(r for r in reports.balance_rows(account.ledger) if r["account"].pk == account.pk)
    return render(request, "finance/account.html", {
        "account": account, "ledger": account.ledger, "row": row, "budgets": budgets, "page": entries,
        "sources": account.sources.all(), **rights})


@rule("account", "prepare")
@require_http_methods(["GET", "POST"])
def budget_edit(request, account_id):
    account = account_for(request, account_id, "prepare")
    current = account.budgets.exclude(status=Budget.Status.SUPERSEDED).order_by("-version").first()
    initial = {line.category: line.amount for line in current.lines.all()} if current else {}
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.propose_budget(actor=request.user, account=account, lines=form.lines(),
                                   reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The budget version is saved; the township officer approves it."))
            return redirect(account)
    return render(request, "finance/form.html", {"form": form, "title": _("Budget of %(account)s") % {
        "account": account}, "back_url": account.get_absolute_url()})


@rule("account", "post")
@require_http_methods(["GET", "POST"])
def budget_approve(request, account_id):
    account = account_for(request, account_id, "post")
    draft = account.budgets.filter(status=Budget.Status.DRAFT).first()
    form = ReverseForm(request.POST or None)
    form.fields["reason"].label = _("Reason for the approval")
    if request.method == "POST" and form.is_valid():
        try:
            if draft is None:
                raise ValidationError(_("No budget version awaits approval."))
            actions.approve_budget(actor=request.user, budget=draft, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The budget version is approved."))
            return redirect(account)
    return render(request, "finance/form.html", {
        "form": form, "title": _("Approve the budget of %(account)s") % {"account": account},
        "budget": draft, "back_url": account.get_absolute_url()})


# --- vouchers ---------------------------------------------------------------------------------------------------
@rule("voucher")
def voucher_detail(request, voucher_id):
    voucher = voucher_for(request, voucher_id)
    attachments, changes = list(voucher.attachments.all()), list(workflow.changes(voucher))
    # Posted without an attachment: the reason given is the posting's status-change reason (issue 13 item 3).
    unattached = "" if attachments or voucher.reverses_id or not voucher.is_posted else next(
        (c.reason for c in changes if c.to_state == Voucher.Status.POSTED), "")
    return render(request, "finance/voucher.html", {
        "voucher": voucher, "ledger": voucher.ledger,
        "entries": voucher.entries.select_related("account", "source"),
        "attachments": attachments, "reversal": Voucher.objects.filter(reverses=voucher).first(),
        "status_changes": changes, "posted_without_attachment": unattached,
        **_rights(request, voucher.ledger.station)})


@rule("voucher", "post")
@require_http_methods(["GET", "POST"])
def voucher_post(request, voucher_id):
    voucher = voucher_for(request, voucher_id, "post")
    attachments = list(voucher.attachments.all())
    form = PostForm(request.POST or None, has_attachments=bool(attachments or voucher.reverses_id))
    if request.method == "POST" and form.is_valid():
        try:
            actions.post_voucher(actor=request.user, voucher=voucher,
                                 override_reason=form.cleaned_data["override_reason"],
                                 no_attachment_reason=form.cleaned_data.get("no_attachment_reason", ""))
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The voucher is posted."))
            return redirect(voucher)
    return render(request, "finance/form.html", {
        "form": form, "title": _("Post %(voucher)s") % {"voucher": voucher}, "back_url": voucher.get_absolute_url(),
        "voucher": voucher, "entries": voucher.entries.select_related("account", "source"),
        "attachments": attachments})


@rule("voucher", "prepare")
@require_http_methods(["GET", "POST"])
def voucher_reverse(request, voucher_id):
    voucher = voucher_for(request, voucher_id, "prepare")
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reversal = actions.prepare_reversal(actor=request.user, voucher=voucher,
                                                reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The reversal voucher is prepared; the township officer posts it."))
            return redirect(reversal)
    return render(request, "finance/form.html", {"form": form, "title": _("Reverse %(voucher)s") % {
        "voucher": voucher}, "back_url": voucher.get_absolute_url()})


@rule("voucher", "prepare")
@require_http_methods(["GET", "POST"])
def voucher_withdraw(request, voucher_id):
    voucher = voucher_for(request, voucher_id, "prepare")
    form = ReverseForm(request.POST or None)
    form.fields["reason"].label = _("Why is the draft withdrawn?")
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_voucher(actor=request.user, voucher=voucher, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The draft voucher is withdrawn; it stays on record."))
            return redirect(voucher)
    return render(request, "finance/form.html", {"form": form, "title": _("Withdraw %(voucher)s") % {
        "voucher": voucher}, "back_url": voucher.get_absolute_url()})


@rule("voucher", "prepare")
@require_http_methods(["GET", "POST"])
def voucher_attach(request, voucher_id):
    voucher = voucher_for(request, voucher_id, "prepare")
    form = AttachForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.attach(actor=request.user, voucher=voucher, **form.cleaned_data)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The scan is attached."))
            return redirect(voucher)
    return render(request, "finance/form.html", {"form": form, "title": _("Attach a scan to %(voucher)s") % {
        "voucher": voucher}, "back_url": voucher.get_absolute_url(), "multipart": True})


@rule("voucher")
def attachment_download(request, voucher_id, attachment_id):
    voucher = voucher_for(request, voucher_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    attachment = voucher.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return serve(attachment)




# --- history ----------------------------------------------------------------------------------------------------
@rule("account")
def account_history(request, account_id):
    account = account_for(request, account_id)
    page, rows = history_page(account, page_number=request.GET.get("page"))
    return render(request, "history.html", {"object": account, "page": page, "rows": rows,
                                            "back_url": account.get_absolute_url()})


@rule("voucher")
def voucher_history(request, voucher_id):
    voucher = voucher_for(request, voucher_id)
    page, rows = history_page(voucher, page_number=request.GET.get("page"))
    return render(request, "history.html", {"object": voucher, "page": page, "rows": rows,
                                            "back_url": voucher.get_absolute_url()})
