"""cmi5 through the real app: import a package, review it, enrol, launch, fetch a token, send an AU's
statements under the session rules, and see moveOn complete the enrolment and earn a certificate."""

from __future__ import annotations

import base64
import json
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parents[1] / "lms" / "cmi5"))
from cmi5_examples import COURSE_IRI, course_xml, two_au_package, zipped

from karmayogi.api.app import create_app
from karmayogi.lms.config import Settings
from karmayogi.lms.demo.seed import DEMO_DOMAIN, DEMO_PASSWORD, seed
from karmayogi.lms.demo.vocabulary import PROVIDERS
from karmayogi.lms.orm import Cmi5Package, Enrolment, Provider, User, XapiStatement

PUBLIC = "http://testserver"
CMI5 = "https://w3id.org/xapi/cmi5"
V = {"X-Experience-API-Version": "1.0.3"}


class Portal:
    def __init__(self, client: TestClient, db, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
        self.client, self.db, self.data_dir = client, db, data_dir
        self.app = client.app

    def login(self, name: str) -> dict[str, str]:
        r = self.client.post(
            "/api/v1/auth/token", data={"username": f"{name}@{DEMO_DOMAIN}", "password": DEMO_PASSWORD}
        )
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture
def portal(db, tmp_path) -> Iterator[Portal]:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        seed(session, "small", 7)
    settings = Settings(
        database_url=db.url, secret_key="cmi5-test-" + "k" * 32, public_url=PUBLIC, data_dir=tmp_path
    )
    with TestClient(create_app(settings, db)) as client:
        yield Portal(client, db, tmp_path)


def _provider(portal: Portal) -> uuid.UUID:
    with portal.db.transaction() as session:
        return session.scalar(select(Provider.id).where(Provider.name == PROVIDERS[0].name))


def _import(portal: Portal, body: bytes, media: str = "application/zip"):  # type: ignore[no-untyped-def]
    return portal.client.post(
        f"/api/v1/cmi5/packages?provider_id={_provider(portal)}&learning_hours=2",
        content=body,
        headers={**portal.login("creator1"), "Content-Type": media},
    )


def _published(portal: Portal) -> str:
    r = _import(portal, two_au_package())
    assert r.status_code == 201, r.text
    course_id = r.json()["course_id"]
    for who, action in (("creator1", "submit"), ("reviewer1", "approve")):
        step = portal.client.post(
            f"/api/v1/courses/{course_id}/transitions", json={"action": action}, headers=portal.login(who)
        )
        assert step.status_code == 201, step.text
    return course_id


class AU:
    """What an AU does in the browser: read its launch URL, fetch its token, talk to the LRS."""

    def __init__(self, client: TestClient, url: str) -> None:
        self.client = client
        parts = urlsplit(url)
        self.path, q = parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.endpoint, self.fetch_url = q["endpoint"], q["fetch"]
        self.actor, self.registration, self.activity = (
            json.loads(q["actor"]),
            q["registration"],
            q["activityId"],
        )
        self.token = ""
        self.session_id = ""

    def fetch(self) -> dict[str, str]:
        answer = self.client.post(self.fetch_url).json()
        if "auth-token" in answer:
            self.token = answer["auth-token"]
            launch_data = self.client.get(
                "/xapi/activities/state",
                params={
                    "activityId": self.activity,
                    "agent": json.dumps(self.actor),
                    "registration": self.registration,
                    "stateId": "LMS.LaunchData",
                },
                headers=self.headers,
            )
            assert launch_data.status_code == 200, launch_data.text
            self.launch_data = launch_data.json()
            self.session_id = self.launch_data["contextTemplate"]["extensions"][
                f"{CMI5}/context/extensions/sessionid"
            ]
            preferences = self.client.get(
                "/xapi/agents/profile",
                params={"agent": json.dumps(self.actor), "profileId": "cmi5LearnerPreferences"},
                headers=self.headers,
            )
            assert preferences.status_code == 404  # none yet; reading them opens the session to statements
        return answer

    @property
    def headers(self) -> dict[str, str]:
        return {**V, "Authorization": f"Basic {self.token}"}

    def statement(self, verb: str, result: dict | None = None, **change) -> dict:  # type: ignore[type-arg]
        iri = {
            "abandoned": "https://w3id.org/xapi/adl/verbs/abandoned",
            "waived": "https://w3id.org/xapi/adl/verbs/waived",
            "satisfied": "https://w3id.org/xapi/adl/verbs/satisfied",
        }.get(verb, f"http://adlnet.gov/expapi/verbs/{verb}")
        defined = verb in ("initialized", "completed", "passed", "failed", "terminated", "satisfied")
        verdict = verb in ("completed", "passed", "failed")
        categories = [{"id": f"{CMI5}/context/categories/cmi5"}] if defined else []
        if verdict:
            categories.append({"id": f"{CMI5}/context/categories/moveon"})
        extensions = {f"{CMI5}/context/extensions/sessionid": self.session_id}
        if verb in ("passed", "failed") and "masteryScore" in self.launch_data:
            extensions[f"{CMI5}/context/extensions/masteryscore"] = self.launch_data["masteryScore"]
        statement = {
            "id": str(uuid.uuid4()),
            "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "actor": self.actor,
            "verb": {"id": iri},
            "object": {"id": self.activity},
            "context": {
                "registration": self.registration,
                "contextActivities": {"category": categories},
                "extensions": extensions,
            },
        }
        if verdict or verb == "terminated":
            result = {**(result or {}), "duration": "PT1M"}
        if result:
            statement["result"] = result
        statement.update(change)
        return statement

    def send(self, *statements: dict):  # type: ignore[no-untyped-def,type-arg]
        return self.client.post("/xapi/statements", json=list(statements), headers=self.headers)


def _launch(portal: Portal, course_id: str, learner: dict[str, str], au_index: int) -> AU:
    r = portal.client.post(
        f"/api/v1/cmi5/courses/{course_id}/launch", json={"au_index": au_index}, headers=learner
    )
    assert r.status_code == 200, r.text
    return AU(portal.client, r.json()["url"])


def test_a_learner_takes_a_cmi5_course_to_completion_and_a_certificate(portal):
    course_id = _published(portal)
    learner = portal.login("learner1")
    refused = portal.client.post(f"/api/v1/cmi5/courses/{course_id}/launch", json={}, headers=learner)
    assert refused.status_code == 403 and "enrolled" in refused.text
    assert portal.client.post(f"/api/v1/courses/{course_id}/enrolments", headers=learner).status_code == 201

    first = _launch(portal, course_id, learner, 0)
    assert first.endpoint == f"{PUBLIC}/xapi" and first.activity == f"{PUBLIC}/courses/{course_id}/aus/0"
    page = portal.client.get(first.path)
    assert page.status_code == 200 and "sandbox allow-scripts" in page.headers["content-security-policy"]
    assert "allow-same-origin" not in page.headers["content-security-policy"]
    assert "auth-token" in first.fetch()
    assert first.fetch()["error-code"] == "1"  # the fetch URL works once
    assert first.launch_data["moveOn"] == "Completed" and first.launch_data["launchMode"] == "Normal"

    assert (
        first.send(first.statement("completed", {"completion": True})).status_code == 403
    )  # not initialized
    assert first.send(first.statement("initialized")).status_code == 200
    assert first.send(first.statement("satisfied")).status_code == 403  # the LMS's verb
    other = first.statement("experienced", context={"registration": str(uuid.uuid4())})
    assert first.send(other).status_code == 403
    assert first.send(first.statement("completed", {"completion": True})).status_code == 200
    assert first.send(first.statement("completed", {"completion": True})).status_code == 403  # a second
    assert first.send(first.statement("terminated")).status_code == 200
    after = first.send(first.statement("experienced"))
    assert after.status_code == 403 and "terminated" in after.text

    second = _launch(portal, course_id, learner, 1)
    assert second.registration == first.registration and "auth-token" in second.fetch()
    assert second.launch_data["masteryScore"] == 0.8
    assert second.send(second.statement("initialized")).status_code == 200
    low = second.statement("passed", {"success": True, "score": {"scaled": 0.5}})
    assert second.send(low).status_code == 403  # below the mastery score
    good = second.statement("passed", {"success": True, "score": {"scaled": 0.9}})
    assert second.send(good, second.statement("terminated")).status_code == 200

    with portal.db.transaction() as session:
        user = session.scalar(select(User).where(User.email == f"learner1@{DEMO_DOMAIN}"))
        enrolment = session.scalar(
            select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == uuid.UUID(course_id))
        )
        assert enrolment.status == "completed" and enrolment.completed_by is None
        told = session.scalars(
            select(XapiStatement.statement).where(XapiStatement.registration == uuid.UUID(first.registration))
        ).all()
    verbs = [(s["verb"]["id"].rsplit("/", 1)[1], s["object"]["id"]) for s in told]
    course_iri = f"{PUBLIC}/courses/{course_id}"  # the LMS's ids, never the publisher's
    assert ("satisfied", course_iri) in verbs and ("satisfied", f"{course_iri}/blocks/0") in verbs
    groupings = {
        s["context"]["contextActivities"]["grouping"][0]["id"] for s in told if "satisfied" in s["verb"]["id"]
    }
    assert groupings == {COURSE_IRI, f"{COURSE_IRI}/block"}
    assert sum(v == "launched" for v, _ in verbs) == 2
    certificate = portal.client.post(
        "/api/v1/credentials", json={"enrolment_id": str(enrolment.id)}, headers=learner
    )
    assert certificate.status_code == 201, certificate.text


