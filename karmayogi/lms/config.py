"""Settings read from the environment, with defaults that need no set-up (a SQLite file under ./var)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    token_ttl_seconds: int = 900
    token_issuer: str = "karmayogi"
    xapi_default_version: str = "2.0.0"
    # Where the platform is reached from outside: the host of the issuer's did:web, and the base of the
    # status list and verification links printed on certificates.
    public_url: str = "http://localhost:8000"
    issuer_name: str = "Karmayogi competency engine"
    # Adaptive level tests: the wait after one ends before the next on the same competency, and how
    # many an official may start on one competency within a rolling period (assessment.retakes).
    level_test_cooldown_seconds: int = 30 * 86_400
    level_test_attempts_per_period: int = 3
    level_test_period_seconds: int = 365 * 86_400

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("KARMAYOGI_DATA_DIR", "var"))
        url = os.environ.get("KARMAYOGI_DATABASE_URL") or f"sqlite:///{data_dir / 'karmayogi.sqlite3'}"
        return cls(
            database_url=url,
            secret_key=os.environ.get("KARMAYOGI_SECRET_KEY") or _local_secret(data_dir),
            token_ttl_seconds=int(os.environ.get("KARMAYOGI_TOKEN_TTL_SECONDS", "900")),
            xapi_default_version=os.environ.get("KARMAYOGI_XAPI_DEFAULT_VERSION", "2.0.0"),
            public_url=os.environ.get("KARMAYOGI_PUBLIC_URL", "http://localhost:8000").rstrip("/"),
            issuer_name=os.environ.get("KARMAYOGI_ISSUER_NAME", "Karmayogi competency engine"),
            level_test_cooldown_seconds=int(
                os.environ.get("KARMAYOGI_LEVEL_TEST_COOLDOWN_SECONDS", str(30 * 86_400))
            ),
            level_test_attempts_per_period=int(
                os.environ.get("KARMAYOGI_LEVEL_TEST_ATTEMPTS_PER_PERIOD", "3")
            ),
            level_test_period_seconds=int(
                os.environ.get("KARMAYOGI_LEVEL_TEST_PERIOD_SECONDS", str(365 * 86_400))
            ),
        )


def _local_secret(data_dir: Path) -> str:
    """A signing key kept beside the embedded database, so tokens survive a restart of the demo."""
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
