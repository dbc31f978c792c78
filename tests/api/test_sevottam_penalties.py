"""Penalty proceedings over HTTP on the demo's Sevottam: a Commission member proposes a penalty on the
responsible officer (at most Rs 50,000), another decides, the officer appeals, a third re-decides; the
proposer never decides and the first decider never re-decides; others cannot read the proceedings."""

from __future__ import annotations

import random

from sqlalchemy import select

from karmayogi.lms.authentication import hash_password
from karmayogi.lms.demo import sevottam as demo_sevottam
from karmayogi.lms.demo.seed import ANCHOR, DEMO_PASSWORD
from karmayogi.lms.orm import Grant, Grievance, User

DOMAIN = "karmayogi.example"


def test_a_penalty_is_proposed_decided_appealed_and_redecided_by_different_members(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.db.transaction() as session:
        demo_sevottam.seed(session, random.Random(7), ANCHOR, hash_password(DEMO_PASSWORD))
        grievance = session.scalar(select(Grievance).where(Grievance.service_id.is_not(None)).limit(1))
        officer = session.scalar(
            select(User)
            .join(Grant, Grant.user_id == User.id)
            .where(Grant.role == "grievance_officer", Grant.organisation_id == grievance.organisation_id)
        )
        grievance_id, officer_id, officer_email = grievance.id, officer.id, officer.email
    c = demo.client
    first, second, third = (demo.login(f"pgrc{n}@{DOMAIN}") for n in (1, 2, 3))
    proposals = f"/api/v1/sevottam/grievances/{grievance_id}/penalties"

    body = {"officer_id": str(officer_id), "amount_paise": 50_000_01, "reason": "Four months' delay"}
    r = c.post(proposals, json=body, headers=first)
    assert r.status_code == 422 and "amount_paise" in r.text, r.text
    r = c.post(proposals, json=body | {"amount_paise": 25_000_00}, headers=first)
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["officer_id"] == str(officer_id) and case["steps"][0]["amount_paise"] == 25_000_00
    decision = f"/api/v1/sevottam/penalties/{case['id']}/decision"
    ruling = {"outcome": "impose", "amount_paise": 10_000_00, "reason": "Wilful delay in sanction"}
    assert c.post(decision, json=ruling, headers=first).status_code == 403  # the proposer does not decide
    r = c.post(decision, json=ruling, headers=second)
    assert r.status_code == 200, r.text
    assert r.json()["steps"][-1]["amount_paise"] == 10_000_00

    r = c.post(
        f"/api/v1/decisions/{case['id']}/appeal",
        json={"grounds": "The file was with audit for two months."},
        headers=demo.login(officer_email),
    )
    assert r.status_code == 200, r.text
    redecision = f"/api/v1/sevottam/penalties/{case['id']}/redecision"
    drop = {"outcome": "drop", "amount_paise": 0, "reason": "The delay was audit's, not the officer's"}
    for member in (first, second):  # neither the proposer nor the first decider
        assert c.post(redecision, json=drop, headers=member).status_code == 403
    r = c.post(redecision, json=drop, headers=third)
    assert r.status_code == 200, r.text
    assert [s["step"] for s in r.json()["steps"]] == ["proposal", "decision", "appeal", "redecision"]

    listed = c.get(proposals, headers=third)
    assert listed.status_code == 200 and [p["id"] for p in listed.json()] == [case["id"]]
    assert c.get(proposals, headers=demo.login(f"learner1@{DOMAIN}")).status_code in (403, 404)
