"""A department's HR cell drafts a domain competency and submits it; the L1 and then the L2 reviewer
approve it in their queues, and it stands verified. In Chromium, with axe-core on every page."""

from __future__ import annotations

import pytest
from portal_browser import accessible, screenshot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "karmayogi-demo"
NAME = "Outcome budgeting for schemes"


def test_competency_through_l1_and_l2_review(portal, page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, portal.base, "hr.doe@karmayogi.example", PASSWORD)
    page.goto(portal.base + "/frac/competencies/new")
    accessible(page)
    page.locator("#f-name").fill(NAME)
    page.locator("#f-type").select_option("domain")
    page.locator("#f-organisation_id").select_option(index=1)
    page.locator("#f-description").fill("Linking outlays to measurable outcomes.")
    page.locator("form[action='/frac/competencies/new'] button").click()
    page.wait_for_url("**/frac/competency/*")
    accessible(page)
    node = page.url
    page.locator("button[value=submit]").click()
    page.wait_for_url("**done=submit")
    sign_out(page)

    for reviewer, status in (("frac1.doe", "approved at L1"), ("frac2.doe", "verified")):
        sign_in(page, portal.base, f"{reviewer}@karmayogi.example", PASSWORD)
        assert page.url.endswith("/frac")
        accessible(page)
        page.get_by_role("link", name=NAME).click()
        page.wait_for_url(node)
        assert page.locator("table.diff ins").count() > 0  # new: every field is an addition
        accessible(page)
        if reviewer == "frac1.doe":
            screenshot(page, "frac-review")
        page.locator("button[value=approve]").click()
        page.wait_for_url("**done=approve")
        assert page.locator("p.meta strong").inner_text() == status
        sign_out(page)

    sign_in(page, portal.base, "frac2.doe@karmayogi.example", PASSWORD)
    page.goto(portal.base + "/frac/positions")
    accessible(page)
    page.locator("form[action='/frac/positions'] button").click()
    page.wait_for_load_state()
    assert page.locator("section.card").count() >= 1
    accessible(page)
