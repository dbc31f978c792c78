"""The statements the LMS itself writes for cmi5 (launched, abandoned, waived, satisfied), shaped as
cmi5 §9.6 asks: the registration, the session id, the cmi5 category, the AU's publisher id."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from karmayogi.lms.xapi.emitting import VERSION, Platform, store_for_platform
from karmayogi.lms.xapi.validation import validate_statements

CMI5 = "https://w3id.org/xapi/cmi5"
ADL_VERBS = "http://adlnet.gov/expapi/verbs"
VERBS = {
    "launched": f"{ADL_VERBS}/launched",
    "initialized": f"{ADL_VERBS}/initialized",
    "completed": f"{ADL_VERBS}/completed",
    "passed": f"{ADL_VERBS}/passed",
    "failed": f"{ADL_VERBS}/failed",
    "terminated": f"{ADL_VERBS}/terminated",
    "abandoned": "https://w3id.org/xapi/adl/verbs/abandoned",
    "waived": "https://w3id.org/xapi/adl/verbs/waived",
    "satisfied": "https://w3id.org/xapi/adl/verbs/satisfied",
}
VERB_NAMES = {iri: name for name, iri in VERBS.items()}
CATEGORY = f"{CMI5}/context/categories/cmi5"
MOVEON_CATEGORY = f"{CMI5}/context/categories/moveon"
SESSION_ID = f"{CMI5}/context/extensions/sessionid"
_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:karmayogi:cmi5:lms-statements")


def cmi5_statement(
    actor: dict[str, Any],
    verb: str,
    activity: dict[str, Any],
    registration: uuid.UUID,
    session_id: uuid.UUID | None,
    publisher_id: str,
    at: datetime,
    result: dict[str, Any] | None = None,
    extensions: dict[str, Any] | None = None,
    moveon: bool = False,
) -> dict[str, Any]:
    """One cmi5 defined statement; its id derives from what it says, so telling it twice stores it once."""
    context: dict[str, Any] = {
        "registration": str(registration),
        "contextActivities": {
            "category": [{"id": CATEGORY}] + ([{"id": MOVEON_CATEGORY}] if moveon else []),
        },
        "extensions": dict(extensions or {}),
    }
    context["contextActivities"]["grouping"] = [{"id": publisher_id}]
    if session_id is not None:
        context["extensions"][SESSION_ID] = str(session_id)
    if not context["extensions"]:
        del context["extensions"]
    statement: dict[str, Any] = {
        "id": str(uuid.uuid5(_IDS, f"{verb}|{registration}|{session_id}|{activity['id']}")),
        "actor": actor,
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": {"objectType": "Activity", **activity},
        "context": context,
        "timestamp": at.isoformat(),
    }
    if result:
        statement["result"] = result
    return statement


def store_lms_statements(
    session: Session, platform: Platform, organisation_id: uuid.UUID, statements: list[dict[str, Any]]
) -> None:
    if statements:
        store_for_platform(session, platform, organisation_id, validate_statements(statements, VERSION))
