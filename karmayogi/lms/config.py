"""Settings read from the environment, with defaults that need no set-up (a SQLite file under ./var)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


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
    # Web origins whose pages may call the LRS (/xapi) from the browser; "*" for any. None: the
    # platform's own origin, that of public_url.
    xapi_cors_origins: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        for origin in self.xapi_cors_origins or ():
            if origin != "*" and origin_of(origin) != origin.lower():
                raise ValueError(
                    f"KARMAYOGI_XAPI_CORS_ORIGINS: {origin!r} is not a web origin "
                    "(scheme://host[:port], no path or trailing slash) nor *"
                )

    @property
    def xapi_allowed_origins(self) -> tuple[str, ...]:
        if self.xapi_cors_origins is None:
            return (origin_of(self.public_url),)
        return tuple(origin.lower() for origin in self.xapi_cors_origins)

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
            xapi_cors_origins=_origins(os.environ.get("KARMAYOGI_XAPI_CORS_ORIGINS")),
        )


def origin_of(url: str) -> str:
    """The web origin (scheme://host[:port]) a URL belongs to, as browsers send it in Origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _origins(listed: str | None) -> tuple[str, ...] | None:
    """A comma-separated list of origins; unset or blank: the default."""
    if listed is None or not listed.strip():
        return None
    return tuple(origin.strip() for origin in listed.split(",") if origin.strip())


def _local_secret(data_dir: Path) -> str:
    """A signing key kept beside the embedded database, so tokens survive a restart of the demo."""
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
