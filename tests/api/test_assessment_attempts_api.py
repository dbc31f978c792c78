"""Assessments over HTTP: authoring, sitting, scoring every kind, attempt security, evidence from a pass."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from karmayogi.lms.frac import versions
from karmayogi.lms.orm import AssessmentAttempt, EvidenceRecord

LEARNER = "learner1@karmayogi.example"
OTHER_LEARNER = "learner2@karmayogi.example"
HR = "hr.doe@karmayogi.example"
CREATOR = "creator1@karmayogi.example"
# Fields of an answer key or a calibration that must never reach a candidate's client.
SECRET_FIELDS = {
    "key",
    "correct",
    "answer",
    "pairs",
    "order",
    "model_answer",
    "rubric",
    "tolerance",
    "irt",
    "irt_a",
    "irt_b",
    "irt_c",
    "document",
}


# A result names outcomes and marks per question, never what the right answer was.
RESULT_FIELDS = {
    "sections",
    "title",
    "questions",
    "question_id",
    "version",
    "outcome",
    "marks",
    "max_marks",
    "correct",
    "partial",
    "incorrect",
    "blank",
    "pending_review",
    "passed",
}


def leaks(attempt: dict[str, Any]) -> set[str]:
    """Fields of an attempt payload that could give an answer away."""
    paper = fields_in({k: v for k, v in attempt.items() if k != "result"}) & SECRET_FIELDS
    return paper | (fields_in(attempt["result"]) - RESULT_FIELDS)


def fields_in(payload: Any) -> set[str]:
    """Every field name anywhere in a JSON payload."""
    if isinstance(payload, dict):
        return set(payload) | {f for v in payload.values() for f in fields_in(v)}
    if isinstance(payload, list):
        return {f for v in payload for f in fields_in(v)}
    return set()


class Bank:
    """creator1 writing their provider's bank and assessments through the API, learners sitting them."""

    def __init__(self, demo: Any) -> None:
        self.demo = demo
        self.client = demo.client
        self.creator = demo.login(CREATOR)
        me = self.client.get("/api/v1/me", headers=self.creator).json()
        self.organisation_id = me["organisation_id"]
        with demo.db.transaction() as session:
            framework = versions.newest(session)[1].framework
            self.competency_id = str(next(c.id for c in framework.competencies if not c.retired))

    def question(self, qid: str, kind: str = "single_choice", **fields: Any) -> dict[str, Any]:
        defaults: dict[str, Any] = {
            "single_choice": {
                "key": {"correct": "b"},
                "options": [{"value": v, "label": f"Option {v}"} for v in "abcd"],
            },
            "multiple_choice": {
                "key": {"correct": ["a", "c"]},
                "options": [{"value": v, "label": f"Option {v}"} for v in "abcd"],
            },
            "true_false": {"key": {"answer": True}},
            "fill_in_blank": {"key": {"blanks": [["New Delhi"], ["Mumbai", "Bombay"]]}},
            "match": {
                "key": {"pairs": [["a", "x"], ["b", "y"]]},
                "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
                "targets": [{"value": t, "label": t.upper()} for t in "xyz"],
            },
            "ordering": {
                "key": {"order": ["c", "a", "d", "b"]},
                "options": [{"value": v, "label": f"Step {v}"} for v in "abcd"],
            },
            "numeric": {"key": {"value": "3.14", "tolerance": "0.01"}},
            "short_text": {"key": {"model_answer": "Acknowledge and give a date."}, "max_score": 2.0},
        }[kind]
        return {
            "organisation_id": self.organisation_id,
            "id": qid,
            "kind": kind,
            "prompt": f"<p>Question {qid}?</p>",
            "competency_id": self.competency_id,
            "level": 2,
            "bloom": "remember",
            "irt": {"a": 1.2, "b": 0.3, "c": 0.2},
            **defaults,
            **fields,
        }

    def add(self, qid: str, kind: str = "single_choice", **fields: Any) -> dict[str, Any]:
        r = self.client.post(
            "/api/v1/questions", json=self.question(qid, kind, **fields), headers=self.creator
        )
        assert r.status_code == 201, r.text
        return r.json()

    def assessment(self, sections: list[dict[str, Any]], publish: bool = True, **fields: Any) -> str:
        body = {
            "organisation_id": self.organisation_id,
            "title": "Office procedure test",
            "sections": sections,
            "time_limit_seconds": 1800,
            **fields,
        }
        r = self.client.post("/api/v1/assessments", json=body, headers=self.creator)
        assert r.status_code == 201, r.text
        assessment_id = r.json()["id"]
        if publish:
            r = self.client.post(f"/api/v1/assessments/{assessment_id}/publication", headers=self.creator)
            assert r.status_code == 200, r.text
        return str(assessment_id)

    def start(self, assessment_id: str, email: str = LEARNER) -> dict[str, Any]:
        r = self.client.post(f"/api/v1/assessments/{assessment_id}/attempts", headers=self.demo.login(email))
        assert r.status_code == 201, r.text
        return dict(r.json())

    def submit(self, attempt: dict[str, Any], answers: dict[str, Any], email: str = LEARNER) -> Any:
        return self.client.post(
            f"/api/v1/attempts/{attempt['id']}/submission",
            json={"nonce": attempt["nonce"], "answers": answers},
            headers=self.demo.login(email),
        )

    def user_id(self, email: str) -> str:
        return str(self.client.get("/api/v1/me", headers=self.demo.login(email)).json()["id"])

    def evidence(self, email: str) -> list[dict[str, Any]]:
        """The officer's assessment-result evidence."""
        r = self.client.get(f"/api/v1/users/{self.user_id(email)}/evidence", headers=self.demo.login(email))
        assert r.status_code == 200, r.text
        return [e for e in r.json() if e["source"] == "assessment_result"]