def test_a_token_reaches_its_own_session_only_and_an_open_session_is_abandoned_on_relaunch(portal):
    course_id = _published(portal)
    learner = portal.login("learner1")
    portal.client.post(f"/api/v1/courses/{course_id}/enrolments", headers=learner)
    first = _launch(portal, course_id, learner, 0)
    first.fetch()
    assert first.send(first.statement("initialized")).status_code == 200
    stranger = {"objectType": "Agent", "mbox": "mailto:someone@example.org"}
    assert first.send(first.statement("initialized", actor=stranger)).status_code == 403
    reading = portal.client.get(
        "/xapi/statements", params={"agent": json.dumps(stranger)}, headers=first.headers
    )
    assert reading.status_code == 403
    mine = portal.client.get("/xapi/statements", headers=first.headers)
    assert mine.status_code == 200
    assert {s["context"]["registration"] for s in mine.json()["statements"]} == {first.registration}

    again = _launch(portal, course_id, learner, 0)  # the first session never terminated
    again.fetch()
    ended = first.send(first.statement("terminated"))
    assert ended.status_code == 403
    with portal.db.transaction() as session:
        abandoned = session.scalars(
            select(XapiStatement.statement).where(XapiStatement.registration == uuid.UUID(first.registration))
        ).all()
    told = next(s for s in abandoned if s["verb"]["id"] == "https://w3id.org/xapi/adl/verbs/abandoned")
    assert told["context"]["extensions"][f"{CMI5}/context/extensions/sessionid"] == first.session_id
    bad_token = {**V, "Authorization": "Basic " + base64.b64encode(b"cmi5:not-a-token").decode()}
    assert portal.client.get("/xapi/statements", headers=bad_token).status_code == 401


