"""A creator authors and submits; a reviewer rejects with a comment; the creator fixes it; the reviewer
approves; the entry appears in the catalogue search. In Chromium, with axe-core on every page."""

from __future__ import annotations

import pytest
from portal_browser import accessible, screenshot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "karmayogi-demo"
TITLE = "Quokka procurement <script>window.__xss = 1</script> for section officers"


def test_author_review_fix_approve_then_found(portal, page) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, portal.base, "creator1@karmayogi.example", PASSWORD)
    assert page.url.endswith("/studio")
    accessible(page)
    page.locator("a[href='/studio/new']").click()
    page.wait_for_url("**/studio/new")
    accessible(page)
    page.locator("#f-title").fill("")
    page.locator("form[action='/studio/new'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#f-title + .error, .invalid .error").count() >= 1  # the error sits by the field
    accessible(page)
    page.locator("#f-title").fill(TITLE)
    page.locator("#f-summary").fill("Buying through GeM within delegated powers.")
    page.locator("#f-outline").fill("Why GeM\n- The rules\n- Bids and reverse auctions\nCase studies")
    page.locator("#f-learning_hours").fill("4")
    page.locator("form[action='/studio/new'] button[type=submit]").click()
    page.wait_for_url("**/studio/*-*")
    assert page.locator("h1").inner_text() == TITLE  # shown as text
    accessible(page)
    screenshot(page, "studio")
    entry = page.url
    page.locator("button[value=submit]").click()
    page.wait_for_url("**submitted=1")
    sign_out(page)

    sign_in(page, portal.base, "reviewer1@karmayogi.example", PASSWORD)
    assert page.url.endswith("/reviews")
    accessible(page)
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/reviews/*")
    accessible(page)
    assert page.locator("table.diff ins").count() > 0
    page.locator("#f-comment").fill("Add the learning outcomes to the summary.")
    page.locator("button[value=reject]").click()
    page.wait_for_url("**/reviews?done=reject")
    accessible(page)
    sign_out(page)

    sign_in(page, portal.base, "creator1@karmayogi.example", PASSWORD)
    page.goto(entry)
    assert page.get_by_text("Add the learning outcomes to the summary.").count() == 1
    page.locator("#f-summary").fill(
        "Buying through GeM. Outcomes: plan, bid and award within delegated powers."
    )
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url("**saved=1")
    page.locator("button[value=submit]").click()
    page.wait_for_url("**submitted=1")
    sign_out(page)

    sign_in(page, portal.base, "reviewer1@karmayogi.example", PASSWORD)
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/reviews/*")
    accessible(page)
    screenshot(page, "review")
    page.locator("button[value=approve]").click()
    page.wait_for_url("**/reviews?done=approve")

    page.goto(portal.base + "/catalogue?q=Quokka+procurement")
    accessible(page)
    assert page.get_by_role("link", name=TITLE).count() == 1
    assert page.evaluate("window.__xss") is None and not dialogs
