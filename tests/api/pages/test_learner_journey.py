"""The learner's journey in Chromium against a served demo, with axe-core on every page visited."""

from __future__ import annotations

import pytest
from portal_browser import accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEARNER = "learner1@karmayogi.example"
PASSWORD = "karmayogi-demo"


def test_sign_in_page_then_home_with_gaps(portal, page):  # type: ignore[no-untyped-def]
    page.goto(portal + "/")
    assert page.locator("h1").inner_text() == "Sign in"
    screenshot(page, "sign-in")
    sign_in(page, portal, LEARNER, PASSWORD)
    assert page.url.endswith("/home")
    accessible(page)
    assert page.locator("svg.chart").count() == 1
    rows = page.locator("table.data tbody tr")
    assert rows.count() > 0
    screenshot(page, "learner-home")
