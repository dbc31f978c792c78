"""Department scorecards and rankings for a year, and the leaderboard of learning points.

Scorecard method (version `scorecard-1`), from one KPI run of the year:
  each component is scaled to 0-100 and weighted; the score is the weighted sum, rounded to 2 places.
  - plan compliance (30%): department.plan_compliance x 100 (a department with no plan items scores 0)
  - coverage at level (30%): department.coverage_at_level x 100
  - learning hours (20%): department.hours_per_official / 50 hours, capped at 1, x 100
  - completions (10%): department.completions_per_official / 5, capped at 1, x 100
  - certificates (10%): department.certificates / headcount / 2, capped at 1, x 100
Departments are ranked by score (highest first), ties by name. The same run gives the same numbers.

Learning points rule (version `points-1`): 10 per course completed in the year, 1 per learning hour
of those courses, 5 per competency level gained, 5 per plan item completed by its due date.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.governance import kpis
from karmayogi.lms.orm import KpiRun, KpiValue, Organisation, User
from karmayogi.lms.permissions import Principal

METHOD_VERSION = "scorecard-1"
TARGET_HOURS = 50.0
TARGET_COMPLETIONS = 5.0
TARGET_CERTIFICATES = 2.0
# component: (metric, weight, how the raw value becomes 0..1)
COMPONENTS: dict[str, tuple[str, float, float | None]] = {
    "plan_compliance": ("department.plan_compliance", 0.30, None),
    "coverage_at_level": ("department.coverage_at_level", 0.30, None),
    "hours_per_official": ("department.hours_per_official", 0.20, TARGET_HOURS),
    "completions_per_official": ("department.completions_per_official", 0.10, TARGET_COMPLETIONS),
    "certificates_per_official": ("department.certificates", 0.10, TARGET_CERTIFICATES),
}
POINTS_RULE = {"version": "points-1", "completion": 10.0, "hour": 1.0, "level": 5.0, "plan_item_on_time": 5.0}
POINTS_METRICS = {
    "learner.completions": "completion",
    "learner.hours": "hour",
    "learner.level_gain": "level",
    "learner.plan_items_on_time": "plan_item_on_time",
}


@dataclass(frozen=True)
class Scorecard:
    department_id: uuid.UUID
    name: str
    headcount: int
    components: dict[str, tuple[float, float]]  # component -> (raw value, 0-100 score)
    score: float
    rank: int = 0


def method() -> dict[str, object]:
    return {
        "version": METHOD_VERSION,
        "components": {k: {"metric": m, "weight": w, "target": t} for k, (m, w, t) in COMPONENTS.items()},
    }


def component_score(raw: float, target: float | None) -> float:
    return 100.0 * (min(raw / target, 1.0) if target else min(max(raw, 0.0), 1.0))


def score_department(raw: dict[str, float], headcount: int) -> tuple[dict[str, tuple[float, float]], float]:
    """The components and the score from the department's metric values (missing values count 0)."""
    components = {}
    for name, (metric, _weight, target) in COMPONENTS.items():
        value = raw.get(metric, 0.0)
        if name == "certificates_per_official":
            value = value / headcount if headcount else 0.0
        components[name] = (value, component_score(value, target))
    score = round(sum(COMPONENTS[k][1] * s for k, (_, s) in components.items()), 2)
    return components, score


def scorecards(
    session: Session, principal: Principal, year: int, run: KpiRun | None = None
) -> list[Scorecard]:
    """Every department the caller may read, scored and ranked (ranks are among those shown)."""
    run = run or kpis.latest_run(session, year)
    rows = kpis.values(session, principal, year, run=run, prefix="department.")
    raw: dict[str, dict[str, float]] = {}
    for row in rows:
        if row.metric.startswith("department."):
            raw.setdefault(row.subject_id, {})[row.metric] = row.value
    names = (
        dict(
            session.execute(
                select(Organisation.id, Organisation.name).where(
                    Organisation.id.in_([uuid.UUID(d) for d in raw])
                )
            ).all()
        )
        if raw
        else {}
    )
    cards = []
    for department, metrics in raw.items():
        headcount = int(metrics.get("department.headcount", 0))
        components, score = score_department(metrics, headcount)
        cards.append(
            Scorecard(
                uuid.UUID(department),
                names.get(uuid.UUID(department), department),
                headcount,
                components,
                score,
            )
        )
    cards.sort(key=lambda c: (-c.score, c.name, str(c.department_id)))
    return [
        Scorecard(c.department_id, c.name, c.headcount, c.components, c.score, i + 1)
        for i, c in enumerate(cards)
    ]


@dataclass(frozen=True)
class Standing:
    user_id: uuid.UUID
    name: str
    points: float
    place: int


def points_of(metrics: dict[str, float]) -> float:
    return round(
        sum(POINTS_RULE[kind] * metrics.get(metric, 0.0) for metric, kind in POINTS_METRICS.items()), 2
    )


def leaderboard(
    session: Session, year: int, department_id: uuid.UUID | None = None, run: KpiRun | None = None
) -> list[Standing]:
    """Learning points of every official with any, highest first (ties share a place), in the
    department when named. Points are not private: a leaderboard shows names and points only."""
    run = run or kpis.latest_run(session, year)
    query = select(KpiValue.subject_id, KpiValue.metric, KpiValue.value).where(
        KpiValue.run_id == run.id, KpiValue.metric.in_(POINTS_METRICS)
    )
    if department_id is not None:
        query = query.where(KpiValue.organisation_id == department_id)
    per: dict[str, dict[str, float]] = {}
    for subject, metric, value in session.execute(query):
        per.setdefault(subject, {})[metric] = value
    points = {uuid.UUID(s): points_of(m) for s, m in per.items()}
    points = {u: p for u, p in points.items() if p > 0}
    names = (
        dict(session.execute(select(User.id, User.full_name).where(User.id.in_(points))).all())
        if points
        else {}
    )
    ordered = sorted(points, key=lambda u: (-points[u], names.get(u, ""), str(u)))
    standings, place = [], 0
    for i, user in enumerate(ordered):
        if i == 0 or points[user] != points[ordered[i - 1]]:
            place = i + 1
        standings.append(Standing(user, names.get(user, ""), points[user], place))
    return standings
