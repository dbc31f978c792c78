"""Projecting stored xAPI statements into enrolments: progress, completion, time spent and, through
completion, the competency evidence the profile work rules on.

Durable and exactly-once in effect. Ingest writes one outbox row per statement that could change
an enrolment (`projectable`: an agent's, about a course IRI of the platform) in the transaction
that stores it (one bulk insert); content that names no course of the platform costs projection
nothing. A projector pass locks the projector's row, so passes run one at
a time across threads and processes, reads the oldest outbox rows, applies their effects, deletes
those rows and counts the outcomes, all in one transaction: a crash anywhere keeps all or nothing
of a batch, and the next pass starts where the last committed one stopped. An outbox rather than a
checkpoint on the statements' own sequence numbers because PostgreSQL hands those out at insert,
not at commit: a reader that remembered "done up to N" could pass over a statement whose
transaction committed after it had read N + 1. Deleted outbox rows need no such order.

Who and what. The actor is an official when it is an agent whose `mbox` is `mailto:` their email,
or whose account has the platform's public URL as `homePage` and their user id as `name`. They
must belong to the record store's organisation or one beneath it: a client answers for its own
organisation's officials only. The course is the statement's object when that is the activity
`{public_url}/courses/{course_id}`; failing that, a parent or grouping context activity of that
form names the course a part of which (a lesson, an on-site session) the statement is about.

What each statement does to the learner's enrolment in the course:
- any statement about the course or a part of it opens the enrolment if there is none and the
  course is published (seats permitting), dated by the statement;
- a `result.duration`, about the course or a part of it, is added to `time_spent_seconds`, except
  on answers (`answered`, `responded`), whose time lies within the content session asking them;
- cmi5's progress extension in `result.extensions` (0-100), about the course itself, raises the
  progress of an enrolment in progress;
- the verbs `completed` and `passed`, about the course itself, complete an enrolment in progress as
  an HR cell would, recording the evidence it gives (`enrolments.mark_completed`);
- nothing else does anything more (`failed`, `launched`, `registered` when already enrolled...).

Voiding undoes nothing already projected, but a statement voided before its turn is not projected.
Statements of unknown officials or about no course are skipped and counted, never errors; so are
those the enrolment rules refuse (no seat left, say). The platform's own statements, told after
the fact, find the enrolment already saying what they say and change nothing.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from karmayogi.content.encoders import Progress
from karmayogi.content.model import CourseStatus
from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import levels
from karmayogi.lms.db import Database, utcnow
from karmayogi.lms.enrolments import admit, mark_completed
from karmayogi.lms.errors import DomainError
from karmayogi.lms.orm import Course, Enrolment, Organisation, User, XapiStatement
from karmayogi.lms.orm.xapi import XapiProjectionOutbox, XapiProjector
from karmayogi.lms.xapi.emitting import ADL, PROGRESS, Platform

log = logging.getLogger(__name__)
NAME = "enrolments"
BATCH = 200
COMPLETING = frozenset({f"{ADL}/verbs/completed", f"{ADL}/verbs/passed"})
ANSWERING = frozenset({f"{ADL}/verbs/answered", f"{ADL}/verbs/responded"})
_DURATION_PART = re.compile(r"([0-9]+(?:[.,][0-9]+)?)([YMWDHS])")
_SECONDS = {"Y": 365 * 86400, "W": 7 * 86400, "D": 86400, "H": 3600, "S": 1}


class Outcome(StrEnum):
    APPLIED = "applied"  # changed the enrolment
    UNCHANGED = "unchanged"  # the enrolment already said so: a platform statement, a repeat
    UNKNOWN_ACTOR = "unknown_actor"  # no official of the record store's organisation
    NO_COURSE = "no_course"  # about no course of the catalogue, or one not open to enrolment
    REFUSED = "refused"  # the enrolment rules said no
    VOIDED = "voided"  # voided before it was projected


@dataclass(frozen=True)
class ProjectionStatus:
    """How far projection has got: `waiting` statements, the oldest stored at `oldest_waiting`."""

    waiting: int
    oldest_waiting: datetime | None
    outcomes: dict[str, int]
    last_seq: int | None
    updated_at: datetime | None


@dataclass(frozen=True)
class _Learner:
    id: uuid.UUID
    organisation_id: uuid.UUID
    path: str


def duration_seconds(duration: str) -> float:
    """An ISO 8601 duration, already checked at ingest; a year counts 365 days and a month 30."""
    date, _, time = duration[1:].partition("T")
    total = 0.0
    for text, parts, month_seconds in ((date, _DURATION_PART, 30 * 86400), (time, _DURATION_PART, 60)):
        for number, unit in parts.findall(text):
            total += float(number.replace(",", ".")) * (month_seconds if unit == "M" else _SECONDS[unit])
    return total


def _learner_ref(platform: Platform, actor: Any) -> tuple[str, str] | None:
    """("email", address) or ("id", user id) for an agent that may be an official; None otherwise."""
    if not isinstance(actor, dict) or actor.get("objectType") == "Group":
        return None
    mbox = actor.get("mbox")
    if isinstance(mbox, str) and mbox[:7].lower() == "mailto:":
        return "email", mbox[7:].strip().lower()
    account = actor.get("account") or {}
    if str(account.get("homePage", "")).rstrip("/") == platform.public_url:
        try:
            return "id", str(uuid.UUID(str(account.get("name"))))
        except ValueError:
            return None
    return None


def _course_ref(platform: Platform, statement: dict[str, Any]) -> tuple[uuid.UUID, bool] | None:
    """The course a statement is about, and whether it is the object itself rather than a part of it."""

    def course_id(activity: Any) -> uuid.UUID | None:
        if not isinstance(activity, dict) or activity.get("objectType", "Activity") != "Activity":
            return None
        activity_id = str(activity.get("id", ""))
        if not activity_id.startswith(platform.courses_iri):
            return None
        try:
            return uuid.UUID(activity_id[len(platform.courses_iri) :])
        except ValueError:
            return None

    direct = course_id(statement["object"])
    if direct is not None:
        return direct, True
    context_activities = (statement.get("context") or {}).get("contextActivities") or {}
    for kind in ("parent", "grouping"):
        for activity in context_activities.get(kind, []):
            found = course_id(activity)
            if found is not None:
                return found, False
    return None


def projectable(platform: Platform, statement: dict[str, Any]) -> bool:
    """Whether a statement may change an enrolment, told from the statement alone (no database)."""
    official = _learner_ref(platform, statement.get("actor")) is not None
    return official and _course_ref(platform, statement) is not None


def _progress(result: dict[str, Any]) -> int | None:
    value = (result.get("extensions") or {}).get(PROGRESS)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 100:
        return round(value)
    return None


def _lock(session: Session) -> XapiProjector:
    """Take the projector's row, waiting for any pass running elsewhere (a row lock on PostgreSQL,
    the write lock on SQLite), and make it on first use."""

    def touch() -> bool:
        touched = session.execute(
            update(XapiProjector).where(XapiProjector.name == NAME).values(updated_at=utcnow())
        )
        return bool(touched.rowcount)  # type: ignore[attr-defined]

    if not touch():
        try:
            with session.begin_nested():
                session.add(XapiProjector(name=NAME, outcomes={}, updated_at=utcnow()))
        except IntegrityError:  # another projector made it first: wait for its pass
            touch()
    state = session.get(XapiProjector, NAME, populate_existing=True)
    assert state is not None
    return state


def project(session: Session, platform: Platform, limit: int = BATCH) -> Counter[str]:
    """Project up to `limit` waiting statements, oldest first, in the caller's transaction."""
    if session.scalar(select(XapiProjectionOutbox.statement_seq).limit(1)) is None:
        return Counter()  # nothing waiting: no lock taken, no write
    state = _lock(session)
    rows = session.execute(
        select(
            XapiProjectionOutbox.statement_seq,
            XapiStatement.statement,
            XapiStatement.voided,
            XapiStatement.organisation_id,
            XapiStatement.timestamp,
            XapiStatement.stored,
        )
        .join(XapiStatement, XapiStatement.seq == XapiProjectionOutbox.statement_seq)
        .order_by(XapiProjectionOutbox.statement_seq)
        .limit(limit)
    ).all()
    if not rows:
        return Counter()
    refs = {row.statement_seq: _learner_ref(platform, row.statement["actor"]) for row in rows}
    courses = {row.statement_seq: _course_ref(platform, row.statement) for row in rows}
    learners = _learners(session, [ref for ref in refs.values() if ref])
    stores = dict(
        session.execute(
            select(Organisation.id, Organisation.path).where(
                Organisation.id.in_({row.organisation_id for row in rows})
            )
        ).all()
    )
    catalogue = {
        course.id: course
        for course in session.scalars(
            select(Course).where(Course.id.in_({ref[0] for ref in courses.values() if ref}))
        )
    }
    enrolments = {
        (e.user_id, e.course_id): e
        for e in session.scalars(
            select(Enrolment)
            .where(
                Enrolment.user_id.in_({learner.id for learner in learners.values()}),
                Enrolment.course_id.in_(list(catalogue)),
            )
            .order_by(Enrolment.id)
            .with_for_update()
        )
    }
    outcomes: Counter[str] = Counter()
    for row in rows:
        ref, course_ref = refs[row.statement_seq], courses[row.statement_seq]
        learner = learners.get(ref) if ref else None
        if row.voided:
            outcome = Outcome.VOIDED
        elif learner is None or not learner.path.startswith(stores[row.organisation_id]):
            outcome = Outcome.UNKNOWN_ACTOR
        elif course_ref is None or course_ref[0] not in catalogue:
            outcome = Outcome.NO_COURSE
        else:
            course, direct = catalogue[course_ref[0]], course_ref[1]
            at = min(row.timestamp, row.stored)
            outcome = _apply(session, row.statement, learner, course, direct, at, enrolments)
        outcomes[outcome] += 1
    seqs = [row.statement_seq for row in rows]
    session.execute(delete(XapiProjectionOutbox).where(XapiProjectionOutbox.statement_seq.in_(seqs)))
    state.outcomes = dict(Counter(state.outcomes) + outcomes)
    state.last_seq = max(seqs)
    state.updated_at = utcnow()
    session.flush()
    return outcomes


