"""The xAPI document resources: state, activity profile and agent profile documents over HTTP."""

import hashlib
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest

STATE = "/xapi/activities/state"
ACTIVITY_PROFILE = "/xapi/activities/profile"
AGENT_PROFILE = "/xapi/agents/profile"
ACTIVITY = "https://karmayogi.example/courses/gem-procurement"
AGENT = {"objectType": "Agent", "mbox": "mailto:meera.iyer@example.com"}
OTHER_AGENT = {"account": {"homePage": "https://igot.example", "name": "ravi"}}
NEW = {"If-None-Match": "*"}


def state(state_id="bookmark", agent=AGENT, **extra):
    return {"activityId": ACTIVITY, "agent": json.dumps(agent), "stateId": state_id, **extra}


def activity_profile(profile_id="settings", **extra):
    return {"activityId": ACTIVITY, "profileId": profile_id, **extra}


def agent_profile(profile_id="preferences", agent=AGENT, **extra):
    return {"agent": json.dumps(agent), "profileId": profile_id, **extra}


RESOURCES = [(STATE, state), (ACTIVITY_PROFILE, activity_profile), (AGENT_PROFILE, agent_profile)]


def scope_of(params):
    """The parameters without the document's id: the request for the list of ids."""
    return {k: v for k, v in params.items() if k not in ("stateId", "profileId")}


def quoted_sha1(content: bytes) -> str:
    return '"' + hashlib.sha1(content).hexdigest() + '"'


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_put_then_get_returns_the_bytes_with_their_type_etag_and_last_modified(lrs, path, params):
    content = b"\x00\x01 not json at all"
    r = lrs.call(
        "PUT", path, params=params(), content=content, headers={**NEW, "Content-Type": "application/pdf"}
    )
    assert r.status_code == 204, r.text
    assert r.headers["X-Experience-API-Version"] == "1.0.3"
    got = lrs.call("GET", path, params=params())
    assert got.status_code == 200, got.text
    assert got.content == content
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["ETag"] == quoted_sha1(content)
    modified = parsedate_to_datetime(got.headers["Last-Modified"])
    assert abs(modified - datetime.now(UTC)) < timedelta(minutes=1)
    assert "X-Experience-API-Consistent-Through" in got.headers


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_head_is_get_without_the_body(lrs, path, params):
    lrs.call("POST", path, params=params(), json={"page": 3})
    got = lrs.call("GET", path, params=params())
    head = lrs.call("HEAD", path, params=params())
    assert head.status_code == 200 and head.content == b""
    assert head.headers["ETag"] == got.headers["ETag"]
    assert head.headers["Last-Modified"] == got.headers["Last-Modified"]
    listed = lrs.call("HEAD", path, params=scope_of(params()))
    assert listed.status_code == 200 and listed.content == b""
    assert listed.headers["ETag"] == lrs.call("GET", path, params=scope_of(params())).headers["ETag"]


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_get_of_a_missing_document_is_404(lrs, path, params):
    r = lrs.call("GET", path, params=params("nothing-here"))
    assert r.status_code == 404
    assert r.headers["X-Experience-API-Version"] == "1.0.3"


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_if_match_and_if_none_match_guard_every_write(lrs, path, params):
    first = json.dumps({"a": 1}).encode()
    headers = {**NEW, "Content-Type": "application/json"}
    assert lrs.call("PUT", path, params=params(), content=first, headers=headers).status_code == 204
    etag = lrs.call("GET", path, params=params()).headers["ETag"]
    wrong = '"' + "1" * 40 + '"'
    # If-None-Match: * fails once the document exists, for PUT and POST alike.
    assert lrs.call("PUT", path, params=params(), json={"b": 2}, headers=NEW).status_code == 412
    assert lrs.call("POST", path, params=params(), json={"b": 2}, headers=NEW).status_code == 412
    # A stale ETag fails PUT, POST and DELETE, and changes nothing.
    for method in ("PUT", "POST"):
        r = lrs.call(method, path, params=params(), json={"b": 2}, headers={"If-Match": wrong})
        assert r.status_code == 412, (method, r.text)
    assert lrs.call("DELETE", path, params=params(), headers={"If-Match": wrong}).status_code == 412
    assert lrs.call("GET", path, params=params()).content == first
    # The current ETag succeeds; so does If-Match: *.
    r = lrs.call("POST", path, params=params(), json={"b": 2}, headers={"If-Match": etag})
    assert r.status_code == 204, r.text
    assert lrs.call("GET", path, params=params()).json() == {"a": 1, "b": 2}
    r = lrs.call("PUT", path, params=params(), json={"c": 3}, headers={"If-Match": "*"})
    assert r.status_code == 204, r.text
    etag = lrs.call("GET", path, params=params()).headers["ETag"]
    assert lrs.call("DELETE", path, params=params(), headers={"If-Match": etag}).status_code == 204
    assert lrs.call("GET", path, params=params()).status_code == 404
    # If-Match on a document that does not exist fails rather than creating it.
    r = lrs.call("PUT", path, params=params(), json={"d": 4}, headers={"If-Match": etag})
    assert r.status_code == 412
    assert lrs.call("GET", path, params=params()).status_code == 404


