"""Tracked content in Chromium: an author uploads a video through the studio's page; a learner watches
part of it, leaves, comes back to where they stopped, watches past the threshold and sees the
enrolment completed; then a PDF is read page by page, and an HTML5 site reports its own completion.
Every statement goes from the sandboxed player to the LRS under the cmi5 session rules."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from portal_api import DOMAIN, PASSWORD, imported, publish
from portal_browser import accessible, screenshot, sign_in, sign_out

sys.path.insert(0, str(Path(__file__).parents[2] / "lms" / "cmi5"))
from media_examples import html5_zip, pdf, webm

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _launch(page, base: str, course_id: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/learn/{course_id}")
    page.locator("form[action$='/launch'] button").click()
    page.wait_for_url("**/content/**/player.html?**")
    page.locator("#finish", has_text="Finish").wait_for()


def test_a_learner_watches_a_video_to_completion_resuming_where_they_stopped(portal, page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    video = tmp_path / "sevottam.webm"
    video.write_bytes(webm(4))
    sign_in(page, portal.base, f"creator1@{DOMAIN}", PASSWORD)
    page.set_default_timeout(30_000)
    page.goto(f"{portal.base}/studio")
    page.get_by_role("link", name="Upload content").click()
    accessible(page)
    page.locator("#f-kind").select_option("video")
    page.locator("#f-title").fill("Sevottam in practice")
    page.locator("#f-file").set_input_files(str(video))
    page.locator("#f-threshold").fill("80")
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_url("**/studio/*?imported=1")
    assert "Uploaded" in page.locator("[role=status]").first.inner_text()
    course_id = page.url.split("/studio/")[1].split("?")[0]
    screenshot(page, "studio-upload-done")
    sign_out(page)
    publish(portal, course_id, learner="learner6")

    sign_in(page, portal.base, f"learner6@{DOMAIN}", PASSWORD)
    _launch(page, portal.base, course_id)
    accessible(page)
    assert page.locator("h1").inner_text() == "Sevottam in practice"
    page.locator("#play").click()
    page.wait_for_function("document.querySelector('video').currentTime > 1.2")
    page.locator("#play").click()  # pause: the position and the stretch watched are saved
    page.wait_for_timeout(500)
    stopped = page.locator("video").evaluate("v => v.currentTime")
    assert page.locator("#progress").evaluate("p => p.value") < 80
    page.locator("#finish").click()
    page.wait_for_url("**/learn/*")
    assert "0%" in page.locator("#course-state").inner_text()
    assert "Resume" not in page.locator("form[action$='/launch'] button").inner_text()  # it was terminated

    _launch(page, portal.base, course_id)
    page.locator("#status", has_text="Resumed at 0:01").wait_for()
    resumed = page.locator("video").evaluate("v => v.currentTime")
    assert abs(resumed - stopped) < 0.5  # the new session picked up the saved position
    page.locator("#play").click()
    page.locator("#status", has_text="Completed").wait_for()
    assert page.locator("#progress-text").inner_text() == "100%"
    screenshot(page, "tracked-video-player")
    page.locator("#finish").click()
    page.wait_for_url("**/learn/*")
    state = page.locator("#course-state").inner_text()
    assert "completed" in state and "100%" in state
    sign_out(page)


def test_a_document_is_read_page_by_page_and_an_html5_site_reports_completion(portal, page) -> None:  # type: ignore[no-untyped-def]
    document = imported(portal, "/api/v1/cmi5/tracked?kind=document&title=A+PDF&threshold=1.0", pdf(3))
    site = imported(portal, "/api/v1/cmi5/tracked?kind=html5&title=A+site&minimum_seconds=600", html5_zip())
    for course_id in (document, site):
        publish(portal, course_id, learner="learner7")
    sign_in(page, portal.base, f"learner7@{DOMAIN}", PASSWORD)
    page.set_default_timeout(30_000)

    _launch(page, portal.base, document)
    page.locator("#page-label", has_text="Page 1 of 3").wait_for()
    accessible(page)
    page.get_by_role("button", name="Next page").click()
    page.get_by_role("button", name="Next page").click()
    page.locator("#status", has_text="Completed").wait_for()
    assert page.get_by_role("button", name="Next page").is_disabled()
    screenshot(page, "tracked-document-player")
    page.locator("#finish").click()
    page.wait_for_url("**/learn/*")
    assert "completed" in page.locator("#course-state").inner_text()

    _launch(page, portal.base, site)
    assert page.locator("#mark-done").is_disabled()  # 600 seconds before the learner may say so
    page.frame_locator("iframe.site").get_by_role("button", name="I have read it").click()
    page.locator("#status", has_text="Completed").wait_for()
    page.locator("#finish").click()
    page.wait_for_url("**/learn/*")
    assert "completed" in page.locator("#course-state").inner_text()
