"""The deployment recipe under deploy/, run for real: nginx with TLS in front of `karmayogi serve`.

The units' commands are checked against the CLI; the nginx site is started (Debian's nginx, installed by
`make setup`) with a certificate made here, in front of a real uvicorn server process.
"""

from __future__ import annotations

import configparser
import datetime as dt
import hashlib
import ipaddress
import json
import os
import re
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select
from typer.testing import CliRunner

from karmayogi.api.cli import app as cli
from karmayogi.lms import schema
from karmayogi.lms.api_clients import create_api_client
from karmayogi.lms.authentication import hash_password
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import seed
from karmayogi.lms.orm import Enrolment, Organisation, User

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PASSWORD = "deploy test password 1"
MIB = 1024 * 1024


def _exec_commands() -> list[tuple[str, list[str]]]:
    found = []
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read(unit)
        command = parser["Service"]["ExecStart"]
        inner = re.search(r"karmayogi/.venv/bin/karmayogi ([^\"']+)", command)
        assert inner, f"{unit.name} does not run the karmayogi command"
        found.append((unit.name, shlex.split(inner.group(1).replace('"', ""))))
    return found


def test_every_unit_runs_a_command_the_cli_has_with_options_it_takes():
    commands = _exec_commands()
    assert {name for name, _ in commands} >= {
        "karmayogi.service",
        "karmayogi-projector.service",
        "karmayogi-recommend.service",
        "karmayogi-backup.service",
    }
    runner = CliRunner()
    for name, arguments in commands:
        # Options are parsed before the eager --help answers: an unknown option or command fails here.
        result = runner.invoke(cli, [a for a in arguments if not a.startswith("/var/backups")] + ["--help"])
        assert result.exit_code == 0, f"{name}: {' '.join(arguments)}: {result.output}"
    timers = {p.stem for p in (DEPLOY / "systemd").glob("*.timer")}
    assert timers <= {p.stem for p in (DEPLOY / "systemd").glob("*.service")}


def test_the_proxy_body_limit_is_the_apps():
    site = (DEPLOY / "nginx" / "karmayogi.conf").read_text()
    sizes = [int(m) * MIB for m in re.findall(r"client_max_body_size (\d+)m;", site)]
    defaults = [Settings.model_fields[name].default for name in ("max_import_bytes", "max_package_bytes")]
    assert sizes == defaults


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "tls.crt", folder / "tls.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def _site(values: dict[str, str]) -> str:
    text = (DEPLOY / "nginx" / "karmayogi.conf").read_text()
    return re.sub(r"\$\{([A-Z_]+)\}", lambda m: values[m.group(1)], text)


def _wait(url: str, seconds: float, **kwargs) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url, timeout=2, **kwargs).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, f"{url} did not answer within {seconds} s"
        time.sleep(0.3)


