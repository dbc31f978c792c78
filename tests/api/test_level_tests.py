"""Adaptive level tests over HTTP: a question at a time, a level with its confidence, and its evidence;
retakes that wait, are capped, repeat no question, and cannot farm a level."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from api.conftest import Demo
from fastapi.testclient import TestClient
from sqlalchemy import select

from karmayogi.api.app import create_app
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import seed
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import LevelTest, QuestionExposure

LEARNER = "learner1@karmayogi.example"
OTHER_LEARNER = "learner2@karmayogi.example"
HR = "hr.doe@karmayogi.example"
CREATOR = "creator1@karmayogi.example"
DIFFICULTIES = [-2.5 + 5 * i / 11 for i in range(12)]
SECRET_FIELDS = {"key", "correct", "irt", "irt_a", "irt_b", "irt_c", "document"}


def fields_in(payload: Any) -> set[str]:
    if isinstance(payload, dict):
        return set(payload) | {f for v in payload.values() for f in fields_in(v)}
    if isinstance(payload, list):
        return {f for v in payload for f in fields_in(v)}
    return set()


class Calibrated:
    """Twelve calibrated questions on one competency, written by creator1; the right option is "b"."""

    def __init__(self, demo: Any, count: int = len(DIFFICULTIES)) -> None:
        difficulties = DIFFICULTIES[:count] if count <= len(DIFFICULTIES) else spread(count)
        self.demo = demo
        self.client = demo.client
        creator = demo.login(CREATOR)
        organisation_id = self.client.get("/api/v1/me", headers=creator).json()["organisation_id"]
        with demo.db.transaction() as session:
            framework = versions.newest(session)[1].framework
            self.competency_id = str(next(c.id for c in framework.competencies if not c.retired))
        self.difficulty = {}
        for n, b in enumerate(difficulties):
            qid = f"cat{n:02d}"
            self.difficulty[qid] = b
            question = {
                "organisation_id": organisation_id,
                "id": qid,
                "kind": "single_choice",
                "prompt": f"<p>Calibrated question {n}</p>",
                "key": {"correct": "b"},
                "options": [{"value": v, "label": f"Option {v}"} for v in "abcd"],
                "competency_id": self.competency_id,
                "level": 3,
                "bloom": "apply",
                "irt": {"a": 1.5, "b": b, "c": 0.0},
            }
            r = self.client.post("/api/v1/questions", json=question, headers=creator)
            assert r.status_code == 201, r.text

    def start(self, email: str = LEARNER) -> Any:
        return self.client.post(
            "/api/v1/level-tests", json={"competency_id": self.competency_id}, headers=self.demo.login(email)
        )

    def respond(self, test: dict[str, Any], response: Any, email: str = LEARNER, **fields: Any) -> Any:
        body = {"nonce": test["nonce"], "question_id": test["question"]["id"], "response": response, **fields}
        return self.client.post(
            f"/api/v1/level-tests/{test['id']}/responses", json=body, headers=self.demo.login(email)
        )

    def sit(self, ability: float, email: str = LEARNER) -> dict[str, Any]:
        """Answer right exactly the questions easier than `ability`, until the test stops."""
        r = self.start(email)
        assert r.status_code == 201, r.text
        test = r.json()
        while test["finished_at"] is None:
            assert not fields_in(test) & SECRET_FIELDS
            right = self.difficulty[test["question"]["id"]] < ability
            r = self.respond(test, "b" if right else "a", email)
            assert r.status_code == 200, r.text
            test = {**r.json(), "nonce": test["nonce"]}
        return test

    def verified(self, email: str = LEARNER) -> int | None:
        """The verified level of the official's passbook line on the competency, if any."""
        headers = self.demo.login(email)
        user_id = self.client.get("/api/v1/me", headers=headers).json()["id"]
        profile = self.client.get(f"/api/v1/users/{user_id}/profile", headers=headers).json()
        lines = [
            p for p in profile if p["competency_id"] == self.competency_id and p["standing"] == "verified"
        ]
        return lines[0]["level"] if lines else None

    def shown(self, test_id: str) -> set[str]:
        with self.demo.db.transaction() as session:
            row = session.get(LevelTest, uuid.UUID(test_id))
            assert row is not None
            return {item["question_id"] for item in row.items}


def spread(count: int) -> list[float]:
    return [-3.0 + 6.0 * i / (count - 1) for i in range(count)]


