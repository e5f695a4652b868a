"""Background jobs, the parts that need no app (issue 11 item 7): how a running task reports its progress and
hands back its result. The `Job` record, `start_job` and the pages live in `stations` (`stations/jobs.py`,
`stations/actions_jobs.py`, `stations/views_jobs.py`).

A job's task (a `stations.jobs.job_task`) runs in the worker and, while it works:
- calls `report_progress(done, total)` every N rows: the job's page shows it as a bar;
- raises `JobFailed(message)` with a whole sentence for the person who started it (already translated) when it
  cannot go on; any other exception is shown as a general sentence, never as a traceback;
- returns an `Output`: a file it wrote (an open binary handle, e.g. `tempfile.TemporaryFile`), the name to
  download it under and its type. The runner stores it through the storage API under a generated name.
"""

import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

# The reporter of the job running in this thread or coroutine (set by the runner, None outside a job).
_reporter: contextvars.ContextVar[Callable[[int, int], None] | None] = contextvars.ContextVar(
    "job_progress_reporter", default=None)

CSV, XLSX, ZIP, PDF = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", \
    "application/zip", "application/pdf"
# The types a job's result may have, with the extension of its stored and downloaded name.
RESULT_TYPES = {CSV: "csv", XLSX: "xlsx", ZIP: "zip", PDF: "pdf"}


class JobFailed(Exception):
    """The job cannot finish: `message` says why, in words for the person who started it (translated)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


@dataclass
class Output:
    """What a finished job hands back: a binary file handle (read from its start), its download name and type."""

    handle: IO[bytes]
    name: str
    content_type: str

    def __post_init__(self):
        if self.content_type not in RESULT_TYPES:
            raise ValueError(f"a job's result must be one of {sorted(RESULT_TYPES)}, not {self.content_type!r}")


def report_progress(done: int, total: int) -> None:
    """Tell the job's page how far the running job is (done of total). Outside a job it does nothing, so the
    same code can run synchronously."""
    reporter = _reporter.get()
    if reporter is not None:
        reporter(max(0, int(done)), max(0, int(total)))


def every(n: int, done: int, total: int) -> None:
    """`report_progress` on every n-th item and on the last one (the caller counts)."""
    if done % n == 0 or done == total:
        report_progress(done, total)


class reporting:
    """Context manager used by the runner: `report_progress` inside it calls `reporter`."""

    def __init__(self, reporter: Callable[[int, int], None]):
        self.reporter = reporter

    def __enter__(self):
        self.token = _reporter.set(self.reporter)
        return self

    def __exit__(self, *exc):
        _reporter.reset(self.token)
        return False


def percent(done: int, total: int) -> int:
    """Whole percent done, 0–100 (0 while the total is unknown)."""
    if total <= 0:
        return 0
    return max(0, min(100, done * 100 // total))