@pytest.mark.parametrize(
    ("path", "params"), [(ACTIVITY_PROFILE, activity_profile), (AGENT_PROFILE, agent_profile)]
)
@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_a_profile_put_without_a_precondition_never_overwrites(lrs, path, params, version):
    assert lrs.call("POST", path, params=params(), json={"x": 1}, version=version).status_code == 204
    r = lrs.call("PUT", path, params=params(), json={"x": 2}, version=version)
    assert r.status_code == 409
    assert "If-Match" in r.json()["detail"]
    assert lrs.call("GET", path, params=params(), version=version).json() == {"x": 1}


@pytest.mark.parametrize(
    ("path", "params"), [(ACTIVITY_PROFILE, activity_profile), (AGENT_PROFILE, agent_profile)]
)
def test_a_new_profile_put_needs_a_precondition_in_1_0_but_not_in_2_0(lrs, path, params):
    r = lrs.call("PUT", path, params=params("one"), json={"x": 1}, version="1.0.3")
    assert r.status_code == 400 and "If-None-Match" in r.json()["detail"]
    assert lrs.call("GET", path, params=params("one")).status_code == 404
    r = lrs.call("PUT", path, params=params("two"), json={"x": 1}, version="2.0.0")
    assert r.status_code == 204, r.text


def test_a_state_put_overwrites_freely_in_1_0_but_conflicts_in_2_0(lrs):
    assert lrs.call("PUT", STATE, params=state(), json={"x": 1}).status_code == 204
    assert lrs.call("PUT", STATE, params=state(), json={"x": 2}).status_code == 204
    assert lrs.call("GET", STATE, params=state()).json() == {"x": 2}
    r = lrs.call("PUT", STATE, params=state(), json={"x": 3}, version="2.0.0")
    assert r.status_code == 409
    assert lrs.call("GET", STATE, params=state(), version="2.0.0").json() == {"x": 2}


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_post_merges_top_level_properties_of_json_objects(lrs, path, params):
    first = {"car": {"make": "Ford", "model": "Escape"}, "driver": "Dale"}
    second = {"car": {"make": "Dodge"}, "series": "nextel"}
    assert lrs.call("POST", path, params=params(), json=first).status_code == 204
    assert lrs.call("POST", path, params=params(), json=second).status_code == 204
    got = lrs.call("GET", path, params=params())
    assert got.json() == {"car": {"make": "Dodge"}, "driver": "Dale", "series": "nextel"}
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["ETag"] == quoted_sha1(got.content)


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_post_refuses_anything_but_two_json_objects_and_changes_nothing(lrs, path, params):
    assert lrs.call("POST", path, params=params(), json={"a": 1}).status_code == 204
    bad = [
        (b"abcdefg", "text/plain"),
        (b'{"a": 2', "application/json"),
        (b"[1, 2]", "application/json"),
    ]
    for content, content_type in bad:
        r = lrs.call("POST", path, params=params(), content=content, headers={"Content-Type": content_type})
        assert r.status_code == 400, (content, r.text)
    assert lrs.call("GET", path, params=params()).json() == {"a": 1}
    # A stored document that is not JSON cannot be merged into.
    raw = b"/ asdf / undefined"
    headers = {**NEW, "Content-Type": "application/octet-stream"}
    assert lrs.call("PUT", path, params=params("raw"), content=raw, headers=headers).status_code == 204
    r = lrs.call("POST", path, params=params("raw"), json={"a": 1})
    assert r.status_code == 400 and "stored document" in r.json()["detail"]
    assert lrs.call("GET", path, params=params("raw")).content == raw


