"""Issue 11 item 7: background jobs through Django's tasks API — the database backend with its real worker, RQ on
Redis with a real rq worker in burst mode; progress, the result, the error in words, retry, the job's gate."""

import csv
import html
import io
import re
import socket

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from services.jobs import export_register
from stations.actions_jobs import retry_job, start_job
from stations.models import AccessLog, Job
from tests import job_kinds
from tests.services_helpers import recipient

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _database_backend(settings):
    """The embedded default, whatever REDIS_URL says in the environment (the RQ test switches itself)."""
    settings.TASKS = DB_TASKS


def run_db_worker():
    """The real `manage.py db_worker` loop in batch mode: runs every ready task, then returns.

    The loop recycles database connections between tasks (`close_old_connections`), which would close the
    test's transaction on PostgreSQL; it is switched off while the loop runs, as Django's test client does
    for requests."""
    from django_tasks_db.management.commands import db_worker

    recycle = db_worker.close_old_connections
    db_worker.close_old_connections = lambda: None
    try:
        db_worker.Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                         startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()
    finally:
        db_worker.close_old_connections = recycle


def start(world, kind, task, *, user=None, rel="own", capture, **kwargs):
    with capture(execute=True):
        job = start_job(actor=user or world.users["worker"], kind=kind, task=task, scope=world.station(rel),
                        **kwargs)
    job.refresh_from_db()  # the task result id is written when the transaction commits
    return job


def test_register_export_runs_in_the_database_worker_and_its_file_downloads(world, client_for,
                                                                              django_capture_on_commit_callbacks):
    """Issue 11 item 7: "export as a background job" queues a job on the database backend; the real worker runs
    it; the page shows 3 / 3, the CSV downloads with the three people (ID numbers masked), and the export is in
    the access log with the starter's name, like the synchronous export."""
    from django_tasks_db.models import DBTaskResult

    for seq, name in ((1, "张三"), (2, "李四"), (3, "王𠮷")):
        recipient(world, seq=seq, name=name)
    worker = client_for(world.users["worker"])
    with django_capture_on_commit_callbacks(execute=True):
        response = worker.post(reverse("services:recipient_export_job", args=[world.station("own").pk]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.status, job.started_by, job.station) == (
        "services.register_export", "queued", world.users["worker"], world.station("own"))
    queued = DBTaskResult.objects.get(id=job.task_result_id)
    assert queued.task_path == "services.jobs.export_register" and queued.status == "READY"
    assert not AccessLog.objects.filter(action="export").exists()  # nothing exported before the worker runs

    run_db_worker()

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.error) == ("done", 3, 3, "")
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"
    assert re.fullmatch(r"jobs/\d{4}/[0-9a-f]{32}\.csv", job.result.name)  # a generated name
    log = AccessLog.objects.get(action="export")
    assert (log.user, log.station, log.target_id) == (world.users["worker"], world.station("own"),
                                                      str(world.station("own").pk))
    page = worker.get(f"/jobs/{job.pk}/").content.decode()
    assert f'href="/jobs/{job.pk}/result/"' in page and "3 / 3" in page
    download = worker.get(f"/jobs/{job.pk}/result/")
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == 'attachment; filename="recipients-330203001000.csv"'
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows[1:]] == ["张三", "李四", "王𠮷"]
    assert rows[1][1] == "3302**********0016"  # 330203195001010016, masked as on the synchronous export
    assert len(rows[0]) == len(rows[1]) == 11


