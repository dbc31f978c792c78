"""Authoring and review pages over the real app: errors beside fields, scope, and no self-review."""

from __future__ import annotations

import re
import uuid

from portal_forms import post_form, signed_in

PASSWORD = "correct horse battery"


def as_(world, who: uuid.UUID):  # type: ignore[no-untyped-def]
    return signed_in(world.client.app, f"{who}@example.com", PASSWORD)


def test_an_entry_is_authored_checked_and_kept_within_its_provider(world) -> None:  # type: ignore[no-untyped-def]
    creator = as_(world, world.a.people["creator"])
    form = {"provider_id": str(world.a.provider), "kind": "course", "language": "en", "mode": "online"}
    r = post_form(creator, "/studio/new", "/studio/new", {**form, "title": "x" * 301, "learning_hours": "0"})
    assert r.status_code == 422
    assert 'id="e-title"' in r.text and "Give the learning hours as a number above 0" in r.text
    r = post_form(
        creator,
        "/studio/new",
        "/studio/new",
        {**form, "provider_id": str(world.b.provider), "title": "T", "learning_hours": "1"},
    )
    assert r.status_code == 422 and "Choose a provider you write for." in r.text  # not this creator's
    r = post_form(
        creator,
        "/studio/new",
        "/studio/new",
        {**form, "title": "Records management", "learning_hours": "2", "outline": "One\n- a\nTwo"},
    )
    assert r.status_code == 303
    entry = r.headers["location"]
    assert re.fullmatch(r"/studio/[0-9a-f-]{36}", entry)
    assert "- a" in creator.get(entry).text  # the outline round-trips through the editor
    assert as_(world, world.b.people["creator"]).get(entry).status_code == 404
    assert (
        as_(world, world.a.people["learner"]).get(entry.replace("/studio/", "/catalogue/")).status_code == 404
    )
    r = post_form(creator, entry, f"{entry}/transitions", {"action": "submit"})
    assert r.status_code == 303
    r = post_form(creator, entry, f"{entry}/transitions", {"action": "approve"})
    assert r.status_code == 403  # creators do not approve, least of all their own entries
