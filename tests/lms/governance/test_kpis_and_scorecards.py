"""KPI definitions on hand-made rows, the runner interface, materialised runs, the scorecard
recomputed from raw rows, rankings, and the learning-points leaderboard."""

from __future__ import annotations

import statistics
import uuid

import pytest
from sqlalchemy import select

from karmayogi.lms.governance import kpis, scorecards
from karmayogi.lms.orm import KpiValue
from karmayogi.recommender.batch import InProcessRunner

YEAR = 2026


def test_kpi_definitions_on_hand_made_rows(history):
    p = history.people
    with history.db.transaction() as session:
        run = kpis.compute(session, YEAR)
        got = kpis.by_metric(kpis.values(session, history.principal(session, "commission"), YEAR, run=run))
    so1, so2, asst = (str(p[n]) for n in ("so1", "so2", "asst"))
    dept, provider = str(history.department), str(history.provider)
    assert got["learner.enrolments"] == {so1: 1, so2: 1, asst: 1}
    assert got["learner.completions"] == {so1: 1, so2: 1, asst: 1}
    assert got["learner.hours"] == {so1: 10, so2: 10, asst: 4}
    assert got["learner.level_gain"] == {so1: 2}
    assert got["learner.plan_items"] == {so1: 1, so2: 1, asst: 1}
    assert got["learner.plan_items_on_time"] == {so1: 1, so2: 0, asst: 0}
    assert got["supervisor.team_compliance"] == {so1: 0.0}
    assert got["department.headcount"][dept] == 4  # three officials and HR
    assert got["department.plan_compliance"][dept] == pytest.approx(1 / 3)
    assert got["department.coverage_at_level"][dept] == pytest.approx(2 / 6)
    assert got["department.hours_per_official"][dept] == pytest.approx(24 / 4)
    assert got["peer_group.hours_per_official"]["Section Officer"] == pytest.approx(10)
    assert got["provider.enrolments"] == {provider: 3}
    assert got["provider.completion_rate"][provider] == pytest.approx(2 / 3)
    assert got["provider.mean_rating"][provider] == pytest.approx(4)
    assert got["provider.nps"][provider] == pytest.approx(0)
    assert got["provider.gap_closure"][provider] == pytest.approx(1)
    assert got["platform.active_users"] == {"platform": 3}
    assert got["platform.median_days_to_complete"]["platform"] == pytest.approx(
        statistics.median([89, 136, 50])
    )
    assert run.registry_version and len(run.inputs_version) == 64 and run.computed_at is not None


def test_a_department_reads_only_its_own_kpis(history):
    with history.db.transaction() as session:
        kpis.compute(session, YEAR)
        own = kpis.values(session, history.principal(session, "hr"), YEAR)
        other = kpis.values(session, history.principal(session, "outside_hr"), YEAR)
    assert own and {v.organisation_id for v in own} == {history.department}
    assert {v.organisation_id for v in other} <= {history.other}
    assert not any(v.metric.startswith(("platform.", "peer_group.")) for v in own)


def test_the_runner_and_a_second_run_give_the_same_numbers(history):
    with history.db.transaction() as session:
        direct = kpis.compute(session, YEAR)
    with history.db.transaction() as session:
        batched = kpis.compute(session, YEAR, runner=InProcessRunner(partition_size=5))
        assert batched.runner == "InProcessRunner" and batched.inputs_version == direct.inputs_version

        def table(run):
            return sorted(
                (v.metric, v.subject_id, round(v.value, 9))
                for v in session.scalars(select(KpiValue).where(KpiValue.run_id == run.id))
                if v.metric != "platform.statements_per_day"
            )

        assert table(direct) == table(batched)


def test_scorecard_recomputed_from_raw_rows_and_rankings(history):
    with history.db.transaction() as session:
        kpis.compute(session, YEAR)
        cards = scorecards.scorecards(session, history.principal(session, "commission"), YEAR)
        again = scorecards.scorecards(session, history.principal(session, "commission"), YEAR)
        own = scorecards.scorecards(session, history.principal(session, "hr"), YEAR)
    assert cards == again
    card = next(c for c in cards if c.department_id == history.department)
    # By hand from the rows above: 1 of 3 plan items on time; 2 of 6 requirements met; 24 hours,
    # 3 completions and no certificates among 4 officials.
    expected = 0.3 * 100 / 3 + 0.3 * 100 * 2 / 6 + 0.2 * 100 * (24 / 4) / 50 + 0.1 * 100 * (3 / 4) / 5 + 0.0
    assert card.score == pytest.approx(round(expected, 2))
    assert card.rank == 1 and [c.rank for c in cards] == list(range(1, len(cards) + 1))
    assert [c.department_id for c in own] == [history.department]


def test_leaderboard_follows_the_points_rule(history):
    p = history.people
    with history.db.transaction() as session:
        kpis.compute(session, YEAR)
        board = scorecards.leaderboard(session, YEAR, history.department)
    assert [(s.user_id, s.points, s.place) for s in board] == [
        (p["so1"], 10 + 10 + 2 * 5 + 5, 1),
        (p["so2"], 10 + 10, 2),
        (p["asst"], 10 + 4, 3),
    ]
    assert scorecards.POINTS_RULE["version"] == "points-1"
    assert uuid.UUID(str(p["so1"]))
