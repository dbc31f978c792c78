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
    # Limits at the edge (karmayogi.api.limits). A request body over its route's limit is refused with 413
    # as it streams in; JSON nested deeper than max_json_depth is refused before it is parsed.
    max_body_bytes: int = 1 << 20
    max_statements_bytes: int = 4 << 20  # a batch of statements, with its attachments
    max_document_bytes: int = 8 << 20  # an xAPI state or profile document
    max_import_bytes: int = 32 << 20  # a FRAC framework or a QuML question set
    max_json_depth: int = 64
    # Sign-in throttling (karmayogi.lms.login_throttle): free failures per account and per address (an office
    # behind one NAT shares an address), then pauses doubling from the base up to the ceiling.
    login_account_free_failures: int = 5
    login_address_free_failures: int = 50
    login_backoff_base_seconds: int = 2
    login_backoff_max_seconds: int = 900
    login_failure_memory_seconds: int = 3600

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
            max_body_bytes=_int("KARMAYOGI_MAX_BODY_BYTES", cls.max_body_bytes),
            max_statements_bytes=_int("KARMAYOGI_MAX_STATEMENTS_BYTES", cls.max_statements_bytes),
            max_document_bytes=_int("KARMAYOGI_MAX_DOCUMENT_BYTES", cls.max_document_bytes),
            max_import_bytes=_int("KARMAYOGI_MAX_IMPORT_BYTES", cls.max_import_bytes),
            max_json_depth=_int("KARMAYOGI_MAX_JSON_DEPTH", cls.max_json_depth),
            login_account_free_failures=_int(
                "KARMAYOGI_LOGIN_ACCOUNT_FREE_FAILURES", cls.login_account_free_failures
            ),
            login_address_free_failures=_int(
                "KARMAYOGI_LOGIN_ADDRESS_FREE_FAILURES", cls.login_address_free_failures
            ),
            login_backoff_base_seconds=_int(
                "KARMAYOGI_LOGIN_BACKOFF_BASE_SECONDS", cls.login_backoff_base_seconds
            ),
            login_backoff_max_seconds=_int(
                "KARMAYOGI_LOGIN_BACKOFF_MAX_SECONDS", cls.login_backoff_max_seconds
            ),
            login_failure_memory_seconds=_int(
                "KARMAYOGI_LOGIN_FAILURE_MEMORY_SECONDS", cls.login_failure_memory_seconds
            ),
        )


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _local_secret(data_dir: Path) -> str:
    """A signing key kept beside the embedded database, so tokens survive a restart of the demo."""
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