@pytest.fixture
def bank(demo: Any) -> Bank:
    return Bank(demo)


RIGHT_ANSWERS = {
    "single_choice": "b",
    "multiple_choice": ["c", "a"],
    "true_false": True,
    "fill_in_blank": ["new delhi", "Bombay"],
    "match": {"a": "x", "b": "y"},
    "ordering": ["c", "a", "d", "b"],
    "numeric": "3.145",
    "short_text": "Acknowledge the letter and promise a reply by Friday.",
}


def test_every_kind_is_scored_and_no_answer_key_reaches_the_candidate(bank: Bank) -> None:
    for kind in RIGHT_ANSWERS:
        bank.add(kind, kind)
    assessment_id = bank.assessment(
        [{"title": "All kinds", "question_ids": list(RIGHT_ANSWERS)}],
        shuffle_questions=True,
        shuffle_options=True,
    )
    attempt = bank.start(assessment_id)
    assert not leaks(attempt)
    questions = {q["id"]: q for q in attempt["sections"][0]["questions"]}
    assert set(questions) == set(RIGHT_ANSWERS)
    assert questions["fill_in_blank"]["blanks"] == 2
    assert [o["value"] for o in questions["ordering"]["options"]] != ["c", "a", "d", "b"]
    assert {t["value"] for t in questions["match"]["targets"]} == {"x", "y", "z"}
    assert attempt["deadline"] > attempt["started_at"] and attempt["nonce"]

    r = bank.submit(attempt, RIGHT_ANSWERS)
    assert r.status_code == 200, r.text
    submitted = r.json()
    assert not leaks(submitted)
    outcomes = {q["question_id"]: q["outcome"] for q in submitted["result"]["sections"][0]["questions"]}
    assert outcomes == {kind: "correct" for kind in RIGHT_ANSWERS} | {"short_text": "pending_review"}
    result = submitted["result"]
    assert (result["correct"], result["pending_review"], result["marks"], result["max_marks"]) == (7, 1, 7, 9)
    assert result["passed"] is None  # a reviewer has yet to mark the short answer
    reread = bank.client.get(f"/api/v1/attempts/{attempt['id']}", headers=bank.demo.login(LEARNER)).json()
    assert reread["result"] == result and not leaks(reread)


def test_negative_marking_and_section_pass_marks_are_kept_in_the_result(bank: Bank) -> None:
    for qid in ("a1", "a2", "b1", "b2"):
        bank.add(qid)
    assessment_id = bank.assessment(
        [
            {"title": "Rules", "question_ids": ["a1", "a2"], "pass_mark": 0.25, "negative_mark": 0.25},
            {"title": "Practice", "question_ids": ["b1", "b2"], "pass_mark": 1.0},
        ],
        pass_mark=0.4,
    )
    attempt = bank.start(assessment_id)
    r = bank.submit(attempt, {"a1": "b", "a2": "c", "b1": "b", "b2": None})
    assert r.status_code == 200, r.text

    result = bank.client.get(f"/api/v1/attempts/{attempt['id']}", headers=bank.demo.login(HR)).json()[
        "result"
    ]
    rules, practice = result["sections"]
    assert (rules["marks"], rules["correct"], rules["incorrect"], rules["passed"]) == (0.75, 1, 1, True)
    assert (practice["marks"], practice["correct"], practice["blank"], practice["passed"]) == (
        1.0,
        1,
        1,
        False,
    )
    assert (
        result["marks"],
        result["max_marks"],
        result["correct"],
        result["incorrect"],
        result["blank"],
    ) == (
        1.75,
        4.0,
        2,
        1,
        1,
    )
    assert result["passed"] is False  # 1.75 of 4 clears the overall 40%, but a section failed
    assert [q["marks"] for q in rules["questions"]] == [1.0, -0.25]


