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
    # Sevottam: the SMTP server that confirms citizens' email addresses, and where SMS messages go.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_sender: str = "grievances@karmayogi.example"
    sms_outbox: str = ""  # a folder the file SMS sender writes to; empty sends no SMS
    grievances_per_hour: int = 10  # per address and per contact, on the public grievance forms

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
            smtp_host=os.environ.get("KARMAYOGI_SMTP_HOST", "127.0.0.1"),
            smtp_port=int(os.environ.get("KARMAYOGI_SMTP_PORT", "25")),
            smtp_sender=os.environ.get("KARMAYOGI_SMTP_SENDER", "grievances@karmayogi.example"),
            sms_outbox=os.environ.get("KARMAYOGI_SMS_OUTBOX", ""),
            grievances_per_hour=int(os.environ.get("KARMAYOGI_GRIEVANCES_PER_HOUR", "10")),
        )


def _local_secret(data_dir: Path) -> str:
    """A signing key kept beside the embedded database, so tokens survive a restart of the demo."""
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
