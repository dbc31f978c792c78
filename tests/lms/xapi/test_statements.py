"""The statements resource: store, fetch, void, filter and page, within one organisation's record store."""

import base64
import json
import uuid

ACTOR = {"objectType": "Agent", "name": "Meera Iyer", "mbox": "mailto:meera.iyer@example.com"}
COMPLETED = {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}}
COURSE = "https://karmayogi.example/courses/gem-procurement"


def statement(**overrides):
    body = {
        "actor": ACTOR,
        "verb": COMPLETED,
        "object": {
            "objectType": "Activity",
            "id": COURSE,
            "definition": {"name": {"en-US": "GeM procurement"}},
        },
        "result": {"completion": True, "success": True, "score": {"scaled": 0.9}},
    }
    body.update(overrides)
    return body


def test_post_returns_ids_and_get_returns_the_stored_statement_with_lrs_fields(lrs):
    r = lrs.call("POST", "/xapi/statements", json=[statement(), statement()])
    assert r.status_code == 200, r.text
    assert r.headers["X-Experience-API-Version"] == "1.0.3"
    first, _ = r.json()
    found = lrs.call("GET", "/xapi/statements", params={"statementId": first})
    assert "X-Experience-API-Consistent-Through" in found.headers
    got = found.json()
    assert got["id"] == first and got["actor"] == ACTOR
    assert got["stored"] and got["timestamp"] and got["authority"]["objectType"] == "Agent"


def test_put_is_idempotent_and_a_different_statement_under_the_same_id_conflicts(lrs):
    sid = str(uuid.uuid4())
    assert (
        lrs.call("PUT", "/xapi/statements", params={"statementId": sid}, json=statement()).status_code == 204
    )
    assert (
        lrs.call("PUT", "/xapi/statements", params={"statementId": sid}, json=statement()).status_code == 204
    )
    other = statement(result={"completion": False})
    assert lrs.call("PUT", "/xapi/statements", params={"statementId": sid}, json=other).status_code == 409


def test_a_bad_statement_in_a_batch_stores_nothing_and_names_the_property(lrs):
    bad = statement(actor={"objectType": "Agent", "name": "No identifier"})
    r = lrs.call("POST", "/xapi/statements", json=[statement(id=str(uuid.uuid4())), bad])
    assert r.status_code == 400 and "actor" in r.text
    assert lrs.call("GET", "/xapi/statements").json()["statements"] == []


def test_voided_statements_are_hidden_except_through_voided_statement_id(lrs):
    (sid,) = lrs.call("POST", "/xapi/statements", json=statement()).json()
    void = {
        "actor": ACTOR,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": sid},
    }
    (void_id,) = lrs.call("POST", "/xapi/statements", json=void).json()
    assert lrs.call("GET", "/xapi/statements", params={"statementId": sid}).status_code == 404
    assert lrs.call("GET", "/xapi/statements", params={"voidedStatementId": sid}).json()["id"] == sid
    ids = [s["id"] for s in lrs.call("GET", "/xapi/statements").json()["statements"]]
    assert ids == [void_id]
    again = {**void, "object": {"objectType": "StatementRef", "id": void_id}}
    assert lrs.call("POST", "/xapi/statements", json=again).status_code == 400


def test_filters_and_more_links(lrs):
    other_actor = {"mbox": "mailto:arjun.rao@example.com"}
    lrs.call(
        "POST", "/xapi/statements", json=[statement() for _ in range(5)] + [statement(actor=other_actor)]
    )
    by_agent = lrs.call(
        "GET", "/xapi/statements", params={"agent": '{"mbox": "mailto:arjun.rao@example.com"}'}
    )
    assert len(by_agent.json()["statements"]) == 1
    by_verb = lrs.call("GET", "/xapi/statements", params={"verb": COMPLETED["id"], "activity": COURSE})
    assert len(by_verb.json()["statements"]) == 6
    page = lrs.call("GET", "/xapi/statements", params={"limit": 4}).json()
    assert len(page["statements"]) == 4 and page["more"]
    rest = lrs.call("GET", page["more"]).json()
    assert len(rest["statements"]) == 2 and rest["more"] == ""
    seen = [s["id"] for s in page["statements"] + rest["statements"]]
    assert len(set(seen)) == 6


def test_one_organisations_client_sees_nothing_of_anothers(lrs):
    (sid,) = lrs.call("POST", "/xapi/statements", json=statement()).json()
    assert lrs.call("GET", "/xapi/statements", who="b", params={"statementId": sid}).status_code == 404
    assert lrs.call("GET", "/xapi/statements", who="b").json()["statements"] == []


def test_protocol_errors(lrs):
    assert lrs.call("GET", "/xapi/statements", version=None).status_code == 400
    assert lrs.call("GET", "/xapi/statements", params={"Verb": COMPLETED["id"]}).status_code == 400
    assert (
        lrs.client.get("/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"}).status_code == 401
    )
    assert (
        lrs.call(
            "POST", "/xapi/statements", content=b"{not json", headers={"Content-Type": "application/json"}
        ).status_code
        == 400
    )
    about = lrs.client.get("/xapi/about").json()
    assert "1.0.3" in about["version"] and "2.0.0" in about["version"]


