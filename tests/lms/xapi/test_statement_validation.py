"""The strict xAPI statement validator: what an LRS client sees when it sends good and bad statements."""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import cast

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from karmayogi.lms.xapi.validation import (
    StatementError,
    validate_agent,
    validate_duration,
    validate_iri,
    validate_language_map,
    validate_language_tag,
    validate_statement,
    validate_statements,
    validate_timestamp,
    validate_uuid,
)

VERSIONS_1 = ("1.0.0", "1.0.3", "1.0")
VERSIONS = (*VERSIONS_1, "2.0.0")

ATTENDED = {
    "id": "http://adlnet.gov/expapi/verbs/attended",
    "display": {"en-US": "attended", "hi-IN": "उपस्थित"},
}
LEARNER = {"objectType": "Agent", "name": "Asha Rao", "mbox": "mailto:asha.rao@example.gov.in"}
COURSE = "https://igot.example.gov.in/courses/public-procurement"
SHA256 = "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"
PLAYER = {"objectType": "Agent", "mbox": "mailto:player-1@example.com"}
TEAM = {
    "objectType": "Group",
    "name": "Procurement cell",
    "account": {"homePage": "https://igot.example.gov.in", "name": "team-42"},
    "member": [PLAYER, {"mbox_sha1sum": "cd9b00a5611f94eaa7b1661edab976068e364975"}],
}

