"""Catalogue text understanding at scale: embedding throughput, hybrid search latency, harmonisation time.

    python benchmarks/catalogue.py --encoder static                  # 100,000 courses, all real
    python benchmarks/catalogue.py --encoder minilm --corpus shaped  # MiniLM query latency at 100,000
    python benchmarks/catalogue.py --quick                           # 5,000 courses, a smoke run

The catalogue is synthetic but written the way the demo seed writes courses: real civil-service
competencies and topics, 20 institutions, 6 languages and three delivery modes, each course
tagged with the competency it teaches. Search latency is per query, query encoding included, on
a warm index, over 300 officer-style queries with and without filters. Harmonisation runs the
whole report (pairs, clusters, institution matrix) on the first 10,000 courses. Corpus vectors are
cached under var/bench so that a second run measures only the searches.

Embedding 100,000 courses with MiniLM takes hours on a 2-core CPU, so `--corpus shaped` fills
the index with random unit vectors of the encoder's dimension instead: every query is still
encoded by the real model and costs the same arithmetic, but the ranking it returns means
nothing. It measures latency only, and the results say so. Figures are printed and written to
benchmarks/results/catalogue.json, one search entry per encoder and corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from machine import machine

from karmayogi.content import encoders
from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.content.harmonisation import institution_overlap, overlap_clusters, overlapping_pairs
from karmayogi.content.model import DeliveryMode
from karmayogi.content.search import CatalogueSearch, SearchFilters
from karmayogi.lms.demo import vocabulary as v
from karmayogi.lms.demo.seed import write_course

RESULTS = Path(__file__).parent / "results" / "catalogue.json"
CACHE = Path("var/bench")
INSTITUTIONS = 20


def specs() -> list[v.CompetencySpec]:
    domain = [c for m in v.MINISTRIES for d in m.departments for c in d.domain_competencies]
    return [*v.BEHAVIOURAL_COMPETENCIES, *v.FUNCTIONAL_COMPETENCIES, *domain]


def synthetic_catalogue(size: int, seed: int) -> list[CatalogueEntry]:
    rng = random.Random(seed)
    subjects = specs()
    names = [p.name for p in v.PROVIDERS][:INSTITUTIONS]
    names += [f"State Institute of Public Administration {i}" for i in range(INSTITUTIONS - len(names))]
    providers = [(uuid.uuid5(uuid.NAMESPACE_URL, f"provider:{n}"), n) for n in names]
    entries = []
    for i in range(size):
        spec = rng.choice(subjects)
        provider_id, provider = rng.choice(providers)
        text = write_course(rng, spec, provider)
        entries.append(
            CatalogueEntry(
                id=uuid.UUID(int=i + 1),
                provider_id=provider_id,
                provider=provider,
                title=text.title,
                summary=text.summary,
                description=text.description,
                language=rng.choices(v.LANGUAGES, weights=[70, 20, 3, 3, 2, 2])[0],
                mode=DeliveryMode(text.mode),
                learning_hours=float(text.hours),
                competencies=((uuid.uuid5(uuid.NAMESPACE_URL, f"competency:{spec.name}"), text.level),),
            )
        )
    return entries


def queries(entries: list[CatalogueEntry], count: int, seed: int) -> list[tuple[str, SearchFilters]]:
    """What officers type: a topic or a competency name, half of them with a filter."""
    rng = random.Random(seed + 1)
    subjects = specs()
    made = []
    for _ in range(count):
        spec = rng.choice(subjects)
        text = rng.choice(
            [rng.choice(spec.topics), spec.name, f"{rng.choice(spec.topics)} for section officers"]
        )
        sample = rng.choice(entries)
        filters = rng.choice(
            [
                SearchFilters(),
                SearchFilters(provider_id=sample.provider_id),
                SearchFilters(mode=sample.mode, max_hours=8),
                SearchFilters(competency_id=sample.competencies[0][0], level=1),
                SearchFilters(language="hi"),
            ]
        )
        made.append((text, filters))
    return made


def corpus_vectors(
    encoder: encoders.Encoder, entries: list[CatalogueEntry], seed: int
) -> tuple[np.ndarray, float]:
    """The corpus embeddings, from the cache when present; with the seconds spent encoding (0 if cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"catalogue-{encoder.name.replace('/', '_')}-{encoder.version}-{len(entries)}-{seed}.npy"
    if path.exists():
        return np.load(path), 0.0
    started = time.perf_counter()
    with encoders.progress_bar(f"embedding {len(entries):,} courses") as progress:
        vectors = encoder.encode([e.text for e in entries], progress)
    spent = time.perf_counter() - started
    np.save(path, vectors)
    return vectors, spent


def throughput(encoder: encoders.Encoder, entries: list[CatalogueEntry]) -> float:
    texts = [e.text for e in entries]
    encoder.encode(texts[:32])
    started = time.perf_counter()
    encoder.encode(texts)
    return round(len(texts) / (time.perf_counter() - started), 1)


def percentile(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100)[int(q) - 1], 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--courses", type=int, default=100_000)
    parser.add_argument("--harmonise", type=int, default=10_000, help="courses in the harmonisation run")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--encoder", choices=["minilm", "static"], default="static")
    parser.add_argument("--corpus", choices=["encoded", "shaped"], default="encoded")
    parser.add_argument("--quick", action="store_true", help="5,000 courses and 2,000 for harmonisation")
    args = parser.parse_args()
    if args.quick:
        args.courses, args.harmonise = 5_000, 2_000

    entries = synthetic_catalogue(args.courses, args.seed)
    minilm, static = encoders.minilm(), encoders.static_minilm()
    encoder = minilm if args.encoder == "minilm" else static
    rates = {
        "minilm_courses_per_second": throughput(minilm, entries[:500]),
        "static_courses_per_second": throughput(static, entries[:20_000]),
    }
    print(f"embedding: {rates}")

    if args.corpus == "shaped":
        rng = np.random.default_rng(args.seed)
        vectors = rng.standard_normal((len(entries), encoder.dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        encode_seconds = 0.0
    else:
        vectors, encode_seconds = corpus_vectors(encoder, entries, args.seed)
    started = time.perf_counter()
    search = CatalogueSearch(entries, vectors, encoder)
    build_seconds = time.perf_counter() - started
    asked = queries(entries, args.queries, args.seed)
    for text, filters in asked[:20]:
        search.search(text, filters)
    latencies = []
    for text, filters in asked:
        started = time.perf_counter_ns()
        search.search(text, filters, limit=20)
        latencies.append((time.perf_counter_ns() - started) / 1e6)
    search_figures = {
        "courses": len(entries),
        "encoder": encoder.name,
        "corpus": "random unit vectors: latency only" if args.corpus == "shaped" else "encoded course texts",
        "index_build_seconds": round(build_seconds, 2),
        "corpus_encode_seconds": round(encode_seconds, 1) if encode_seconds else None,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "target_p95_ms": 30,
    }
    print(f"search: {search_figures}")

    harmonisation = None
    if args.corpus == "encoded":
        subset, subset_vectors = entries[: args.harmonise], vectors[: args.harmonise]
        started = time.perf_counter()
        pairs = overlapping_pairs(subset, subset_vectors)
        clusters = overlap_clusters(subset, pairs)
        institution_overlap(subset, pairs)
        harmonisation = {
            "courses": len(subset),
            "institutions": len({e.provider_id for e in subset}),
            "encoder": encoder.name,
            "seconds": round(time.perf_counter() - started, 2),
            "pairs": len(pairs),
            "duplicates": sum(1 for p in pairs if p.kind == "exactMatchOf"),
            "clusters": len(clusters),
        }
        print(f"harmonisation: {harmonisation}")

    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.update(
        {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {**machine(), "load_average": os.getloadavg()},
            "embedding": rates,
        }
    )
    results.setdefault("search", {})[f"{args.encoder}, {args.corpus} corpus"] = {
        "command": " ".join(["python benchmarks/catalogue.py", *sys.argv[1:]]),
        **search_figures,
    }
    if harmonisation is not None:
        results["harmonisation"] = harmonisation
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
