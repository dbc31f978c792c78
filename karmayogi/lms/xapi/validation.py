"""Strict validation of xAPI statements, 1.0.0-1.0.3 and 2.0.0 (IEEE 9274.1.1), before anything is stored.

The LRS must answer 400 for anything the specification does not allow, and the caller needs to know
where: every rejection is a `StatementError` naming the property path and the reason. Validation is
pure (no database, no request) and never changes the statement it reads.

The rules follow the specification text; where it is vague they follow what ADL's LRS conformance
test suite expects (for example: timestamps with a space instead of "T" pass, offsets of -00:00 fail).
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, cast

from karmayogi.lms import jsontext
from karmayogi.lms.xapi.errors import XapiBadRequest


class StatementError(XapiBadRequest):
    """A statement, or a parameter checked by the same rules, breaks xAPI; the LRS answers 400."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# Every object type with the properties xAPI allows in it; anything else is rejected (Data 2.2).
_PROPERTIES: dict[str, frozenset[str]] = {
    "Statement": frozenset(
        {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority"}
        | {"version", "attachments"}
    ),
    "SubStatement": frozenset(
        {"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
    ),
    "Agent": frozenset({"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}),
    "Group": frozenset({"objectType", "name", "member", "mbox", "mbox_sha1sum", "openid", "account"}),
    "Account": frozenset({"homePage", "name"}),
    "Verb": frozenset({"id", "display"}),
    "Activity": frozenset({"objectType", "id", "definition"}),
    "Activity Definition": frozenset(
        {"name", "description", "type", "moreInfo", "extensions", "interactionType"}
        | {"correctResponsesPattern", "choices", "scale", "source", "target", "steps"}
    ),
    "Interaction Component": frozenset({"id", "description"}),
    "StatementRef": frozenset({"objectType", "id"}),
    "Result": frozenset({"score", "success", "completion", "response", "duration", "extensions"}),
    "Score": frozenset({"scaled", "raw", "min", "max"}),
    "Context": frozenset(
        {"registration", "instructor", "team", "contextActivities", "revision", "platform", "language"}
        | {"statement", "extensions"}
    ),
    "contextActivities": frozenset({"parent", "grouping", "category", "other"}),
    "contextAgent": frozenset({"objectType", "agent", "relevantTypes"}),
    "contextGroup": frozenset({"objectType", "group", "relevantTypes"}),
    "Attachment": frozenset(
        {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}
    ),
}
_CONTEXT_ADDED_IN_2_0 = ("contextAgents", "contextGroups")
_NOT_IN_SUBSTATEMENT = ("id", "stored", "version", "authority")
_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
_OBJECT_TYPES = ("Activity", "Agent", "Group", "StatementRef", "SubStatement")
_VOIDED = "http://adlnet.gov/expapi/verbs/voided"
_SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"

# The interaction component lists each interactionType takes (Data 2.4.4.1, Interaction Components).
_INTERACTION_COMPONENTS: dict[str, tuple[str, ...]] = {
    "true-false": (),
    "choice": ("choices",),
    "fill-in": (),
    "long-fill-in": (),
    "matching": ("source", "target"),
    "performance": ("steps",),
    "sequencing": ("choices",),
    "likert": ("scale",),
    "numeric": (),
    "other": (),
}
_COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")


@dataclass(frozen=True)
class _Spec:
    """The data model a request speaks: 1.0.x, or 2.0 with its additions and stricter rules."""

    v2: bool


def _spec(version: object) -> _Spec:
    if isinstance(version, str):
        match = re.fullmatch(r"([12])\.0(?:\.[0-9]+)?", version)
        if match:
            return _Spec(v2=match[1] == "2")
    raise StatementError(
        "X-Experience-API-Version", f"{version!r} is not a supported xAPI version (1.0.x, 2.0.x)"
    )


# ---- paths and JSON types ------------------------------------------------------------------------

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Ingest validates the same paths, IRIs, language tags and mailboxes over and over: a valid batch of
# 100 statements builds ~4,000 paths and checks ~5,000 strings, most of them seen in earlier batches.
_CACHE = 1 << 16


@lru_cache(maxsize=_CACHE)
def _at(path: str, key: object) -> str:
    """The path of a member: `a.b`, `a[3]`, or `a["en-US"]` when the key is not a plain name."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    text = str(key)
    if _PLAIN_KEY.fullmatch(text):
        return f"{path}.{text}"
    return f"{path}[{json.dumps(text, ensure_ascii=False)}]"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "AEIOU" else f"a {kind}"


def _object(
    value: object,
    path: str,
    kind: str,
    required: tuple[str, ...] = (),
    allowed: frozenset[str] | None = None,
) -> dict[str, object]:
    """A JSON object with only the properties xAPI allows for `kind`, none of them null."""
    if not isinstance(value, dict):
        raise StatementError(path, f"must be {_a(kind)} object")
    allowed = _PROPERTIES[kind] if allowed is None else allowed
    # Both checks run in C for the usual valid object; only a fault is looked for key by key.
    if not allowed.issuperset(value):
        unknown = next(key for key in value if key not in allowed)
        raise StatementError(_at(path, unknown), f"is not a property of {_a(kind)}")
    if None in value.values():
        null = next(key for key, item in value.items() if item is None)
        raise StatementError(_at(path, null), "must not be null")
    for key in required:
        if key not in value:
            raise StatementError(_at(path, key), "is required")
    return cast(dict[str, object], value)


def _string(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise StatementError(path, "must be a string")
    return value


def _boolean(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise StatementError(path, "must be true or false (a JSON boolean, not a string)")
    return value


def _number(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StatementError(path, "must be a number (not a string)")
    if not math.isfinite(value):
        raise StatementError(path, "must be a finite number")
    return value


def _integer(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise StatementError(path, "must be an integer")
    return value


def _array(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise StatementError(path, "must be an array")
    return value


# ---- formatted strings ---------------------------------------------------------------------------

# RFC 3987 IRI (absolute, with a scheme), written out from its ABNF.
_UCSCHAR = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    "\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd\U00040000-\U0004fffd"
    "\U00050000-\U0005fffd\U00060000-\U0006fffd\U00070000-\U0007fffd\U00080000-\U0008fffd"
    "\U00090000-\U0009fffd\U000a0000-\U000afffd\U000b0000-\U000bfffd\U000c0000-\U000cfffd"
    "\U000d0000-\U000dfffd\U000e1000-\U000efffd"
)
_IPRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_IUNRESERVED = rf"A-Za-z0-9\-._~{_UCSCHAR}"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_IPCHAR = rf"(?:[{_IUNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_IRI = re.compile(
    rf"[A-Za-z][A-Za-z0-9+.\-]*:"
    rf"(?://(?:(?:[{_IUNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?"
    rf"(?P<host>\[[^\[\]/?#@]*\]|(?:[{_IUNRESERVED}{_SUB_DELIMS}]|{_PCT})*)(?::[0-9]*)?"
    rf"(?:/{_IPCHAR}*)*"
    rf"|/(?:{_IPCHAR}+(?:/{_IPCHAR}*)*)?"
    rf"|{_IPCHAR}+(?:/{_IPCHAR}*)*"
    rf"|)"
    rf"(?:\?(?:{_IPCHAR}|[{_IPRIVATE}/?])*)?"
    rf"(?:#(?:{_IPCHAR}|[/?])*)?"
)
_IP_FUTURE = re.compile(rf"v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~{_SUB_DELIMS}:]+")

_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_SHA1 = re.compile(r"[0-9A-Fa-f]{40}")
_SHA2 = re.compile(r"[0-9A-Fa-f]{56}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{96}|[0-9A-Fa-f]{128}")
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_MBOX = re.compile(rf"mailto:[^@\s]+@(?:{_LABEL}(?:\.{_LABEL})*|\[[^\[\]]+\])")
_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_MEDIA_TYPE = re.compile(rf'{_TOKEN}/{_TOKEN}(?:[ \t]*;[ \t]*{_TOKEN}=(?:{_TOKEN}|"(?:[^"\\]|\\.)*"))*')

# RFC 5646 language tags: the langtag production, private use, and the grandfathered tags.
_LANGTAG = re.compile(
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language, extlang
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?"  # private use
    r"|[xX](?:-[A-Za-z0-9]{1,8})+"
)
_GRANDFATHERED = frozenset(
    tag.lower()
    for tag in (
        *("en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux"),
        *("i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE"),
        *("art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan"),
        "zh-xiang",
    )
)

# ISO 8601 date and time, extended (RFC 3339 also allows a space for "T") or basic; fractions on seconds.
_TIMESTAMP_EXTENDED = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})[Tt ]"
    r"(?P<hour>[0-9]{2})(?::(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?)?"
    r"(?P<offset>[Zz]|[+-][0-9]{2}(?::[0-9]{2})?)?"
)
_TIMESTAMP_BASIC = re.compile(
    r"(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})[Tt]"
    r"(?P<hour>[0-9]{2})(?:(?P<minute>[0-9]{2})(?:(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?)?"
    r"(?P<offset>[Zz]|[+-][0-9]{2}(?:[0-9]{2})?)?"
)

# ISO 8601:2004 4.4.3.2 durations: PnYnMnDTnHnMnS (at least one part, "T" only before a time part) or PnW.
_NUM = r"[0-9]+(?:[.,][0-9]+)?"
_DURATION = re.compile(
    rf"P(?:{_NUM}W|(?=[0-9]|T[0-9])(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}D)?"
    rf"(?:T(?=[0-9])(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?)"
)


def _checked(value: object, path: str, problem_of: Callable[[str], str | None]) -> str:
    """A string in which `problem_of`, one of the cached checks below, finds nothing wrong."""
    text = _string(value, path)
    if problem := problem_of(text):
        raise StatementError(path, problem)
    return text


def validate_iri(value: object, path: str) -> str:
    """An absolute IRI (RFC 3987) with a scheme; also used for IRLs, which xAPI never resolves."""
    return _checked(value, path, _iri_problem)


@lru_cache(maxsize=_CACHE)
def _iri_problem(text: str) -> str | None:
    match = _IRI.fullmatch(text)
    if match is None:
        return "must be an absolute IRI with a scheme, such as https://example.gov.in/x"
    host = match["host"]
    if host and host.startswith("["):
        literal = host[1:-1]
        if not _IP_FUTURE.fullmatch(literal):
            try:
                ipaddress.IPv6Address(literal)
            except ValueError:
                return f"has an invalid IP literal host {host}"
    return None


def validate_uuid(value: object, path: str) -> uuid.UUID:
    """A UUID in standard string form (8-4-4-4-12 hex digits, any case, any variant or version)."""
    text = _string(value, path)
    if not _UUID.fullmatch(text):
        raise StatementError(path, "must be a UUID such as 2f1f4a2e-6c3b-4d2a-9a1e-0b7c1d2e3f40")
    return uuid.UUID(text)


def validate_language_tag(value: object, path: str) -> str:
    """A well-formed RFC 5646 tag, with no repeated variant or extension singleton."""
    return _checked(value, path, _language_tag_problem)


@lru_cache(maxsize=_CACHE)
def _language_tag_problem(text: str) -> str | None:
    if text.lower() in _GRANDFATHERED:
        return None
    if not _LANGTAG.fullmatch(text):
        return f"{text!r} is not an RFC 5646 language tag, such as en or hi-IN"
    subtags = text.lower().split("-")
    end = next((i for i, tag in enumerate(subtags) if tag == "x"), len(subtags))
    singletons = [tag for tag in subtags[1:end] if len(tag) == 1]
    first_singleton = next((i for i, tag in enumerate(subtags) if len(tag) == 1), len(subtags))
    variants = [
        tag for tag in subtags[1:first_singleton] if len(tag) >= 5 or (len(tag) == 4 and tag[0].isdigit())
    ]
    if len(set(singletons)) != len(singletons) or len(set(variants)) != len(variants):
        return f"{text!r} repeats a variant or extension subtag (RFC 5646 2.2.9)"
    return None


def validate_language_map(value: object, path: str) -> None:
    """An object from RFC 5646 language tags to strings."""
    if not isinstance(value, dict):
        raise StatementError(path, "must be a language map: an object from language tags to strings")
    for tag, text in value.items():
        member = _at(path, tag)
        validate_language_tag(tag, member)
        if text is None:
            raise StatementError(member, "must not be null")
        _string(text, member)


def validate_timestamp(value: object, path: str, version: str) -> datetime:
    """An ISO 8601 date and time, returned aware: 2.0 requires the offset, 1.0.x reads none as UTC."""
    return _timestamp(value, path, _spec(version))


def _timestamp(value: object, path: str, spec: _Spec) -> datetime:
    text = _string(value, path)
    match = _TIMESTAMP_EXTENDED.fullmatch(text) or _TIMESTAMP_BASIC.fullmatch(text)
    # PHP's DATE_ISO8601 writes "+0000" after an extended time: not ISO 8601, and worth saying why.
    if match is None and _TIMESTAMP_EXTENDED.fullmatch(text[:-2]) and re.search(r"[+-][0-9]{4}$", text):
        raise StatementError(path, "must write its offset as +hh:mm, like the rest of the timestamp")
    if match is None:
        raise StatementError(path, "must be an ISO 8601 date and time, such as 2024-05-04T12:00:00.000Z")
    offset = match["offset"]
    tz: timezone = UTC
    if offset is None:
        if spec.v2:
            raise StatementError(path, "must include a time zone offset such as Z or +05:30 (xAPI 2.0)")
    elif offset not in ("Z", "z"):
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if offset[0] == "-" and hours == minutes == 0:
            raise StatementError(
                path, "must not use the offset -00:00 (unknown local offset); use Z or +00:00"
            )
        if hours > 23 or minutes > 59:
            raise StatementError(path, f"has an impossible time zone offset {offset}")
        delta = timedelta(hours=hours, minutes=minutes)
        tz = timezone(-delta if offset[0] == "-" else delta)
    microseconds = int(((match["fraction"] or "") + "000000")[:6])
    try:
        return datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            microseconds,
            tzinfo=tz,
        )
    except ValueError:
        raise StatementError(path, f"{text!r} is not a real date and time") from None


def validate_duration(value: object, path: str) -> str:
    """An ISO 8601:2004 4.4.3.2 duration such as PT1H30M or P4W; only the last part may have a fraction."""
    return _checked(value, path, _duration_problem)


@lru_cache(maxsize=_CACHE)
def _duration_problem(text: str) -> str | None:
    if not _DURATION.fullmatch(text):
        return "must be an ISO 8601 duration such as PT1H30M5.25S or P4W"
    numbers = re.findall(_NUM, text)
    if any(not number.isdigit() for number in numbers[:-1]):
        return "only the smallest part of a duration may have a decimal fraction"
    return None


def validate_extensions(value: object, path: str) -> None:
    """An object whose keys are IRIs; its values are anything, null included (Data 4.1)."""
    if not isinstance(value, dict):
        raise StatementError(path, "must be an extensions object whose keys are IRIs")
    for key in value:
        validate_iri(key, _at(path, key))


def _mbox(value: object, path: str) -> None:
    _checked(value, path, _mbox_problem)


@lru_cache(maxsize=_CACHE)
def _mbox_problem(text: str) -> str | None:
    if not text.startswith("mailto:"):
        return "must be a mailto IRI, such as mailto:learner@example.gov.in"
    if not _MBOX.fullmatch(text) or not _IRI.fullmatch(text):
        return "must be mailto: followed by exactly one email address"
    return None


# ---- agents and groups ---------------------------------------------------------------------------


def validate_agent(value: object, path: str, version: str, *, allow_group: bool = True) -> None:
    """An Agent, or unless `allow_group` is false a Group; also for `agent` parameters and documents."""
    _actor(value, path, _spec(version), allow_group=allow_group)


def parse_json(text: bytes | str, what: str) -> Any:
    """A JSON text sent to the LRS (a request body, a parameter), refused with 400 when it is not JSON."""
    try:
        return jsontext.parse(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise XapiBadRequest(f"{what} is not valid JSON: {exc}") from None


def agent_parameter(text: str, version: str, *, allow_group: bool = True) -> dict[str, Any]:
    """The `agent` query parameter: the JSON text of an Agent or, unless `allow_group` is false, a Group."""
    try:
        agent = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StatementError("agent", f"is not valid JSON: {exc}") from None
    validate_agent(agent, "agent", version, allow_group=allow_group)
    return cast(dict[str, Any], agent)


def uuid_parameter(text: str, name: str) -> uuid.UUID:
    """A UUID query parameter, in any form Python's `uuid` reads (hyphens or not, braces, urn:uuid:)."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise StatementError(name, "must be a UUID") from None


def _actor(value: object, path: str, spec: _Spec, *, allow_group: bool = True) -> str:
    """An Agent or a Group, told apart by objectType (absent means Agent); returns which it was."""
    if not isinstance(value, dict):
        raise StatementError(
            path, "must be an Agent or Group object" if allow_group else "must be an Agent object"
        )
    object_type = value.get("objectType", "Agent")
    if object_type is None:
        raise StatementError(_at(path, "objectType"), "must not be null")
    if object_type == "Group" and allow_group:
        _group(value, path, spec)
    elif object_type == "Agent":
        _agent(value, path)
    elif object_type == "Group":
        raise StatementError(_at(path, "objectType"), "must be Agent: a Group is not allowed here")
    else:
        expected = "Agent or Group" if allow_group else "Agent"
        raise StatementError(
            _at(path, "objectType"), f"must be {expected} (case-sensitive), not {object_type!r}"
        )
    return str(object_type)


def _agent(value: object, path: str) -> None:
    agent = _object(value, path, "Agent")
    if "name" in agent:
        _string(agent["name"], _at(path, "name"))
    if _ifi(agent, path) is None:
        raise StatementError(path, "an Agent must have one of mbox, mbox_sha1sum, openid or account")


def _group(value: object, path: str, spec: _Spec) -> None:
    """An identified Group (one IFI, members optional) or an anonymous one (members required)."""
    group = _object(value, path, "Group", required=("objectType",))
    if group["objectType"] != "Group":
        raise StatementError(_at(path, "objectType"), "must be Group")
    if "name" in group:
        _string(group["name"], _at(path, "name"))
    ifi = _ifi(group, path)
    if "member" not in group:
        if ifi is None:
            raise StatementError(
                _at(path, "member"), "is required in an anonymous Group (one without mbox, openid...)"
            )
        return
    members_path = _at(path, "member")
    members = _array(group["member"], members_path)
    if ifi is None and not members:
        raise StatementError(members_path, "an anonymous Group must list at least one member")
    for index, member in enumerate(members):
        member_path = _at(members_path, index)
        if isinstance(member, dict) and member.get("objectType") == "Group":
            raise StatementError(
                _at(member_path, "objectType"), "a Group's members must be Agents, not Groups"
            )
        _actor(member, member_path, spec, allow_group=False)


def _group_only(value: object, path: str, spec: _Spec) -> None:
    """Where xAPI wants a Group (context team, contextGroup), objectType must say so."""
    if not isinstance(value, dict):
        raise StatementError(path, "must be a Group object")
    if "objectType" not in value:
        raise StatementError(_at(path, "objectType"), "is required: this must be a Group")
    _group(value, path, spec)


def _ifi(actor: dict[str, object], path: str) -> str | None:
    """The one inverse functional identifier of an Agent or identified Group, checked; None if none."""
    present = [key for key in _IFIS if key in actor]
    if len(present) > 1:
        raise StatementError(path, f"has {' and '.join(present)}; only one identifier is allowed")
    if not present:
        return None
    key = present[0]
    value, ifi_path = actor[key], _at(path, key)
    if key == "mbox":
        _mbox(value, ifi_path)
    elif key == "mbox_sha1sum":
        if not _SHA1.fullmatch(_string(value, ifi_path)):
            raise StatementError(ifi_path, "must be the 40 hex digit SHA-1 of a mailto IRI")
    elif key == "openid":
        validate_iri(value, ifi_path)
    else:
        account = _object(value, ifi_path, "Account", required=("homePage", "name"))
        validate_iri(account["homePage"], _at(ifi_path, "homePage"))
        _string(account["name"], _at(ifi_path, "name"))
    return key


def _authority(value: object, path: str, spec: _Spec) -> None:
    """An Agent, or for 3-legged OAuth an anonymous Group of exactly two Agents (Data 2.4.9)."""
    if _actor(value, path, spec) == "Group":
        group = cast(dict[str, object], value)
        if any(key in group for key in _IFIS):
            raise StatementError(
                path, "an authority Group must be anonymous: an OAuth application and a user"
            )
        if len(cast(list[object], group["member"])) != 2:
            raise StatementError(_at(path, "member"), "an authority Group must have exactly two Agents")


# ---- verb, objects -------------------------------------------------------------------------------


def _verb(value: object, path: str) -> str:
    verb = _object(value, path, "Verb", required=("id",))
    verb_id = validate_iri(verb["id"], _at(path, "id"))
    if "display" in verb:
        validate_language_map(verb["display"], _at(path, "display"))
    return verb_id


def _statement_object(value: object, path: str, spec: _Spec, *, in_substatement: bool) -> str:
    """The object of a statement, by objectType (absent means Activity); returns the objectType."""
    if not isinstance(value, dict):
        raise StatementError(path, "must be an Activity, Agent, Group, StatementRef or SubStatement object")
    if "objectType" in value:
        object_type = value["objectType"]
        if object_type is None:
            raise StatementError(_at(path, "objectType"), "must not be null")
        if object_type not in _OBJECT_TYPES:
            raise StatementError(
                _at(path, "objectType"), f"must be one of {', '.join(_OBJECT_TYPES)} (case-sensitive)"
            )
    elif "id" not in value and any(key in value for key in (*_IFIS, "member")):
        raise StatementError(_at(path, "objectType"), "is required when the object is an Agent or Group")
    else:
        object_type = "Activity"
    if object_type == "Activity":
        _activity(value, path)
    elif object_type in ("Agent", "Group"):
        _actor(value, path, spec)
    elif object_type == "StatementRef":
        _statement_ref(value, path)
    elif in_substatement:
        raise StatementError(_at(path, "objectType"), "a SubStatement cannot contain another SubStatement")
    else:
        _substatement(value, path, spec)
    return str(object_type)


def _activity(value: object, path: str) -> None:
    activity = _object(value, path, "Activity", required=("id",))
    if activity.get("objectType", "Activity") != "Activity":
        raise StatementError(_at(path, "objectType"), "must be Activity")
    validate_iri(activity["id"], _at(path, "id"))
    if "definition" in activity:
        _definition(activity["definition"], _at(path, "definition"))


def _definition(value: object, path: str) -> None:
    definition = _object(value, path, "Activity Definition")
    for key in ("name", "description"):
        if key in definition:
            validate_language_map(definition[key], _at(path, key))
    for key in ("type", "moreInfo"):
        if key in definition:
            validate_iri(definition[key], _at(path, key))
    if "extensions" in definition:
        validate_extensions(definition["extensions"], _at(path, "extensions"))
    _interaction(definition, path)


def _interaction(definition: dict[str, object], path: str) -> None:
    """Interaction properties need an interactionType, and only the component lists that type takes."""
    used = [key for key in ("correctResponsesPattern", *_COMPONENT_LISTS) if key in definition]
    if "interactionType" not in definition:
        if used:
            raise StatementError(_at(path, used[0]), "needs an interactionType in the same definition")
        return
    interaction_type = definition["interactionType"]
    if not isinstance(interaction_type, str) or interaction_type not in _INTERACTION_COMPONENTS:
        raise StatementError(
            _at(path, "interactionType"),
            f"must be one of {', '.join(_INTERACTION_COMPONENTS)} (case-sensitive)",
        )
    if "correctResponsesPattern" in definition:
        patterns_path = _at(path, "correctResponsesPattern")
        for index, pattern in enumerate(_array(definition["correctResponsesPattern"], patterns_path)):
            _string(pattern, _at(patterns_path, index))
    supported = _INTERACTION_COMPONENTS[interaction_type]
    for key in _COMPONENT_LISTS:
        if key in definition:
            if key not in supported:
                takes = " and ".join(supported) if supported else "no component lists"
                raise StatementError(
                    _at(path, key), f"is not used by a {interaction_type} interaction; it takes {takes}"
                )
            _components(definition[key], _at(path, key))


def _components(value: object, path: str) -> None:
    first_index: dict[str, int] = {}
    for index, item in enumerate(_array(value, path)):
        item_path = _at(path, index)
        component = _object(item, item_path, "Interaction Component", required=("id",))
        component_id = _string(component["id"], _at(item_path, "id"))
        if component_id in first_index:
            raise StatementError(
                _at(item_path, "id"),
                f"{component_id!r} is already the id of item {first_index[component_id]}",
            )
        first_index[component_id] = index
        if "description" in component:
            validate_language_map(component["description"], _at(item_path, "description"))


def _statement_ref(value: object, path: str) -> None:
    ref = _object(value, path, "StatementRef", required=("objectType", "id"))
    if ref["objectType"] != "StatementRef":
        raise StatementError(_at(path, "objectType"), "must be StatementRef")
    validate_uuid(ref["id"], _at(path, "id"))


def _substatement(value: object, path: str, spec: _Spec) -> None:
    """Validated as a statement, without the properties only the LRS or the outer statement may set."""
    if isinstance(value, dict):
        for key in _NOT_IN_SUBSTATEMENT:
            if key in value:
                raise StatementError(_at(path, key), "is not allowed in a SubStatement")
    substatement = _object(value, path, "SubStatement", required=("actor", "verb", "object"))
    _statement_body(substatement, path, spec, in_substatement=True)


# ---- result, context, attachments ----------------------------------------------------------------


def _result(value: object, path: str) -> None:
    result = _object(value, path, "Result")
    if "score" in result:
        _score(result["score"], _at(path, "score"))
    for key in ("success", "completion"):
        if key in result:
            _boolean(result[key], _at(path, key))
    if "response" in result:
        _string(result["response"], _at(path, "response"))
    if "duration" in result:
        validate_duration(result["duration"], _at(path, "duration"))
    if "extensions" in result:
        validate_extensions(result["extensions"], _at(path, "extensions"))


def _score(value: object, path: str) -> None:
    score = _object(value, path, "Score")
    numbers = {key: _number(item, _at(path, key)) for key, item in score.items()}
    if "scaled" in numbers and not -1 <= numbers["scaled"] <= 1:
        raise StatementError(_at(path, "scaled"), "must be between -1 and 1 inclusive")
    low, high, raw = numbers.get("min"), numbers.get("max"), numbers.get("raw")
    if low is not None and high is not None and low > high:
        raise StatementError(_at(path, "min"), "must not be greater than max")
    if raw is not None and low is not None and raw < low:
        raise StatementError(_at(path, "raw"), "must not be less than min")
    if raw is not None and high is not None and raw > high:
        raise StatementError(_at(path, "raw"), "must not be greater than max")


def _context(value: object, path: str, spec: _Spec, object_type: str) -> None:
    if isinstance(value, dict) and not spec.v2:
        for key in _CONTEXT_ADDED_IN_2_0:
            if key in value:
                raise StatementError(
                    _at(path, key), "is not a property of a Context in xAPI 1.0.x (added in 2.0)"
                )
    allowed = _PROPERTIES["Context"].union(_CONTEXT_ADDED_IN_2_0) if spec.v2 else None
    context = _object(value, path, "Context", allowed=allowed)
    if "registration" in context:
        validate_uuid(context["registration"], _at(path, "registration"))
    if "instructor" in context:
        _actor(context["instructor"], _at(path, "instructor"), spec)
    if "team" in context:
        _group_only(context["team"], _at(path, "team"), spec)
    if "contextActivities" in context:
        _context_activities(context["contextActivities"], _at(path, "contextActivities"))
    for key in ("revision", "platform"):
        if key in context:
            _string(context[key], _at(path, key))
            if object_type != "Activity":
                raise StatementError(
                    _at(path, key), f"is only allowed when the object is an Activity, not {object_type}"
                )
    if "language" in context:
        validate_language_tag(context["language"], _at(path, "language"))
    if "statement" in context:
        _statement_ref(context["statement"], _at(path, "statement"))
    if "extensions" in context:
        validate_extensions(context["extensions"], _at(path, "extensions"))
    for key, kind in (("contextAgents", "contextAgent"), ("contextGroups", "contextGroup")):
        if key in context:
            entries_path = _at(path, key)
            for index, entry in enumerate(_array(context[key], entries_path)):
                _context_actor(entry, _at(entries_path, index), spec, kind)


def _context_activities(value: object, path: str) -> None:
    """Each of parent, grouping, category, other is an Activity or an array of them (Data 2.4.6.2)."""
    context_activities = _object(value, path, "contextActivities")
    for key, item in context_activities.items():
        item_path = _at(path, key)
        if isinstance(item, list):
            for index, activity in enumerate(item):
                _activity(activity, _at(item_path, index))
        elif isinstance(item, dict):
            _activity(item, item_path)
        else:
            raise StatementError(item_path, "must be an Activity object or an array of them")


def _context_actor(value: object, path: str, spec: _Spec, kind: str) -> None:
    """A 2.0 contextAgent (an Agent) or contextGroup (a Group), with optional relevant activity types."""
    member = "agent" if kind == "contextAgent" else "group"
    entry = _object(value, path, kind, required=("objectType", member))
    if entry["objectType"] != kind:
        raise StatementError(_at(path, "objectType"), f"must be {kind} (case-sensitive)")
    if member == "agent":
        _actor(entry["agent"], _at(path, "agent"), spec, allow_group=False)
    else:
        _group_only(entry["group"], _at(path, "group"), spec)
    if "relevantTypes" in entry:
        types_path = _at(path, "relevantTypes")
        relevant_types = _array(entry["relevantTypes"], types_path)
        if not relevant_types:
            raise StatementError(types_path, "must list at least one activity type IRI when present")
        for index, iri in enumerate(relevant_types):
            validate_iri(iri, _at(types_path, index))


def _attachment(value: object, path: str) -> None:
    required = ("usageType", "display", "contentType", "length", "sha2")
    attachment = _object(value, path, "Attachment", required=required)
    usage_type = validate_iri(attachment["usageType"], _at(path, "usageType"))
    validate_language_map(attachment["display"], _at(path, "display"))
    if "description" in attachment:
        validate_language_map(attachment["description"], _at(path, "description"))
    content_type = _string(attachment["contentType"], _at(path, "contentType"))
    if not _MEDIA_TYPE.fullmatch(content_type):
        raise StatementError(
            _at(path, "contentType"), "must be an Internet media type such as application/pdf"
        )
    if _integer(attachment["length"], _at(path, "length")) < 0:
        raise StatementError(_at(path, "length"), "must not be negative")
    if not _SHA2.fullmatch(_string(attachment["sha2"], _at(path, "sha2"))):
        raise StatementError(_at(path, "sha2"), "must be a hex SHA-2 hash (64 hex digits for SHA-256)")
    if "fileUrl" in attachment:
        validate_iri(attachment["fileUrl"], _at(path, "fileUrl"))
    if usage_type == _SIGNATURE and content_type != "application/octet-stream":
        raise StatementError(_at(path, "contentType"), "must be application/octet-stream for a signature")


# ---- statements ----------------------------------------------------------------------------------


def _statement_body(statement: dict[str, object], path: str, spec: _Spec, *, in_substatement: bool) -> None:
    """What statements and SubStatements share: actor, verb, object, result, context, timestamp..."""
    _actor(statement["actor"], _at(path, "actor"), spec)
    verb_id = _verb(statement["verb"], _at(path, "verb"))
    object_path = _at(path, "object")
    object_type = _statement_object(statement["object"], object_path, spec, in_substatement=in_substatement)
    if verb_id == _VOIDED and object_type != "StatementRef":
        raise StatementError(_at(object_path, "objectType"), "must be StatementRef when the verb is voided")
    if "result" in statement:
        _result(statement["result"], _at(path, "result"))
    if "context" in statement:
        _context(statement["context"], _at(path, "context"), spec, object_type)
    if "timestamp" in statement:
        _timestamp(statement["timestamp"], _at(path, "timestamp"), spec)
    if "attachments" in statement:
        attachments_path = _at(path, "attachments")
        for index, attachment in enumerate(_array(statement["attachments"], attachments_path)):
            _attachment(attachment, _at(attachments_path, index))


def _statement(value: object, path: str, spec: _Spec) -> dict[str, object]:
    statement = _object(value, path, "Statement", required=("actor", "verb", "object"))
    if "id" in statement:
        validate_uuid(statement["id"], _at(path, "id"))
    if "version" in statement:
        _statement_version(statement["version"], _at(path, "version"), spec)
    _statement_body(statement, path, spec, in_substatement=False)
    if "stored" in statement:
        _timestamp(statement["stored"], _at(path, "stored"), spec)
    if "authority" in statement:
        _authority(statement["authority"], _at(path, "authority"), spec)
    return statement


def _statement_version(value: object, path: str, spec: _Spec) -> None:
    """1.0.x requests accept 1.0 and 1.0.x; 2.0 requests accept those and 2.0, 2.0.x (Data 2.4.10)."""
    text = _string(value, path)
    families = "12" if spec.v2 else "1"
    if not re.fullmatch(rf"[{families}]\.0(?:\.[0-9]+)?", text):
        expected = "1.0.x or 2.0.x" if spec.v2 else "1.0.x"
        raise StatementError(path, f"{text!r} is not a supported statement version; expected {expected}")


def refuse_nul(value: object, path: str) -> None:
    """Refuse U+0000 in any string or key: PostgreSQL cannot hold it in text, so both databases refuse
    it alike, with the property named, rather than one of them failing at the insert."""
    if isinstance(value, str):
        if "\x00" in value:
            raise StatementError(path, "contains U+0000 (NUL), which the record store does not accept")
    elif isinstance(value, dict):
        for key, member in value.items():
            refuse_nul(key, f"{path} (a property name)")
            refuse_nul(member, _at(path, key))
    elif isinstance(value, list):
        for index, member in enumerate(value):
            refuse_nul(member, _at(path, index))


def validate_statement(statement: object, version: str) -> None:
    """One statement from a client speaking xAPI `version` (its X-Experience-API-Version header)."""
    _statement(statement, "statement", _spec(version))


def validate_statements(body: object, version: str) -> list[dict[str, object]]:
    """A POST body: one statement or an array; all or nothing, and no id twice in one batch."""
    spec = _spec(version)
    if isinstance(body, dict):
        return [_statement(body, "statement", spec)]
    if not isinstance(body, list):
        raise StatementError("statements", "must be a statement object or an array of statements")
    statements: list[dict[str, object]] = []
    first_index: dict[str, int] = {}
    for index, item in enumerate(body):
        path = f"statements[{index}]"
        statement = _statement(item, path, spec)
        if "id" in statement:
            statement_id = cast(str, statement["id"]).lower()  # a valid UUID: lower case is its one form
            if statement_id in first_index:
                raise StatementError(
                    f"{path}.id", f"repeats the id of statements[{first_index[statement_id]}]"
                )
            first_index[statement_id] = index
        statements.append(statement)
    return statements
