"""Adaptive level tests: one question at a time from a competency's calibrated questions, until the
ability estimate is precise enough or the test long enough, then the level it maps to as evidence.

The bank is every organisation's newest, unretired, calibrated and auto-scored question on the
competency, read afresh at each step, less the questions of the official's previous test on it;
questions already given stay in it at the version shown, so a question revised or retired mid-test
still scores as it was seen. A retake waits out the cool-down and the cap of `retakes.RetakePolicy`.
Nothing said during the test tells right from wrong: the estimate is kept, and shown once it ends.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Select, and_, func, select, update
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.frac import versions
from karmayogi.lms.organisations import path_of
from karmayogi.lms.orm import LevelTest, QuestionExposure, QuestionVersion, User
from karmayogi.lms.permissions import Principal, Target
from karmayogi.lms.profiles import store
from karmayogi.lms.profiles.evidence import EvidenceSource

from . import retakes
from .adaptive import (
    AdaptiveRules,
    AdaptiveState,
    CalibratedBank,
    estimate_ability,
    next_question,
    proficiency_level,
)
from .errors import NonceMismatch
from .items import Question, QuestionKind
from .question_store import as_question, exact_versions
from .retakes import RetakePolicy
from .scoring import Outcome, Response, score_response

RULES = AdaptiveRules(max_length=20, target_se=0.35, min_length=5, candidates=4, max_exposure=0.3)


@dataclass(frozen=True)
class LevelTestStep:
    """The test after a step, and the question now awaiting an answer (None once it has finished)."""

    test: LevelTest
    question: Question | None


def level_test_target(session: Session, test_id: uuid.UUID) -> Target:
    path = path_of(session, LevelTest, test_id, "level test")
    owner = session.scalar(select(LevelTest.user_id).where(LevelTest.id == test_id))
    return Target("level test", test_id, path, owner_id=owner)


def start(
    session: Session, principal: Principal, competency_id: uuid.UUID, policy: RetakePolicy
) -> LevelTestStep:
    """A level test for the caller on a competency of the published dictionary, with its first question,
    unless the retake policy holds it back (the refusal says when the next may start)."""
    if principal.kind != "user":
        raise PermissionDenied("a level test is sat by an official, not by an API client")
    versions.check_level(versions.newest(session)[1], competency_id, 1)
    officer = session.get(User, principal.id, with_for_update=True)  # one officer's starts run in turn
    assert officer is not None, "the caller signed in"
    running = session.scalar(
        select(LevelTest.id).where(
            LevelTest.user_id == officer.id,
            LevelTest.competency_id == competency_id,
            LevelTest.finished_at.is_(None),
        )
    )
    if running is not None:
        raise Conflict("competency_id", f"level test {running} on this competency is still in progress")
    earlier = _earlier(session, officer.id, competency_id)
    retakes.check_start(policy, _as_earlier(earlier), utcnow())
    calibrated = [q.id for q in _calibrated(session, competency_id)]
    if len(calibrated) < RULES.min_length:
        raise InvalidInput(
            "competency_id", f"has fewer than {RULES.min_length} calibrated questions for a level test"
        )
    if earlier and len(retakes.fresh_questions(calibrated, _shown(earlier[-1]))) < RULES.min_length:
        raise InvalidInput(
            "competency_id",
            f"has fewer than {RULES.min_length} calibrated questions that your previous level test did not "
            "show; a retake never repeats its questions",
        )
    test = LevelTest(
        user_id=officer.id,
        organisation_id=officer.organisation_id,
        competency_id=competency_id,
        nonce=secrets.token_urlsafe(16),
        seed=secrets.randbits(62),
        started_at=utcnow(),
        items=[],
    )
    session.add(test)
    session.flush()
    return _advance(session, test)


def respond(
    session: Session,
    principal: Principal,
    test_id: uuid.UUID,
    nonce: str,
    question_id: str,
    response: Response,
) -> LevelTestStep:
    """Score the answer to the question awaiting one, then give the next question or finish the test."""
    test = session.get(LevelTest, test_id, with_for_update=True)
    if test is None or not principal.is_self(test.user_id):
        raise NotFound("level test", test_id)
    if test.finished_at is not None:
        raise Conflict("level test", "has finished; it takes no more answers")
    if not secrets.compare_digest(nonce.encode(), test.nonce.encode()):
        raise NonceMismatch()
    pending = test.items[-1]
    if question_id != pending["question_id"]:
        raise Conflict("question_id", f"the test is waiting for an answer to {pending['question_id']}")
    # A calibrated item is right or wrong: partial credit counts as wrong.
    correct = score_response(_pending(session, test), response).outcome is Outcome.CORRECT
    test.items = [*test.items[:-1], {**pending, "correct": correct}]
    return _advance(session, test)


@dataclass(frozen=True)
class Offer:
    """A competency an official may take a level test on, and where they stand with it."""

    competency_id: uuid.UUID
    questions: int
    running: uuid.UUID | None  # the test in progress, to go on with
    last: LevelTest | None  # the newest finished test
    next_start: datetime | None  # when a new test may start; None: now


def offered(session: Session, user_id: uuid.UUID, policy: RetakePolicy) -> list[Offer]:
    """Every competency with enough calibrated questions for a level test, with the official's standing."""
    calibrated = _calibrated_versions().subquery()
    counts = session.execute(
        select(calibrated.c.competency_id, func.count())
        .group_by(calibrated.c.competency_id)
        .having(func.count() >= RULES.min_length)
    ).all()
    offers = []
    for competency_id, questions in counts:
        earlier = _earlier(session, user_id, competency_id)
        finished = [t for t in earlier if t.finished_at is not None]
        offers.append(
            Offer(
                competency_id,
                questions,
                next((t.id for t in earlier if t.finished_at is None), None),
                finished[-1] if finished else None,
                retakes.next_start(policy, _as_earlier(earlier)),
            )
        )
    return offers


