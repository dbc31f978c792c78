"""The rules of power, route by route and command by command (karmayogi.lms.permissions).

`POWERS` lists every route that records evidence, completes, confirms, issues, decides, publishes
or edits a person, with a case that proves each rule it is bound by: SELF (nobody acts on their own
record), FOUR_EYES (a confirmation needs someone other than the proposer), ABOVE (no one reaches
an account holding grants beyond their scope), REPORTEES (a supervisor over reportees only) and
CHAIN (no supervisor loop). `EXEMPT` names the other mutating routes and says why no rule binds
them. A new POST/PUT/PATCH/DELETE route under /api/v1, or a new CLI command, in neither makes
`test_every_mutating_route_is_listed` or `test_every_command_is_listed` fail.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer
from api.conftest import PASSWORD_HASH, World
from sqlalchemy import func, select, text, update
from typer.testing import CliRunner

from karmayogi.api.cli import app as cli_app
from karmayogi.lms.credentials import levels
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import DEMO_DOMAIN as DOMAIN
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import (
    Competency,
    Enrolment,
    EvidenceRecord,
    Grant,
    IssuedCredential,
    Organisation,
    ProfileLine,
    User,
)
from karmayogi.lms.permissions import reportees
from karmayogi.lms.profiles import store
from karmayogi.lms.profiles.evidence import EvidenceSource

SELF, FOUR_EYES, ABOVE, REPORTEES, CHAIN = "self", "four_eyes", "above", "reportees", "chain"


@dataclass
class Powers:
    """The two-ministry world with a published FRAC, and a platform admin whose home is department A."""

    world: World
    db: Database
    competency: uuid.UUID
    seated_admin: uuid.UUID

    @property
    def a(self) -> Any:
        return self.world.a

    def as_(self, user_id: uuid.UUID) -> dict[str, str]:
        return self.world.login(user_id)

    def call(self, actor: uuid.UUID, method: str, path: str, **kwargs: Any) -> Any:
        return self.world.client.request(method, f"/api/v1{path}", headers=self.as_(actor), **kwargs)

    def evidence(self, actor: uuid.UUID, user: uuid.UUID, level: int, source: str) -> Any:
        body = {"competency_id": str(self.competency), "level": level, "source": source}
        return self.call(actor, "POST", f"/users/{user}/evidence", json=body)

    def enrolment(
        self, user: uuid.UUID, status: str = "in_progress", by: uuid.UUID | None = None
    ) -> uuid.UUID:
        """An enrolment of `user` in side A's published course, written as the old rules let it be."""
        with self.db.transaction() as session:
            org = session.scalar(select(User.organisation_id).where(User.id == user))
            session.execute(
                Enrolment.__table__.delete().where(
                    Enrolment.user_id == user, Enrolment.course_id == self.a.published_course
                )
            )
            row = Enrolment(
                user_id=user,
                course_id=self.a.published_course,
                organisation_id=org,
                status=status,
                progress=100 if status == "completed" else 0,
                completed_by=by,
            )
            session.add(row)
            session.flush()
            return row.id

    def refused(self, response: Any, status: int = 403, words: str = "") -> None:
        assert response.status_code == status, response.text
        if words:
            assert words in response.json()["detail"], response.text


@pytest.fixture
def powers(world: World, db: Database) -> Iterator[Powers]:
    with db.transaction() as session:
        session.execute(update(Competency).values(status="verified"))
        versions.publish(session, world.admin, "National FRAC")
        competency = session.scalar(select(Competency.id).where(Competency.name == "Public Procurement A"))
        seated = uuid.uuid4()
        session.add(
            User(
                id=seated,
                organisation_id=world.a.department,
                email=f"{seated}@example.com",
                full_name="Platform admin seated in department A",
                password_hash=PASSWORD_HASH,
            )
        )
        session.flush()
        session.add_all(
            [
                Grant(user_id=seated, role="platform_admin", organisation_id=None),
                Grant(user_id=seated, role="learner", organisation_id=world.a.office),
            ]
        )
    assert competency is not None
    yield Powers(world, db, competency, seated)


# ---- the cases, one per route and rule -------------------------------------------------------------


def post_self(p: Powers) -> None:
    from karmayogi.lms.orm import Position, PositionRole, Role

    with p.db.transaction() as session:
        session.get(Position, p.a.position).status = "verified"
        for link in session.scalars(select(PositionRole).where(PositionRole.position_id == p.a.position)):
            session.get(Role, link.role_id).status = "verified"
        versions.publish(session, p.world.admin, "National FRAC with side A's post")
    hr = p.a.people["hr"]
    opened = p.call(hr, "POST", "/hr/vacancies", json={"position_id": str(p.a.position)})
    assert opened.status_code == 201, opened.text
    url = f"/hr/vacancies/{opened.json()['id']}/postings"
    p.refused(p.call(hr, "POST", url, json={"user_id": str(hr), "reason": "Me"}), words="own case")
    posted = p.call(hr, "POST", url, json={"user_id": str(p.a.people["colleague"]), "reason": "Fits"})
    assert posted.status_code == 201, posted.text


