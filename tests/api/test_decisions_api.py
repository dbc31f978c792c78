"""HR decisions over HTTP: the probation queue within scope, decisions with reasons, appeals, the
letter, and 404 for every case route outside the caller's reach."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pypdf
import pytest
from api import conftest as api_world

from karmayogi.lms.orm import Grant, Organisation

END = date(2027, 6, 1)  # when the world's officials finish probation
UNTIL = (END - date.today()).days
DAYS = max(UNTIL, 0) + 1


def _propose(world, hr):  # type: ignore[no-untyped-def]
    r = world.client.post(
        "/api/v1/hr/probation/proposals", json={"within_days": DAYS}, headers=world.login(hr)
    )
    assert r.status_code == 201, r.text
    return r.json()


def _case_for(world, side):  # type: ignore[no-untyped-def]
    (proposal,) = _propose(world, side.people["hr"])
    assert proposal["decision"]["subject_id"] == str(side.people["learner"])
    return proposal["decision"]["id"]


def _second_hr(world, db):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        department = session.get(Organisation, world.a.department)
        return api_world._person(session, department, "hr_cell", department)


def _decide(world, who, case_id, verb="decide", **body):  # type: ignore[no-untyped-def]
    return world.client.post(f"/api/v1/decisions/{case_id}/{verb}", json=body, headers=world.login(who))


def test_the_probation_queue_holds_only_officials_in_the_hr_cells_scope(world):
    a, b = world.a, world.b
    due = world.client.get(
        f"/api/v1/hr/probation/due?within_days={DAYS}", headers=world.login(a.people["hr"])
    )
    assert due.status_code == 200 and [u["id"] for u in due.json()] == [str(a.people["learner"])]
    assert due.json()[0]["probation_end_date"] == "2027-06-01"
    other = world.client.get(
        f"/api/v1/hr/probation/due?within_days={DAYS}", headers=world.login(b.people["hr"])
    )
    assert [u["id"] for u in other.json()] == [str(b.people["learner"])]
    if UNTIL > 0:
        near = f"/api/v1/hr/probation/due?within_days={UNTIL - 1}"
        assert world.client.get(near, headers=world.login(a.people["hr"])).json() == []
    assert (
        world.client.get("/api/v1/hr/probation/due", headers=world.login(a.people["learner"])).status_code
        == 403
    )
    bad = world.client.get("/api/v1/hr/probation/due?within_days=9999", headers=world.login(a.people["hr"]))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "within_days"


def test_a_case_runs_from_proposal_to_decision_appeal_and_redecision(world, db):
    a = world.a
    hr, learner = a.people["hr"], a.people["learner"]
    case_id = _case_for(world, a)
    assert _propose(world, hr)[0]["opened"] is False  # the same end date is not proposed twice
    case = world.client.get(f"/api/v1/decisions/{case_id}", headers=world.login(learner)).json()
    assert (case["state"], case["proposed"], case["outcome"]) == ("proposed", "review", None)
    frozen = case["entries"][0]["payload"]
    assert frozen["service_record"]["probation_end_date"] == "2027-06-01" and frozen["rules_version"]

    no_reason = _decide(world, hr, case_id, outcome="confirm", reason="  ")
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    for odd in (r"a\u0000b", r"a\ud800b"):  # as JSON escapes: a client cannot encode a lone surrogate
        raw = '{"outcome": "confirm", "reason": "' + odd + '"}'
        headers = {**world.login(hr), "content-type": "application/json"}
        refused = world.client.post(f"/api/v1/decisions/{case_id}/decide", content=raw, headers=headers)
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    assert (
        _decide(world, hr, case_id, outcome="extend", reason="x").json()["errors"][0]["field"]
        == "extend_months"
    )
    decided = _decide(world, hr, case_id, outcome="confirm", reason="assessed in person: meets the rules")
    assert decided.status_code == 200 and decided.json()["outcome"] == "confirm"
    assert (
        _decide(
            world, _second_hr(world, db), case_id, outcome="extend", reason="x", extend_months=2
        ).status_code
        == 409
    )
    record = world.client.get(f"/api/v1/users/{learner}", headers=world.login(hr)).json()["service_record"]
    assert record["probation_status"] == "confirmed"

    pdf = world.client.get(f"/api/v1/decisions/{case_id}/letter.pdf", headers=world.login(learner))
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert f"Official {str(learner)[:8]}" in text and "स्थायीकरण" in text

    mine = world.client.get("/api/v1/me/decisions", headers=world.login(learner)).json()
    assert [(d["id"], d["state"]) for d in mine] == [(case_id, "decided")] and mine[0]["appeal_until"]
    assert world.client.get("/api/v1/me/decisions", headers=world.login(hr)).json() == []
    by_hr = _decide(world, hr, case_id, "appeal", grounds="on their behalf")
    assert by_hr.status_code == 403
    appealed = _decide(world, learner, case_id, "appeal", grounds="the assessment date was wrong")
    assert appealed.status_code == 200 and appealed.json()["state"] == "appealed"

    assert (
        _decide(world, hr, case_id, "redecide", outcome="confirm", reason="I stand by it").status_code == 403
    )
    hr2 = _second_hr(world, db)
    final = _decide(
        world, hr2, case_id, "redecide", outcome="extend", reason="one course is due", extend_months=3
    )
    assert final.status_code == 200 and (final.json()["state"], final.json()["outcome"]) == (
        "redecided",
        "extend",
    )
    record = world.client.get(f"/api/v1/users/{learner}", headers=world.login(hr)).json()["service_record"]
    assert (record["probation_status"], record["probation_end_date"]) == ("extended", "2027-09-01")
    assert (
        world.client.get(f"/api/v1/decisions/{case_id}/letter.pdf", headers=world.login(hr)).status_code
        == 409
    )
    verified = world.client.get(f"/api/v1/decisions/{case_id}/verify", headers=world.login(learner)).json()
    assert verified == {"verified": True, "breaks": []}
    assert [
        e["step"]
        for e in world.client.get(f"/api/v1/decisions/{case_id}", headers=world.login(hr)).json()["entries"]
    ] == [
        "proposal",
        "decision",
        "appeal",
        "redecision",
    ]


def test_a_supervisor_with_hr_powers_does_not_decide_for_a_reportee(world, db):
    a = world.a
    case_id = _case_for(world, a)
    with db.transaction() as session:
        session.add(Grant(user_id=a.people["supervisor"], role="hr_cell", organisation_id=a.department))
    refused = _decide(world, a.people["supervisor"], case_id, outcome="confirm", reason="good work")
    assert refused.status_code == 403 and "someone they supervise" in refused.json()["detail"]


ROUTES = [
    ("get", "", None),
    ("post", "/decide", {"outcome": "confirm", "reason": "r"}),
    ("post", "/appeal", {"grounds": "g"}),
    ("post", "/redecide", {"outcome": "confirm", "reason": "r"}),
    ("get", "/verify", None),
    ("get", "/letter.html", None),
    ("get", "/letter.pdf", None),
]


@pytest.mark.parametrize(("method", "tail", "body"), ROUTES)
def test_every_case_route_answers_404_outside_scope_or_for_no_such_case(world, method, tail, body):
    a, b = world.a, world.b
    case_id = _case_for(world, a)
    for who, ident in [
        (b.people["hr"], case_id),
        (b.people["learner"], case_id),
        (a.people["colleague"], case_id),
        (a.people["hr"], str(uuid.uuid4())),
    ]:
        kwargs = {"json": body} if body is not None else {}
        r = getattr(world.client, method)(
            f"/api/v1/decisions/{ident}{tail}", headers=world.login(who), **kwargs
        )
        assert r.status_code == 404, (who, r.text)
    case = world.client.get(f"/api/v1/decisions/{case_id}", headers=world.login(a.people["hr"])).json()
    assert case["state"] == "proposed" and len(case["entries"]) == 1


def test_a_batch_decides_one_case_per_official_each_with_a_reason_or_nothing(world, db):
    a = world.a
    with db.transaction() as session:
        office = session.get(Organisation, a.office)
        second = api_world._person(
            session,
            office,
            "learner",
            office,
            probation_status="on_probation",
            probation_end_date=date(2027, 5, 1),
        )
    proposals = _propose(world, a.people["hr"])
    ids = {p["decision"]["subject_id"]: p["decision"]["id"] for p in proposals}
    first, other = ids[str(a.people["learner"])], ids[str(second)]
    batch = {
        "decisions": [
            {"decision_id": first, "outcome": "confirm", "reason": "all rules met"},
            {"decision_id": other, "outcome": "confirm", "reason": ""},
        ]
    }
    headers = world.login(a.people["hr"])
    refused = world.client.post("/api/v1/hr/probation/decisions", json=batch, headers=headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "decisions[1].reason"
    assert world.client.get(f"/api/v1/decisions/{first}", headers=headers).json()["state"] == "proposed"
    twice = {"decisions": [batch["decisions"][0], batch["decisions"][0]]}
    r = world.client.post("/api/v1/hr/probation/decisions", json=twice, headers=headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "decisions[1].decision_id"
    batch["decisions"][1].update(outcome="extend", reason="onboarding not finished", extend_months=6)
    done = world.client.post("/api/v1/hr/probation/decisions", json=batch, headers=headers)
    assert done.status_code == 200 and [d["outcome"] for d in done.json()] == ["confirm", "extend"]
    outside = world.client.post(
        "/api/v1/hr/probation/decisions", json=batch, headers=world.login(world.b.people["hr"])
    )
    assert outside.status_code == 404


def test_rule_sets_are_versioned_and_bad_rules_name_the_field(world):
    a = world.a
    headers = world.login(a.people["hr"])
    body = {
        "organisation_id": str(a.department),
        "service": "Central Secretariat Service",
        "rules": {"mandatory_course_ids": [str(a.published_course)], "minimum_months": 12},
    }
    first = world.client.post("/api/v1/hr/probation/rules", json=body, headers=headers)
    second = world.client.post("/api/v1/hr/probation/rules", json=body, headers=headers)
    assert (first.status_code, first.json()["version"], second.json()["version"]) == (201, 1, 2)
    body["rules"] = {"minimum_months": "twelve"}
    bad = world.client.post("/api/v1/hr/probation/rules", json=body, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "rules.minimum_months"
    body.update(organisation_id=str(world.b.department), rules={})
    assert world.client.post("/api/v1/hr/probation/rules", json=body, headers=headers).status_code == 422


def _publish_frac(db, side):  # type: ignore[no-untyped-def]
    """Verify side A's competency, role and position, and publish them as the FRAC."""
    from karmayogi.lms.frac import versions
    from karmayogi.lms.orm import Competency, Position, PositionRole, Role

    with db.transaction() as session:
        position = session.get(Position, side.position)
        position.status = "verified"
        role = session.get(
            Role, session.query(PositionRole.role_id).filter_by(position_id=side.position).scalar()
        )
        role.status = "verified"
        for competency in session.query(Competency).all():
            competency.status = "verified"
        session.flush()
        versions.publish(session, None, "FRAC for the test")


