"""ADL's CATAPULT LMS Test Suite against a served platform, on SQLite and on PostgreSQL.

Runs when CATAPULT_LTS names an installed copy of the suite's lts/ folder (npm ci done, and the
package library built: `cd pkg && npx webpack`); skips otherwise. Nothing of the suite is in this
repository: only the LMS script it drives (catapult/catapult_lms.js) and a puppeteer configuration
for Debian's Chromium.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from karmayogi.lms.api_clients import create_api_client
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import DEMO_DOMAIN, DEMO_PASSWORD
from karmayogi.lms.demo.vocabulary import PROVIDERS
from karmayogi.lms.orm import Provider, User

LTS = os.environ.get("CATAPULT_LTS", "")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (LTS and Path(LTS, "pkg", "dist").is_dir()), reason="CATAPULT_LTS is not set"),
]


def _karmayogi(*args: str) -> list[str]:
    return [sys.executable, "-c", "from karmayogi.api.cli import app; app()", *args]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_catapult_lms_test_suite_passes(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'karmayogi.sqlite3'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_server")()
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "KARMAYOGI_DATA_DIR": str(tmp_path),
        "KARMAYOGI_DATABASE_URL": url,
        "KARMAYOGI_PUBLIC_URL": base,
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(_karmayogi("demo", "seed", "--scale", "small"), env=env, check=True, capture_output=True)
    database = Database(url)
    with database.transaction() as session:
        learner = session.scalar(select(User).where(User.email == f"learner1@{DEMO_DOMAIN}"))
        provider = session.scalar(select(Provider.id).where(Provider.name == PROVIDERS[0].name))
        assert learner is not None and provider is not None
        client, secret = create_api_client(session, learner.organisation_id, "CATAPULT reader", None)
        key = client.key
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        _karmayogi("serve", "--port", str(port)), env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "server.log").read_text()) from None
                time.sleep(0.3)
        suite_env = {
            **env,
            "CATAPULT_LMS": str(HERE / "catapult" / "catapult_lms.js"),
            "CATAPULT_LTS": str(Path(LTS).resolve()),
            "JEST_PUPPETEER_CONFIG": str(HERE / "catapult" / "jest-puppeteer.config.js"),
            "PUPPETEER_EXECUTABLE_PATH": os.environ.get("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium"),
            "KARMAYOGI_BASE": base,
            "KARMAYOGI_PROVIDER_ID": str(uuid.UUID(str(provider))),
            "KARMAYOGI_PASSWORD": DEMO_PASSWORD,
            "KARMAYOGI_CREATOR": f"creator1@{DEMO_DOMAIN}",
            "KARMAYOGI_REVIEWER": f"reviewer1@{DEMO_DOMAIN}",
            "KARMAYOGI_LEARNER": f"learner1@{DEMO_DOMAIN}",
            "KARMAYOGI_ADMIN": f"admin@{DEMO_DOMAIN}",
            "LRS_KEY": key,
            "LRS_SECRET": secret,
        }
        run = subprocess.run(
            ["npx", "jest", "--runInBand", "--testTimeout=120000"],
            cwd=LTS,
            env=suite_env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    output = run.stdout + run.stderr
    (tmp_path / "catapult.log").write_text(output)
    summary = [line for line in output.splitlines() if re.match(r"^(Tests|Test Suites):", line)]
    print(f"CATAPULT on {backend}:", *summary, sep="\n  ")
    assert run.returncode == 0, output[-6000:]


def test_the_course_examples_of_catapult_are_accepted() -> None:
    """CATAPULT's own course_examples/ packages (beside lts/) import whole: structure and files."""
    from karmayogi.lms.cmi5.package import aus_of, read_package

    packages = sorted(Path(LTS, "..", "course_examples", "packages").glob("*.zip"))
    assert packages
    for path in packages:
        found = read_package(path.read_bytes(), "application/zip")
        assert aus_of(found.structure.to_json()["children"]) and found.files, path.name
