"""A learner takes an adaptive level test in the portal, in Chromium: the competencies offered, one question
at a time with nothing said about right or wrong, the level reached, the evidence in the passbook, and the
cool-down that holds back a retake; a page of the test in Hindi; another learner cannot open it."""

from __future__ import annotations

import json

import pytest
from portal_browser import accessible, screenshot, sign_in, sign_out

from karmayogi.lms.demo.assessments import BANK

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "karmayogi-demo"
DOMAIN = "karmayogi.example"
COMPETENCY = "Handling RTI Applications"


def test_a_learner_takes_a_level_test_and_finds_the_level_in_the_passbook(portal, page) -> None:  # type: ignore[no-untyped-def]
    bank = json.loads(BANK.read_text(encoding="utf-8"))
    right = {
        q["prompt"]: next(o["label"] for o in q["options"] if o["value"] == q["correct"])
        for q in bank["questions"]
    }
    sign_in(page, portal.base, f"learner7@{DOMAIN}", PASSWORD)
    page.goto(f"{portal.base}/level-tests")
    accessible(page)
    row = page.locator("tr", has_text=COMPETENCY)
    assert row.locator("td").first.inner_text() == str(len(bank["questions"]))
    row.get_by_role("button", name="Start a test").click()
    page.wait_for_url("**/level-tests/*")
    accessible(page)
    screenshot(page, "level-test-question")
    first_question = page.url

    answered = 0
    while page.locator("#level-reached").count() == 0:
        prompt = page.locator("legend.prompt").inner_text()
        # Knows every answer up to level 3's questions, and none of the harder ones.
        level = next(q["level"] for q in bank["questions"] if q["prompt"] == prompt)
        choice = (
            right[prompt]
            if level <= 3
            else next(
                o["label"]
                for q in bank["questions"]
                if q["prompt"] == prompt
                for o in q["options"]
                if o["label"] != right[prompt]
            )
        )
        page.get_by_label(choice, exact=True).check()
        page.get_by_role("button", name="Answer and go on").click()
        page.wait_for_load_state()
        answered += 1
        assert "correct" not in page.content().lower()  # nothing says right or wrong during the test
        assert answered <= 20
    reached = int(page.locator("#level-reached strong").inner_text())
    assert 2 <= reached <= 4
    accessible(page)
    screenshot(page, "level-test-result")

    page.goto(f"{portal.base}/passbook")
    line = page.locator("tr", has_text=COMPETENCY)
    assert "adaptive level test, level" in line.inner_text()
    page.goto(f"{portal.base}/level-tests")
    row = page.locator("tr", has_text=COMPETENCY)
    assert row.get_by_role("button", name="Start a test").count() == 0
    assert "May start on" in row.inner_text()  # the cool-down holds back a retake
    assert f"Level {reached}" in row.inner_text()

    page.context.add_cookies([{"name": "ky_lang", "value": "hi", "url": portal.base}])
    page.goto(f"{portal.base}/level-tests")
    accessible(page)
    assert page.locator("h1").inner_text() != "Level tests"
    page.context.clear_cookies()

    # An official of another organisation, with no role over learner7's records.
    outsider = portal.query(
        "SELECT u.email FROM user_account u JOIN role_grant g ON g.user_id = u.id"
        " WHERE u.organisation_id <> (SELECT organisation_id FROM user_account WHERE email = ?)"
        " GROUP BY u.email HAVING max(g.role) = 'learner' AND min(g.role) = 'learner'"
        " ORDER BY u.email LIMIT 1",
        f"learner7@{DOMAIN}",
    )[0][0]
    sign_in(page, portal.base, str(outsider), PASSWORD)
    page.goto(first_question)
    assert page.locator("h1").inner_text() == "Not found"
    sign_out(page)