def serve(db: Database, **settings: Any) -> Iterator[Demo]:
    """The small demo served under SETTINGS (level-test retake rules, say), like the `demo` fixture."""
    with db.transaction() as session:
        seed(session, "small", 7)
    app = create_app(Settings(database_url=db.url, secret_key="demo-test-" + "k" * 32, **settings), db)
    with TestClient(app) as client:
        yield Demo(client, db)


@pytest.fixture
def bank(demo: Any) -> Calibrated:
    return Calibrated(demo)


@pytest.fixture
def retaking(db: Database) -> Iterator[Calibrated]:
    """Thirty-six calibrated questions, and no cool-down: three tests per competency per 365 days."""
    for demo in serve(db, level_test_cooldown_seconds=0, level_test_attempts_per_period=3):
        yield Calibrated(demo, count=36)


def test_a_strong_officer_reaches_a_high_level_recorded_as_adaptive_test_evidence(bank: Calibrated) -> None:
    test = bank.sit(ability=9.0)
    assert test["answered"] >= 5 and test["question"] is None
    assert test["level"] >= 4 and 0 < test["confidence"] <= 1
    assert test["theta"] > 1

    learner = bank.demo.login(LEARNER)
    user_id = bank.client.get("/api/v1/me", headers=learner).json()["id"]
    evidence_log = bank.client.get(f"/api/v1/users/{user_id}/evidence", headers=learner).json()
    (evidence,) = [e for e in evidence_log if e["source"] == "adaptive_test"]
    assert (evidence["competency_id"], evidence["level"]) == (bank.competency_id, test["level"])
    assert evidence["confidence"] == pytest.approx(test["confidence"])
    assert evidence["source_ref"] == f"level_test:{test['id']}"
    profile = bank.client.get(f"/api/v1/users/{user_id}/profile", headers=learner).json()
    (line,) = [p for p in profile if p["competency_id"] == bank.competency_id]
    assert (line["level"], line["standing"]) == (test["level"], "verified")


def test_a_weak_officer_is_placed_low_and_a_middling_one_in_between(bank: Calibrated) -> None:
    weak = bank.sit(ability=-9.0)
    assert weak["level"] <= 2 and weak["theta"] < -1
    middling = bank.sit(ability=0.0, email=OTHER_LEARNER)
    assert weak["theta"] < middling["theta"] and 2 <= middling["level"] <= 4


def test_forged_replayed_and_foreign_responses_are_refused_and_change_nothing(bank: Calibrated) -> None:
    test = bank.start().json()
    url = f"/api/v1/level-tests/{test['id']}"
    assert bank.respond(test, "b", nonce="forged").status_code == 409
    assert bank.respond(test, "b", email=OTHER_LEARNER).status_code == 404
    assert bank.respond(test, "b", email=HR).status_code == 404
    assert bank.respond(test, "z").status_code == 422  # not an option of the question
    assert bank.client.get(url, headers=bank.demo.login(OTHER_LEARNER)).status_code == 404
    as_hr = bank.client.get(url, headers=bank.demo.login(HR)).json()
    assert as_hr["answered"] == 0 and as_hr["nonce"] is None

    answered = bank.respond(test, "b")
    assert answered.status_code == 200 and answered.json()["answered"] == 1
    replayed = bank.respond(test, "b")  # the question was answered already
    assert replayed.status_code == 409 and "waiting for an answer to" in replayed.json()["detail"]
    assert bank.client.get(url, headers=bank.demo.login(LEARNER)).json()["answered"] == 1

    again = bank.start()
    assert again.status_code == 409 and test["id"] in again.json()["detail"]


def test_a_finished_test_takes_no_more_answers(bank: Calibrated) -> None:
    finished = bank.sit(ability=0.0)
    with bank.demo.db.transaction() as session:
        row = session.get(LevelTest, uuid.UUID(finished["id"]))
        assert row is not None
        last = row.items[-1]["question_id"]
    r = bank.client.post(
        f"/api/v1/level-tests/{finished['id']}/responses",
        json={"nonce": finished["nonce"], "question_id": last, "response": "b"},
        headers=bank.demo.login(LEARNER),
    )
    assert r.status_code == 409 and "finished" in r.json()["detail"]


