"""Starting and retrying background jobs (issue 11 item 7). The writes of `stations.jobs`; see there."""

import json
import logging
from functools import partial

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ningbo_sws.lib.exceptions import ActionError

from .access import Principal
from .jobs import KINDS, Job, kind_of
from .models import Division, Station

logger = logging.getLogger(__name__)


def _scope(scope) -> dict:
    if isinstance(scope, Station):
        return {"station": scope, "division": None}
    if isinstance(scope, Division):
        return {"station": None, "division": scope}
    raise TypeError("a job's scope is a Station or a Division")


@transaction.atomic
def start_job(*, actor, kind: str, scope, task=None, ip_address: str | None = None, **kwargs) -> Job:
    """Record a job of `kind` over `scope` (a station or a division) started by `actor`, and enqueue its task when
    the transaction commits. `kwargs` are the task's arguments (JSON: numbers, strings, lists, dicts)."""
    job_kind = KINDS.get(kind)
    if job_kind is None:
        raise ImproperlyConfigured(f"unknown job kind {kind!r}: declare it with stations.jobs.job_task")
    if task is not None and task is not job_kind.task:
        raise ImproperlyConfigured(f"job kind {kind!r} runs {job_kind.task.module_path}, not {task.module_path}")
    where = _scope(scope)
    if not job_kind.may_start(Principal(actor), **where):
        raise PermissionDenied
    json.dumps(kwargs)  # a TypeError here: the arguments must be plain data (ids, not objects)
    job = Job.objects.create(kind=kind, task_path=job_kind.task.module_path, arguments=kwargs, started_by=actor,
                             language=translation.get_language() or "", ip_address=ip_address, **where)
    transaction.on_commit(partial(enqueue_job, job.pk))
    return job


@transaction.atomic
def retry_job(*, actor, job: Job, ip_address: str | None = None) -> Job:
    """A new attempt of a finished job: the same kind, scope and arguments, started by `actor`, who must be
    allowed to start a job of this kind there."""
    job_kind = kind_of(job)
    if job_kind is None or not job_kind.may_start(Principal(actor), station=job.station, division=job.division):
        raise PermissionDenied
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not job.is_finished:
        raise ActionError(_("The job is still running: it can be retried once it has finished."))
    attempt = Job.objects.create(
        kind=job.kind, task_path=job_kind.task.module_path, arguments=job.arguments, started_by=actor,
        station=job.station, division=job.division, language=translation.get_language() or "",
        ip_address=ip_address, attempt=job.attempt + 1, retry_of=job)
    transaction.on_commit(partial(enqueue_job, attempt.pk))
    return attempt


def enqueue_job(job_id: int) -> None:
    """Hand the job to the task backend (after commit, so the worker finds the row). If the queue cannot be
    reached, the job fails at once with the reason in words."""
    job = Job.objects.get(pk=job_id)
    job_kind = kind_of(job)
    try:
        result = job_kind.task.enqueue(job_id=job.pk, **job.arguments)
    except Exception:  # whatever the backend raises (Redis down, database locked): say so in words
        logger.exception("job %s could not be enqueued", job.pk)
        with translation.override(job.language or None):
            job.fail(_("The job could not be queued: the job service cannot be reached. Try again later."))
        return
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])
