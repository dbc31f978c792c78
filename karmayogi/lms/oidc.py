"""Sign-in through an OpenID Connect provider (Keycloak, a department's own): the code flow with PKCE.

`begin` sends the browser to the provider with a fresh state, nonce and PKCE verifier, which travel
in an encrypted, short-lived cookie rather than in server memory, so that any worker can finish the
flow. `finish` checks the state, exchanges the code (authlib's OAuth2 client, PKCE S256), and
validates the ID token (joserfc): signature by a key of the provider's JWKS, fetched again when a
token names a key not yet seen (rotation), issuer, audience, expiry and nonce. The official is found
by (issuer, subject) or, at the first sign-in, by the employee-code claim, which links the two.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.integrations.httpx_client import OAuth2Client
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.config import Settings
from karmayogi.lms.db import utcnow
from karmayogi.lms.errors import InvalidInput, ServiceUnavailable, Unauthenticated
from karmayogi.lms.orm import ExternalIdentity, User
from karmayogi.lms.telemetry import security_event

CALLBACK_PATH = "/api/v1/auth/oidc/callback"
COOKIE = "karmayogi_oidc"
FLOW_SECONDS = 600
ALGORITHMS = ("RS256", "PS256", "ES256", "EdDSA")
LEEWAY_SECONDS = 60
_DISCOVERY_SECONDS = 3600
_HTTP_TIMEOUT = 10.0


class NotConfigured(InvalidInput):
    def __init__(self) -> None:
        super().__init__("oidc", "single sign-on is not configured here (KARMAYOGI_OIDC_ISSUER)")


@dataclass
class _Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    algorithms: tuple[str, ...]
    fetched: float
    keys: KeySet | None = None


_providers: dict[str, _Provider] = {}
_lock = threading.Lock()


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=_HTTP_TIMEOUT, follow_redirects=False)
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ServiceUnavailable(f"the identity provider did not answer {url}: {exc}") from None
    if not isinstance(body, dict):
        raise ServiceUnavailable(f"the identity provider's {url} is not a JSON object")
    return body


def provider(settings: Settings) -> _Provider:
    """The provider's discovery document, read once an hour; its issuer must be the one configured."""
    if not settings.oidc_issuer:
        raise NotConfigured()
    with _lock:
        known = _providers.get(settings.oidc_issuer)
        if known is not None and time.monotonic() - known.fetched < _DISCOVERY_SECONDS:
            return known
    document = _get_json(settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration")
    if document.get("issuer") != settings.oidc_issuer:
        raise ServiceUnavailable(
            f"the identity provider names itself {document.get('issuer')!r}, not {settings.oidc_issuer!r}"
        )
    try:
        offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
        found = _Provider(
            issuer=document["issuer"],
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            algorithms=tuple(a for a in offered if a in ALGORITHMS),
            fetched=time.monotonic(),
        )
    except KeyError as exc:
        raise ServiceUnavailable(f"the identity provider's discovery document lacks {exc.args[0]}") from None
    if "S256" not in (document.get("code_challenge_methods_supported") or ["S256"]):
        raise ServiceUnavailable("the identity provider does not offer PKCE with S256")
    with _lock:
        _providers[settings.oidc_issuer] = found
    return found


def _keys(found: _Provider, refresh: bool) -> KeySet:
    if found.keys is None or refresh:
        try:
            found.keys = KeySet.import_key_set(_get_json(found.jwks_uri))  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError) as exc:
            raise ServiceUnavailable(f"the identity provider's key set cannot be read: {exc}") from None
    return found.keys


def _fernet(settings: Settings) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"karmayogi oidc flow").derive(
        settings.secret_key.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def redirect_uri(settings: Settings) -> str:
    return settings.public_url + CALLBACK_PATH


def _client(settings: Settings) -> OAuth2Client:
    return OAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret or None,
        token_endpoint_auth_method="client_secret_basic" if settings.oidc_client_secret else "none",
        scope=settings.oidc_scopes,
        redirect_uri=redirect_uri(settings),
        code_challenge_method="S256",
        timeout=_HTTP_TIMEOUT,
    )


def begin(settings: Settings) -> tuple[str, str]:
    """The provider's authorisation URL to send the browser to, and the flow cookie's value."""
    found = provider(settings)
    state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    with _client(settings) as client:
        url, _ = client.create_authorization_url(
            found.authorization_endpoint, state=state, code_verifier=verifier, nonce=nonce
        )
    flow = {"state": state, "nonce": nonce, "verifier": verifier, "issuer": found.issuer}
    return url, _fernet(settings).encrypt(json.dumps(flow).encode()).decode()


