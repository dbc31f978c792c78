"""Backup and restore through the real commands: a platform restored into a fresh database is the same
platform, down to its row counts, its evidence and decision chains, and its certificates."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from karmayogi.api.cli import app
from karmayogi.lms import backup as backups
from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import issuing
from karmayogi.lms.credentials.platform_verifier import verify_credential
from karmayogi.lms.db import Database
from karmayogi.lms.decisions import store as decisions
from karmayogi.lms.decisions.entries import Kind, Step
from karmayogi.lms.demo.seed import seed
from karmayogi.lms.orm import CourseCompetency, Enrolment, EvidenceRecord, IssuedCredential, User
from karmayogi.lms.profiles import store as profiles
from karmayogi.lms.profiles.evidence import EvidenceSource
from karmayogi.lms.profiles.store import verify_chains

runner = CliRunner()
SECRET_KEY = "backup-test-" + "k" * 40
PUBLIC_URL = "https://karmayogi.example.gov.in"


def _cli(env: dict[str, str | None], *arguments: str):
    base: dict[str, str | None] = {k: None for k in os.environ if k.startswith("KARMAYOGI_")}
    return runner.invoke(app, list(arguments), env={**base, **env})


def _fresh_url(db: Database, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if db.engine.dialect.name == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    return request.getfixturevalue("postgres_server")()


@pytest.fixture
def platform(db: Database, tmp_path: Path) -> tuple[Settings, dict]:
    """The small demo with a certificate issued and a decision taken, as they were before the backup."""
    settings = Settings(
        database_url=db.url, secret_key=SECRET_KEY, public_url=PUBLIC_URL, data_dir=tmp_path / "source"
    )
    with db.transaction() as session:
        seed(session, "small", 7)
        enrolment = session.scalars(select(Enrolment).where(Enrolment.status == "completed").limit(1)).one()
        issued, _ = issuing.certify_completion(session, settings, enrolment)
        certificate = issued.document
        subject = session.scalars(select(User).limit(1)).one()
        case = decisions.open_case(
            session, Kind.POSTING, subject.id, "backup round", "approve", {"n": 1}, None
        )
        case = decisions.get(session, case.id, lock=True)
        decisions.append(session, case, Step.DECISION, None, "approve", "kept after the backup", {})
        competency = session.scalars(select(CourseCompetency.competency_id).limit(1)).one()
        for level, source in ((2, EvidenceSource.SELF_DECLARATION), (3, EvidenceSource.ASSESSMENT_RESULT)):
            profiles.record(session, enrolment.user_id, competency, level, source, "before the backup", None)
        assert session.scalar(select(func.count()).select_from(EvidenceRecord)) >= 2
    return settings, certificate


def test_a_restored_platform_has_every_row_its_chains_and_its_certificates(
    db: Database, platform: tuple[Settings, dict], request: pytest.FixtureRequest, tmp_path: Path
):
    _, certificate = platform
    dest = tmp_path / "backup"
    env = {
        "KARMAYOGI_DATABASE_URL": db.url,
        "KARMAYOGI_SECRET_KEY": SECRET_KEY,
        "KARMAYOGI_PUBLIC_URL": PUBLIC_URL,
    }
    result = _cli(env, "backup", str(dest))
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    assert manifest["backend"] == db.engine.dialect.name
    assert stat.S_IMODE(dest.stat().st_mode) == 0o700
    assert stat.S_IMODE((dest / "secret.key").stat().st_mode) == 0o600
    assert (dest / "secret.key").read_text().strip() == SECRET_KEY
    with db.engine.connect() as conn:
        assert manifest["rows"] == backups._counts(conn)
    assert manifest["rows"]["issued_credential"] >= 1 and manifest["rows"]["decision_entry"] >= 2

    # A new machine: a fresh database, a data directory with no key, the secret not in the environment.
    url, data_dir = _fresh_url(db, request, tmp_path), tmp_path / "restored-var"
    result = _cli({"KARMAYOGI_DATABASE_URL": url, "KARMAYOGI_DATA_DIR": str(data_dir)}, "restore", str(dest))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["verified"] is True and report["mismatches"] == {}
    assert report["evidence_chain_breaks"] == 0 and report["decision_chain_breaks"] == 0
    assert (data_dir / "secret.key").read_text() == SECRET_KEY

    restored_db = Database(url)
    try:
        with restored_db.engine.connect() as conn:
            assert backups._counts(conn) == manifest["rows"]
        restored = Settings(database_url=url, data_dir=data_dir, public_url=PUBLIC_URL)
        assert restored.secret_key == SECRET_KEY
        with restored_db.transaction() as session:
            assert list(verify_chains(session)) == []
            assert list(decisions.verify(session)) == []
            assert verify_credential(session, restored, certificate).verified
            # The issuer's keys decrypt under the restored key: the platform signs again.
            enrolment = session.scalars(
                select(Enrolment)
                .where(
                    Enrolment.status == "completed",
                    Enrolment.id.not_in(
                        select(IssuedCredential.enrolment_id).where(
                            IssuedCredential.enrolment_id.is_not(None)
                        )
                    ),
                )
                .limit(1)
            ).one()
            issued, _ = issuing.certify_completion(session, restored, enrolment)
            assert verify_credential(session, restored, issued.document).verified
    finally:
        restored_db.dispose()

    # Restoring again over the restored database is refused, and so is a different secret key.
    result = _cli({"KARMAYOGI_DATABASE_URL": url, "KARMAYOGI_DATA_DIR": str(data_dir)}, "restore", str(dest))
    assert result.exit_code == 1 and "not empty" in result.output
    other = (
        _fresh_url(db, request, tmp_path / "other")
        if db.engine.dialect.name == "postgresql"
        else (f"sqlite:///{tmp_path / 'other.sqlite3'}")
    )
    result = _cli(
        {"KARMAYOGI_DATABASE_URL": other, "KARMAYOGI_SECRET_KEY": "another-" + "x" * 40}, "restore", str(dest)
    )
    assert result.exit_code == 1 and "KARMAYOGI_SECRET_KEY differs" in result.output


def test_a_backup_into_a_directory_with_files_is_refused_and_a_non_backup_is_not_restored(
    db: Database, tmp_path: Path
):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    env = {"KARMAYOGI_DATABASE_URL": db.url, "KARMAYOGI_SECRET_KEY": SECRET_KEY}
    result = _cli(env, "backup", str(tmp_path / "taken"))
    assert result.exit_code == 1 and "not an empty directory" in result.output
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    result = _cli(
        {"KARMAYOGI_DATABASE_URL": url, "KARMAYOGI_DATA_DIR": str(tmp_path)},
        "restore",
        str(tmp_path / "taken"),
    )
    assert result.exit_code == 1 and "has no manifest.json" in result.output
