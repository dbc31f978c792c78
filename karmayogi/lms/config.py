"""Settings read from the environment, with defaults that need no set-up (a SQLite file under ./var).

Each setting is one `Field` line with a description: the README's configuration table is generated
from them (`karmayogi config docs`), and a bad value stops the process naming its variable.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

from karmayogi.lms.errors import DomainError

ENV_PREFIX = "KARMAYOGI_"
SECRET = {"secret": True}  # marks a field whose value `karmayogi config check` masks


class ConfigurationError(DomainError):
    """A variable holds a value the platform cannot start with; the message names each one."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="ignore")

    data_dir: Path = Field(
        Path("var"), description="Where the embedded database and the generated signing key live."
    )
    database_url: str = Field(
        "",
        description="The database, e.g. `postgresql+psycopg://user@host:5432/karmayogi`; "
        "unset: `sqlite:///DATA_DIR/karmayogi.sqlite3`.",
        json_schema_extra=SECRET,
    )
    # Each worker process holds its own pool, and admits no more requests at once than it holds
    # connections (api/admission). A request that waits longer than the timeout is answered 503 with
    # Retry-After, not left hanging. Eight at once, not twenty: a worker's requests share one GIL, and
    # more of them only wait on each other (benchmarks/load.py at 200 users: reads p95 265 ms with 20,
    # 126 with 12, 123 with 8).
    database_pool_size: int = Field(
        6, ge=1, le=1000, description="Database connections each server worker keeps open."
    )
    database_max_overflow: int = Field(
        2,
        ge=0,
        le=1000,
        description="Connections a worker may open beyond its pool in a burst; with the pool, "
        "how many requests it serves at once.",
    )
    database_pool_timeout_seconds: float = Field(
        5.0,
        gt=0,
        le=300,
        description="How long a request waits to be served, or for a free connection, before it is "
        "answered 503.",
    )
    # uvicorn's supervisor pings each worker and kills one that does not answer in time. Its default,
    # 5 s, killed busy but healthy workers of a loaded 2-core machine (the content benchmark's 200 AU
    # sessions), dropping every request they held; a hung worker is still replaced, only later.
    worker_healthcheck_seconds: int = Field(
        30,
        ge=1,
        le=600,
        description="How long a server worker may take to answer the supervisor's health check before "
        "it is killed and replaced (with more than one worker).",
    )
    # A client (or proxy) that reuses an idle connection just as the server closes it gets a reset
    # instead of an answer: at uvicorn's 5 s, HR cells pausing 2 to 5 s between rankings met one or
    # two per load test. Keep it above the idle time of the proxy in front (nginx's is 60 s upstream).
    keep_alive_seconds: int = Field(
        75,
        ge=1,
        le=3600,
        description="How long the server keeps an idle HTTP connection open for the client's next request.",
    )
    secret_key: str = Field(
        "",
        description="The JWT signing key, which also encrypts the issuer's keys; set it in production. "
        "Unset: generated once into `DATA_DIR/secret.key` (back it up with the database).",
        json_schema_extra=SECRET,
    )
    token_ttl_seconds: int = Field(
        900, ge=60, le=86_400, description="Access-token lifetime in seconds (60 to 86400)."
    )
    token_issuer: str = Field(
        "karmayogi", min_length=1, description="The `iss` claim of the access tokens issued."
    )
    xapi_default_version: str = Field(
        "2.0.0",
        pattern=r"^(1\.0\.[0-3]|2\.0\.0)$",
        description="The xAPI version named in answers to requests that name none (1.0.0 to 1.0.3, 2.0.0).",
    )
    public_url: str = Field(
        "http://localhost:8000",
        description="Where the platform is reached: the issuer's `did:web`, certificate links, and the "
        "IRIs of its own xAPI statements.",
    )
    issuer_name: str = Field(
        "Karmayogi competency engine", min_length=1, description="The issuer named on certificates."
    )
    # Web origins whose pages may call the LRS (/xapi) from the browser; "*" for any. None: the
    # platform's own origin, that of public_url.
    xapi_cors_origins: Annotated[tuple[str, ...] | None, NoDecode] = Field(
        None,
        description="Comma-separated web origins whose pages may call `/xapi` from a browser, `*` for any; "
        "unset: the origin of `KARMAYOGI_PUBLIC_URL`.",
    )

    smtp_url: str = Field(
        "",
        description="The mail server for invitations and password resets: `smtp://user:password@host:587` "
        "(STARTTLS) or `smtps://…:465`; unset: no mail is sent.",
        json_schema_extra=SECRET,
    )
    mail_from: str = Field("Karmayogi <no-reply@localhost>", description="The sender of the platform's mail.")
    invitation_ttl_seconds: int = Field(
        7 * 86_400, ge=3600, description="How long an invitation's set-password token stays valid."
    )
    password_reset_ttl_seconds: int = Field(
        3600, ge=300, le=86_400, description="How long a password-reset token stays valid."
    )
    log_level: str = Field(
        "INFO",
        pattern=r"^(?i:debug|info|warning|error)$",
        description="The least severe log level written (DEBUG, INFO, WARNING, ERROR), JSON lines on stderr.",
    )
    forwarded_allow_ips: str = Field(
        "127.0.0.1",
        description="Comma-separated addresses of the reverse proxies whose X-Forwarded-Proto and -For "
        "headers `karmayogi serve` trusts (`*` for any).",
    )
    oidc_issuer: str = Field(
        "",
        description="The OpenID Connect provider's issuer URL (its discovery document is read from "
        "`/.well-known/openid-configuration` under it); unset: sign-in by password only.",
    )
    oidc_client_id: str = Field("", description="This platform's client id at the OIDC provider.")
    oidc_client_secret: str = Field(
        "", description="This platform's client secret at the OIDC provider.", json_schema_extra=SECRET
    )
    oidc_scopes: str = Field("openid profile email", description="The scopes asked of the OIDC provider.")
    oidc_employee_code_claim: str = Field(
        "employee_code",
        min_length=1,
        description="The ID-token claim holding the official's employee code, by which a first sign-in "
        "is linked to the official imported from HR records.",
    )
    totp_required: bool = Field(
        False,
        description="Require a TOTP second factor of platform admins and HR cells, whether they sign in "
        "by password or by OIDC.",
    )
    warm_start: bool = Field(
        True, description="Build the search index and recommender in the background when a server starts."
    )

    # Adaptive level tests: the wait after one ends before the next on the same competency, and how
    # many an official may start on one competency within a rolling period (assessment.retakes).
    level_test_cooldown_seconds: int = Field(
        30 * 86_400,
        ge=0,
        description="The wait after a level test ends before the next on the same competency.",
    )
    level_test_attempts_per_period: int = Field(
        3, ge=1, description="How many level tests an official may start on one competency within a period."
    )
    level_test_period_seconds: int = Field(
        365 * 86_400, ge=86_400, description="The rolling period over which level-test starts are counted."
    )

    # Limits at the edge (karmayogi.api.limits). A request body over its route's limit is refused with 413
    # as it streams in; JSON nested deeper than max_json_depth is refused before it is parsed.
    max_body_bytes: int = Field(1 << 20, ge=1024, description="The largest request body of a REST route.")
    max_statements_bytes: int = Field(
        4 << 20, ge=1024, description="The largest batch of xAPI statements, attachments included."
    )
    max_document_bytes: int = Field(
        8 << 20, ge=1024, description="The largest xAPI state or profile document."
    )
    max_import_bytes: int = Field(
        32 << 20,
        ge=1024,
        description="The largest upload of a FRAC framework or a QuML question set, and the largest body of "
        "any other route: the proxy's `client_max_body_size` should match (deploy/nginx).",
    )
    max_package_bytes: int = Field(
        512 << 20,
        ge=1024,
        description="The largest cmi5 package or tracked video, document or HTML5 zip: the proxy's "
        "`client_max_body_size` for those routes should match (deploy/nginx).",
    )
    max_json_depth: int = Field(
        64, ge=2, le=10_000, description="The deepest JSON nesting any route accepts."
    )
    # Sign-in throttling (karmayogi.lms.login_throttle): free failures per account and per address (an office
    # behind one NAT shares an address), then pauses doubling from the base up to the ceiling.
    login_account_free_failures: int = Field(
        5, ge=1, description="Failed sign-ins an account may have before sign-in pauses."
    )
    login_address_free_failures: int = Field(
        50, ge=1, description="Failed sign-ins an address may have before sign-in pauses."
    )
    login_backoff_base_seconds: int = Field(2, ge=1, description="The first pause; each failure doubles it.")
    login_backoff_max_seconds: int = Field(900, ge=1, description="The longest pause after failed sign-ins.")
    login_failure_memory_seconds: int = Field(
        3600, ge=60, description="How long failed sign-ins are remembered."
    )

    # Sevottam: where SMS messages to citizens go, and how often one address or contact may lodge.
    sms_outbox: str = Field(
        "", description="A folder the file SMS sender writes citizens' messages to; unset: no SMS is sent."
    )
    grievances_per_hour: int = Field(
        10, ge=1, description="Grievances one address or one contact may lodge per hour on the public forms."
    )

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url(cls, value: str) -> str:
        if value and (urlsplit(value).scheme not in ("smtp", "smtps") or not urlsplit(value).hostname):
            raise ValueError("must look like smtp://user:password@host:587 or smtps://host:465")
        return value

    @field_validator("oidc_issuer")
    @classmethod
    def _oidc_issuer(cls, value: str) -> str:
        loopback = urlsplit(value).hostname in ("localhost", "127.0.0.1", "::1")
        if value and not (value.startswith("https://") or (value.startswith("http://") and loopback)):
            raise ValueError("must be the provider's https:// issuer URL (http:// only on loopback)")
        return value  # exactly as the provider writes it: ID tokens' `iss` must equal it

    @model_validator(mode="after")
    def _oidc_client(self) -> Settings:
        if self.oidc_issuer and not self.oidc_client_id:
            raise ValueError("KARMAYOGI_OIDC_CLIENT_ID is needed with KARMAYOGI_OIDC_ISSUER")
        return self

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("xapi_cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: Any) -> Any:
        """A comma-separated list from the environment; blank means the default."""
        if isinstance(value, str):
            value = tuple(origin.strip() for origin in value.split(",") if origin.strip()) or None
        for origin in value or ():
            if origin != "*" and origin_of(origin) != origin.lower():
                raise ValueError(f"{origin!r} is not a web origin (scheme://host[:port], no path) nor *")
        return value

    @property
    def xapi_allowed_origins(self) -> tuple[str, ...]:
        if self.xapi_cors_origins is None:
            return (origin_of(self.public_url),)
        return tuple(origin.lower() for origin in self.xapi_cors_origins)

    @model_validator(mode="after")
    def _defaults_from_data_dir(self) -> Settings:
        """An empty database URL or secret key means the embedded ones beside the data directory."""
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{self.data_dir / 'karmayogi.sqlite3'}")
        if not self.secret_key:
            object.__setattr__(self, "secret_key", _local_secret(self.data_dir))
        return self

    @property
    def database_pool(self) -> dict[str, Any]:
        """The server's connection pool, as `Database` takes it."""
        return {
            "pool_size": self.database_pool_size,
            "max_overflow": self.database_max_overflow,
            "pool_timeout": self.database_pool_timeout_seconds,
        }

    @classmethod
    def from_env(cls) -> Settings:
        """The settings of this process, or ConfigurationError naming every bad variable and why."""
        try:
            settings = cls()
        except ValidationError as exc:
            problems = []
            for error in exc.errors():
                name = ENV_PREFIX + str(error["loc"][0]).upper() if error["loc"] else "configuration"
                field = str(error["loc"][0]) if error["loc"] else ""
                shown = "" if _is_secret(field) else f" (got {error['input']!r})"
                problems.append(f"{name}: {error['msg'].removeprefix('Value error, ')}{shown}")
            raise ConfigurationError("bad configuration: " + "; ".join(problems)) from None
        try:  # checked here, not on construction: tests build settings around a database of their own
            make_url(settings.database_url)
        except Exception:
            raise ConfigurationError(
                f"bad configuration: {ENV_PREFIX}DATABASE_URL: is not a database URL "
                "(dialect+driver://user:password@host/database)"
            ) from None
        return settings

    def effective(self) -> dict[str, str]:
        """Every setting by variable name, as this process uses it, with secrets masked."""
        shown: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if name == "database_url":  # the URL is worth seeing; only its password is secret
                shown[ENV_PREFIX + name.upper()] = make_url(value).render_as_string(hide_password=True)
            elif name == "smtp_url" and value:
                shown[ENV_PREFIX + name.upper()] = _without_password(value)
            elif _is_secret(name):
                shown[ENV_PREFIX + name.upper()] = "****" if value else ""
            else:
                shown[ENV_PREFIX + name.upper()] = str(value)
        return shown


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _is_secret(name: str) -> bool:
    field = Settings.model_fields.get(name)
    extra: Any = field.json_schema_extra if field else None
    return isinstance(extra, dict) and bool(extra.get("secret"))


def configuration_table() -> str:
    """The markdown table of every variable, its default and what it is for (for the README)."""
    lines = ["| Variable | Default | What it is for |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = field.default
        shown = f"`{default}`" if default not in ("", None) else "unset"
        description = (field.description or "").replace("|", "\\|")
        lines.append(f"| `{ENV_PREFIX}{name.upper()}` | {shown} | {description} |")
    return "\n".join(lines) + "\n"


def origin_of(url: str) -> str:
    """The web origin (scheme://host[:port]) a URL belongs to, as browsers send it in Origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _local_secret(data_dir: Path) -> str:
    """A signing key kept beside the embedded database, so tokens survive a restart of the demo."""
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
