"""Sunbird Telemetry v3 events as xAPI statements, so that history from the existing platform migrates.

iGOT runs on Sunbird, whose players and portal report learning as Telemetry v3 events: an envelope
of `eid` (the kind), `ets` (epoch milliseconds), `ver` ("3.0"), `mid` (the message id), `actor`
{id, type}, `context` {channel, pdata, env, sid, did, cdata, rollup}, `object` {id, type, ver, rollup}
and the kind's own `edata`. Each learning event becomes one statement:

- START: `initialized` the content. Its `edata.duration` is the player's load time, so it stays
  in the event only.
- END: `completed` the content when `edata.summary` says progress 100, else `terminated` it; result
  `duration` from `edata.duration` (seconds), cmi5 progress from the summary, and `completion`.
- INTERACT: `interacted` with the content, else the page (`edata.pageid`).
- IMPRESSION: `experienced` the content, else the page.
- ASSESS: `answered` the question (`edata.item`), the content as parent; result `success` from
  `pass` (Yes/No), `score` raw with min 0, max and scaled from `item.maxscore`, `duration`, and
  `response` from `resvalues`.
- RESPONSE: `responded` to the question (`edata.target.id` or `qid`), the content as parent; result
  `response` from `values`.
- INTERRUPT: `suspended` the content, else the page.
- FEEDBACK: `rated` (`http://id.tincanapi.com/verb/rated`) the content; `score.raw` from `rating`
  and `response` from the comments.
- SHARE: `shared` the content.
- LOG, ERROR, HEARTBEAT, AUDIT, SEARCH, METRICS, SUMMARY, EXDATA and any other kind: skipped, and
  counted by kind.

The verbs are ADL's (`http://adlnet.gov/expapi/verbs/...`) unless named in full. Events of
anonymous or system actors, and START or END of an app or session rather than of content, are
skipped and counted too.

- **Ids.** The statement id is a UUID v5 of the `mid`, so importing a file again stores nothing twice.
- **Who.** The actor is the official mapped to the Sunbird user id (by email), else the account
  `{"homePage": "{sunbird_url}/channel/{channel}", "name": actor.id}`.
- **What.** Content and collections are `{sunbird_url}/content/{id}` (Sunbird ids are unique across
  types), questions `{sunbird_url}/question/{id}` and pages `{sunbird_url}/page/{pageid}`; a content
  id mapped to a course of our catalogue is that course's activity, so projections see it. The
  object's `rollup` (l1 is the course) becomes the `grouping` context activities.
- **Nothing lost.** `context.platform` is the producer (`pdata.id`); the `mid` and the whole event
  are kept as context extensions.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from karmayogi.lms.xapi.emitting import ADL, PROGRESS, VERSION, Platform
from karmayogi.lms.xapi.validation import StatementError, validate_statements

Statement = dict[str, Any]
MID = "urn:karmayogi:sunbird-telemetry:mid"
EVENT = "urn:karmayogi:sunbird-telemetry:event"
_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:karmayogi:sunbird-telemetry:mid")
VERBS = {
    "START": f"{ADL}/verbs/initialized",
    "INTERACT": f"{ADL}/verbs/interacted",
    "IMPRESSION": f"{ADL}/verbs/experienced",
    "ASSESS": f"{ADL}/verbs/answered",
    "RESPONSE": f"{ADL}/verbs/responded",
    "INTERRUPT": f"{ADL}/verbs/suspended",
    "FEEDBACK": "http://id.tincanapi.com/verb/rated",
    "SHARE": f"{ADL}/verbs/shared",
}
COMPLETED, TERMINATED = f"{ADL}/verbs/completed", f"{ADL}/verbs/terminated"
ACTIVITY_TYPES = {
    "course": f"{ADL}/activities/course",
    "collection": f"{ADL}/activities/course",
    "courseunit": f"{ADL}/activities/module",
    "questionset": f"{ADL}/activities/assessment",
    "content": f"{ADL}/activities/lesson",
    "resource": f"{ADL}/activities/lesson",
}
QUESTION = f"{ADL}/activities/cmi.interaction"
PAGE_EVENTS = frozenset({"INTERACT", "IMPRESSION", "INTERRUPT"})  # may be about a page, not content


class TelemetryError(ValueError):
    """An event that is not Telemetry v3 as the mapping needs it; the message names the field."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


class Skipped(Exception):
    """A well-formed event that tells nothing about learning; the message says which kind."""