def test_candidates_for_a_position_are_ranked_within_scope_with_explanations(world, db):
    a, b = world.a, world.b
    url = f"/api/v1/hr/positions/{a.position}/candidates"
    unpublished = world.client.get(url, headers=world.login(a.people["hr"]))
    assert unpublished.status_code == 422 and "no FRAC version" in unpublished.json()["detail"]
    _publish_frac(db, a)
    ranked = world.client.get(url, headers=world.login(a.people["hr"]))
    assert ranked.status_code == 200, ranked.text
    ids = [c["officer_id"] for c in ranked.json()]
    assert str(a.people["colleague"]) in ids and str(a.people["learner"]) not in ids
    assert not {str(p) for p in b.people.values()} & set(ids)
    first = ranked.json()[0]
    assert first["coverage"] == 0.0 and first["misses"][0]["needed"] == 3 and "no_course_for" in first
    for who, target in [
        (b.people["hr"], a.position),
        (a.people["learner"], a.position),
        (a.people["hr"], uuid.uuid4()),
    ]:
        r = world.client.get(f"/api/v1/hr/positions/{target}/candidates", headers=world.login(who))
        assert r.status_code == 404, r.text
    bad = world.client.get(url + "?pay_levels=99", headers=world.login(a.people["hr"]))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "pay_levels[0]"
    nul = world.client.get(url + "?services=a%00b", headers=world.login(a.people["hr"]))
    # Refused at the edge, which names the query parameter (karmayogi.api.limits).
    assert nul.status_code == 422 and nul.json()["errors"][0]["field"].startswith("services")


