"""The pages of background jobs (issue 11 item 7): one's own list, a job's page with its progress, its status as
JSON for `static/js/jobs.js`, the result to download, and retry."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ningbo_sws.lib.jobs import RESULT_TYPES

from . import actions_jobs
from .access import job_for, principal, rule
from .jobs import reconcile
from .models import Job

REFRESH_SECONDS = 3  # how often the page asks (and, without JavaScript, reloads) while a job runs


def _read_only(request):
    """After the gate (so a job one may not see is 404 whatever the method): these pages only read."""
    return None if request.method in ("GET", "HEAD") else HttpResponseNotAllowed(["GET", "HEAD"])


def _ip(request):
    return request.META.get("REMOTE_ADDR")


@rule("signed_in")
@require_GET
def job_list(request):
    """The jobs the user started, newest first."""
    jobs = Job.objects.filter(started_by=request.user).select_related("station", "division")
    page = Paginator(jobs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stations/job_list.html", {"page": page})


def _detail(request, job, status=200):
    kind = job.job_kind
    return render(request, "stations/job_detail.html", {
        "job": job, "refresh": REFRESH_SECONDS,
        "can_retry": job.is_finished and kind is not None
        and kind.may_start(principal(request), station=job.station, division=job.division),
    }, status=status)


@rule("job")
def job_detail(request, job_id):
    job = job_for(request, job_id)
    if refused := _read_only(request):
        return refused
    reconcile(job)
    response = _detail(request, job)
    response["Cache-Control"] = "no-store"
    return response


@rule("job")
def job_status(request, job_id):
    """The job's state for the page's script: {id, status, status_label, done, total, percent, finished,
    error, result_url}."""
    job = job_for(request, job_id)
    if refused := _read_only(request):
        return refused
    reconcile(job)
    response = JsonResponse({
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "finished": job.is_finished,
        "error": job.error or None,
        "result_url": reverse("job_result", args=[job.pk]) if job.status == Job.Status.DONE and job.result
        else None,
    })
    response["Cache-Control"] = "no-store"
    return response


@rule("job")
def job_result(request, job_id):
    """The finished job's file, as an attachment (never displayed by the browser), not cached."""
    job = job_for(request, job_id)
    if refused := _read_only(request):
        return refused
    if job.status != Job.Status.DONE or not job.result:
        raise Http404
    try:
        handle = job.result.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = job.result_type if job.result_type in RESULT_TYPES else "application/octet-stream"
    name = job.result_name or f"job-{job.pk}.{RESULT_TYPES.get(job.result_type, 'bin')}"
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@rule("job", "retry")
@require_http_methods(["GET", "POST"])
def job_retry(request, job_id):
    """POST: a new attempt of the same job. GET shows the job's page."""
    job = job_for(request, job_id, "retry")
    if request.method != "POST":
        return _detail(request, job)
    try:
        attempt = actions_jobs.retry_job(actor=request.user, job=job, ip_address=_ip(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(job)
    messages.success(request, _("The job is queued again (attempt %(attempt)s).") % {"attempt": attempt.attempt})
    return redirect(attempt)