def _flow(settings: Settings, cookie: str | None, state: str) -> dict[str, str]:
    if not cookie:
        raise Unauthenticated("the sign-in was not started here, or its cookie was lost; start again")
    try:
        flow = json.loads(_fernet(settings).decrypt(cookie.encode(), ttl=FLOW_SECONDS))
    except (InvalidToken, ValueError):
        raise Unauthenticated("the sign-in took too long or its cookie is not ours; start again") from None
    if not secrets.compare_digest(str(flow.get("state", "")), state):
        raise Unauthenticated("the state does not match the sign-in started here; start again")
    return flow


def validate_id_token(
    settings: Settings, id_token: str, nonce: str, now: int | None = None
) -> dict[str, Any]:
    """The ID token's claims, once its signature, issuer, audience, expiry and nonce all hold."""
    found = provider(settings)
    try:
        try:
            token = jwt.decode(id_token, _keys(found, refresh=False), algorithms=list(found.algorithms))
        except (JoseError, ValueError, KeyError):
            # Perhaps a key not seen yet: the provider may have rotated its keys since they were read.
            token = jwt.decode(id_token, _keys(found, refresh=True), algorithms=list(found.algorithms))
        claims = token.claims
        registry = jwt.JWTClaimsRegistry(
            now=now,
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": found.issuer},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        registry.validate(claims)
    except ExpiredTokenError:
        raise Unauthenticated("the ID token has expired") from None
    except (JoseError, ValueError, KeyError) as exc:
        raise Unauthenticated(f"the ID token is not valid: {exc}") from None
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if settings.oidc_client_id not in audiences:
        raise Unauthenticated("the ID token is not for this platform (audience)")
    if len(audiences) > 1 and claims.get("azp") != settings.oidc_client_id:
        raise Unauthenticated("the ID token is for several parties and names another as authorised (azp)")
    return claims


def _official(session: Session, settings: Settings, claims: dict[str, Any]) -> User:
    issuer, subject = claims["iss"], str(claims["sub"])
    identity = session.scalar(
        select(ExternalIdentity).where(ExternalIdentity.issuer == issuer, ExternalIdentity.subject == subject)
    )
    if identity is not None:
        identity.last_sign_in_at = utcnow()
        user = session.get(User, identity.user_id)
        assert user is not None
        return user
    code = claims.get(settings.oidc_employee_code_claim)
    if not isinstance(code, str) or not code.strip():
        raise Unauthenticated(
            f"the identity provider sent no {settings.oidc_employee_code_claim} claim to link this account by"
        )
    user = session.scalar(select(User).where(User.employee_code == code.strip()))
    if user is None:
        raise Unauthenticated(
            f"no official has the employee code {code.strip()}; ask your HR cell to import you"
        )
    linked = session.scalar(
        select(ExternalIdentity).where(ExternalIdentity.issuer == issuer, ExternalIdentity.user_id == user.id)
    )
    if linked is not None:
        raise Unauthenticated("this official is already linked to another account at the identity provider")
    session.add(ExternalIdentity(issuer=issuer, subject=subject, user_id=user.id))
    session.flush()
    security_event("identity_linked", issuer=issuer, subject=subject, user_id=user.id)
    return user


def finish(session: Session, settings: Settings, code: str, state: str, cookie: str | None) -> User:
    """The official signed in by the provider's answer (CODE, STATE) to the flow in COOKIE."""
    flow = _flow(settings, cookie, state)
    found = provider(settings)
    try:
        with _client(settings) as client:
            token = client.fetch_token(found.token_endpoint, code=code, code_verifier=flow["verifier"])
    except Exception as exc:  # authlib raises OAuthError, httpx its own: either way, no sign-in
        security_event("sign_in_failed", method="oidc", reason="code exchange refused")
        raise Unauthenticated(f"the identity provider refused the code: {exc}") from None
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise Unauthenticated("the identity provider answered without an ID token")
    try:
        claims = validate_id_token(settings, id_token, flow["nonce"])
        user = _official(session, settings, claims)
    except Unauthenticated as exc:
        security_event("sign_in_failed", method="oidc", reason=str(exc))
        raise
    if not user.is_active:
        security_event("sign_in_failed", method="oidc", user_id=user.id, reason="inactive")
        raise Unauthenticated("this account is not active")
    return user