@dataclass(frozen=True)
class SunbirdMapping:
    """How Sunbird's ids become xAPI ones: officials by email, content ids to courses of our catalogue."""

    platform: Platform
    sunbird_url: str = "https://igotkarmayogi.gov.in"
    users: Mapping[str, str] = field(default_factory=dict)
    courses: Mapping[str, uuid.UUID] = field(default_factory=dict)

    def content(self, content_id: str, kind: str = "") -> Statement:
        if content_id in self.courses:
            return {"objectType": "Activity", "id": self.platform.course_iri(self.courses[content_id])}
        activity: Statement = {"objectType": "Activity", "id": f"{self.sunbird_url}/content/{content_id}"}
        if kind.lower() in ACTIVITY_TYPES:
            activity["definition"] = {"type": ACTIVITY_TYPES[kind.lower()]}
        return activity


@dataclass
class Translation:
    """Statements in the order of their events, what was skipped by kind, and every bad line."""

    statements: list[Statement] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def _text(holder: Mapping[str, Any], key: str, path: str) -> str:
    value = holder.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TelemetryError(f"{path}.{key}" if path else key, "must be a non-empty string")
    return value


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _duration(seconds: Any) -> str | None:
    """Seconds as an ISO 8601 duration, e.g. 58.61 as PT58.61S; nothing for a missing or bad value."""
    value = _number(seconds)
    if value is None or value < 0:
        return None
    return "PT" + (f"{value:.2f}".rstrip("0").rstrip(".") or "0") + "S"


def _json_object(value: Any) -> dict[str, Any]:
    """A part of the event, or an empty one where a producer left it out or sent something else."""
    return value if isinstance(value, dict) else {}


def _object(event: Mapping[str, Any]) -> Mapping[str, Any] | None:
    obj = event.get("object")
    return obj if isinstance(obj, dict) and isinstance(obj.get("id"), str) and obj["id"].strip() else None


def _actor(event: Mapping[str, Any], mapping: SunbirdMapping, channel: str) -> Statement:
    actor = event.get("actor")
    if not isinstance(actor, dict):
        raise TelemetryError("actor", "must be an object with id and type")
    actor_id = str(actor.get("id") or "")
    if actor.get("type") != "User" or actor_id in ("", "anonymous"):
        raise Skipped("anonymous or system actor")
    if actor_id in mapping.users:
        return {"objectType": "Agent", "mbox": f"mailto:{mapping.users[actor_id]}"}
    home = f"{mapping.sunbird_url}/channel/{channel}" if channel else mapping.sunbird_url
    return {"objectType": "Agent", "account": {"homePage": home, "name": actor_id}}


def translate(event: Any, mapping: SunbirdMapping) -> Statement:
    """The statement for one event; raises `Skipped` for events that tell nothing about learning."""
    if not isinstance(event, dict):
        raise TelemetryError("event", "must be a JSON object")
    eid = _text(event, "eid", "")
    if not str(event.get("ver", "")).startswith("3."):
        raise TelemetryError("ver", "only Telemetry v3 events are translated")
    mid = _text(event, "mid", "")
    ets = _number(event.get("ets"))
    if ets is None or ets <= 0:
        raise TelemetryError("ets", "must be the event time in epoch milliseconds")
    context, edata = _json_object(event.get("context")), _json_object(event.get("edata"))
    if eid not in VERBS and eid != "END":
        raise Skipped(eid)
    actor = _actor(event, mapping, str(context.get("channel") or ""))
    obj = _object(event)
    content = mapping.content(obj["id"], str(obj.get("type", ""))) if obj else None
    verb, target = VERBS.get(eid, ""), content
    result: Statement = {}
    if eid in ("START", "END") and content is None:
        raise Skipped(f"{eid} of an app or session")
    if eid == "END":
        verb, result = _end(edata)
    elif eid in ("ASSESS", "RESPONSE"):
        target, result = _question(eid, edata, mapping)
    elif eid == "FEEDBACK":
        rating = _number(edata.get("rating"))
        result = {
            "score": {"raw": rating} if rating is not None else None,
            "response": edata.get("commenttxt") or edata.get("comments") or None,
        }
    if target is None and eid in PAGE_EVENTS and str(edata.get("pageid") or "").strip():
        target = {"objectType": "Activity", "id": f"{mapping.sunbird_url}/page/{edata['pageid']}"}
    if target is None:
        raise Skipped(f"{eid} about no content")
    statement: Statement = {
        "id": str(uuid.uuid5(_IDS, mid)),
        "actor": actor,
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": target,
        "timestamp": datetime.fromtimestamp(ets / 1000, UTC).isoformat(timespec="milliseconds"),
        "context": _context(event, context, obj, content, target, mapping),
    }
    result = {k: v for k, v in result.items() if v is not None}
    if result:
        statement["result"] = result
    return statement


