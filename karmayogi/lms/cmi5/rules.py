"""The LMS side of cmi5's statement rules (cmi5 §9.3, §10, §11) for statements an AU sends with its
session token, and what the LMS writes in answer: abandoned, waived and satisfied.

A batch is checked whole before anything is stored (`check`), and refused with 403 if any statement
breaks a rule: a statement before "initialized" or after "terminated", another actor or registration
than the token's, a verb only the LMS may use, a second "completed" or "passed" in the registration,
a verdict outside Normal launch mode, a "passed" below the mastery score or a "failed" at or above it.
Once stored (`apply`), the session and the registration record what the AU said, and moveOn is
evaluated (`evaluate`): an AU whose moveOn criteria are met is satisfied, a block when all its
children are, the course when all its children are. Satisfying the course completes the learner's
enrolment, which records the evidence it gives as any completion does (the learner asks for the
completion certificate; a level the evidence verifies has its credential follow after the commit).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.cmi5.launch import PREFERENCES, SessionGrant, actor_of, lms_ids
from karmayogi.lms.cmi5.statements import (
    CATEGORY,
    MOVEON_CATEGORY,
    SESSION_ID,
    VERB_NAMES,
    cmi5_statement,
    store_lms_statements,
)
from karmayogi.lms.config import Settings
from karmayogi.lms.db import utcnow
from karmayogi.lms.enrolments import mark_completed
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.organisations import path_of
from karmayogi.lms.orm import Enrolment, User
from karmayogi.lms.orm.cmi5 import Cmi5Package, Cmi5Registration, Cmi5Session
from karmayogi.lms.permissions import Permission, Principal, act_on_person
from karmayogi.lms.xapi import emitting
from karmayogi.lms.xapi.emitting import Platform
from karmayogi.lms.xapi.statements import agent_key

REASONS = ("Tested Out", "Equivalent AU", "Equivalent Outside Activity", "Administrative")
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
LMS_ONLY = frozenset({"launched", "abandoned", "waived", "satisfied"})
VERDICTS = ("completed", "passed", "failed")
BLOCK_TYPE = "https://w3id.org/xapi/cmi5/activitytype/block"
COURSE_TYPE = "https://w3id.org/xapi/cmi5/activitytype/course"


class SessionRuleBroken(PermissionDenied):
    """A statement an AU may not send now (cmi5 asks the LMS to refuse it with 403 Forbidden)."""


def _verb(statement: dict[str, Any]) -> str | None:
    return VERB_NAMES.get(str(statement.get("verb", {}).get("id", "")))


def check(session: Session, grant: SessionGrant, statements: list[dict[str, Any]]) -> None:
    """Refuse the whole batch if any statement breaks the session's rules; changes nothing."""
    # The registration first, then the session: the order a launch takes them in (it abandons the open
    # sessions of the registration it holds). The other order deadlocked a launch against the previous
    # session's last statements on PostgreSQL (CATAPULT's 007-1-multi-session, now and then).
    registration = session.get(Cmi5Registration, grant.registration_id, with_for_update=True)
    au_session = session.get(Cmi5Session, grant.session_id, with_for_update=True)
    assert au_session is not None and registration is not None
    package = session.get(Cmi5Package, registration.package_id)
    assert package is not None
    au = _au(package, au_session.au_id)
    initialized = au_session.initialized_at is not None
    terminated = au_session.terminated_at is not None or au_session.abandoned_at is not None
    said = set(au_session.verdicts)
    reached = dict(registration.au_status.get(au_session.au_id, {}))
    for index, statement in enumerate(statements):
        where = f"statement {index}"
        _check_shape(where, grant, statement)
        verb = _verb(statement)
        if terminated:
            raise SessionRuleBroken(f"{where}: the session has ended; nothing may follow 'terminated'")
        if verb in LMS_ONLY:
            raise SessionRuleBroken(f"{where}: only the LMS may send '{verb}'")
        if au_session.preferences_read_at is None:
            raise SessionRuleBroken(f"{where}: read the learner preferences ({PREFERENCES}) first")
        if not initialized and verb != "initialized":
            raise SessionRuleBroken(f"{where}: the first statement of a session must be 'initialized'")
        if verb is None:
            continue  # cmi5 allowed statements: anything else, inside the session
        if statement.get("object", {}).get("id") != grant.activity_id:
            raise SessionRuleBroken(
                f"{where}: a cmi5 defined statement is about this AU ({grant.activity_id})"
            )
        if verb == "initialized" and initialized:
            raise SessionRuleBroken(f"{where}: the session is already initialized")
        initialized = True
        if verb in VERDICTS:
            if au_session.launch_mode != "Normal":
                raise SessionRuleBroken(f"{where}: '{verb}' is not allowed in {au_session.launch_mode} mode")
            if verb in said or (verb in ("completed", "passed") and reached.get(verb)):
                raise SessionRuleBroken(f"{where}: '{verb}' was already sent in this registration")
            if verb == "failed" and reached.get("passed"):
                raise SessionRuleBroken(f"{where}: 'failed' cannot follow 'passed' in a registration")
            if verb == "passed" and "failed" in said:
                raise SessionRuleBroken(f"{where}: 'passed' cannot follow 'failed' in a session")
            _check_verdict(where, verb, statement, au.get("masteryScore"))
            said.add(verb)
            reached[verb] = True
        if verb in ("completed", "passed", "failed", "terminated") and not statement.get("result", {}).get(
            "duration"
        ):
            raise SessionRuleBroken(f"{where}: '{verb}' needs result.duration")
        if verb == "terminated":
            terminated = True