def patch_user_self(p: Powers) -> None:
    hr = p.a.people["hr"]
    p.refused(p.call(hr, "PATCH", f"/users/{hr}", json={"probation_status": "confirmed"}), words="themselves")
    assert p.call(hr, "PATCH", f"/users/{hr}", json={"full_name": "A. Doe"}).status_code == 200


def patch_user_above(p: Powers) -> None:
    r = p.call(p.a.people["hr"], "PATCH", f"/users/{p.seated_admin}", json={"is_active": False})
    p.refused(r, words="beyond your scope")
    assert p.call(p.seated_admin, "GET", f"/users/{p.seated_admin}").json()["is_active"] is True


def patch_user_chain(p: Powers) -> None:
    hr, learner, boss = p.a.people["hr"], p.a.people["learner"], p.a.people["supervisor"]
    r = p.call(hr, "PATCH", f"/users/{boss}", json={"supervisor_id": str(learner)})
    p.refused(r, 422, "loop")
    assert r.json()["detail"].startswith("supervisor_id")


def create_user_self(p: Powers) -> None:
    hr = p.a.people["hr"]
    body = {"organisation_id": str(p.a.office), "email": "new@example.com", "full_name": "New Official"}
    r = p.call(hr, "POST", "/users", json={**body, "supervisor_id": str(hr)})
    p.refused(r, 422, "yourself")
    assert p.call(hr, "POST", "/users", json=body).status_code == 201


def grant_self(p: Powers) -> None:
    hr = p.a.people["hr"]
    body = {"role": "supervisor", "organisation_id": str(p.a.office)}
    p.refused(p.call(hr, "POST", f"/users/{hr}/grants", json=body), words="themselves")


def grant_above(p: Powers) -> None:
    body = {"role": "supervisor", "organisation_id": str(p.a.office)}
    r = p.call(p.a.people["hr"], "POST", f"/users/{p.seated_admin}/grants", json=body)
    p.refused(r, words="beyond your scope")
    r = p.call(p.a.people["hr"], "POST", f"/users/{p.a.people['colleague']}/grants", json=body)
    assert r.status_code == 201, r.text


def revoke_self(p: Powers) -> None:
    hr = p.a.people["hr"]
    p.refused(p.call(hr, "DELETE", f"/grants/{p.a.grants['hr']}"), words="themselves")


def revoke_above(p: Powers) -> None:
    with p.db.transaction() as session:
        grant = session.scalar(
            select(Grant.id).where(Grant.user_id == p.seated_admin, Grant.role == "learner")
        )
    p.refused(p.call(p.a.people["hr"], "DELETE", f"/grants/{grant}"), words="beyond your scope")


def evidence_self(p: Powers) -> None:
    hr = p.a.people["hr"]
    assert p.evidence(hr, hr, 2, "self_declaration").status_code == 201
    p.refused(p.evidence(hr, hr, 3, "hr_confirmation"), words="themselves")
    admin = p.world.admin
    p.refused(p.evidence(admin, admin, 3, "training_institute_report"), words="themselves")


def evidence_four_eyes(p: Powers) -> None:
    boss, learner = p.a.people["supervisor"], p.a.people["learner"]
    assert p.evidence(boss, learner, 5, "supervisor_rating").status_code == 201
    p.refused(p.evidence(boss, learner, 5, "supervisor_rating"), words="different official")
    r = p.evidence(p.a.people["hr"], learner, 4, "hr_confirmation")
    assert r.status_code == 201, r.text
    confirmation = r.json()
    assert confirmation["recorded_by"] == str(p.a.people["hr"])
    proposal = p.call(learner, "GET", f"/users/{learner}/evidence").json()[0]
    assert confirmation["source_ref"] == f"evidence:{proposal['id']}" and proposal["recorded_by"] == str(boss)


def evidence_above(p: Powers) -> None:
    p.refused(p.evidence(p.a.people["hr"], p.seated_admin, 3, "hr_confirmation"), words="beyond your scope")


def completion_self(p: Powers) -> None:
    hr = p.a.people["hr"]
    enrolment = p.enrolment(hr)
    p.refused(p.call(hr, "POST", f"/enrolments/{enrolment}/completion"), words="themselves")


def completion_above(p: Powers) -> None:
    enrolment = p.enrolment(p.seated_admin)
    r = p.call(p.a.people["hr"], "POST", f"/enrolments/{enrolment}/completion")
    p.refused(r, words="beyond your scope")
    mine = p.enrolment(p.a.people["colleague"])
    r = p.call(p.a.people["hr"], "POST", f"/enrolments/{mine}/completion")
    assert r.status_code == 200 and r.json()["status"] == "completed"


def completion_four_eyes(p: Powers) -> None:
    """Whoever marked a completion proposed its levels: they may not confirm them."""
    hr, learner = p.a.people["hr"], p.a.people["learner"]
    enrolment = p.enrolment(learner)
    assert p.call(hr, "POST", f"/enrolments/{enrolment}/completion").status_code == 200
    p.refused(p.evidence(hr, learner, 2, "hr_confirmation"), words="different official")
    assert p.evidence(p.a.people["supervisor"], learner, 2, "supervisor_rating").status_code == 201


