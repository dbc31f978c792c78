"""Import of a Sunbird QuML question set: every kind read, tags inherited, and all-or-nothing rejection."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from karmayogi.lms.assessment.errors import QumlRejected
from karmayogi.lms.assessment.items import (
    BloomLevel,
    Difficulty,
    MultipleChoiceKey,
    QuestionKind,
    question_view,
)
from karmayogi.lms.assessment.quml import import_question_set
from karmayogi.lms.assessment.scoring import Outcome, score_response
from karmayogi.lms.errors import InvalidInput

FIXTURE = Path(__file__).parent / "data" / "quml_questionset.json"
NOTING = uuid.UUID("00000000-0000-4000-8000-000000000042")
COMPETENCIES = {"C-0042": NOTING}


def document() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text())


def questions_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for section in doc["result"]["questionset"]["children"] for q in section["children"]]


def test_a_real_shaped_question_set_imports_every_kind() -> None:
    imported = import_question_set(FIXTURE.read_text(), COMPETENCIES)
    assert imported.identifier == "do_1140639957615411201"
    assert [s.title for s in imported.sections] == ["Section A: Office procedure", "Section B: Drafting"]
    kinds = {q.id[-2:]: q.kind for q in imported.questions}
    assert kinds == {
        "13": QuestionKind.SINGLE_CHOICE,
        "14": QuestionKind.MULTIPLE_CHOICE,
        "15": QuestionKind.TRUE_FALSE,
        "16": QuestionKind.ORDERING,
        "17": QuestionKind.MATCH,
        "18": QuestionKind.FILL_IN_BLANK,
        "19": QuestionKind.NUMERIC,
        "20": QuestionKind.SHORT_TEXT,
    }


def test_tags_come_from_the_question_or_else_its_set() -> None:
    by_id = {q.id[-2:]: q for q in import_question_set(document(), COMPETENCIES).questions}
    assert {q.competency_id for q in by_id.values()} == {NOTING}
    assert (by_id["13"].level, by_id["13"].bloom, by_id["13"].difficulty) == (
        2,
        BloomLevel.REMEMBER,
        Difficulty.EASY,
    )
    assert (by_id["15"].level, by_id["15"].bloom) == (2, BloomLevel.UNDERSTAND)  # the root set's tags
    assert by_id["17"].level == 3  # section B's competencies_v3, given as a JSON string
    assert by_id["19"].level == 1  # the question's own
    assert by_id["20"].difficulty is Difficulty.HARD


def test_imported_questions_score_as_quml_declares() -> None:
    by_id = {q.id[-2:]: q for q in import_question_set(document(), COMPETENCIES).questions}
    assert score_response(by_id["13"], "0").outcome is Outcome.CORRECT
    assert score_response(by_id["15"], False).outcome is Outcome.CORRECT
    assert isinstance(by_id["14"].key, MultipleChoiceKey) and by_id["14"].key.partial_credit
    assert score_response(by_id["14"], ["0", "1"]).fraction == 0.8
    assert score_response(by_id["16"], ["0", "1", "2", "3"]).outcome is Outcome.CORRECT
    assert score_response(by_id["17"], {"0": "0", "1": "1", "2": "1"}).fraction == pytest.approx(2 / 3)
    assert score_response(by_id["18"], ["office memorandum", "Reminder"]).outcome is Outcome.CORRECT
    assert score_response(by_id["19"], "15").outcome is Outcome.CORRECT
    assert score_response(by_id["20"], "Interim reply.").outcome is Outcome.PENDING_REVIEW
    assert by_id["20"].max_score == 2.0


def test_answers_written_into_a_blanks_body_do_not_reach_the_candidate() -> None:
    by_id = {q.id[-2:]: q for q in import_question_set(document(), COMPETENCIES).questions}
    for suffix in ("18", "19"):
        prompt = question_view(by_id[suffix]).prompt
        assert "[[" not in prompt and "Memorandum]]" not in prompt and "_____" in prompt


def test_every_bad_question_is_reported_and_nothing_is_imported() -> None:
    doc = document()
    raw = questions_of(doc)
    del raw[0]["responseDeclaration"]
    raw[1]["competencies_v3"] = [
        {"id": "C-0042", "name": "Noting and Drafting", "selectedLevelLevel": "Level 7"}
    ]
    raw[2]["qType"], raw[2]["interactionTypes"] = "HOTSPOT", ["hotspot"]
    raw[3]["responseDeclaration"]["response1"]["correctResponse"]["value"] = [0, 1, 9, 3]
    raw[4]["competencies_v3"] = [{"id": "C-9999", "name": "Astrology", "selectedLevelLevel": "Level 1"}]
    raw[5]["complexityLevel"] = ["recall"]
    raw[6]["identifier"] = raw[7]["identifier"]
    with pytest.raises(QumlRejected) as error:
        import_question_set(doc, COMPETENCIES)
    reasons = {r.identifier[-2:]: r.reason for r in error.value.rejected}
    assert len(error.value.rejected) == 7
    assert reasons["13"] == "responseDeclaration.response1: is missing"
    assert reasons["14"] == "competencies_v3[0].selectedLevelLevel: 7 is outside the proficiency scale 1..5"
    assert "'HOTSPOT'" in reasons["15"] and "not supported" in reasons["15"]
    assert reasons["16"].startswith("key.order:")
    assert reasons["17"] == "competencies_v3[0]: competency 'C-9999' is not in the framework"
    assert reasons["18"].startswith("complexityLevel: 'recall' is not a Bloom level")
    assert reasons["20"] == "identifier: appears twice in the question set"
    assert error.value.field == "questions"
    assert str(error.value).startswith("questions: 7 rejected, nothing imported")


def test_questions_without_any_competency_or_bloom_tag_are_rejected() -> None:
    doc = document()
    root = doc["result"]["questionset"]
    del root["competencies_v3"], root["complexityLevel"]
    del questions_of(doc)[4]["complexityLevel"]
    with pytest.raises(QumlRejected) as error:
        import_question_set(doc, COMPETENCIES)
    reasons = {r.identifier[-2:]: r.reason for r in error.value.rejected}
    assert reasons["13"] == "competencies_v3: neither the question nor its set names a competency"
    assert reasons["17"] == "complexityLevel: neither the question nor its set names a Bloom level"


def test_the_question_set_may_come_bare_or_wrapped() -> None:
    doc = document()
    bare = copy.deepcopy(doc["result"]["questionset"])
    assert len(import_question_set(bare, COMPETENCIES).questions) == 8
    assert len(import_question_set({"questionset": bare}, COMPETENCIES).questions) == 8


@pytest.mark.parametrize(
    "doc", [[], {"result": {}}, {"questionset": {"objectType": "Question", "children": []}}]
)
def test_a_document_without_a_question_set_is_refused(doc: Any) -> None:
    with pytest.raises(InvalidInput, match="question set") as error:
        import_question_set(doc, COMPETENCIES)
    assert error.value.field == "document"
