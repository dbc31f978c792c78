"""FRAC drafting suggestions through the pages on the demo: asked for, rejected only with a comment,
accepted at a level; a department's reviewer cannot reach a national role."""

from __future__ import annotations

import re

from portal_forms import post_form, signed_in
from sqlalchemy import select

from karmayogi.lms.demo.seed import DEMO_PASSWORD
from karmayogi.lms.orm import CompetencySuggestion, Requirement, Role


def test_drafting_suggestions_are_decided_with_a_level_or_a_comment(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.db.transaction() as session:
        role_id = session.scalars(select(Role.id).where(Role.organisation_id.is_(None))).first()
        needs_before = len(
            session.scalars(select(Requirement.id).where(Requirement.role_id == role_id)).all()
        )
    page = f"/frac/role/{role_id}"
    department_reviewer = signed_in(demo.client.app, "frac1.doe@karmayogi.example", DEMO_PASSWORD)
    assert department_reviewer.get(page).status_code == 404  # a national role is outside the department
    admin = signed_in(demo.client.app, "admin@karmayogi.example", DEMO_PASSWORD)
    assert post_form(admin, page, f"{page}/suggestions", {}).status_code == 303
    suggestions = re.findall(r"/frac/suggestions/([0-9a-f-]{36})/decision", admin.get(page).text)
    assert len(suggestions) >= 2
    first, second = (f"/frac/suggestions/{s}/decision" for s in suggestions[:2])
    r = post_form(admin, page, first, {"decision": "reject", "comment": ""})
    assert r.status_code == 422 and f'id="e-{suggestions[0]}"' in r.text
    assert (
        post_form(admin, page, first, {"decision": "reject", "comment": "not this role"}).status_code == 303
    )
    assert post_form(admin, page, second, {"decision": "accept", "level": "2"}).status_code == 303
    with demo.db.transaction() as session:
        statuses = dict(session.execute(select(CompetencySuggestion.id, CompetencySuggestion.status)).all())
        assert sorted(str(statuses[k]) for k in statuses if str(k) in suggestions[:2]) == [
            "accepted",
            "rejected",
        ]
        assert len(session.scalars(select(Requirement.id).where(Requirement.role_id == role_id)).all()) == (
            needs_before + 1
        )
        assert session.get(Role, role_id).status == "draft"  # the accepted need sends the role back to review
