"""Load test: locust's mix (benchmarks/load/locustfile.py) against `karmayogi serve --workers N` on
PostgreSQL.

    python benchmarks/load.py --scale small --users 50 --seconds 60                            # steady
    python benchmarks/load.py --scale large --users 200 --seconds 120 --fault restart-postgres
    python benchmarks/load.py --scale large --users 200 --seconds 120 --fault kill-worker

A scratch database is seeded and served on loopback; locust runs headless for a bounded time. A fault
run then restarts PostgreSQL (pg_ctlcluster) or SIGKILLs one server worker a third of the way in; a
probe reading /healthz every 0.1 s times the error window, and every statement the LRS acknowledged
is looked for afterwards.
Figures are printed and written to benchmarks/results/load.json.
"""

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx2 as httpx
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from databases import scratch_database
from machine import machine

from karmayogi.lms import schema
from karmayogi.lms.api_clients import create_api_client
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import DEMO_PASSWORD, seed
from karmayogi.lms.orm import Course, Grant, Organisation, Position, User, XapiStatement

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results" / "load.json"
LOCUSTFILE = Path(__file__).parent / "load" / "locustfile.py"
PUBLIC_URL = "http://127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fixture(url: str, folder: Path) -> Path:
    db = Database(url)
    try:
        with db.transaction() as session:
            learners = session.scalars(
                select(User.email)
                .join(Grant, Grant.user_id == User.id)
                .where(Grant.role == "learner")
                .limit(500)
            ).all()
            courses = [
                str(c)
                for c in session.scalars(select(Course.id).where(Course.status == "published").limit(300))
            ]
            hr = []
            rows = session.execute(
                select(User.email, Organisation.path)
                .join(Grant, Grant.user_id == User.id)
                .join(Organisation, Organisation.id == Grant.organisation_id)
                .where(Grant.role == "hr_cell")
            ).all()
            for email, path in rows:
                positions = session.scalars(
                    select(Position.id)
                    .join(Organisation, Organisation.id == Position.organisation_id)
                    .where(Organisation.path.startswith(path))
                    .limit(20)
                ).all()
                if positions:
                    hr.append({"email": email, "positions": [str(p) for p in positions]})
            office = session.scalars(select(Organisation).order_by(Organisation.path).limit(1)).one()
            client, secret = create_api_client(session, office.id, "load test content", None)
            api_client = [client.key, secret]
    finally:
        db.dispose()
    fixture = {
        "password": DEMO_PASSWORD,
        "learners": list(learners),
        "courses": courses,
        "hr": hr,
        "api_client": api_client,
        "public_url": PUBLIC_URL,
        "acknowledged": str(folder / "acknowledged.txt"),
    }
    path = folder / "fixture.json"
    path.write_text(json.dumps(fixture))
    return path


def _serve(url: str, folder: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KARMAYOGI_", "PROMETHEUS_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        KARMAYOGI_DATABASE_URL=url,
        KARMAYOGI_DATA_DIR=str(folder),
        KARMAYOGI_SECRET_KEY="load-" + "l" * 40,
        KARMAYOGI_PUBLIC_URL=PUBLIC_URL,
        KARMAYOGI_LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "karmayogi.api.cli", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(folder / "server.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz/ready", timeout=5).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not become ready within 600 s")


def _locust(base: str, fixture: Path, folder: Path, name: str, users: int, seconds: int) -> dict:
    prefix = folder / name
    env = {**os.environ, "LOAD_FIXTURE": str(fixture)}
    command = [
        str(Path(sys.executable).parent / "locust"), "-f", str(LOCUSTFILE), "--headless",
        "-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{seconds}s", "--host", base,
        "--csv", str(prefix), "--csv-full-history", "--only-summary", "--stop-timeout", "5",
        "--loglevel", "WARNING",
    ]  # fmt: skip
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoints = {}
    with open(f"{prefix}_stats.csv") as f:
        for row in csv.DictReader(f):
            endpoints[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 2),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
            }
    failures = []
    with open(f"{prefix}_failures.csv") as f:
        for row in csv.DictReader(f):
            failures.append(
                {"endpoint": row["Name"], "error": row["Error"][:300], "count": int(row["Occurrences"])}
            )
    history = []
    with open(f"{prefix}_stats_history.csv") as f:
        for row in csv.DictReader(f):
            if row["Name"] == "Aggregated":
                history.append((int(row["Timestamp"]), int(row["Total Failure Count"])))
    return {"endpoints": endpoints, "failures": failures, "history": history}


