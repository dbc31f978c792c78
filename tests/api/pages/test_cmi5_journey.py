"""A learner takes a cmi5 course in the portal, in Chromium: enrol, open the course content, launch the
AU (served sandboxed from /content, talking to the LRS with its session token across the opaque
origin), keep a bookmark and leave, launch again and find the bookmark (the new session picks up the
state), finish, and see the enrolment completed and a certificate."""

from __future__ import annotations

import json
import sys
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from portal_browser import accessible, screenshot, sign_in

from karmayogi.lms.demo.vocabulary import PROVIDERS

sys.path.insert(0, str(Path(__file__).parents[2] / "lms" / "cmi5"))
from cmi5_examples import browser_package

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "karmayogi-demo"
DOMAIN = "karmayogi.example"


def _call(base: str, path: str, token: str | None = None, body: bytes | None = None, media: str = "") -> dict:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if media:
        headers["Content-Type"] = media
    request = urllib.request.Request(base + path, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read() or b"{}")


def _token(base: str, who: str) -> str:
    form = urllib.parse.urlencode({"username": f"{who}@{DOMAIN}", "password": PASSWORD}).encode()
    return str(
        _call(base, "/api/v1/auth/token", body=form, media="application/x-www-form-urlencoded")[
            "access_token"
        ]
    )


def _published_package(portal) -> str:  # type: ignore[no-untyped-def]
    provider = portal.query("SELECT id FROM provider WHERE name = ?", PROVIDERS[0].name)[0][0]
    provider_id = str(uuid.UUID(str(provider)))
    creator = _token(portal.base, "creator1")
    imported = _call(
        portal.base,
        f"/api/v1/cmi5/packages?provider_id={provider_id}",
        creator,
        browser_package(),
        "application/zip",
    )
    course_id = imported["course_id"]
    for who, action in (("creator1", "submit"), ("reviewer1", "approve")):
        _call(
            portal.base,
            f"/api/v1/courses/{course_id}/transitions",
            _token(portal.base, who),
            json.dumps({"action": action}).encode(),
            "application/json",
        )
    return str(course_id)


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
