"""Can retaking a level test buy a higher verified level? Simulated learners who retake and who guess.

    python benchmarks/assessment_simulation.py
    python benchmarks/assessment_simulation.py --per-level 400 --items 150 --years 3 --seed 11

Each simulated official sits the real adaptive test (`level_tests.RULES`, `adaptive.next_question`,
`estimate_ability`, `proficiency_level`) on a bank of 4-option questions of known 3PL parameters
(guessing floor 0.25), answering by their true ability; a retake draws from the bank less the
previous test's questions (`retakes.fresh_questions`) and starts at the earliest time the default
`retakes.RetakePolicy` allows (30-day cool-down, 3 tests per 365 days) within --years. Each test
becomes adaptive-test evidence, and the verified level is what `profiles.rules.derive` rules from the
log. True abilities are drawn evenly across the five levels (uniform within each level's band, ends
at +-3). Strategies:

- one_test: a single test, the reference measurement.
- random_retaker: sits a random number of tests (1 to the most the policy allows), whatever happens.
- persistent_farmer: retakes at every chance until the verified level is above the true level, then
  stops; the worst case of retaking at random and keeping a lucky result.
- guesser: knows nothing (true level 1) and answers every question at random, farming as above.

For each: mean(verified - true level) with its standard error, the share verified above and below the
true level, the gain over one test, and the mean by true level. The same farmers are also run under
the old rules (the newest test stands, no cap or cool-down, --old-attempts tries) to show what the
rules changed. Figures are printed and written under the key "retakes" of
benchmarks/results/assessment.json; other keys there are kept.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from machine import machine

from karmayogi.lms.assessment.adaptive import (
    AdaptiveState,
    CalibratedBank,
    LevelBands,
    estimate_ability,
    next_question,
    probability,
    proficiency_level,
)
from karmayogi.lms.assessment.level_tests import RULES
from karmayogi.lms.assessment.retakes import EarlierTest, RetakePolicy, fresh_questions, next_start
from karmayogi.lms.profiles.evidence import Evidence, EvidenceSource
from karmayogi.lms.profiles.rules import RULES_VERSION, TESTS_CONSIDERED, derive

RESULTS = Path(__file__).parent / "results" / "assessment.json"
START = datetime(2027, 1, 1, tzinfo=UTC)
OPTIONS = 4
COMPETENCY = uuid.UUID(int=1)
OFFICER = uuid.UUID(int=2)


def bank_of(items: int, rng: np.random.Generator) -> CalibratedBank:
    return CalibratedBank(
        tuple(f"q{i:03d}" for i in range(items)),
        np.clip(rng.lognormal(0.1, 0.3, items), 0.5, 2.5),
        rng.uniform(-3.0, 3.0, items),
        np.full(items, 1 / OPTIONS),
    )


def sub_bank(bank: CalibratedBank, keep: list[str]) -> CalibratedBank:
    index = [bank.question_ids.index(q) for q in keep]
    return CalibratedBank(tuple(keep), bank.a[index], bank.b[index], bank.c[index])


def sit(
    bank: CalibratedBank, theta: float | None, avoid: list[str], seed: int, rng: np.random.Generator
) -> tuple[int, float, list[str]]:
    """One level test: its level, confidence and the questions shown. THETA None answers at random."""
    test_bank = sub_bank(bank, fresh_questions(bank.question_ids, avoid))
    state = AdaptiveState()
    while (index := next_question(test_bank, state, RULES, seed)) is not None:
        if theta is None:
            right = rng.random() < 1 / OPTIONS
        else:
            chance = probability(theta, test_bank.a[index], test_bank.b[index], test_bank.c[index])
            right = rng.random() < float(chance)
        state = state.answered(index, bool(right))
    level = proficiency_level(estimate_ability(test_bank, state))
    return level.level, level.confidence, [test_bank.question_ids[i] for i in state.administered]


def verified_now(tests: list[tuple[int, float]]) -> int:
    """The verified level `rules.derive` gives for these tests as adaptive-test evidence, in order."""
    log = [
        Evidence(
            uuid.UUID(int=n + 10),
            OFFICER,
            n + 1,
            COMPETENCY,
            level,
            EvidenceSource.ADAPTIVE_TEST,
            f"level_test:{n}",
            None,
            START,
            confidence,
        )
        for n, (level, confidence) in enumerate(tests)
    ]
    (line,) = derive(log)
    return line.level


def newest(tests: list[tuple[int, float]]) -> int:
    return tests[-1][0]


def attempt_times(policy: RetakePolicy, years: int) -> list[datetime]:
    """The start of every test an official retaking at each first chance fits into YEARS."""
    end, times = START + timedelta(days=365 * years), [START]
    while True:
        earlier = [EarlierTest(t, t + timedelta(hours=1)) for t in times]
        following = next_start(policy, earlier)
        if following is None or following >= end:
            return times
        times.append(following)


@dataclass
class Outcome:
    true_level: int
    verified: int
    tests: int
    repeated: int  # questions shown again in the very next test


Rule = Callable[[list[tuple[int, float]]], int]
Stop = Callable[[int, int, int], bool]  # (verified, true level, tests so far) -> stop now


def career(
    bank: CalibratedBank,
    theta: float | None,
    true_level: int,
    attempts: int,
    rule: Rule,
    stop: Stop,
    seed: int,
    rng: np.random.Generator,
) -> Outcome:
    tests: list[tuple[int, float]] = []
    shown: list[str] = []
    repeated = 0
    for n in range(attempts):
        level, confidence, now_shown = sit(bank, theta, shown, seed * 1_000 + n, rng)
        repeated += len(set(shown) & set(now_shown))
        shown = now_shown
        tests.append((level, confidence))
        if stop(rule(tests), true_level, len(tests)):
            break
    return Outcome(true_level, rule(tests), len(tests), repeated)


def summary(outcomes: list[Outcome], reference: float | None = None) -> dict[str, float]:
    gaps = np.array([o.verified - o.true_level for o in outcomes])
    figures = {
        "officials": len(outcomes),
        "mean_verified_minus_true": round(float(gaps.mean()), 3),
        "standard_error": round(float(gaps.std(ddof=1) / np.sqrt(len(gaps))), 3),
        "share_above_true": round(float(np.mean(gaps > 0)), 3),
        "share_below_true": round(float(np.mean(gaps < 0)), 3),
        "mean_tests": round(float(np.mean([o.tests for o in outcomes])), 2),
    }
    if reference is not None:
        figures["gain_over_one_test"] = round(float(gaps.mean()) - reference, 3)
    return figures


def by_true_level(outcomes: list[Outcome]) -> dict[str, float]:
    return {
        str(level): round(
            float(np.mean([o.verified - o.true_level for o in outcomes if o.true_level == level])), 3
        )
        for level in sorted({o.true_level for o in outcomes})
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-level", type=int, default=300, help="simulated officials per true level")
    parser.add_argument("--items", type=int, default=150)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--old-attempts", type=int, default=10)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    started = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    bank, bands, policy = bank_of(args.items, rng), LevelBands(), RetakePolicy()
    edges = [-3.0, *bands.cuts, 3.0]
    thetas = [float(t) for lo, hi in itertools.pairwise(edges) for t in rng.uniform(lo, hi, args.per_level)]
    levels = [bands.level_of(t) for t in thetas]
    allowed = len(attempt_times(policy, args.years))
    persist: Stop = lambda verified, true_level, _: verified > true_level  # noqa: E731
    never: Stop = lambda *_: False  # noqa: E731
    counts = rng.integers(1, allowed + 1, len(thetas))

    def population(rule: Rule, stop: Stop, attempts: Callable[[int], int]) -> list[Outcome]:
        return [
            career(bank, t, lv, attempts(n), rule, stop, n, rng)
            for n, (t, lv) in enumerate(zip(thetas, levels, strict=True))
        ]

    def guessers(rule: Rule, attempts: int) -> list[Outcome]:
        return [career(bank, None, 1, attempts, rule, persist, n, rng) for n in range(args.per_level)]

    one = population(verified_now, never, lambda _: 1)
    reference = float(np.mean([o.verified - o.true_level for o in one]))
    runs = {
        "one_test": one,
        "random_retaker": population(verified_now, never, lambda n: int(counts[n])),
        "persistent_farmer": population(verified_now, persist, lambda _: allowed),
        "guesser": guessers(verified_now, allowed),
    }
    old_one = population(newest, never, lambda _: 1)
    old_reference = float(np.mean([o.verified - o.true_level for o in old_one]))
    old = {
        "one_test": old_one,
        "persistent_farmer": population(newest, persist, lambda _: args.old_attempts),
        "guesser": guessers(newest, args.old_attempts),
    }
    record = {
        "benchmark": "verified level after retaking adaptive level tests, against the true level",
        "command": (
            f"python benchmarks/assessment_simulation.py --per-level {args.per_level} --items {args.items} "
            f"--years {args.years} --old-attempts {args.old_attempts} --seed {args.seed}"
        ),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "rules_version": RULES_VERSION,
        "rule": f"lower median of the levels of the last {TESTS_CONSIDERED} level tests (the lower of two)",
        "policy": {
            "cooldown_days": policy.cooldown.days,
            "attempts_per_period": policy.attempts_per_period,
            "period_days": policy.period.days,
            "years": args.years,
            "most_tests_allowed": allowed,
            "questions_repeated_in_the_next_test": sum(o.repeated for o in itertools.chain(*runs.values())),
        },
        "bank": f"{args.items} four-option 3PL questions, c = 0.25, b uniform in [-3, 3]",
        "test": {
            "max_length": RULES.max_length,
            "target_se": RULES.target_se,
            "min_length": RULES.min_length,
            "candidates": RULES.candidates,
        },
        "strategies": {
            name: summary(outcomes, None if name == "one_test" else reference)
            for name, outcomes in runs.items()
        },
        "mean_verified_minus_true_by_true_level": {
            name: by_true_level(outcomes) for name, outcomes in runs.items() if name != "guesser"
        },
        "old_rules_newest_test_no_cap": {
            name: summary(outcomes, None if name == "one_test" else old_reference)
            for name, outcomes in old.items()
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(f"policy: {json.dumps(record['policy'])}")
    for name, figures in record["strategies"].items():
        print(f"{name}: {json.dumps(figures)}", flush=True)
    for name, figures in record["mean_verified_minus_true_by_true_level"].items():
        print(f"{name}, mean verified - true by true level: {json.dumps(figures)}", flush=True)
    for name, figures in record["old_rules_newest_test_no_cap"].items():
        print(f"old rules, {name}: {json.dumps(figures)}", flush=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["retakes"] = record
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