def test_progress_rises_while_the_job_runs(world, client_for, django_capture_on_commit_callbacks):
    """Issue 11 item 7: each `report_progress` is in the job's row at once (the task reads it back from the
    database after each step): 1/4, 2/4, 3/4, 4/4 while running, then done; status.json says so."""
    job = start(world, "tests.count", job_kinds.count, steps=4, capture=django_capture_on_commit_callbacks)
    run_db_worker()
    job.refresh_from_db()
    seen = list(csv.reader(io.StringIO(job.result.open("rb").read().decode())))
    assert seen == [["1", "1", "4", "running"], ["2", "2", "4", "running"], ["3", "3", "4", "running"],
                    ["4", "4", "4", "running"]]
    status = client_for(world.users["worker"]).get(f"/jobs/{job.pk}/status.json").json()
    assert status == {"id": job.pk, "status": "done", "status_label": status["status_label"], "done": 4,
                      "total": 4, "percent": 100, "finished": True, "error": None,
                      "result_url": f"/jobs/{job.pk}/result/"}
    assert status["status_label"] in {"done", "已完成", "完成"}


def test_status_json_of_a_queued_job_and_the_page_that_follows_it(world, client_for,
                                                                  django_capture_on_commit_callbacks):
    """Issue 11 item 7: before the worker runs, status.json is {queued, 0 of 0, 0 %, not finished, no error, no
    file}; the page has a <progress> bar, the local script jobs.js (no inline or external script) and a
    <noscript> refresh for browsers without JavaScript."""
    job = start(world, "tests.count", job_kinds.count, steps=2, capture=django_capture_on_commit_callbacks)
    worker = client_for(world.users["worker"])
    response = worker.get(f"/jobs/{job.pk}/status.json")
    assert response["Content-Type"] == "application/json" and response["Cache-Control"] == "no-store"
    data = response.json()
    assert set(data) == {"id", "status", "status_label", "done", "total", "percent", "finished", "error",
                         "result_url"}
    assert (data["id"], data["status"], data["done"], data["total"], data["percent"], data["finished"],
            data["error"], data["result_url"]) == (job.pk, "queued", 0, 0, 0, False, None, None)
    page = worker.get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress id="job-progress"' in page
    assert f'data-status-url="/jobs/{job.pk}/status.json"' in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert '<script src="/static/js/jobs.js" defer>' in scripts  # beside the header's menu.js; none inline
    assert all(" src=" in tag for tag in scripts)
    assert re.search(r"<noscript><meta http-equiv=\"refresh\" content=\"\d+\"></noscript>", page)
    assert worker.get(f"/jobs/{job.pk}/result/").status_code == 404  # no file before it is done
    # the list of one's own jobs
    listing = worker.get("/jobs/").content.decode()
    assert f'href="/jobs/{job.pk}/"' in listing
    assert f'href="/jobs/{job.pk}/"' not in client_for(world.users["township"]).get("/jobs/").content.decode()


def test_a_failure_is_shown_in_words_never_as_a_traceback(world, client_for, django_capture_on_commit_callbacks):
    """Issue 11 item 7: a job that refuses shows its sentence (Chinese for a Chinese-speaking starter); one that
    crashes shows a general sentence, not the exception; the backend records both as failed."""
    from django_tasks_db.models import DBTaskResult

    refused = start(world, "tests.refuse", job_kinds.refuse, capture=django_capture_on_commit_callbacks)
    crashed = start(world, "tests.crash", job_kinds.crash, capture=django_capture_on_commit_callbacks)
    run_db_worker()
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert (refused.status, refused.done, refused.total) == ("failed", 1, 4)
    assert refused.error == "访问日志只能新增，不能修改或删除。"
    assert crashed.status == "failed" and "secret" not in crashed.error and "Traceback" not in crashed.error
    assert {r.status for r in DBTaskResult.objects.all()} == {"FAILED"}
    worker = client_for(world.users["worker"])
    page = worker.get(f"/jobs/{refused.pk}/").content.decode()
    assert "访问日志只能新增，不能修改或删除。" in page
    crash_page = html.unescape(worker.get(f"/jobs/{crashed.pk}/").content.decode())
    assert crashed.error in crash_page and "secret internals" not in crash_page and "RuntimeError" not in crash_page
    assert worker.get(f"/jobs/{crashed.pk}/status.json").json()["error"] == crashed.error