def _end(edata: Mapping[str, Any]) -> tuple[str, Statement]:
    """END's verb and result: completed at progress 100 by its summary, else terminated."""
    summary: dict[str, Any] = {}
    for entry in edata.get("summary") or []:  # a list of one-key objects: [{"progress": 100}, ...]
        if isinstance(entry, dict):
            summary.update(entry)
    progress = _number(summary.get("progress"))
    verb = COMPLETED if progress is not None and progress >= 100 else TERMINATED
    result: Statement = {"completion": verb == COMPLETED, "duration": _duration(edata.get("duration"))}
    if progress is not None and 0 <= progress <= 100:
        result["extensions"] = {PROGRESS: round(progress)}
    return verb, result


def _question(eid: str, edata: Mapping[str, Any], mapping: SunbirdMapping) -> tuple[Statement, Statement]:
    """The question an ASSESS or RESPONSE event answers, and the result it reports."""
    if eid == "RESPONSE":
        target = _json_object(edata.get("target"))
        question_id = str(target.get("id") or edata.get("qid") or "")
        if not question_id:
            raise TelemetryError("edata.target.id", "a RESPONSE names its question by target.id or qid")
        return _question_activity(question_id, None, mapping), {
            "response": json.dumps(edata.get("values", []), ensure_ascii=False)
        }
    item = edata.get("item")
    if not isinstance(item, dict):
        raise TelemetryError("edata.item", "an ASSESS event names its question in item")
    question = _question_activity(_text(item, "id", "edata.item"), item.get("title"), mapping)
    raw = _number(edata.get("score"))
    if raw is None:
        raise TelemetryError("edata.score", "must be a number")
    score: dict[str, float] = {"raw": raw}
    most = _number(item.get("maxscore"))
    if most is not None and most > 0 and 0 <= raw <= most:
        score.update(min=0, max=most, scaled=round(raw / most, 4))
    result = {
        "success": str(edata.get("pass", "No")).lower() == "yes",
        "score": score,
        "duration": _duration(edata.get("duration")),
        "response": json.dumps(edata.get("resvalues", []), ensure_ascii=False),
    }
    return question, result


def _question_activity(question_id: str, title: Any, mapping: SunbirdMapping) -> Statement:
    definition: Statement = {"type": QUESTION}
    if isinstance(title, str) and title.strip():
        definition["name"] = {"und": title.strip()}
    return {
        "objectType": "Activity",
        "id": f"{mapping.sunbird_url}/question/{question_id}",
        "definition": definition,
    }


def _context(
    event: Mapping[str, Any],
    context: Mapping[str, Any],
    obj: Mapping[str, Any] | None,
    content: Statement | None,
    target: Statement,
    mapping: SunbirdMapping,
) -> Statement:
    activities: dict[str, list[Statement]] = {}
    if content is not None and target is not content:
        activities["parent"] = [{"objectType": "Activity", "id": content["id"]}]
    rollup = obj.get("rollup") if obj is not None else None
    if obj is not None and isinstance(rollup, dict):
        # l1, the course, first.
        ancestors = [str(v) for _, v in sorted(rollup.items()) if v and v != obj["id"]]
        if ancestors:
            activities["grouping"] = [
                {"objectType": "Activity", "id": mapping.content(ancestor)["id"]} for ancestor in ancestors
            ]
    result: Statement = {"extensions": {MID: event["mid"], EVENT: event}}
    if activities:
        result["contextActivities"] = activities
    pdata = context.get("pdata")
    if isinstance(pdata, dict) and isinstance(pdata.get("id"), str) and pdata["id"]:
        result["platform"] = pdata["id"]
    return result


def translate_lines(lines: Iterable[str], mapping: SunbirdMapping) -> Translation:
    """Every event of a JSON-lines file, each statement checked by the LRS's own validator."""
    translation = Translation()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            statement = translate(json.loads(line), mapping)
            translation.statements.extend(validate_statements(statement, VERSION))
        except Skipped as skipped:
            translation.skipped[str(skipped)] += 1
        except (json.JSONDecodeError, TelemetryError, StatementError) as error:
            translation.errors.append(f"line {number}: {error}")
    return translation