def test_waiving_both_aus_satisfies_the_course(portal):
    course_id = _published(portal)
    learner = portal.login("learner1")
    portal.client.post(f"/api/v1/courses/{course_id}/enrolments", headers=learner)
    au = _launch(portal, course_id, learner, 0)
    admin = portal.login("admin")
    for index in (0, 1):
        r = portal.client.post(
            f"/api/v1/cmi5/registrations/{au.registration}/waive",
            json={"au_index": index, "reason": "Tested Out"},
            headers=admin,
        )
        assert r.status_code == 204, r.text
    self_waive = portal.client.post(
        f"/api/v1/cmi5/registrations/{au.registration}/waive",
        json={"au_index": 0, "reason": "Tested Out"},
        headers=learner,
    )
    assert self_waive.status_code in (403, 404)
    with portal.db.transaction() as session:
        enrolment = session.scalar(select(Enrolment).where(Enrolment.course_id == uuid.UUID(course_id)))
        assert enrolment.status == "completed"


def test_a_bad_package_is_refused_naming_its_faults_and_nothing_is_stored(portal):
    with portal.db.transaction() as session:
        before = session.scalar(select(Cmi5Package.id))
    bad = zipped({"cmi5.xml": course_xml(""), "../evil.html": b"x"})
    r = _import(portal, bad)
    assert r.status_code == 422 and "leaves the package's folder" in r.text
    r = _import(portal, course_xml("<au/>"), "text/xml")
    assert r.status_code == 422 and "cmi5.xml line" in r.text
    with portal.db.transaction() as session:
        assert session.scalar(select(Cmi5Package.id)) == before is None
    assert not (portal.data_dir / "content").exists() or not any((portal.data_dir / "content").iterdir())