def test_a_job_whose_task_the_worker_could_not_run_shows_failed_in_words(world, client_for,
                                                                        django_capture_on_commit_callbacks):
    """Issue 11 item 7: when the backend records the task as failed without the job's runner (here its code was
    removed by a deployment between queueing and running), the job's page and status say failed in words
    instead of "queued" for ever."""
    from django_tasks_db.models import DBTaskResult

    job = start(world, "tests.count", job_kinds.count, steps=1, capture=django_capture_on_commit_callbacks)
    DBTaskResult.objects.filter(id=job.task_result_id).update(task_path="tests.job_kinds.removed_since")
    run_db_worker()
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"
    job.refresh_from_db()
    assert job.status == "queued"  # the runner never saw it
    data = client_for(world.users["worker"]).get(f"/jobs/{job.pk}/status.json").json()
    job.refresh_from_db()
    assert (data["status"], data["finished"], job.status) == ("failed", True, "failed")
    assert data["error"] == job.error and "removed_since" not in job.error and job.error


def test_the_export_fails_in_words_when_the_starter_lost_the_right_before_it_ran(
        world, client_for, django_capture_on_commit_callbacks):
    """Issue 11 item 7: the worker checks the permission again when it runs; a worker whose role ended meanwhile
    gets a sentence naming the station, and nothing is exported or logged."""
    from stations import actions

    recipient(world, seq=1)
    starter = world.assignments["own"].user
    job = start(world, "services.register_export", export_register, user=starter,
                capture=django_capture_on_commit_callbacks)
    actions.revoke_role(actor=world.root, assignment=world.assignments["own"], reason="调离")
    run_db_worker()
    job.refresh_from_db()
    assert job.status == "failed" and world.station("own").name in job.error
    assert not job.result and not AccessLog.objects.filter(action="export").exists()