@dataclass
class Site:
    public_url: str
    direct_url: str
    ca: Path
    log: Path
    api_client: tuple[str, str]
    learner_email: str
    enrolment_id: uuid.UUID

    def client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.public_url, verify=ssl.create_default_context(cafile=self.ca), timeout=60
        )

    def log_lines(self) -> list[dict]:
        lines = []
        for line in self.log.read_text().splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
        return lines


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: run `make setup` (it installs Debian's nginx)")
    folder = tmp_path_factory.mktemp("deploy")
    url = f"sqlite:///{folder / 'karmayogi.sqlite3'}"
    database = Database(url)
    schema.upgrade(database.engine)
    with database.transaction() as session:
        seed(session, "small", 7)
        office = session.scalars(select(Organisation).order_by(Organisation.path.desc()).limit(1)).one()
        key, secret = create_api_client(session, office.id, "deploy test LRS", None)
        enrolment = session.scalars(select(Enrolment).where(Enrolment.status == "completed").limit(1)).one()
        learner = session.get(User, enrolment.user_id)
        assert learner is not None
        learner.password_hash = hash_password(PASSWORD)
        api_client = (key.key, secret)
        email, enrolment_id = learner.email, enrolment.id
    database.dispose()

    app_port, tls_port = _free_port(), _free_port()
    public_url = f"https://localhost:{tls_port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KARMAYOGI_")}
    env.update(
        PYTHONPATH=str(DEPLOY.parent),
        KARMAYOGI_DATABASE_URL=url,
        KARMAYOGI_DATA_DIR=str(folder),
        KARMAYOGI_SECRET_KEY="deploy-" + "s" * 40,
        KARMAYOGI_PUBLIC_URL=public_url,
        KARMAYOGI_WARM_START="false",
        KARMAYOGI_FORWARDED_ALLOW_IPS="127.0.0.1",
        # Statements with attachments as large as the proxy lets through: the largest limit at the edge.
        KARMAYOGI_MAX_STATEMENTS_BYTES=str(Settings.model_fields["max_import_bytes"].default),
    )
    log = folder / "server.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "karmayogi.api.cli", "serve", "--port", str(app_port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    cert, key_file = _certificate(folder)
    (folder / "site.conf").write_text(
        _site(
            {
                "LISTEN": f"127.0.0.1:{tls_port}",
                "SERVER_NAME": "localhost",
                "TLS_CERTIFICATE": str(cert),
                "TLS_CERTIFICATE_KEY": str(key_file),
                "UPSTREAM": f"127.0.0.1:{app_port}",
            }
        )
    )
    temp = "\n".join(
        f"  {name}_temp_path {folder / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must write the temp paths made here
    (folder / "nginx.conf").write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'nginx-error.log'} warn;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n  access_log off;\n{temp}\n  include {folder / 'site.conf'};\n}}\n"
    )
    check = subprocess.run(
        [NGINX, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")], capture_output=True
    )
    assert check.returncode == 0, check.stderr.decode()
    proxy = subprocess.Popen(
        [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{app_port}/healthz", 180)
        _wait(f"{public_url}/healthz", 30, verify=ssl.create_default_context(cafile=cert))
        yield Site(public_url, f"http://127.0.0.1:{app_port}", cert, log, api_client, email, enrolment_id)
    finally:
        for process in (proxy, server):
            process.terminate()
        for process in (proxy, server):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


XAPI = {"X-Experience-API-Version": "1.0.3"}


def _statement(n: int) -> dict:
    return {
        "actor": {"mbox": f"mailto:learner{n}@example.com", "objectType": "Agent"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "experienced"}},
        "object": {"id": f"http://example.com/activities/deploy/{n}", "objectType": "Activity"},
    }


@pytest.mark.slow
def test_the_app_sees_the_forwarded_scheme_host_and_client(site: Site):
    with site.client() as c:
        # A redirect the app builds from the request names the public scheme and host, not the upstream.
        r = c.get("/api/v1/me/", headers={"X-Forwarded-For": "203.0.113.9"}, follow_redirects=False)
        assert r.status_code == 307
        assert r.headers["location"] == f"{site.public_url}/api/v1/me"
        request_id = r.headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's $request_id, passed through
        r = c.get("/metrics")  # allowed from loopback only, as the monitoring host
        assert r.status_code == 200 and "karmayogi_http_request_duration_seconds" in r.text
    time.sleep(0.3)
    logged = next(
        line
        for line in site.log_lines()
        if line.get("request_id") == request_id and line["event"] == "request"
    )
    assert logged["client"] == "203.0.113.9" and logged["path"] == "/api/v1/me/"
    direct = httpx.get(f"{site.direct_url}/api/v1/me/", follow_redirects=False)
    assert direct.headers["location"].startswith(site.direct_url)  # no proxy: the upstream's own


@pytest.mark.slow
def test_credentials_and_xapi_more_links_use_the_public_url(site: Site):
    with site.client() as c:
        r = c.post("/api/v1/auth/token", data={"username": site.learner_email, "password": PASSWORD})
        assert r.status_code == 200, r.text
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        r = c.post("/api/v1/credentials", json={"enrolment_id": str(site.enrolment_id)}, headers=headers)
        assert r.status_code in (200, 201), r.text
        body = r.json()
        host = f"localhost%3A{site.public_url.rsplit(':', 1)[1]}"
        assert body["credential"]["issuer"]["id"] == f"did:web:{host}"
        assert body["verification_page"].startswith(site.public_url + "/")
        assert c.get(body["verification_page"].removeprefix(site.public_url)).status_code == 200
        r = c.post("/credentials/verify", json={"verifiableCredential": body["credential"]})
        assert r.status_code == 200 and r.json()["errors"] == []

        for n in range(3):
            r = c.post("/xapi/statements", json=_statement(n), auth=site.api_client, headers=XAPI)
            assert r.status_code == 200, r.text
        r = c.get("/xapi/statements", params={"limit": 1}, auth=site.api_client, headers=XAPI)
        more = r.json()["more"]
        assert more.startswith("/xapi/statements?")  # relative: it resolves against the public URL
        r = c.get(site.public_url + more, auth=site.api_client, headers=XAPI)
        assert r.status_code == 200 and len(r.json()["statements"]) == 1


def _with_attachment(size: int) -> tuple[bytes, str]:
    content = os.urandom(size)
    sha2 = hashlib.sha256(content).hexdigest()
    statement = {
        **_statement(99),
        "attachments": [
            {
                "usageType": "http://example.com/attachment-usage/recording",
                "display": {"en-US": "recording"},
                "contentType": "application/octet-stream",
                "length": size,
                "sha2": sha2,
            }
        ],
    }
    boundary = uuid.uuid4().hex
    body = (
        (
            f"--{boundary}\r\nContent-Type: application/json\r\n\r\n{json.dumps(statement)}\r\n"
            f"--{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {sha2}\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f'multipart/mixed; boundary="{boundary}"'


@pytest.mark.slow
def test_large_uploads_pass_up_to_the_limit_and_are_refused_beyond_it(site: Site):
    limit = Settings.model_fields["max_import_bytes"].default
    with site.client() as c:
        body, media = _with_attachment(limit - MIB)
        r = c.post(
            "/xapi/statements", content=body, auth=site.api_client, headers={**XAPI, "Content-Type": media}
        )
        assert r.status_code == 200, r.text[:500]
        body, media = _with_attachment(limit + MIB)
        r = c.post(
            "/xapi/statements", content=body, auth=site.api_client, headers={**XAPI, "Content-Type": media}
        )
        assert r.status_code == 413  # nginx's refusal
    # Sent around the proxy, the app refuses it by itself.
    r = httpx.post(
        f"{site.direct_url}/xapi/statements",
        content=body,
        auth=site.api_client,
        headers={**XAPI, "Content-Type": media},
        timeout=60,
    )
    assert r.status_code == 413