def test_a_pass_records_assessment_result_evidence_at_the_tagged_level(bank: Bank) -> None:
    bank.add("p1")
    assessment_id = bank.assessment(
        [{"title": "Only", "question_ids": ["p1"]}], competency_id=bank.competency_id, level=3, pass_mark=1.0
    )
    failed = bank.start(assessment_id)
    assert bank.submit(failed, {"p1": "a"}).json()["result"]["passed"] is False
    assert bank.evidence(LEARNER) == []

    passed = bank.start(assessment_id)
    assert bank.submit(passed, {"p1": "b"}).json()["result"]["passed"] is True
    (evidence,) = bank.evidence(LEARNER)
    assert (evidence["competency_id"], evidence["level"]) == (bank.competency_id, 3)
    assert evidence["source_ref"] == f"attempt:{passed['id']}"


def test_another_officers_attempt_is_not_found_and_stays_as_it_was(bank: Bank) -> None:
    bank.add("s1")
    attempt = bank.start(bank.assessment([{"title": "Only", "question_ids": ["s1"]}]))
    url = f"/api/v1/attempts/{attempt['id']}"
    for email in (OTHER_LEARNER, HR):
        r = bank.submit(attempt, {"s1": "a"}, email=email)
        assert r.status_code == 404, r.text
    assert bank.client.get(url, headers=bank.demo.login(OTHER_LEARNER)).status_code == 404
    as_hr = bank.client.get(url, headers=bank.demo.login(HR)).json()
    assert as_hr["state"] == "open" and as_hr["answers"] is None and as_hr["nonce"] is None

    assert bank.submit(attempt, {"s1": "b"}).json()["result"]["correct"] == 1


def test_a_second_submission_is_refused_and_the_first_stands(bank: Bank) -> None:
    bank.add("d1")
    attempt = bank.start(bank.assessment([{"title": "Only", "question_ids": ["d1"]}]))
    assert bank.submit(attempt, {"d1": "a"}).status_code == 200
    again = bank.submit(attempt, {"d1": "b"})
    assert again.status_code == 409
    assert "submitted" in again.json()["detail"]
    kept = bank.client.get(f"/api/v1/attempts/{attempt['id']}", headers=bank.demo.login(LEARNER)).json()
    assert kept["answers"] == {"d1": "a"} and kept["result"]["incorrect"] == 1


def test_a_late_or_forged_submission_is_refused_and_nothing_is_stored(bank: Bank) -> None:
    bank.add("l1")
    assessment_id = bank.assessment(
        [{"title": "Only", "question_ids": ["l1"]}], competency_id=bank.competency_id, level=2
    )
    attempt = bank.start(assessment_id)
    forged = bank.client.post(
        f"/api/v1/attempts/{attempt['id']}/submission",
        json={"nonce": "not-the-nonce", "answers": {"l1": "b"}},
        headers=bank.demo.login(LEARNER),
    )
    assert forged.status_code == 409 and "nonce" in forged.json()["detail"]
    with bank.demo.db.transaction() as session:
        row = session.get(AssessmentAttempt, uuid.UUID(attempt["id"]))
        assert row is not None
        row.started_at -= timedelta(hours=1)
        row.deadline -= timedelta(hours=1)

    late = bank.submit(attempt, {"l1": "b"})
    assert late.status_code == 409
    assert "closed at" in late.json()["detail"]
    with bank.demo.db.transaction() as session:
        row = session.get(AssessmentAttempt, uuid.UUID(attempt["id"]))
        assert row is not None
        assert (row.state, row.answers, row.result, row.submitted_at) == ("open", None, None, None)
        written = select(EvidenceRecord).where(EvidenceRecord.source_ref == f"attempt:{attempt['id']}")
        assert session.scalars(written).all() == []


def test_a_malformed_answer_is_refused_and_nothing_is_stored(bank: Bank) -> None:
    bank.add("m1")
    attempt = bank.start(bank.assessment([{"title": "Only", "question_ids": ["m1"]}]))
    for answers, field in (({"m1": "e"}, "response"), ({"m1": "b", "zz": "a"}, "responses")):
        r = bank.submit(attempt, answers)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field, r.text
    kept = bank.client.get(f"/api/v1/attempts/{attempt['id']}", headers=bank.demo.login(LEARNER)).json()
    assert kept["state"] == "open" and kept["answers"] is None
    assert bank.submit(attempt, {"m1": "b"}).status_code == 200