def _learners(session: Session, refs: list[tuple[str, str]]) -> dict[tuple[str, str], _Learner]:
    emails = {value for kind, value in refs if kind == "email"}
    ids = {uuid.UUID(value) for kind, value in refs if kind == "id"}
    if not emails and not ids:
        return {}
    found: dict[tuple[str, str], _Learner] = {}
    for row in session.execute(
        select(User.id, User.email, User.organisation_id, Organisation.path)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(or_(User.email.in_(emails), User.id.in_(ids)), User.is_active.is_(True))
    ):
        learner = _Learner(row.id, row.organisation_id, row.path)
        found["email", row.email] = found["id", str(row.id)] = learner
    return found


def _apply(
    session: Session,
    statement: dict[str, Any],
    learner: _Learner,
    course: Course,
    direct: bool,
    at: datetime,
    enrolments: dict[tuple[uuid.UUID, uuid.UUID], Enrolment],
) -> Outcome:
    """The statement's effect on the learner's enrolment in `course` (see the table above)."""
    enrolment = enrolments.get((learner.id, course.id))
    changed = False
    if enrolment is None:
        if course.status != CourseStatus.PUBLISHED:
            return Outcome.NO_COURSE
        try:
            enrolment = admit(session, learner.id, learner.organisation_id, course, at)
        except DomainError:
            return Outcome.REFUSED
        enrolments[learner.id, course.id] = enrolment
        changed = True
    result = statement.get("result") or {}
    if "duration" in result and statement["verb"]["id"] not in ANSWERING:
        seconds = round(duration_seconds(result["duration"]))
        enrolment.time_spent_seconds += seconds
        changed = changed or seconds > 0
    if not direct or enrolment.status != "in_progress":
        return Outcome.APPLIED if changed else Outcome.UNCHANGED
    progress = _progress(result)
    if progress is not None and progress > enrolment.progress:
        enrolment.progress = progress
        changed = True
    if statement["verb"]["id"] in COMPLETING:
        try:
            with session.begin_nested():
                mark_completed(session, enrolment, at)
        except DomainError:
            log.warning("completion of enrolment %s refused", enrolment.id, exc_info=True)
            return Outcome.REFUSED
        changed = True
    return Outcome.APPLIED if changed else Outcome.UNCHANGED


