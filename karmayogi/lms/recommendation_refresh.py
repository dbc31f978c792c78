"""The nightly refresh: every active official's recommendations, computed in chunks and stored, so
that pages and reports read them without running the recommender."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from karmayogi.content.encoders import Encoder
from karmayogi.lms.db import utcnow
from karmayogi.lms.orm import OfficerRecommendation, User
from karmayogi.lms.recommendations import (
    DEFAULT_K,
    no_frac,
    no_position,
    officer_profiles,
    recommendation_json,
)
from karmayogi.lms.warm_recommenders import warm
from karmayogi.recommender.batch import BatchRunner, OfficerRecommendations, RecommendForOfficers
from karmayogi.recommender.engine import Recommender
from karmayogi.recommender.profile import OfficerProfile


@dataclass(frozen=True)
class RefreshReport:
    officers: int
    recommended: int  # officials who got at least one course
    nothing: dict[str, int] = field(default_factory=dict)  # reason → officials
    seconds: float = 0.0

    @property
    def officers_per_second(self) -> float:
        return self.officers / self.seconds if self.seconds > 0 else 0.0


def refresh_all(
    session: Session,
    encoder: Encoder,
    runner: BatchRunner,
    k: int = DEFAULT_K,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = 4096,
) -> RefreshReport:
    """The nightly job: every active official's recommendations, replacing the stored ones.

    Officials go to the runner a chunk at a time, so the stored rows and `progress` (done, total)
    advance as the run does."""
    started = time.perf_counter()
    users = list(session.scalars(select(User).where(User.is_active).order_by(User.id)))
    recommender = warm.get(session, encoder)
    session.execute(delete(OfficerRecommendation))
    outcomes: Counter[str] = Counter()
    done = 0
    for start in range(0, len(users), chunk):
        part = users[start : start + chunk]
        profiles = officer_profiles(session, part)
        results = _recommend_all(runner, recommender, profiles, k)
        now = utcnow()
        session.execute(
            insert(OfficerRecommendation),
            [
                {
                    "user_id": user.id,
                    "organisation_id": user.organisation_id,
                    "computed_at": now,
                    "items": [recommendation_json(item) for item in result.items],
                    "reason": result.nothing.value if result.nothing else None,
                    "message": result.message,
                }
                for user, result in zip(part, results, strict=True)
            ],
        )
        outcomes.update(result.nothing.value if result.nothing else "recommended" for result in results)
        done += len(part)
        if progress:
            progress(done, len(users))
    recommended = outcomes.pop("recommended", 0)
    return RefreshReport(len(users), recommended, dict(outcomes), time.perf_counter() - started)


def _recommend_all(
    runner: BatchRunner, recommender: Recommender | None, profiles: Sequence[OfficerProfile], k: int
) -> list[OfficerRecommendations]:
    if recommender is not None:
        return runner.run(RecommendForOfficers(recommender, k), profiles)
    nothing = [no_position(o.officer_id) if o.position_id is None else no_frac() for o in profiles]
    return [
        OfficerRecommendations(o.officer_id, (), n.reason, n.message)
        for o, n in zip(profiles, nothing, strict=True)
    ]