def credential_self(p: Powers) -> None:
    hr = p.a.people["hr"]
    enrolment = p.enrolment(hr, "completed", by=hr)
    p.refused(p.call(hr, "POST", "/credentials", json={"enrolment_id": str(enrolment)}), words="yourself")
    learner = p.a.people["learner"]
    completed = p.enrolment(learner, "completed", by=hr)
    assert p.call(learner, "POST", "/credentials", json={"enrolment_id": str(completed)}).status_code == 201


def revoke_credential_self_and_above(p: Powers) -> None:
    hr = p.a.people["hr"]
    ids = []
    for holder in (hr, p.seated_admin):
        enrolment = p.enrolment(holder, "completed")  # completed by the platform from statements
        r = p.call(holder, "POST", "/credentials", json={"enrolment_id": str(enrolment)})
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    body = {"reason": "issued in error"}
    p.refused(p.call(hr, "POST", f"/credentials/{ids[0]}/revoke", json=body), words="themselves")
    p.refused(p.call(hr, "POST", f"/credentials/{ids[1]}/revoke", json=body), words="beyond your scope")


def recompute_reportees(p: Powers) -> None:
    boss = p.a.people["supervisor"]
    assert p.call(boss, "POST", f"/users/{p.a.people['learner']}/profile/recompute").status_code == 200
    p.refused(p.call(boss, "POST", f"/users/{p.a.people['colleague']}/profile/recompute"), 404)


def course_review_four_eyes(p: Powers) -> None:
    admin = p.world.admin
    body = {"provider_id": str(p.a.provider), "title": "Noting and drafting", "learning_hours": 2}
    r = p.call(admin, "POST", "/courses", json=body)
    assert r.status_code == 201, r.text
    course = r.json()["course_id"]
    assert (
        p.call(admin, "POST", f"/courses/{course}/transitions", json={"action": "submit"}).status_code == 201
    )
    r = p.call(admin, "POST", f"/courses/{course}/transitions", json={"action": "approve"})
    p.refused(r, words="your own")


def frac_review_four_eyes(p: Powers) -> None:
    admin = p.world.admin
    body = {"name": "GST audit", "type": "domain", "organisation_id": str(p.a.department)}
    r = p.call(admin, "POST", "/competencies", json=body)
    assert r.status_code == 201, r.text
    node = r.json()["id"]
    assert (
        p.call(admin, "POST", f"/frac/competency/{node}/review", json={"action": "submit"}).status_code == 200
    )
    p.refused(
        p.call(admin, "POST", f"/frac/competency/{node}/review", json={"action": "approve"}), words="own"
    )


def mark_self(p: Powers) -> None:
    """A platform admin may mark anyone's short answers, but not on a paper they sat themselves."""
    admin, org = p.seated_admin, str(p.a.provider_org)
    question = {
        "organisation_id": org,
        "id": "powers-short",
        "kind": "short_text",
        "prompt": "<p>Draft a reply.</p>",
        "key": {"model_answer": "Acknowledge and give a date."},
        "competency_id": str(p.competency),
        "level": 2,
        "bloom": "create",
    }
    assert p.call(admin, "POST", "/questions", json=question).status_code == 201
    form = {
        "organisation_id": org,
        "title": "Reply drafting",
        "sections": [{"title": "One", "question_ids": ["powers-short"]}],
        "time_limit_seconds": 600,
    }
    created = p.call(admin, "POST", "/assessments", json=form)
    assert created.status_code == 201, created.text
    assessment = created.json()["id"]
    assert p.call(admin, "POST", f"/assessments/{assessment}/publication").status_code == 200
    attempt = p.call(admin, "POST", f"/assessments/{assessment}/attempts").json()
    body = {"nonce": attempt["nonce"], "answers": {"powers-short": "Noted; a reply by Friday."}}
    assert p.call(admin, "POST", f"/attempts/{attempt['id']}/submission", json=body).status_code == 200
    marked = p.call(admin, "POST", f"/attempts/{attempt['id']}/marks", json={"marks": {"powers-short": 1}})
    p.refused(marked, words="own paper")


@dataclass(frozen=True)
class Power:
    method: str
    path: str
    rule: str
    case: Callable[[Powers], None]


POWERS = [
    Power("POST", "/api/v1/hr/vacancies/{vacancy_id}/postings", SELF, post_self),
    Power("POST", "/api/v1/users", SELF, create_user_self),
    Power("PATCH", "/api/v1/users/{user_id}", SELF, patch_user_self),
    Power("PATCH", "/api/v1/users/{user_id}", ABOVE, patch_user_above),
    Power("PATCH", "/api/v1/users/{user_id}", CHAIN, patch_user_chain),
    Power("POST", "/api/v1/users/{user_id}/grants", SELF, grant_self),
    Power("POST", "/api/v1/users/{user_id}/grants", ABOVE, grant_above),
    Power("DELETE", "/api/v1/grants/{grant_id}", SELF, revoke_self),
    Power("DELETE", "/api/v1/grants/{grant_id}", ABOVE, revoke_above),
    Power("POST", "/api/v1/users/{user_id}/evidence", SELF, evidence_self),
    Power("POST", "/api/v1/users/{user_id}/evidence", FOUR_EYES, evidence_four_eyes),
    Power("POST", "/api/v1/users/{user_id}/evidence", ABOVE, evidence_above),
    Power("POST", "/api/v1/users/{user_id}/profile/recompute", REPORTEES, recompute_reportees),
    Power("POST", "/api/v1/enrolments/{enrolment_id}/completion", SELF, completion_self),
    Power("POST", "/api/v1/enrolments/{enrolment_id}/completion", ABOVE, completion_above),
    Power("POST", "/api/v1/enrolments/{enrolment_id}/completion", FOUR_EYES, completion_four_eyes),
    Power("POST", "/api/v1/credentials", SELF, credential_self),
    Power("POST", "/api/v1/credentials/{credential_id}/revoke", SELF, revoke_credential_self_and_above),
    Power("POST", "/api/v1/courses/{course_id}/transitions", FOUR_EYES, course_review_four_eyes),
    Power("POST", "/api/v1/frac/{kind}/{node_id}/review", FOUR_EYES, frac_review_four_eyes),
    Power("POST", "/api/v1/attempts/{attempt_id}/marks", SELF, mark_self),
]

