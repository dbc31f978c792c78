"""Launching an AU (cmi5 §8): a registration per learner and package, a session per launch, the launch
URL, the `LMS.LaunchData` state document, the one-time fetch URL and the "launched" statement.

Secrets. The fetch URL carries a random secret that works once; answering it hands out the LRS token
(cmi5's `auth-token`, sent back as `Authorization: Basic <token>`, i.e. the user `cmi5` and the
secret). Only digests of both are stored. The token expires after `TOKEN_TTL` and reaches only
its own session: statements of its actor and registration, and that session's state documents.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.cmi5.package import aus_of
from karmayogi.lms.cmi5.statements import CMI5, cmi5_statement, store_lms_statements
from karmayogi.lms.config import Settings
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unauthenticated
from karmayogi.lms.orm import Enrolment, User
from karmayogi.lms.orm.cmi5 import Cmi5Package, Cmi5Registration, Cmi5Session
from karmayogi.lms.xapi import documents
from karmayogi.lms.xapi.emitting import Platform
from karmayogi.lms.xapi.statements import agent_key

TOKEN_TTL = timedelta(hours=2)
FETCH_TTL = timedelta(minutes=10)
LAUNCH_MODES = ("Normal", "Browse", "Review")
TOKEN_USER = "cmi5"
CONTENT_PREFIX = "/content"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Launch:
    url: str
    session_id: uuid.UUID
    registration_id: uuid.UUID


def actor_of(platform: Platform, user: User) -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "name": user.full_name,
        "account": {"homePage": platform.public_url, "name": str(user.id)},
    }


def lms_ids(package: Cmi5Package, public_url: str) -> dict[str, str]:
    """The ids the LMS gives the course, its blocks and AUs in xAPI (cmi5 §8.1.4, §9.3.9: never the
    publisher's): the course is the platform's course IRI, and its parts are numbered beneath it."""
    course = Platform(public_url).course_iri(package.course_id)
    ids = {package.course_iri: course}
    counters = {"au": 0, "block": 0}

    def walk(children: list[dict[str, Any]]) -> None:
        for child in children:
            kind = child["type"]
            ids[child["id"]] = f"{course}/{kind}s/{counters[kind]}"
            counters[kind] += 1
            if kind == "block":
                walk(child["children"])

    walk(package.structure["children"])
    return ids


def au_at(package: Cmi5Package, au_index: int | None = None, au_id: str | None = None) -> dict[str, Any]:
    aus = aus_of(package.structure["children"])
    if au_id is not None:
        for au in aus:
            if au["id"] == au_id:
                return au
        raise NotFound("au", au_id)
    if au_index is None or not 0 <= au_index < len(aus):
        raise InvalidInput("au", f"the course has AUs 0 to {len(aus) - 1}")
    return aus[au_index]


def registration_for(
    session: Session, user: User, package: Cmi5Package, registration_id: uuid.UUID | None = None
) -> tuple[Cmi5Registration, bool]:
    """The learner's registration in the package, and whether it was made now, on first launch (with
    the id given, if any)."""
    found = session.scalar(
        select(Cmi5Registration)
        .where(Cmi5Registration.user_id == user.id, Cmi5Registration.package_id == package.id)
        .with_for_update()
    )
    if found is not None:
        if registration_id is not None and found.id != registration_id:
            raise Conflict("registration", "the learner already has another registration in this course")
        return found, False
    registration = Cmi5Registration(
        id=registration_id or uuid.uuid4(),
        user_id=user.id,
        package_id=package.id,
        organisation_id=user.organisation_id,
        au_status={},
        satisfied=[],
    )
    session.add(registration)
    session.flush()
    return registration, True


def launch(
    session: Session,
    settings: Settings,
    user: User,
    package: Cmi5Package,
    au_index: int | None = None,
    au_id: str | None = None,
    launch_mode: str = "Normal",
    registration_id: uuid.UUID | None = None,
    require_enrolment: bool = True,
) -> Launch:
    """Open a session of one AU for `user` and answer the URL to send their browser to.

    The learner must be enrolled in the package's course (`require_enrolment`: only the
    conformance harness, acting for outside actors, launches without).
    """
    from karmayogi.lms.cmi5 import rules  # rules write statements through this module's helpers

    if launch_mode not in LAUNCH_MODES:
        raise InvalidInput("launchMode", f"must be one of {', '.join(LAUNCH_MODES)}")
    if require_enrolment:
        enrolled = session.scalar(
            select(Enrolment.id).where(
                Enrolment.user_id == user.id,
                Enrolment.course_id == package.course_id,
                Enrolment.status != "withdrawn",
            )
        )
        if enrolled is None:
            raise PermissionDenied("you can launch only the courses you are enrolled in")
    au = au_at(package, au_index, au_id)
    platform = Platform(settings.public_url)
    registration, made = registration_for(session, user, package, registration_id)
    if made:  # moveOn is evaluated when the registration is made (NotApplicable AUs satisfy at once)
        rules.evaluate(session, settings, registration, user)
    rules.abandon_open_sessions(session, settings, registration, user)
    activity_id = lms_ids(package, settings.public_url)[au["id"]]
    fetch_secret = secrets.token_urlsafe(32)
    now = utcnow()
    au_session = Cmi5Session(
        registration_id=registration.id,
        au_id=au["id"],
        launch_mode=launch_mode,
        fetch_digest=digest(fetch_secret),
        launched_at=now,
        last_activity_at=now,
        verdicts=[],
    )
    session.add(au_session)
    session.flush()
    actor = actor_of(platform, user)
    endpoint = f"{settings.public_url}/xapi"  # no trailing slash: AUs add their own
    fetch = f"{settings.public_url}/api/v1/cmi5/fetch/{au_session.id}/{fetch_secret}"
    base = au["url"]
    if not urlsplit(base).scheme:
        base = f"{settings.public_url}{CONTENT_PREFIX}/{package.storage_key}/{base}"
    query = urlencode(
        {
            "endpoint": endpoint,
            "fetch": fetch,
            "actor": json.dumps(actor, separators=(",", ":")),
            "registration": str(registration.id),
            "activityId": activity_id,
        }
    )
    url = f"{base}{'&' if '?' in base else '?'}{query}"
    context_template = {
        "contextActivities": {"grouping": [{"id": au["id"]}]},
        "extensions": {f"{CMI5}/context/extensions/sessionid": str(au_session.id)},
    }
    if au.get("masteryScore") is not None:  # so the AU's verdicts carry it, as cmi5 §9.6.3.2 asks
        context_template["extensions"][f"{CMI5}/context/extensions/masteryscore"] = au["masteryScore"]
    launch_data: dict[str, Any] = {
        "contextTemplate": context_template,
        "launchMode": launch_mode,
        "moveOn": au["moveOn"],
        "returnURL": f"{settings.public_url}/learn/{package.course_id}",
    }
    if au.get("launchParameters"):
        launch_data["launchParameters"] = au["launchParameters"]
    if au.get("masteryScore") is not None:
        launch_data["masteryScore"] = au["masteryScore"]
    if au.get("entitlementKey"):
        launch_data["entitlementKey"] = {"courseStructure": au["entitlementKey"]}
    scope = documents.Scope(
        "state", activity_id=activity_id, agent_key=agent_key(actor), registration=registration.id
    )
    documents.put(
        session,
        registration.organisation_id,
        scope,
        "LMS.LaunchData",
        json.dumps(launch_data).encode(),
        "application/json",
        rules=documents.PutRules(guard_overwrite=False),
    )
    extensions = {
        f"{CMI5}/context/extensions/sessionid": str(au_session.id),
        f"{CMI5}/context/extensions/launchmode": launch_mode,
        f"{CMI5}/context/extensions/launchurl": base,
        f"{CMI5}/context/extensions/moveon": au["moveOn"],
        f"{CMI5}/context/extensions/launchparameters": au.get("launchParameters") or "",
    }
    if au.get("masteryScore") is not None:
        extensions[f"{CMI5}/context/extensions/masteryscore"] = au["masteryScore"]
    launched = cmi5_statement(
        actor,
        "launched",
        {"id": activity_id},
        registration.id,
        au_session.id,
        au["id"],
        now,
        extensions=extensions,
    )
    store_lms_statements(session, platform, registration.organisation_id, [launched])
    return Launch(url, au_session.id, registration.id)


def fetch_token(session: Session, session_id: uuid.UUID, secret: str) -> dict[str, str]:
    """The auth-token for a session's first fetch; later fetches get cmi5's error-code 1."""
    au_session = session.get(Cmi5Session, session_id, with_for_update=True)
    if au_session is None or not secrets.compare_digest(au_session.fetch_digest, digest(secret)):
        return {"error-code": "3", "error-text": "this fetch URL is not one the LMS issued"}
    if au_session.fetched_at is not None:
        return {"error-code": "1", "error-text": "this fetch URL has already been used"}
    now = utcnow()
    if now - au_session.launched_at > FETCH_TTL or au_session.terminated_at or au_session.abandoned_at:
        return {"error-code": "2", "error-text": "this launch has expired; launch the AU again"}
    token = secrets.token_urlsafe(32)
    au_session.fetched_at = now
    au_session.token_digest = digest(token)
    au_session.token_expires_at = now + TOKEN_TTL
    session.flush()
    return {"auth-token": base64.b64encode(f"{TOKEN_USER}:{token}".encode()).decode()}


@dataclass(frozen=True)
class SessionGrant:
    """What an AU's token reaches: one session, its registration and its actor."""

    session_id: uuid.UUID
    registration_id: uuid.UUID
    organisation_id: uuid.UUID
    au_id: str
    activity_id: str  # the LMS's id of the AU, which the AU's statements are about
    actor: dict[str, Any]
    actor_key: str


