"""A learner takes a cmi5 course in the portal, in Chromium: enrol, open the course content, launch the
AU (served sandboxed from /content, talking to the LRS with its session token across the opaque
origin), keep a bookmark and leave, launch again and find the bookmark (the new session picks up the
state), finish, and see the enrolment completed and a certificate."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from portal_api import DOMAIN, PASSWORD, imported, publish
from portal_browser import accessible, screenshot, sign_in

sys.path.insert(0, str(Path(__file__).parents[2] / "lms" / "cmi5"))
from cmi5_examples import browser_package

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _published_package(portal) -> str:  # type: ignore[no-untyped-def]
    course_id = imported(portal, "/api/v1/cmi5/packages", browser_package(), "application/zip")
    publish(portal, course_id)
    return course_id


def test_a_learner_completes_a_cmi5_course_in_the_portal(portal, page) -> None:  # type: ignore[no-untyped-def]
    course_id = _published_package(portal)
    sign_in(page, portal.base, f"learner5@{DOMAIN}", PASSWORD)  # home loads the text encoder: slow
    page.set_default_timeout(30_000)
    page.goto(f"{portal.base}/catalogue/{course_id}")
    page.locator("form[action$='/enrolment'] button").click()
    page.wait_for_load_state()
    page.locator("#open-content").click()
    page.wait_for_url("**/learn/*")
    accessible(page)
    assert "in progress" in page.locator("#course-state").inner_text()

    page.get_by_role("button", name="Launch: AU 1").click()
    page.wait_for_url("**/content/**")
    page.locator("#status", has_text="ready").wait_for()
    assert page.locator("#bookmark").inner_text() == "none"
    page.locator("#save").click()
    page.locator("#bookmark", has_text="page 3").wait_for()
    page.locator("#leave").click()
    page.wait_for_url("**/learn/*")
    assert "0%" in page.locator("#course-state").inner_text()

    page.get_by_role("button", name="Launch: AU 1").click()
    page.wait_for_url("**/content/**")
    page.locator("#status", has_text="ready").wait_for()
    assert page.locator("#bookmark").inner_text() == "page 3"  # the new session picked up the state
    page.locator("#finish").click()
    page.wait_for_url("**/learn/*")
    state = page.locator("#course-state").inner_text()
    assert "completed" in state and "100%" in state
    screenshot(page, "cmi5-course-completed")

    page.goto(f"{portal.base}/certificates")
    page.locator("li", has_text="Right to Information basics").locator("button").click()
    page.wait_for_url("**/certificates/*")
    accessible(page)
    assert page.get_by_text("Right to Information basics").count() >= 1


EXAMPLES = Path(os.environ.get("CATAPULT_LTS", "/nonexistent"), "..", "course_examples", "packages")


@pytest.mark.skipif(
    not EXAMPLES.is_dir(), reason="CATAPULT_LTS is not set (its course_examples sit beside lts/)"
)
def test_a_learner_completes_a_catapult_course_example_in_the_portal(portal, page) -> None:  # type: ignore[no-untyped-def]
    """ADL's own example course (Rustici's cmi5.js runtime), never committed here: imported, published,
    launched from the portal, the quiz passed, and the enrolment completed with a certificate."""
    example = (EXAMPLES / "single_au_basic_responsive.zip").read_bytes()
    course_id = imported(portal, "/api/v1/cmi5/packages", example, "application/zip")
    publish(portal, course_id, learner="learner8")

    sign_in(page, portal.base, f"learner8@{DOMAIN}", PASSWORD)
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": 1280, "height": 800})  # the example's menu shows on a wide screen
    page.goto(f"{portal.base}/learn/{course_id}")
    page.locator("form[action$='/launch'] button").click()
    page.wait_for_url("**/content/**/index.html?**")
    page.wait_for_load_state("networkidle")  # the AU has initialized and asked for its bookmark
    page.locator("li.navmenuitem", has_text="Quiz").click()
    page.get_by_role("button", name="(Select correct answers)").click()
    page.get_by_role("button", name="Submit Answers").click()
    page.locator("#score-passed").wait_for()
    page.locator("#score-panel .exit-button").click()
    page.wait_for_url("**/learn/*")
    state = page.locator("#course-state").inner_text()
    assert "completed" in state and "100%" in state
    page.goto(f"{portal.base}/certificates")
    assert page.get_by_text("Introduction to Geology").count() >= 1
