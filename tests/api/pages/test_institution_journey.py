"""An institution's reviewer accepts a proposed overlap with a reason, in Chromium with axe-core; the
decision is then carried by the CASE export."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest
from portal_browser import accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "karmayogi-demo"


def _case_statuses(base: str) -> dict[tuple[str, str], str]:
    form = urllib.parse.urlencode({"username": "reviewer1@karmayogi.example", "password": PASSWORD}).encode()
    with urllib.request.urlopen(base + "/api/v1/auth/token", data=form) as r:
        token = json.load(r)["access_token"]
    ask = urllib.request.Request(
        base + "/api/v1/harmonisation/overlaps?format=case", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(ask) as r:
        document = json.load(r)
    return {
        (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"]): a["extensions"]["status"]
        for a in document["CFAssociations"]
    }


def test_institution_accepts_an_overlap(portal, page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, portal.base, "reviewer1@karmayogi.example", PASSWORD)
    page.goto(portal.base + "/institution")
    accessible(page)
    screenshot(page, "harmonisation")
    pair = page.locator("li.card[id^=pair-]").first
    source = pair.locator("input[name=source_id]").get_attribute("value")
    target = pair.locator("input[name=target_id]").get_attribute("value")
    assert _case_statuses(portal.base)[(source, target)] == "pending review"
    pair.locator("button[value=accepted]").click()  # no reason: refused, the error beside the field
    page.wait_for_load_state()
    assert page.locator(".error").count() == 1
    accessible(page)
    pair = page.locator(f"#pair-{source}-{target}")
    pair.locator("textarea").fill("Same syllabus and hours; keep the academy's course.")
    pair.locator("button[value=accepted]").click()
    page.wait_for_url("**done=1*")
    assert "accepted" in page.locator(f"#pair-{source}-{target} p[role=status]").inner_text()
    accessible(page)
    assert _case_statuses(portal.base)[(source, target)] == "accepted"
