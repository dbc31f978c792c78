"""Printable certificates and the public page their QR code opens."""

from __future__ import annotations

import pytest
from api import conftest as api_world
from sqlalchemy import select, update

from karmayogi.lms.orm import Enrolment, User

world = api_world.world  # the fixture of tests/api, used here too
NAME = '<script>alert("x")</script> Asha Rao'


@pytest.fixture
def issued(world, db) -> dict:
    """The certificate of side A's learner, whose name was typed with markup in it."""
    learner = world.a.people["learner"]
    with db.transaction() as session:
        session.execute(update(User).where(User.id == learner).values(full_name=NAME))
        enrolment = session.scalar(select(Enrolment.id).where(Enrolment.user_id == learner))
    r = world.client.post(
        "/api/v1/credentials", json={"enrolment_id": str(enrolment)}, headers=world.login(learner)
    )
    assert r.status_code == 201, r.text
    return r.json()


def test_the_html_certificate_escapes_names_and_carries_a_qr_code_to_the_verification_page(world, issued):
    r = world.client.get(
        f"/api/v1/credentials/{issued['id']}/certificate.html", headers=world.login(world.a.people["learner"])
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<script>" not in r.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Asha Rao" in r.text
    assert '<img src="data:image/png;base64,' in r.text
    assert f'alt="QR code leading to {issued["verification_page"]}"' in r.text
    assert "Certificate of course completion" in r.text and "GeM procurement A" in r.text


def test_the_pdf_certificate_is_a_pdf_linked_to_the_verification_page(world, issued):
    r = world.client.get(
        f"/api/v1/credentials/{issued['id']}/certificate.pdf", headers=world.login(world.a.people["hr"])
    )
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-") and r.content.rstrip().endswith(b"%%EOF")
    assert f"/URI ({issued['verification_page']})".encode() in r.content


def test_other_officials_get_no_certificate(world, issued):
    for suffix in ("certificate.html", "certificate.pdf"):
        r = world.client.get(
            f"/api/v1/credentials/{issued['id']}/{suffix}", headers=world.login(world.a.people["colleague"])
        )
        assert r.status_code == 404
        assert world.client.get(f"/api/v1/credentials/{issued['id']}/{suffix}").status_code == 401


def test_the_verification_page_needs_no_sign_in_and_tells_a_revoked_certificate(world, issued):
    page = issued["verification_page"].removeprefix("http://localhost:8000")
    r = world.client.get(page)
    assert r.status_code == 200 and "Verified: signed by the issuer" in r.text
    assert "&lt;script&gt;" in r.text and "<script>" not in r.text

    revoked = world.client.post(
        f"/api/v1/credentials/{issued['id']}/revoke",
        json={"reason": "issued in error"},
        headers=world.login(world.a.people["hr"]),
    )
    assert revoked.status_code == 200
    r = world.client.get(page)
    assert "Not verified" in r.text and "status: the credential has been revoked" in r.text
    html = world.client.get(
        f"/api/v1/credentials/{issued['id']}/certificate.html", headers=world.login(world.a.people["hr"])
    )
    assert "Revoked on" in html.text
