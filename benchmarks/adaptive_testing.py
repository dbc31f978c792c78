"""Adaptive-test level accuracy at 10, 15 and 20 items, against a bank calibrated from simulated answers.

    python benchmarks/adaptive_testing.py
    python benchmarks/adaptive_testing.py --items 300 --examinees 2000 --target-se 0.3 --seed 7

A 300-question bank of known 2PL parameters is treated as a real bank would be: its parameters are
first estimated (girth MML, `calibration.calibrate`) from a pretest in which each of 3,000
standard-normal officers answered 100 random questions. Officers of known ability, drawn evenly
across the five proficiency levels (uniform within each level's theta band, ends at +-3), then take
the adaptive test, in random order, on the calibrated parameters while answering by the true ones;
each test passes over items already given to more than --max-exposure of the tests before it. At 10,
15 and 20 items: exact-level and within-one-level accuracy, mean |theta error|, mean SE and mean level
confidence; and for the variant that stops once SE <= --target-se (at most --max-length items), its
lengths and accuracy; and the highest share of tests any one item appeared in. The same test run on
the true parameters shows what calibration error costs.
Figures are printed and written under the key "adaptive" of benchmarks/results/assessment.json; keys
other benchmarks wrote there are kept.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from machine import machine

from karmayogi.lms.assessment.adaptive import (
    AbilityEstimate,
    AdaptiveRules,
    AdaptiveState,
    CalibratedBank,
    LevelBands,
    estimate_ability,
    next_question,
    probability,
    proficiency_level,
)
from karmayogi.lms.assessment.calibration import Observation, calibrate, response_matrix

RESULTS = Path(__file__).parent / "results" / "assessment.json"
CHECKPOINTS = (10, 15, 20)


@dataclass
class Run:
    """Per examinee, in order: (theta, SE) at each checkpoint reached and at the end, and the length."""

    checkpoints: dict[int, list[AbilityEstimate]]
    finals: list[AbilityEstimate]
    lengths: list[int]
    exposures: np.ndarray
    step_us: list[float]


def true_bank(items: int, rng: np.random.Generator) -> CalibratedBank:
    return CalibratedBank(
        tuple(f"q{i:03d}" for i in range(items)),
        np.clip(rng.lognormal(0.1, 0.3, items), 0.5, 2.5),
        rng.uniform(-3.0, 3.0, items),
        np.zeros(items),
    )


def calibrated_bank(
    truth: CalibratedBank, pretest_examinees: int, pretest_length: int, rng: np.random.Generator
) -> tuple[CalibratedBank, float]:
    """The bank as calibration sees it from a sparse pretest, and the seconds calibration took."""
    observations = []
    for j, theta in enumerate(rng.normal(0.0, 1.0, pretest_examinees)):
        shown = rng.choice(len(truth), pretest_length, replace=False)
        right = rng.random(pretest_length) < probability(
            theta, truth.a[shown], truth.b[shown], truth.c[shown]
        )
        observations += [
            Observation(truth.question_ids[i], f"e{j}", bool(r)) for i, r in zip(shown, right, strict=True)
        ]
    started = time.perf_counter()
    fitted = calibrate(response_matrix(observations))
    seconds = time.perf_counter() - started
    params = [fitted[q] for q in truth.question_ids]
    bank = CalibratedBank(
        truth.question_ids,
        np.array([p.a for p in params]),
        np.array([p.b for p in params]),
        np.array([p.c for p in params]),
    )
    return bank, seconds


def examinees(count: int, bands: LevelBands, rng: np.random.Generator) -> np.ndarray:
    edges = [-3.0, *bands.cuts, 3.0]
    per_level = count // (len(edges) - 1)
    thetas = np.concatenate([rng.uniform(lo, hi, per_level) for lo, hi in itertools.pairwise(edges)])
    return rng.permutation(thetas)


def run(
    bank: CalibratedBank, truth: CalibratedBank, thetas: np.ndarray, rules: AdaptiveRules, seed: int
) -> Run:
    """Every examinee takes the test on `bank`'s parameters, answering by `truth`'s."""
    result = Run({k: [] for k in CHECKPOINTS}, [], [], np.zeros(len(bank)), [])
    answers = np.random.default_rng(seed + 1)
    for n, theta in enumerate(thetas):
        state = AdaptiveState()
        exposure = result.exposures / max(n, 1)
        while True:
            started = time.perf_counter_ns()
            index = next_question(bank, state, rules, seed * 1_000_003 + n, exposure)
            result.step_us.append((time.perf_counter_ns() - started) / 1000)
            if index is None:
                break
            right = answers.random() < probability(theta, truth.a[index], truth.b[index], truth.c[index])
            state = state.answered(index, bool(right))
            if len(state.administered) in result.checkpoints:
                result.checkpoints[len(state.administered)].append(estimate_ability(bank, state))
        result.finals.append(estimate_ability(bank, state))
        result.lengths.append(len(state.administered))
        result.exposures[list(state.administered)] += 1
    return result


def accuracy(thetas: np.ndarray, estimates: list[AbilityEstimate], bands: LevelBands) -> dict[str, float]:
    levels = [proficiency_level(e, bands) for e in estimates]
    chosen = np.array([level.level for level in levels])
    true_levels = np.array([bands.level_of(t) for t in thetas])
    return {
        "level_exact": round(float(np.mean(chosen == true_levels)), 3),
        "level_within_one": round(float(np.mean(np.abs(chosen - true_levels) <= 1)), 3),
        "mean_abs_theta_error": round(
            float(np.mean(np.abs(np.array([e.theta for e in estimates]) - thetas))), 3
        ),
        "mean_se": round(statistics.fmean(e.se for e in estimates), 3),
        "mean_level_confidence": round(statistics.fmean(level.confidence for level in levels), 3),
    }


def by_length(result: Run, thetas: np.ndarray, bands: LevelBands) -> dict[str, dict[str, float]]:
    return {f"{k}_items": accuracy(thetas, result.checkpoints[k], bands) for k in CHECKPOINTS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--examinees", type=int, default=2000)
    parser.add_argument("--pretest-examinees", type=int, default=3000)
    parser.add_argument("--pretest-length", type=int, default=100)
    parser.add_argument("--target-se", type=float, default=0.3)
    parser.add_argument("--max-length", type=int, default=40)
    parser.add_argument("--candidates", type=int, default=5)
    parser.add_argument("--max-exposure", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    bands = LevelBands()
    truth = true_bank(args.items, rng)
    bank, calibration_s = calibrated_bank(truth, args.pretest_examinees, args.pretest_length, rng)
    recovery = {
        "pretest": f"{args.pretest_examinees} examinees x {args.pretest_length} random items each",
        "seconds": round(calibration_s, 1),
        "a_correlation": round(float(np.corrcoef(bank.a, truth.a)[0, 1]), 3),
        "b_correlation": round(float(np.corrcoef(bank.b, truth.b)[0, 1]), 4),
        "mean_abs_a_error": round(float(np.mean(np.abs(bank.a - truth.a))), 3),
        "mean_abs_b_error": round(float(np.mean(np.abs(bank.b - truth.b))), 3),
    }
    print(f"calibration: {json.dumps(recovery)}", flush=True)

    thetas = examinees(args.examinees, bands, rng)
    fixed_rules = AdaptiveRules(
        max_length=max(CHECKPOINTS), candidates=args.candidates, max_exposure=args.max_exposure
    )
    started = time.perf_counter()
    fixed = run(bank, truth, thetas, fixed_rules, args.seed)
    fixed_s = time.perf_counter() - started
    calibrated = by_length(fixed, thetas, bands)
    for name, figures in calibrated.items():
        print(f"fixed length, {name}: {json.dumps(figures)}", flush=True)
    oracle = by_length(run(truth, truth, thetas, fixed_rules, args.seed), thetas, bands)
    for name, figures in oracle.items():
        print(f"fixed length on true parameters, {name}: {json.dumps(figures)}", flush=True)

    se_rules = AdaptiveRules(
        max_length=args.max_length,
        target_se=args.target_se,
        min_length=5,
        candidates=args.candidates,
        max_exposure=args.max_exposure,
    )
    by_se = run(bank, truth, thetas, se_rules, args.seed)
    se_variant = {
        "target_se": args.target_se,
        "max_length": args.max_length,
        **accuracy(thetas, by_se.finals, bands),
        "mean_length": round(statistics.fmean(by_se.lengths), 1),
        "p90_length": int(np.percentile(by_se.lengths, 90)),
        "stopped_by_max_length": round(float(np.mean(np.array(by_se.lengths) >= args.max_length)), 3),
    }
    print(f"SE stopping: {json.dumps(se_variant)}", flush=True)

    cuts = statistics.quantiles(fixed.step_us, n=100, method="inclusive")
    record = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    record["adaptive"] = {
        "benchmark": "adaptive-test level accuracy at 10, 15 and 20 items",
        "command": "python benchmarks/adaptive_testing.py "
        + " ".join(f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items()),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "bank_items": args.items,
        "examinees": args.examinees,
        "level_cuts": list(bands.cuts),
        "selection": f"maximum information, randomesque among {args.candidates}, "
        f"items over {args.max_exposure} exposure passed over",
        "estimator": "EAP, N(0, 1) prior",
        "calibration": recovery,
        "fixed_length": calibrated,
        "fixed_length_on_true_parameters": oracle,
        "max_exposure_rate_20_items": round(float(fixed.exposures.max() / len(thetas)), 3),
        "se_stopping": se_variant,
        "next_question_p50_us": round(cuts[49], 1),
        "next_question_p95_us": round(cuts[94], 1),
        "fixed_length_run_seconds": round(fixed_s, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
