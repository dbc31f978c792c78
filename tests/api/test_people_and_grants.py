"""HR cells keep officials' service records; roles are granted without escalation."""


def test_hr_cell_creates_an_official_who_can_then_sign_in(world):
    hr = world.login(world.a.people["hr"])
    r = world.client.post(
        "/api/v1/users",
        headers=hr,
        json={
            "organisation_id": str(world.a.office),
            "email": "meera.iyer@example.com",
            "full_name": "Meera Iyer",
            "password": "a long enough password",
            "position_id": str(world.a.position),
            "service": "CSS",
            "supervisor_id": str(world.a.people["supervisor"]),
            "date_of_joining": "2026-07-01",
            "probation_status": "on_probation",
            "probation_end_date": "2028-06-30",
        },
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["designation"] == "Section Officer"
    assert body["service_record"]["pay_level"] == 8 and body["service_record"]["grade"] == "Group B"
    token = world.client.post(
        "/api/v1/auth/token",
        data={"username": "meera.iyer@example.com", "password": "a long enough password"},
    )
    assert token.status_code == 200


def test_service_record_is_shown_to_self_supervisor_and_hr_but_not_to_colleagues(world):
    a = world.a
    path = f"/api/v1/users/{a.people['learner']}"
    for viewer in ("learner", "supervisor", "hr"):
        record = world.client.get(path, headers=world.login(a.people[viewer])).json()["service_record"]
        assert record["probation_status"] == "on_probation", viewer
    colleague_view = world.client.get(path, headers=world.login(a.people["colleague"])).json()
    assert colleague_view["service_record"] is None
    assert colleague_view["designation"] == "Section Officer"


def test_an_official_reads_their_own_learning_history_but_not_a_colleagues(world):
    a = world.a
    own = world.client.get(
        f"/api/v1/users/{a.people['learner']}/enrolments", headers=world.login(a.people["learner"])
    )
    assert own.status_code == 200 and own.json()["items"][0]["status"] == "completed"
    r = world.client.get(
        f"/api/v1/users/{a.people['learner']}/enrolments", headers=world.login(a.people["colleague"])
    )
    assert r.status_code == 404


def test_hr_cell_grants_a_role_it_holds_the_powers_of_and_revokes_it(world):
    a = world.a
    hr = world.login(a.people["hr"])
    r = world.client.post(
        f"/api/v1/users/{a.people['colleague']}/grants",
        headers=hr,
        json={"role": "supervisor", "organisation_id": str(a.office)},
    )
    assert r.status_code == 201, r.text
    grant_id = r.json()["id"]
    duplicate = world.client.post(
        f"/api/v1/users/{a.people['colleague']}/grants",
        headers=hr,
        json={"role": "supervisor", "organisation_id": str(a.office)},
    )
    assert duplicate.status_code == 409
    roles = world.client.get(f"/api/v1/users/{a.people['colleague']}/grants", headers=hr).json()["items"]
    assert {g["role"] for g in roles} == {"learner", "supervisor"}
    assert world.client.delete(f"/api/v1/grants/{grant_id}", headers=hr).status_code == 204


def test_no_one_grants_more_than_they_hold(world):
    a = world.a
    hr = world.login(a.people["hr"])
    for role in ("platform_admin", "institution_admin"):
        r = world.client.post(
            f"/api/v1/users/{a.people['colleague']}/grants",
            headers=hr,
            json={"role": role, "organisation_id": str(a.department)},
        )
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "role", role
    r = world.client.post(
        f"/api/v1/users/{a.people['colleague']}/grants", headers=hr, json={"role": "hr_cell"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "organisation_id"
    r = world.client.post(
        f"/api/v1/users/{a.people['colleague']}/grants",
        headers=hr,
        json={"role": "api_client", "organisation_id": str(a.office)},
    )
    assert r.status_code == 422
    # A learner holds no grants:manage at all.
    r = world.client.post(
        f"/api/v1/users/{a.people['colleague']}/grants",
        headers=world.login(a.people["learner"]),
        json={"role": "learner"},
    )
    assert r.status_code == 404


def test_a_platform_admin_grants_anywhere(world):
    admin = world.login(world.admin)
    r = world.client.post(
        f"/api/v1/users/{world.b.people['colleague']}/grants",
        headers=admin,
        json={"role": "commission_admin"},
    )
    assert r.status_code == 201 and r.json()["organisation_id"] is None


def test_organisations_form_a_ministry_department_organisation_tree(world):
    admin = world.login(world.admin)
    m = world.client.post(
        "/api/v1/organisations", headers=admin, json={"kind": "ministry", "name": "Ministry of Coal"}
    )
    assert m.status_code == 201
    d = world.client.post(
        "/api/v1/organisations",
        headers=admin,
        json={"kind": "department", "name": "Department of Coal", "parent_id": m.json()["id"]},
    )
    assert d.status_code == 201
    bad = world.client.post(
        "/api/v1/organisations",
        headers=admin,
        json={"kind": "ministry", "name": "Nested", "parent_id": d.json()["id"]},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "parent_id"
    orphan = world.client.post(
        "/api/v1/organisations", headers=admin, json={"kind": "department", "name": "Orphan"}
    )
    assert orphan.status_code == 422
    children = world.client.get(
        "/api/v1/organisations", headers=admin, params={"parent_id": m.json()["id"]}
    ).json()
    assert [c["name"] for c in children["items"]] == ["Department of Coal"]
    hr = world.login(world.a.people["hr"])
    assert (
        world.client.post(
            "/api/v1/organisations", headers=hr, json={"kind": "ministry", "name": "X"}
        ).status_code
        == 403
    )