_AUTHORING = "authors the catalogue, FRAC or item bank in the caller's scope; no person's record changes"
_OWN_TEST = "an official sits their own test; the platform scores it and records the result, no person does"
_DECISIONS = (
    "decided by someone other than the official, their supervisors and the proposer (tests/lms/decisions)"
)
_PLANS = "a department's plan decided by the Commission through the decision pattern, not by its submitter"
_PLAN_AUTHORING = "a department drafts its own plan; it binds only after the Commission approves it"
_CMI5_MANAGE = "an HR cell over the learner, never oneself nor above one's scope (lms.cmi5.rules.may_manage)"
_LEDGER = "rows added to a department's ledger, never changed; about no person"
_PENALTY = (
    "a Commission member proposes; another decides, a third re-decides the officer's appeal "
    "(tests/api/test_sevottam_penalties.py, tests/lms/sevottam)"
)
EXEMPT = {
    ("POST", "/api/v1/sevottam/grievances/{grievance_id}/penalties"): _PENALTY,
    ("POST", "/api/v1/sevottam/penalties/{case_id}/decision"): _PENALTY,
    ("POST", "/api/v1/sevottam/penalties/{case_id}/redecision"): _PENALTY,
    ("POST", "/api/v1/hr/allocation-orders"): "a draft assigns work, not levels or service records; in scope",
    ("POST", "/api/v1/hr/allocation-orders/{order_id}/publish"): "assigns roles (needs), no level or record",
    ("POST", "/api/v1/hr/allocation-orders/{order_id}/archive"): "ends an allocation; no level or record",
    ("POST", "/api/v1/hr/vacancies/{vacancy_id}/notices"): "shows a vacancy to officials; no record changes",
    ("POST", "/api/v1/auth/token"): "signing in changes no record",
    ("POST", "/api/v1/organisations"): "organisations are not people; organisations:manage in scope",
    ("POST", "/api/v1/api-clients"): "API clients hold no grant over people (Role.API_CLIENT)",
    ("DELETE", "/api/v1/api-clients/{client_id}"): "revoking an API client changes no person's record",
    ("POST", "/api/v1/competencies"): _AUTHORING,
    ("PATCH", "/api/v1/competencies/{competency_id}"): _AUTHORING,
    ("POST", "/api/v1/frac/imports"): _AUTHORING,
    ("POST", "/api/v1/frac/suggestions"): _AUTHORING,
    ("POST", "/api/v1/frac/roles/{role_id}/suggestions"): _AUTHORING,
    ("POST", "/api/v1/frac/suggestions/{suggestion_id}/decision"): "an author accepts a suggested link "
    "into their own draft; the draft then passes L1 and L2 review by others (frac review row)",
    ("POST", "/api/v1/frac/versions"): "publishes only nodes verified by two other reviewers "
    "(frac review row); needs frac:publish platform-wide",
    ("POST", "/api/v1/courses"): _AUTHORING,
    ("PATCH", "/api/v1/courses/{course_id}"): _AUTHORING,
    ("PUT", "/api/v1/courses/{course_id}/competencies/{competency_id}"): _AUTHORING,
    ("DELETE", "/api/v1/courses/{course_id}/competencies/{competency_id}"): _AUTHORING,
    ("POST", "/api/v1/courses/{course_id}/competencies/suggestions"): _AUTHORING,
    (
        "POST",
        "/api/v1/courses/{course_id}/enrolments",
    ): "enrolling oneself records no level and no completion",
    ("PUT", "/api/v1/courses/{course_id}/rating"): "a learner's opinion of a course, about no person",
    ("POST", "/api/v1/content-requests"): "a request for content, about no person",
    ("POST", "/api/v1/content-requests/{request_id}/answers"): "a provider's answer, about no person",
    ("POST", "/api/v1/questions"): _AUTHORING,
    ("POST", "/api/v1/questions/{question_id}/versions"): _AUTHORING,
    ("POST", "/api/v1/questions/{question_id}/retirement"): _AUTHORING,
    ("POST", "/api/v1/question-banks/quml"): _AUTHORING,
    ("POST", "/api/v1/assessments"): _AUTHORING,
    ("POST", "/api/v1/assessments/{assessment_id}/publication"): _AUTHORING,
    ("POST", "/api/v1/assessments/{assessment_id}/attempts"): _OWN_TEST,
    ("POST", "/api/v1/attempts/{attempt_id}/submission"): _OWN_TEST,
    ("POST", "/api/v1/level-tests"): _OWN_TEST,
    ("POST", "/api/v1/level-tests/{test_id}/responses"): _OWN_TEST,
    ("POST", "/api/v1/me/not-relevant"): "the caller's own feedback on recommendations, no record of levels",
    ("DELETE", "/api/v1/me/not-relevant/{course_id}"): "the caller's own feedback on recommendations",
    # Decisions: who may decide, appeal and re-decide is ruled in lms/decisions/powers.py (nobody decides
    # their own case, their reportee's, or re-decides their own decision), proved in tests/lms/decisions.
    ("POST", "/api/v1/decisions/{decision_id}/decide"): _DECISIONS,
    ("POST", "/api/v1/decisions/{decision_id}/appeal"): "only the official concerned, within the period "
    "(tests/lms/decisions)",
    ("POST", "/api/v1/decisions/{decision_id}/redecide"): _DECISIONS,
    ("POST", "/api/v1/hr/probation/decisions"): _DECISIONS,
    (
        "POST",
        "/api/v1/hr/probation/proposals",
    ): "the system proposes; no person decides (tests/lms/decisions)",
    ("POST", "/api/v1/hr/probation/rules"): "a versioned rule set of a service, about no person",
    ("POST", "/api/v1/hr/vacancies"): "opens a vacancy for a position; about no person",
    ("POST", "/api/v1/plans/{plan_id}/decision"): _PLANS,
    ("POST", "/api/v1/plans/{plan_id}/appeal"): _PLANS,
    ("POST", "/api/v1/plans/{plan_id}/redecision"): _PLANS,
    ("POST", "/api/v1/plans"): _PLAN_AUTHORING,
    ("POST", "/api/v1/plans/drafts"): _PLAN_AUTHORING,
    ("PUT", "/api/v1/plans/{plan_id}"): _PLAN_AUTHORING,
    ("POST", "/api/v1/plans/{plan_id}/submit"): _PLAN_AUTHORING,
    ("POST", "/api/v1/plans/{plan_id}/revisions"): _PLAN_AUTHORING,
    ("POST", "/api/v1/plans/{plan_id}/live"): "puts an approved plan in force; only after another's approval",
    ("POST", "/api/v1/plans/{plan_id}/retire"): "retires a department's plan; about no person",
    ("PUT", "/api/v1/priorities/{year}"): "the Commission's national priorities, versioned; about no person",
    ("POST", "/api/v1/kpis/{year}/runs"): "computes measures from records; changes no record",
    ("POST", "/api/v1/subscriptions/{organisation_id}/{year}/charge"): _LEDGER,
    ("POST", "/api/v1/subscriptions/{organisation_id}/{year}/adjustments"): _LEDGER,
    ("POST", "/api/v1/subscriptions/{organisation_id}/{year}/payments"): _LEDGER,
    ("POST", "/api/v1/sevottam/transactions"): "an office's service transactions; about no official",
    ("POST", "/api/v1/auth/password"): "sets one's own password from a single-use token mailed to one",
    ("POST", "/api/v1/cmi5/packages"): _AUTHORING,
    ("POST", "/api/v1/cmi5/tracked"): _AUTHORING,
    ("POST", "/api/v1/cmi5/courses/{course_id}/launch"): "a learner launches content they are enrolled in; "
    "the platform records what the content reports",
    ("POST", "/api/v1/cmi5/fetch/{session_id}/{secret}"): "hands the launched content its one-time token",
    ("POST", "/api/v1/cmi5/registrations/{registration_id}/waive"): _CMI5_MANAGE,
    ("POST", "/api/v1/cmi5/sessions/{session_id}/abandon"): _CMI5_MANAGE,
    ("POST", "/api/v1/auth/password-reset"): "mails a reset link to the address's owner; changes nothing",
    ("POST", "/api/v1/auth/totp"): "signing in (the second factor) changes no record",
    (
        "POST",
        "/api/v1/auth/totp/enrolment",
    ): "the signing-in official's own authenticator, no record of levels",
    ("POST", "/api/v1/me/totp"): "the caller's own authenticator, no record of levels",
    ("POST", "/api/v1/me/totp/confirmation"): "the caller's own authenticator, no record of levels",
}