def test_post_with_a_charset_parameter_still_merges(lrs):
    headers = {"Content-Type": "application/json; charset=utf-8"}
    assert lrs.call("POST", STATE, params=state(), content=b'{"a": 1}', headers=headers).status_code == 204
    assert lrs.call("POST", STATE, params=state(), content=b'{"b": 2}', headers=headers).status_code == 204
    assert lrs.call("GET", STATE, params=state()).json() == {"a": 1, "b": 2}


def test_state_ids_are_listed_per_agent_activity_and_registration_and_since_filters_them(lrs):
    registration = str(uuid.uuid4())
    lrs.call("POST", STATE, params=state("a"), json={"n": 1})
    lrs.call("POST", STATE, params=state("b", registration=registration), json={"n": 2})
    lrs.call("POST", STATE, params=state("c", agent=OTHER_AGENT), json={"n": 3})
    scope = {"activityId": ACTIVITY, "agent": json.dumps(AGENT)}
    r = lrs.call("GET", STATE, params=scope)
    assert r.status_code == 200 and sorted(r.json()) == ["a", "b"]
    assert r.headers["Content-Type"] == "application/json"
    assert "Last-Modified" in r.headers and r.headers["ETag"] == quoted_sha1(r.content)
    assert lrs.call("GET", STATE, params={**scope, "registration": registration}).json() == ["b"]
    lrs.call("POST", STATE, params=state("b"), json={"n": 5})  # the same id without a registration
    assert sorted(lrs.call("GET", STATE, params=scope).json()) == ["a", "b"]
    other = {"activityId": ACTIVITY, "agent": json.dumps(OTHER_AGENT)}
    assert lrs.call("GET", STATE, params=other).json() == ["c"]

    later = (datetime.now(UTC) + timedelta(milliseconds=5)).isoformat()
    time.sleep(0.02)
    lrs.call("POST", STATE, params=state("a"), json={"n": 4})
    assert lrs.call("GET", STATE, params={**scope, "since": later}).json() == ["a"]
    earlier = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert sorted(lrs.call("GET", STATE, params={**scope, "since": earlier}).json()) == ["a", "b"]


@pytest.mark.parametrize(
    ("path", "scope", "params"),
    [
        (ACTIVITY_PROFILE, {"activityId": ACTIVITY}, activity_profile),
        (AGENT_PROFILE, {"agent": json.dumps(AGENT)}, agent_profile),
    ],
)
def test_profile_ids_are_listed_and_filtered_by_since(lrs, path, scope, params):
    assert lrs.call("GET", path, params=scope).json() == []
    lrs.call("POST", path, params=params("one"), json={})
    lrs.call("POST", path, params=params("two"), json={})
    assert sorted(lrs.call("GET", path, params=scope).json()) == ["one", "two"]
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert lrs.call("GET", path, params={**scope, "since": future}).json() == []


def test_deleting_state_without_a_state_id_deletes_the_whole_context(lrs):
    registration = str(uuid.uuid4())
    lrs.call("POST", STATE, params=state("a"), json={})
    lrs.call("POST", STATE, params=state("b", registration=registration), json={})
    lrs.call("POST", STATE, params=state("c", registration=registration), json={})
    lrs.call("POST", STATE, params=state("d", agent=OTHER_AGENT), json={})
    scope = {"activityId": ACTIVITY, "agent": json.dumps(AGENT)}
    r = lrs.call("DELETE", STATE, params={**scope, "registration": registration})
    assert r.status_code == 204
    assert lrs.call("GET", STATE, params=scope).json() == ["a"]
    assert lrs.call("DELETE", STATE, params=scope).status_code == 204
    assert lrs.call("GET", STATE, params=scope).json() == []
    other = {"activityId": ACTIVITY, "agent": json.dumps(OTHER_AGENT)}
    assert lrs.call("GET", STATE, params=other).json() == ["d"]


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_deleting_one_document_leaves_the_others_and_deleting_nothing_succeeds(lrs, path, params):
    lrs.call("POST", path, params=params("keep"), json={})
    lrs.call("POST", path, params=params("drop"), json={})
    assert lrs.call("DELETE", path, params=params("drop")).status_code == 204
    assert lrs.call("GET", path, params=params("drop")).status_code == 404
    assert lrs.call("GET", path, params=params("keep")).status_code == 200
    assert lrs.call("DELETE", path, params=params("never-was")).status_code == 204


