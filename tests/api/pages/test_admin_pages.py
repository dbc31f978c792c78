"""Administration pages over the real app: grants stay within the granter's own powers and scope."""

from __future__ import annotations

import re
import uuid

from portal_forms import post_form, signed_in

PASSWORD = "correct horse battery"


def as_(world, who: uuid.UUID):  # type: ignore[no-untyped-def]
    return signed_in(world.client.app, f"{who}@example.com", PASSWORD)


def test_grant_and_revoke_within_scope(world) -> None:  # type: ignore[no-untyped-def]
    hr = as_(world, world.a.people["hr"])
    colleague = f"/admin/users/{world.a.people['colleague']}"
    assert hr.get(f"/admin/users/{world.b.people['colleague']}").status_code == 404
    r = post_form(hr, colleague, f"{colleague}/grants", {"role": "platform_admin", "organisation_id": ""})
    assert r.status_code == 422 and 'id="e-role"' in r.text  # no one grants past their own powers
    r = post_form(
        hr, colleague, f"{colleague}/grants", {"role": "supervisor", "organisation_id": str(world.a.office)}
    )
    assert r.status_code == 303
    page = hr.get(colleague).text
    grant_ids = re.findall(r"/admin/grants/([0-9a-f-]{36})/revocation", page)
    assert len(grant_ids) == 2  # learner and the new supervisor grant
    b_hr = as_(world, world.b.people["hr"])
    r = post_form(b_hr, "/admin", f"/admin/grants/{grant_ids[-1]}/revocation", {"user_id": ""})
    assert r.status_code == 404  # another department's grant
    r = post_form(
        hr, colleague, f"/admin/grants/{grant_ids[-1]}/revocation", {"user_id": colleague.split("/")[-1]}
    )
    assert r.status_code == 303
    assert len(re.findall(r"/revocation", hr.get(colleague).text)) == 1
    assert as_(world, world.a.people["learner"]).get("/admin").status_code == 403
