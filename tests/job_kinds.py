"""Job kinds used only by tests/test_jobs.py (issue 11 item 7): real tasks, declared like an app declares its own."""

import csv
import io
import tempfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.jobs import CSV, JobFailed, Output, report_progress
from stations.jobs import job_task
from stations.models import Role

START_POLICY = {"start": frozenset({Role.TOWNSHIP, Role.WORKER})}


def _may_start(principal, *, station, division) -> bool:
    return station is not None and principal.can_station("start", station, policy=START_POLICY)


@job_task(kind="tests.count", label=gettext_lazy("Count"), may_start=_may_start)
def count(*, job, steps: int):
    """Reports each step, and writes down what the job's row said after each report (read back from the
    database, as the job's page would read it)."""
    from stations.models import Job

    seen = []
    for step in range(1, steps + 1):
        report_progress(step, steps)
        row = Job.objects.get(pk=job.pk)
        seen.append([step, row.done, row.total, row.status])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the runner stores and closes it
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    csv.writer(text).writerows(seen)
    text.flush()
    text.detach()
    return Output(handle, "count.csv", CSV)


@job_task(kind="tests.refuse", label=gettext_lazy("Refuse"), may_start=_may_start)
def refuse(*, job):
    report_progress(1, 4)
    # an msgid that locale/ translates already: the worker speaks the starter's language
    raise JobFailed(_("The access log is append-only."))


@job_task(kind="tests.crash", label=gettext_lazy("Crash"), may_start=_may_start)
def crash(*, job):
    raise RuntimeError("secret internals: /srv/app/db.sqlite3 line 42")
