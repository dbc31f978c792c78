"""KPI definitions on hand-made rows, the runner interface, materialised runs, the scorecard
recomputed from raw rows, rankings, and the learning-points leaderboard."""

from __future__ import annotations

import statistics
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from karmayogi.lms.decisions import workflow
from karmayogi.lms.governance import kpis, plans, scorecards
from karmayogi.lms.orm import CourseRating, Enrolment, EvidenceRecord, KpiValue, User
from karmayogi.recommender.batch import InProcessRunner

YEAR = 2026


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 9, tzinfo=UTC)


def _history(service) -> None:
    k, p, c = service.courses, service.people, service.competencies
    with service.db.transaction() as session:
        hr = service.principal(session, "hr")
        plan = plans.create_draft(
            session,
            hr,
            service.department,
            YEAR,
            "DoPT plan 2026",
            [
                plans.Assignment(k["Drafting well"], "designation", date(YEAR, 6, 30), "Section Officer"),
                plans.Assignment(
                    k["Data for managers"], "official", date(YEAR, 8, 1), member_ids=(p["asst"],)
                ),
            ],
        )
        plan = plans.submit(session, hr, plan.id)
        workflow.decide(
            session, service.principal(session, "commission"), plan.decision_case_id, "approve", "ok"
        )
        plans.go_live(session, hr, plan.id)
        session.get(User, p["asst"]).supervisor_id = p["so1"]
        office = service.office
        for user, course, began, done in (
            ("so1", "Drafting well", at(YEAR, 2, 1), at(YEAR, 5, 1)),
            ("so2", "Drafting well", at(YEAR, 3, 1), at(YEAR, 7, 15)),
            ("asst", "Data for managers", at(YEAR, 1, 10), None),
            ("asst", "Procurement basics", at(YEAR - 1, 12, 1), at(YEAR, 1, 20)),
        ):
            session.add(
                Enrolment(
                    user_id=p[user],
                    course_id=k[course],
                    organisation_id=office,
                    enrolled_at=began,
                    status="completed" if done else "in_progress",
                    progress=100 if done else 40,
                    completed_at=done,
                )
            )
        for seq, (lvl, when) in enumerate(((1, at(YEAR - 1, 6, 1)), (3, at(YEAR, 5, 2))), start=1):
            session.add(
                EvidenceRecord(
                    user_id=p["so1"],
                    organisation_id=office,
                    seq=seq,
                    competency_id=c["Noting and drafting"],
                    level=lvl,
                    source="assessment_result",
                    source_ref=f"test {seq}",
                    recorded_at=when,
                    previous_hash="0" * 64,
                    hash=f"{seq}" * 64,
                )
            )
        session.add_all(
            [
                CourseRating(
                    course_id=k["Drafting well"], user_id=p["so1"], stars=5, rated_at=at(YEAR, 5, 2)
                ),
                CourseRating(
                    course_id=k["Drafting well"], user_id=p["so2"], stars=3, rated_at=at(YEAR, 7, 16)
                ),
            ]
        )


def test_kpi_definitions_on_hand_made_rows(service):
    _history(service)
    p = service.people
    with service.db.transaction() as session:
        run = kpis.compute(session, YEAR)
        got = kpis.by_metric(kpis.values(session, service.principal(session, "commission"), YEAR, run=run))
    so1, so2, asst = (str(p[n]) for n in ("so1", "so2", "asst"))
    dept, provider = str(service.department), str(service.provider)
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


def test_a_department_reads_only_its_own_kpis(service):
    _history(service)
    with service.db.transaction() as session:
        kpis.compute(session, YEAR)
        own = kpis.values(session, service.principal(session, "hr"), YEAR)
        other = kpis.values(session, service.principal(session, "outside_hr"), YEAR)
    assert own and {v.organisation_id for v in own} == {service.department}
    assert {v.organisation_id for v in other} <= {service.other}
    assert not any(v.metric.startswith(("platform.", "peer_group.")) for v in own)


def test_the_runner_and_a_second_run_give_the_same_numbers(service):
    _history(service)
    with service.db.transaction() as session:
        direct = kpis.compute(session, YEAR)
    with service.db.transaction() as session:
        batched = kpis.compute(session, YEAR, runner=InProcessRunner(partition_size=5))
        assert batched.runner == "InProcessRunner" and batched.inputs_version == direct.inputs_version

        def table(run):
            return sorted(
                (v.metric, v.subject_id, round(v.value, 9))
                for v in session.scalars(select(KpiValue).where(KpiValue.run_id == run.id))
                if v.metric != "platform.statements_per_day"
            )

        assert table(direct) == table(batched)


def test_scorecard_recomputed_from_raw_rows_and_rankings(service):
    _history(service)
    with service.db.transaction() as session:
        kpis.compute(session, YEAR)
        cards = scorecards.scorecards(session, service.principal(session, "commission"), YEAR)
        again = scorecards.scorecards(session, service.principal(session, "commission"), YEAR)
        own = scorecards.scorecards(session, service.principal(session, "hr"), YEAR)
    assert cards == again
    card = next(c for c in cards if c.department_id == service.department)
    # By hand from the rows above: 1 of 3 plan items on time; 2 of 6 requirements met; 24 hours,
    # 3 completions and no certificates among 4 officials.
    expected = 0.3 * 100 / 3 + 0.3 * 100 * 2 / 6 + 0.2 * 100 * (24 / 4) / 50 + 0.1 * 100 * (3 / 4) / 5 + 0.0
    assert card.score == pytest.approx(round(expected, 2))
    assert card.rank == 1 and [c.rank for c in cards] == list(range(1, len(cards) + 1))
    assert [c.department_id for c in own] == [service.department]


def test_leaderboard_follows_the_points_rule(service):
    _history(service)
    p = service.people
    with service.db.transaction() as session:
        kpis.compute(session, YEAR)
        board = scorecards.leaderboard(session, YEAR, service.department)
    assert [(s.user_id, s.points, s.place) for s in board] == [
        (p["so1"], 10 + 10 + 2 * 5 + 5, 1),
        (p["so2"], 10 + 10, 2),
        (p["asst"], 10 + 4, 3),
    ]
    assert scorecards.POINTS_RULE["version"] == "points-1"
    assert uuid.UUID(str(p["so1"]))
