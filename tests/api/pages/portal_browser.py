"""Helpers for the browser tests: sign in through the page, check a page with axe-core, take a screenshot."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
_axe = Axe()


def accessible(page: Page) -> None:
    """axe-core finds no serious or critical violation on the page as it stands."""
    results = _axe.run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in bad
    )


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    if not page.url.rstrip("/").endswith(base.split("//")[1]) or page.locator("#f-email").count() == 0:
        page.goto(base + "/")
    accessible(page)
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(password)
    page.locator("form[action='/sign-in'] button[type=submit]").click()
    page.wait_for_load_state()


def screenshot(page: Page, name: str) -> None:
    """A small PNG for the README: the top of the page at a phone-like width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def sign_out(page: Page) -> None:
    page.locator("form[action='/sign-out'] button").click()
    page.wait_for_url("**/")
