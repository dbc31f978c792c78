"""A learner sits an assessment with a written answer in the portal, in Chromium: the paper with the
server's deadline, the result waiting for a mark, a reviewer of the institute marking it from the queue
(with the model answer beside it), and the pass in the passbook."""

from __future__ import annotations

import json

import pytest
from portal_browser import accessible, screenshot, sign_in, sign_out

from karmayogi.lms.demo.assessments import BANK

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "karmayogi-demo"
DOMAIN = "karmayogi.example"
LEARNER = f"learner9@{DOMAIN}"


def test_a_written_answer_waits_for_a_reviewers_mark_before_the_pass_stands(portal, page) -> None:  # type: ignore[no-untyped-def]
    bank = json.loads(BANK.read_text(encoding="utf-8"))
    paper = bank["assessment"]
    right = {
        q["prompt"]: next(o["label"] for o in q["options"] if o["value"] == q["correct"])
        for q in bank["questions"]
        if q["id"] in paper["questions"]
    }
    reviewer = portal.query(
        "SELECT u.email FROM user_account u JOIN role_grant g ON g.user_id = u.id"
        " JOIN provider p ON p.organisation_id = g.organisation_id"
        " WHERE g.role = 'content_reviewer' AND p.name = ? ORDER BY u.email LIMIT 1",
        bank["owner"],
    )[0][0]

    sign_in(page, portal.base, LEARNER, PASSWORD)
    page.goto(f"{portal.base}/assessments")
    accessible(page)
    page.locator("li.card", has_text=paper["title"]).get_by_role("button", name="Start an attempt").click()
    page.wait_for_url("**/attempts/*")
    attempt = page.url
    assert "Submit by" in page.locator("#deadline").inner_text()
    accessible(page)
    for prompt, label in right.items():
        page.locator("fieldset.question", has_text=prompt).get_by_label(label, exact=True).check()
    page.locator("fieldset.question", has_text="file notings").locator("textarea").fill(
        "Reply within 30 days; give the notings on the transfer and withhold the medical papers as personal "
        "information under Section 8(1)(j), giving reasons."
    )
    screenshot(page, "assessment-paper")
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_url(attempt)
    assert "Waiting for a reviewer" in page.locator("#attempt-result").inner_text()
    accessible(page)
    sign_out(page)

    sign_in(page, portal.base, str(reviewer), PASSWORD)
    page.goto(f"{portal.base}/marking")
    accessible(page)
    page.get_by_role("link", name=paper["title"]).first.click()
    page.wait_for_url("**/marking/*")
    assert "Section 8(1)(j)" in page.locator("blockquote.answer").inner_text()
    assert page.get_by_text("Model answer").count() == 1
    accessible(page)
    page.get_by_label("Marks given").fill("five")
    page.get_by_role("button", name="Record the marks").click()
    assert "number" in page.locator("p.error").inner_text()
    page.get_by_label("Marks given").fill("3")
    screenshot(page, "marking-answer")
    page.get_by_role("button", name="Record the marks").click()
    page.wait_for_url("**/marking?marked=1")
    sign_out(page)

    sign_in(page, portal.base, LEARNER, PASSWORD)
    page.goto(attempt)
    assert page.locator("#attempt-result").inner_text() == "Passed"
    page.goto(f"{portal.base}/passbook")
    assert "assessment result, level 2" in page.locator("tr", has_text=bank["competency"]).inner_text()