# CLI commands that change a person's record would be listed with their case like the routes; none
# does today, and each command here says why.
COMMANDS_EXEMPT = {
    "hr postings apply": "puts in force orders that named people decided; the operator's daily run",
    "serve": "runs the app, whose routes are in POWERS",
    "db upgrade": "schema only",
    "db downgrade": "schema only",
    "db current": "reads only",
    "demo": "seeds a demo database from nothing",
    "demo seed": "seeds a demo database from nothing",
    "clients create": "API clients hold no grant over people",
    "xapi clients create": "API clients hold no grant over people",
    "xapi project": "the platform projects learners' own statements; no person acts",
    "xapi import-telemetry": "imports learners' own statements; no person acts",
    "frac import": "authors the FRAC working copy; nodes still pass two reviewers",
    "frac export": "reads only",
    "frac validate": "reads only",
    "frac diff": "reads only",
    "frac publish": "publishes only nodes verified by two other reviewers; needs frac:publish platform-wide",
    "competencies link": "reads only",
    "catalogue embed": "embeddings of published courses; no person's record",
    "profiles verify-chain": "reads only",
    "profiles audit-powers": "reads only: proposes for review what the old rules let one person make alone",
    "credentials verify": "reads only",
    "credentials issue-demo": "the operator's demo issue of a platform-completed enrolment, as the platform",
    "credentials rotate-key": "the issuer's key, no person's record",
    "credentials follow": "credentials follow levels already verified, as the platform; no person decides",
    "credentials withdraw-key": "the issuer's key, no person's record",
    "recommend": "reads and caches recommendations; no record of levels",
    "config check": "reads only",
    "config docs": "reads only",
    "setup": "creates the first organisations and administrator, once",
    "people import": "the HR cell's import of its HRMS records; the operator acts for the department",
    "people invite": "mails set-password links; changes no record",
    "hr decisions verify": "reads only",
    "hr probation due": "reads only",
    "hr probation propose": "the system proposes; no person decides",
    "hr vacancies rank": "reads only",
    "plans draft": "a draft plan, binding only after the Commission's approval",
    "kpis compute": "computes measures; changes no record",
    "reports build": "writes reports; changes no record",
    "sevottam escalate": "moves overdue grievances up by rule; decides none",
    "sevottam import-transactions": "an office's service transactions; about no official",
    "sevottam link": "links grievance texts to competencies; changes no record",
    "backup": "copies the database and the secret key; changes nothing",
    "restore": "into an empty database only: restores records as they were, made by whom they were",
}


