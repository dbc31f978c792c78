"""Sunbird Telemetry v3 history becomes valid xAPI statements, imported once however often it is sent."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from karmayogi.api.cli import app as cli
from karmayogi.lms.db import Database
from karmayogi.lms.learning import projections
from karmayogi.lms.orm import Course, Enrolment, Organisation, Provider, User, XapiStatement
from karmayogi.lms.xapi.emitting import PROGRESS, Platform
from karmayogi.lms.xapi.telemetry import EVENT, MID, SunbirdMapping, translate, translate_lines

PUBLIC_URL = "https://karmayogi.test"
IGOT = "https://igotkarmayogi.gov.in"
CHANNEL = "0132317968766894088"
USER = "5f4a1a65-7d5b-4a45-8a21-0b3c2d5e6f70"
COURSE = "do_11359618144357580811"
CONTENT = "do_113569878939262976132"
ADL = "http://adlnet.gov/expapi/verbs"


def event(eid: str, edata: dict[str, Any], n: int = 1, **envelope: Any) -> dict[str, Any]:
    """An event as iGOT's portal player sends it (the shape of Sunbird's published samples)."""
    return {
        "eid": eid,
        "ets": 1712127600000 + n * 1000,
        "ver": "3.0",
        "mid": f"{eid}:8c12bdb10e98842175a3638660814c{n:02d}",
        "actor": {"id": USER, "type": "User"},
        "context": {
            "channel": CHANNEL,
            "pdata": {"id": "prod.karmayogi.portal", "ver": "4.8.12", "pid": "sunbird-portal.contentplayer"},
            "env": "contentplayer",
            "sid": "cc9d525c-850d-ba69-3589-e4892408d2ff",
            "did": "90ee25617d93d2973ab012abf2854322",
            "cdata": [{"id": "1iPaJwSm9CZ642DJ4NPHwx9VXInhkMGm", "type": "ContentSession"}],
            "rollup": {"l1": CHANNEL},
        },
        "object": {"id": CONTENT, "type": "Content", "ver": "1", "rollup": {"l1": COURSE}},
        "tags": [CHANNEL],
        "edata": edata,
        **envelope,
    }


START = event("START", {"type": "content", "mode": "play", "pageid": "", "duration": 5.35}, 1)
INTERACT = event("INTERACT", {"type": "TOUCH", "subtype": "", "id": "gc_menuopen", "pageid": "2"}, 2)
ASSESS = event(
    "ASSESS",
    {
        "item": {
            "id": "044d8b91-42a1-4396-97a6-6b3d272d5ab9",
            "maxscore": 2,
            "title": "What does GFR 149 cover?",
        },
        "index": 4,
        "pass": "Yes",
        "score": 1.5,
        "resvalues": [{"option0": "Procurement through GeM"}],
        "duration": 78,
    },
    3,
)
RESPONSE = event(
    "RESPONSE",
    {
        "target": {"id": "q-42", "ver": "1", "type": "Question"},
        "type": "CHOOSE",
        "values": [{"option1": "GeM"}],
    },
    4,
)
IMPRESSION = event(
    "IMPRESSION", {"type": "view", "pageid": "learn-course-toc", "uri": "/app/toc/do_11359618144357580811"}, 5
)
IMPRESSION["object"] = {}
END = event(
    "END",
    {
        "type": "content",
        "mode": "play",
        "pageid": "sunbird-player-Endpage",
        "summary": [
            {"progress": 100},
            {"totallength": 137.56},
            {"visitedlength": 57.708},
            {"endpageseen": True},
        ],
        "duration": 58.61,
    },
    6,
)
LOG = event("LOG", {"type": "api_call", "level": "INFO", "message": "content read"}, 7)
ERROR = event("ERROR", {"err": "NETWORK_ERROR", "errtype": "SYSTEM", "stacktrace": "..."}, 8)
ANONYMOUS = event(
    "IMPRESSION", {"type": "view", "pageid": "home"}, 9, actor={"id": "anonymous", "type": "User"}
)


def mapping(**kwargs: Any) -> SunbirdMapping:
    return SunbirdMapping(Platform(PUBLIC_URL), IGOT, **kwargs)


def test_each_learning_event_becomes_the_statement_of_the_mapping():
    start = translate(START, mapping())
    assert start["id"] == str(
        uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, "urn:karmayogi:sunbird-telemetry:mid"), START["mid"])
    )
    assert start["verb"]["id"] == f"{ADL}/initialized"
    assert start["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": f"{IGOT}/channel/{CHANNEL}", "name": USER},
    }
    assert start["object"]["id"] == f"{IGOT}/content/{CONTENT}"
    assert start["timestamp"] == "2024-04-03T07:00:01.000+00:00"
    assert start["context"]["platform"] == "prod.karmayogi.portal"
    assert start["context"]["contextActivities"]["grouping"] == [
        {"objectType": "Activity", "id": f"{IGOT}/content/{COURSE}"}
    ]
    assert start["context"]["extensions"][MID] == START["mid"]
    assert start["context"]["extensions"][EVENT] == START
    assert "result" not in start  # START's duration is the player's load time, not learning

    assess = translate(ASSESS, mapping())
    assert assess["verb"]["id"] == f"{ADL}/answered"
    assert assess["object"]["id"] == f"{IGOT}/question/044d8b91-42a1-4396-97a6-6b3d272d5ab9"
    assert assess["context"]["contextActivities"]["parent"] == [
        {"objectType": "Activity", "id": f"{IGOT}/content/{CONTENT}"}
    ]
    assert assess["result"] == {
        "success": True,
        "score": {"raw": 1.5, "min": 0, "max": 2.0, "scaled": 0.75},
        "duration": "PT78S",
        "response": '[{"option0": "Procurement through GeM"}]',
    }

    end = translate(END, mapping())
    assert end["verb"]["id"] == f"{ADL}/completed"
    assert end["result"] == {"extensions": {PROGRESS: 100}, "completion": True, "duration": "PT58.61S"}
    halfway = json.loads(json.dumps(END))
    halfway["edata"]["summary"][0] = {"progress": 22}
    assert translate(halfway, mapping())["verb"]["id"] == f"{ADL}/terminated"

    assert translate(INTERACT, mapping())["verb"]["id"] == f"{ADL}/interacted"
    assert translate(RESPONSE, mapping())["object"]["id"] == f"{IGOT}/question/q-42"
    impression = translate(IMPRESSION, mapping())
    assert (impression["verb"]["id"], impression["object"]["id"]) == (
        f"{ADL}/experienced",
        f"{IGOT}/page/learn-course-toc",
    )


def test_a_file_is_checked_by_the_lrs_validator_and_the_rest_is_counted():
    events = [START, INTERACT, ASSESS, RESPONSE, IMPRESSION, END, LOG, ERROR, ANONYMOUS]
    translation = translate_lines([json.dumps(e) for e in events] + [""], mapping())
    assert translation.errors == []
    assert len(translation.statements) == 6
    assert translation.skipped == {"LOG": 1, "ERROR": 1, "anonymous or system actor": 1}

    bad = dict(ASSESS, edata={**ASSESS["edata"], "score": "full marks"})
    translation = translate_lines(
        ["{not json", json.dumps(bad), json.dumps(dict(START, ets=None))], mapping()
    )
    assert [e.split(":")[0] for e in translation.errors] == ["line 1", "line 2", "line 3"]
    assert "edata.score: must be a number" in translation.errors[1]
    assert "ets:" in translation.errors[2]


def test_mapped_officials_and_courses_are_named_as_the_platform_names_them():
    course_id = uuid.uuid4()
    end = translate(END, mapping(users={USER: "asha.rao@cga.gov.in"}, courses={COURSE: course_id}))
    assert end["actor"] == {"objectType": "Agent", "mbox": "mailto:asha.rao@cga.gov.in"}
    grouping = end["context"]["contextActivities"]["grouping"]
    assert grouping == [{"objectType": "Activity", "id": f"{PUBLIC_URL}/courses/{course_id}"}]


@pytest.fixture
def office(db: Database) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """An office with one official and one published course; returns their ids."""
    with db.transaction() as session:
        org_id = uuid.uuid4()
        session.add(Organisation(id=org_id, kind="ministry", name="Ministry of Finance", path=f"/{org_id}/"))
        session.flush()
        provider = Provider(organisation_id=org_id, name="INGAF", type="public_institute")
        user = User(organisation_id=org_id, email="asha.rao@cga.gov.in", full_name="Asha Rao")
        session.add_all([provider, user])
        session.flush()
        course = Course(
            provider_id=provider.id,
            organisation_id=org_id,
            title="GeM procurement",
            learning_hours=4,
            status="published",
        )
        session.add(course)
        session.flush()
        return org_id, user.id, course.id


def test_importing_history_twice_stores_it_once_and_projects_it(
    db: Database,
    office: tuple[uuid.UUID, uuid.UUID, uuid.UUID],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    org_id, user_id, course_id = office
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", db.url)
    monkeypatch.setenv("KARMAYOGI_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setenv("KARMAYOGI_SECRET_KEY", "telemetry-test-" + "k" * 32)
    history = tmp_path / "telemetry.jsonl"
    history.write_text("\n".join(json.dumps(e) for e in [START, ASSESS, END, LOG, ANONYMOUS]) + "\n")
    identities = tmp_path / "identities.json"
    identities.write_text(
        json.dumps({"users": {USER: "Asha.Rao@cga.gov.in"}, "courses": {COURSE: str(course_id)}})
    )
    command = [
        "xapi",
        "import-telemetry",
        str(history),
        "--org",
        str(org_id),
        "--identities",
        str(identities),
    ]
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == {
            "statements": 3,
            "skipped": {"LOG": 1, "anonymous or system actor": 1},
        }
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(XapiStatement)) == 3

    projections.catch_up(db, Platform(PUBLIC_URL))
    with db.transaction() as session:
        enrolment = session.scalar(select(Enrolment).where(Enrolment.user_id == user_id))
    # The content lies in the course (its rollup): its session's time counts towards the course (the
    # answer's lies within it), but completing one piece of content does not complete the course.
    assert enrolment is not None and enrolment.course_id == course_id
    assert (enrolment.status, enrolment.time_spent_seconds) == ("in_progress", 59)


def test_a_bad_line_stores_nothing(db: Database, office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    org_id, _, _ = office
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", db.url)
    monkeypatch.setenv("KARMAYOGI_SECRET_KEY", "telemetry-test-" + "k" * 32)
    history = tmp_path / "telemetry.jsonl"
    history.write_text(json.dumps(START) + "\n" + json.dumps(dict(END, mid="")) + "\n")
    result = CliRunner().invoke(cli, ["xapi", "import-telemetry", str(history), "--org", str(org_id)])
    assert result.exit_code == 1
    assert (
        "line 2: mid: must be a non-empty string" in result.output and "nothing was stored" in result.output
    )
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(XapiStatement)) == 0
