"""xAPI ingest throughput through HTTP, and filtered GET latency with a large record store.

    python benchmarks/lrs_ingest.py                       # both databases, 1,000,000 stored for the GETs
    python benchmarks/lrs_ingest.py --backend sqlite --stored 100000

For each database: a fresh, migrated database and a `karmayogi serve` process on a free port.
  1. POST batches of 1, 10 and 100 realistic statements (about 1 KB each) over keep-alive
     connections, and report statements per second (PostgreSQL's statistics refreshed before each
     size).
  2. Bring the store up to --stored statements (bulk, through the LRS's own store function rather
     than HTTP, to save time) and ANALYZE, then time GETs with filters (agent, verb+activity,
     related_activities, since+limit) over HTTP, one at a time: p50 and p95.
PostgreSQL is served by --workers processes and loaded by --clients concurrent connections; SQLite
by one process (one writer at a time).
Figures are printed and written to benchmarks/results/lrs.json.
"""

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import httpx2 as httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).parent))
from databases import analyze, scratch_database
from machine import machine

from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.learning import projections
from karmayogi.lms.xapi import statements as lrs
from karmayogi.lms.xapi.emitting import Platform

RESULTS = Path(__file__).parent / "results" / "lrs.json"
POSTGRES_URL = os.environ.get(
    "KARMAYOGI_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
HEADERS = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}
VERBS = ["completed", "attempted", "passed", "failed", "experienced", "progressed", "launched", "answered"]
LEARNERS = 5_000
COURSES = 400


