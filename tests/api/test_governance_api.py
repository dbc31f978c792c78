"""Governance over HTTP: HR drafts, edits and submits a plan; the Commission approves it; the
plan goes live; KPIs, scorecards, reports and the subscription statement, each within scope."""

from __future__ import annotations

import io
import uuid

import pypdf
from api import conftest as api_world

from karmayogi.lms.orm import Organisation

YEAR = 2026


def _commission(world, db):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        ministry = session.get(Organisation, world.a.ministry)
        return api_world._person(session, ministry, "commission_admin", None)


def test_plan_from_draft_to_live_and_the_reports(world, db):
    commission = _commission(world, db)
    hr, other_hr = world.login(world.a.people["hr"]), world.login(world.b.people["hr"])
    c = world.client
    r = c.post(
        "/api/v1/plans/drafts", json={"organisation_id": str(world.a.department), "year": YEAR}, headers=hr
    )
    assert r.status_code == 201, r.text
    plan = r.json()
    assert plan["state"] == "draft" and "cover" in plan["basis"]
    assignments = [
        *plan["assignments"],
        {"course_id": str(world.a.published_course), "target_kind": "everyone", "due_on": f"{YEAR}-09-30"},
    ]
    ghost = str(uuid.uuid4())
    bad = [
        *assignments,
        {
            "course_id": ghost,
            "target_kind": "designation",
            "designation": "Astronaut",
            "due_on": f"{YEAR}-09-30",
        },
    ]
    r = c.put(f"/api/v1/plans/{plan['id']}", json={"assignments": bad}, headers=hr)
    assert r.status_code == 422 and ghost in r.text and "Astronaut" in r.text
    r = c.put(f"/api/v1/plans/{plan['id']}", json={"assignments": assignments}, headers=hr)
    assert r.status_code == 200, r.text
    assert c.get(f"/api/v1/plans/{plan['id']}", headers=other_hr).status_code == 404
    assert c.post(f"/api/v1/plans/{plan['id']}/submit", headers=hr).json()["state"] == "submitted"
    own = c.post(
        f"/api/v1/plans/{plan['id']}/decision", json={"outcome": "approve", "reason": "mine"}, headers=hr
    )
    assert own.status_code == 403
    r = c.post(
        f"/api/v1/plans/{plan['id']}/decision",
        json={"outcome": "approve", "reason": "Closes the department's largest gaps"},
        headers=world.login(commission),
    )
    assert r.status_code == 200 and r.json()["state"] == "approved", r.text
    assert c.post(f"/api/v1/plans/{plan['id']}/live", headers=hr).json()["state"] == "live"
    events = [e["action"] for e in c.get(f"/api/v1/plans/{plan['id']}/events", headers=hr).json()]
    assert events == ["drafted", "edited", "submitted", "approved", "went live"]
    assert [p["id"] for p in c.get("/api/v1/plans", headers=world.login(commission)).json()] == [plan["id"]]
    assert c.get("/api/v1/plans", headers=other_hr).json() == []

    assert c.post(f"/api/v1/kpis/{YEAR}/runs", headers=hr).status_code == 403
    assert c.post(f"/api/v1/kpis/{YEAR}/runs", headers=world.login(commission)).status_code == 201
    theirs = c.get(f"/api/v1/kpis/{YEAR}", headers=other_hr).json()["values"]
    assert any(v["organisation_id"] == str(world.b.department) for v in theirs)
    a_side = {str(world.a.department), str(world.a.provider_org)}
    assert not a_side & {v["organisation_id"] for v in theirs}
    assert str(world.a.people["learner"]) not in {v["subject_id"] for v in theirs}
    cards = c.get(f"/api/v1/scorecards/{YEAR}", headers=world.login(commission)).json()
    assert {s["department_id"] for s in cards["scorecards"]} >= {
        str(world.a.department),
        str(world.b.department),
    }
    r = c.get(f"/api/v1/reports/{YEAR}/state-of-civil-services.pdf", headers=world.login(commission))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert "Department scores" in pypdf.PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    assert c.get(f"/api/v1/reports/{YEAR}/state-of-civil-services.pdf", headers=hr).status_code == 403
    assert (
        c.get(f"/api/v1/reports/{YEAR}/departments/{world.a.department}.html", headers=hr).status_code == 200
    )
    assert (
        c.get(f"/api/v1/reports/{YEAR}/departments/{world.a.department}.html", headers=other_hr).status_code
        == 422
    )

    r = c.post(
        f"/api/v1/subscriptions/{world.a.department}/{YEAR}/charge",
        json={"reference_date": f"{YEAR}-04-01"},
        headers=world.login(commission),
    )
    assert r.status_code == 201 and r.json()["fee_paise"] == 43100, r.text
    csv_text = c.get(f"/api/v1/subscriptions/{world.a.department}/{YEAR}/statement.csv", headers=hr).text
    assert "charge" in csv_text and "431.00" in csv_text
    assert (
        c.get(f"/api/v1/me/points/{YEAR}", headers=world.login(world.a.people["learner"])).status_code == 200
    )
