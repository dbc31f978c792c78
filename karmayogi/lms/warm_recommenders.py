"""The recommender (`karmayogi.recommender`), built from the database once and kept warm per process:
rebuilt when the catalogue revision or the newest published FRAC version has moved, and when the
learning feedback (enrolments, completions, ratings) has, read at most every FEEDBACK_FRESH_SECONDS.
Competency vectors depend only on the FRAC version and the encoder, so they are kept apart and survive
feedback changes."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from karmayogi.content.encoders import Encoder
from karmayogi.content.index import VectorIndex
from karmayogi.frac.graph import FracGraph
from karmayogi.lms import long_lived
from karmayogi.lms.catalogue.embeddings import snapshot
from karmayogi.lms.frac.versions import graphs
from karmayogi.lms.orm import CourseRating, Enrolment, FracVersion, User
from karmayogi.recommender.engine import Recommender
from karmayogi.recommender.feedback import Feedback, FeedbackKind

# Everyone's feedback moves popularity and peer signals a little with each event, so it is re-read at
# most this often, not on every request: its two aggregates over every enrolment were the heaviest
# query of a loaded server. Content reporting progress opens enrolments all day, and a rebuild at
# --scale large is ~7 s of CPU, so every 5 minutes: every 30 s it took a fifth of each worker and
# stalled it for seconds each time. An official's own record is read fresh each time (their profile).
FEEDBACK_FRESH_SECONDS = 300.0


@dataclass
class _Built:
    stamp: tuple[object, ...]  # encoder, FRAC version and catalogue revision: a change rebuilds at once
    feedback: tuple[object, ...]
    checked: float  # when `feedback` was last compared with the database (time.monotonic)
    recommender: Recommender


class _WarmRecommenders:
    """One recommender per database, and the competency vectors of each FRAC version and encoder."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.built: dict[str, _Built] = {}
        self.competencies: dict[tuple[str, str, str], VectorIndex] = {}

    def get(self, session: Session, encoder: Encoder) -> Recommender | None:
        """The warm recommender, or None while no FRAC version is published.

        When only the feedback is due a look, a request that finds another rebuilding is answered by
        the recommender being replaced rather than waiting for the new one."""
        newest = session.execute(
            select(FracVersion.number, FracVersion.digest).order_by(FracVersion.number.desc()).limit(1)
        ).first()
        if newest is None:
            return None
        catalogue = snapshot(session, encoder)
        stamp = (encoder.name, encoder.version, newest.digest, catalogue.revision)
        url = str(session.get_bind().engine.url)
        found = self.built.get(url)
        fresh = found is not None and time.monotonic() - found.checked < FEEDBACK_FRESH_SECONDS
        if found is not None and found.stamp == stamp and (fresh or self.lock.locked()):
            return found.recommender
        feedback = _feedback_stamp(session)
        with self.lock:
            found = self.built.get(url)
            if found is not None and found.stamp == stamp and found.feedback == feedback:
                found.checked = time.monotonic()
                return found.recommender
            graph = graphs.get(session, newest.number)
            entries = catalogue.entries
            with long_lived.collector_paused():
                recommender = Recommender().fit(
                    graph,
                    entries,
                    _feedback(session),
                    course_index=VectorIndex([e.id for e in entries], catalogue.vectors),
                    competency_index=self._competency_index(encoder, newest.digest, graph),
                )
                recommender.warm()
            self.built[url] = _Built(stamp, feedback, time.monotonic(), recommender)
        long_lived.keep_again()  # the replaced recommender reclaimed, the new one kept
        return recommender

    def _competency_index(self, encoder: Encoder, digest: str, graph: FracGraph) -> VectorIndex:
        key = (encoder.name, encoder.version, digest)
        index = self.competencies.get(key)
        if index is None:
            competencies = graph.framework.competencies
            vectors = encoder.encode([f"{c.name}\n{c.description}" for c in competencies])
            index = VectorIndex([c.id for c in competencies], vectors)
            if len(self.competencies) >= 4:  # versions are few; keep the newest handful
                self.competencies.pop(next(iter(self.competencies)))
            self.competencies[key] = index
        return index


warm = _WarmRecommenders()


def _feedback_stamp(session: Session) -> tuple[object, ...]:
    """Moves whenever an enrolment, a completion or a rating is added: two aggregate queries."""
    enrolments = session.execute(
        select(
            func.count(),
            func.count(Enrolment.completed_at),
            func.max(Enrolment.enrolled_at),
            func.max(Enrolment.completed_at),
        )
    ).one()
    ratings = session.execute(select(func.count(), func.max(CourseRating.rated_at))).one()
    return (*enrolments, *ratings)


def _feedback(session: Session) -> list[Feedback]:
    """Enrolments, completions and ratings, each under the official's position, for quality and peers.
    "Not relevant" marks act through each official's profile instead (see `OfficerProfile`)."""
    feedback = []
    for user_id, position_id, course_id, status in session.execute(
        select(Enrolment.user_id, User.position_id, Enrolment.course_id, Enrolment.status).join(
            User, User.id == Enrolment.user_id
        )
    ):
        feedback.append(Feedback(user_id, position_id, course_id, FeedbackKind.ENROLLED))
        if status == "completed":
            feedback.append(Feedback(user_id, position_id, course_id, FeedbackKind.COMPLETED))
    for user_id, position_id, course_id, stars in session.execute(
        select(CourseRating.user_id, User.position_id, CourseRating.course_id, CourseRating.stars).join(
            User, User.id == CourseRating.user_id
        )
    ):
        feedback.append(Feedback(user_id, position_id, course_id, FeedbackKind.RATED, stars))
    return feedback