class Probe(threading.Thread):
    """Reads /healthz every 0.1 s, noting when answers fail and when they come back."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.stopping, self.outcomes = base, threading.Event(), []

    def run(self) -> None:
        with httpx.Client(timeout=2) as client:
            while not self.stopping.is_set():
                at = time.time()
                try:
                    ok = client.get(self.base + "/healthz").status_code == 200
                except httpx.HTTPError:
                    ok = False
                self.outcomes.append((at, ok))
                time.sleep(0.1)


def _acknowledged_lost(url: str, fixture: Path) -> dict[str, int]:
    path = Path(json.loads(fixture.read_text())["acknowledged"])
    ids = [uuid.UUID(line) for line in path.read_text().split()] if path.exists() else []
    db = Database(url)
    try:
        with db.transaction() as session:
            found = 0
            for start in range(0, len(ids), 1000):
                chunk = ids[start : start + 1000]
                found += session.scalar(select(func.count()).where(XapiStatement.id.in_(chunk))) or 0
    finally:
        db.dispose()
    return {"acknowledged": len(ids), "stored": found, "lost": len(ids) - found}


def _restart_postgres(_server: subprocess.Popen) -> float:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.time()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
    )
    return started


def _kill_worker(server: subprocess.Popen) -> float:
    """SIGKILL one of the server's worker processes, as the kernel's OOM killer would; uvicorn's
    supervisor is expected to start another, and the other worker to go on answering meanwhile."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    workers = [
        int(pid)
        for pid in children
        if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
        and b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
    if not workers:
        raise SystemExit(f"the server (pid {server.pid}) has no worker process to kill")
    started = time.time()
    os.kill(workers[0], signal.SIGKILL)
    return started


FAULTS = {"restart-postgres": _restart_postgres, "kill-worker": _kill_worker}


def _summary(run: dict) -> dict:
    endpoints = run["endpoints"]
    total = endpoints.get("Aggregated", {})
    return {
        "requests": total.get("requests", 0),
        "errors": total.get("errors", 0),
        "rps": total.get("rps", 0),
        "p50_ms": total.get("p50_ms"),
        "p95_ms": total.get("p95_ms"),
        "p99_ms": total.get("p99_ms"),
        "endpoints": {k: v for k, v in endpoints.items() if k != "Aggregated"},
        "failures": run["failures"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small", choices=["small", "medium", "large"])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--fault", choices=sorted(FAULTS), help="also run with a PostgreSQL restart or a worker killed"
    )
    parser.add_argument("--server-log", type=Path, help="keep the server's log (JSON lines) here")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 300 or not 1 <= args.users <= 500:
        raise SystemExit("--seconds must be 1 to 300 and --users 1 to 500: the runs are bounded")
    result: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "backend": "postgresql",
        "scale": args.scale,
        "workers": args.workers,
        "users": args.users,
        "seconds": args.seconds,
    }
    with scratch_database("postgresql") as url, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = Database(url)
        started = time.perf_counter()
        schema.upgrade(db.engine)
        with db.transaction() as session:
            seed(session, args.scale, 7)
        db.dispose()
        result["seed_seconds"] = round(time.perf_counter() - started, 1)
        fixture = _fixture(url, folder)
        server, base = _serve(url, folder, args.workers)
        try:
            steady = _locust(base, fixture, folder, "steady", args.users, args.seconds)
            result["steady"] = _summary(steady)
            metrics = httpx.get(base + "/metrics", timeout=10).text
            served = sum(
                float(line.rsplit(" ", 1)[1])
                for line in metrics.splitlines()
                if line.startswith("karmayogi_http_request_duration_seconds_count{")
            )
            result["steady"]["metrics_requests_counted"] = served
            if args.fault:
                probe = Probe(base)
                probe.start()
                struck: dict = {}

                def fault() -> None:
                    time.sleep(args.seconds / 3)
                    struck["at"] = FAULTS[args.fault](server)
                    struck["done"] = time.time()

                thread = threading.Thread(target=fault)
                thread.start()
                faulty = _locust(base, fixture, folder, "fault", args.users, args.seconds)
                thread.join()
                probe.stopping.set()
                probe.join()
                failed = [at for at, ok in probe.outcomes if not ok and at >= struck["at"] - 1]
                after = [at for at, ok in probe.outcomes if ok and failed and at > failed[-1]]
                # Errors per second of the load, from locust's history: those around the restart form
                # the window; any others are errors outside it.
                deltas = [
                    (t, total - before)
                    for (t, total), (_, before) in zip(faulty["history"][1:], faulty["history"], strict=False)
                ]
                failing = [t for t, n in deltas if n > 0]
                near = [t for t in failing if struck["at"] - 2 <= t <= struck["done"] + 30]
                outside = sum(n for t, n in deltas if n > 0 and t not in near)
                result["fault"] = {
                    "kind": args.fault,
                    **_summary(faulty),
                    "fault_command_seconds": round(struck["done"] - struck["at"], 2),
                    "probe_error_window_seconds": round(failed[-1] - failed[0] + 0.1, 2) if failed else 0.0,
                    "recovery_seconds": round((after[0] if after else time.time()) - struck["at"], 2)
                    if failed
                    else 0.0,
                    "load_error_window_seconds": (near[-1] - near[0] + 1) if near else 0,
                    "errors_outside_window": outside,
                }
            result["writes"] = _acknowledged_lost(url, fixture)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        if args.server_log:
            args.server_log.write_text((folder / "server.log").read_text())
        _write(result, f"{args.scale}-u{args.users}-w{args.workers}{f'-{args.fault}' if args.fault else ''}")


def _write(result: dict, key: str) -> None:
    """Printed and kept before the scratch database goes, so that a failed clean-up loses no figures."""
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    runs = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    runs[key] = result
    RESULTS.write_text(json.dumps(runs, indent=2) + "\n")


if __name__ == "__main__":
    main()