def project_batch(database: Database, platform: Platform, limit: int = BATCH) -> Counter[str]:
    """One committed pass over up to `limit` waiting statements."""
    with database.transaction() as session:
        return project(session, platform, limit)


def catch_up(
    database: Database, platform: Platform, limit: int = BATCH, progress: Progress | None = None
) -> Counter[str]:
    """Project everything waiting, one committed transaction per batch.

    `progress(done, waiting)` is called after each batch.
    """
    total: Counter[str] = Counter()
    waiting = 0
    if progress is not None:
        with database.transaction() as session:
            waiting = session.scalar(select(func.count()).select_from(XapiProjectionOutbox)) or 0
        progress(0, waiting)
    for found in _batches(database, platform, limit):
        total.update(found)
        if progress is not None:
            done = sum(total.values())
            progress(done, max(waiting, done))  # statements stored meanwhile join the count
    return total


def _batches(database: Database, platform: Platform, limit: int) -> Iterator[Counter[str]]:
    while found := project_batch(database, platform, limit):
        yield found


def status(session: Session) -> ProjectionStatus:
    waiting, oldest = session.execute(
        select(func.count(), func.min(XapiStatement.stored))
        .select_from(XapiProjectionOutbox)
        .join(XapiStatement, XapiStatement.seq == XapiProjectionOutbox.statement_seq)
    ).one()
    state = session.get(XapiProjector, NAME)
    return ProjectionStatus(
        waiting=waiting,
        oldest_waiting=oldest,
        outcomes=dict(state.outcomes) if state else {},
        last_seq=state.last_seq if state else None,
        updated_at=state.updated_at if state else None,
    )


