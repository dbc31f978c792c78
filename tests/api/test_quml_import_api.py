"""QuML import over HTTP: a real-shaped question set lands in the bank, all or nothing, and can be sat."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from karmayogi.lms.orm import QuestionVersion

FIXTURE = Path(__file__).parents[1] / "lms" / "assessment" / "data" / "quml_questionset.json"
CREATOR = "creator1@karmayogi.example"
OTHER_CREATOR = "creator2@karmayogi.example"
URL = "/api/v1/question-banks/quml"


def question_set() -> dict[str, Any]:
    return dict(json.loads(FIXTURE.read_text()))


def questions_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for section in document["result"]["questionset"]["children"] for q in section["children"]]


class Importer:
    def __init__(self, demo: Any, email: str = CREATOR) -> None:
        self.demo = demo
        self.headers = demo.login(email)
        self.organisation_id = demo.client.get("/api/v1/me", headers=self.headers).json()["organisation_id"]

    def send(self, document: dict[str, Any], **fields: Any) -> Any:
        body = {"organisation_id": self.organisation_id, "question_set": document, **fields}
        return self.demo.client.post(URL, json=body, headers=self.headers)

    def stored(self) -> int:
        with self.demo.db.transaction() as session:
            return int(session.scalar(select(func.count()).select_from(QuestionVersion)) or 0)


@pytest.fixture
def importer(demo: Any) -> Importer:
    return Importer(demo)


def test_a_question_set_is_imported_with_its_sections_and_tags(importer: Importer) -> None:
    r = importer.send(question_set())
    assert r.status_code == 201, r.text
    imported = r.json()
    assert imported["identifier"] == "do_1140639957615411201"
    assert [s["title"] for s in imported["sections"]] == [
        "Section A: Office procedure",
        "Section B: Drafting",
    ]
    assert {q["kind"] for q in imported["questions"]} == {
        "single_choice",
        "multiple_choice",
        "true_false",
        "ordering",
        "match",
        "fill_in_blank",
        "numeric",
        "short_text",
    }
    assert {(q["version"], q["change"]) for q in imported["questions"]} == {(1, "added")}
    (first,) = importer.demo.client.get(
        "/api/v1/questions/do_11406399576154112017", headers=importer.headers
    ).json()
    assert first["level"] == 3 and first["bloom"] == "analyse"  # section B's competencies_v3
    assert importer.stored() == 8

    again = importer.send(question_set()).json()
    assert {q["change"] for q in again["questions"]} == {"unchanged"}
    edited = question_set()
    questions_of(edited)[0]["body"] = "<p>Who initiates a note on a receipt?</p>"
    changes = {
        q["question_id"]: (q["version"], q["change"]) for q in importer.send(edited).json()["questions"]
    }
    assert changes["do_11406399576154112013"] == (2, "revised")
    assert importer.stored() == 9


def test_one_bad_question_rejects_the_set_naming_every_bad_question(importer: Importer) -> None:
    document = question_set()
    questions = questions_of(document)
    del questions[1]["responseDeclaration"]
    questions[4]["competencies_v3"] = [
        {"id": "C-0042", "name": "Noting and Drafting", "selectedLevelLevel": 7}
    ]
    r = importer.send(document)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert "2 rejected, nothing imported" in detail
    assert "do_11406399576154112014: responseDeclaration.response1: is missing" in detail
    assert "do_11406399576154112017" in detail and "outside the proficiency scale" in detail
    assert importer.stored() == 0
    missing = importer.demo.client.get("/api/v1/questions/do_11406399576154112013", headers=importer.headers)
    assert missing.status_code == 404


def test_competencies_are_mapped_by_name_or_explicitly_and_unknown_ones_are_rejected(
    importer: Importer,
) -> None:
    document = question_set()
    for node in (document["result"]["questionset"], *document["result"]["questionset"]["children"]):
        if "competencies_v3" in node:
            node["competencies_v3"] = [{"id": "C-9999", "name": "Astrology", "selectedLevelLevel": "Level 2"}]
    r = importer.send(document)
    assert r.status_code == 422 and "'C-9999' is not in the framework" in r.json()["detail"]
    assert importer.stored() == 0

    r = importer.send(document, competencies={"C-9999": "00000000-0000-4000-8000-000000000000"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "competencies.C-9999", r.text
    assert importer.send(question_set()).status_code == 201  # "Noting and Drafting" found by name


def test_questions_of_another_organisations_bank_are_rejected(demo: Any, importer: Importer) -> None:
    assert importer.send(question_set()).status_code == 201
    other = Importer(demo, OTHER_CREATOR)
    assert other.organisation_id != importer.organisation_id
    r = other.send(question_set())
    assert r.status_code == 422 and "8 rejected" in r.json()["detail"]
    assert "another organisation's bank" in r.json()["detail"]
    assert importer.stored() == 8


def test_only_the_banks_authors_import(demo: Any, importer: Importer) -> None:
    learner = demo.login("learner1@karmayogi.example")
    body = {"organisation_id": importer.organisation_id, "question_set": question_set()}
    assert demo.client.post(URL, json=body, headers=learner).status_code == 403
    other = Importer(demo, OTHER_CREATOR)
    r = other.demo.client.post(URL, json=body, headers=other.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "organisation_id"
    assert importer.stored() == 0


def test_an_imported_set_is_sat_and_scored_as_quml_declares(demo: Any, importer: Importer) -> None:
    document = question_set()
    imported = importer.send(document).json()
    auto_scored = [q["question_id"] for q in imported["questions"] if q["kind"] != "short_text"]
    sections = [
        {"title": s["title"], "question_ids": [q for q in s["question_ids"] if q in auto_scored]}
        for s in imported["sections"]
    ]
    body = {
        "organisation_id": importer.organisation_id,
        "title": imported["name"],
        "sections": sections,
        "time_limit_seconds": 1800,
    }
    assessment = demo.client.post("/api/v1/assessments", json=body, headers=importer.headers).json()
    published = demo.client.post(
        f"/api/v1/assessments/{assessment['id']}/publication", headers=importer.headers
    )
    assert published.status_code == 200, published.text
    learner = demo.login("learner1@karmayogi.example")
    attempt = demo.client.post(f"/api/v1/assessments/{assessment['id']}/attempts", headers=learner).json()
    assert "responseDeclaration" not in json.dumps(attempt) and "[[" not in json.dumps(attempt)
    answers = {
        "do_11406399576154112013": "0",
        "do_11406399576154112014": ["0", "1", "3"],
        "do_11406399576154112015": False,
        "do_11406399576154112016": ["0", "1", "2", "3"],
        "do_11406399576154112017": {"0": "0", "1": "1", "2": "2"},
        "do_11406399576154112018": ["office memorandum", "Reminder"],
        "do_11406399576154112019": "15",
    }
    r = demo.client.post(
        f"/api/v1/attempts/{attempt['id']}/submission",
        json={"nonce": attempt["nonce"], "answers": answers},
        headers=learner,
    )
    assert r.status_code == 200, r.text
    result = r.json()["result"]
    assert result["correct"] == 7 and result["marks"] == result["max_marks"]


def test_a_retired_quml_question_is_kept_but_not_drawn(importer: Importer) -> None:
    document = question_set()
    questions_of(document)[0]["status"] = "Retired"
    assert importer.send(document).status_code == 201
    (row,) = importer.demo.client.get(
        "/api/v1/questions/do_11406399576154112013", headers=importer.headers
    ).json()
    assert row["retired_at"] is not None