def _mutating_routes(world: World) -> set[tuple[str, str]]:
    paths = world.client.get("/openapi.json").json()["paths"]
    return {
        (method.upper(), path)
        for path, operations in paths.items()
        for method in operations
        if path.startswith("/api/v1/") and method.upper() in ("POST", "PUT", "PATCH", "DELETE")
    }


def test_every_mutating_route_is_listed(world: World) -> None:
    routes = _mutating_routes(world)
    listed = {(p.method, p.path) for p in POWERS}
    assert not listed & EXEMPT.keys(), "a route is either bound by rules or exempt, not both"
    assert routes - listed - EXEMPT.keys() == set(), "add the new route to POWERS (or EXEMPT, saying why)"
    assert (listed | EXEMPT.keys()) - routes == set(), "the table names routes the app no longer has"


def _commands(app: typer.Typer, prefix: str = "") -> Iterator[str]:
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__.replace("_", "-") if command.callback else "")
        yield f"{prefix}{name}"
    for group in app.registered_groups:
        assert group.typer_instance is not None
        name = group.name or ""
        if (
            group.typer_instance.registered_callback
            and group.typer_instance.registered_callback.invoke_without_command
        ):
            yield f"{prefix}{name}"
        yield from _commands(group.typer_instance, f"{prefix}{name} ")


def test_every_command_is_listed() -> None:
    commands = set(_commands(cli_app))
    assert commands - COMMANDS_EXEMPT.keys() == set(), "add the new command to the table, saying why"
    assert COMMANDS_EXEMPT.keys() - commands == set(), "the table names commands the CLI no longer has"


@pytest.mark.parametrize("power", POWERS, ids=lambda p: f"{p.method} {p.path} {p.rule}")
def test_each_power_keeps_its_rule(powers: Powers, power: Power) -> None:
    power.case(powers)


# ---- the reproductions of issue 14, each failing on the old rules ------------------------------------


def test_an_hr_cell_cannot_certify_itself(powers: Powers) -> None:
    """Enrol, complete, confirm a level and take a certificate, all about oneself: each step is refused."""
    p, hr = powers, powers.a.people["hr"]
    r = p.call(hr, "POST", f"/courses/{p.a.published_course}/enrolments")
    assert r.status_code == 201, r.text
    enrolment = r.json()["id"]
    p.refused(p.call(hr, "POST", f"/enrolments/{enrolment}/completion"), words="themselves")
    p.refused(p.evidence(hr, hr, 3, "hr_confirmation"), words="themselves")
    # A completion the old rules let the HR cell mark itself is not certified either.
    with p.db.transaction() as session:
        session.execute(
            update(Enrolment)
            .where(Enrolment.id == uuid.UUID(enrolment))
            .values(status="completed", completed_by=hr)
        )
    p.refused(p.call(hr, "POST", "/credentials", json={"enrolment_id": enrolment}), words="yourself")
    lines = p.call(hr, "GET", f"/users/{hr}/profile").json()
    assert all(line["standing"] != "verified" for line in lines)


def test_an_hr_cell_cannot_lock_out_a_platform_admin_in_its_organisation(powers: Powers) -> None:
    p = powers
    r = p.call(p.a.people["hr"], "PATCH", f"/users/{p.seated_admin}", json={"is_active": False})
    p.refused(r, words="beyond your scope")
    assert p.call(p.seated_admin, "GET", f"/users/{p.seated_admin}").json()["is_active"] is True


