"""The learner's journey in Chromium against a served demo, in English and again in Hindi, with axe-core
on every page visited: sign in, see the gaps, open a recommendation, enrol, rate, have the HR cell record
the completion, see the passbook change, and get a certificate whose PDF downloads and whose link verifies."""

from __future__ import annotations

import pytest
from portal_browser import accessible, screenshot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "karmayogi-demo"
XSS = "<script>window.__xss = 1; alert('xss')</script>"


@pytest.mark.parametrize(("lang", "learner"), [("en", "learner1"), ("hi", "learner2")])
def test_learner_journey(portal, page, lang: str, learner: str) -> None:  # type: ignore[no-untyped-def]
    email = f"{learner}@karmayogi.example"
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    shots = lang == "en"

    page.goto(portal.base + "/")
    if lang == "hi":
        page.locator("form[action='/language'] button[value=hi]").click()
        assert page.locator("html").get_attribute("lang") == "hi"
        assert page.locator("h1").inner_text() == "साइन इन करें"
    sign_in(page, portal.base, email, PASSWORD)
    assert page.url.endswith("/home")
    assert page.locator("html").get_attribute("lang") == lang  # the choice persisted through sign-in
    accessible(page)
    assert page.locator("svg.chart").count() == 1 and page.locator("table.data tbody tr").count() > 0
    if shots:
        screenshot(page, "learner-home")

    page.goto(portal.base + "/passbook")
    accessible(page)
    before = page.locator("table.data tbody tr").count()

    page.goto(portal.base + "/recommendations")
    accessible(page)
    if shots:
        screenshot(page, "recommendations")
    card = page.locator("li.card").filter(has_text="Closes").first  # built to a level, so it gives evidence
    card.locator("h2 a").click()
    page.wait_for_url("**/catalogue/*")
    accessible(page)
    title = page.locator("h1").inner_text()
    page.locator("form[action$='/enrolment'] button").click()
    page.wait_for_load_state()
    assert page.locator("#h-enrol + p[role=status]").count() == 1
    if shots:
        screenshot(page, "course")
    page.locator("input[name=stars][value='4']").check()
    page.locator("#f-review").fill(XSS)
    page.locator("form[action$='/rating'] button").click()
    page.wait_for_url("**#ratings")
    assert page.get_by_text(XSS, exact=True).count() >= 1  # shown as text, never run
    assert page.evaluate("window.__xss") is None and not dialogs
    accessible(page)

    sign_out(page)
    sign_in(page, portal.base, portal.hr_cell_of(email), PASSWORD)
    assert page.url.endswith("/team")
    accessible(page)
    page.locator("#f-email").fill(email)
    page.locator("form[action='/team'] button").click()
    page.wait_for_url("**/team/*")
    accessible(page)
    page.locator("tr").filter(has_text=title).locator("form[action$='/completions'] button").click()
    page.wait_for_load_state()
    assert page.locator("tr").filter(has_text=title).locator("form").count() == 0
    sign_out(page)

    sign_in(page, portal.base, email, PASSWORD)
    page.goto(portal.base + "/passbook")
    accessible(page)
    assert page.locator("table.data tbody tr").count() > before
    if shots:
        screenshot(page, "passbook")

    page.goto(portal.base + "/certificates")
    accessible(page)
    page.locator("li").filter(has_text=title).locator("form[action='/certificates'] button").click()
    page.wait_for_url("**/certificates/*")
    accessible(page)
    with page.expect_download() as download:
        page.locator("a[href$='certificate.pdf']").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.locator("a[href*='/verify']").click()
    page.wait_for_load_state()
    assert page.locator(".verified").count() == 1
    assert not dialogs