class BackgroundProjector:
    """Projects in a thread of the serving process, so that ingest never waits for projection.

    It catches up when started (resuming whatever a stopped or crashed process left), then projects
    whenever ingest nudges it and, for statements stored by other processes or by the platform's own
    workflows, every `interval` seconds. After each pass the competency-level credentials follow the
    levels that completions verified, and whatever other processes left due. A failed pass (a
    deadlock, the database away) is logged and tried again: its transaction left nothing behind. It
    keeps a connection of its own, apart from the pool that requests draw on.
    """

    def __init__(self, database_url: str, settings: Settings, interval: float = 2.0) -> None:
        self.database_url, self.settings, self.interval = database_url, settings, interval
        self.platform = Platform(settings.public_url)
        self._wake, self._stopping = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stopping.clear()
        database = Database(self.database_url)
        self._thread = threading.Thread(
            target=self._run, args=(database,), name="xapi-projector", daemon=True
        )
        self._thread.start()

    def wants(self, statement: dict[str, Any]) -> bool:
        """Whether ingest should put a statement in the outbox for this projector."""
        return projectable(self.platform, statement)

    def nudge(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """Stop after the batch in hand, which commits or rolls back as a whole."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self, database: Database) -> None:
        try:
            while not self._stopping.is_set():
                self._wake.clear()
                try:
                    for _ in _batches(database, self.platform, BATCH):
                        if self._stopping.is_set():
                            break
                except Exception:
                    log.exception("an xAPI projection pass failed; it will be tried again")
                levels.follow_due_quietly(database, self.settings)
                self._wake.wait(self.interval)
        finally:
            database.dispose()
