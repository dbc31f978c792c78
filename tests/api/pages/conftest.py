"""A real server: `karmayogi demo seed` into a scratch directory, then `karmayogi serve` on a free port,
driven by Debian's Chromium through Playwright (never `playwright install`)."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _karmayogi(*args: str) -> list[str]:
    return [sys.executable, "-c", "from karmayogi.api.cli import app; app()", *args]


@dataclass(frozen=True)
class Portal:
    base: str
    database: Path  # the SQLite file, read by tests to find who is who in the demo

    def query(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.database) as db:
            return db.execute(sql, args).fetchall()

    def hr_cell_of(self, email: str) -> str:
        """The demo HR cell whose department holds the official with this email."""
        rows = self.query(
            "SELECT hr.email FROM user_account u"
            " JOIN organisation o ON o.id = u.organisation_id"
            " JOIN role_grant g ON g.role = 'hr_cell'"
            " JOIN organisation scope ON scope.id = g.organisation_id"
            " JOIN user_account hr ON hr.id = g.user_id"
            " WHERE u.email = ? AND substr(o.path, 1, length(scope.path)) = scope.path",
            email,
        )
        return str(rows[0][0])


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    """A served, seeded small demo on SQLite."""
    data = tmp_path_factory.mktemp("portal")
    env = {**os.environ, "KARMAYOGI_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    env.pop("KARMAYOGI_DATABASE_URL", None)
    subprocess.run(_karmayogi("demo", "seed", "--scale", "small"), env=env, check=True, capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env["KARMAYOGI_PUBLIC_URL"] = base  # certificates' verification links point at this server
    log = (data / "server.log").open("wb")
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
                    raise RuntimeError((data / "server.log").read_text()) from None
                time.sleep(0.3)
        yield Portal(base, data / "karmayogi.sqlite3")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    context.set_default_timeout(120_000)  # the first recommendation loads the text encoder
    page = context.new_page()
    yield page
    context.close()
