"""Load test: locust's mix (benchmarks/load/locustfile.py) against `karmayogi serve --workers N` on
PostgreSQL.

    python benchmarks/load.py --scale small --users 50 --seconds 60                            # steady
    python benchmarks/load.py --scale large --users 200 --seconds 120 --fault restart-postgres
    python benchmarks/load.py --scale large --users 200 --seconds 120 --fault kill-worker

A scratch database (or, with --database, a kept one) is seeded and served on loopback. Locust starts
--spawn-rate users a second, each signing in, then runs them all for --seconds; the locustfile logs
every request, and the figures (per endpoint, for the reads, and for everything) are those of the
time all users ran, with the ramp's beside them. A fault run then restarts PostgreSQL (pg_ctlcluster)
or SIGKILLs one server worker a third of the way in; a probe reading /healthz every 0.1 s times the
error window, and every statement the LRS acknowledged is looked for afterwards.
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
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import httpx2 as httpx
import numpy as np
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from databases import analyze, scratch_database
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


def _seeded(url: str, scale: str) -> float:
    """Seconds spent seeding `url` at `scale` (a kept database seeded by an earlier run is not seeded
    again) and analysing it, as autovacuum would have."""
    db = Database(url)
    try:
        started = time.perf_counter()
        schema.upgrade(db.engine)
        with db.transaction() as session:
            if not session.scalar(select(func.count()).select_from(Course)):
                seed(session, scale, 7)
    finally:
        db.dispose()
    analyze(url)
    return round(time.perf_counter() - started, 1)


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
            # A record store answers for its own organisation's officials: content reports theirs.
            content_learners = session.scalars(
                select(User.email)
                .join(Grant, Grant.user_id == User.id)
                .join(Organisation, Organisation.id == User.organisation_id)
                .where(Grant.role == "learner", Organisation.path.startswith(office.path))
                .limit(500)
            ).all()
    finally:
        db.dispose()
    fixture = {
        "password": DEMO_PASSWORD,
        "learners": list(learners),
        "content_learners": list(content_learners),
        "courses": courses,
        "hr": hr,
        "api_client": api_client,
        "public_url": PUBLIC_URL,
        "acknowledged": str(folder / "acknowledged.txt"),
    }
    path = folder / "fixture.json"
    path.write_text(json.dumps(fixture))
    return path


def _serve(url: str, folder: Path, workers: int, extra: dict[str, str]) -> tuple[subprocess.Popen, str]:
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
    env.update(extra)
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


class Run(NamedTuple):
    """One locust run: every request as the locustfile logged it, and when all users were running."""

    requests: list[tuple[float, str, float, bool]]  # (at, endpoint, milliseconds, failed)
    failures: list[dict]
    spawned_at: float


def _locust(base: str, fixture: Path, folder: Path, name: str, users: int, rate: float, seconds: int) -> Run:
    """Spawn `users` at `rate` a second, then run them all for `seconds`."""
    prefix = folder / name
    log = folder / f"{name}_requests.csv"
    env = {**os.environ, "LOAD_FIXTURE": str(fixture), "LOAD_REQUEST_LOG": str(log)}
    ramp = users / rate
    command = [
        str(Path(sys.executable).parent / "locust"), "-f", str(LOCUSTFILE), "--headless",
        "-u", str(users), "-r", str(rate), "-t", f"{ramp + seconds:.0f}s", "--host", base,
        "--csv", str(prefix), "--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING",
    ]  # fmt: skip
    started = time.time()
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with log.open() as f:
        requests = [
            (float(at), endpoint, float(ms), failed == "1") for at, endpoint, ms, failed in csv.reader(f)
        ]
    with open(f"{prefix}_failures.csv") as f:
        failures = [
            {"endpoint": row["Name"], "error": row["Error"][:300], "count": int(row["Occurrences"])}
            for row in csv.DictReader(f)
        ]
    return Run(requests, failures, started + ramp)


def _figures(requests: list[tuple[float, str, float, bool]], seconds: float) -> dict:
    times = [ms for _, _, ms, _ in requests]
    return {
        "requests": len(requests),
        "errors": sum(failed for *_, failed in requests),
        "rps": round(len(requests) / seconds, 2) if seconds else 0.0,
        "p50_ms": round(float(np.percentile(times, 50)), 1) if times else None,
        "p95_ms": round(float(np.percentile(times, 95)), 1) if times else None,
        "p99_ms": round(float(np.percentile(times, 99)), 1) if times else None,
    }


def _summary(run: Run) -> dict:
    """Figures from when every user runs to the end, per endpoint, for the reads (GETs: the pages and
    API reads the targets name) and for everything; and the ramp's apart."""
    since = run.spawned_at
    kept = [r for r in run.requests if r[0] >= since]
    ramp = [r for r in run.requests if r[0] < since]
    seconds = (max(r[0] for r in kept) - since) if kept else 0.0
    endpoints = sorted({r[1] for r in kept})
    return {
        **_figures(kept, seconds),
        "reads": _figures([r for r in kept if r[1].startswith("GET ")], seconds),
        "endpoints": {e: _figures([r for r in kept if r[1] == e], seconds) for e in endpoints},
        "ramp": _figures(ramp, (since - run.requests[0][0]) if ramp else 0.0),
        "failures": run.failures,
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small", choices=["small", "medium", "large"])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=5.0,
        help="users started a second; each signs in first (Argon2id, ~0.2 s of CPU), so a faster ramp "
        "is a sign-in storm",
    )
    parser.add_argument(
        "--fault", choices=sorted(FAULTS), help="also run with a PostgreSQL restart or a worker killed"
    )
    parser.add_argument(
        "--server-env",
        type=lambda kv: tuple(kv.split("=", 1)),
        action="append",
        default=[],
        metavar="KARMAYOGI_X=VALUE",
        help="a setting for the server (repeatable), e.g. KARMAYOGI_DATABASE_POOL_SIZE=4 to tune",
    )
    parser.add_argument("--server-log", type=Path, help="keep the server's log (JSON lines) here")
    parser.add_argument(
        "--database",
        help="a PostgreSQL URL to seed once and keep, so repeated runs (and profiling) skip the seed",
    )
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
        "spawn_rate": args.spawn_rate,
        "server_env": dict(args.server_env),
    }
    database = nullcontext(args.database) if args.database else scratch_database("postgresql")
    with database as url, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result["seed_seconds"] = _seeded(url, args.scale)
        fixture = _fixture(url, folder)
        server, base = _serve(url, folder, args.workers, dict(args.server_env))
        try:
            steady = _locust(base, fixture, folder, "steady", args.users, args.spawn_rate, args.seconds)
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
                    time.sleep(args.users / args.spawn_rate + args.seconds / 3)
                    struck["at"] = FAULTS[args.fault](server)
                    struck["done"] = time.time()

                thread = threading.Thread(target=fault)
                thread.start()
                faulty = _locust(base, fixture, folder, "fault", args.users, args.spawn_rate, args.seconds)
                thread.join()
                probe.stopping.set()
                probe.join()
                failed = [at for at, ok in probe.outcomes if not ok and at >= struck["at"] - 1]
                after = [at for at, ok in probe.outcomes if ok and failed and at > failed[-1]]
                # Failed requests of the load around the fault form its window; any others are errors
                # outside it.
                near = [
                    at
                    for at, *_, bad in faulty.requests
                    if bad and struck["at"] - 2 <= at <= struck["done"] + 30
                ]
                result["fault"] = {
                    "kind": args.fault,
                    **_summary(faulty),
                    "fault_command_seconds": round(struck["done"] - struck["at"], 2),
                    "probe_error_window_seconds": round(failed[-1] - failed[0] + 0.1, 2) if failed else 0.0,
                    "recovery_seconds": round((after[0] if after else time.time()) - struck["at"], 2)
                    if failed
                    else 0.0,
                    "load_error_window_seconds": round(max(near) - min(near), 1) if near else 0.0,
                    "errors_outside_window": sum(bad for *_, bad in faulty.requests) - len(near),
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
