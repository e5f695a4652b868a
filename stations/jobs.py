"""Background jobs (issue 11 item 7): the one home for long work that runs in a worker — the archives' yearly
bundle, evaluation's report batches, big exports.

- A job kind is a task declared with `@job_task(kind=..., label=..., may_start=...)` in the app that owns the
  work (e.g. `services/jobs.py`). It is a task of Django's tasks API (the `django-tasks` backport): it runs on
  the database backend by default (`manage.py db_worker`) or on RQ when `REDIS_URL` is set.
- `Job` records one attempt: kind, who started it, the station or division it concerns, status, done/total,
  the result file, the error in words, timestamps and the task result id. `stations.actions_jobs.start_job`
  creates it and enqueues the task when the transaction commits; `retry_job` makes a new attempt.
- While the task runs it calls `ningbo_sws.lib.jobs.report_progress(done, total)` and returns an `Output`;
  the runner here stores the output under a generated name through the storage API, or records the failure in
  words (a `JobFailed` message, else a general sentence: never a traceback).

Imported by `stations.models`, so Django finds the model.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.jobs import RESULT_TYPES, JobFailed, Output, percent, reporting

logger = logging.getLogger(__name__)


def job_result_path(instance, filename) -> str:
    """A generated name: the result is made by the application, never named by a person."""
    extension = RESULT_TYPES.get(instance.result_type, "bin")
    return f"jobs/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


class Job(models.Model):
    """One attempt at a background job. Written by the machinery (`start_job`, the runner), never by a form."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    FINISHED = frozenset({Status.DONE, Status.FAILED})

    kind = models.CharField(_("kind of job"), max_length=80)
    task_path = models.CharField(_("task"), max_length=200)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="jobs",
                                   verbose_name=_("started by"))
    station = models.ForeignKey("Station", models.PROTECT, null=True, blank=True, related_name="jobs",
                                verbose_name=_("station"))
    division = models.ForeignKey("Division", models.PROTECT, null=True, blank=True, related_name="jobs",
                                 verbose_name=_("division"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    result = models.FileField(_("result"), upload_to=job_result_path, max_length=200, blank=True)
    result_name = models.CharField(_("result file name"), max_length=200, blank=True)
    result_type = models.CharField(_("result file type"), max_length=80, blank=True)
    result_size = models.PositiveBigIntegerField(_("result size (bytes)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    retry_of = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="retries",
                                 verbose_name=_("retry of"))
    task_result_id = models.CharField(_("task result id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="stations_job_starter_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(station__isnull=True) | models.Q(division__isnull=True),
                                   name="stations_job_one_scope"),
        ]

    def __str__(self):
        return f"{self.label} #{self.pk}"

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    @property
    def job_kind(self) -> "JobKind | None":
        return kind_of(self)

    @property
    def label(self) -> str:
        kind = kind_of(self)
        return str(kind.label) if kind else self.kind

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else percent(self.done, self.total)

    @property
    def scope(self):
        return self.station or self.division

    # --- written by the runner (each a single UPDATE, committed at once so the page sees it) ---------------
    def _update(self, **values) -> None:
        for name, value in values.items():
            setattr(self, name, value)
        Job.objects.filter(pk=self.pk).update(**values)

    def progress(self, done: int, total: int) -> None:
        self._update(done=min(done, total) if total else done, total=total)

    def keep(self, output: Output) -> None:
        """Store the task's output through the storage API, under a generated name."""
        self.result_type = output.content_type
        output.handle.seek(0)
        self.result.save(f"result.{RESULT_TYPES[output.content_type]}", File(output.handle), save=False)
        self._update(result=self.result.name, result_type=output.content_type, result_name=output.name[:200],
                     result_size=self.result.size)

    def fail(self, message: str) -> None:
        self._update(status=self.Status.FAILED, error=message, finished_at=timezone.now())


# --- kinds ------------------------------------------------------------------------------------------------------
# The roles besides the starter who see a job over its station: the township officer (the responsible entity,
# R6) and the district officer who oversees it. A kind whose result holds personal data narrows this.
DEFAULT_VIEWERS = frozenset({"township", "district"})  # Role.TOWNSHIP, Role.DISTRICT (models imports this module)


@dataclass(frozen=True)
class JobKind:
    name: str
    label: object  # a lazy translation
    task: object  # the django-tasks Task
    # may_start(principal, *, station, division) -> bool: who may start (and so retry) a job of this kind
    may_start: Callable[..., bool]
    viewers: frozenset = field(default=DEFAULT_VIEWERS)


KINDS: dict[str, JobKind] = {}


def kind_of(job: Job) -> JobKind | None:
    """The job's kind, importing the module that declares it if need be (the web process may not have yet)."""
    if job.kind not in KINDS and job.task_path:
        try:
            import_string(job.task_path)
        except ImportError:
            return None
    return KINDS.get(job.kind)


def job_task(*, kind: str, label, may_start, viewers=DEFAULT_VIEWERS):
    """Declare a job kind. The decorated function takes `job` (the Job) and the job's keyword arguments, calls
    `report_progress`, and returns an `Output` (or None); the module-level name is the django-tasks Task."""
    from django_tasks import task

    def decorate(func):
        def run(job_id: int, **kwargs):
            return run_job(job_id, func, kwargs)

        run.__module__, run.__name__, run.__qualname__ = func.__module__, func.__name__, func.__qualname__
        run.__doc__ = func.__doc__
        declared = task()(run)
        KINDS[kind] = JobKind(kind, label, declared, may_start, frozenset(viewers))
        return declared

    return decorate


def unexpected_error() -> str:
    return gettext("The job stopped because of an unexpected error. Try again; if it fails again, tell the "
                   "system administrator the job's number.")


def stopped_outside_the_job() -> str:
    return gettext("The job stopped before it could finish (the job service ended it). Try again; if it stops "
                   "again, tell the system administrator the job's number.")


def _backend_status(result_id: str) -> str | None:
    """The backend's status of a task result, also when its task can no longer be loaded; None if unknown."""
    from django_tasks import task_backends

    backend = task_backends["default"]
    try:
        return backend.get_result(result_id).status
    except Exception:  # the task cannot be loaded, or the backend does not answer: ask its own records
        logger.debug("task result %s: asking the backend's records", result_id, exc_info=True)
    try:
        if backend.__class__.__name__ == "DatabaseBackend":
            from django_tasks_db.models import DBTaskResult

            return DBTaskResult.objects.filter(id=result_id).values_list("status", flat=True).first()
        if backend.__class__.__name__ == "RQBackend":
            import django_rq
            from rq.job import Job as RQJob

            rq_status = RQJob.fetch(result_id, connection=django_rq.get_connection()).get_status()
            return "FAILED" if rq_status in ("failed", "stopped", "canceled") else None
    except Exception:  # no answer: the page shows what the row says
        return None
    return None


def reconcile(job: Job) -> Job:
    """A job the runner never finished (the worker was killed, the task timed out or could not be loaded) but
    whose task the backend reports as failed or finished: failed, in words. Asked by the job's page."""
    if job.is_finished or not job.task_result_id:
        return job
    from django_tasks import TaskResultStatus

    if _backend_status(job.task_result_id) in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        job.refresh_from_db()
        if not job.is_finished:  # the runner may have finished it meanwhile
            with translation.override(job.language or settings.LANGUAGE_CODE):
                job.fail(stopped_outside_the_job())
    return job


def run_job(job_id: int, func, kwargs: dict):
    """Run one attempt in the worker: running → done with its result, or failed with the reason in words."""
    job = Job.objects.select_related("started_by", "station", "division").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return None  # gone, or a message delivered twice: nothing to do
    job._update(status=Job.Status.RUNNING, started_at=timezone.now(), done=0)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            with reporting(job.progress):
                output = func(job=job, **kwargs)
            if output is not None:
                try:
                    job.keep(output)
                finally:
                    output.handle.close()
        except JobFailed as exc:
            job.fail(exc.message)
            raise
        except Exception:
            logger.exception("background job %s (%s) failed", job.pk, job.kind)
            job.fail(unexpected_error())
            raise
    job._update(status=Job.Status.DONE, finished_at=timezone.now(), done=max(job.done, job.total))
    return {"job": job.pk, "result": job.result.name or None}