def test_the_alternate_request_syntax_of_xapi_1_0(lrs):
    key, secret = lrs.a
    sid = str(uuid.uuid4())
    auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
    form = {
        "statementId": sid,
        "content": json.dumps(statement()),
        "X-Experience-API-Version": "1.0.3",
        "Authorization": auth,
    }
    r = lrs.client.post("/xapi/statements?method=PUT", data=form)
    assert r.status_code == 204, r.text
    got = lrs.call("GET", "/xapi/statements", params={"statementId": sid})
    assert got.status_code == 200
    assert lrs.client.post("/xapi/statements?method=PUT&statementId=x", data=form).status_code == 400
    assert (
        lrs.client.post(
            "/xapi/statements?method=PUT", data={**form, "X-Experience-API-Version": "2.0.0"}
        ).status_code
        == 400
    )


def _batch(size):
    return [statement(id=str(uuid.uuid4()), result={"score": {"raw": n}}) for n in range(size)]


def _count(lrs):
    return len(lrs.call("GET", "/xapi/statements", params={"limit": "1000"}).json()["statements"])


def test_a_large_batch_with_a_statement_sent_again_stores_the_rest_once(lrs):
    # The re-sent statement is skipped with its link and outbox rows; the rest are stored once.
    first = _batch(60)
    assert lrs.call("POST", "/xapi/statements", json=first).status_code == 200
    second = [first[7], *_batch(59)]
    r = lrs.call("POST", "/xapi/statements", json=second)
    assert r.status_code == 200, r.text
    assert r.json() == [s["id"] for s in second]
    assert _count(lrs) == 119


def test_a_large_batch_with_a_conflicting_id_stores_nothing(lrs):
    first = _batch(60)
    lrs.call("POST", "/xapi/statements", json=first)
    clash = statement(id=first[3]["id"], result={"completion": False})
    r = lrs.call("POST", "/xapi/statements", json=[*_batch(59), clash])
    assert r.status_code == 409 and first[3]["id"] in r.text
    assert _count(lrs) == 60


def test_a_batch_is_stored_in_the_order_sent(lrs):
    batch = _batch(60)
    assert lrs.call("POST", "/xapi/statements", json=batch).status_code == 200
    page = lrs.call("GET", "/xapi/statements", params={"ascending": "true", "limit": "100"}).json()
    assert [s["id"] for s in page["statements"]] == [s["id"] for s in batch]


def test_a_page_holds_100_statements_unless_a_limit_asks_for_up_to_1000(lrs):
    lrs.call("POST", "/xapi/statements", json=_batch(150))
    page = lrs.call("GET", "/xapi/statements").json()
    assert len(page["statements"]) == 100 and page["more"]
    rest = lrs.call("GET", page["more"]).json()
    assert len(rest["statements"]) == 50 and rest["more"] == ""
    assert {s["id"] for s in page["statements"]}.isdisjoint(s["id"] for s in rest["statements"])
    assert _count(lrs) == 150


def test_an_unknown_format_is_refused_even_when_nothing_matches(lrs):
    r = lrs.call("GET", "/xapi/statements", params={"format": "full"})
    assert r.status_code == 400 and "format" in r.text


def test_integers_beyond_64_bits_come_back_with_every_digit(lrs):
    # A batch and a single statement, each written as one JSON text on PostgreSQL.
    big = 2**70 + 1
    extension = {"https://karmayogi.example/extensions/ledger": big}
    for size in (60, 1):
        batch = [statement(id=str(uuid.uuid4()), context={"extensions": extension}) for _ in range(size)]
        body = json.dumps(batch)
        r = lrs.call("POST", "/xapi/statements", content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 200, r.text
        got = lrs.call("GET", "/xapi/statements", params={"statementId": batch[0]["id"]}).json()
        assert got["context"]["extensions"] == extension


def test_nan_is_not_json(lrs):
    body = json.dumps(statement(result={"score": {"raw": float("nan")}}))
    r = lrs.call("POST", "/xapi/statements", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "NaN" in r.text


def test_a_statement_holding_u0000_is_refused_naming_the_property(lrs):
    # PostgreSQL cannot store U+0000; both databases refuse it alike, and nothing of the batch is kept.
    named = statement(
        actor={"objectType": "Agent", "account": {"homePage": "https://x.example", "name": "a\0b"}}
    )
    r = lrs.call("POST", "/xapi/statements", json=[*_batch(59), named])
    assert r.status_code == 400 and "statements[59].actor.account.name" in r.text, r.text
    r = lrs.call("POST", "/xapi/statements", json=statement(result={"response": "\0"}))
    assert r.status_code == 400 and "statements.result.response" in r.text, r.text
    assert _count(lrs) == 0


def test_a_query_parameter_holding_u0000_is_refused(lrs):
    r = lrs.call("GET", "/xapi/statements", params={"verb": "http://example.com/\0"})
    assert r.status_code == 400 and "U+0000" in r.text
    agent = json.dumps({"mbox": "mailto:a@b.example"})
    params = {"activityId": COURSE, "agent": agent, "stateId": "bookmark\0"}
    r = lrs.call("PUT", "/xapi/activities/state", params=params, json={"page": 3})
    assert r.status_code == 400 and "U+0000" in r.text
