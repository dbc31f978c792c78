"""Bad input gets problem+json naming the field and the reason, and writes nothing."""

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from karmayogi.lms.orm import User


def _count_users(world) -> int:
    with world.client.app.state.database.transaction() as session:
        return session.scalar(select(func.count()).select_from(User))


def _new_user(world, **fields):
    body = {
        "organisation_id": str(world.a.office),
        "email": "new.officer@example.com",
        "full_name": "New Officer",
    }
    body.update(fields)
    return body


def _post_user(world, body):
    return world.client.post("/api/v1/users", headers=world.login(world.a.people["hr"]), json=body)


def test_unknown_field_wrong_type_and_missing_field_are_named(world):
    before = _count_users(world)
    cases = {
        "grade_pay": _new_user(world, grade_pay=4600),
        "date_of_joining": _new_user(world, date_of_joining="last tuesday"),
        "full_name": {k: v for k, v in _new_user(world).items() if k != "full_name"},
        "probation_status": _new_user(world, probation_status="permanent"),
    }
    for field, body in cases.items():
        r = _post_user(world, body)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        problem = r.json()
        assert problem["status"] == 422 and problem["title"] == "Invalid input"
        assert [e["field"] for e in problem["errors"]] == [field]
        assert field in problem["detail"]
    assert _count_users(world) == before


def test_a_foreign_key_to_nothing_is_named_and_nothing_is_written(world):
    before = _count_users(world)
    r = _post_user(world, _new_user(world, position_id=str(uuid.uuid4())))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "position_id"
    r = _post_user(world, _new_user(world, supervisor_id=str(uuid.uuid4())))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "supervisor_id"
    assert _count_users(world) == before


def test_probation_rules_are_checked(world):
    r = _post_user(world, _new_user(world, probation_status="on_probation"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "probation_end_date"
    r = _post_user(
        world,
        _new_user(
            world,
            date_of_joining="2026-01-01",
            probation_end_date="2025-01-01",
            probation_status="on_probation",
        ),
    )
    assert r.status_code == 422 and "before the date of joining" in r.json()["detail"]


def test_duplicate_email_is_a_conflict(world):
    assert _post_user(world, _new_user(world)).status_code == 201
    r = _post_user(world, _new_user(world, email="New.Officer@example.com"))
    assert r.status_code == 409 and r.json()["detail"].startswith("email:")


def test_malformed_json_and_bad_ids_are_named(world):
    headers = {**world.login(world.a.people["hr"]), "Content-Type": "application/json"}
    r = world.client.post("/api/v1/users", headers=headers, content=b'{"email": ')
    assert r.status_code == 422 and r.json()["errors"][0]["reason"] == "not valid JSON"
    r = world.client.get("/api/v1/users/not-a-uuid", headers=headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "user_id"
    r = world.client.get("/api/v1/users", headers=headers, params={"cursor": "!!!"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "cursor"
    r = world.client.get("/api/v1/users", headers=headers, params={"limit": 0})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "limit"


def test_unknown_routes_are_problem_json(world):
    r = world.client.get("/api/v1/nowhere")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


def test_an_unexpected_failure_never_shows_a_stack_trace(world):
    app = world.client.app

    @app.get("/api/v1/broken-for-test")
    def broken() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    # A client that reports the response the way an outside caller sees it, rather than re-raising.
    r = TestClient(app, raise_server_exceptions=False).get("/api/v1/broken-for-test")
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert "hunter2" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text


def test_null_for_a_required_field_is_named(world):
    hr = world.login(world.a.people["hr"])
    for field in ("full_name", "is_active", "probation_status"):
        r = world.client.patch(f"/api/v1/users/{world.a.people['learner']}", headers=hr, json={field: None})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == field
