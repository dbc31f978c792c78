"""HR decisions at scale: candidate ranking for one vacancy, and probation proposals in one batch.

    python benchmarks/hr.py --backend sqlite
    python benchmarks/hr.py --backend postgresql --officials 100000 --on-probation 10000

One department holds `--officials` officials, each with verified passbook lines on some of the
eight competencies a Section Officer post needs, and 20 published courses build them. The ranking
is timed per call (warm, `--repeat` times) over every official in scope, and its first call (which
fills the post's requirement set) apart; the proposals are one call of `propose_due` for the
`--on-probation` officials whose probation ends within 30 days, each with completions, a
supervisor's rating and a rule set to check. Figures are printed and written to
benchmarks/results/hr.json under the backend's name, beside the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).parent))
from databases import scratch_database
from machine import machine

from karmayogi.lms import schema, vacancies
from karmayogi.lms.db import Database
from karmayogi.lms.decisions import probation
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import (
    Competency,
    Course,
    CourseCompetency,
    Enrolment,
    EvidenceRecord,
    Organisation,
    Position,
    PositionRole,
    ProbationRuleSet,
    ProfileLine,
    Provider,
    Requirement,
    Role,
    User,
)

RESULTS = Path(__file__).parent / "results" / "hr.json"
SERVICE = "Central Secretariat Service"
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def seed(db: Database, officials: int, on_probation: int, rng: random.Random) -> tuple[uuid.UUID, str]:
    with db.transaction() as session:
        ministry_id, department_id = uuid.uuid4(), uuid.uuid4()
        session.add(Organisation(id=ministry_id, kind="ministry", name="Ministry", path=f"/{ministry_id}/"))
        session.flush()
        path = f"/{ministry_id}/{department_id}/"
        session.add(
            Organisation(
                id=department_id, kind="department", name="Department", parent_id=ministry_id, path=path
            )
        )
        session.flush()
        competencies = [
            Competency(name=f"Competency {n}", type="functional", status="verified") for n in range(8)
        ]
        role = Role(name="Section in-charge", status="verified")
        post = Position(
            organisation_id=department_id, designation="Section Officer", pay_level=8, status="verified"
        )
        provider = Provider(organisation_id=department_id, name="ISTM", type="public_institute")
        session.add_all([*competencies, role, post, provider])
        session.flush()
        session.add(PositionRole(position_id=post.id, role_id=role.id))
        for c in competencies:
            session.add(Requirement(role_id=role.id, competency_id=c.id, level=rng.randint(2, 4), weight=0.5))
        courses = []
        for n in range(20):
            course = Course(
                provider_id=provider.id,
                organisation_id=department_id,
                title=f"Course {n}",
                learning_hours=rng.choice([2, 4, 6, 10]),
                status="published",
            )
            session.add(course)
            session.flush()
            courses.append(course.id)
            for c in rng.sample(competencies, 2):
                session.add(
                    CourseCompetency(
                        course_id=course.id, competency_id=c.id, level=rng.randint(2, 5), status="confirmed"
                    )
                )
        session.flush()
        versions.publish(session, None, "bench")
        supervisor = uuid.uuid4()
        users, lines, enrolments, ratings = [], [], [], []
        end = date(2026, 12, 15)
        for n in range(officials):
            user_id = supervisor if n == 0 else uuid.uuid4()
            probation_row = 0 < n <= on_probation
            users.append(
                {
                    "id": user_id,
                    "organisation_id": department_id,
                    "email": f"o{n}@bench.example",
                    "full_name": f"Official {n}",
                    "is_active": True,
                    "service": SERVICE,
                    "supervisor_id": supervisor if n else None,
                    "date_of_joining": date(2024, 12, 1),
                    "probation_status": "on_probation" if probation_row else "confirmed",
                    "probation_end_date": end if probation_row else None,
                    "created_at": NOW,
                }
            )
            for c in rng.sample(competencies, rng.randint(0, 6)):
                evidence_id = str(uuid.uuid4())
                lines.append(
                    {
                        "user_id": user_id,
                        "competency_id": c.id,
                        "level": rng.randint(1, 5),
                        "standing": rng.choice(["verified", "verified", "proposed"]),
                        "confidence": 0.9,
                        "evidence_ids": [evidence_id],
                        "proposed_level": None,
                        "proposal_evidence_ids": [],
                        "updated_at": NOW,
                        "rules_version": "2026.1",
                    }
                )
            if probation_row:
                for course_id in courses[:2] if rng.random() < 0.7 else courses[:1]:
                    enrolments.append(
                        {
                            "id": uuid.uuid4(),
                            "user_id": user_id,
                            "course_id": course_id,
                            "organisation_id": department_id,
                            "status": "completed",
                            "progress": 100,
                            "course_version": 1,
                            "time_spent_seconds": 0,
                            "enrolled_at": NOW,
                        }
                    )
                if rng.random() < 0.8:
                    ratings.append(
                        {
                            "id": uuid.uuid4(),
                            "user_id": user_id,
                            "organisation_id": department_id,
                            "seq": 1,
                            "competency_id": competencies[0].id,
                            "level": 3,
                            "source": "supervisor_rating",
                            "source_ref": "bench",
                            "recorded_by": supervisor,
                            "recorded_at": NOW,
                            "confidence": None,
                            "note": "",
                            "previous_hash": "0" * 64,
                            "hash": "0" * 64,
                        }
                    )
        for table, rows in (
            (User, users),
            (ProfileLine, lines),
            (Enrolment, enrolments),
            (EvidenceRecord, ratings),
        ):
            for start in range(0, len(rows), 5000):
                session.execute(insert(table), rows[start : start + 5000])
        session.add(
            ProbationRuleSet(
                organisation_id=department_id,
                service=SERVICE,
                cadre="",
                version=1,
                rules={
                    "onboarding_course_ids": [str(courses[0])],
                    "mandatory_course_ids": [str(courses[1])],
                    "competencies": [{"competency_id": str(competencies[0].id), "level": 2}],
                    "supervisor_assessment": True,
                    "minimum_months": 12,
                    "extension_months": 6,
                },
            )
        )
        return post.id, path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--officials", type=int, default=100_000)
    parser.add_argument("--on-probation", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with scratch_database(args.backend) as url:
        db = Database(url)
        schema.upgrade(db.engine)
        started = time.perf_counter()
        post, path = seed(db, args.officials, args.on_probation, random.Random(args.seed))
        seeded_s = time.perf_counter() - started
        timings = []
        for _ in range(args.repeat + 1):
            with db.transaction() as session:
                started = time.perf_counter()
                fits = vacancies.rank_candidates(session, [path], post, vacancies.Eligibility(), limit=50)
                timings.append((time.perf_counter() - started) * 1000)
        # The first call reads the FRAC version and catalogue cold, and fills the position's requirement set.
        first_ms, timings = timings[0], timings[1:]
        with db.transaction() as session:
            started = time.perf_counter()
            proposals = probation.propose_due(session, [path], 30, date(2026, 12, 1))
            propose_s = time.perf_counter() - started
        db.dispose()
    outcomes: dict[str, int] = {}
    for p in proposals:
        outcomes[p.case.proposal.outcome] = outcomes.get(p.case.proposal.outcome, 0) + 1
    figures = {
        "officials_in_scope": args.officials,
        "seed_s": round(seeded_s, 1),
        "ranking_ms": {
            "p50": round(statistics.median(timings), 1),
            "p95": round(statistics.quantiles(timings, n=20)[-1], 1),
            "calls": len(timings),
            "first_call_ms": round(first_ms, 1),
            "top_coverage": fits[0].coverage if fits else None,
        },
        "probation_proposals": {
            "officials": len(proposals),
            "seconds": round(propose_s, 1),
            "outcomes": outcomes,
        },
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    print(json.dumps(figures, indent=2))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[args.backend] = figures
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
