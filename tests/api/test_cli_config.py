"""`karmayogi config` and a bad setting at start, as an operator meets them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from karmayogi.api.app import serving_app
from karmayogi.api.cli import app
from karmayogi.lms.config import ConfigurationError

runner = CliRunner()
ROOT = Path(__file__).parents[2]


def _clean_env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KARMAYOGI_")}
    env.update({"KARMAYOGI_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT), "COLUMNS": "200", **values})
    return env


def test_config_check_prints_the_effective_configuration_with_secrets_masked(tmp_path, monkeypatch):
    monkeypatch.setenv("KARMAYOGI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", "postgresql+psycopg://karmayogi:hunter2-secret@db:5432/k")
    monkeypatch.setenv("KARMAYOGI_SECRET_KEY", "signing-key-" + "z" * 40)
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(app, ["config", "check"])
    assert result.exit_code == 0, result.output
    assert "KARMAYOGI_TOKEN_TTL_SECONDS" in result.output and "900" in result.output
    assert "postgresql+psycopg://karmayogi:***@db:5432/k" in result.output
    assert "hunter2-secret" not in result.output and "zzzz" not in result.output


def test_config_check_names_a_bad_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("KARMAYOGI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KARMAYOGI_TOKEN_TTL_SECONDS", "15min")
    result = runner.invoke(app, ["config", "check"])
    assert result.exit_code == 2
    assert "KARMAYOGI_TOKEN_TTL_SECONDS" in result.output and "'15min'" in result.output


def test_config_docs_prints_the_markdown_table():
    result = runner.invoke(app, ["config", "docs"])
    assert result.exit_code == 0
    assert result.output.startswith("| Variable | Default | What it is for |")
    assert "`KARMAYOGI_PUBLIC_URL`" in result.output


def test_a_bad_setting_stops_serve_at_start_without_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "karmayogi.api.cli", "serve", "--port", "1"],
        env=_clean_env(tmp_path, KARMAYOGI_TOKEN_TTL_SECONDS="15min"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    message = " ".join(done.stderr.split())
    assert "cannot start: bad configuration: KARMAYOGI_TOKEN_TTL_SECONDS" in message
    assert "'15min'" in message
    assert "Traceback" not in done.stderr


def test_a_served_worker_names_a_bad_thread_count(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "two")
    named = r"OMP_NUM_THREADS='two': must be a whole number, at least 1"
    with pytest.raises(ConfigurationError, match=named):
        serving_app()
