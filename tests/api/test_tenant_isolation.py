"""Officials of department A see nothing of department B: every route that takes an id answers 404,
exactly as for an id that does not exist, and lists hold only what lies within the caller's scope."""

import uuid

import pytest

ID_ROUTES = [
    # (caller on side A, method, path template on side B's object, json body)
    ("learner", "GET", "/api/v1/organisations/{b.office}", None),
    ("learner", "GET", "/api/v1/users/{b.people[learner]}", None),
    ("learner", "GET", "/api/v1/users/{b.people[learner]}/enrolments", None),
    ("learner", "GET", "/api/v1/users/{b.people[learner]}/grants", None),
    ("learner", "GET", "/api/v1/positions/{b.position}", None),
    ("learner", "GET", "/api/v1/courses/{b.draft_course}", None),
    ("hr", "GET", "/api/v1/users/{b.people[learner]}", None),
    ("hr", "GET", "/api/v1/users/{b.people[learner]}/enrolments", None),
    ("hr", "PATCH", "/api/v1/users/{b.people[learner]}", {"probation_status": "confirmed"}),
    ("hr", "POST", "/api/v1/users/{b.people[learner]}/grants", {"role": "supervisor"}),
    ("hr", "DELETE", "/api/v1/grants/{b.grants[learner]}", None),
    ("institution_admin", "DELETE", "/api/v1/api-clients/{b_client}", None),
]


def _b_client_id(world) -> uuid.UUID:
    r = world.client.get("/api/v1/api-clients", headers=world.login(world.admin))
    return next(c["id"] for c in r.json()["items"] if c["name"] == "LRS client B")


@pytest.mark.parametrize(("caller", "method", "template", "body"), ID_ROUTES)
def test_naming_an_object_of_another_department_is_not_found(world, caller, method, template, body):
    path = template.format(b=world.b, b_client=_b_client_id(world))
    headers = world.login(world.a.people[caller])
    r = world.client.request(method, path, headers=headers, json=body)
    assert r.status_code == 404, r.text
    assert r.headers["content-type"] == "application/problem+json"
    # Indistinguishable from an id that does not exist at all.
    object_id = path.split("/")[4]
    missing = world.client.request(
        method, path.replace(object_id, str(uuid.uuid4())), headers=headers, json=body
    )
    assert missing.status_code == 404
    assert r.json()["title"] == missing.json()["title"]


def test_the_same_routes_answer_within_the_callers_own_department(world):
    a = world.a
    hr = world.login(a.people["hr"])
    assert world.client.get(f"/api/v1/users/{a.people['learner']}", headers=hr).status_code == 200
    assert world.client.get(f"/api/v1/users/{a.people['learner']}/enrolments", headers=hr).status_code == 200
    r = world.client.patch(f"/api/v1/users/{a.people['learner']}", headers=hr, json={"cadre": "CSS"})
    assert r.status_code == 200 and r.json()["service_record"]["cadre"] == "CSS"
    learner = world.login(a.people["learner"])
    assert world.client.get(f"/api/v1/positions/{a.position}", headers=learner).status_code == 200
    assert world.client.get(f"/api/v1/organisations/{a.office}", headers=learner).status_code == 200


def test_a_refused_change_across_departments_writes_nothing(world):
    hr = world.login(world.a.people["hr"])
    world.client.patch(
        f"/api/v1/users/{world.b.people['learner']}", headers=hr, json={"probation_status": "confirmed"}
    )
    r = world.client.get(
        f"/api/v1/users/{world.b.people['learner']}", headers=world.login(world.b.people["hr"])
    )
    assert r.json()["service_record"]["probation_status"] == "on_probation"


def _ids(world, path, caller):
    r = world.client.get(path, headers=world.login(caller), params={"limit": 500})
    assert r.status_code == 200, r.text
    return {item["id"] for item in r.json()["items"]}


def test_lists_hold_only_what_lies_in_scope(world):
    a, b = world.a, world.b
    learner = a.people["learner"]
    users = _ids(world, "/api/v1/users", learner)
    assert a.people["colleague"] in {uuid.UUID(u) for u in users}
    assert not {str(u) for u in b.people.values()} & users
    assert str(b.office) not in _ids(world, "/api/v1/organisations", learner)
    assert str(b.position) not in _ids(world, "/api/v1/positions", learner)
    courses = _ids(world, "/api/v1/courses", learner)
    assert str(b.published_course) in courses  # the marketplace is open to every official
    assert str(b.draft_course) not in courses
    clients = world.client.get(
        "/api/v1/api-clients", headers=world.login(a.people["institution_admin"])
    ).json()
    assert [c["name"] for c in clients["items"]] == ["LRS client A"]


def test_a_published_course_is_open_to_all_and_a_draft_only_to_its_provider(world):
    b = world.b
    learner_a = world.login(world.a.people["learner"])
    assert world.client.get(f"/api/v1/courses/{b.published_course}", headers=learner_a).status_code == 200
    creator_b = world.login(b.people["creator"])
    r = world.client.get(f"/api/v1/courses/{b.draft_course}", headers=creator_b)
    assert r.status_code == 200 and r.json()["status"] == "draft"


def test_body_fields_naming_another_departments_objects_are_refused_by_field(world):
    hr = world.login(world.a.people["hr"])
    r = world.client.post(
        "/api/v1/users",
        headers=hr,
        json={
            "organisation_id": str(world.b.office),
            "email": "new@example.com",
            "full_name": "New Officer",
        },
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "organisation_id"
    r = world.client.patch(
        f"/api/v1/users/{world.a.people['learner']}",
        headers=hr,
        json={"supervisor_id": str(world.b.people["hr"])},
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "supervisor_id"


def test_api_clients_see_only_their_organisations_scope(world):
    key, secret = world.a.api_client
    r = world.client.get(f"/api/v1/positions/{world.b.position}", auth=(key, secret))
    assert r.status_code == 404
    r = world.client.get(f"/api/v1/positions/{world.a.position}", auth=(key, secret))
    assert r.status_code == 200