def test_maximum_attempts_an_open_attempt_and_the_cooldown_are_enforced(bank: Bank) -> None:
    bank.add("r1")
    once = bank.assessment([{"title": "Only", "question_ids": ["r1"]}], max_attempts=1)
    first = bank.start(once)
    still_open = bank.client.post(f"/api/v1/assessments/{once}/attempts", headers=bank.demo.login(LEARNER))
    assert still_open.status_code == 409 and "still open" in still_open.json()["detail"]
    bank.submit(first, {"r1": "a"})
    exhausted = bank.client.post(f"/api/v1/assessments/{once}/attempts", headers=bank.demo.login(LEARNER))
    assert exhausted.status_code == 409 and "all 1 attempts" in exhausted.json()["detail"]
    assert bank.start(once, OTHER_LEARNER)["number"] == 1  # the limit is per officer

    daily = bank.assessment([{"title": "Only", "question_ids": ["r1"]}], cooldown_seconds=24 * 3600)
    bank.submit(bank.start(daily), {"r1": "a"})
    cooling = bank.client.post(f"/api/v1/assessments/{daily}/attempts", headers=bank.demo.login(LEARNER))
    assert cooling.status_code == 409 and "next attempt may start at" in cooling.json()["detail"]
    with bank.demo.db.transaction() as session:
        assert session.scalars(select(AssessmentAttempt).where(AssessmentAttempt.number > 1)).all() == []


def test_a_revised_and_retired_question_still_scores_on_an_older_attempt(bank: Bank) -> None:
    bank.add("v1")
    assessment_id = bank.assessment([{"title": "Only", "question_ids": ["v1"]}])
    attempt = bank.start(assessment_id)

    revised = bank.question("v1", key={"correct": "c"})
    del revised["organisation_id"]
    r = bank.client.post("/api/v1/questions/v1/versions", json=revised, headers=bank.creator)
    assert r.status_code == 201 and r.json()["version"] == 2, r.text
    r = bank.client.post("/api/v1/questions/v1/retirement", headers=bank.creator)
    assert r.status_code == 200 and r.json()["retired_at"], r.text

    scored = bank.submit(attempt, {"v1": "b"}).json()["result"]["sections"][0]["questions"][0]
    assert (scored["version"], scored["outcome"]) == (1, "correct")
    refused = bank.client.post(
        f"/api/v1/assessments/{assessment_id}/attempts", headers=bank.demo.login(OTHER_LEARNER)
    )
    assert refused.status_code == 422 and "retired" in refused.json()["detail"]
    history = bank.client.get("/api/v1/questions/v1", headers=bank.creator).json()
    assert [v["document"]["key"]["correct"] for v in history] == ["b", "c"]


def test_a_form_drawn_from_a_pool_gives_each_attempt_its_own_draw(bank: Bank) -> None:
    for n in range(6):
        bank.add(f"pool{n}", level=3)
    bank.add("fixed")
    assessment_id = bank.assessment(
        [
            {"title": "Fixed", "question_ids": ["fixed"]},
            {"title": "Drawn", "draws": [{"competency_id": bank.competency_id, "level": 3, "count": 3}]},
        ]
    )
    papers = []
    for email in (LEARNER, OTHER_LEARNER, HR):
        attempt = bank.start(assessment_id, email)
        fixed, drawn = attempt["sections"]
        assert [q["id"] for q in fixed["questions"]] == ["fixed"]
        papers.append({q["id"] for q in drawn["questions"]})
    assert all(len(p) == 3 and p <= {f"pool{n}" for n in range(6)} for p in papers)


