"""Harmonisation decisions through the pages on the demo: scope, reasons, the hash chain, the CASE export."""

from __future__ import annotations

from portal_forms import post_form, signed_in
from sqlalchemy import select, update

from karmayogi.content import encoders
from karmayogi.lms.catalogue import harmonisation
from karmayogi.lms.demo.seed import DEMO_PASSWORD
from karmayogi.lms.orm import AssociationDecision, Course, Grant, Organisation, User


def test_decisions_are_scoped_reasoned_chained_and_exported(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.db.transaction() as session:
        pair = harmonisation.report(session, encoders.minilm()).associations[0]
        orgs = set(
            session.scalars(
                select(Course.organisation_id).where(Course.id.in_([pair.source_id, pair.target_id]))
            )
        )
        inside = session.scalars(
            select(User.email)
            .join(Grant, Grant.user_id == User.id)
            .where(Grant.role == "content_reviewer", Grant.organisation_id.in_(orgs))
        ).first()
        outside = session.scalars(
            select(User.email)
            .join(Grant, Grant.user_id == User.id)
            .join(Organisation, Organisation.id == Grant.organisation_id)
            .where(Grant.role == "content_reviewer", Grant.organisation_id.not_in(orgs))
        ).first()
    app = demo.client.app
    ids = {"source_id": str(pair.source_id), "target_id": str(pair.target_id)}
    stranger = signed_in(app, outside, DEMO_PASSWORD)
    r = post_form(
        stranger, "/institution", "/institution/associations", {**ids, "decision": "accepted", "reason": "x"}
    )
    assert r.status_code == 404  # another institution's pair is not theirs to decide
    reviewer = signed_in(app, inside, DEMO_PASSWORD)
    r = post_form(
        reviewer, "/institution", "/institution/associations", {**ids, "decision": "accepted", "reason": " "}
    )
    assert r.status_code == 422 and "Say why" in r.text
    r = post_form(
        reviewer, "/institution", "/institution/associations", {**ids, "decision": "maybe", "reason": "x"}
    )
    assert r.status_code == 422 and "Choose accept or reject." in r.text
    for decision in ("accepted", "rejected"):
        r = post_form(
            reviewer,
            "/institution",
            "/institution/associations",
            {**ids, "decision": decision, "reason": "why"},
        )
        assert r.status_code == 303
    with demo.db.transaction() as session:
        rows = session.scalars(select(AssociationDecision).order_by(AssociationDecision.seq)).all()
        assert [r.decision for r in rows] == ["accepted", "rejected"]  # appended, never overwritten
        assert harmonisation.decision_log_intact(session)
        statuses = harmonisation.case_statuses(session)
        assert statuses[(pair.source_id, pair.target_id)]["status"] == "rejected"  # the newest counts
    headers = demo.login(inside)
    document = demo.client.get("/api/v1/harmonisation/overlaps?format=case", headers=headers).json()
    exported = {
        (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"]): a["extensions"]
        for a in document["CFAssociations"]
    }
    assert exported[(ids["source_id"], ids["target_id"])]["status"] == "rejected"
    assert exported[(ids["source_id"], ids["target_id"])]["reason"] == "why"
    with demo.db.transaction() as session:
        session.execute(
            update(AssociationDecision).where(AssociationDecision.seq == 1).values(reason="edited")
        )
    with demo.db.transaction() as session:
        assert not harmonisation.decision_log_intact(session)  # an edited row breaks the chain
