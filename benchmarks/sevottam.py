"""Sevottam: grievances lodged per second through the portal's HTTP form, the escalation job over many open
grievances (and its idempotent second run), grievance-to-competency linking throughput, and precision@3 on
the demo's hand-labelled sample.

Lodging goes through the real app over ASGI HTTP (Starlette's TestClient, one client, CSRF and the
rate limiter on, with a limit high enough not to refuse). Escalation works on grievances inserted in bulk,
all overdue, so one run raises every one of them through the three levels (three events each).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from databases import scratch_database
from fastapi.testclient import TestClient
from machine import machine
from sqlalchemy import insert

from karmayogi.api.app import create_app
from karmayogi.content import encoders
from karmayogi.content.linking import CompetencyLinker
from karmayogi.lms import schema
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.demo import sevottam as demo_sevottam
from karmayogi.lms.orm import Grievance, Organisation
from karmayogi.lms.sevottam import escalation, linking

RESULTS = Path(__file__).parent / "results" / "sevottam.json"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _organisation(db: Database) -> uuid.UUID:
    org_id = uuid.uuid4()
    with db.transaction() as session:
        session.add(
            Organisation(
                id=org_id, kind="organisation", name="Bench Office", code="BENCH", path=f"/{org_id}/"
            )
        )
    return org_id


def lodging(url: str, count: int) -> dict[str, object]:
    db = Database(url)
    schema.upgrade(db.engine)
    org_id = _organisation(db)
    settings = Settings(database_url=url, secret_key="b" * 40, grievances_per_hour=10**9)
    app = create_app(settings, db)
    with TestClient(app) as client:
        token = CSRF.search(client.get("/grievances/new").text).group(1)  # type: ignore[union-attr]
        started = time.perf_counter()
        for n in range(count):
            r = client.post(
                "/grievances",
                data={
                    "csrf_token": token,
                    "ground": "charter",
                    "organisation_id": str(org_id),
                    "service_id": "",
                    "subject": f"Delay {n}",
                    "text": "The certificate was not issued in the promised time.",
                    "citizen_name": "Bench",
                    "email": f"c{n}@example.org",
                    "mobile": "",
                },
                follow_redirects=False,
            )
            assert r.status_code == 303, r.text
        seconds = time.perf_counter() - started
    db.dispose()
    return {"grievances": count, "seconds": round(seconds, 2), "per_second": round(count / seconds, 1)}


def escalating(url: str, count: int) -> dict[str, object]:
    db = Database(url)
    schema.upgrade(db.engine)
    org_id = _organisation(db)
    lodged = datetime(2026, 1, 5, tzinfo=UTC)
    started = time.perf_counter()
    with db.transaction() as session:
        for start in range(0, count, 10_000):
            session.execute(
                insert(Grievance),
                [
                    {
                        "id": uuid.uuid4(),
                        "registration_number": f"BENCH/{n:09d}",
                        "token_hash": uuid.uuid4().hex * 2,
                        "ground": "charter",
                        "subject": "Delay",
                        "text": "Late",
                        "citizen_name": "B",
                        "email": "b@example.org",
                        "confirm_code_hash": "",
                        "lodged_at": lodged,
                        "organisation_id": org_id,
                        "due_on": date(2026, 2, 16),
                        "status": "open",
                        "escalation_level": 0,
                    }
                    for n in range(start, min(count, start + 10_000))
                ],
            )
    inserted = time.perf_counter() - started
    runs = []
    for _ in range(2):
        started = time.perf_counter()
        with db.transaction() as session:
            run = escalation.escalate(session, date(2026, 12, 1))
        runs.append({"seconds": round(time.perf_counter() - started, 2), "raised": run.raised})
    db.dispose()
    return {
        "open_grievances": count,
        "insert_seconds": round(inserted, 1),
        "first_run": runs[0],
        "second_run": runs[1],
    }


def linking_figures(texts: int) -> dict[str, object]:
    dictionary, needs = demo_sevottam.sample_dictionary()
    encoder = encoders.minilm()
    linker = CompetencyLinker(dictionary, encoder)
    sample = demo_sevottam.evaluate_sample(linker, needs)
    items = json.loads(linking.SAMPLE.read_text(encoding="utf-8"))["items"]
    batch = [items[n % len(items)]["text"] + f" (case {n})" for n in range(texts)]
    started = time.perf_counter()
    linking.ranked(linker, batch, [None] * len(batch))
    seconds = time.perf_counter() - started
    return {
        "encoder": f"{encoder.name} {encoder.version}",
        "dictionary": len(dictionary),
        "texts": texts,
        "texts_per_second": round(texts / seconds, 1),
        "sample": {
            "items": sample.items,
            "precision_at_3_through_roles": round(sample.precision_at_3, 3),
            "hit_at_3_through_roles": round(sample.hit_at_3, 3),
            "precision_at_3_whole_dictionary": round(sample.precision_at_3_unrestricted, 3),
            "hit_at_3_whole_dictionary": round(sample.hit_at_3_unrestricted, 3),
            "precision_at_3_ceiling": round(
                sum(min(len(i["relevant"]), 3) for i in items) / (3 * len(items)), 3
            ),
            "labels": "30 texts written and labelled by hand by the feature's developer before any linker "
            "ran (1-2 relevant competencies each, one annotator, no adjudication); with so few relevant "
            "competencies per text precision@3 cannot exceed the ceiling given here.",
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lodge", type=int, default=500)
    parser.add_argument("--open", type=int, default=200_000, help="open grievances for the escalation run")
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--parts", default="lodging,escalation,linking", help="which figures to measure again"
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    # Figures not measured this time are kept from the last run, each beside the machine it ran on.
    result: dict[str, object] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    stamp = {"machine": machine(), "backend": args.backend}
    if "lodging" in parts:
        with scratch_database(args.backend) as url:
            result["lodging_http"] = stamp | lodging(url, args.lodge)
        print(json.dumps(result["lodging_http"]), flush=True)
    if "escalation" in parts:
        with scratch_database(args.backend) as url:
            result["escalation"] = stamp | escalating(url, args.open)
        print(json.dumps(result["escalation"]), flush=True)
    if "linking" in parts:
        result["linking"] = stamp | linking_figures(args.texts)
        print(json.dumps(result["linking"]), flush=True)
    result.pop("machine", None), result.pop("backend", None)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