def _check_shape(where: str, grant: SessionGrant, statement: dict[str, Any]) -> None:
    """What every statement of an AU carries (cmi5 §9): its id, a UTC timestamp, the session's actor,
    registration and session id, and the categories that fit its verb."""
    if "id" not in statement:
        raise SessionRuleBroken(f"{where}: an AU's statement carries its own id")
    timestamp = str(statement.get("timestamp", ""))
    if not timestamp.endswith(("Z", "+00:00")):
        raise SessionRuleBroken(f"{where}: an AU's statement carries a UTC timestamp")
    actor = statement.get("actor", {})
    if actor.get("objectType", "Agent") != "Agent" or agent_key(actor) != grant.actor_key:
        raise SessionRuleBroken(f"{where}: the actor is not the one this session was launched for")
    context = statement.get("context", {})
    if str(context.get("registration", "")).lower() != str(grant.registration_id):
        raise SessionRuleBroken(f"{where}: context.registration must be this session's registration")
    if str(context.get("extensions", {}).get(SESSION_ID, "")) != str(grant.session_id):
        raise SessionRuleBroken(f"{where}: the sessionid extension must be this session's id")
    verb = _verb(statement)
    if statement.get("verb", {}).get("id") == VOIDED:
        raise SessionRuleBroken(f"{where}: an AU may not void statements")
    categories = {c.get("id") for c in context.get("contextActivities", {}).get("category", [])}
    if (verb is not None) != (CATEGORY in categories):
        raise SessionRuleBroken(
            f"{where}: the cmi5 category is for cmi5 defined statements, and they need it"
        )
    if (verb in VERDICTS) != (MOVEON_CATEGORY in categories):
        raise SessionRuleBroken(
            f"{where}: the moveOn category is for completed, passed and failed, which need it"
        )


def _check_verdict(where: str, verb: str, statement: dict[str, Any], mastery: float | None) -> None:
    result = statement.get("result", {})
    if verb == "completed":
        if result.get("completion") is not True:
            raise SessionRuleBroken(f"{where}: 'completed' needs result.completion true")
        if "success" in result or "score" in result:
            raise SessionRuleBroken(f"{where}: 'completed' carries neither result.success nor a score")
        return
    if "completion" in result:
        raise SessionRuleBroken(f"{where}: '{verb}' carries no result.completion")
    if result.get("success") is not (verb == "passed"):
        raise SessionRuleBroken(f"{where}: '{verb}' needs result.success {str(verb == 'passed').lower()}")
    score = result.get("score", {})
    if "raw" in score and ("min" not in score or "max" not in score):
        raise SessionRuleBroken(f"{where}: a raw score needs min and max")
    if mastery is not None:
        given = statement.get("context", {}).get("extensions", {}).get(MASTERY)
        if given != mastery:
            raise SessionRuleBroken(f"{where}: the masteryscore extension must be the AU's, {mastery}")
        scaled = score.get("scaled")
        if scaled is not None and verb == "passed" and scaled < mastery:
            raise SessionRuleBroken(f"{where}: 'passed' with a score below the mastery score {mastery}")
        if scaled is not None and verb == "failed" and scaled >= mastery:
            raise SessionRuleBroken(f"{where}: 'failed' with a score at or above the mastery score {mastery}")