def test_a_supervisor_cannot_confirm_their_own_rating(powers: Powers) -> None:
    p = powers
    boss, learner = p.a.people["supervisor"], p.a.people["learner"]
    assert p.evidence(boss, learner, 5, "supervisor_rating").status_code == 201
    p.refused(p.evidence(boss, learner, 5, "supervisor_rating"), words="different official")
    line = next(
        line for line in p.call(learner, "GET", f"/users/{learner}/profile").json() if line["level"] == 5
    )
    assert line["standing"] == "proposed"


def test_a_supervisor_reads_only_their_reportees(powers: Powers) -> None:
    p = powers
    boss, learner, colleague = p.a.people["supervisor"], p.a.people["learner"], p.a.people["colleague"]
    for path in ("enrolments", "profile", "evidence", "gaps"):
        assert p.call(boss, "GET", f"/users/{learner}/{path}").status_code == 200, path
        p.refused(p.call(boss, "GET", f"/users/{colleague}/{path}"), 404)
    assert p.call(boss, "GET", f"/users/{learner}").json()["service_record"] is not None
    directory = p.call(boss, "GET", f"/users/{colleague}")
    assert directory.status_code == 200 and directory.json()["service_record"] is None
    certificates = {}
    for official in (learner, colleague):
        enrolment = p.enrolment(official, "completed")
        r = p.call(official, "POST", "/credentials", json={"enrolment_id": str(enrolment)})
        certificates[official] = r.json()["id"]
    listed = {c["id"] for c in p.call(boss, "GET", "/credentials").json()["items"]}
    assert listed == {certificates[learner]}
    p.refused(p.call(boss, "GET", f"/credentials/{certificates[colleague]}"), 404)
    # A reportee's reportee is the supervisor's too: the chain, not only the first link.
    hr = p.a.people["hr"]
    assert p.call(hr, "PATCH", f"/users/{colleague}", json={"supervisor_id": str(learner)}).status_code == 200
    assert p.call(boss, "GET", f"/users/{colleague}/profile").status_code == 200
    listed = {c["id"] for c in p.call(boss, "GET", "/credentials").json()["items"]}
    assert listed == set(certificates.values())
    # HR cells keep their organisation-wide reading.
    assert p.call(hr, "GET", f"/users/{p.a.people['nobody']}/enrolments").status_code == 200


def test_a_supervisor_chain_cannot_loop(powers: Powers) -> None:
    p = powers
    hr, learner, boss = p.a.people["hr"], p.a.people["learner"], p.a.people["supervisor"]
    r = p.call(hr, "PATCH", f"/users/{boss}", json={"supervisor_id": str(learner)})
    p.refused(r, 422, "loop")
    assert "supervisor_id" in r.json()["detail"]
    colleague = p.a.people["colleague"]
    assert p.call(hr, "PATCH", f"/users/{colleague}", json={"supervisor_id": str(learner)}).status_code == 200
    p.refused(p.call(hr, "PATCH", f"/users/{boss}", json={"supervisor_id": str(colleague)}), 422, "loop")


def test_drafts_open_to_their_provider_only(powers: Powers) -> None:
    p = powers
    draft = p.a.draft_course
    for outsider in ("hr", "frac_l1", "frac_l2", "learner"):
        p.refused(p.call(p.a.people[outsider], "GET", f"/courses/{draft}"), 404)
        listed = p.call(p.a.people[outsider], "GET", "/courses", params={"limit": 200}).json()["items"]
        assert str(draft) not in {c["id"] for c in listed}, outsider
    assert p.call(p.a.people["creator"], "GET", f"/courses/{draft}").status_code == 200
    assert p.call(p.world.admin, "GET", f"/courses/{draft}").status_code == 200
    assert p.call(p.a.people["hr"], "GET", f"/courses/{p.a.published_course}").status_code == 200


def test_reviews_name_reviewers_only_within_their_organisation(powers: Powers) -> None:
    p = powers
    learner, course = p.a.people["learner"], p.a.published_course
    r = p.call(
        learner, "PUT", f"/courses/{course}/rating", json={"stars": 4, "review": "Useful on GeM bids."}
    )
    assert r.status_code == 200, r.text
    own = p.call(p.a.people["colleague"], "GET", f"/courses/{course}/reviews").json()
    other = p.call(p.world.b.people["learner"], "GET", f"/courses/{course}/reviews").json()
    assert own[0]["reviewer"].startswith("Official ") and other[0]["reviewer"] is None
    assert all(str(learner) not in str(review) for review in own + other)
    assert "user_id" not in other[0]


def test_course_versions_of_a_draft_are_closed_to_outsiders(powers: Powers) -> None:
    p = powers
    p.refused(p.call(p.a.people["hr"], "GET", f"/courses/{p.a.draft_course}/versions"), 404)
    assert p.call(p.a.people["creator"], "GET", f"/courses/{p.a.draft_course}/versions").status_code == 200


# ---- requirement 7: the audit of what the old rules let one person make -----------------------------


