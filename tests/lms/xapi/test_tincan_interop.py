"""A real xAPI client, tincan's RemoteLRS, against the LRS served over real HTTP."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import uvicorn
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    Context,
    ContextActivities,
    LanguageMap,
    RemoteLRS,
    Result,
    Score,
    StateDocument,
    Statement,
    StatementRef,
    Verb,
)

from karmayogi.api.app import create_app
from karmayogi.lms.api_clients import create_api_client
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.orm import Organisation

COURSE = Activity(
    id="https://karmayogi.test/courses/3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a7b",
    definition=ActivityDefinition(name=LanguageMap({"en-US": "Noting and drafting"})),
)
LESSON = Activity(id="https://karmayogi.test/courses/3f1d2c4b-5a69-4e7f-8a1b-2c3d4e5f6a7b/lessons/1")
LEARNER = Agent(name="Meera Iyer", mbox="mailto:meera.iyer@mha.gov.in")
OTHER = Agent(name="Arjun Das", mbox="mailto:arjun.das@mha.gov.in")


def _verb(name: str) -> Verb:
    return Verb(id=f"http://adlnet.gov/expapi/verbs/{name}", display=LanguageMap({"en-US": name}))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def remote_lrs(db: Database) -> Iterator[RemoteLRS]:
    """RemoteLRS pointed at a uvicorn server on a free port, signed in as an organisation's client."""
    with db.transaction() as session:
        org_id = uuid.uuid4()
        session.add(
            Organisation(id=org_id, kind="ministry", name="Ministry of Home Affairs", path=f"/{org_id}/")
        )
        session.flush()
        client, secret = create_api_client(session, org_id, "Storyline packages", None)
    app = create_app(Settings(database_url=db.url, secret_key="interop-test-" + "k" * 32), db)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the server did not start")
    try:
        yield RemoteLRS(
            endpoint=f"http://127.0.0.1:{port}/xapi/", version="1.0.3", username=client.key, password=secret
        )
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_statements_round_trip_through_remote_lrs(remote_lrs: RemoteLRS):
    launched = Statement(id=uuid.uuid4(), actor=LEARNER, verb=_verb("launched"), object=COURSE)
    saved = remote_lrs.save_statement(launched)
    assert saved.success, saved.data

    batch = [
        Statement(
            actor=LEARNER,
            verb=_verb("experienced"),
            object=LESSON,
            context=Context(context_activities=ContextActivities(parent=[COURSE])),
            result=Result(duration=timedelta(minutes=12)),
        ),
        Statement(
            actor=LEARNER,
            verb=_verb("passed"),
            object=COURSE,
            result=Result(success=True, completion=True, score=Score(scaled=0.9)),
        ),
        Statement(actor=OTHER, verb=_verb("launched"), object=COURSE),
    ]
    saved = remote_lrs.save_statements(batch)
    assert saved.success, saved.data
    ids = [statement.id for statement in saved.content]
    assert len(ids) == 3 and all(ids)

    fetched = remote_lrs.retrieve_statement(ids[1])
    assert fetched.success, fetched.data
    assert fetched.content.verb.id == "http://adlnet.gov/expapi/verbs/passed"
    assert fetched.content.result.score.scaled == 0.9
    assert fetched.content.authority is not None

    mine = remote_lrs.query_statements({"agent": LEARNER, "activity": COURSE, "related_activities": "true"})
    assert mine.success, mine.data
    assert {s.id for s in mine.content.statements} == {launched.id, ids[0], ids[1]}
    passes = remote_lrs.query_statements({"verb": _verb("passed"), "agent": LEARNER})
    assert [str(s.id) for s in passes.content.statements] == [str(ids[1])]


def test_more_links_page_through_every_statement_once(remote_lrs: RemoteLRS):
    before = datetime.now(UTC) - timedelta(seconds=1)
    sent = [Statement(actor=LEARNER, verb=_verb("progressed"), object=COURSE) for _ in range(7)]
    assert remote_lrs.save_statements(sent).success
    page = remote_lrs.query_statements({"limit": 3, "ascending": "true", "since": before.isoformat()})
    assert page.success, page.data
    seen = [str(s.id) for s in page.content.statements]
    while page.content.more:
        page = remote_lrs.more_statements(page.content)
        assert page.success, page.data
        seen += [str(s.id) for s in page.content.statements]
    assert len(seen) == 7 and len(set(seen)) == 7


def test_voided_statements_are_found_only_as_voided(remote_lrs: RemoteLRS):
    mistaken = remote_lrs.save_statement(Statement(actor=LEARNER, verb=_verb("failed"), object=COURSE))
    assert mistaken.success
    void = Statement(actor=LEARNER, verb=_verb("voided"), object=StatementRef(id=mistaken.content.id))
    assert remote_lrs.save_statement(void).success
    assert not remote_lrs.retrieve_statement(mistaken.content.id).success
    voided = remote_lrs.retrieve_voided_statement(mistaken.content.id)
    assert voided.success and voided.content.verb.id.endswith("/failed")


def test_state_documents_are_kept_per_learner_and_activity(remote_lrs: RemoteLRS):
    bookmark = StateDocument(activity=COURSE, agent=LEARNER, id="bookmark", content='{"page": 12}')
    bookmark.content_type = "application/json"
    assert remote_lrs.save_state(bookmark).success
    got = remote_lrs.retrieve_state(COURSE, LEARNER, "bookmark")
    assert got.success and got.content.content == bytearray(b'{"page": 12}')
    ids = remote_lrs.retrieve_state_ids(COURSE, LEARNER)
    assert ids.success and ids.content == ["bookmark"]
    assert remote_lrs.retrieve_state_ids(COURSE, OTHER).content == []
    assert remote_lrs.delete_state(got.content).success
    assert remote_lrs.retrieve_state_ids(COURSE, LEARNER).content == []
