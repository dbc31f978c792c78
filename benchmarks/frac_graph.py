"""Build time, per-position query latency and full validation time of the FRAC graph at ESCO size.

    python benchmarks/frac_graph.py
    python benchmarks/frac_graph.py --competencies 14000 --roles 3000 --positions 3000 --seed 7

The framework is synthetic but shaped like ESCO mapped onto a civil service FRAC: 14,000
competencies, 3,000 roles with 3 activities each, 3,000 positions holding 2-4 roles, about 8
requirements per role and per activity, and a few thousand prerequisite relations without cycles.
Latencies are taken per call with time.perf_counter_ns on a warm graph. Figures are printed and
written to benchmarks/results/frac.json; keys other benchmarks have added there are kept.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from machine import machine

from karmayogi.frac.graph import FracGraph
from karmayogi.frac.model import (
    Activity,
    Competency,
    CompetencyRelation,
    CompetencyType,
    Framework,
    Position,
    RelationKind,
    Requirement,
    Role,
)
from karmayogi.frac.validation import validate

RESULTS = Path(__file__).parent / "results" / "frac.json"
REQUIREMENTS_PER_HOLDER = 8
ACTIVITIES_PER_ROLE = 3


def synthetic_framework(
    competencies: int, roles: int, positions: int, prerequisites: int, seed: int
) -> Framework:
    """A valid ESCO-sized framework; prerequisites only point forward in one random order, so no cycles."""
    rng = random.Random(seed)

    def uid() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    kinds = list(CompetencyType)
    organisations = [uid() for _ in range(50)]
    dictionary = [
        Competency(
            id=uid(),
            name=f"Competency {i:05d}",
            type=kinds[i % len(kinds)],
            level_descriptors=((1, "Applies it to routine work."), (3, "Guides others.")),
            source=f"http://data.europa.eu/esco/skill/{i:05d}",
        )
        for i in range(competencies)
    ]
    order = dictionary[:]
    rng.shuffle(order)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < prerequisites:
        a, b = sorted(rng.sample(range(competencies), 2))
        pairs.add((a, b))
    relations = [
        CompetencyRelation(order[a].id, order[b].id, RelationKind.PREREQUISITE) for a, b in sorted(pairs)
    ]

    role_list = [
        Role(uid(), f"Role {i:04d}", organisation_id=rng.choice(organisations)) for i in range(roles)
    ]
    activities = [
        Activity(uid(), role.id, f"Activity {j} of {role.name}")
        for role in role_list
        for j in range(ACTIVITIES_PER_ROLE)
    ]

    def needs(**holder: uuid.UUID) -> list[Requirement]:
        return [
            Requirement(c.id, rng.randint(1, 5), round(rng.uniform(0.1, 1.0), 2), **holder)
            for c in rng.sample(dictionary, REQUIREMENTS_PER_HOLDER)
        ]

    requirements = [r for role in role_list for r in needs(role_id=role.id)]
    requirements += [r for activity in activities for r in needs(activity_id=activity.id)]
    position_list = [
        Position(
            uid(),
            f"Position {i:04d}",
            rng.choice(organisations),
            role_ids=tuple(r.id for r in rng.sample(role_list, rng.randint(2, 4))),
        )
        for i in range(positions)
    ]
    return Framework(
        name="synthetic ESCO-sized FRAC",
        competencies=tuple(dictionary),
        relations=tuple(relations),
        roles=tuple(role_list),
        activities=tuple(activities),
        positions=tuple(position_list),
        requirements=tuple(requirements),
    )


def latencies_us(call: Callable[[uuid.UUID], object], ids: list[uuid.UUID]) -> dict[str, float | int]:
    samples = []
    for node_id in ids:
        started = time.perf_counter_ns()
        call(node_id)
        samples.append(time.perf_counter_ns() - started)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {
        "calls": len(samples),
        "p50_us": round(cuts[49] / 1000, 1),
        "p95_us": round(cuts[94] / 1000, 1),
        "p99_us": round(cuts[98] / 1000, 1),
        "max_us": round(max(samples) / 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--competencies", type=int, default=14_000)
    parser.add_argument("--roles", type=int, default=3_000)
    parser.add_argument("--positions", type=int, default=3_000)
    parser.add_argument("--prerequisites", type=int, default=4_000)
    parser.add_argument("--calls", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    framework = synthetic_framework(
        args.competencies, args.roles, args.positions, args.prerequisites, args.seed
    )
    generate_s = time.perf_counter() - started
    size = {
        "competencies": len(framework.competencies),
        "prerequisite_relations": len(framework.relations),
        "roles": len(framework.roles),
        "activities": len(framework.activities),
        "positions": len(framework.positions),
        "requirements": len(framework.requirements),
    }
    print(f"framework: {json.dumps(size)} (generated in {generate_s:.1f} s)", flush=True)

    started = time.perf_counter()
    graph = FracGraph(framework)
    build_s = time.perf_counter() - started
    print(f"graph build: {build_s * 1000:.0f} ms", flush=True)

    rng = random.Random(args.seed)
    positions = [p.id for p in framework.positions]
    sample = rng.sample(positions, min(args.calls, len(positions)))
    # Each sampled position is asked once uncomputed (the first request for it), then again.
    first = latencies_us(graph.resolved_requirements, sample)
    repeat = latencies_us(graph.resolved_requirements, sample)
    print(f"resolved_requirements, first call per position: {json.dumps(first)}", flush=True)
    print(f"resolved_requirements, repeated call: {json.dumps(repeat)}", flush=True)

    started = time.perf_counter()
    graph.similar_positions(sample[0])
    similarity_index_s = time.perf_counter() - started
    similar = latencies_us(graph.similar_positions, sample[1:])
    print(f"similar_positions: index {similarity_index_s * 1000:.0f} ms, {json.dumps(similar)}", flush=True)

    competencies = rng.sample(
        [c.id for c in framework.competencies], min(args.calls, len(framework.competencies))
    )
    closure = latencies_us(graph.prerequisite_closure, competencies)
    print(f"prerequisite_closure: {json.dumps(closure)}", flush=True)

    started = time.perf_counter()
    problems = validate(framework)
    validate_s = time.perf_counter() - started
    print(f"validate: {validate_s * 1000:.0f} ms, {len(problems)} problems", flush=True)

    record = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    record.update(
        {
            "benchmark": "FRAC graph and validation",
            "command": "python benchmarks/frac_graph.py "
            + " ".join(f"--{k} {v}" for k, v in vars(args).items()),
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "framework_size": size,
            "graph_build_ms": round(build_s * 1000, 1),
            "resolved_requirements_first_call": first,
            "resolved_requirements_repeat_call": repeat,
            "similar_positions_index_ms": round(similarity_index_s * 1000, 1),
            "similar_positions": similar,
            "prerequisite_closure": closure,
            "validate_ms": round(validate_s * 1000, 1),
            "validate_problems": len(problems),
            "graph_benchmark_peak_rss_mib": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
            ),
        }
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
