"""ADL's xAPI LRS conformance suite, run against `karmayogi serve` over real HTTP.

Skipped unless XAPI_CONFORMANCE_SUITE names an installed copy of
github.com/adlnet/lrs-conformance-test-suite (git clone, then `npm install` in it; node 20 works).
A full run of one version takes minutes; scripts/xapi_conformance.sh holds the details.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

SUITE = os.environ.get("XAPI_CONFORMANCE_SUITE")
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "xapi_conformance.sh"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not SUITE, reason="XAPI_CONFORMANCE_SUITE is not set (an installed adlnet/lrs-conformance-test-suite)"
    ),
]


def _karmayogi() -> str:
    return shutil.which("karmayogi", path=str(Path(sys.executable).parent)) or "karmayogi"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


RUNS = [(backend, version) for backend in ("sqlite", "postgresql") for version in ("1.0.3", "2.0.0")]


@pytest.fixture(params=RUNS, ids=lambda run: f"{run[0]}-{run[1]}")
def lrs(request, tmp_path_factory):
    """(version, endpoint, key, secret) of a freshly seeded server on a free port and a fresh database.

    The server's default xAPI version is the one under test: the two suites expect different
    version headers on a request that names none.
    """
    backend, version = request.param
    data_dir = tmp_path_factory.mktemp("conformance")
    env = {**os.environ, "KARMAYOGI_DATA_DIR": str(data_dir), "COLUMNS": "120"}
    env["KARMAYOGI_XAPI_DEFAULT_VERSION"] = version
    env.pop("KARMAYOGI_DATABASE_URL", None)
    if backend == "postgresql":
        env["KARMAYOGI_DATABASE_URL"] = request.getfixturevalue("postgres_server")()
    for command in (["db", "upgrade"], ["demo", "seed", "--scale", "small"]):
        subprocess.run([_karmayogi(), *command], env=env, check=True, capture_output=True, timeout=600)
    created = subprocess.run(
        [_karmayogi(), "clients", "create", "--name", "conformance"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    credentials = json.loads(created.stdout)
    port = _free_port()
    # The server's log goes to a file: a pipe nobody reads would fill up and stall it mid-run.
    with open(data_dir / "server.log", "wb") as log:
        server = subprocess.Popen(
            [_karmayogi(), "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/healthz")
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    pytest.fail(f"the server exited: {(data_dir / 'server.log').read_text()[-2000:]}")
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start listening")
        yield version, f"{base}/xapi", credentials["key"], credentials["secret"]
    finally:
        server.terminate()
        server.wait(timeout=10)


def _failures(stdout: str, limit: int = 60) -> str:
    """The failing tests named in the suite's JSON run log (its path is in the runner's output)."""
    logs = [
        line.split(" to ", 1)[1] for line in stdout.splitlines() if line.startswith("Full run log written")
    ]
    if not logs or not Path(logs[-1]).is_file():
        return stdout[-6000:]
    found: list[str] = []

    def walk(node: dict, path: list[str]) -> None:
        here = [*path, node["title"]]
        if node["status"] == "failed" and not node["tests"]:
            found.append(" > ".join(t[:90] for t in here[1:]) + f"\n      {(node.get('error') or '')[:300]}")
        for child in node["tests"]:
            if child:
                walk(child, here)

    # A run that stopped before its first test (options refused, say) writes a log without "log".
    walk(json.loads(Path(logs[-1]).read_text()).get("log") or {"title": "", "status": "", "tests": []}, [])
    more = f"\n  ... and {len(found) - limit} more" if len(found) > limit else ""
    return f"run log: {logs[-1]}\n  " + "\n  ".join(found[:limit]) + more


def test_the_lrs_passes_adl_conformance_suite(lrs):
    version, endpoint, key, secret = lrs
    run = subprocess.run(
        ["bash", str(SCRIPT), "-e", endpoint, "-u", key, "-p", secret, "-x", version],
        capture_output=True,
        text=True,
        timeout=int(os.environ.get("XAPI_CONFORMANCE_TIMEOUT", "1800")) + 120,
    )
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""
    print(f"xAPI {version}: {summary}")
    if run.returncode != 0:
        pytest.fail(f"xAPI {version}: {summary}\n{run.stderr[-2000:]}{_failures(run.stdout)}", pytrace=False)
    counts = json.loads(summary)
    assert counts["failed"] == 0 and counts["passed"] == counts["total"] > 0, summary
