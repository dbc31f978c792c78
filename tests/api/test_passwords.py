"""Imported officials set their first password from a mailed invitation; anyone may reset theirs by mail.

The mail goes through a real SMTP server (aiosmtpd) listening on a local port.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from sqlalchemy import update
from typer.testing import CliRunner

from karmayogi.api.app import create_app
from karmayogi.api.cli import app
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database, utcnow
from karmayogi.lms.orm.people import PasswordToken

runner = CliRunner()
DOCS = Path(__file__).parents[2] / "docs"
PUBLIC_URL = "https://karmayogi.test"
LINK = re.compile(re.escape(PUBLIC_URL) + r"/set-password\?token=([A-Za-z0-9_-]+)")


class Inbox:
    """An SMTP handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, str]] = []  # (to, subject, body)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        message = message_from_bytes(envelope.content)
        self.messages.append(
            (envelope.rcpt_tos[0], message["Subject"], message.get_payload(decode=True).decode())
        )
        return "250 OK"

    def token_for(self, address: str) -> str:
        bodies = [body for to, _, body in self.messages if to == address]
        assert bodies, f"no mail to {address}"
        match = LINK.search(bodies[-1])
        assert match is not None
        return match.group(1)


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    with socket.socket() as probe:  # a free port (the controller checks readiness by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def deployment(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inbox
) -> tuple[Database, Inbox]:
    """Set up from the samples, officials imported, mail going to the local SMTP server."""
    handler, port = inbox
    for name, value in {
        "KARMAYOGI_DATABASE_URL": db.url,
        "KARMAYOGI_PUBLIC_URL": PUBLIC_URL,
        "KARMAYOGI_SMTP_URL": f"smtp://127.0.0.1:{port}",
        "KARMAYOGI_MAIL_FROM": "iGOT <no-reply@karmayogi.test>",
    }.items():
        monkeypatch.setenv(name, value)
    password = tmp_path / "password"
    password.write_text("a long enough secret\n")
    setup = ["setup", "--organisations", str(DOCS / "organisations.sample.csv"), "--admin-org", "DOPT",
             "--admin-email", "admin@dopt.gov.in", "--admin-name", "Admin",
             "--password-file", str(password)]  # fmt: skip
    assert runner.invoke(app, setup).exit_code == 0
    assert runner.invoke(app, ["people", "import", str(DOCS / "people.sample.csv")]).exit_code == 0
    return db, handler


def _client(db: Database) -> TestClient:
    return TestClient(create_app(Settings.from_env().model_copy(update={"secret_key": "pw-" + "p" * 40}), db))


def _sign_in(client: TestClient, email: str, password: str) -> int:
    return client.post("/api/v1/auth/token", data={"username": email, "password": password}).status_code


def test_invited_officials_set_their_password_once_and_sign_in(deployment):
    db, inbox = deployment
    result = runner.invoke(app, ["people", "invite"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"invited": 8, "failed": []}
    assert {to for to, _, _ in inbox.messages} >= {"meera.krishnan@dopt.gov.in", "deepak.joshi@cga.gov.in"}
    token = inbox.token_for("sunita.rao@dopt.gov.in")
    with _client(db) as client:
        assert _sign_in(client, "sunita.rao@dopt.gov.in", "her own password") == 401
        r = client.post("/api/v1/auth/password", json={"token": token, "password": "her own password"})
        assert r.status_code == 204, r.text
        assert _sign_in(client, "sunita.rao@dopt.gov.in", "her own password") == 200
        again = client.post("/api/v1/auth/password", json={"token": token, "password": "someone else's"})
        assert again.status_code == 422 and again.json()["errors"][0]["field"] == "token"
        short = client.post(
            "/api/v1/auth/password",
            json={"token": inbox.token_for("arjun.mehta@dopt.gov.in"), "password": "short"},
        )
        assert short.status_code == 422 and short.json()["errors"][0]["field"] == "password"
    second = runner.invoke(app, ["people", "invite"])  # Sunita has a password now: not invited again
    assert json.loads(second.stdout)["invited"] == 7


def test_an_expired_invitation_is_refused(deployment):
    db, inbox = deployment
    assert runner.invoke(app, ["people", "invite", "--email", "kavita.negi@dopt.gov.in"]).exit_code == 0
    token = inbox.token_for("kavita.negi@dopt.gov.in")
    with db.transaction() as session:
        session.execute(update(PasswordToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    with _client(db) as client:
        r = client.post("/api/v1/auth/password", json={"token": token, "password": "a fine password"})
        assert r.status_code == 422
        assert _sign_in(client, "kavita.negi@dopt.gov.in", "a fine password") == 401


def test_a_reset_by_mail_replaces_the_password_and_says_nothing_of_unknown_addresses(deployment):
    db, inbox = deployment
    with _client(db) as client:
        known = client.post("/api/v1/auth/password-reset", json={"email": "admin@dopt.gov.in"})
        unknown = client.post("/api/v1/auth/password-reset", json={"email": "nobody@dopt.gov.in"})
        assert known.status_code == unknown.status_code == 202 and known.json() == unknown.json()
        assert [to for to, _, _ in inbox.messages] == ["admin@dopt.gov.in"]
        token = inbox.token_for("admin@dopt.gov.in")
        assert (
            client.post(
                "/api/v1/auth/password", json={"token": token, "password": "a new long one"}
            ).status_code
            == 204
        )
        assert _sign_in(client, "admin@dopt.gov.in", "a long enough secret") == 401
        assert _sign_in(client, "admin@dopt.gov.in", "a new long one") == 200


def test_without_a_mail_server_invitations_print_links_and_resets_are_unavailable(deployment, monkeypatch):
    db, inbox = deployment
    monkeypatch.delenv("KARMAYOGI_SMTP_URL")
    refused = runner.invoke(app, ["people", "invite"])
    assert refused.exit_code == 2 and "KARMAYOGI_SMTP_URL" in refused.output
    printed = runner.invoke(app, ["people", "invite", "--email", "priya.nair@istm.gov.in", "--print-links"])
    assert printed.exit_code == 0, printed.output
    link = json.loads(printed.stdout.splitlines()[0])
    assert link["email"] == "priya.nair@istm.gov.in" and LINK.fullmatch(link["link"])
    with _client(db) as client:
        for email in ("admin@dopt.gov.in", "nobody@dopt.gov.in"):
            r = client.post("/api/v1/auth/password-reset", json={"email": email})
            assert r.status_code == 503 and "KARMAYOGI_SMTP_URL" in r.json()["detail"]
    assert inbox.messages == []
