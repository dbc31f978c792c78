"""Settings from the environment: defaults that need no set-up, and bad values named at start."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from karmayogi.lms.config import ConfigurationError, Settings, configuration_table

README = Path(__file__).parents[2] / "README.md"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.startswith("KARMAYOGI_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KARMAYOGI_DATA_DIR", str(tmp_path))
    return monkeypatch


def test_defaults_need_nothing_but_a_data_directory(env, tmp_path):
    settings = Settings.from_env()
    assert settings.database_url == f"sqlite:///{tmp_path / 'karmayogi.sqlite3'}"
    assert settings.secret_key == (tmp_path / "secret.key").read_text().strip()
    assert Settings.from_env().secret_key == settings.secret_key  # kept across restarts
    assert (settings.token_ttl_seconds, settings.public_url) == (900, "http://localhost:8000")


def test_values_from_the_environment(env):
    env.setenv("KARMAYOGI_TOKEN_TTL_SECONDS", "1800")
    env.setenv("KARMAYOGI_PUBLIC_URL", "https://igot.example.gov.in/")
    env.setenv("KARMAYOGI_SECRET_KEY", "s" * 48)
    settings = Settings.from_env()
    assert settings.token_ttl_seconds == 1800
    assert settings.public_url == "https://igot.example.gov.in"
    assert settings.secret_key == "s" * 48


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("KARMAYOGI_TOKEN_TTL_SECONDS", "15min", "valid integer"),
        ("KARMAYOGI_TOKEN_TTL_SECONDS", "5", "greater than or equal to 60"),
        ("KARMAYOGI_PUBLIC_URL", "igot.gov.in", "must start with http:// or https://"),
        ("KARMAYOGI_XAPI_DEFAULT_VERSION", "3.0", "should match pattern"),
        ("KARMAYOGI_DATABASE_URL", "not a url", "is not a database URL"),
        ("KARMAYOGI_SMTP_URL", "mail.gov.in:25", "must look like smtp://"),
    ],
)
def test_a_bad_value_names_the_variable_and_the_reason(env, variable, value, reason):
    env.setenv(variable, value)
    with pytest.raises(ConfigurationError) as caught:
        Settings.from_env()
    assert f"{variable}: " in str(caught.value) and reason in str(caught.value)


def test_a_bad_secret_is_not_echoed(env):
    env.setenv("KARMAYOGI_DATABASE_URL", "postgresql+psycopg://karmayogi:hunter2-secret@db/karmayogi")
    env.setenv("KARMAYOGI_TOKEN_TTL_SECONDS", "soon")
    with pytest.raises(ConfigurationError) as caught:
        Settings.from_env()
    assert "hunter2-secret" not in str(caught.value)
    assert "'soon'" in str(caught.value)


def test_the_effective_configuration_masks_secrets(env):
    env.setenv("KARMAYOGI_DATABASE_URL", "postgresql+psycopg://karmayogi:hunter2-secret@db/karmayogi")
    env.setenv("KARMAYOGI_SECRET_KEY", "very-secret-signing-key-" + "x" * 24)
    env.setenv("KARMAYOGI_SMTP_URL", "smtp://relay:mail-secret@smtp.gov.in:587")
    shown = Settings.from_env().effective()
    assert shown["KARMAYOGI_SMTP_URL"] == "smtp://relay:***@smtp.gov.in:587"
    assert shown["KARMAYOGI_DATABASE_URL"] == "postgresql+psycopg://karmayogi:***@db/karmayogi"
    assert shown["KARMAYOGI_SECRET_KEY"] == "****"
    assert "hunter2-secret" not in repr(shown) and "very-secret" not in repr(shown)
    assert "mail-secret" not in repr(shown)
    assert set(shown) == {"KARMAYOGI_" + name.upper() for name in Settings.model_fields}


def test_every_setting_is_documented_and_the_readme_shows_the_generated_table():
    for name, field in Settings.model_fields.items():
        assert field.description, f"{name} needs a description for the configuration table"
    table = configuration_table()
    assert table.count("\n| `KARMAYOGI_") == len(Settings.model_fields)
    readme = README.read_text(encoding="utf-8")
    shown = re.search(
        r"<!-- configuration-table[^>]*-->\n(.*?)<!-- end of configuration-table -->", readme, re.S
    )
    assert shown is not None, "README.md lost its configuration table markers"
    assert shown.group(1) == table, "README.md's table is stale: paste the output of `karmayogi config docs`"
