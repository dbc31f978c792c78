"""The xAPI's refusals are domain errors mapped in one place, and still answer 400 (or the status xAPI
names) as problem+json that names the parameter, with the version headers every /xapi response carries."""

import json
import uuid

import pytest

ACTIVITY = "https://karmayogi.example/courses/gem-procurement"
AGENT = json.dumps({"mbox": "mailto:meera.iyer@example.com"})
GROUP = json.dumps({"objectType": "Group", "mbox": "mailto:cell@example.com"})
STATEMENT = {
    "actor": {"mbox": "mailto:meera.iyer@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
    "object": {"id": ACTIVITY},
}


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("/xapi/statements", {"agent": "{not json"}, "agent"),
        ("/xapi/statements", {"agent": json.dumps({"mbox": "meera"})}, "agent.mbox"),
        ("/xapi/statements", {"registration": "tomorrow"}, "registration"),
        ("/xapi/statements", {"statementId": "42"}, "statementId"),
        ("/xapi/statements", {"voidedStatementId": "42"}, "voidedStatementId"),
        ("/xapi/statements", {"since": "last tuesday"}, "since"),
        ("/xapi/activities", {"activityId": "not an iri"}, "activityId"),
        ("/xapi/agents", {"agent": GROUP}, "agent"),
        ("/xapi/activities/state", {"activityId": ACTIVITY, "agent": "[", "stateId": "s"}, "agent"),
        (
            "/xapi/activities/state",
            {"activityId": ACTIVITY, "agent": AGENT, "registration": "r"},
            "registration",
        ),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(lrs, path, params, named):
    r = lrs.call("GET", path, params=params)
    assert r.status_code == 400, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["X-Experience-API-Version"] == "1.0.3"
    problem = r.json()
    assert problem["status"] == 400 and problem["title"] == "Bad request"
    assert named in problem["detail"]


def test_a_statement_id_in_any_form_uuid_reads_is_still_a_statement_id(lrs):
    braced = "{" + str(uuid.uuid4()) + "}"
    assert lrs.call("GET", "/xapi/statements", params={"statementId": braced}).status_code == 404


@pytest.mark.parametrize(
    ("content", "content_type", "said"),
    [
        (b"{not json", "application/json", "the body is not valid JSON"),
        (b"\xff\xfe", "application/json", "the body is not valid JSON"),
        (b"--x\r\nno closing", "multipart/mixed; boundary=x", "multipart"),
        (json.dumps({**STATEMENT, "actor": {}}).encode(), "application/json", "actor"),
        (
            json.dumps({**STATEMENT, "verb": {"id": "http://x.example/\x00"}}).encode(),
            "application/json",
            "U+0000",
        ),
    ],
)
def test_a_body_the_lrs_cannot_take_is_a_400_and_nothing_is_stored(lrs, content, content_type, said):
    r = lrs.call("POST", "/xapi/statements", content=content, headers={"Content-Type": content_type})
    assert r.status_code == 400, r.text
    assert said in r.json()["detail"]
    assert lrs.call("GET", "/xapi/statements").json()["statements"] == []


def test_statement_and_document_conflicts_keep_their_own_statuses(lrs):
    sid = str(uuid.uuid4())
    assert lrs.call("PUT", "/xapi/statements", params={"statementId": sid}, json=STATEMENT).status_code == 204
    other = {**STATEMENT, "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}}
    r = lrs.call("PUT", "/xapi/statements", params={"statementId": sid}, json=other)
    assert r.status_code == 409 and r.json()["title"] == "Conflict" and sid in r.json()["detail"]

    params = {"activityId": ACTIVITY, "profileId": "settings"}
    assert lrs.call("GET", "/xapi/activities/profile", params=params).status_code == 404
    new = {"If-None-Match": "*", "Content-Type": "application/json"}
    assert (
        lrs.call("PUT", "/xapi/activities/profile", params=params, content=b"{}", headers=new).status_code
        == 204
    )
    assert lrs.call("PUT", "/xapi/activities/profile", params=params, content=b"{}").status_code == 409
    r = lrs.call("PUT", "/xapi/activities/profile", params=params, content=b"{}", headers=new)
    assert r.status_code == 412 and r.headers["X-Experience-API-Version"] == "1.0.3"
    r = lrs.call("POST", "/xapi/activities/profile", params=params, content=b"[1]")
    assert r.status_code == 400 and "merges" in r.json()["detail"]
