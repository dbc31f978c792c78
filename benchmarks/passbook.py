"""Recording evidence and recomputing a competency passbook from a long log.

    python benchmarks/passbook.py                # 1,000 evidence rows for one officer, SQLite
    python benchmarks/passbook.py --backend postgresql

Seeds the small demo into a fresh database, records `--rows` pieces of evidence for one officer
across 40 competencies with the real service (hash chain, rules, passbook upkeep), then times a
full recomputation from the log and a check of the officer's chain. Written to
benchmarks/results/assessment.json under "profile".
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).parent))
from databases import scratch_database
from machine import machine

from karmayogi.lms import schema
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import seed
from karmayogi.lms.orm import Competency, User
from karmayogi.lms.profiles import store
from karmayogi.lms.profiles.evidence import EvidenceSource

RESULTS = Path(__file__).parent / "results" / "assessment.json"
SOURCES = [s for s in EvidenceSource if s is not EvidenceSource.HR_CONFIRMATION]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rows", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    with scratch_database(args.backend) as url:
        db = Database(url)
        schema.upgrade(db.engine)
        with db.transaction() as session:
            seed(session, "small", 7)
        rng = random.Random(7)
        with db.transaction() as session:
            officer = session.scalar(select(User.id).order_by(User.email))
            competencies = list(session.scalars(select(Competency.id).order_by(Competency.name).limit(40)))
        started = time.perf_counter()
        with db.transaction() as session:
            for _ in range(args.rows):
                store.record(
                    session,
                    officer,
                    rng.choice(competencies),
                    rng.randint(1, 5),
                    rng.choice(SOURCES),
                    "bench",
                    None,
                )
        record_seconds = time.perf_counter() - started
        recompute, chain = [], []
        for _ in range(args.repeats):
            with db.transaction() as session:
                t = time.perf_counter()
                store.recompute(session, officer)
                recompute.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                assert not list(store.verify_chains(session, officer))
                chain.append((time.perf_counter() - t) * 1000)
        db.dispose()
    figures = {
        "benchmark": f"passbook recomputation for one officer with {args.rows} evidence rows",
        "command": f"python benchmarks/passbook.py --backend {args.backend} --rows {args.rows}",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "backend": args.backend,
        "evidence_rows": args.rows,
        "record_per_second": round(args.rows / record_seconds, 1),
        "recompute_ms_median": round(statistics.median(recompute), 1),
        "recompute_ms_max": round(max(recompute), 1),
        "verify_chain_ms_median": round(statistics.median(chain), 1),
    }
    print(json.dumps(figures, indent=2))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault("profile", {})[args.backend] = figures
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
