"""Work allocation orders over HTTP: draft, publish (those named are told), archive, print; 404 on every
id route outside the HR cell's scope."""

from __future__ import annotations

import uuid

from api import conftest as api_world  # noqa: F401  (the world fixture's module)
from api.test_decisions_api import _publish_frac

from karmayogi.lms.orm import PositionRole


def _role(world, db):  # type: ignore[no-untyped-def]
    _publish_frac(db, world.a)
    with db.transaction() as session:
        return session.query(PositionRole.role_id).filter_by(position_id=world.a.position).scalar()


def test_an_order_is_drafted_published_to_those_named_printed_and_archived(world, db):
    a = world.a
    role = _role(world, db)
    hr = world.login(a.people["hr"])
    body = {
        "organisation_id": str(a.office),
        "title": "Procurement duties",
        "lines": [{"user_id": str(a.people["colleague"]), "role_id": str(role)}],
    }
    made = world.client.post("/api/v1/hr/allocation-orders", json=body, headers=hr)
    assert made.status_code == 201, made.text
    order = made.json()
    assert order["status"] == "draft" and order["lines"][0]["role"] == "Procurement Officer A"
    bad = world.client.post(
        "/api/v1/hr/allocation-orders",
        json={**body, "lines": [{"user_id": str(world.b.people["colleague"]), "role_id": str(role)}]},
        headers=hr,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "lines[0].user_id"
    colleague = world.login(a.people["colleague"])
    assert world.client.get("/api/v1/me/notifications", headers=colleague).json() == []
    published = world.client.post(f"/api/v1/hr/allocation-orders/{order['id']}/publish", headers=hr)
    assert published.status_code == 200 and published.json()["status"] == "published"
    told = world.client.get("/api/v1/me/notifications", headers=colleague).json()
    assert [(n["subject"], n["subject_id"]) for n in told] == [("allocation_order", order["id"])]
    again = world.client.post(f"/api/v1/hr/allocation-orders/{order['id']}/publish", headers=hr)
    assert again.status_code == 409
    page = world.client.get(f"/api/v1/hr/allocation-orders/{order['id']}/order.html", headers=hr)
    assert "Procurement Officer A" in page.text and "कार्य आवंटन आदेश" in page.text
    pdf = world.client.get(f"/api/v1/hr/allocation-orders/{order['id']}/order.pdf", headers=hr)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    archived = world.client.post(f"/api/v1/hr/allocation-orders/{order['id']}/archive", headers=hr)
    assert archived.json()["status"] == "archived"
    listed = world.client.get("/api/v1/hr/allocation-orders", headers=hr).json()
    assert [o["id"] for o in listed] == [order["id"]]
    assert (
        world.client.get("/api/v1/hr/allocation-orders", headers=world.login(world.b.people["hr"])).json()
        == []
    )


def test_every_order_route_answers_404_outside_scope(world, db):
    a, b = world.a, world.b
    role = _role(world, db)
    body = {
        "organisation_id": str(a.office),
        "title": "Duties",
        "lines": [{"user_id": str(a.people["colleague"]), "role_id": str(role)}],
    }
    order = world.client.post("/api/v1/hr/allocation-orders", json=body, headers=world.login(a.people["hr"]))
    hr_a, hr_b = world.login(a.people["hr"]), world.login(b.people["hr"])
    for target, who in ((order.json()["id"], hr_b), (uuid.uuid4(), hr_a)):
        for method, tail in (
            ("GET", ""),
            ("POST", "/publish"),
            ("POST", "/archive"),
            ("GET", "/order.html"),
            ("GET", "/order.pdf"),
        ):
            r = world.client.request(method, f"/api/v1/hr/allocation-orders/{target}{tail}", headers=who)
            assert r.status_code == 404, (tail, r.text)
    elsewhere = world.client.post("/api/v1/hr/allocation-orders", json=body, headers=hr_b)
    assert elsewhere.status_code == 422 and elsewhere.json()["errors"][0]["field"] == "organisation_id"