def test_the_learner_pages_show_progress_and_launch_with_a_plain_form(portal):
    sys.path.insert(0, str(Path(__file__).parent / "pages"))
    from portal_forms import post_form, signed_in

    course_id = _published(portal)
    browser = signed_in(portal.app, f"learner1@{DEMO_DOMAIN}", DEMO_PASSWORD)
    assert browser.get(f"/learn/{course_id}").status_code == 404  # not enrolled
    enrolled = post_form(browser, f"/catalogue/{course_id}", f"/catalogue/{course_id}/enrolment", {})
    assert enrolled.status_code == 303
    course_page = browser.get(f"/catalogue/{course_id}")
    assert course_page.status_code == 200 and f'href="/learn/{course_id}"' in course_page.text
    content = browser.get(f"/learn/{course_id}")
    assert content.status_code == 200 and "0%" in content.text and content.text.count("Launch") >= 2
    launched = post_form(browser, f"/learn/{course_id}", f"/learn/{course_id}/launch", {"au_index": "0"})
    assert launched.status_code == 303 and "/content/" in launched.headers["location"]
    assert "Resume" in browser.get(f"/learn/{course_id}").text  # the session is still open


def _tracked(portal: Portal, kind: str, body: bytes, **query: object):  # type: ignore[no-untyped-def]
    return portal.client.post(
        "/api/v1/cmi5/tracked",
        params={"provider_id": str(_provider(portal)), "kind": kind, "title": f"A {kind}", **query},
        content=body,
        headers=portal.login("creator1"),
    )


def _publish(portal: Portal, course_id: str) -> None:
    for who, action in (("creator1", "submit"), ("reviewer1", "approve")):
        step = portal.client.post(
            f"/api/v1/courses/{course_id}/transitions", json={"action": action}, headers=portal.login(who)
        )
        assert step.status_code == 201, step.text


def test_a_tracked_video_launches_in_the_player_and_is_served_by_byte_range(portal):
    from media_examples import webm

    video = webm(2)
    r = _tracked(portal, "video", video, threshold=0.75)
    assert r.status_code == 201, r.text
    assert r.json()["au_count"] == 1 and r.json()["course_iri"].startswith("urn:karmayogi:tracked:")
    course_id = r.json()["course_id"]
    _publish(portal, course_id)
    learner = portal.login("learner3")
    assert portal.client.post(f"/api/v1/courses/{course_id}/enrolments", headers=learner).status_code == 201
    au = _launch(portal, course_id, learner, 0)
    assert au.path.endswith("/player.html")
    player = portal.client.get(au.path)
    assert player.status_code == 200 and "frame-ancestors 'self'" in player.headers["content-security-policy"]
    au.fetch()
    assert json.loads(au.launch_data["launchParameters"])["threshold"] == 0.75
    media = au.path.replace("player.html", "media/video.webm")
    whole = portal.client.get(media)
    assert whole.content == video and whole.headers["accept-ranges"] == "bytes"
    part = portal.client.get(media, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == video[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(video)}"
    assert portal.client.get(media, headers={"Range": "bytes=-10"}).content == video[-10:]
    beyond = portal.client.get(media, headers={"Range": f"bytes={len(video)}-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{len(video)}"
    # The player's own statements follow the session rules as any AU's do.
    assert au.send(au.statement("initialized")).status_code == 200
    assert au.send(au.statement("completed", {"completion": True})).status_code == 200
    assert au.send(au.statement("terminated")).status_code == 200
    with portal.db.transaction() as session:
        enrolment = session.scalar(
            select(Enrolment).where(
                Enrolment.course_id == uuid.UUID(course_id), Enrolment.status == "completed"
            )
        )
        assert enrolment is not None


def test_an_html5_site_may_be_framed_by_the_sandboxed_player_and_nothing_else_is(portal):
    from media_examples import html5_zip

    r = _tracked(portal, "html5", html5_zip(), minimum_seconds=0)
    assert r.status_code == 201, r.text
    with portal.db.transaction() as session:
        key = session.scalar(
            select(Cmi5Package.storage_key).where(Cmi5Package.course_id == uuid.UUID(r.json()["course_id"]))
        )
    site = portal.client.get(f"/content/{key}/site/index.html")
    assert "frame-ancestors" not in site.headers["content-security-policy"]
    assert "sandbox allow-scripts" in site.headers["content-security-policy"]
    player = portal.client.get(f"/content/{key}/player.html")
    assert "frame-ancestors 'self'" in player.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("kind", "query", "fault"),
    [
        ("video", {}, "is not a video the browser can play"),
        ("document", {}, "is not a PDF document"),
        ("video", {"threshold": 2}, "threshold"),
        ("slides", {}, "kind"),
    ],
    ids=["not-video", "not-pdf", "threshold", "kind"],
)
def test_tracked_content_that_cannot_be_played_is_refused_and_nothing_is_stored(portal, kind, query, fault):
    r = _tracked(portal, kind, b"GIF89a", **query)
    assert r.status_code == 422 and fault in r.text
    with portal.db.transaction() as session:
        assert session.scalar(select(Cmi5Package.id)) is None