def read(session: Session, test_id: uuid.UUID) -> LevelTestStep:
    test = session.get(LevelTest, test_id)
    if test is None:
        raise NotFound("level test", test_id)
    return LevelTestStep(test, None if test.finished_at is not None else _pending(session, test))


def _pending(session: Session, test: LevelTest) -> Question:
    """The question given last, which awaits its answer, at the version shown."""
    key = (test.items[-1]["question_id"], test.items[-1]["version"])
    return exact_versions(session, [key])[key]


def _advance(session: Session, test: LevelTest) -> LevelTestStep:
    """Estimate ability from the answers so far, then give the next question or, if the rules say stop,
    map the estimate to a level and record it as evidence."""
    given = [(item["question_id"], item["version"]) for item in test.items]
    shown = exact_versions(session, given)
    questions = [shown[key] for key in given]
    seen = {question_id for question_id, _ in given}
    previous = [t for t in _earlier(session, test.user_id, test.competency_id) if t.id != test.id]
    if previous:
        seen |= set(_shown(previous[-1]))
    questions += [q for q in _calibrated(session, test.competency_id) if q.id not in seen]
    bank = CalibratedBank.from_questions(questions)
    state = AdaptiveState(tuple(range(len(given))), tuple(bool(item["correct"]) for item in test.items))
    estimate = estimate_ability(bank, state)
    test.theta, test.se = estimate.theta, estimate.se
    index = next_question(bank, state, RULES, test.seed, _exposure(session, test, bank))
    if index is None:
        level = proficiency_level(estimate)
        test.level, test.confidence = level.level, level.confidence
        test.finished_at = utcnow()
        session.flush()
        store.record(
            session,
            test.user_id,
            test.competency_id,
            level.level,
            EvidenceSource.ADAPTIVE_TEST,
            f"level_test:{test.id}",
            None,
            confidence=level.confidence,
            note=f"ability {estimate.theta:.2f} ± {estimate.se:.2f} after {len(given)} questions",
        )
        return LevelTestStep(test, None)
    question = questions[index]
    test.items = [*test.items, _item(question)]
    _count_shown(session, question.id)
    session.flush()
    return LevelTestStep(test, question)


def _earlier(session: Session, user_id: uuid.UUID, competency_id: uuid.UUID) -> list[LevelTest]:
    """The official's level tests on the competency, oldest first."""
    return list(
        session.scalars(
            select(LevelTest)
            .where(LevelTest.user_id == user_id, LevelTest.competency_id == competency_id)
            .order_by(LevelTest.started_at, LevelTest.id)
        )
    )


def _as_earlier(tests: list[LevelTest]) -> list[retakes.EarlierTest]:
    return [retakes.EarlierTest(t.started_at, t.finished_at) for t in tests]


def _shown(test: LevelTest) -> list[str]:
    return [item["question_id"] for item in test.items]


def _item(question: Question) -> dict[str, Any]:
    return {"question_id": question.id, "version": question.version, "correct": None}


def _calibrated_versions() -> Select[tuple[QuestionVersion]]:
    """The newest version of every calibrated, auto-scored question that is not retired."""
    newest = (
        select(QuestionVersion.question_id, func.max(QuestionVersion.version).label("version"))
        .group_by(QuestionVersion.question_id)
        .subquery()
    )
    return (
        select(QuestionVersion)
        .join(
            newest,
            and_(
                QuestionVersion.question_id == newest.c.question_id,
                QuestionVersion.version == newest.c.version,
            ),
        )
        .where(
            QuestionVersion.retired_at.is_(None),
            QuestionVersion.irt_a.is_not(None),
            QuestionVersion.kind != QuestionKind.SHORT_TEXT.value,
        )
    )


def _calibrated(session: Session, competency_id: uuid.UUID) -> list[Question]:
    rows = session.scalars(
        _calibrated_versions()
        .where(QuestionVersion.competency_id == competency_id)
        .order_by(QuestionVersion.question_id)
    )
    return [as_question(r) for r in rows]


def _exposure(
    session: Session, test: LevelTest, bank: CalibratedBank
) -> np.ndarray[Any, np.dtype[np.float64]] | None:
    """Per bank item, the share of the competency's earlier level tests that showed it."""
    earlier = session.scalar(
        select(func.count())
        .select_from(LevelTest)
        .where(LevelTest.competency_id == test.competency_id, LevelTest.id != test.id)
    )
    if not earlier:
        return None
    shown = select(QuestionExposure.question_id, QuestionExposure.shown).where(
        QuestionExposure.question_id.in_(bank.question_ids)
    )
    counts = {question_id: n for question_id, n in session.execute(shown)}
    return np.array([counts.get(q, 0) / earlier for q in bank.question_ids], dtype=float)


def _count_shown(session: Session, question_id: str) -> None:
    counted = session.execute(
        update(QuestionExposure)
        .where(QuestionExposure.question_id == question_id)
        .values(shown=QuestionExposure.shown + 1)
    )
    if not counted.rowcount:  # type: ignore[attr-defined]
        session.add(QuestionExposure(question_id=question_id, shown=1))
