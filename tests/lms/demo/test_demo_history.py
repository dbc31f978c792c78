"""The demo's year of history: live plans, statements and completions over the year, departments whose
scorecards differ, and the same scorecards again from the same seed."""

import random
import uuid
from datetime import timedelta

from sqlalchemy import func, select

from karmayogi.lms import schema
from karmayogi.lms.db import Database
from karmayogi.lms.demo import history
from karmayogi.lms.demo.seed import ANCHOR, seed
from karmayogi.lms.governance import kpis, scorecards
from karmayogi.lms.orm import (
    CapacityBuildingPlan,
    Enrolment,
    EvidenceRecord,
    Organisation,
    PlanEvent,
    XapiStatement,
)
from karmayogi.lms.permissions import PLATFORM_PATH, Principal, Role, ScopedRole

PUBLIC_URL = "https://karmayogi.example"
COMMISSION = Principal(
    "commission", uuid.UUID(int=0), uuid.UUID(int=0), (ScopedRole(Role.COMMISSION_ADMIN, PLATFORM_PATH),)
)
YEAR_AGO = ANCHOR - timedelta(days=365)


def _seeded(db: Database, seed_value: int) -> dict[str, object]:
    with db.transaction() as session:
        seed(session, "small", seed_value)
        counts = history.seed(session, random.Random(seed_value), ANCHOR, PUBLIC_URL)
    with db.transaction() as session:
        run = kpis.compute(session, ANCHOR.year)
        cards = scorecards.scorecards(session, COMMISSION, ANCHOR.year, run)
    return {"counts": counts, "cards": {c.name: (c.rank, c.score, c.components) for c in cards}}


def _months(times: list) -> set[tuple[int, int]]:
    return {(t.year, t.month) for t in times if YEAR_AGO <= t <= ANCHOR}


def test_a_year_of_history_gives_departments_different_scorecards_the_same_each_time(db, tmp_path):
    made = _seeded(db, 7)
    with db.transaction() as session:
        departments = session.scalar(
            select(func.count()).select_from(Organisation).where(Organisation.kind == "department")
        )
        live = session.execute(
            select(CapacityBuildingPlan.id).where(
                CapacityBuildingPlan.year == ANCHOR.year, CapacityBuildingPlan.state == "live"
            )
        ).all()
        assert len(live) == made["counts"]["plans_live"] == departments
        approved = session.scalar(
            select(func.count()).select_from(PlanEvent).where(PlanEvent.action == "approved")
        )
        assert approved == len(live)
        # Statements, completions and the evidence they give are spread over the year before the anchor.
        stamps = list(session.scalars(select(XapiStatement.timestamp)))
        assert len(stamps) == made["counts"]["statements"] > 1_000
        assert len(_months(stamps)) >= 12
        completions = list(
            session.scalars(select(Enrolment.completed_at).where(Enrolment.completed_at >= YEAR_AGO))
        )
        assert len(completions) > 300 and len(_months(completions)) >= 12
        evidence = list(session.scalars(select(EvidenceRecord.recorded_at)))
        assert len(_months(evidence)) >= 12
    cards = made["cards"]
    scores = sorted(score for _rank, score, _ in cards.values())
    assert scores[-1] - scores[0] > 30
    best, worst = (next(c for c in cards.values() if c[0] == rank) for rank in (1, len(cards)))
    for component in ("plan_compliance", "coverage_at_level", "hours_per_official"):
        assert best[2][component][0] > worst[2][component][0]
    again = Database(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    try:
        schema.upgrade(again.engine)
        assert _seeded(again, 7)["cards"] == cards
    finally:
        again.dispose()
