"""The plan's journey in Chromium against a served demo, with axe-core on the governance pages:
department HR generates a draft, edits it (adding a course for one official) and submits it; the
Commission approves it; HR puts it live; the official sees the mandated course in their learning
path with the plan named; the Commission downloads the State of Civil Services as PDF."""

from __future__ import annotations

import re
import uuid

import pytest
from portal_browser import accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "karmayogi-demo"
YEAR = 2026


def test_plan_journey(portal, page) -> None:  # type: ignore[no-untyped-def]
    # An official the other journeys do not use, and a published course they have not begun.
    (learner,) = portal.query(
        "SELECT email FROM user_account WHERE email LIKE 'learner%' ORDER BY email DESC LIMIT 1"
    )[0]
    course_id, title = portal.query(
        "SELECT id, title FROM course WHERE status = 'published' AND kind = 'course' AND id NOT IN"
        " (SELECT e.course_id FROM enrolment e JOIN user_account u ON u.id = e.user_id WHERE u.email = ?)"
        " ORDER BY title LIMIT 1",
        learner,
    )[0]
    course = str(uuid.UUID(str(course_id)))
    hr = portal.hr_cell_of(str(learner))

    sign_in(page, portal.base, hr, PASSWORD)
    page.goto(portal.base + "/plans")
    accessible(page)
    page.locator("#f-year").fill(str(YEAR))
    page.locator("form#generate button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/plans/[0-9a-f-]{36}$"))
    plan_url = page.url
    accessible(page)
    rows = int(page.locator("#editor input[name=rows]").get_attribute("value"))
    blank = rows - 2  # the first of the two empty rows
    page.locator(f"#course_{blank}").select_option(course)
    page.locator(f"#kind_{blank}").select_option("official")
    page.locator(f"#members_{blank}").fill(str(learner))
    page.locator(f"#due_{blank}").fill(f"{YEAR}-11-30")
    page.locator("#f-name").fill(f"Demo plan {YEAR}")
    page.locator("#editor button[type=submit]").click()
    page.wait_for_url(plan_url)
    assert title in page.locator("#editor select[id^=course_] option:checked").all_inner_texts()
    page.locator("#submit-plan button").click()
    page.wait_for_url(plan_url)
    assert page.locator("#plan-state").inner_text() == "submitted"
    sign_out(page)

    sign_in(page, portal.base, "commission@karmayogi.example", PASSWORD)
    page.goto(portal.base + "/plans")
    page.locator(f"a[href='{plan_url.removeprefix(portal.base)}']").first.click()
    page.wait_for_url(plan_url)
    accessible(page)
    page.locator("#f-reason").fill("Closes the department's largest gaps and the national priorities")
    page.locator("#decide button[type=submit]").click()
    page.wait_for_url(plan_url)
    assert page.locator("#plan-state").inner_text() == "approved"
    sign_out(page)

    sign_in(page, portal.base, hr, PASSWORD)
    page.goto(plan_url)
    page.locator("#go-live button").click()
    page.wait_for_url(plan_url)
    assert page.locator("#plan-state").inner_text() == "live"
    sign_out(page)

    sign_in(page, portal.base, str(learner), PASSWORD)
    page.goto(portal.base + "/learning-path")
    step = page.locator("ol.timeline li").filter(has_text=title)
    assert step.count() == 1
    assert f"Demo plan {YEAR}" in step.locator("p.mandate").inner_text()
    page.goto(portal.base + f"/points?year={YEAR}")
    accessible(page)
    sign_out(page)

    sign_in(page, portal.base, "commission@karmayogi.example", PASSWORD)
    page.goto(portal.base + f"/commission/scorecards?year={YEAR}")
    page.locator("form[action='/commission/kpis'] button").click()
    page.wait_for_url(re.compile(r".*/commission/scorecards\?year=\d+$"))
    assert page.locator("#ranking tbody tr").count() > 1 and page.locator("svg.chart").count() == 1
    accessible(page)
    page.goto(portal.base + f"/commission/reports?year={YEAR}")
    accessible(page)
    with page.expect_download() as download:
        page.locator("#state-report a[href$='state-of-civil-services.pdf']").click()
    pdf = download.value.path()
    assert pdf is not None and pdf.read_bytes()[:5] == b"%PDF-"