def test_the_audit_proposes_self_made_and_lone_levels_for_review_and_changes_nothing(
    powers: Powers, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Data made as the old rules allowed: written through the store, as the old routes wrote it."""
    p, S = powers, EvidenceSource
    hr, boss, learner = p.a.people["hr"], p.a.people["supervisor"], p.a.people["learner"]
    b_learner, b_peer, b_boss = (p.world.b.people[k] for k in ("learner", "colleague", "supervisor"))
    own = p.enrolment(hr, "completed")  # the HR cell marked its own completion: no marker was kept then
    with p.db.transaction() as session:
        proposal = store.record(session, hr, p.competency, 3, S.COURSE_COMPLETION, f"enrolment:{own}", None)
        store.record(session, hr, p.competency, 3, S.HR_CONFIRMATION, f"evidence:{proposal.id}", hr)
        store.record(session, learner, p.competency, 5, S.SUPERVISOR_RATING, f"user:{boss}", boss)
        store.record(session, learner, p.competency, 5, S.SUPERVISOR_RATING, f"user:{boss}", boss)
        b_competency = session.scalar(select(Competency.id).where(Competency.name == "Public Procurement B"))
        peer = store.record(session, b_learner, b_competency, 3, S.PEER_VALIDATION, f"user:{b_peer}", b_peer)
        store.record(session, b_learner, b_competency, 3, S.SUPERVISOR_RATING, f"evidence:{peer.id}", b_boss)
    levels.follow_due(p.db, p.world.client.app.state.settings)  # as the server does after the old routes
    r = p.call(hr, "POST", "/credentials", json={"enrolment_id": str(own)})
    assert r.status_code == 201, r.text
    credential = r.json()["id"]

    def snapshot() -> list[tuple[object, ...]]:
        with p.db.transaction() as session:
            lines = session.execute(select(ProfileLine.user_id, ProfileLine.level, ProfileLine.standing))
            evidence = session.scalar(select(func.count()).select_from(EvidenceRecord))
            revoked = session.scalar(select(func.count()).where(IssuedCredential.revoked_at.is_not(None)))
            return [*sorted(map(tuple, lines)), (evidence, revoked)]

    before = snapshot()
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", p.db.url)
    out = tmp_path / "audit.json"
    result = CliRunner().invoke(cli_app, ["profiles", "audit-powers", "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report == json.loads(result.stdout)
    assert "nothing was changed" in result.stderr
    assert snapshot() == before
    assert report["changed"] is False
    # The certificate of the self-marked completion, and the competency-level badges that followed the
    # two levels made alone (signed once a level is verified and its change committed).
    assert report["found"] == {"verified_level": 2, "completion": 1, "credential": 3}
    found = {(x["kind"], x["user_id"], x["finding"]) for x in report["proposals"]}
    assert found == {
        ("verified_level", str(hr), "self_made"),
        ("verified_level", str(learner), "confirmed_alone"),
        ("completion", str(hr), "maybe_self_marked"),
        ("credential", str(hr), "rests_on_review"),
        ("credential", str(learner), "rests_on_review"),
    }
    assert credential in {x["id"] for x in report["proposals"] if x["kind"] == "credential"}
    lone = next(x for x in report["proposals"] if x["finding"] == "confirmed_alone")
    assert lone["people"] == [str(boss)] and len(lone["evidence_ids"]) == 2


def test_the_demo_reproductions_of_the_issue_are_refused(demo: Any) -> None:
    """As in issue 14, with the demo's own accounts: HR of the host department against the admin,
    and a supervisor against an official of their organisation whom they do not supervise."""
    with demo.db.transaction() as session:
        admin = session.scalar(select(User).where(User.email == f"admin@{DOMAIN}"))
        admin_path = session.scalar(select(Organisation.path).where(Organisation.id == admin.organisation_id))
        hr = session.scalar(
            select(User.email)
            .join(Grant, Grant.user_id == User.id)
            .join(Organisation, Organisation.id == Grant.organisation_id)
            .where(Grant.role == "hr_cell", text(":path LIKE organisation.path || '%'"))
            .params(path=admin_path)
        )
        boss, scope = session.execute(
            select(User, Grant.organisation_id)
            .join(Grant, Grant.user_id == User.id)
            .where(Grant.role == "supervisor")
            .order_by(User.email)
            .limit(1)
        ).one()
        boss_path = session.scalar(select(Organisation.path).where(Organisation.id == scope))
        chain = set(session.scalars(reportees(boss.id)))
        stranger = session.scalar(
            select(User.id)
            .join(Organisation, Organisation.id == User.organisation_id)
            .where(Organisation.path.startswith(boss_path), User.id != boss.id, User.id.not_in(chain))
            .limit(1)
        )
        boss_email, admin_id = boss.email, admin.id
    assert hr is not None and stranger is not None
    client = demo.client
    r = client.patch(f"/api/v1/users/{admin_id}", json={"is_active": False}, headers=demo.login(hr))
    assert r.status_code == 403, r.text
    assert demo.login(f"admin@{DOMAIN}")  # the administrator still signs in
    headers = demo.login(boss_email)
    for path in ("profile", "enrolments", "gaps"):
        assert client.get(f"/api/v1/users/{stranger}/{path}", headers=headers).status_code == 404, path
    assert client.get(f"/api/v1/users/{stranger}", headers=headers).json()["service_record"] is None
