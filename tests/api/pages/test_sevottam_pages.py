"""Sevottam's pages over the real app: a citizen lodges without an account and the confirmation code
arrives through a real SMTP server process (aiosmtpd); the link tracks only its own grievance; bots and
floods are refused; an officer disposes of it; the citizen appeals; the Commission decides."""

from __future__ import annotations

import mailbox
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from portal_forms import csrf_of, post_form, signed_in

from karmayogi.api.app import create_app
from karmayogi.lms.authentication import hash_password, user_principal
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.orm import Grant, Grievance, Organisation, User
from karmayogi.lms.sevottam import charters, services

PASSWORD = "correct horse battery"
XSS = "<script>alert('x')</script>"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def smtp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A real SMTP server in its own process, delivering into a maildir."""
    maildir = tmp_path_factory.mktemp("mail") / "box"
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(maildir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(process.stderr.read().decode() if process.stderr else "no smtp") from None
            time.sleep(0.2)
    yield port, maildir
    process.terminate()
    process.wait(timeout=10)


@dataclass
class Site:
    client: TestClient
    app: object
    db: Database
    pensions: uuid.UUID
    passports: uuid.UUID
    service: uuid.UUID
    emails: dict[str, str]
    maildir: Path

    def mail_to(self, address: str) -> str:
        box = mailbox.Maildir(str(self.maildir), create=False)
        bodies = [m.get_payload(decode=True).decode() for m in box if m["To"] == address]
        assert bodies, f"no mail for {address}"
        return bodies[-1]


def _org(session, kind: str, name: str, parent: Organisation | None, code: str | None = None) -> Organisation:  # type: ignore[no-untyped-def]
    org_id = uuid.uuid4()
    org = Organisation(
        id=org_id,
        kind=kind,
        name=name,
        code=code,
        parent_id=parent.id if parent else None,
        path=f"{parent.path if parent else '/'}{org_id}/",
    )
    session.add(org)
    session.flush()
    return org


@pytest.fixture
def site(db: Database, smtp_server: tuple[int, Path]) -> Iterator[Site]:
    port, maildir = smtp_server
    emails: dict[str, str] = {}
    with db.transaction() as session:
        ministry = _org(session, "ministry", "Ministry of Personnel", None)
        department = _org(session, "department", "Department of Pension", ministry)
        pensions = _org(session, "organisation", "Central Pension Office", department, "CPO")
        passports = _org(session, "organisation", "Regional Passport Office", department, "RPO")
        elsewhere = _org(session, "ministry", "Quality Council", None)
        hashed = hash_password(PASSWORD)
        for name, org, role, scope in (
            ("hr", pensions, "hr_cell", pensions),
            ("officer", pensions, "grievance_officer", pensions),
            ("passport_officer", passports, "grievance_officer", passports),
            ("commissioner", ministry, "grievance_commission", ministry),
            ("assessor", elsewhere, "sevottam_assessor", elsewhere),
        ):
            user = User(
                id=uuid.uuid4(),
                organisation_id=org.id,
                email=f"{name}.{uuid.uuid4().hex[:6]}@example.com",
                full_name=name.title(),
                password_hash=hashed,
            )
            session.add(user)
            session.flush()
            session.add(Grant(user_id=user.id, role=role, organisation_id=scope.id))
            emails[name] = user.email
        session.flush()
        hr = user_principal(
            session, session.get(User, session.query(User.id).filter(User.email == emails["hr"]).scalar())
        )
        standard = services.checked_standard(
            "PEN", "Sanction of pension", 30, "Section Officer (Pension)", 0, ["Form 6"], "पेंशन की स्वीकृति"
        )
        service = services.define_service(session, hr, pensions.id, standard)
        services.configure(session, hr, pensions.id, commencement_date=date(2026, 1, 1))
        charters.publish(
            session, hr, pensions.id, vision="Pensions on time, every time", vision_hi="समय पर पेंशन, हर बार"
        )
    settings = Settings(
        database_url=db.url,
        secret_key="s" * 40,
        smtp_url=f"smtp://127.0.0.1:{port}",
        grievances_per_hour=3,
        sms_outbox=str(maildir.parent / f"sms-{uuid.uuid4().hex[:6]}"),
    )
    app = create_app(settings, db)
    with TestClient(app) as client:
        yield Site(client, app, db, pensions.id, passports.id, service.id, emails, maildir)


def _lodge(site: Site, client: TestClient | None = None, **overrides: str):  # type: ignore[no-untyped-def]
    data = {
        "ground": "charter",
        "organisation_id": str(site.pensions),
        "service_id": str(site.service),
        "subject": "Pension pending",
        "text": "Pension pending for four months " + XSS,
        "citizen_name": "Asha Devi",
        "email": f"asha.{uuid.uuid4().hex[:6]}@example.org",
        "mobile": "",
    }
    data.update(overrides)
    return post_form(client or site.client, "/grievances/new", "/grievances", data), data


def test_the_charter_is_public_in_english_and_hindi(site: Site) -> None:
    page = site.client.get(f"/charters/{site.pensions}")
    assert page.status_code == 200 and "Pensions on time" in page.text and "Sanction of pension" in page.text
    assert "Published after the six-month deadline" in page.text  # commenced 1 January 2026
    site.client.cookies.set("ky_lang", "hi")
    hindi = site.client.get(f"/charters/{site.pensions}")
    assert "समय पर पेंशन" in hindi.text and "पेंशन की स्वीकृति" in hindi.text
    site.client.cookies.delete("ky_lang")
    assert site.client.get(f"/charters/{site.passports}").status_code == 404  # none published


def test_a_citizen_lodges_confirms_and_tracks_by_the_secret_link(site: Site) -> None:
    response, data = _lodge(site)
    assert response.status_code == 303, response.text
    link = response.headers["location"]
    assert link.startswith("/grievances/track/")
    mail = site.mail_to(data["email"])
    token = link.split("/")[3].split("?")[0]
    assert token in mail
    code = re.search(r"Confirmation code: (\d{6})", mail).group(1)  # type: ignore[union-attr]
    page = site.client.get(link)
    assert page.status_code == 200 and XSS not in page.text and "&lt;script&gt;" in page.text
    wrong = post_form(site.client, link, f"/grievances/track/{token}/confirm", {"code": "x"})
    assert wrong.status_code == 422
    right = post_form(site.client, link, f"/grievances/track/{token}/confirm", {"code": code})
    assert right.status_code == 303
    assert site.client.get(f"/grievances/track/{token[:-1]}x").status_code == 404
    other, _ = _lodge(site, email=f"b.{uuid.uuid4().hex[:6]}@example.org")
    assert "Asha" not in site.client.get(other.headers["location"]).text.split("<main")[0]


@pytest.mark.parametrize(
    ("missing", "message"), [("ground", "Choose the ground"), ("organisation_id", "Choose the organisation")]
)
def test_a_grievance_without_ground_or_organisation_is_refused_naming_the_field(
    site: Site, missing: str, message: str
) -> None:
    response, _ = _lodge(site, **{missing: "", "service_id": ""})
    assert response.status_code == 422 and message in response.text
    assert f'id="e-{missing}"' in response.text
    with site.db.transaction() as session:
        assert session.query(Grievance).count() == 0


def test_the_honeypot_and_the_rate_limit_keep_nothing(site: Site) -> None:
    bot, _ = _lodge(site, website="http://spam.example")
    assert bot.status_code == 200
    with site.db.transaction() as session:
        assert session.query(Grievance).count() == 0
    statuses = [_lodge(site, email="same@example.org")[0].status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]


def test_an_officer_disposes_and_the_commission_decides_the_appeal(site: Site) -> None:
    response, _ = _lodge(site)
    link = response.headers["location"].split("?")[0]

    with site.db.transaction() as session:
        gid = session.query(Grievance.id).scalar()
    officer = signed_in(site.app, site.emails["officer"], PASSWORD)
    queue = officer.get("/sevottam/queue")
    assert queue.status_code == 200 and "Pension pending" in queue.text
    outsider = signed_in(site.app, site.emails["passport_officer"], PASSWORD)
    assert outsider.get(f"/sevottam/grievances/{gid}").status_code == 404
    page = f"/sevottam/grievances/{gid}"
    missing = post_form(
        officer, page, f"{page}/disposal", {"outcome": "redressed", "reason": "Done", "action_taken": ""}
    )
    assert missing.status_code == 422 and 'id="e-action_taken"' in missing.text
    done = post_form(
        officer,
        page,
        f"{page}/disposal",
        {"outcome": "redressed", "reason": "Papers complete", "action_taken": "PPO issued"},
    )
    assert done.status_code == 303
    tracked = site.client.get(link)
    assert "PPO issued" in tracked.text and "Disposed of" in tracked.text
    appealed = post_form(site.client, link, f"{link}/appeal", {"grounds": "Arrears not paid"})
    assert appealed.status_code == 303
    commissioner = signed_in(site.app, site.emails["commissioner"], PASSWORD)
    assert "Pension pending" in commissioner.get("/sevottam/queue").text
    decided = post_form(
        commissioner,
        page,
        f"{page}/appeal-decision",
        {"outcome": "overturned", "reason": "Arrears are due", "direction": "Pay in 15 days"},
    )
    assert decided.status_code == 303
    assert "Pay in 15 days" in site.client.get(link).text
    rated = post_form(site.client, link, f"{link}/rating", {"rating": "4"})
    assert rated.status_code == 303
    assert csrf_of(officer.get("/sevottam/queue").text)
    assert officer.get(f"/sevottam/organisations/{site.pensions}").status_code == 200


def test_an_organisation_self_assesses_and_an_outside_assessor_certifies_it(site: Site) -> None:
    from karmayogi.lms.sevottam import assessment

    hr = signed_in(site.app, site.emails["hr"], PASSWORD)
    page = f"/sevottam/organisations/{site.pensions}/self-assessment"
    criteria = [c.id for c in assessment.framework().criteria]
    data = {f"score-{c}": "4" for c in criteria} | {f"evidence-{c}": f"Register of {c}" for c in criteria}
    missing = post_form(hr, page, page, data | {"evidence-C2": ""})
    assert missing.status_code == 422 and 'id="e-C2"' in missing.text
    assert post_form(hr, page, page, data).status_code == 303
    assessor = signed_in(site.app, site.emails["assessor"], PASSWORD)
    listed = assessor.get("/sevottam/assessments")
    link = re.search(r'href="(/sevottam/assessments/[0-9a-f-]+)"', listed.text).group(1)  # type: ignore[union-attr]
    rated = post_form(
        assessor, link, f"{link}/rating", {f"score-{c}": "4" for c in criteria} | {"reason": "Seen"}
    )
    assert rated.status_code == 303
    assert "Sevottam compliant" in assessor.get(link).text
    credential = site.client.get(f"{link}/certificate.json").json()
    verified = site.client.post("/credentials/verify", json={"verifiableCredential": credential})
    assert verified.status_code == 200, verified.text
    officer = signed_in(site.app, site.emails["officer"], PASSWORD)
    assert officer.get(link).status_code == 403  # not an assessor


def _bearer(site: Site, name: str) -> dict[str, str]:
    r = site.client.post("/api/v1/auth/token", data={"username": site.emails[name], "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_transactions_import_over_the_api_only_for_managed_organisations(site: Site) -> None:
    csv = (
        "organisation_id,service_code,reference,applied_on,delivered_on\n"
        f"{site.pensions},PEN,T1,2026-11-02,2026-11-10\n"
    )
    hr = _bearer(site, "hr")
    done = site.client.post("/api/v1/sevottam/transactions", content=csv, headers=hr)
    assert done.status_code == 200 and done.json() == {"imported": 1}
    assert (
        site.client.post(
            "/api/v1/sevottam/transactions", content=csv, headers=_bearer(site, "officer")
        ).status_code
        == 403
    )
    bad = site.client.post(
        "/api/v1/sevottam/transactions", content=csv.replace("2026-11-10", "soon"), headers=hr
    )
    assert bad.status_code in (400, 422) and "line 2.delivered_on" in bad.text
    figures = site.client.get(f"/api/v1/sevottam/organisations/{site.pensions}/performance").json()
    assert figures[0]["transactions"] == 1 and figures[0]["share_in_time"] == 1.0
    assert (
        site.client.get(f"/api/v1/sevottam/organisations/{site.pensions}/failure-pointers", headers=hr).json()
        == []
    )
    assert (
        site.client.get(f"/api/v1/sevottam/organisations/{site.pensions}/failure-pointers").status_code == 401
    )


def test_a_mobile_number_gets_its_code_through_the_sms_sender(site: Site) -> None:
    response, _ = _lodge(site, email="", mobile="98765 43210")
    assert response.status_code == 303
    outbox = Path(site.app.state.settings.sms_outbox)  # type: ignore[attr-defined]
    [message] = [p.read_text() for p in outbox.iterdir()]
    assert message.startswith("9876543210\n") and re.search(r"Confirmation code: \d{6}", message)