def apply(
    session: Session, settings: Settings, grant: SessionGrant, statements: list[dict[str, Any]]
) -> None:
    """Record what a stored batch said in its session and registration, then evaluate moveOn."""
    au_session = session.get(Cmi5Session, grant.session_id)
    registration = session.get(Cmi5Registration, grant.registration_id, with_for_update=True)
    assert au_session is not None and registration is not None
    now = utcnow()
    au_session.last_activity_at = now
    status = {k: dict(v) for k, v in registration.au_status.items()}
    reached = status.setdefault(au_session.au_id, {})
    verdicts = list(au_session.verdicts)
    for statement in statements:
        verb = _verb(statement)
        if verb == "initialized":
            au_session.initialized_at = au_session.initialized_at or now
        elif verb in VERDICTS:
            verdicts.append(verb)
            reached[verb] = True
        elif verb == "terminated":
            au_session.terminated_at = now
    au_session.verdicts = verdicts
    registration.au_status = status
    session.flush()
    user = session.get(User, registration.user_id)
    assert user is not None
    evaluate(session, settings, registration, user, grant.session_id)


def _au(package: Cmi5Package, au_id: str) -> dict[str, Any]:
    from karmayogi.lms.cmi5.package import aus_of

    for au in aus_of(package.structure["children"]):
        if au["id"] == au_id:
            return au
    raise NotFound("au", au_id)


def _met(au: dict[str, Any], reached: dict[str, Any]) -> bool:
    if reached.get("waived"):
        return True
    completed, passed = bool(reached.get("completed")), bool(reached.get("passed"))
    return {
        "NotApplicable": True,
        "Completed": completed,
        "Passed": passed,
        "CompletedAndPassed": completed and passed,
        "CompletedOrPassed": completed or passed,
    }[au["moveOn"]]


def evaluate(
    session: Session,
    settings: Settings,
    registration: Cmi5Registration,
    user: User,
    session_id: uuid.UUID | None = None,
) -> None:
    """Write "satisfied" for every block and the course newly satisfied; complete the enrolment with
    the course. An AU is satisfied when its moveOn criteria are met."""
    package = session.get(Cmi5Package, registration.package_id)
    assert package is not None
    platform = Platform(settings.public_url)
    actor = actor_of(platform, user)
    ids = lms_ids(package, settings.public_url)
    status = {k: dict(v) for k, v in registration.au_status.items()}
    satisfied = set(registration.satisfied)
    written: list[dict[str, Any]] = []
    now = utcnow()

    def walk(children: Iterable[dict[str, Any]]) -> bool:
        every = True
        for child in children:
            if child["type"] == "au":
                ok = _met(child, status.get(child["id"], {}))
                if ok:
                    status.setdefault(child["id"], {})["satisfied"] = True
            else:
                ok = walk(child["children"])
                if ok and child["id"] not in satisfied:
                    satisfied.add(child["id"])
                    written.append(
                        _satisfied(
                            actor, ids[child["id"]], child["id"], BLOCK_TYPE, registration.id, session_id, now
                        )
                    )
            every = every and ok
        return every

    course_done = walk(package.structure["children"])
    if course_done and package.course_iri not in satisfied:
        satisfied.add(package.course_iri)
        written.append(
            _satisfied(
                actor,
                ids[package.course_iri],
                package.course_iri,
                COURSE_TYPE,
                registration.id,
                session_id,
                now,
            )
        )
    registration.au_status = status
    registration.satisfied = sorted(satisfied)
    session.flush()
    store_lms_statements(session, platform, registration.organisation_id, written)
    if course_done:
        _complete_enrolment(session, platform, registration, package)


def _satisfied(
    actor: dict[str, Any],
    activity_id: str,
    publisher_id: str,
    kind: str,
    registration: uuid.UUID,
    session_id: uuid.UUID | None,
    at: datetime,
) -> dict[str, Any]:
    return cmi5_statement(
        actor,
        "satisfied",
        {"id": activity_id, "definition": {"type": kind}},
        registration,
        session_id,
        publisher_id,
        at,
        moveon=True,
    )


def _complete_enrolment(
    session: Session, platform: Platform, registration: Cmi5Registration, package: Cmi5Package
) -> None:
    enrolment = session.scalar(
        select(Enrolment)
        .where(Enrolment.user_id == registration.user_id, Enrolment.course_id == package.course_id)
        .with_for_update()
    )
    if enrolment is None or enrolment.status != "in_progress":
        return
    mark_completed(session, enrolment)
    emitting.on_completed(session, platform, enrolment)


