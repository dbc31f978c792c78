"""No sequence of steps, taken through the real API on a real database, reaches a state the table forbids.

Hypothesis drives random sequences of every step a catalogue entry or a FRAC competency can take
(edits, submissions, approvals, rejections, retirements, and attempts to undo them), each by the
person entitled to it, and after every step reads the stored state and checks the move against the
tables below. Refused steps are fine; a forbidden move, such as retired back to published, is not.
(The platform has no plan state machine yet: annual plans are mandates, with no lifecycle to check.)
"""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from karmayogi.lms import orm
from karmayogi.lms.demo.vocabulary import PROVIDERS
from tests.api.conftest import Demo, World

DOMAIN = "karmayogi.example"
RUNS = settings(
    max_examples=25,
    stateful_step_count=10,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The catalogue entry's table: where each status may go next, by any step. Retired is final.
ENTRY_ALLOWED = {
    "draft": {"draft", "in_review"},
    "in_review": {"in_review", "draft", "published"},
    "published": {"published", "retired"},
    "retired": {"retired"},
}
# The FRAC review table; `retired` may go from False to True, never back.
FRAC_ALLOWED = {
    "draft": {"draft", "submitted"},
    "submitted": {"submitted", "l1_approved", "rejected", "draft"},
    "l1_approved": {"l1_approved", "verified", "submitted", "draft"},
    "verified": {"verified", "draft"},
    "rejected": {"rejected", "submitted", "draft"},
}


def test_no_sequence_of_steps_revives_a_retired_course(demo: Demo) -> None:
    client = demo.client
    creator, reviewer = (demo.login(f"{name}@{DOMAIN}") for name in ("creator1", "reviewer1"))
    with demo.db.transaction() as session:
        provider_id = session.scalar(select(orm.Provider.id).where(orm.Provider.name == PROVIDERS[0].name))

    class Catalogue(RuleBasedStateMachine):
        """Steps are offered where a user would try them (and all of them once the course is retired)."""

        course_id: str
        status: str
        version: str  # the status of the newest version

        def stored(self) -> tuple[str, str]:
            with demo.db.transaction() as session:
                course = session.get(orm.Course, uuid.UUID(self.course_id))
                assert course is not None
                newest = session.scalar(
                    select(orm.CourseVersion.status)
                    .where(orm.CourseVersion.course_id == course.id)
                    .order_by(orm.CourseVersion.number.desc())
                )
                return course.status, str(newest)

        def take(self, headers: dict[str, str], action: str, comment: str = "") -> None:
            client.post(
                f"/api/v1/courses/{self.course_id}/transitions",
                json={"action": action, "comment": comment},
                headers=headers,
            )

        def retired_or(self, version: str) -> bool:
            return self.status == "retired" or self.version == version

        @initialize()
        def create(self) -> None:
            body = {
                "provider_id": str(provider_id),
                "title": "Public Procurement on GeM",
                "learning_hours": 6,
            }
            r = client.post("/api/v1/courses", json=body, headers=creator)
            assert r.status_code == 201, r.text
            self.course_id = r.json()["course_id"]
            self.status, self.version = self.stored()

        @rule()
        def edit(self) -> None:
            client.patch(
                f"/api/v1/courses/{self.course_id}", json={"title": uuid.uuid4().hex}, headers=creator
            )

        @precondition(lambda self: self.retired_or("draft"))
        @rule()
        def submit(self) -> None:
            self.take(creator, "submit")

        @precondition(lambda self: self.retired_or("in_review"))
        @rule()
        def approve(self) -> None:
            self.take(reviewer, "approve")

        @precondition(lambda self: self.retired_or("in_review"))
        @rule()
        def reject(self) -> None:
            self.take(reviewer, "reject", "Needs another pass")

        @precondition(lambda self: self.status in ("published", "retired"))
        @rule()
        def retire(self) -> None:
            self.take(reviewer, "retire", "Withdrawn")

        @invariant()
        def only_allowed_moves(self) -> None:
            if not hasattr(self, "course_id"):
                return
            now, self.version = self.stored()
            assert now in ENTRY_ALLOWED[self.status], f"{self.status} -> {now}"
            self.status = now

    run_state_machine_as_test(Catalogue, settings=RUNS)


def test_no_sequence_of_steps_revives_a_retired_competency(world: World) -> None:
    client, a = world.client, world.a
    hr, l1, l2 = (world.login(a.people[name]) for name in ("hr", "frac_l1", "frac_l2"))
    database = client.app.state.database  # type: ignore[attr-defined]

    class Frac(RuleBasedStateMachine):
        competency_id: str
        state: tuple[str, bool]

        def stored(self) -> tuple[str, bool]:
            with database.transaction() as session:
                row = session.get(orm.Competency, uuid.UUID(self.competency_id))
                assert row is not None
                return row.status, row.retired

        def act(self, headers: dict[str, str], action: str, comment: str = "") -> None:
            client.post(
                f"/api/v1/frac/competency/{self.competency_id}/review",
                json={"action": action, "comment": comment},
                headers=headers,
            )

        def edit(self, **changes: Any) -> None:
            client.patch(f"/api/v1/competencies/{self.competency_id}", json=changes, headers=hr)

        @initialize()
        def create(self) -> None:
            body = {
                "name": f"GST Audit {uuid.uuid4().hex[:8]}",
                "type": "domain",
                "organisation_id": str(a.department),
            }
            r = client.post("/api/v1/competencies", json=body, headers=hr)
            assert r.status_code == 201, r.text
            self.competency_id = r.json()["id"]
            self.state = self.stored()

        @rule()
        def submit(self) -> None:
            self.act(hr, "submit")

        @rule()
        def l1_approves(self) -> None:
            self.act(l1, "approve")

        @rule()
        def l1_rejects(self) -> None:
            self.act(l1, "reject", "Too vague")

        @rule()
        def l2_approves(self) -> None:
            self.act(l2, "approve")

        @rule()
        def l2_rejects(self) -> None:
            self.act(l2, "reject", "Back to L1")

        @rule()
        def rewrite(self) -> None:
            self.edit(description=uuid.uuid4().hex)

        @rule()
        def retire(self) -> None:
            self.edit(retired=True)

        @rule()
        def revive(self) -> None:
            self.edit(retired=False)

        @invariant()
        def only_allowed_moves(self) -> None:
            if not hasattr(self, "competency_id"):
                return
            (status, retired), (now, now_retired) = self.state, self.stored()
            assert now in FRAC_ALLOWED[status], f"{status} -> {now}"
            assert now_retired or not retired, "a retired competency came back"
            self.state = now, now_retired

    run_state_machine_as_test(Frac, settings=RUNS)