def test_a_registration_is_part_of_a_state_documents_identity(lrs):
    registration = str(uuid.uuid4())
    lrs.call("PUT", STATE, params=state(), json={"where": "none"})
    lrs.call("PUT", STATE, params=state(registration=registration), json={"where": "reg"})
    assert lrs.call("GET", STATE, params=state()).json() == {"where": "none"}
    assert lrs.call("GET", STATE, params=state(registration=registration)).json() == {"where": "reg"}


@pytest.mark.parametrize(("path", "params"), RESOURCES)
def test_an_organisations_documents_are_invisible_to_another(lrs, path, params):
    assert lrs.call("POST", path, params=params(), json={"secret": 1}).status_code == 204
    assert lrs.call("GET", path, params=params(), who="b").status_code == 404
    scope = scope_of(params())
    assert lrs.call("GET", path, params=scope, who="b").json() == []
    # b writes the same place without a conflict, and a's document is untouched.
    assert lrs.call("PUT", path, params=params(), json={"b": 1}, headers=NEW, who="b").status_code == 204
    assert lrs.call("DELETE", path, params=scope if path == STATE else params(), who="b").status_code == 204
    assert lrs.call("GET", path, params=params()).json() == {"secret": 1}


def test_bad_parameters_are_400_naming_the_parameter(lrs):
    cases = [
        ("GET", STATE, {"agent": json.dumps(AGENT)}, "activityId"),
        ("PUT", STATE, {"activityId": ACTIVITY, "agent": json.dumps(AGENT)}, "stateId"),
        ("POST", STATE, {"activityId": ACTIVITY, "stateId": "s"}, "agent"),
        ("GET", STATE, state(agent={"name": "no identifier"}), "agent"),
        ("GET", STATE, {**state(), "agent": "true"}, "agent"),
        ("GET", STATE, {**state(), "agent": '{"objectType""Agent"}'}, "agent"),
        ("GET", STATE, state(agent={"objectType": "Group", "mbox": "mailto:g@example.com"}), "agent"),
        ("GET", STATE, state(registration="not-a-uuid"), "registration"),
        ("GET", STATE, {"activityId": ACTIVITY, "agent": json.dumps(AGENT), "since": "yesterday"}, "since"),
        ("GET", STATE, {**state(), "activityId": "not an iri"}, "activityId"),
        ("GET", STATE, {**state(), "StateId": "x"}, "StateId"),
        ("GET", STATE, {**state(), "profileId": "x"}, "profileId"),
        ("PUT", STATE, {**state(), "since": "2024-01-01T00:00:00Z"}, "since"),
        ("DELETE", ACTIVITY_PROFILE, {"activityId": ACTIVITY}, "profileId"),
        ("GET", ACTIVITY_PROFILE, {"profileId": "x"}, "activityId"),
        ("GET", AGENT_PROFILE, {"profileId": "x"}, "agent"),
        ("GET", AGENT_PROFILE, {**agent_profile(), "activityId": ACTIVITY}, "activityId"),
        ("GET", STATE, state(stateId=""), "stateId"),
    ]
    for method, path, params, named in cases:
        r = lrs.call(method, path, params=params, json={} if method in ("PUT", "POST") else None)
        assert r.status_code == 400, (method, path, params, r.status_code, r.text)
        assert named in r.json()["detail"], (named, r.json()["detail"])
        assert r.headers["X-Experience-API-Version"] == "1.0.3"


def test_since_needs_a_time_zone_in_2_0(lrs):
    scope = {"activityId": ACTIVITY, "agent": json.dumps(AGENT)}
    assert lrs.call("GET", STATE, params={**scope, "since": "2024-01-01T00:00:00"}).status_code == 200
    r = lrs.call("GET", STATE, params={**scope, "since": "2024-01-01T00:00:00"}, version="2.0.0")
    assert r.status_code == 400 and "since" in r.text


def test_the_version_header_and_credentials_are_required(lrs):
    r = lrs.call("GET", STATE, params=state(), version=None)
    assert r.status_code == 400 and "X-Experience-API-Version" in r.headers
    r = lrs.client.get(STATE, params=state(), headers={"X-Experience-API-Version": "1.0.3"})
    assert r.status_code == 401


def test_a_repeated_parameter_is_refused(lrs):
    r = lrs.call("GET", STATE + "?activityId=" + ACTIVITY + "&activityId=" + ACTIVITY, params=None)
    assert r.status_code == 400