def test_exposure_is_counted_per_question_shown(bank: Calibrated) -> None:
    first = bank.sit(ability=0.0)
    with bank.demo.db.transaction() as session:
        shown = {
            q: n for q, n in session.execute(select(QuestionExposure.question_id, QuestionExposure.shown))
        }
        row = session.get(LevelTest, uuid.UUID(first["id"]))
        assert row is not None
        assert set(shown) == {item["question_id"] for item in row.items}
        assert set(shown.values()) == {1}


def test_a_competency_without_enough_calibrated_questions_cannot_be_tested(demo: Any) -> None:
    few = Calibrated(demo, count=3)
    r = few.start()
    assert r.status_code == 422 and "fewer than 5 calibrated questions" in r.json()["detail"]
    r = few.client.post(
        "/api/v1/level-tests", json={"competency_id": str(uuid.uuid4())}, headers=demo.login(LEARNER)
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "competency_id"
    with demo.db.transaction() as session:
        assert session.scalars(select(LevelTest)).all() == []


def test_nothing_shown_during_the_test_tells_a_right_answer_from_a_wrong_one(bank: Calibrated) -> None:
    test = bank.start().json()
    seen = [test]
    for answer in ("b", "a", "b"):  # right, wrong, right
        r = bank.respond(test, answer)
        assert r.status_code == 200, r.text
        test = {**r.json(), "nonce": test["nonce"]}
        seen.append(r.json())
    url = f"/api/v1/level-tests/{test['id']}"
    seen += [bank.client.get(url, headers=bank.demo.login(who)).json() for who in (LEARNER, HR)]
    for step in seen:
        assert (step["theta"], step["se"], step["level"], step["confidence"]) == (None, None, None, None)
    assert {tuple(sorted(step)) for step in seen} == {tuple(sorted(seen[0]))}

    finished = bank.client.get(url, headers=bank.demo.login(LEARNER)).json()
    while finished["finished_at"] is None:
        finished = {**bank.respond({**finished, "nonce": test["nonce"]}, "b").json(), "nonce": test["nonce"]}
    assert finished["theta"] is not None and finished["se"] > 0 and finished["level"] is not None


def test_a_retake_waits_for_the_cool_down_and_the_refusal_says_until_when(bank: Calibrated) -> None:
    first = bank.sit(ability=0.0)
    r = bank.start()
    assert r.status_code == 409, r.text
    detail = r.json()["detail"]
    assert "the next attempt may start at" in detail
    allowed = datetime.fromisoformat(detail.rsplit(" ", 1)[-1])
    assert allowed - datetime.fromisoformat(first["finished_at"]) == pytest.approx(
        timedelta(days=30), abs=timedelta(seconds=2)
    )
    with bank.demo.db.transaction() as session:
        assert len(session.scalars(select(LevelTest)).all()) == 1


def test_farming_from_verified_1_to_verified_5_in_two_runs_no_longer_works(retaking: Calibrated) -> None:
    """The reproduction of issue 14: a weak run, then a perfect one, used to leave the newest standing."""
    weak = retaking.sit(ability=-9.0)
    assert retaking.verified() == weak["level"] == 1
    strong = retaking.sit(ability=9.0)
    assert strong["level"] >= 4
    assert retaking.verified() == 1  # the lower of the last two tests, not the newest
    again = retaking.sit(ability=9.0)  # a second strong test in a row: now the level is shown twice
    assert retaking.verified() == min(strong["level"], again["level"]) >= 4

    r = retaking.start()  # three tests in the period: the cap is reached
    assert r.status_code == 409
    assert "all 3 level tests allowed on this competency within 365 days" in r.json()["detail"]
    assert "the next attempt may start at" in r.json()["detail"]


def test_no_question_is_repeated_in_consecutive_attempts(retaking: Calibrated) -> None:
    tests = [retaking.sit(ability=ability) for ability in (0.0, 0.5, 0.0)]
    shown = [retaking.shown(test["id"]) for test in tests]
    assert all(len(s) >= 5 for s in shown)
    assert not shown[0] & shown[1] and not shown[1] & shown[2]


def test_a_retake_is_refused_when_too_few_questions_remain_unseen(db: Database) -> None:
    for demo in serve(db, level_test_cooldown_seconds=0):
        small = Calibrated(demo, count=8)  # a strong candidate's test shows all eight
        first = small.sit(ability=9.0)
        assert len(small.shown(first["id"])) > 3
        r = small.start()
        assert r.status_code == 422 and "never repeats its questions" in r.json()["detail"]
        assert r.json()["errors"][0]["field"] == "competency_id"
