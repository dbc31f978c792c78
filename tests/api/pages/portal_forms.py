"""Sign in and post forms through the pages, over the real app, the way a browser without JavaScript does."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx import Response

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def post_form(client: TestClient, page: str, action: str, data: dict[str, str]) -> Response:
    """Load `page`, take its CSRF token, and post `data` to `action` as its form would."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**data, "csrf_token": token}, follow_redirects=False)


def signed_in(app: object, email: str, password: str, base_url: str = "http://testserver") -> TestClient:
    client = TestClient(app, base_url=base_url)  # type: ignore[arg-type]
    r = post_form(client, "/", "/sign-in", {"email": email, "password": password})
    assert r.status_code == 303, r.text
    return client