def statement(rng: random.Random, when: datetime) -> dict[str, object]:
    """A course-progress statement of about 1 KB, like those a SCORM/xAPI package sends."""
    learner = rng.randrange(LEARNERS)
    course = rng.randrange(COURSES)
    verb = rng.choice(VERBS)
    module = rng.randrange(8)
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "actor": {
            "objectType": "Agent",
            "name": f"Officer {learner}",
            "mbox": f"mailto:officer{learner}@gov.example",
        },
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": f"https://karmayogi.example/courses/{course}/modules/{module}",
            "definition": {
                "name": {"en-US": f"Module {module} of course {course}: public procurement on GeM"},
                "description": {
                    "en-US": "Bid evaluation, reverse auctions and contract award under GFR 2017."
                },
                "type": "http://adlnet.gov/expapi/activities/module",
            },
        },
        "result": {
            "score": {"scaled": round(rng.random(), 2), "raw": rng.randrange(100), "min": 0, "max": 100},
            "success": rng.random() > 0.3,
            "completion": verb == "completed",
            "duration": f"PT{rng.randrange(60)}M{rng.randrange(60)}S",
        },
        "context": {
            "registration": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "platform": "iGOT Karmayogi",
            "language": "en-IN",
            "contextActivities": {
                "parent": [{"id": f"https://karmayogi.example/courses/{course}"}],
                "grouping": [{"id": "https://karmayogi.example/programmes/procurement"}],
            },
        },
        "timestamp": when.isoformat().replace("+00:00", "Z"),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(url: str, data_dir: Path, workers: int) -> tuple[subprocess.Popen[bytes], str, tuple[str, str]]:
    env = {**os.environ, "KARMAYOGI_DATA_DIR": str(data_dir), "KARMAYOGI_DATABASE_URL": url}
    bin_dir = Path(sys.executable).parent
    karmayogi = str(bin_dir / "karmayogi")
    subprocess.run([karmayogi, "demo", "seed", "--scale", "small"], env=env, check=True, capture_output=True)
    created = subprocess.run(
        [karmayogi, "clients", "create", "--name", "bench"], env=env, check=True, capture_output=True
    )
    client = json.loads(created.stdout)
    port = free_port()
    log = open(data_dir / "server.log", "wb")  # noqa: SIM115  (kept open for the server's lifetime)
    server = subprocess.Popen(
        [karmayogi, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/xapi"
    for _ in range(300):
        try:
            httpx.get(f"{base}/about")
            break
        except httpx.TransportError:
            time.sleep(0.1)
    return server, base, (client["key"], client["secret"])


def ingest(
    base: str, auth: tuple[str, str], rng: random.Random, batch: int, total: int, clients: int
) -> float:
    """Statements per second, `clients` keep-alive connections each posting its share in turn."""
    when = datetime(2026, 6, 1, tzinfo=UTC)
    bodies = [
        json.dumps([statement(rng, when) for _ in range(batch)] if batch > 1 else statement(rng, when))
        for _ in range(total // batch)
    ]

    def post_all(share: list[str]) -> None:
        with httpx.Client(auth=auth, headers=HEADERS, timeout=60) as http:
            for body in share:
                http.post(f"{base}/statements", content=body).raise_for_status()

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(post_all, [bodies[i::clients] for i in range(clients)]))
    return round(total / (time.perf_counter() - started), 1)


def fill(
    url: str, organisation_and_client: tuple[uuid.UUID, uuid.UUID], target: int, rng: random.Random
) -> float:
    """Bring the store up to `target` statements through the LRS's store function, in batches of 1,000."""
    db = Database(url)
    # The outbox gets what the server's own ingest would give it.
    projectable = partial(projections.projectable, Platform(Settings.from_env().public_url))
    organisation_id, client_id = organisation_and_client
    authority = {
        "objectType": "Agent",
        "account": {"homePage": "urn:karmayogi:api-client", "name": str(client_id)},
    }
    with db.engine.connect() as conn:
        have = conn.scalar(text("SELECT count(*) FROM xapi_statement"))
    started = time.perf_counter()
    when = datetime(2025, 1, 1, tzinfo=UTC)
    while have < target:
        n = min(1000, target - have)
        batch = [statement(rng, when + timedelta(seconds=have + i)) for i in range(n)]
        with db.transaction() as session:
            lrs.store(session, organisation_id, client_id, authority, batch, "1.0.3", projectable)
        have += n
    db.dispose()
    analyze(url)
    return round(time.perf_counter() - started, 1)


def client_ids(url: str, key: str) -> tuple[uuid.UUID, uuid.UUID]:
    engine = create_engine(url)
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT organisation_id, id FROM api_client WHERE key = :k"), {"k": key}
        ).one()
    engine.dispose()
    return uuid.UUID(str(row[0])), uuid.UUID(str(row[1]))


def timed_gets(
    base: str, auth: tuple[str, str], rng: random.Random, calls: int
) -> dict[str, dict[str, float]]:
    filters = {
        "agent": lambda: {
            "agent": json.dumps({"mbox": f"mailto:officer{rng.randrange(LEARNERS)}@gov.example"})
        },
        "verb+activity": lambda: {
            "verb": f"http://adlnet.gov/expapi/verbs/{rng.choice(VERBS)}",
            "activity": f"https://karmayogi.example/courses/{rng.randrange(COURSES)}/modules/{rng.randrange(8)}",
        },
        "related_activities": lambda: {
            "activity": f"https://karmayogi.example/courses/{rng.randrange(COURSES)}",
            "related_activities": "true",
            "limit": "50",
        },
        "since+limit": lambda: {"since": "2025-01-05T00:00:00Z", "limit": "100"},
    }
    results = {}
    with httpx.Client(auth=auth, headers=HEADERS, timeout=60) as http:
        for name, params in filters.items():
            latencies = []
            for _ in range(calls):
                started = time.perf_counter()
                http.get(f"{base}/statements", params=params()).raise_for_status()
                latencies.append((time.perf_counter() - started) * 1000)
            latencies.sort()
            results[name] = {
                "p50_ms": round(statistics.median(latencies), 1),
                "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
            }
    return results


def run(url: str, stored: int, seed: int, workers: int, clients: int) -> dict[str, object]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        server, base, auth = serve(url, Path(tmp), workers)
        try:
            throughput: dict[str, object] = {"server_workers": workers, "client_connections": clients}
            for batch, total in ((1, 2_000), (10, 10_000), (100, 40_000)):
                if url.startswith("postgresql"):
                    # SQLite's server would go on planning with these early statistics: its
                    # connections read them once, and never again after the fill's ANALYZE.
                    analyze(url)
                throughput[f"batch_{batch}_statements_per_s"] = ingest(base, auth, rng, batch, total, clients)
            print(f"  ingest: {throughput}", flush=True)
            fill_seconds = fill(url, client_ids(url, auth[0]), stored, rng)
            print(f"  filled to {stored:,} statements in {fill_seconds} s", flush=True)
            gets = timed_gets(base, auth, rng, calls=200)
            print(f"  filtered GETs: {gets}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {**throughput, "stored_statements": stored, "fill_seconds": fill_seconds, "filtered_get": gets}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--stored", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2, help="server processes (SQLite always gets 1)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client connections")
    args = parser.parse_args()
    results: dict[str, object] = {}
    for backend in args.backend or ["postgresql", "sqlite"]:
        print(f"{backend}:", flush=True)
        with scratch_database(backend) as url:
            workers = args.workers if backend == "postgresql" else 1
            results[backend] = run(url, args.stored, args.seed, workers, args.clients)
        write(args, results)  # after each database, so a long run keeps what it has measured


def write(args: argparse.Namespace, results: dict[str, object]) -> None:
    record = {
        "benchmark": "xAPI ingest and filtered GET",
        "command": f"python benchmarks/lrs_ingest.py --stored {args.stored} --workers {args.workers} "
        f"--clients {args.clients}",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "targets": {"batch_100_postgresql_statements_per_s": 5000, "filtered_get_p95_ms_at_1m": 50},
        "results": results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2) + "\n")
    print(f"written to {RESULTS}", flush=True)


if __name__ == "__main__":
    main()
