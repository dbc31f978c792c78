"""The demo's tests (data/assessment_bank.json): fifteen calibrated questions on handling RTI applications,
spread from easy to hard, for level tests; and a published assessment with a written answer, which a
reviewer of the institute marks."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.assessment import assessment_store, question_store
from karmayogi.lms.authentication import user_principal
from karmayogi.lms.demo.seed import DEMO_DOMAIN
from karmayogi.lms.orm import Competency, Provider, User

BANK = Path(__file__).parent / "data" / "assessment_bank.json"


def seed(session: Session) -> int:
    """Write the bank into its institute's question bank and publish the assessment; returns the questions
    written (none where the scale left out the competency or the institute)."""
    bank = json.loads(BANK.read_text(encoding="utf-8"))
    competency_id = session.scalar(select(Competency.id).where(Competency.name == bank["competency"]))
    owner = session.scalar(select(Provider.organisation_id).where(Provider.name == bank["owner"]))
    admin = session.scalar(select(User).where(User.email == f"admin@{DEMO_DOMAIN}"))
    if competency_id is None or owner is None or admin is None:
        return 0
    principal = user_principal(session, admin)
    tag = {"competency_id": str(competency_id), "bloom": bank["bloom"]}
    for item in bank["questions"]:
        document = {
            "id": item["id"],
            "kind": "single_choice",
            "prompt": item["prompt"],
            "options": item["options"],
            "key": {"correct": item["correct"]},
            "level": item["level"],
            "irt": {"a": bank["irt_a"], "b": item["b"], "c": 0.0},
            **tag,
        }
        question_store.add_question(session, principal, owner, document)
    paper = bank["assessment"]
    for item in paper["written"]:
        document = {
            "id": item["id"],
            "kind": "short_text",
            "prompt": item["prompt"],
            "key": {"model_answer": item["model_answer"], "rubric": item["rubric"]},
            "max_score": item["max_score"],
            "level": paper["level"],
            **tag,
            "bloom": "apply",
        }
        question_store.add_question(session, principal, owner, document)
    ids = [*paper["questions"], *(item["id"] for item in paper["written"])]
    form = {
        "sections": [{"title": paper["title"], "question_ids": ids}],
        "time_limit_seconds": paper["time_limit_seconds"],
        "pass_mark": paper["pass_mark"],
    }
    path = question_store.bank_path(session, principal, owner)
    assessment = assessment_store.create_assessment(
        session, principal, owner, paper["title"], competency_id, paper["level"], form
    )
    assessment_store.publish(session, principal, assessment.id, path)
    return len(bank["questions"]) + len(paper["written"])
