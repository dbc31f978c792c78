"""The demo's question bank for level tests: fifteen questions on handling RTI applications, spread from
easy to hard (data/level_test_bank.json), so that a learner can take a level test on the demo."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.assessment import question_store
from karmayogi.lms.authentication import user_principal
from karmayogi.lms.demo.seed import DEMO_DOMAIN
from karmayogi.lms.orm import Competency, Provider, User

BANK = Path(__file__).parent / "data" / "level_test_bank.json"


def seed(session: Session) -> int:
    """Write the bank into its institute's question bank; returns the questions written (none where the
    scale left out the competency or the institute)."""
    bank = json.loads(BANK.read_text(encoding="utf-8"))
    competency_id = session.scalar(select(Competency.id).where(Competency.name == bank["competency"]))
    owner = session.scalar(select(Provider.organisation_id).where(Provider.name == bank["owner"]))
    admin = session.scalar(select(User).where(User.email == f"admin@{DEMO_DOMAIN}"))
    if competency_id is None or owner is None or admin is None:
        return 0
    principal = user_principal(session, admin)
    for item in bank["questions"]:
        document = {
            "id": item["id"],
            "kind": "single_choice",
            "prompt": item["prompt"],
            "options": item["options"],
            "key": {"correct": item["correct"]},
            "competency_id": str(competency_id),
            "level": item["level"],
            "bloom": bank["bloom"],
            "irt": {"a": bank["irt_a"], "b": item["b"], "c": 0.0},
        }
        question_store.add_question(session, principal, owner, document)
    return len(bank["questions"])
