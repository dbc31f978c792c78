"""`karmayogi credentials` issue-demo, follow, rotate-key and withdraw-key on the configured database."""

from __future__ import annotations

import json

import pytest
from api import conftest as api_world
from sqlalchemy import select
from typer.testing import CliRunner

from karmayogi.api.cli import app
from karmayogi.lms.demo.seed import seed
from karmayogi.lms.orm import Competency, IssuedCredential, User
from karmayogi.lms.profiles import store
from karmayogi.lms.profiles.evidence import EvidenceSource

demo = api_world.demo  # the fixture of tests/api, used here too
runner = CliRunner()
SECRET = "demo-test-" + "k" * 32  # the demo app's, so that both read the same issuer keys


@pytest.fixture
def configured(db, monkeypatch):
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", db.url)
    monkeypatch.setenv("KARMAYOGI_SECRET_KEY", SECRET)
    monkeypatch.delenv("KARMAYOGI_PUBLIC_URL", raising=False)
    return db


def credentials(*arguments):
    return runner.invoke(app, ["credentials", *map(str, arguments)])


def test_issue_demo_writes_a_credential_that_the_offline_verifier_accepts(configured, demo, tmp_path):
    out = tmp_path / "certificate.json"
    issued = credentials("issue-demo", "--out", out)
    assert issued.exit_code == 0, issued.output
    credential = json.loads(out.read_text())
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "karmayogi credentials verify" in issued.stderr

    again = tmp_path / "again.json"
    assert credentials("issue-demo", "--out", again).exit_code == 0
    assert json.loads(again.read_text()) == credential  # the same enrolment, the same certificate

    did_document, status_list = tmp_path / "did.json", tmp_path / "status.json"
    did_document.write_text(demo.client.get("/.well-known/did.json").text)
    status_url = credential["credentialStatus"]["statusListCredential"]
    status_list.write_text(demo.client.get(status_url.removeprefix("http://localhost:8000")).text)
    checked = credentials("verify", out, "--did-document", did_document, "--status-list", status_list)
    assert (checked.exit_code, json.loads(checked.stdout)) == (0, {"verified": True, "errors": []})

    rotated = credentials("rotate-key")
    assert rotated.exit_code == 0 and rotated.stdout.startswith("did:web:localhost%3A8000#z6Mk")
    old_key = credential["proof"]["verificationMethod"].split("#")[1]
    withdrawn = credentials("withdraw-key", old_key, "--reason", "exposed in a backup")
    assert withdrawn.exit_code == 0, withdrawn.output
    did_document.write_text(demo.client.get("/.well-known/did.json").text)
    checked = credentials("verify", out, "--did-document", did_document)
    assert checked.exit_code == 1
    assert json.loads(checked.stdout)["errors"][0].startswith("issuer key: ")


def test_issue_demo_without_a_completed_enrolment_says_so(configured, tmp_path):
    out = tmp_path / "certificate.json"
    result = credentials("issue-demo", "--out", out)
    assert result.exit_code == 1
    assert "no completed enrolment" in result.stderr
    assert not out.exists()


def test_withdrawing_an_unknown_key_names_it(configured):
    result = credentials("withdraw-key", "z6MkNotAKey", "--reason", "typo")
    assert result.exit_code == 1 and "issuer key z6MkNotAKey not found" in result.stderr


def test_follow_signs_the_levels_a_script_verified_once(configured, tmp_path):
    with configured.transaction() as session:
        seed(session, "small", 7)
        officer = session.scalar(select(User.id).order_by(User.email))
        competency = session.scalar(select(Competency.id).order_by(Competency.name).limit(1))
        store.record(session, officer, competency, 3, EvidenceSource.ADAPTIVE_TEST, "level_test:script", None)
    followed = credentials("follow")
    assert (followed.exit_code, json.loads(followed.stdout)) == (0, {"followed": 1}), followed.output
    assert json.loads(credentials("follow").stdout) == {"followed": 0}
    with configured.transaction() as session:
        (badge,) = session.scalars(select(IssuedCredential).where(IssuedCredential.holder_id == officer))
        assert (badge.kind, badge.competency_id, badge.level) == ("competency_level", competency, 3)
