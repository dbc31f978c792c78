"""Per-officer recommendation and learning-path latency, batch throughput, and offline evaluation.

    python benchmarks/recommender.py           # 100,000 courses, 5,000 competencies (~10 min, 2 cores)
    python benchmarks/recommender.py --quick   # 5,000 courses, 500 competencies (~1 min)

Everything is synthetic but shaped like the real thing, and built in memory:

- FRAC: competencies named after ESCO skill labels (../shared/data/skill-linking) grouped into
  themes, prerequisites within a theme in one random order (no cycles), roles needing mostly
  competencies of their own theme through themselves and their activities, positions of 1-3
  roles. Levels 1-4 needed, weights 0.2-1.0.
- Catalogue: courses on a main competency (some competencies far more served than others) and
  up to two more of its theme, levels 1-5, a few hours each. 15% are weakly tagged: their
  confirmed tags are removed, and only the simulator knows what they teach.
- Embeddings: NOT from an encoder. Encoding 100,000 generated titles would measure the encoder,
  not the recommender, and generated titles carry no meaning an encoder could use. Competency
  vectors are a theme vector plus noise; a course's vector is the weighted sum of its true
  competencies' vectors plus noise; a position's "text" vector is the weight * level sum of its
  needs plus noise; all unit length, 384 dimensions like all-MiniLM-L6-v2.
- Officers and enrolments: `karmayogi.recommender.evaluation.simulate`.

Latencies are per call with time.perf_counter_ns after `Recommender.warm()` (warm indexes).
Figures are printed and written to benchmarks/results/recommender.json.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import random
import resource
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).parent))
from machine import machine

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.index import VectorIndex
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
from karmayogi.recommender.batch import InProcessRunner, RecommendForOfficers
from karmayogi.recommender.engine import Recommender
from karmayogi.recommender.evaluation import (
    EmbeddingBaseline,
    PopularityBaseline,
    SimulatedOfficer,
    SimulationSettings,
    enrolment_counts,
    evaluate_paths,
    evaluate_ranking,
    simulate,
)
from karmayogi.recommender.gaps import NothingToRecommend
from karmayogi.recommender.profile import MandatedCourse, OfficerProfile
from karmayogi.recommender.ranking import RankingWeights

RESULTS = Path(__file__).parent / "results" / "recommender.json"
ESCO_LABELS = Path(__file__).parents[2] / "shared" / "data" / "skill-linking" / "skills_en_label.txt"
DIMENSION = 384
WEAKLY_TAGGED = 0.15
LEVEL_NAMES = {
    1: "Foundations of",
    2: "Working with",
    3: "Advanced",
    4: "Expert Seminar on",
    5: "Masterclass in",
}
SCALES = {
    "full": {
        "competencies": 5_000,
        "courses": 100_000,
        "roles": 1_500,
        "positions": 1_500,
        "officers": 20_000,
    },
    "quick": {"competencies": 500, "courses": 5_000, "roles": 150, "positions": 150, "officers": 2_000},
}


def unit(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)).astype(np.float32)


def competency_names(count: int, rng: random.Random) -> list[str]:
    labels = ESCO_LABELS.read_text().splitlines() if ESCO_LABELS.exists() else []
    labels = [label.strip() for label in labels if label.strip()]
    if len(labels) >= count:
        return [label[0].upper() + label[1:] for label in rng.sample(labels, count)]
    return [f"Competency {i:05d}" for i in range(count)]


@dataclasses.dataclass
class World:
    framework: Framework
    theme_of: dict[uuid.UUID, int]
    competency_vectors: np.ndarray  # rows in framework.competencies order
    entries: list[CatalogueEntry]
    true_tags: dict[uuid.UUID, tuple[tuple[uuid.UUID, int], ...]]
    course_vectors: np.ndarray  # rows in entries order


def build_world(competencies: int, courses: int, roles: int, positions: int, seed: int) -> World:
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)

    def uid() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    themes = max(competencies // 50, 2)
    kinds = list(CompetencyType)
    names = competency_names(competencies, rng)
    dictionary = [
        Competency(uid(), names[i], kinds[i % 3], description=f"Applies {names[i].lower()}.")
        for i in range(competencies)
    ]
    theme_of = {c.id: rng.randrange(themes) for c in dictionary}
    members: dict[int, list[Competency]] = {}
    for c in dictionary:
        members.setdefault(theme_of[c.id], []).append(c)
    relations = []
    for group in members.values():
        order = group[:]
        rng.shuffle(order)
        for i in range(1, len(order)):
            if rng.random() < 0.6:
                relations.append(
                    CompetencyRelation(order[rng.randrange(i)].id, order[i].id, RelationKind.PREREQUISITE)
                )

    def needs(theme: int, count: int, **holder: uuid.UUID) -> list[Requirement]:
        chosen = {
            (rng.choice(members[theme]) if rng.random() < 0.7 else rng.choice(dictionary)).id
            for _ in range(count)
        }
        return [
            Requirement(
                c,
                rng.choices([1, 2, 3, 4], [0.2, 0.4, 0.3, 0.1])[0],
                round(rng.uniform(0.2, 1.0), 2),
                **holder,
            )
            for c in chosen
        ]

    role_list, activities, requirements = [], [], []
    for i in range(roles):
        role = Role(uid(), f"Role {i:04d}")
        theme = rng.randrange(themes)
        role_list.append(role)
        requirements += needs(theme, 5, role_id=role.id)
        for j in range(2):
            activity = Activity(uid(), role.id, f"Activity {j} of {role.name}")
            activities.append(activity)
            requirements += needs(theme, 2, activity_id=activity.id)
    position_list = [
        Position(
            uid(),
            f"Position {i:04d}",
            None,
            role_ids=tuple(r.id for r in rng.sample(role_list, rng.randint(1, 3))),
        )
        for i in range(positions)
    ]
    framework = Framework(
        name="synthetic national FRAC",
        competencies=tuple(dictionary),
        relations=tuple(relations),
        roles=tuple(role_list),
        activities=tuple(activities),
        positions=tuple(position_list),
        requirements=tuple(requirements),
    )

    theme_vectors = unit(nrng.normal(size=(themes, DIMENSION)))
    competency_vectors = unit(
        0.6 * theme_vectors[[theme_of[c.id] for c in dictionary]]
        + 0.8 * unit(nrng.normal(size=(competencies, DIMENSION)))
    )
    number = {c.id: i for i, c in enumerate(dictionary)}
    served = nrng.lognormal(0.0, 0.7, competencies)
    main = nrng.choice(competencies, size=courses, p=served / served.sum())
    levels = nrng.choice([1, 2, 3, 4, 5], size=courses, p=[0.3, 0.3, 0.22, 0.13, 0.05])
    extra = nrng.choice([0, 1, 2], size=courses, p=[0.5, 0.3, 0.2])
    hours = np.clip(np.round(nrng.lognormal(1.3, 0.6, courses) * 2) / 2, 0.5, 40.0)
    weak = nrng.random(courses) < WEAKLY_TAGGED
    provider = uid()
    entries, true_tags = [], {}
    rows, columns, strengths = [], [], []
    for i in range(courses):
        primary = dictionary[int(main[i])]
        level = int(levels[i])
        tags = {primary.id: level}
        for _ in range(int(extra[i])):
            tags.setdefault(rng.choice(members[theme_of[primary.id]]).id, max(1, level - rng.randint(0, 1)))
        for competency_id in tags:
            rows.append(i)
            columns.append(number[competency_id])
            strengths.append(1.0 if competency_id == primary.id else 0.5)
        truth = tuple(tags.items())
        entry = CatalogueEntry(
            id=uid(),
            provider_id=provider,
            provider="Synthetic Institute",
            title=f"{LEVEL_NAMES[level]} {primary.name}",
            learning_hours=float(hours[i]),
            competencies=() if weak[i] else truth,
        )
        entries.append(entry)
        true_tags[entry.id] = truth
    taught = sp.csr_matrix((strengths, (rows, columns)), shape=(courses, competencies), dtype=np.float32)
    course_vectors = np.empty((courses, DIMENSION), dtype=np.float32)
    for start in range(0, courses, 10_000):
        part = slice(start, min(start + 10_000, courses))
        noise = unit(nrng.standard_normal((part.stop - part.start, DIMENSION), dtype=np.float32))
        course_vectors[part] = unit(taught[part] @ competency_vectors + 0.8 * noise)
    return World(framework, theme_of, competency_vectors, entries, true_tags, course_vectors)


def position_vectors(world: World, graph: FracGraph, seed: int) -> dict[uuid.UUID, np.ndarray]:
    nrng = np.random.default_rng(seed + 1)
    number = {c.id: i for i, c in enumerate(world.framework.competencies)}
    vectors = {}
    for position in world.framework.positions:
        needs = graph.resolved_requirements(position.id)
        if needs:
            total = sum(r.weight * r.level * world.competency_vectors[number[r.competency_id]] for r in needs)
            vectors[position.id] = unit(unit(total) + 0.3 * unit(nrng.normal(size=DIMENSION)))
    return vectors


def latencies_ms(samples_ns: Sequence[int]) -> dict[str, float | int]:
    cuts = statistics.quantiles(samples_ns, n=100, method="inclusive")
    return {
        "calls": len(samples_ns),
        "p50_ms": round(cuts[49] / 1e6, 2),
        "p95_ms": round(cuts[94] / 1e6, 2),
        "p99_ms": round(cuts[98] / 1e6, 2),
        "max_ms": round(max(samples_ns) / 1e6, 2),
    }


def timed(
    call: Callable[[OfficerProfile], object], officers: Sequence[OfficerProfile]
) -> tuple[list[int], int]:
    samples, nothing = [], 0
    for officer in officers:
        started = time.perf_counter_ns()
        try:
            call(officer)
        except NothingToRecommend:
            nothing += 1
        samples.append(time.perf_counter_ns() - started)
    return samples, nothing


def with_mandates(
    officers: Sequence[SimulatedOfficer], recommender: Recommender, share: float, starts_on: date, seed: int
) -> list[OfficerProfile]:
    """Give `share` of the officers one mandated course, tagged with a need of their position."""
    rng = random.Random(seed)
    profiles = []
    for officer in officers:
        profile = officer.profile
        if rng.random() < share and profile.position_id is not None:
            need = rng.choice(recommender.graph.resolved_requirements(profile.position_id))
            courses, _ = recommender.candidates.tagged(need.competency_id)
            if len(courses):
                course_id = recommender.entries[int(rng.choice(courses.tolist()))].id
                due = starts_on + timedelta(weeks=rng.randint(4, 26))
                profile = dataclasses.replace(
                    profile, mandated=(MandatedCourse(course_id, due, "ACBP 2025"),)
                )
        profiles.append(profile)
    return profiles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run, for a check")
    parser.add_argument("--calls", type=int, default=1_000)
    parser.add_argument("--paths", type=int, default=500)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--evaluate", type=int, default=5_000, help="officers in the offline evaluation")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    scale = SCALES["quick" if args.quick else "full"]
    load_at_start = round(os.getloadavg()[0], 1)

    def stage(name: str) -> Callable[[], float]:
        started = time.perf_counter()
        print(f"{name} ...", flush=True)
        return lambda: round(time.perf_counter() - started, 1)

    done = stage("world")
    world = build_world(
        scale["competencies"], scale["courses"], scale["roles"], scale["positions"], args.seed
    )
    graph = FracGraph(world.framework)
    size = {
        "competencies": len(world.framework.competencies),
        "prerequisite_relations": len(world.framework.relations),
        "roles": len(world.framework.roles),
        "positions": len(world.framework.positions),
        "requirements": len(world.framework.requirements),
        "mean_competencies_per_position": round(
            statistics.mean(len(graph.resolved_requirements(p.id)) for p in world.framework.positions), 1
        ),
        "courses": len(world.entries),
        "weakly_tagged_courses": sum(not e.competencies for e in world.entries),
        "embedding_dimension": DIMENSION,
    }
    print(f"  {json.dumps(size)} in {done()} s", flush=True)

    done = stage("simulation")
    settings = SimulationSettings(officers=scale["officers"], seed=args.seed)
    simulation = simulate(graph, world.entries, settings, world.true_tags)
    print(f"  {len(simulation.officers)} officers, {len(simulation.feedback)} feedback events in {done()} s")

    done = stage("recommender build")
    ids = [e.id for e in world.entries]
    recommender = Recommender(seed=args.seed).fit(
        graph,
        world.entries,
        feedback=simulation.feedback,
        course_index=VectorIndex(ids, world.course_vectors),
        competency_index=VectorIndex([c.id for c in world.framework.competencies], world.competency_vectors),
    )
    build_s = done()
    done = stage("warm")
    recommender.warm()
    warm_s = done()
    pairs = recommender.peers.interactions
    print(f"  build {build_s} s (ALS over {pairs} position-course pairs), warm {warm_s} s")

    sample_rng = random.Random(args.seed)
    officers = list(simulation.officers)
    sample = [o.profile for o in sample_rng.sample(officers, min(args.calls, len(officers)))]
    samples, nothing = timed(lambda o: recommender.recommend(o, 10), sample)
    recommend_latency = latencies_ms(samples) | {"nothing_to_recommend": nothing}
    print(f"recommend (k=10): {json.dumps(recommend_latency)}", flush=True)

    starts_on = date(2025, 4, 7)
    planned_officers = sample_rng.sample(officers, min(args.paths, len(officers)))
    mandated = with_mandates(planned_officers, recommender, 0.3, starts_on, args.seed)
    paths = []

    def plan(officer: OfficerProfile) -> None:
        paths.append(recommender.plan(officer, starts_on))

    samples, nothing = timed(plan, mandated)
    plan_latency = latencies_ms(samples) | {"nothing_to_recommend": nothing, "with_a_mandated_course": 0.3}
    print(f"plan: {json.dumps(plan_latency)}", flush=True)
    by_id = {e.id: e for e in world.entries}
    path_metrics = dataclasses.asdict(evaluate_paths(paths, by_id, recommender.prerequisites))
    path_metrics["mean_courses"] = round(statistics.mean(len(p.steps) for p in paths), 1)
    path_metrics["mean_hours"] = round(statistics.mean(p.total_hours for p in paths), 1)
    print(f"paths: {json.dumps(path_metrics)}", flush=True)

    batch_officers = [o.profile for o in officers[: args.batch]]
    job = RecommendForOfficers(recommender, k=10)
    throughput = {}
    for workers in (1, 2):
        started = time.perf_counter()
        InProcessRunner(workers=workers, partition_size=100).run(job, batch_officers)
        elapsed = time.perf_counter() - started
        throughput[f"workers_{workers}"] = round(len(batch_officers) / elapsed, 1)
    print(f"batch officers/s: {json.dumps(throughput)}", flush=True)

    done = stage("offline evaluation")
    evaluated = sample_rng.sample(officers, min(args.evaluate, len(officers)))
    counts = enrolment_counts(simulation.feedback)
    population = len(officers)

    def ranker(weights: RankingWeights) -> Callable[[OfficerProfile, int], list[uuid.UUID]]:
        def recommend(profile: OfficerProfile, k: int) -> list[uuid.UUID]:
            with contextlib.suppress(NothingToRecommend):
                return [item.course_id for item in recommender.recommend(profile, k, weights).items]
            return []

        return recommend

    rankers = {
        "full_ranker": ranker(recommender.weights),
        "full_ranker_without_peer_popularity": ranker(
            dataclasses.replace(recommender.weights, peer_popularity=0.0)
        ),
        "popularity_baseline": PopularityBaseline().fit(simulation.feedback).recommend,
        "embedding_baseline": EmbeddingBaseline()
        .fit(VectorIndex(ids, world.course_vectors), position_vectors(world, graph, args.seed))
        .recommend,
    }
    evaluation = {}
    for name, recommend in rankers.items():
        metrics = evaluate_ranking(recommend, evaluated, len(world.entries), counts, population, k=10)
        evaluation[name] = {
            key: round(value, 4) if isinstance(value, float) else value
            for key, value in dataclasses.asdict(metrics).items()
        }
        print(f"  {name}: {json.dumps(evaluation[name])}", flush=True)
    full = evaluation["full_ranker"]
    beats = {
        baseline: {metric: full[metric] > evaluation[baseline][metric] for metric in ("hit_rate", "ndcg")}
        for baseline in ("popularity_baseline", "embedding_baseline")
    }
    print(f"  full ranker beats (HR@10, nDCG@10): {json.dumps(beats)} in {done()} s", flush=True)

    example = next(
        (
            recommender.recommend(o.profile, 3)
            for o in officers
            if _has_recommendations(recommender, o.profile)
        ),
        None,
    )
    load_at_end = round(os.getloadavg()[0], 1)
    busiest = max(load_at_start, load_at_end)
    record = {
        "benchmark": "recommender: gaps, ranking, learning paths, batch, offline evaluation",
        "command": " ".join(["python benchmarks/recommender.py", *sys.argv[1:]]),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine() | {"load_average_1_min": {"at_start": load_at_start, "at_end": load_at_end}},
        "note": (
            f"the machine was busy with other work (load average up to {busiest:.1f} on {os.cpu_count()} "
            "cores): latencies and throughput are pessimistic, and a second worker had no idle core"
            if busiest > (os.cpu_count() or 1)
            else None
        ),
        "data": {
            "size": size,
            "embeddings": (
                "synthetic, not from an encoder: competency = theme vector + noise; course = weighted sum "
                "of its true competencies' vectors + noise; position text = weight*level sum of its needs "
                "+ noise; unit length"
            ),
            "competency_names": "ESCO skill labels" if ESCO_LABELS.exists() else "generated",
            "simulation": dataclasses.asdict(settings),
            "feedback_events": len(simulation.feedback),
        },
        "peer_model": (
            "implicit ALS (CPU) over position x course enrolments, blended with FRAC-similar positions"
        ),
        "set_cover_solver": "HiGHS (highspy) MIP, 1 thread, 1 s time limit, greedy beside it",
        "build_s": build_s,
        "warm_s": warm_s,
        "recommend_warm": recommend_latency,
        "plan_learning_path": plan_latency,
        "batch_officers_per_second": throughput | {"partition_size": 100, "officers": len(batch_officers)},
        "offline_evaluation": evaluation | {"full_ranker_beats": beats},
        "learning_paths": path_metrics,
        "example": None
        if example is None
        else [
            {"title": i.title, "explanation": i.explanation, "parts": dataclasses.asdict(i.parts)}
            for i in example.items
        ],
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {RESULTS}")


def _has_recommendations(recommender: Recommender, officer: OfficerProfile) -> bool:
    try:
        return bool(recommender.recommend(officer, 3).items)
    except NothingToRecommend:
        return False


if __name__ == "__main__":
    main()
