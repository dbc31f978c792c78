"""`karmayogi setup` on a freshly migrated database, as an operator would run it, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from karmayogi.api.app import create_app
from karmayogi.api.cli import app
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.orm import Grant, Organisation, User

runner = CliRunner()
SAMPLE = Path(__file__).parents[2] / "docs" / "organisations.sample.csv"
PASSWORD = "a long enough secret"


@pytest.fixture
def operator(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The environment an operator runs the command in: the test database, a password file."""
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", db.url)
    monkeypatch.setenv("KARMAYOGI_DATA_DIR", str(tmp_path))
    for name in ("KARMAYOGI_ADMIN_EMAIL", "KARMAYOGI_ADMIN_NAME", "KARMAYOGI_ADMIN_ORG"):
        monkeypatch.delenv(name, raising=False)
    password = tmp_path / "password"
    password.write_text(PASSWORD + "\n")
    return password


def _counts(db: Database) -> tuple[int, int, int]:
    with db.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(Organisation)) or 0,
            session.scalar(select(func.count()).select_from(User)) or 0,
            session.scalar(select(func.count()).select_from(Grant)) or 0,
        )


def _sign_in(db: Database, email: str, password: str) -> int:
    with TestClient(create_app(Settings(database_url=db.url, secret_key="setup-" + "s" * 40), db)) as client:
        r = client.post("/api/v1/auth/token", data={"username": email, "password": password})
        return r.status_code


def test_setup_from_the_sample_csv_then_sign_in_and_refuse_a_second_run(db, operator):
    args = ["setup", "--organisations", str(SAMPLE), "--admin-org", "DOPT", "--password-file", str(operator)]
    first = runner.invoke(app, [*args, "--admin-email", "Admin@DoPT.gov.in", "--admin-name", "First Admin"])
    assert first.exit_code == 0, first.output
    assert "admin@dopt.gov.in" in first.output
    assert _counts(db) == (8, 1, 1)
    with db.transaction() as session:
        dopt = session.scalar(select(Organisation).where(Organisation.code == "DOPT"))
        istm = session.scalar(select(Organisation).where(Organisation.code == "ISTM"))
        admin = session.scalar(select(User))
        grant = session.scalar(select(Grant))
        assert dopt is not None and istm is not None and admin is not None and grant is not None
        assert istm.path.startswith(dopt.path) and dopt.kind == "department"
        assert admin.organisation_id == dopt.id
        assert (grant.role, grant.organisation_id) == ("platform_admin", None)
    assert _sign_in(db, "admin@dopt.gov.in", PASSWORD) == 200

    again = runner.invoke(app, [*args, "--admin-email", "other@dopt.gov.in", "--admin-name", "Another"])
    assert again.exit_code == 3
    assert "already set up" in again.output and "admin@dopt.gov.in" in again.output
    assert _counts(db) == (8, 1, 1)
    asked_nothing = runner.invoke(app, ["setup"])  # refused before any question
    assert asked_nothing.exit_code == 3 and "already set up" in asked_nothing.output


def test_setup_one_node_at_a_time_from_flags_and_environment(db, operator, monkeypatch):
    monkeypatch.setenv("KARMAYOGI_ADMIN_EMAIL", "root@cbc.gov.in")
    monkeypatch.setenv("KARMAYOGI_ADMIN_NAME", "Root Admin")
    result = runner.invoke(
        app,
        [
            "setup",
            "--org", "ministry,Ministry of Personnel,MOP",
            "--org", "department,Capacity Building Commission,CBC,MOP",
            "--admin-org", "CBC",
            "--password-file", str(operator),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _counts(db) == (2, 1, 1)
    assert _sign_in(db, "root@cbc.gov.in", PASSWORD) == 200


def test_setup_interactively_reads_the_password_twice_without_echo(db, operator):
    answers = "\n".join(
        [
            "ministry", "Ministry of Finance", "MOF", "",
            "department", "Department of Expenditure", "DOE", "MOF",
            "",  # no more nodes
            "fin@mof.gov.in", "Finance Admin", "DOE",
            PASSWORD, PASSWORD,
        ]
    )  # fmt: skip
    result = runner.invoke(app, ["setup", "--interactive"], input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert _sign_in(db, "fin@mof.gov.in", PASSWORD) == 200


@pytest.mark.parametrize(
    ("csv", "expected"),
    [
        ("kind,name,code,parent_code\nministry,M,M1,\ndepartment,D,D1,NOPE\n", "no row has the code 'NOPE'"),
        ("kind,name,code,parent_code\nbureau,B,B1,\nministry,,M1,\n", "line 2: kind"),
        ("kind,name,code\nministry,M,M1\n", "missing column(s) parent_code"),
        ("kind,name,code,parent_code\nministry,M,M1,\nministry,M2,M1,\n", "used by more than one row: M1"),
        ("kind,name,code,parent_code\ndepartment,D,D1,\n", "a department needs a parent"),
    ],
)
def test_a_bad_tree_names_the_line_and_changes_nothing(db, operator, tmp_path, csv, expected):
    path = tmp_path / "tree.csv"
    path.write_text(csv)
    result = runner.invoke(
        app,
        ["setup", "--organisations", str(path), "--admin-email", "a@b.gov.in", "--admin-name", "A",
         "--admin-org", "M1", "--password-file", str(operator)],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert expected in " ".join(result.output.split())
    assert _counts(db) == (0, 0, 0)


def test_a_bad_admin_changes_nothing(db, operator, tmp_path):
    short = tmp_path / "short"
    short.write_text("short")
    base = ["setup", "--organisations", str(SAMPLE), "--admin-name", "A", "--admin-org", "DOPT"]
    bad_email = runner.invoke(app, [*base, "--admin-email", "not-an-email", "--password-file", str(operator)])
    assert bad_email.exit_code == 2 and "admin email" in bad_email.output
    short_password = runner.invoke(app, [*base, "--admin-email", "a@b.gov.in", "--password-file", str(short)])
    assert short_password.exit_code == 2 and "at least 10 characters" in short_password.output
    unknown_org = runner.invoke(
        app, [*base[:-1], "NOPE", "--admin-email", "a@b.gov.in", "--password-file", str(operator)]
    )
    assert unknown_org.exit_code == 2 and "'NOPE'" in unknown_org.output
    assert _counts(db) == (0, 0, 0)


def test_setup_refuses_an_unmigrated_database(tmp_path, monkeypatch, operator):
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    result = runner.invoke(app, ["setup", "--org", "ministry,M,M1", "--admin-email", "a@b.gov.in"])
    assert result.exit_code == 1
    assert "db upgrade" in result.output


def test_without_a_terminal_each_missing_answer_is_named(db, operator):
    base = ["setup", "--org", "ministry,Ministry of Finance,MOF"]
    no_email = runner.invoke(app, [*base, "--admin-name", "A", "--password-file", str(operator)])
    assert no_email.exit_code == 2 and "--admin-email is required" in no_email.output
    no_password = runner.invoke(app, [*base, "--admin-name", "A", "--admin-email", "a@mof.gov.in"])
    assert no_password.exit_code == 2 and "--password-file is required" in no_password.output
    assert _counts(db) == (0, 0, 0)