MINIMAL = {
    "actor": {"mbox": "mailto:xapi@adlnet.gov"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/created"},
    "object": {"id": "http://example.adlnet.gov/xapi/example/activity"},
}

# Every statement property, valid under 1.0.x and 2.0.
FULL = {
    "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
    "actor": LEARNER,
    "verb": ATTENDED,
    "object": {
        "objectType": "Activity",
        "id": f"{COURSE}/quiz/q1",
        "definition": {
            "name": {"en": "Which methods are open tenders?"},
            "description": {"en": "Pick every open method", "zh-Hans-CN": "选择"},
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "moreInfo": f"{COURSE}/quiz/q1/info",
            "interactionType": "choice",
            "correctResponsesPattern": ["open[,]limited", "open"],
            "choices": [
                {"id": "open", "description": {"en-US": "Open tender"}},
                {"id": "limited", "description": {"en-US": "Limited tender"}},
                {"id": "single"},
            ],
            "extensions": {"https://igot.example.gov.in/xapi/ext/level": 3, "urn:x-karmayogi:note": None},
        },
    },
    "result": {
        "score": {"scaled": 0.95, "raw": 95, "min": 0, "max": 100},
        "success": True,
        "completion": True,
        "response": "open[,]limited",
        "duration": "PT4H35M59.14S",
        "extensions": {"https://igot.example.gov.in/xapi/ext/attempt": {"n": 2, "hints": []}},
    },
    "context": {
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "instructor": {"objectType": "Agent", "openid": "https://openid.example.gov.in/trainer/7"},
        "team": TEAM,
        "contextActivities": {
            "parent": [{"id": f"{COURSE}/quiz"}],
            "grouping": {"objectType": "Activity", "id": COURSE},
            "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}],
            "other": [],
        },
        "revision": "rev-3",
        "platform": "iGOT Karmayogi",
        "language": "en-IN",
        "statement": {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"},
        "extensions": {"https://igot.example.gov.in/xapi/ext/ministry": "MoF"},
    },
    "timestamp": "2024-05-04T12:00:00.123+05:30",
    "stored": "2024-05-04T06:30:01.000Z",
    "authority": {
        "objectType": "Group",
        "member": [
            {"account": {"homePage": "http://example.com/xAPI/OAuth/Token", "name": "oauth_consumer_x75db"}},
            {"mbox": "mailto:bob@example.com"},
        ],
    },
    "version": "1.0.0",
    "attachments": [
        {
            "usageType": "http://adlnet.gov/expapi/attachments/certificate",
            "display": {"en-US": "Certificate"},
            "description": {"en-US": "Course certificate", "es-MX": "Certificado"},
            "contentType": "application/pdf",
            "length": 27,
            "sha2": SHA256,
            "fileUrl": "https://igot.example.gov.in/certificates/42.pdf",
        }
    ],
}

# A 2.0 statement with contextAgents and contextGroups.
V2 = copy.deepcopy(FULL) | {"version": "2.0.0"}
V2["context"]["contextAgents"] = [
    {
        "objectType": "contextAgent",
        "agent": PLAYER,
        "relevantTypes": ["https://example.com/xapi/activity-types/personnel/player"],
    },
    {"objectType": "contextAgent", "agent": {"account": {"homePage": "https://x.example", "name": "7"}}},
]
V2["context"]["contextGroups"] = [
    {
        "objectType": "contextGroup",
        "group": TEAM,
        "relevantTypes": ["https://example.com/xapi/activity-types/team/a"],
    }
]

SUBSTATEMENT = {
    "actor": LEARNER,
    "verb": {"id": "http://example.com/planned", "display": {"en-US": "planned"}},
    "object": {
        "objectType": "SubStatement",
        "actor": {"objectType": "Group", "member": [PLAYER]},
        "verb": {"id": "http://example.com/visited", "display": {"en-US": "will visit"}},
        "object": {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"},
        "result": {"completion": False},
        "context": {"instructor": TEAM, "contextActivities": {"parent": {"id": COURSE}}},
        "timestamp": "2030-01-01T00:00:00Z",
    },
}

GROUP_ACTOR = {
    "actor": {"objectType": "Group", "name": "Batch 7", "member": [PLAYER, LEARNER]},
    "verb": ATTENDED,
    "object": {
        "objectType": "Agent",
        "account": {"homePage": "https://igot.example.gov.in", "name": "mentor-9"},
    },
    "context": {"instructor": {"objectType": "Group", "mbox": "mailto:faculty@example.gov.in"}},
}

VOIDING = {
    "actor": {"objectType": "Agent", "name": "Example Admin", "mbox": "mailto:admin@example.adlnet.gov"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
    "object": {"objectType": "StatementRef", "id": "e05aa883-acaf-40ad-bf54-02c8ce485fb0"},
}


def interaction(interaction_type: str, **components: list[str]) -> dict[str, object]:
    definition: dict[str, object] = {"interactionType": interaction_type, "correctResponsesPattern": ["a"]}
    for key, ids in components.items():
        definition[key] = [{"id": item, "description": {"en": item}} for item in ids]
    return MINIMAL | {"object": {"id": f"{COURSE}/{interaction_type}", "definition": definition}}


DELETE = object()


def fresh(statement: dict[str, object]) -> dict[str, object]:
    """A copy sharing no objects (deepcopy would keep PLAYER one object wherever it appears)."""
    return cast(dict[str, object], json.loads(json.dumps(statement)))


def changed(statement: dict[str, object], changes: dict[str, object]) -> dict[str, object]:
    """A copy of the statement with dotted paths ("context.team.member.0") set, or deleted with DELETE."""
    result = fresh(statement)
    for dotted, value in changes.items():
        *parents, last = [int(part) if part.isdigit() else part for part in dotted.split(".")]
        target: object = result
        for part in parents:
            target = target[part]  # type: ignore[index]
        if value is DELETE:
            del target[last]  # type: ignore[attr-defined]
        elif isinstance(target, list) and last == len(target):
            target.append(copy.deepcopy(value))
        else:
            target[last] = copy.deepcopy(value)  # type: ignore[index]
    return result


def rejection(statement: object, version: str = "2.0.0") -> StatementError:
    with pytest.raises(StatementError) as caught:
        validate_statement(statement, version)
    return caught.value


# ---- valid statements ----------------------------------------------------------------------------


VALID_EVERYWHERE = {
    "minimal": MINIMAL,
    "full": FULL,
    "substatement": SUBSTATEMENT,
    "group actor, agent object": GROUP_ACTOR,
    "voiding": VOIDING,
    "true-false": interaction("true-false"),
    "choice": interaction("choice", choices=["a", "b"]),
    "sequencing": interaction("sequencing", choices=["a", "b"]),
    "likert": interaction("likert", scale=["1", "2", "3"]),
    "matching": interaction("matching", source=["a"], target=["1", "2"]),
    "matching, source only": interaction("matching", source=["a"]),
    "performance": interaction("performance", steps=["s1"]),
    "numeric": interaction("numeric"),
    "other, no pattern": changed(interaction("other"), {"object.definition.correctResponsesPattern": DELETE}),
    "empty correct pattern": changed(
        interaction("fill-in"), {"object.definition.correctResponsesPattern": []}
    ),
    "long-fill-in": interaction("long-fill-in"),
    "object without objectType": changed(
        MINIMAL, {"object": {"id": "urn:uuid:6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}}
    ),
    "identified group, no member": MINIMAL
    | {"actor": {"objectType": "Group", "openid": "https://id.example/g"}},
    "identified group, empty member": MINIMAL
    | {"actor": {"objectType": "Group", "mbox": "mailto:g@x.in", "member": []}},
    "authority agent": MINIMAL
    | {"authority": {"objectType": "Agent", "account": {"homePage": "https://a.b", "name": ""}}},
    "uppercase uuid, nil-variant uuid": MINIMAL
    | {
        "id": "AA97B177-9383-4934-8543-0F91A7A02836",
        "context": {"registration": "12345678-1234-5678-1234-567812345678"},
    },
    "space separated timestamp": MINIMAL | {"timestamp": "2008-09-15 15:53:00.601+00:00"},
    "timestamp to the minute": MINIMAL | {"timestamp": "2023-05-04T12:00-05:00"},
    "basic format timestamp": MINIMAL | {"timestamp": "20080915T155300.5+0530"},
    "version 1.0": MINIMAL | {"version": "1.0"},
    "version 1.0.9": MINIMAL | {"version": "1.0.9"},
    "duration with more than centiseconds": MINIMAL | {"result": {"duration": "P1DT12H36M0.12567S"}},
    "duration in weeks": MINIMAL | {"result": {"duration": "P4W"}},
    "score equal bounds": MINIMAL | {"result": {"score": {"raw": 1, "min": 1, "max": 1, "scaled": -1}}},
    "empty extensions, null values": MINIMAL
    | {"result": {"extensions": {}}, "context": {"extensions": {"http://example.com/ex": None}}},
    "media type with parameters": changed(FULL, {"attachments.0.contentType": 'text/plain; charset="ascii"'}),
    "signature attachment": changed(
        FULL,
        {
            "attachments.0.usageType": "http://adlnet.gov/expapi/attachments/signature",
            "attachments.0.contentType": "application/octet-stream",
            "attachments.0.sha2": "ab" * 48,
        },
    ),
    "revision with untyped activity": MINIMAL | {"context": {"revision": "2", "platform": "web"}},
    "grandfathered and private tags": changed(MINIMAL, {"verb.display": {"i-klingon": "x", "x-karma": "y"}}),
    "unicode iri": changed(MINIMAL, {"object.id": "http://example.com/فعل/خواندن?q=1#top"}),
}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("statement", VALID_EVERYWHERE.values(), ids=VALID_EVERYWHERE.keys())
def test_a_valid_statement_passes_and_is_left_unchanged(statement: dict[str, object], version: str) -> None:
    before = copy.deepcopy(statement)
    validate_statement(statement, version)
    assert statement == before


def test_a_2_0_statement_with_context_agents_and_groups_passes() -> None:
    validate_statement(V2, "2.0.0")
    on_substatement = {
        "object": SUBSTATEMENT["object"],
        "context.revision": DELETE,
        "context.platform": DELETE,
    }
    validate_statement(changed(V2, on_substatement), "2.0.0")


def test_a_timestamp_without_time_zone_passes_in_1_0_only() -> None:
    statement = MINIMAL | {"timestamp": "2015-11-18T12:17:00"}
    validate_statement(statement, "1.0.3")
    assert rejection(statement, "2.0.0").path == "statement.timestamp"


# ---- one failing example per rule ----------------------------------------------------------------

CASES: list[tuple[str, dict[str, object], dict[str, object], str, str]] = [
    # statement
    ("missing actor", FULL, {"actor": DELETE}, "statement.actor", "is required"),
    ("missing verb", FULL, {"verb": DELETE}, "statement.verb", "is required"),
    ("missing object", FULL, {"object": DELETE}, "statement.object", "is required"),
    ("key in wrong case", MINIMAL, {"Actor": LEARNER}, "statement.Actor", "not a property of a Statement"),
    (
        "objectType on a statement",
        MINIMAL,
        {"objectType": "Statement"},
        "statement.objectType",
        "not a property",
    ),
    ("null property", FULL, {"context": None}, "statement.context", "must not be null"),
    ("null deep down", FULL, {"result.score.raw": None}, "statement.result.score.raw", "must not be null"),
    ("id too long", FULL, {"id": "AA97B177-9383-4934-8543-0F91A7A028368"}, "statement.id", "UUID"),
    ("id bad letter", FULL, {"id": "MA97B177-9383-4934-8543-0F91A7A02836"}, "statement.id", "UUID"),
    ("id in braces", FULL, {"id": "{6690e6c9-3ef0-4ed3-8b37-7f3964730bee}"}, "statement.id", "UUID"),
    ("id numeric", FULL, {"id": 12345}, "statement.id", "must be a string"),
    ("version 1.1.0", FULL, {"version": "1.1.0"}, "statement.version", "not a supported"),
    ("version 0.9.9", FULL, {"version": "0.9.9"}, "statement.version", "not a supported"),
    ("version 3.0.0", FULL, {"version": "3.0.0"}, "statement.version", "not a supported"),
    ("version prerelease", FULL, {"version": "2.0.0-beta"}, "statement.version", "not a supported"),
    ("timestamp not a date", FULL, {"timestamp": "01/011/2015"}, "statement.timestamp", "ISO 8601"),
    ("timestamp -00", FULL, {"timestamp": "2008-09-15T15:53:00.601-00"}, "statement.timestamp", "-00:00"),
    (
        "timestamp -00:00",
        FULL,
        {"timestamp": "2008-09-15T15:53:00.601-00:00"},
        "statement.timestamp",
        "-00:00",
    ),
    ("timestamp -0000", FULL, {"timestamp": "2008-09-15T15:53:00.601-0000"}, "statement.timestamp", "offset"),
    ("timestamp no offset", FULL, {"timestamp": "2008-09-15T15:53:00"}, "statement.timestamp", "time zone"),
    ("timestamp Feb 30", FULL, {"timestamp": "2015-02-30T00:00:00Z"}, "statement.timestamp", "real date"),
    ("timestamp date only", FULL, {"timestamp": "2015-02-03"}, "statement.timestamp", "ISO 8601"),
    ("stored invalid", FULL, {"stored": "yesterday"}, "statement.stored", "ISO 8601"),
    # actor, agents, groups
    (
        "mbox not mailto",
        FULL,
        {"actor.mbox": "asha@example.gov.in"},
        "statement.actor.mbox",
        "must be a mailto IRI",
    ),
    ("mbox http", FULL, {"actor.mbox": "http://should.fail.com"}, "statement.actor.mbox", "mailto"),
    (
        "mbox no address",
        FULL,
        {"actor.mbox": "mailto:should.fail.com"},
        "statement.actor.mbox",
        "email address",
    ),
    ("mbox two addresses", FULL, {"actor.mbox": "mailto:a@x.in,b@x.in"}, "statement.actor.mbox", "email"),
    ("two IFIs", FULL, {"actor.openid": "https://openid.example/a"}, "statement.actor", "only one"),
    ("no IFI", FULL, {"actor.mbox": DELETE}, "statement.actor", "must have one of"),
    ("sha1 short", FULL, {"actor": {"mbox_sha1sum": "cd9b00a5"}}, "statement.actor.mbox_sha1sum", "40 hex"),
    ("sha1 numeric", FULL, {"actor": {"mbox_sha1sum": 123}}, "statement.actor.mbox_sha1sum", "string"),
    ("openid no scheme", FULL, {"actor": {"openid": "open.id.com/u"}}, "statement.actor.openid", "IRI"),
    ("openid bad scheme", FULL, {"actor": {"openid": "ab=c://x.com"}}, "statement.actor.openid", "IRI"),
    (
        "account homePage",
        FULL,
        {"actor": {"account": {"homePage": "homePage.com/u", "name": "1"}}},
        "statement.actor.account.homePage",
        "IRI",
    ),
    (
        "account no name",
        FULL,
        {"authority": {"account": {"homePage": "https://a.b"}}},
        "statement.authority.account.name",
        "required",
    ),
    (
        "account name object",
        FULL,
        {"actor": {"account": {"homePage": "https://a.b", "name": {"k": "v"}}}},
        "statement.actor.account.name",
        "string",
    ),
    (
        "account extra key",
        FULL,
        {"actor": {"account": {"homePage": "https://a.b", "name": "1", "id": "2"}}},
        "statement.actor.account.id",
        "not a property of an Account",
    ),
    (
        "objectType lowercase",
        FULL,
        {"actor.objectType": "agent"},
        "statement.actor.objectType",
        "case-sensitive",
    ),
    ("objectType numeric", FULL, {"actor.objectType": 123}, "statement.actor.objectType", "Agent or Group"),
    ("name numeric", FULL, {"actor.name": 123}, "statement.actor.name", "string"),
    (
        "member on an Agent",
        FULL,
        {"actor.member": [PLAYER]},
        "statement.actor.member",
        "not a property of an Agent",
    ),
    (
        "anonymous group no member",
        FULL,
        {"actor": {"objectType": "Group"}},
        "statement.actor.member",
        "required",
    ),
    (
        "anonymous group empty member",
        FULL,
        {"actor": {"objectType": "Group", "member": []}},
        "statement.actor.member",
        "at least one",
    ),
    ("member not array", GROUP_ACTOR, {"actor.member": PLAYER}, "statement.actor.member", "array"),
    (
        "group in group",
        GROUP_ACTOR,
        {"actor.member.1": {"objectType": "Group", "mbox": "mailto:g@x.in"}},
        "statement.actor.member[1].objectType",
        "Agents, not Groups",
    ),
    (
        "member without IFI",
        GROUP_ACTOR,
        {"actor.member.0": {"name": "x"}},
        "statement.actor.member[0]",
        "one of",
    ),
    ("group two IFIs", FULL, {"context.team.mbox": "mailto:t@x.in"}, "statement.context.team", "only one"),
    # verb
    ("verb without id", FULL, {"verb.id": DELETE}, "statement.verb.id", "required"),
    ("verb id no scheme", FULL, {"verb.id": "adlnet.gov/expapi/verbs/attended"}, "statement.verb.id", "IRI"),
    ("verb id with space", FULL, {"verb.id": "http://x.org/a verb"}, "statement.verb.id", "IRI"),
    ("display a string", FULL, {"verb.display": "a12345 attended"}, "statement.verb.display", "language map"),
    ("display numeric", FULL, {"verb.display": 12345}, "statement.verb.display", "language map"),
    (
        "display bad tag",
        FULL,
        {"verb.display": {"a12345678": "x"}},
        "statement.verb.display.a12345678",
        "RFC 5646",
    ),
    (
        "display 9 letters",
        FULL,
        {"verb.display": {"en-something-AU": "x"}},
        'statement.verb.display["en-something-AU"]',
        "RFC 5646",
    ),
    (
        "display repeated singleton",
        FULL,
        {"verb.display": {"zh-z-aaa-z-bbb": "x"}},
        'statement.verb.display["zh-z-aaa-z-bbb"]',
        "repeats",
    ),
    (
        "display value numeric",
        FULL,
        {"verb.display": {"en-US": 1}},
        'statement.verb.display["en-US"]',
        "string",
    ),
    ("verb extra key", FULL, {"verb.name": "attended"}, "statement.verb.name", "not a property of a Verb"),
    (
        "voided an activity",
        VOIDING,
        {"object": {"id": COURSE}},
        "statement.object.objectType",
        "StatementRef",
    ),
    # activity objects
    ("object not an object", FULL, {"object": "activity"}, "statement.object", "must be an Activity"),
    (
        "objectType lowercase activity",
        FULL,
        {"object.objectType": "activity"},
        "statement.object.objectType",
        "one of",
    ),
    (
        "objectType statementref",
        VOIDING,
        {"object.objectType": "statementref"},
        "statement.object.objectType",
        "one of",
    ),
    ("activity without id", FULL, {"object.id": DELETE}, "statement.object.id", "required"),
    ("activity id not IRI", FULL, {"object.id": "should error"}, "statement.object.id", "IRI"),
    (
        "definition a string",
        FULL,
        {"object.definition": "x"},
        "statement.object.definition",
        "must be an Activity Definition",
    ),
    ("name numeric", FULL, {"object.definition.name": 1}, "statement.object.definition.name", "language map"),
    (
        "description bad tag",
        FULL,
        {"object.definition.description": {"something": "x"}},
        "statement.object.definition.description.something",
        "RFC 5646",
    ),
    ("type not IRI", FULL, {"object.definition.type": "meeting"}, "statement.object.definition.type", "IRI"),
    (
        "moreInfo not IRL",
        FULL,
        {"object.definition.moreInfo": "virtualmeeting.example.com/345256"},
        "statement.object.definition.moreInfo",
        "IRI",
    ),
    (
        "interactionType case",
        FULL,
        {"object.definition.interactionType": "choiCe"},
        "statement.object.definition.interactionType",
        "case-sensitive",
    ),
    (
        "interactionType IRI",
        FULL,
        {"object.definition.interactionType": "http://x.org/choice"},
        "statement.object.definition.interactionType",
        "one of",
    ),
    (
        "interactionType numeric",
        FULL,
        {"object.definition.interactionType": 12345},
        "statement.object.definition.interactionType",
        "one of",
    ),
    (
        "pattern without type",
        FULL,
        {"object.definition.interactionType": DELETE, "object.definition.choices": DELETE},
        "statement.object.definition.correctResponsesPattern",
        "interactionType",
    ),
    (
        "choices without type",
        FULL,
        {"object.definition.interactionType": DELETE, "object.definition.correctResponsesPattern": DELETE},
        "statement.object.definition.choices",
        "interactionType",
    ),
    (
        "pattern a string",
        FULL,
        {"object.definition.correctResponsesPattern": "open"},
        "statement.object.definition.correctResponsesPattern",
        "array",
    ),
    (
        "pattern of numbers",
        FULL,
        {"object.definition.correctResponsesPattern": [1]},
        "statement.object.definition.correctResponsesPattern[0]",
        "string",
    ),
    (
        "scale on a choice",
        FULL,
        {"object.definition.scale": [{"id": "1"}]},
        "statement.object.definition.scale",
        "takes choices",
    ),
    (
        "choices on likert",
        interaction("likert", scale=["1"], choices=["a"]),
        {},
        "statement.object.definition.choices",
        "takes scale",
    ),
    (
        "steps on numeric",
        interaction("numeric", steps=["a"]),
        {},
        "statement.object.definition.steps",
        "no component lists",
    ),
    (
        "repeated component id",
        FULL,
        {"object.definition.choices.2.id": "open"},
        "statement.object.definition.choices[2].id",
        "already the id of item 0",
    ),
    (
        "component without id",
        FULL,
        {"object.definition.choices.1.id": DELETE},
        "statement.object.definition.choices[1].id",
        "required",
    ),
    (
        "component numeric id",
        FULL,
        {"object.definition.choices.1.id": 2},
        "statement.object.definition.choices[1].id",
        "string",
    ),
    (
        "component extra key",
        FULL,
        {"object.definition.choices.0.correct": True},
        "statement.object.definition.choices[0].correct",
        "Interaction Component",
    ),
    (
        "component description",
        FULL,
        {"object.definition.choices.0.description": "x"},
        "statement.object.definition.choices[0].description",
        "language map",
    ),
    (
        "components not a list",
        FULL,
        {"object.definition.choices": {"id": "a"}},
        "statement.object.definition.choices",
        "array",
    ),
    (
        "extension key not IRI",
        FULL,
        {"object.definition.extensions": {"should fail": True}},
        'statement.object.definition.extensions["should fail"]',
        "IRI",
    ),
    (
        "extensions a string",
        FULL,
        {"object.definition.extensions": "x"},
        "statement.object.definition.extensions",
        "extensions object",
    ),
    (
        "agent object without objectType",
        FULL,
        {"object": {"mbox": "mailto:a@b.in"}},
        "statement.object.objectType",
        "required",
    ),
    (
        "group object without member",
        FULL,
        {"object": {"objectType": "Group"}},
        "statement.object.member",
        "required",
    ),
    # statement references and substatements
    ("statementref bad id", VOIDING, {"object.id": "not-a-uuid"}, "statement.object.id", "UUID"),
    ("statementref no id", VOIDING, {"object.id": DELETE}, "statement.object.id", "required"),
    (
        "statementref extra key",
        VOIDING,
        {"object.definition": {}},
        "statement.object.definition",
        "StatementRef",
    ),
    (
        "substatement with id",
        SUBSTATEMENT,
        {"object.id": str(uuid.uuid4())},
        "statement.object.id",
        "not allowed in a SubStatement",
    ),
    (
        "substatement with stored",
        SUBSTATEMENT,
        {"object.stored": "2024-01-01T00:00:00Z"},
        "statement.object.stored",
        "SubStatement",
    ),
    (
        "substatement with version",
        SUBSTATEMENT,
        {"object.version": "1.0.0"},
        "statement.object.version",
        "SubStatement",
    ),
    (
        "substatement with authority",
        SUBSTATEMENT,
        {"object.authority": PLAYER},
        "statement.object.authority",
        "SubStatement",
    ),
    (
        "nested substatement",
        SUBSTATEMENT,
        {
            "object.object": {
                "objectType": "SubStatement",
                "actor": PLAYER,
                "verb": ATTENDED,
                "object": {"id": COURSE},
            }
        },
        "statement.object.object.objectType",
        "cannot contain another SubStatement",
    ),
    ("substatement without verb", SUBSTATEMENT, {"object.verb": DELETE}, "statement.object.verb", "required"),
    (
        "substatement bad timestamp",
        SUBSTATEMENT,
        {"object.timestamp": "should fail"},
        "statement.object.timestamp",
        "ISO 8601",
    ),
    (
        "substatement objectType case",
        SUBSTATEMENT,
        {"object.objectType": "substatement"},
        "statement.object.objectType",
        "one of",
    ),
    (
        "substatement voided activity",
        SUBSTATEMENT,
        {"object.verb.id": "http://adlnet.gov/expapi/verbs/voided", "object.object": {"id": COURSE}},
        "statement.object.object.objectType",
        "voided",
    ),
    # result and score
    ("score numeric", FULL, {"result.score": 95}, "statement.result.score", "Score object"),
    (
        "scaled above 1",
        FULL,
        {"result.score.scaled": 1.01},
        "statement.result.score.scaled",
        "between -1 and 1",
    ),
    (
        "scaled below -1",
        FULL,
        {"result.score.scaled": -1.00001},
        "statement.result.score.scaled",
        "between -1 and 1",
    ),
    ("raw above max", FULL, {"result.score.raw": 101}, "statement.result.score.raw", "greater than max"),
    ("raw below min", FULL, {"result.score.raw": -0.5}, "statement.result.score.raw", "less than min"),
    (
        "raw below min alone",
        FULL,
        {"result.score": {"raw": 1, "min": 2}},
        "statement.result.score.raw",
        "less than min",
    ),
    (
        "min above max",
        FULL,
        {"result.score": {"min": 0.6767676, "max": 0.6767355}},
        "statement.result.score.min",
        "greater than max",
    ),
    ("max a string", FULL, {"result.score.max": "100"}, "statement.result.score.max", "number"),
    ("raw a boolean", FULL, {"result.score.raw": True}, "statement.result.score.raw", "number"),
    (
        "score extra key",
        FULL,
        {"result.score.percent": 95},
        "statement.result.score.percent",
        "not a property of a Score",
    ),
    ("success a string", FULL, {"result.success": "true"}, "statement.result.success", "boolean"),
    ("completion a string", FULL, {"result.completion": "false"}, "statement.result.completion", "boolean"),
    ("completion a number", FULL, {"result.completion": 1}, "statement.result.completion", "boolean"),
    ("response numeric", FULL, {"result.response": 12345}, "statement.result.response", "string"),
    (
        "duration bad designator",
        FULL,
        {"result.duration": "PA1H0M0S"},
        "statement.result.duration",
        "ISO 8601 duration",
    ),
    (
        "duration weeks and days",
        FULL,
        {"result.duration": "P4W1D"},
        "statement.result.duration",
        "ISO 8601 duration",
    ),
    (
        "duration alternative format",
        FULL,
        {"result.duration": "PT01:30:00"},
        "statement.result.duration",
        "ISO 8601 duration",
    ),
    (
        "duration empty time",
        FULL,
        {"result.duration": "P1DT"},
        "statement.result.duration",
        "ISO 8601 duration",
    ),
    (
        "duration fraction early",
        FULL,
        {"result.duration": "PT1.5H30M"},
        "statement.result.duration",
        "fraction",
    ),
    ("duration numeric", FULL, {"result.duration": 12345}, "statement.result.duration", "string"),
    (
        "result extensions numeric",
        FULL,
        {"result.extensions": 12345},
        "statement.result.extensions",
        "extensions object",
    ),
    (
        "result extension key",
        FULL,
        {"result.extensions": {"attempt": 1}},
        "statement.result.extensions.attempt",
        "IRI",
    ),
    # context
    (
        "registration not uuid",
        FULL,
        {"context.registration": "should fail"},
        "statement.context.registration",
        "UUID",
    ),
    (
        "registration object",
        FULL,
        {"context.registration": {"key": "x"}},
        "statement.context.registration",
        "string",
    ),
    (
        "instructor a string",
        FULL,
        {"context.instructor": "should fail"},
        "statement.context.instructor",
        "Agent or Group",
    ),
    (
        "instructor unknown key",
        FULL,
        {"context.instructor": {"key": "x"}},
        "statement.context.instructor.key",
        "not a property",
    ),
    ("team an agent", FULL, {"context.team": LEARNER}, "statement.context.team.objectType", "Group"),
    (
        "team without objectType",
        FULL,
        {"context.team.objectType": DELETE},
        "statement.context.team.objectType",
        "required",
    ),
    (
        "contextActivities a string",
        FULL,
        {"context.contextActivities": "x"},
        "statement.context.contextActivities",
        "must be a contextActivities object",
    ),
    (
        "contextActivities unknown kind",
        FULL,
        {"context.contextActivities.consequences": [{"id": COURSE}]},
        "statement.context.contextActivities.consequences",
        "not a property",
    ),
    (
        "context activity no id",
        FULL,
        {"context.contextActivities.parent.0": {"key": "x"}},
        "statement.context.contextActivities.parent[0].key",
        "not a property of an Activity",
    ),
    (
        "context activity bad id",
        FULL,
        {"context.contextActivities.grouping.id": "x"},
        "statement.context.contextActivities.grouping.id",
        "IRI",
    ),
    (
        "context activity a string",
        FULL,
        {"context.contextActivities.other": COURSE},
        "statement.context.contextActivities.other",
        "Activity object or an array",
    ),
    (
        "context activity agent",
        FULL,
        {"context.contextActivities.other": [{"objectType": "Agent", "id": COURSE}]},
        "statement.context.contextActivities.other[0].objectType",
        "Activity",
    ),
    ("revision numeric", FULL, {"context.revision": 12345}, "statement.context.revision", "string"),
    ("platform object", FULL, {"context.platform": {"k": 1}}, "statement.context.platform", "string"),
    (
        "revision with agent object",
        GROUP_ACTOR,
        {"context.revision": "r1"},
        "statement.context.revision",
        "only allowed when the object is an Activity",
    ),
    (
        "platform with group object",
        GROUP_ACTOR,
        {"object": TEAM, "context.platform": "web"},
        "statement.context.platform",
        "not Group",
    ),
    (
        "platform with statementref",
        VOIDING,
        {"context": {"platform": "web"}},
        "statement.context.platform",
        "not StatementRef",
    ),
    (
        "revision with substatement",
        SUBSTATEMENT,
        {"context": {"revision": "r"}},
        "statement.context.revision",
        "not SubStatement",
    ),
    (
        "substatement revision agent",
        SUBSTATEMENT,
        {"object.object": PLAYER, "object.context.revision": "r"},
        "statement.object.context.revision",
        "not Agent",
    ),
    ("language invalid", FULL, {"context.language": "something"}, "statement.context.language", "RFC 5646"),
    ("language numeric", FULL, {"context.language": 12345}, "statement.context.language", "string"),
    (
        "context statement wrong type",
        FULL,
        {"context.statement.objectType": "statementref"},
        "statement.context.statement.objectType",
        "StatementRef",
    ),
    (
        "context statement untyped",
        FULL,
        {"context.statement.objectType": DELETE},
        "statement.context.statement.objectType",
        "required",
    ),
    (
        "context statement bad id",
        FULL,
        {"context.statement.id": "x"},
        "statement.context.statement.id",
        "UUID",
    ),
    (
        "context extension key",
        FULL,
        {"context.extensions": {"ministry": "MoF"}},
        "statement.context.extensions.ministry",
        "IRI",
    ),
    (
        "context unknown key",
        FULL,
        {"context.actor": LEARNER},
        "statement.context.actor",
        "not a property of a Context",
    ),
    # 2.0 contextAgents and contextGroups
    (
        "contextAgent wrong type",
        V2,
        {"context.contextAgents.0.objectType": "Should fail"},
        "statement.context.contextAgents[0].objectType",
        "contextAgent",
    ),
    (
        "contextAgent untyped",
        V2,
        {"context.contextAgents.0.objectType": DELETE},
        "statement.context.contextAgents[0].objectType",
        "required",
    ),
    (
        "contextAgent bad agent",
        V2,
        {"context.contextAgents.0.agent": {"key": "Should fail"}},
        "statement.context.contextAgents[0].agent.key",
        "not a property of an Agent",
    ),
    (
        "contextAgent a group",
        V2,
        {"context.contextAgents.0.agent": TEAM},
        "statement.context.contextAgents[0].agent.objectType",
        "Group is not allowed",
    ),
    (
        "contextAgent no agent",
        V2,
        {"context.contextAgents.1.agent": DELETE},
        "statement.context.contextAgents[1].agent",
        "required",
    ),
    (
        "relevantTypes empty",
        V2,
        {"context.contextAgents.0.relevantTypes": []},
        "statement.context.contextAgents[0].relevantTypes",
        "at least one",
    ),
    (
        "relevantTypes not IRI",
        V2,
        {"context.contextAgents.0.relevantTypes": ["abc"]},
        "statement.context.contextAgents[0].relevantTypes[0]",
        "IRI",
    ),
    (
        "relevantTypes a string",
        V2,
        {"context.contextAgents.0.relevantTypes": "https://x.org/t"},
        "statement.context.contextAgents[0].relevantTypes",
        "array",
    ),
    (
        "contextAgents not array",
        V2,
        {"context.contextAgents": V2["context"]["contextAgents"][0]},
        "statement.context.contextAgents",
        "array",
    ),
    (
        "contextGroup wrong type",
        V2,
        {"context.contextGroups.0.objectType": "contextgroup"},
        "statement.context.contextGroups[0].objectType",
        "contextGroup",
    ),
    (
        "contextGroup an agent",
        V2,
        {"context.contextGroups.0.group": PLAYER},
        "statement.context.contextGroups[0].group.objectType",
        "Group",
    ),
    (
        "contextGroup bad group",
        V2,
        {"context.contextGroups.0.group": {"key": "x"}},
        "statement.context.contextGroups[0].group.objectType",
        "required",
    ),
    (
        "contextGroup anonymous empty",
        V2,
        {"context.contextGroups.0.group": {"objectType": "Group"}},
        "statement.context.contextGroups[0].group.member",
        "required",
    ),
    (
        "contextGroup relevantTypes empty",
        V2,
        {"context.contextGroups.0.relevantTypes": []},
        "statement.context.contextGroups[0].relevantTypes",
        "at least one",
    ),
    (
        "contextGroup extra key",
        V2,
        {"context.contextGroups.0.member": [PLAYER]},
        "statement.context.contextGroups[0].member",
        "not a property of a contextGroup",
    ),
    # authority
    (
        "authority identified group",
        FULL,
        {"authority.mbox": "mailto:xapigroup@example.com"},
        "statement.authority",
        "anonymous",
    ),
    (
        "authority three members",
        FULL,
        {"authority.member.2": {"mbox": "mailto:james@example.com"}},
        "statement.authority.member",
        "exactly two",
    ),
    (
        "authority one member",
        FULL,
        {"authority.member.1": DELETE},
        "statement.authority.member",
        "exactly two",
    ),
    (
        "authority without IFI",
        FULL,
        {"authority": {"objectType": "Agent"}},
        "statement.authority",
        "must have one of",
    ),
    (
        "authority objectType case",
        FULL,
        {"authority.objectType": "group"},
        "statement.authority.objectType",
        "case-sensitive",
    ),
    # attachments
    (
        "attachments not array",
        FULL,
        {"attachments": FULL["attachments"][0]},
        "statement.attachments",
        "array",
    ),
    ("attachment numeric", FULL, {"attachments.0": 12345}, "statement.attachments[0]", "Attachment object"),
    (
        "usageType not IRI",
        FULL,
        {"attachments.0.usageType": "should fail"},
        "statement.attachments[0].usageType",
        "IRI",
    ),
    (
        "contentType numeric",
        FULL,
        {"attachments.0.contentType": 12345},
        "statement.attachments[0].contentType",
        "string",
    ),
    (
        "contentType no subtype",
        FULL,
        {"attachments.0.contentType": "pdf"},
        "statement.attachments[0].contentType",
        "media type",
    ),
    (
        "length a string",
        FULL,
        {"attachments.0.length": "should fail"},
        "statement.attachments[0].length",
        "integer",
    ),
    ("length a float", FULL, {"attachments.0.length": 27.5}, "statement.attachments[0].length", "integer"),
    ("length negative", FULL, {"attachments.0.length": -1}, "statement.attachments[0].length", "negative"),
    ("sha2 numeric", FULL, {"attachments.0.sha2": 12345}, "statement.attachments[0].sha2", "string"),
    ("sha2 not hex", FULL, {"attachments.0.sha2": "z" * 64}, "statement.attachments[0].sha2", "SHA-2"),
    ("sha2 missing", FULL, {"attachments.0.sha2": DELETE}, "statement.attachments[0].sha2", "required"),
    (
        "fileUrl not IRL",
        FULL,
        {"attachments.0.fileUrl": "should fail"},
        "statement.attachments[0].fileUrl",
        "IRI",
    ),
    (
        "display numeric",
        FULL,
        {"attachments.0.display": 12345},
        "statement.attachments[0].display",
        "language map",
    ),
    (
        "display missing",
        FULL,
        {"attachments.0.display": DELETE},
        "statement.attachments[0].display",
        "required",
    ),
    (
        "description bad tag",
        FULL,
        {"attachments.0.description": {"something": "x"}},
        "statement.attachments[0].description.something",
        "RFC 5646",
    ),
    (
        "attachment extra key",
        FULL,
        {"attachments.0.content": "aGk="},
        "statement.attachments[0].content",
        "not a property of an Attachment",
    ),
    (
        "signature not octet-stream",
        FULL,
        {"attachments.0.usageType": "http://adlnet.gov/expapi/attachments/signature"},
        "statement.attachments[0].contentType",
        "application/octet-stream",
    ),
]


ONLY_IN_2_0 = {"timestamp no offset"}


@pytest.mark.parametrize(
    ("base", "changes", "path", "reason", "version"),
    [
        pytest.param(base, changes, path, reason, version, id=f"{name} ({version})")
        for name, base, changes, path, reason in CASES
        for version in ("1.0.3", "2.0.0")
        if version == "2.0.0" or (base is not V2 and name not in ONLY_IN_2_0)
    ],
)
def test_a_broken_rule_is_rejected_naming_the_property(
    base: dict[str, object], changes: dict[str, object], path: str, reason: str, version: str
) -> None:
    error = rejection(changed(base, changes), version)
    assert (error.path, str(error)) == (path, f"{path}: {error.reason}")
    assert reason in error.reason


def test_the_message_reads_path_colon_reason() -> None:
    error = rejection(changed(FULL, {"actor.mbox": "asha@example.gov.in"}))
    assert str(error).startswith("statement.actor.mbox: must be a mailto IRI")
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("version", VERSIONS_1)
def test_context_agents_and_groups_do_not_exist_before_2_0(version: str) -> None:
    assert rejection(V2 | {"version": "1.0.0"}, version).path == "statement.context.contextAgents"
    no_agents = changed(V2, {"context.contextAgents": DELETE, "version": "1.0.0"})
    assert rejection(no_agents, version).path == "statement.context.contextGroups"


def test_a_2_0_statement_version_needs_a_2_0_request() -> None:
    assert rejection(MINIMAL | {"version": "2.0.0"}, "1.0.3").path == "statement.version"
    validate_statement(MINIMAL | {"version": "2.0.0"}, "2.0.0")
    validate_statement(MINIMAL | {"version": "1.0.3"}, "2.0.0")


@pytest.mark.parametrize("version", ["0.95", "1.1.0", "2.1.0", "", "latest", None])
def test_an_unsupported_request_version_is_rejected(version: str) -> None:
    with pytest.raises(StatementError) as caught:
        validate_statement(MINIMAL, version)
    assert caught.value.path == "X-Experience-API-Version"


@pytest.mark.parametrize("body", [None, "statement", 12, True, [MINIMAL]])
def test_a_statement_must_be_an_object(body: object) -> None:
    assert rejection(body).path == "statement"


# ---- batches -------------------------------------------------------------------------------------


def test_a_single_statement_body_comes_back_as_a_list_of_itself() -> None:
    assert validate_statements(MINIMAL, "1.0.3") == [MINIMAL]
    assert validate_statements(MINIMAL, "1.0.3")[0] is MINIMAL


def test_a_batch_comes_back_in_order_and_an_empty_batch_is_allowed() -> None:
    batch = [MINIMAL, FULL, SUBSTATEMENT]
    assert validate_statements(batch, "2.0.0") == batch
    assert validate_statements([], "2.0.0") == []


def test_a_batch_names_the_index_of_its_first_bad_statement() -> None:
    batch = [MINIMAL, FULL, VOIDING, changed(MINIMAL, {"verb.id": "attended"}), {"actor": 1}]
    with pytest.raises(StatementError) as caught:
        validate_statements(batch, "1.0.3")
    assert caught.value.path == "statements[3].verb.id"


def test_a_batch_may_not_repeat_a_statement_id() -> None:
    first = MINIMAL | {"id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}
    second = MINIMAL | {"id": "6690E6C9-3EF0-4ED3-8B37-7F3964730BEE"}
    with pytest.raises(StatementError) as caught:
        validate_statements([first, MINIMAL, MINIMAL, second], "2.0.0")
    assert (caught.value.path, caught.value.reason) == ("statements[3].id", "repeats the id of statements[0]")


@pytest.mark.parametrize(
    ("body", "path"), [("[]", "statements"), (12, "statements"), ([[MINIMAL]], "statements[0]")]
)
def test_a_batch_must_be_an_array_of_objects(body: object, path: str) -> None:
    with pytest.raises(StatementError) as caught:
        validate_statements(body, "2.0.0")
    assert caught.value.path == path


# ---- the helpers the LRS uses for parameters and documents ---------------------------------------


def test_an_agent_parameter_is_checked_like_an_actor() -> None:
    validate_agent({"mbox": "mailto:a@b.in"}, "agent", "1.0.3")
    validate_agent(TEAM, "agent", "2.0.0")
    with pytest.raises(StatementError) as caught:
        validate_agent(TEAM, "agent", "2.0.0", allow_group=False)
    assert caught.value.path == "agent.objectType"
    with pytest.raises(StatementError) as caught:
        validate_agent({"mbox": "mailto:a@b.in", "id": 1}, "agent", "2.0.0")
    assert caught.value.path == "agent.id"
    with pytest.raises(StatementError) as caught:
        validate_agent("mailto:a@b.in", "agent", "2.0.0")
    assert caught.value.path == "agent"


def test_uuid_and_iri_helpers_return_what_they_checked() -> None:
    assert validate_uuid("EC531277-B57B-4C15-8D91-D292C5B2B8F7", "registration") == uuid.UUID(
        "ec531277-b57b-4c15-8d91-d292c5b2b8f7"
    )
    assert validate_iri("http://[::1]:8080/a?b#c", "activityId") == "http://[::1]:8080/a?b#c"
    for bad in ("http://[zz]/x", "", "activity-1", "http://a b"):
        with pytest.raises(StatementError):
            validate_iri(bad, "activityId")


def test_a_timestamp_comes_back_as_an_aware_instant() -> None:
    assert validate_timestamp("2023-05-04T12:00-05:00", "since", "2.0.0") == datetime(
        2023, 5, 4, 17, tzinfo=UTC
    )
    assert validate_timestamp("2015-11-18T12:17:00.1234567", "since", "1.0.3") == datetime(
        2015, 11, 18, 12, 17, 0, 123456, tzinfo=UTC
    )
    assert validate_timestamp("20150101t000000z", "since", "2.0.0") == datetime(2015, 1, 1, tzinfo=UTC)


def test_a_language_map_needs_string_values() -> None:
    validate_language_map({"en-US": "", "ase": "sign"}, "display")
    with pytest.raises(StatementError) as caught:
        validate_language_map({"en": None}, "display")
    assert (caught.value.path, caught.value.reason) == ("display.en", "must not be null")


# ---- properties ----------------------------------------------------------------------------------

# Every property name xAPI defines anywhere; an injected key is never one of them.
XAPI_NAMES = frozenset(
    {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version"}
    | {"attachments", "objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member", "homePage"}
    | {"display", "definition", "description", "type", "moreInfo", "extensions", "interactionType"}
    | {"correctResponsesPattern", "choices", "scale", "source", "target", "steps", "score", "success"}
    | {"completion", "response", "duration", "scaled", "raw", "min", "max", "registration", "instructor"}
    | {"team", "contextActivities", "revision", "platform", "language", "statement", "parent", "grouping"}
    | {"category", "other", "contextAgents", "contextGroups", "agent", "group", "relevantTypes", "usageType"}
    | {"contentType", "length", "sha2", "fileUrl"}
)
MAP_KEYS = {"display", "name", "description"}


def objects(value: object, path: str) -> Iterator[tuple[str, dict[str, object]]]:
    """Every JSON object in a statement whose keys xAPI fixes: not language maps, not extensions."""
    if isinstance(value, dict):
        yield path, value
        for key, item in value.items():
            if key == "extensions" or (key in MAP_KEYS and isinstance(item, dict)):
                continue
            yield from objects(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from objects(item, f"{path}[{index}]")


BASES = [(FULL, "1.0.3"), (V2, "2.0.0"), (SUBSTATEMENT, "2.0.0"), (GROUP_ACTOR, "1.0.0"), (VOIDING, "2.0.0")]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)


@given(base=st.sampled_from(BASES), data=st.data(), key=st.text(min_size=1, max_size=20), value=JSON_VALUES)
def test_any_unknown_key_in_any_object_is_rejected_by_name(
    base: tuple[dict[str, object], str], data: st.DataObject, key: str, value: object
) -> None:
    statement, version = fresh(base[0]), base[1]
    assume(key not in XAPI_NAMES)
    path, target = data.draw(st.sampled_from(list(objects(statement, "statement"))), label="object")
    target[key] = value
    error = rejection(statement, version)
    plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key)
    assert error.path == (f"{path}.{key}" if plain else f"{path}[{json.dumps(key, ensure_ascii=False)}]")
    assert error.reason.startswith("is not a property of")


@given(
    moment=st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    offset_minutes=st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59),
    separator=st.sampled_from(["T", " "]),
)
def test_any_rfc_3339_timestamp_reads_back_as_the_same_instant(
    moment: datetime, offset_minutes: int, separator: str
) -> None:
    aware = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    text = aware.isoformat(sep=separator)
    assert validate_timestamp(text, "timestamp", "2.0.0") == aware
    validate_statement(MINIMAL | {"timestamp": text}, "2.0.0")


@given(
    parts=st.lists(st.integers(min_value=0, max_value=10**6), min_size=6, max_size=6),
    present=st.lists(st.booleans(), min_size=6, max_size=6).filter(any),
    fraction=st.none() | st.integers(min_value=0, max_value=99999),
)
def test_any_iso_8601_duration_passes(parts: list[int], present: list[bool], fraction: int | None) -> None:
    date = "".join(f"{n}{d}" for n, d, p in zip(parts[:3], "YMD", present[:3], strict=True) if p)
    time = "".join(f"{n}{d}" for n, d, p in zip(parts[3:], "HMS", present[3:], strict=True) if p)
    if fraction is not None and present[5]:
        time = time[:-1] + f".{fraction}S"
    duration = f"P{date}" + (f"T{time}" if time else "")
    assert validate_duration(duration, "duration") == duration


@given(st.uuids())
def test_any_uuid_in_standard_form_passes_in_either_case(value: uuid.UUID) -> None:
    assert validate_uuid(str(value).upper(), "id") == value
    validate_statement(MINIMAL | {"id": str(value)}, "1.0.3")


@given(
    st.sampled_from(["en", "hi-IN", "zh-Hant", "sr-Latn-RS", "cmn", "es-419", "de-CH-1901", "en-a-bbb-x-y"])
)
def test_well_formed_language_tags_pass(tag: str) -> None:
    assert validate_language_tag(tag, "language") == tag
    assert validate_language_tag(tag.upper(), "language") == tag.upper()
