"""The `karmayogi` command, run as a newcomer would."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest
from typer.testing import CliRunner

from karmayogi.api.cli import app
from karmayogi.lms import schema

runner = CliRunner()
COMMANDS = [
    [],
    ["db"],
    ["db", "upgrade"],
    ["db", "downgrade"],
    ["db", "current"],
    ["serve"],
    ["demo"],
    ["demo", "seed"],
    ["clients"],
    ["clients", "create"],
    ["frac"],
    ["frac", "import"],
    ["frac", "export"],
    ["frac", "validate"],
    ["frac", "diff"],
    ["frac", "publish"],
    ["xapi"],
    ["xapi", "clients", "create"],
    ["xapi", "project"],
    ["xapi", "import-telemetry"],
    ["competencies", "link"],
    ["catalogue", "embed"],
    ["profiles", "verify-chain"],
    ["credentials", "verify"],
    ["credentials", "issue-demo"],
    ["credentials", "rotate-key"],
    ["credentials", "withdraw-key"],
    ["setup"],
    ["people", "import"],
    ["people", "invite"],
    ["config", "check"],
    ["config", "docs"],
    ["hr"],
    ["hr", "probation", "due"],
    ["hr", "probation", "propose"],
    ["hr", "decisions", "verify"],
    ["hr", "vacancies", "rank"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "karmayogi")
def test_every_command_has_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_top_level_help_lists_the_commands():
    output = runner.invoke(app, ["--help"]).output
    for name in ("db", "serve", "demo", "clients", "frac", "xapi", "competencies", "profiles", "credentials"):
        assert name in output


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("KARMAYOGI_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KARMAYOGI_DATABASE_URL", raising=False)
    return tmp_path


def test_db_upgrade_then_downgrade(data_dir):
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert f"current: {schema.head_revision()}" in runner.invoke(app, ["db", "current"]).output
    assert runner.invoke(app, ["db", "downgrade", "base"]).exit_code == 0
    assert "current: none" in runner.invoke(app, ["db", "current"]).output


def test_clients_create_prints_one_json_object(data_dir):
    refused = runner.invoke(app, ["clients", "create", "--name", "LRS"])
    assert refused.exit_code != 0
    assert runner.invoke(app, ["demo", "seed", "--scale", "small"]).exit_code == 0
    result = runner.invoke(app, ["xapi", "clients", "create", "--name", "Storyline packages"])
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    assert set(created) == {"key", "secret", "organisation_id"}
    bad = runner.invoke(app, ["clients", "create", "--name", "x", "--org", "not-a-uuid"])
    assert bad.exit_code == 2 and "--org" in bad.output


def test_seeding_twice_is_refused_with_a_message(data_dir):
    assert runner.invoke(app, ["demo", "seed"]).exit_code == 0
    again = runner.invoke(app, ["demo", "seed"])
    assert again.exit_code == 1 and "already holds" in again.output
    assert runner.invoke(app, ["demo", "seed", "--scale", "huge"]).exit_code == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _karmayogi() -> str:
    return shutil.which("karmayogi", path=str(Path(sys.executable).parent)) or "karmayogi"


@pytest.mark.slow
def test_serve_refuses_an_unmigrated_database_and_names_the_fix(data_dir):
    env = {**os.environ, "KARMAYOGI_DATA_DIR": str(data_dir)}
    result = subprocess.run([_karmayogi(), "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "karmayogi db upgrade" in result.stderr


@pytest.mark.slow
def test_seed_then_serve_answers_healthz_and_docs_over_real_http(data_dir):
    env = {**os.environ, "KARMAYOGI_DATA_DIR": str(data_dir), "COLUMNS": "120"}
    subprocess.run(
        [_karmayogi(), "demo", "seed", "--scale", "small"], env=env, check=True, capture_output=True
    )
    port = _free_port()
    server = subprocess.Popen(
        [_karmayogi(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    # A fresh server builds its indexes and signs the seeded history's level credentials in the
    # background: on a busy 2-core machine an answer may take longer than httpx's 5 s default.
    http = httpx.Client(timeout=30)
    try:
        for _ in range(100):
            try:
                health = http.get(f"{base}/healthz")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start listening")
        assert health.status_code == 200 and health.json()["status"] == "ok"
        assert "swagger" in http.get(f"{base}/docs").text.lower()
        token = http.post(
            f"{base}/api/v1/auth/token",
            data={"username": "admin@karmayogi.example", "password": "karmayogi-demo"},
        )
        assert token.status_code == 200
        courses = http.get(
            f"{base}/api/v1/courses", headers={"Authorization": f"Bearer {token.json()['access_token']}"}
        )
        assert len(courses.json()["items"]) == 50
    finally:
        http.close()
        server.terminate()
        server.wait(timeout=10)