def test_retry_makes_a_new_attempt_only_for_those_who_may_start_it(world, client_for,
                                                                   django_capture_on_commit_callbacks):
    """Issue 11 item 7: Retry (POST) makes attempt 2 of the same kind, scope and arguments, queued again and run
    by the worker; the district officer sees the job (default viewers) but may not start one: 403; a running
    job cannot be retried."""
    job = start(world, "tests.count", job_kinds.count, steps=2, capture=django_capture_on_commit_callbacks)
    township = client_for(world.users["township"])
    assert township.post(f"/jobs/{job.pk}/retry/").status_code == 302  # refused: still queued, nothing made
    assert Job.objects.count() == 1
    run_db_worker()
    district = client_for(world.users["district"])
    assert district.get(f"/jobs/{job.pk}/").status_code == 200
    assert district.post(f"/jobs/{job.pk}/retry/").status_code == 403
    assert "Retry" not in district.get(f"/jobs/{job.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = township.post(f"/jobs/{job.pk}/retry/")
    again = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"/jobs/{again.pk}/"
    assert (again.kind, again.station, again.arguments, again.attempt, again.retry_of, again.started_by,
            again.status) == ("tests.count", job.station, {"steps": 2}, 2, job, world.users["township"], "queued")
    assert again.task_result_id and again.task_result_id != job.task_result_id
    run_db_worker()
    again.refresh_from_db()
    assert (again.status, again.done, again.total) == ("done", 2, 2)
    with pytest.raises(PermissionDenied):
        retry_job(actor=world.users["district"], job=again)


def test_a_job_is_404_for_another_stations_worker(world, client_for, django_capture_on_commit_callbacks):
    """Issue 11 item 7: a job of station A, its page, status, file and retry are 404 for a worker of station B,
    the liaison and someone without a role; the register export is 404 for the district too (people's data)."""
    recipient(world, seq=1)
    export = start(world, "services.register_export", export_register, capture=django_capture_on_commit_callbacks)
    count = start(world, "tests.count", job_kinds.count, steps=1, capture=django_capture_on_commit_callbacks)
    run_db_worker()
    outsiders = [world.assignments["sibling"].user, world.assignments["other"].user, world.users["liaison"],
                 world.users["nobody"], world.users["supervisor"]]
    for user in outsiders:
        c = client_for(user)
        for job in (export, count):
            for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status.json", f"/jobs/{job.pk}/result/"):
                assert c.get(url).status_code == 404, (user.username, url)
            assert c.post(f"/jobs/{job.pk}/retry/").status_code == 404
    district = client_for(world.users["district"])
    assert district.get(f"/jobs/{export.pk}/result/").status_code == 404
    assert district.get(f"/jobs/{count.pk}/result/").status_code == 200
    assert client_for(world.users["township"]).get(f"/jobs/{export.pk}/result/").status_code == 200


def test_start_job_refuses_who_may_not_start_it(world):
    """Issue 11 item 7: start_job checks the kind's rule itself (a script cannot bypass the view)."""
    with pytest.raises(PermissionDenied):
        start_job(actor=world.users["district"], kind="services.register_export", task=export_register,
                  scope=world.station("own"))
    with pytest.raises(PermissionDenied):
        start_job(actor=world.users["worker"], kind="tests.count", task=job_kinds.count,
                  scope=world.station("sibling"), steps=1)
    assert not Job.objects.exists()


def _redis_url():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return None
    return "redis://127.0.0.1:6379/13"


@pytest.mark.skipif(_redis_url() is None, reason="Redis is not reachable on 127.0.0.1:6379 (CI and this machine "
                                                   "run one; start redis-server to run this test)")
def test_a_job_runs_through_rq_with_a_real_rq_worker(world, client_for, settings,
                                                     django_capture_on_commit_callbacks):
    """Issue 11 item 7: with Redis configured the same job goes to RQ (django-tasks-rq) and a real rq worker in
    burst mode runs it: progress, done, result downloadable; the RQ job records success."""
    import django_rq
    from django_tasks import task_backends
    from django_tasks_rq import Job as RQJob
    from rq import SimpleWorker

    settings.RQ_QUEUES = {"default": {"URL": _redis_url()}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default", job_class=RQJob)
    queue.empty()
    job = start(world, "tests.count", job_kinds.count, steps=3, capture=django_capture_on_commit_callbacks)
    assert job.task_result_id in queue.job_ids
    SimpleWorker([queue], connection=queue.connection, job_class=RQJob).work(burst=True, with_scheduler=False)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 3, 3)
    assert task_backends["default"].get_result(job.task_result_id).status == "SUCCESSFUL"
    download = client_for(world.users["worker"]).get(f"/jobs/{job.pk}/result/")
    assert download.status_code == 200 and download["Content-Disposition"] == 'attachment; filename="count.csv"'
    assert b"".join(download.streaming_content).decode().splitlines()[-1] == "3,3,3,running"
    queue.empty()


def test_issue9_item9_a_name_written_as_a_formula_is_inert_in_the_background_export(
        world, client_for, django_capture_on_commit_callbacks):
    """The background export writes through the one exporter too: a name that Excel would run as a formula comes
    out as text (a leading '), as in the synchronous register export."""
    recipient(world, seq=1, name="=HYPERLINK(\"http://x\")")
    recipient(world, seq=2, name="@SUM(A1)")
    worker = client_for(world.users["worker"])
    with django_capture_on_commit_callbacks(execute=True):
        worker.post(reverse("services:recipient_export_job", args=[world.station("own").pk]))
    run_db_worker()
    job = Job.objects.get()
    assert job.status == "done"
    text = b"".join(worker.get(f"/jobs/{job.pk}/result/").streaming_content).decode("utf-8-sig")
    names = sorted(r[0] for r in list(csv.reader(io.StringIO(text)))[1:])
    assert names == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)"]
