"""Adaptive level tests over HTTP: a question at a time, a level with its confidence, and its evidence."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select

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
        self.demo = demo
        self.client = demo.client
        creator = demo.login(CREATOR)
        organisation_id = self.client.get("/api/v1/me", headers=creator).json()["organisation_id"]
        with demo.db.transaction() as session:
            framework = versions.newest(session)[1].framework
            self.competency_id = str(next(c.id for c in framework.competencies if not c.retired))
        self.difficulty = {}
        for n, b in enumerate(DIFFICULTIES[:count]):
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

    def sit(self, ability: float) -> dict[str, Any]:
        """Answer right exactly the questions easier than `ability`, until the test stops."""
        r = self.start()
        assert r.status_code == 201, r.text
        test = r.json()
        while test["finished_at"] is None:
            assert not fields_in(test) & SECRET_FIELDS
            right = self.difficulty[test["question"]["id"]] < ability
            r = self.respond(test, "b" if right else "a")
            assert r.status_code == 200, r.text
            test = {**r.json(), "nonce": test["nonce"]}
        return test


@pytest.fixture
def bank(demo: Any) -> Calibrated:
    return Calibrated(demo)


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
    middling = bank.sit(ability=0.0)
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