def test_a_vacancy_needs_a_verified_frac_and_its_candidates_stay_in_scope(world, db):
    a, b = world.a, world.b
    body = {"position_id": str(a.position), "pay_levels": [], "services": []}
    hr_a, hr_b = world.login(a.people["hr"]), world.login(b.people["hr"])
    refused = world.client.post("/api/v1/hr/vacancies", json=body, headers=hr_a)
    assert refused.status_code == 422 and "FRAC" in refused.json()["detail"]
    _publish_frac(db, a)
    opened = world.client.post("/api/v1/hr/vacancies", json=body, headers=hr_a)
    assert opened.status_code == 201, opened.text
    vacancy = opened.json()["id"]
    assert (
        world.client.post("/api/v1/hr/vacancies", json=body, headers=hr_b).json()["errors"][0]["field"]
        == "position_id"
    )
    bad = world.client.post("/api/v1/hr/vacancies", json={**body, "pay_levels": [0]}, headers=hr_a)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "pay_levels[0]"
    assert [v["id"] for v in world.client.get("/api/v1/hr/vacancies", headers=hr_a).json()] == [vacancy]
    assert world.client.get("/api/v1/hr/vacancies", headers=hr_b).json() == []
    for tail in ("", "/candidates"):
        assert world.client.get(f"/api/v1/hr/vacancies/{vacancy}{tail}", headers=hr_b).status_code == 404
        assert world.client.get(f"/api/v1/hr/vacancies/{uuid.uuid4()}{tail}", headers=hr_a).status_code == 404
        assert world.client.get(f"/api/v1/hr/vacancies/{vacancy}{tail}", headers=hr_a).status_code == 200
    own = {
        c["officer_id"]
        for c in world.client.get(f"/api/v1/hr/vacancies/{vacancy}/candidates", headers=hr_a).json()
    }
    assert str(a.people["colleague"]) in own and str(b.people["colleague"]) not in own
    # A grant above the departments reaches across them.
    wide = world.client.get(
        f"/api/v1/hr/vacancies/{vacancy}/candidates?limit=500", headers=world.login(world.admin)
    )
    assert str(b.people["colleague"]) in {c["officer_id"] for c in wide.json()}
