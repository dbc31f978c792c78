"""The served portal's JSON API, called from the browser tests' side for what the test is not about:
a demo account's token, importing content as the first provider's creator, publishing it through
review and enrolling a learner."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import uuid

from karmayogi.lms.demo.vocabulary import PROVIDERS

PASSWORD = "karmayogi-demo"
DOMAIN = "karmayogi.example"


def call(base: str, path: str, token: str | None = None, body: bytes | None = None, media: str = "") -> dict:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if media:
        headers["Content-Type"] = media
    request = urllib.request.Request(base + path, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read() or b"{}")


def token(base: str, who: str) -> str:
    form = urllib.parse.urlencode({"username": f"{who}@{DOMAIN}", "password": PASSWORD}).encode()
    answer = call(base, "/api/v1/auth/token", body=form, media="application/x-www-form-urlencoded")
    return str(answer["access_token"])


def imported(portal, route: str, body: bytes, media: str = "application/octet-stream") -> str:  # type: ignore[no-untyped-def]
    """A draft entry of the first demo provider from `body`, posted to `route` (query included, the
    provider added); answers its course id."""
    provider = uuid.UUID(str(portal.query("SELECT id FROM provider WHERE name = ?", PROVIDERS[0].name)[0][0]))
    joiner = "&" if "?" in route else "?"
    answer = call(
        portal.base, f"{route}{joiner}provider_id={provider}", token(portal.base, "creator1"), body, media
    )
    return str(answer["course_id"])


def publish(portal, course_id: str, learner: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Submitted by creator1, approved by reviewer1; and `learner` enrolled, if named."""
    for who, action in (("creator1", "submit"), ("reviewer1", "approve")):
        body = json.dumps({"action": action}).encode()
        call(
            portal.base,
            f"/api/v1/courses/{course_id}/transitions",
            token(portal.base, who),
            body,
            "application/json",
        )
    if learner:
        call(portal.base, f"/api/v1/courses/{course_id}/enrolments", token(portal.base, learner))
