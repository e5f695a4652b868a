"""Issue 11 item 7: the job page follows a background job by itself (static/js/jobs.js polling status.json): the
person watches it go from queued to done and gets the download link without reloading by hand."""

import pytest
from playwright.sync_api import expect

from .helpers import sign_in


@pytest.mark.browser
def test_the_job_page_shows_the_download_when_the_worker_has_finished(live_world, new_context, settings):
    from stations.actions_jobs import start_job
    from tests import job_kinds
    from tests.test_jobs import DB_TASKS, run_db_worker

    settings.TASKS = DB_TASKS
    job = start_job(actor=live_world.users["worker"], kind="tests.count", task=job_kinds.count,
                    scope=live_world.station("own"), steps=5)
    page = new_context().new_page()
    sign_in(page, "worker")
    page.goto(f"/jobs/{job.pk}/")
    bar = page.locator("progress#job-progress")
    expect(bar).to_have_attribute("value", "0")
    expect(page.locator(f"a[href='/jobs/{job.pk}/result/']")).to_have_count(0)
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    run_db_worker()  # the real worker loop, while the page is open

    expect(page.locator(f"a[href='/jobs/{job.pk}/result/']")).to_be_visible()
    expect(bar).to_have_attribute("value", "5")
    expect(bar).to_have_attribute("max", "5")
    assert any(url.endswith(f"/jobs/{job.pk}/status.json") for url in requests)
    assert all(url.startswith(page.url.split("/jobs/")[0]) for url in requests)  # nothing from outside
