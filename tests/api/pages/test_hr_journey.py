"""The HR journeys in Chromium against the served demo, with axe-core on every page visited: an HR cell
opens a vacancy, ranks the candidates, posts one, and the official sees the new position and a learning
path planned for it; an HR cell processes the probation queue and an official appeals the decision."""

from __future__ import annotations

import pytest
from portal_browser import accessible, screenshot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "karmayogi-demo"


def _email(portal, user_id: str) -> str:  # type: ignore[no-untyped-def]
    (row,) = portal.query(
        "SELECT email FROM user_account WHERE replace(id, '-', '') = ?", user_id.replace("-", "")
    )
    return str(row[0])


def test_an_hr_cell_posts_an_official_who_sees_the_new_position_and_path(portal, page) -> None:  # type: ignore[no-untyped-def]
    hr = portal.hr_cell_of("learner1@karmayogi.example")
    (position_id, designation) = portal.query(
        "SELECT p.id, p.designation FROM vacancy v JOIN position p ON p.id = v.position_id"
        " JOIN organisation o ON o.id = v.organisation_id JOIN user_account u ON u.email = ?"
        " JOIN organisation uo ON uo.id = u.organisation_id"
        " WHERE substr(o.path, 1, 75) = substr(uo.path, 1, 75) LIMIT 1",
        "learner1@karmayogi.example",
    )[0]
    sign_in(page, portal.base, hr, PASSWORD)
    page.goto(portal.base + "/hr")
    accessible(page)
    page.locator("#f-position_id").select_option(value=_dashed(str(position_id)))
    page.locator("form[action='/hr/vacancies'] button[type=submit]").click()
    page.wait_for_url("**/hr/vacancies/*")
    accessible(page)
    screenshot(page, "hr-candidates")
    candidate = page.locator("li.candidate").first
    officer = candidate.get_attribute("data-officer")
    assert officer and candidate.locator("h3").count() >= 1  # each candidate comes with an explanation
    candidate.locator("textarea[name=reason]").fill("Closest verified fit; fewest hours to close the rest")
    candidate.locator("button[type=submit]").click()
    page.wait_for_url("**/hr/decisions/*")
    accessible(page)
    assert "Closest verified fit" in page.locator("main").inner_text()
    sign_out(page)

    sign_in(page, portal.base, _email(portal, officer), PASSWORD)
    page.goto(portal.base + "/home")
    accessible(page)
    assert designation in page.locator("#h-position + p").inner_text()
    page.goto(portal.base + "/learning-path")
    accessible(page)
    assert page.locator("ol.timeline li").count() > 0
    page.goto(portal.base + "/my/decisions")
    accessible(page)
    assert page.locator("section.decision").count() == 1


def _dashed(value: str) -> str:
    """SQLite stores the demo's UUIDs as 32 hex digits; the page shows them dashed."""
    if "-" in value:
        return value
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


def test_an_hr_cell_processes_the_probation_queue_and_an_official_appeals(portal, page) -> None:  # type: ignore[no-untyped-def]
    (waiting,) = portal.query(
        "SELECT email FROM user_account WHERE probation_status IN ('on_probation', 'extended')"
        " AND probation_end_date <= date('now', '+366 day') ORDER BY probation_end_date LIMIT 1"
    )[0]
    hr = portal.hr_cell_of(str(waiting))
    sign_in(page, portal.base, hr, PASSWORD)
    page.goto(portal.base + "/hr/probation?within_days=366")
    accessible(page)
    page.locator("form[action='/hr/probation/proposals'] button").click()
    page.wait_for_url("**/hr/probation*")
    accessible(page)
    screenshot(page, "hr-probation")
    proposal = page.locator("section.proposal").first
    case_id = (proposal.get_attribute("aria-labelledby") or "")[2:]
    proposal.locator("select[name=outcome]").select_option("extend")
    proposal.locator("textarea[name=reason]").fill("The onboarding course is not yet completed")
    proposal.locator("button[type=submit]").click()
    page.wait_for_url("**/hr/probation*")
    accessible(page)
    assert page.locator(f"#p-{case_id}").count() == 0
    page.goto(portal.base + "/hr/decisions")
    accessible(page)
    sign_out(page)

    (subject,) = portal.query(
        "SELECT subject_id FROM decision_case WHERE replace(id, '-', '') = ?", case_id.replace("-", "")
    )[0]
    sign_in(page, portal.base, _email(portal, str(subject)), PASSWORD)
    page.goto(portal.base + "/my/decisions")
    accessible(page)
    page.locator("textarea[name=grounds]").first.fill("I completed the course last week; the record is late")
    page.locator("form[action$='/appeal'] button").first.click()
    page.wait_for_url("**/my/decisions?appealed=1")
    accessible(page)
    assert page.locator("p[role=status]").count() == 1
    assert page.locator("form[action$='/appeal']").count() == 0
