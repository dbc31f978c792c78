"""A realistic mix against a running server: officials browsing, searching, reading their gaps,
recommendations and learning paths; content sending xAPI statements; HR cells ranking candidates.

Driven by benchmarks/load.py, which seeds the database and writes the accounts to LOAD_FIXTURE (JSON).
Every request is logged to LOAD_REQUEST_LOG (when it started, endpoint, milliseconds, failed), so the
figures can be taken over any window: locust's own keep only the whole run.
"""

import json
import os
import random
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text())
WORDS = ["drafting", "procurement", "leadership", "finance", "ethics", "data", "noting", "policy", "audit"]
XAPI = {"X-Experience-API-Version": "1.0.3"}
PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"
REQUEST_LOG = Path(os.environ["LOAD_REQUEST_LOG"])


@events.request.add_listener
def _log(
    name: str, response_time: float, exception: Exception | None, start_time: float, **_: object
) -> None:
    with REQUEST_LOG.open("a") as log:
        log.write(f"{start_time:.3f},{name},{response_time:.1f},{int(exception is not None)}\n")


def _sign_in(user: HttpUser, email: str) -> dict[str, str]:
    r = user.client.post(
        "/api/v1/auth/token",
        data={"username": email, "password": FIXTURE["password"]},
        name="POST /api/v1/auth/token",
    )
    return {"Authorization": f"Bearer {r.json()['access_token']}"} if r.status_code == 200 else {}


class Official(HttpUser):
    weight = 8
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.email = random.choice(FIXTURE["learners"])
        self.headers = _sign_in(self, self.email)

    def on_stop(self) -> None:
        self.headers = {}

    def _signed_in(self) -> None:
        if not self.headers:  # a sign-in that failed (the database away) is tried again, as a person would
            self.headers = _sign_in(self, self.email)

    @task(4)
    def browse(self) -> None:
        self._signed_in()
        self.client.get("/api/v1/courses?limit=20", headers=self.headers, name="GET /api/v1/courses")
        course = random.choice(FIXTURE["courses"])
        self.client.get(f"/api/v1/courses/{course}", headers=self.headers, name="GET /api/v1/courses/{id}")

    @task(3)
    def search(self) -> None:
        self._signed_in()
        self.client.get(
            f"/api/v1/catalogue/search?q={random.choice(WORDS)}",
            headers=self.headers,
            name="GET /api/v1/catalogue/search",
        )

    @task(2)
    def gaps(self) -> None:
        self._signed_in()
        self.client.get("/api/v1/me/gaps", headers=self.headers, name="GET /api/v1/me/gaps")

    @task(3)
    def recommendations(self) -> None:
        self._signed_in()
        self.client.get(
            "/api/v1/me/recommendations", headers=self.headers, name="GET /api/v1/me/recommendations"
        )

    @task(1)
    def path(self) -> None:
        self._signed_in()
        self.client.get("/api/v1/me/learning-path", headers=self.headers, name="GET /api/v1/me/learning-path")

    @task(1)
    def assessments(self) -> None:
        self._signed_in()
        self.client.get("/api/v1/assessments", headers=self.headers, name="GET /api/v1/assessments")


class Content(HttpUser):
    """A course player reporting an official's progress through a course of the platform, a step at
    a time: the projector opens the enrolment at the first statement and raises its progress at the
    next. Every acknowledged statement must be stored."""

    weight = 2
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self._next_course()

    def _next_course(self) -> None:
        self.learner = random.choice(FIXTURE["content_learners"])
        self.course = random.choice(FIXTURE["courses"])
        self.progress = 0

    @task
    def statement(self) -> None:
        self.progress = min(99, self.progress + random.randint(5, 20))
        statement = {
            "id": str(uuid.uuid4()),
            "actor": {"mbox": f"mailto:{self.learner}", "objectType": "Agent"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/progressed", "display": {"en-US": "progressed"}},
            "object": {"id": f"{FIXTURE['public_url']}/courses/{self.course}", "objectType": "Activity"},
            "result": {"extensions": {PROGRESS: self.progress}},
        }
        with self.client.post(
            "/xapi/statements",
            json=statement,
            auth=tuple(FIXTURE["api_client"]),
            headers=XAPI,
            name="POST /xapi/statements",
            catch_response=True,
        ) as r:
            if r.status_code == 200:
                with Path(FIXTURE["acknowledged"]).open("a") as log:
                    log.write(statement["id"] + "\n")
        if self.progress == 99:  # the official moves on to another course
            self._next_course()


class HrCell(HttpUser):
    weight = 1
    wait_time = between(2, 5)

    def on_start(self) -> None:
        account = random.choice(FIXTURE["hr"])
        self.email, self.positions = account["email"], account["positions"]
        self.headers = _sign_in(self, self.email)

    @task
    def rank(self) -> None:
        if not self.headers:
            self.headers = _sign_in(self, self.email)
        position = random.choice(self.positions)
        self.client.get(
            f"/api/v1/hr/positions/{position}/candidates?limit=20",
            headers=self.headers,
            name="GET /api/v1/hr/positions/{id}/candidates",
        )
