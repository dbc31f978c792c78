"""Canonical activity definitions: merged across statements, and only ever from committed batches."""

import uuid

import pytest

from karmayogi.lms.api_clients import create_api_client
from karmayogi.lms.db import Database
from karmayogi.lms.orm import Organisation
from karmayogi.lms.xapi import activities
from karmayogi.lms.xapi import statements as lrs

MODULE = "https://karmayogi.example/modules/rti-act"
AUTHORITY = {"objectType": "Agent", "account": {"homePage": "urn:test", "name": "client"}}


def _defining(definition):
    return {
        "actor": {"mbox": "mailto:officer@gov.example"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
        "object": {"id": MODULE, "definition": definition},
    }


def test_a_later_statement_adds_languages_and_replaces_what_it_restates(lrs):
    first = _defining({"name": {"en-US": "RTI Act"}, "type": "http://adlnet.gov/expapi/activities/module"})
    later = _defining({"name": {"hi-IN": "सूचना का अधिकार"}, "description": {"en-US": "Sections 4 to 8"}})
    for statement in (first, later):
        assert lrs.call("POST", "/xapi/statements", json=statement).status_code == 200
    got = lrs.call("GET", "/xapi/activities", params={"activityId": MODULE}).json()
    assert got["definition"] == {
        "name": {"en-US": "RTI Act", "hi-IN": "सूचना का अधिकार"},
        "description": {"en-US": "Sections 4 to 8"},
        "type": "http://adlnet.gov/expapi/activities/module",
    }


def test_a_definition_from_a_rolled_back_batch_is_not_taken_as_stored(db: Database):
    organisation_id = uuid.uuid4()
    with db.transaction() as session:
        session.add(
            Organisation(id=organisation_id, kind="ministry", name="Ministry", path=f"/{organisation_id}/")
        )
        session.flush()
        client, _ = create_api_client(session, organisation_id, "LMS", None)
    definition = {"name": {"en-US": "RTI Act"}}

    def store(statement):
        lrs.store(session, organisation_id, client.id, AUTHORITY, [statement], "1.0.3")

    with pytest.raises(RuntimeError), db.transaction() as session:
        store(_defining(definition))
        raise RuntimeError("the request failed after storing")
    with db.transaction() as session:
        assert "definition" not in activities.get(session, organisation_id, MODULE)
        store(_defining(definition))
    with db.transaction() as session:
        assert activities.get(session, organisation_id, MODULE)["definition"] == definition
