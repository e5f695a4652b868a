"""A social worker on a phone: the day page fits the screen and a service record is entered in well under a
minute (R4 kind, duration, notes), then shows on the case."""

import time

import pytest
from playwright.sync_api import expect

from .helpers import assert_fits_the_screen, sign_in, submit

PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.mark.browser
def test_a_worker_records_a_service_from_the_day_page_on_a_phone(live_world, new_context, artifacts):
    from services import actions
    from services.models import ServiceRecord
    from tests.services_helpers import STEPS, id_number, villages

    worker = live_world.users["worker"]
    station = live_world.station("own")
    person = actions.create_recipient(actor=worker, station=station, name="陈阿婆", village=villages(station)[0],
                                      reason="登记", id_number=id_number(1), key_group=True, visit_every_days=7)
    project = actions.create_project(actor=worker, station=station, year=2026, kind="base", reason="立项",
                                     title="兜底服务", needs_analysis="需求", goals="目标", target_groups=["gugua"])
    case = actions.open_case(actor=worker, recipient=person, project=project, problem="独居")
    for to in ("assessment", "planning", "delivery"):
        case = actions.move_case(actor=worker, case=case, to=to, reason="推进", **STEPS[to])

    page = new_context(**PHONE).new_page()
    sign_in(page, "worker")
    page.goto("/services/my-day/")
    expect(page.locator("main h1")).to_be_visible()
    assert_fits_the_screen(page)
    started = time.perf_counter()
    page.select_option("#id_case", str(case.pk))
    page.select_option("#id_kind", "counselling")
    page.fill("#id_minutes", "30")
    page.fill("#id_notes", "电话疏导，情绪平稳")
    response = submit(page)
    seconds = time.perf_counter() - started
    assert response.ok
    expect(page.locator(".messages")).to_be_visible()
    assert_fits_the_screen(page)
    page.screenshot(path=artifacts / "phone-my-day.png", full_page=True)
    record = ServiceRecord.objects.get()
    assert (record.case_id, record.kind, record.minutes) == (case.pk, "counselling", 30)
    assert seconds < 60
    print(f"quick entry took {seconds:.1f} s of machine time (four fields)")

    page.goto(f"/services/cases/{case.pk}/")
    expect(page.locator("main")).to_contain_text("电话疏导")
    assert_fits_the_screen(page)
