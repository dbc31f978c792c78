"""Sevottam in Chromium against a served demo, with axe-core on every page: a citizen lodges a grievance
without an account and tracks it; the office's grievance officer disposes of it; the escalation job moves
overdue ones to the Commission's queue; an organisation self-assesses and an outside assessor rates it,
and the compliance certificate verifies."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from portal_browser import accessible, screenshot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "karmayogi-demo"
XSS = "<script>window.__xss = 1</script>"


def _org_id(portal, name: str) -> str:  # type: ignore[no-untyped-def]
    return str(portal.query("SELECT id FROM organisation WHERE name = ?", name)[0][0])


def _uuid(hexed: str) -> str:
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


def test_a_citizen_lodges_and_tracks_and_an_officer_disposes(portal, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(portal.base + "/charters")
    accessible(page)
    page.get_by_role("link", name="Central Pension Accounting Office, New Delhi").click()
    page.wait_for_url("**/charters/*")
    accessible(page)
    assert page.locator("table.data").count() == 2  # the standards and the delivery figures
    screenshot(page, "sevottam-charter")
    page.locator("a.button", has_text="Lodge a grievance").click()
    page.wait_for_url("**/grievances/new*")
    accessible(page)
    page.locator("button[type=submit].primary").click()  # nothing filled: refused, naming the fields
    page.wait_for_load_state()
    assert page.locator("#e-ground").count() == 1
    accessible(page)
    page.check("#f-ground-charter")
    page.select_option("#f-service_id", label="Issue of pension payment order")
    page.fill("#f-subject", "Pension payment order not issued")
    page.fill("#f-text", "Retired in June; no PPO yet. " + XSS)
    page.fill("#f-citizen_name", "Kamala Iyer")
    page.fill("#f-email", "kamala@example.org")
    page.locator("button[type=submit].primary").click()
    page.wait_for_url("**/grievances/track/*")
    accessible(page)
    assert page.locator("#status").inner_text() == "Open"
    assert page.get_by_text(XSS, exact=False).count() == 1 and page.evaluate("window.__xss") is None
    screenshot(page, "sevottam-track")
    track = page.url.split("?")[0]
    number = page.locator("h1").inner_text().rsplit(" ", 1)[1]

    sign_in(page, portal.base, "gro.cpao@karmayogi.example", PASSWORD)
    page.wait_for_url("**/sevottam/queue")
    accessible(page)
    page.get_by_role("link", name=number).click()
    page.wait_for_url("**/sevottam/grievances/*")
    accessible(page)
    page.fill("#f-reason", "Service book received from the office of the Accountant General")
    page.fill("#f-action_taken", "PPO issued and sent to the bank")
    page.locator("form[action$='/disposal'] button").click()
    page.wait_for_url("**?disposed=1")
    accessible(page)
    sign_out(page)

    page.goto(track)
    accessible(page)
    assert page.locator("#status").inner_text() == "Disposed of"
    assert page.get_by_text("PPO issued and sent to the bank", exact=False).count() == 1


def test_overdue_grievances_escalate_to_the_commission(portal, page) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "KARMAYOGI_DATA_DIR": str(portal.database.parent)}
    env.pop("KARMAYOGI_DATABASE_URL", None)
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from karmayogi.api.cli import app; app()",
            "sevottam",
            "escalate",
            "--today",
            "2027-06-30",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"commission"' in run.stdout
    sign_in(page, portal.base, "pgrc1@karmayogi.example", PASSWORD)
    page.wait_for_url("**/sevottam/queue")
    accessible(page)
    assert page.get_by_text("With the Commission", exact=False).count() >= 1
    screenshot(page, "sevottam-commission-queue")
    sign_out(page)


def test_an_organisation_self_assesses_and_an_assessor_rates_it(portal, page) -> None:  # type: ignore[no-untyped-def]
    office = _uuid(_org_id(portal, "Central Pension Accounting Office, New Delhi"))
    sign_in(page, portal.base, "hr.doe@karmayogi.example", PASSWORD)
    page.goto(f"{portal.base}/sevottam/organisations/{office}/self-assessment")
    accessible(page)
    for select in page.locator("select[name^=score-]").all():
        select.select_option("4")
    for area in page.locator("textarea[name^=evidence-]").all():
        area.fill("Registers, MIS reports and the charter review minutes")
    page.locator("button[type=submit].primary").click()
    page.wait_for_url("**?assessed=1")
    accessible(page)
    sign_out(page)

    sign_in(page, portal.base, "assessor@karmayogi.example", PASSWORD)
    page.wait_for_url("**/sevottam/assessments")
    accessible(page)
    page.locator("li", has_text="Awaiting rating").last.locator("a").click()
    page.wait_for_url("**/sevottam/assessments/*")
    accessible(page)
    page.fill("#f-reason", "Visited the office; the registers bear out every score")
    page.locator("form[action$='/rating'] button").click()
    page.wait_for_url("**?rated=1")
    accessible(page)
    assert "Sevottam compliant" in page.locator("#band").inner_text()
    screenshot(page, "sevottam-rating")
    certificate = page.get_by_role("link", name="Sevottam compliance certificate").get_attribute("href")
    credential = page.request.get(portal.base + certificate).json()
    verified = page.request.post(
        portal.base + "/credentials/verify", data={"verifiableCredential": credential}
    )
    assert verified.status == 200, verified.text()
    sign_out(page)


def test_the_commission_proceeds_against_the_officer_responsible(portal, page) -> None:  # type: ignore[no-untyped-def]
    grievance = str(
        uuid.UUID(str(portal.query("SELECT id FROM grievance ORDER BY registration_number LIMIT 1")[0][0]))
    )
    sign_in(page, portal.base, "pgrc1@karmayogi.example", PASSWORD)
    page.goto(f"{portal.base}/sevottam/grievances/{grievance}")
    proposal = page.locator("form[action$='/penalties']")
    proposal.get_by_label("Officer responsible").select_option(index=1)
    proposal.get_by_label("Amount in rupees").fill("60000")
    proposal.get_by_label("Reason").fill("The pension was sanctioned four months late.")
    proposal.get_by_role("button", name="Propose").click()
    assert "Rs 50,000" in page.locator("#penalties").inner_text()  # refused, naming the limit
    proposal = page.locator("form[action$='/penalties']")
    proposal.get_by_label("Officer responsible").select_option(index=1)
    proposal.get_by_label("Amount in rupees").fill("15000")
    proposal.get_by_label("Reason").fill("The pension was sanctioned four months late.")
    proposal.get_by_role("button", name="Propose").click()
    page.get_by_text("The proposal is recorded.").wait_for()
    accessible(page)
    sign_out(page)

    sign_in(page, portal.base, "pgrc2@karmayogi.example", PASSWORD)
    page.goto(f"{portal.base}/sevottam/grievances/{grievance}")
    ruling = page.locator("form[action$='/decision']")
    ruling.get_by_label("Amount in rupees").fill("10000")
    ruling.get_by_label("Reason").fill("Wilful delay; a lower amount as the officer had no prior lapse.")
    ruling.get_by_role("button", name="Record the decision").click()
    page.get_by_text("The decision is recorded.").wait_for()
    proceedings = page.locator("#penalties").inner_text()
    assert "decided" in proceedings and "Rs 10,000.00" in proceedings
    accessible(page)
    screenshot(page, "sevottam-penalty")
