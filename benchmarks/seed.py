"""Seed time and database size of `karmayogi demo seed --scale SCALE`, on SQLite and PostgreSQL.

    python benchmarks/seed.py --scale large            # both databases
    python benchmarks/seed.py --scale small --backend sqlite

PostgreSQL is reached at KARMAYOGI_BENCH_POSTGRES_URL (default: the local server's `test`
database), where a scratch database is created for the run and dropped afterwards.
Figures are printed and written to benchmarks/results/seed.json.
"""

import argparse
import json
import os
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))
from databases import scratch_database
from machine import machine

from karmayogi.lms import schema
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import seed

RESULTS = Path(__file__).parent / "results" / "seed.json"
POSTGRES_URL = os.environ.get(
    "KARMAYOGI_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def run(url: str, scale: str, seed_value: int) -> dict[str, object]:
    db = Database(url)
    try:
        schema.upgrade(db.engine)
        started = time.perf_counter()
        with db.transaction() as session:
            report = seed(session, scale, seed_value)
        seconds = time.perf_counter() - started
        with db.engine.connect() as conn:
            if db.engine.dialect.name == "sqlite":
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
                size = Path(db.engine.url.database or "").stat().st_size
            else:
                size = conn.scalar(text("SELECT pg_database_size(current_database())"))
        return {
            "seconds": round(seconds, 1),
            "database_mib": round(size / 2**20, 1),
            "rows": sum(report.counts.values()),
            "counts": report.counts,
        }
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    results: dict[str, object] = {}
    for backend in args.backend or ["sqlite", "postgresql"]:
        with scratch_database(backend) as url:
            results[backend] = run(url, args.scale, args.seed)
        print(f"{backend}: {json.dumps(results[backend])}", flush=True)
    record = {
        "benchmark": "demo seed",
        "command": f"python benchmarks/seed.py --scale {args.scale} --seed {args.seed}",
        "scale": args.scale,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "results": results,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