def grant_for_token(session: Session, settings: Settings, token: str) -> SessionGrant:
    """The session an AU's token was handed out for, if it is still good."""
    au_session = session.scalar(select(Cmi5Session).where(Cmi5Session.token_digest == digest(token)))
    if au_session is None or au_session.token_expires_at is None or au_session.token_expires_at < utcnow():
        raise Unauthenticated("this cmi5 session token is unknown or has expired")
    registration = session.get(Cmi5Registration, au_session.registration_id)
    assert registration is not None
    user = session.get(User, registration.user_id)
    assert user is not None
    actor = actor_of(Platform(settings.public_url), user)
    key = agent_key(actor)
    assert key is not None
    package = session.get(Cmi5Package, registration.package_id)
    assert package is not None
    activity_id = lms_ids(package, settings.public_url)[au_session.au_id]
    return SessionGrant(
        au_session.id,
        registration.id,
        registration.organisation_id,
        au_session.au_id,
        activity_id,
        actor,
        key,
    )


PREFERENCES = "cmi5LearnerPreferences"
_LANGUAGES = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*(,[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)*$")


def mark_preferences_read(session: Session, session_id: uuid.UUID) -> None:
    """The AU has asked for the learner's preferences, which cmi5 (§11) makes it do before "initialized"."""
    au_session = session.get(Cmi5Session, session_id)
    if au_session is not None and au_session.preferences_read_at is None:
        au_session.preferences_read_at = utcnow()
        session.flush()


def check_preferences(content: bytes, content_type: str) -> None:
    """Learner preferences an AU writes (cmi5 §11.1): a JSON object with a language list and audio on/off."""
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise PermissionDenied("learner preferences are an application/json document")
    try:
        document = json.loads(content)
    except ValueError:
        raise PermissionDenied("learner preferences are a JSON object") from None
    if not isinstance(document, dict):
        raise PermissionDenied("learner preferences are a JSON object")
    languages = document.get("languagePreference")
    if not isinstance(languages, str) or not _LANGUAGES.match(languages):
        raise PermissionDenied("languagePreference must be a comma-separated list of language codes")
    if document.get("audioPreference") not in ("on", "off"):
        raise PermissionDenied("audioPreference must be on or off")
