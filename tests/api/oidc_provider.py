"""A small OpenID Connect provider, run as its own process: the tests' stand-in for Keycloak.

It speaks what the platform relies on: discovery, a JWKS, the authorisation endpoint of the code
flow (it signs in the user its `login_hint` names, in place of a login page), and the token endpoint
with client_secret_basic and PKCE (S256 only), issuing RS256 ID tokens signed with joserfc. For the
tests, POST /control rotates its keys or makes the next ID token wrong in one named way.

    python tests/api/oidc_provider.py PORT USERS.json CLIENT_ID CLIENT_SECRET
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey


class Provider:
    def __init__(self, issuer: str, users: dict[str, dict[str, Any]], client_id: str, client_secret: str):
        self.issuer, self.users = issuer, users
        self.client_id, self.client_secret = client_id, client_secret
        self.keys = [self._new_key()]
        self.codes: dict[str, dict[str, Any]] = {}
        self.next_token: dict[str, Any] = {}
        self.lock = threading.Lock()

    @staticmethod
    def _new_key() -> RSAKey:
        return RSAKey.generate_key(
            2048, parameters={"kid": secrets.token_hex(8), "use": "sig", "alg": "RS256"}
        )

    def rotate(self) -> None:
        """A new signing key; the old one leaves the JWKS, as after a completed rotation."""
        self.keys = [self._new_key()]

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "jwks_uri": self.issuer + "/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "grant_types_supported": ["authorization_code"],
        }

    def jwks(self) -> dict[str, Any]:
        return KeySet(self.keys).as_dict(private=False)

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        redirect = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect:
            return 400, {}, "unknown client or no redirect_uri"
        if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
            return 302, {"Location": redirect + "?" + urlencode({"error": "unsupported_response_type"})}, ""
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return (
                302,
                {
                    "Location": redirect
                    + "?"
                    + urlencode({"error": "invalid_request", "state": query.get("state", "")})
                },
                "",
            )
        user = self.users.get(query.get("login_hint", ""))
        if user is None:
            return (
                302,
                {
                    "Location": redirect
                    + "?"
                    + urlencode({"error": "access_denied", "state": query.get("state", "")})
                },
                "",
            )
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = {
                "user": user,
                "redirect_uri": redirect,
                "challenge": query["code_challenge"],
                "nonce": query.get("nonce"),
                "expires": time.time() + 60,
            }
        return (
            302,
            {"Location": redirect + "?" + urlencode({"code": code, "state": query.get("state", "")})},
            "",
        )

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        try:
            scheme, encoded = authorization.split(" ", 1)
            client_id, _, client_secret = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            return 401, {"error": "invalid_client"}
        if scheme.lower() != "basic" or (client_id, client_secret) != (self.client_id, self.client_secret):
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self.lock:
            grant = self.codes.pop(form.get("code", ""), None)  # single use
            overrides, self.next_token = self.next_token, {}
        if (
            grant is None
            or grant["expires"] < time.time()
            or grant["redirect_uri"] != form.get("redirect_uri")
        ):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        now = int(time.time())
        user = grant["user"]
        claims = {
            "iss": self.issuer,
            "sub": user["sub"],
            "aud": overrides.get("aud", self.client_id),
            "iat": now,
            "exp": now + int(overrides.get("expires_in", 300)),
            "nonce": overrides.get("nonce", grant["nonce"]),
            **{k: v for k, v in user.items() if k != "sub"},
        }
        key = self._new_key() if overrides.get("unknown_key") else self.keys[0]
        id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }


def serve(port: int, users: dict[str, dict[str, Any]], client_id: str, client_secret: str) -> None:
    provider = Provider(f"http://127.0.0.1:{port}", users, client_id, client_secret)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
            data = (
                b""
                if body is None or body == ""
                else json.dumps(body).encode()
                if not isinstance(body, str)
                else body.encode()
            )
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if data:
                self.send_header(
                    "Content-Type", "application/json" if not isinstance(body, str) else "text/plain"
                )
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._send(200, provider.discovery())
            elif url.path == "/jwks":
                self._send(200, provider.jwks())
            elif url.path == "/authorize":
                status, headers, text = provider.authorize(query)
                self._send(status, text, headers)
            else:
                self._send(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            if self.path == "/token":
                form = {k: v[0] for k, v in parse_qs(raw).items()}
                status, body = provider.token(form, self.headers.get("Authorization", ""))
                self._send(status, body)
            elif self.path == "/control":
                command = json.loads(raw or "{}")
                if command.get("rotate"):
                    provider.rotate()
                with provider.lock:
                    provider.next_token = command.get("next_token", {})
                self._send(200, {"kids": [k.kid for k in provider.keys]})
            else:
                self._send(404, {"error": "not_found"})

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    port, users_file, client_id, client_secret = sys.argv[1:5]
    with open(users_file) as f:
        serve(int(port), json.load(f), client_id, client_secret)