def test_authoring_is_for_the_banks_authors_and_drafts_are_theirs(bank: Bank) -> None:
    learner = bank.demo.login(LEARNER)
    assert bank.client.post("/api/v1/questions", json=bank.question("x1"), headers=learner).status_code == 403
    learners_office = bank.client.get("/api/v1/me", headers=learner).json()["organisation_id"]
    other_bank = bank.question("x1", organisation_id=learners_office)
    r = bank.client.post("/api/v1/questions", json=other_bank, headers=bank.creator)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "organisation_id"
    r = bank.client.post("/api/v1/questions", json=bank.question("x1", level=6), headers=bank.creator)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "level", r.text
    r = bank.client.post(
        "/api/v1/questions", json=bank.question("x1", key={"correct": "e"}), headers=bank.creator
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "key.correct", r.text
    bank.add("x1")
    assert (
        bank.client.post("/api/v1/questions", json=bank.question("x1"), headers=bank.creator).status_code
        == 409
    )
    assert bank.client.get("/api/v1/questions/x1", headers=learner).status_code == 404

    draft = bank.assessment([{"title": "Only", "question_ids": ["x1"]}], publish=False)
    assert bank.client.get(f"/api/v1/assessments/{draft}", headers=learner).status_code == 404
    assert bank.client.post(f"/api/v1/assessments/{draft}/attempts", headers=learner).status_code == 404
    listed = bank.client.get("/api/v1/assessments", headers=learner).json()["items"]
    assert draft not in {a["id"] for a in listed}
    assert bank.client.post(f"/api/v1/assessments/{draft}/publication", headers=learner).status_code == 404

    too_few = bank.assessment(
        [{"title": "Drawn", "draws": [{"competency_id": bank.competency_id, "level": 2, "count": 5}]}],
        publish=False,
    )
    r = bank.client.post(f"/api/v1/assessments/{too_few}/publication", headers=bank.creator)
    assert r.status_code == 422 and "pool holds 1" in r.json()["detail"], r.text
    assert (
        bank.client.post(f"/api/v1/assessments/{draft}/publication", headers=bank.creator).status_code == 200
    )
    assert bank.client.get(f"/api/v1/assessments/{draft}", headers=learner).json()["status"] == "published"
    r = bank.client.post(
        "/api/v1/assessments",
        json={
            "organisation_id": bank.organisation_id,
            "title": "Tagged",
            "sections": [{"title": "Only", "question_ids": ["x1"]}],
            "time_limit_seconds": 60,
            "competency_id": bank.competency_id,
            "level": 0,
        },
        headers=bank.creator,
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "level", r.text


REVIEWER = "reviewer1@karmayogi.example"  # a content reviewer of creator1's institute


def test_short_answers_wait_for_a_second_persons_mark_and_then_the_result_stands(bank: Bank) -> None:
    bank.add("s1")
    bank.add("t1", "short_text")
    assessment_id = bank.assessment(
        [{"title": "Drafting", "question_ids": ["s1", "t1"]}], competency_id=bank.competency_id, level=2
    )
    attempt = bank.start(assessment_id)
    r = bank.submit(attempt, {"s1": "b", "t1": "Acknowledge it and promise a reply by Friday."})
    assert r.status_code == 200, r.text
    assert r.json()["result"]["passed"] is None and bank.evidence(LEARNER) == []

    reviewer = bank.demo.login(REVIEWER)
    queue = bank.client.get("/api/v1/marking", headers=reviewer)
    assert queue.status_code == 200, queue.text
    [waiting] = [w for w in queue.json() if w["attempt_id"] == attempt["id"]]
    assert [(a["question_id"], a["answer"], a["model_answer"]) for a in waiting["waiting"]] == [
        ("t1", "Acknowledge it and promise a reply by Friday.", "Acknowledge and give a date.")
    ]
    # The candidate sees no model answer, and neither the candidate nor an author may mark.
    mine = bank.client.get(f"/api/v1/attempts/{attempt['id']}", headers=bank.demo.login(LEARNER)).json()
    assert not leaks(mine)
    for who in (LEARNER, CREATOR):
        r = bank.client.post(
            f"/api/v1/attempts/{attempt['id']}/marks", json={"marks": {"t1": 1}}, headers=bank.demo.login(who)
        )
        assert r.status_code == 403, r.text
    for marks, field in (({"s1": 1}, "marks"), ({"t1": 1.5}, "marks")):
        r = bank.client.post(
            f"/api/v1/attempts/{attempt['id']}/marks", json={"marks": marks}, headers=reviewer
        )
        assert r.status_code == 422 and field in r.text, r.text

    r = bank.client.post(
        f"/api/v1/attempts/{attempt['id']}/marks", json={"marks": {"t1": 0.5}}, headers=reviewer
    )
    assert r.status_code == 200, r.text
    result = r.json()["result"]
    assert (result["marks"], result["max_marks"], result["pending_review"], result["passed"]) == (
        2.0,
        3.0,
        0,
        True,
    )
    assert [e["level"] for e in bank.evidence(LEARNER)] == [2]
    assert all(
        w["attempt_id"] != attempt["id"] for w in bank.client.get("/api/v1/marking", headers=reviewer).json()
    )
    again = bank.client.post(
        f"/api/v1/attempts/{attempt['id']}/marks", json={"marks": {"t1": 1}}, headers=reviewer
    )
    assert again.status_code == 409, again.text  # a mark once given stands