def abandon(session: Session, settings: Settings, au_session: Cmi5Session, user: User) -> None:
    """Close a session the AU left without "terminated", and say so with "abandoned"."""
    registration = session.get(Cmi5Registration, au_session.registration_id)
    assert registration is not None
    package = session.get(Cmi5Package, registration.package_id)
    assert package is not None
    now = utcnow()
    au_session.abandoned_at = now
    seconds = max(0.0, (au_session.last_activity_at - au_session.launched_at).total_seconds())
    statement = cmi5_statement(
        actor_of(Platform(settings.public_url), user),
        "abandoned",
        {"id": lms_ids(package, settings.public_url)[au_session.au_id]},
        registration.id,
        au_session.id,
        au_session.au_id,
        now,
        result={"duration": f"PT{seconds:.2f}S"},
    )
    session.flush()
    store_lms_statements(session, Platform(settings.public_url), registration.organisation_id, [statement])


def abandon_open_sessions(
    session: Session, settings: Settings, registration: Cmi5Registration, user: User
) -> None:
    """A new launch ends every session of the registration still open (cmi5 §9.3.8)."""
    open_sessions = session.scalars(
        select(Cmi5Session).where(
            Cmi5Session.registration_id == registration.id,
            Cmi5Session.terminated_at.is_(None),
            Cmi5Session.abandoned_at.is_(None),
        )
    ).all()
    for au_session in open_sessions:
        abandon(session, settings, au_session, user)


def may_manage(session: Session, principal: Principal, registration_id: uuid.UUID) -> None:
    """Waiving and abandoning are for HR cells over the learner, as marking a completion is."""
    path = path_of(session, Cmi5Registration, registration_id, "registration")
    if not principal.can(Permission.LEARNING_RECORDS_READ, path):
        raise NotFound("registration", registration_id)
    if not principal.can(Permission.PEOPLE_MANAGE, path):
        raise PermissionDenied("you need people:manage over the learner's organisation")
    learner = session.scalar(select(Cmi5Registration.user_id).where(Cmi5Registration.id == registration_id))
    assert learner is not None
    act_on_person(session, principal, learner, Permission.PEOPLE_MANAGE, "waive or abandon their learning")


def abandon_session(
    session: Session, settings: Settings, principal: Principal, session_id: uuid.UUID
) -> None:
    au_session = session.get(Cmi5Session, session_id, with_for_update=True)
    if au_session is None:
        raise NotFound("cmi5 session", session_id)
    may_manage(session, principal, au_session.registration_id)
    if au_session.terminated_at is not None or au_session.abandoned_at is not None:
        raise Conflict("session", "the session has already ended")
    registration = session.get(Cmi5Registration, au_session.registration_id)
    assert registration is not None
    user = session.get(User, registration.user_id)
    assert user is not None
    abandon(session, settings, au_session, user)


def waive(
    session: Session,
    settings: Settings,
    principal: Principal,
    registration_id: uuid.UUID,
    au_index: int,
    reason: str,
) -> None:
    """Waive an AU of a registration (cmi5 §9.3.7): "waived", then moveOn as if it were met."""
    from karmayogi.lms.cmi5.launch import au_at

    if reason not in REASONS:
        raise InvalidInput(
            "reason", "must be Tested Out, Equivalent AU, Equivalent Outside Activity or Administrative"
        )
    may_manage(session, principal, registration_id)
    registration = session.get(Cmi5Registration, registration_id, with_for_update=True)
    assert registration is not None
    package = session.get(Cmi5Package, registration.package_id)
    user = session.get(User, registration.user_id)
    assert package is not None and user is not None
    au = au_at(package, au_index)
    status = {k: dict(v) for k, v in registration.au_status.items()}
    if status.get(au["id"], {}).get("satisfied"):
        raise Conflict("au", "the AU is already satisfied")
    status.setdefault(au["id"], {})["waived"] = True
    registration.au_status = status
    session.flush()
    waive_session = uuid.uuid4()  # a session of its own, shared only with the satisfied it causes
    statement = cmi5_statement(
        actor_of(Platform(settings.public_url), user),
        "waived",
        {"id": lms_ids(package, settings.public_url)[au["id"]]},
        registration.id,
        waive_session,
        au["id"],
        utcnow(),
        result={
            "success": True,
            "completion": True,
            "extensions": {"https://w3id.org/xapi/cmi5/result/extensions/reason": reason},
        },
        moveon=True,
    )
    store_lms_statements(session, Platform(settings.public_url), registration.organisation_id, [statement])
    evaluate(session, settings, registration, user, waive_session)
