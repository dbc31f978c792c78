"""Computerised adaptive level test for one competency, and the proficiency level its estimate maps to.

Items follow the 3PL model (2PL when c = 0). Ability is the posterior mean (EAP) on a grid under a
normal prior: unlike maximum likelihood it exists after all-right or all-wrong answers, which is how
every test starts. Exposure is controlled twice over, so the best items are not shown to every
officer and leaked: items already given to more than `max_exposure` of earlier tests are passed over
(the restricted maximum-information method; the caller keeps the rates), and the next item is drawn
at random from the few most informative left (randomesque). Each step's randomness comes from the
attempt's seed and the step number only, so a service needs to keep nothing but the seed and the
answers to resume or replay a test.

catsim offers the same selection but only likelihood-maximising estimators, and brings plotting and
machine-learning libraries with it; these few numpy lines are all a level test needs.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from karmayogi.frac.model import DEFAULT_SCALE
from karmayogi.lms.errors import InvalidInput

from .items import Question

Floats = npt.NDArray[np.float64]

THETA_GRID: Floats = np.linspace(-4.0, 4.0, 161)


@dataclass(frozen=True, eq=False)
class CalibratedBank:
    """The calibrated questions of one competency as parameter arrays, indexed like `question_ids`."""

    question_ids: tuple[str, ...]
    a: Floats
    b: Floats
    c: Floats

    @classmethod
    def from_questions(cls, questions: Sequence[Question]) -> CalibratedBank:
        for i, question in enumerate(questions):
            if question.irt is None:
                raise InvalidInput(f"questions[{i}].irt", f"question {question.id} is not calibrated")
            if not question.is_auto_scored:
                raise InvalidInput(f"questions[{i}]", f"question {question.id} needs a reviewer, not a CAT")
        params = [q.irt for q in questions if q.irt is not None]
        return cls(
            tuple(q.id for q in questions),
            np.array([p.a for p in params], dtype=float),
            np.array([p.b for p in params], dtype=float),
            np.array([p.c for p in params], dtype=float),
        )

    def __len__(self) -> int:
        return len(self.question_ids)


@dataclass(frozen=True)
class AdaptiveState:
    """Indexes into the bank of the questions given so far, in order, and whether each was answered right."""

    administered: tuple[int, ...] = ()
    responses: tuple[bool, ...] = ()

    def answered(self, index: int, correct: bool) -> AdaptiveState:
        return AdaptiveState((*self.administered, index), (*self.responses, correct))


@dataclass(frozen=True)
class AdaptiveRules:
    """Stop at `max_length` items, or earlier once the standard error is at most `target_se`; choose
    among the `candidates` most informative items not given to more than `max_exposure` of tests."""

    max_length: int = 20
    target_se: float | None = None
    min_length: int = 1
    candidates: int = 5
    max_exposure: float = 1.0

    def __post_init__(self) -> None:
        if not 1 <= self.min_length <= self.max_length:
            raise InvalidInput(
                "min_length", f"must lie in 1..max_length ({self.max_length}), got {self.min_length}"
            )
        if self.target_se is not None and self.target_se <= 0:
            raise InvalidInput("target_se", f"must be positive, got {self.target_se}")
        if self.candidates < 1:
            raise InvalidInput("candidates", f"must be 1 or more, got {self.candidates}")
        if not 0 < self.max_exposure <= 1:
            raise InvalidInput("max_exposure", f"must be a share in (0, 1], got {self.max_exposure}")


@dataclass(frozen=True)
class AbilityEstimate:
    theta: float
    se: float


@dataclass(frozen=True)
class LevelBands:
    """Ability cut points between consecutive proficiency levels, on the bank's theta scale.

    The default cuts are one theta apart around the calibration population's mean; a competency's own
    cuts come from standard setting (experts placing borderline officers) once its bank is calibrated.
    """

    cuts: tuple[float, ...] = (-1.5, -0.5, 0.5, 1.5)

    def __post_init__(self) -> None:
        if len(self.cuts) != DEFAULT_SCALE.top - 1:
            raise InvalidInput(
                "cuts", f"needs {DEFAULT_SCALE.top - 1} cut points for {DEFAULT_SCALE.top} levels"
            )
        if any(lo >= hi for lo, hi in itertools.pairwise(self.cuts)):
            raise InvalidInput("cuts", "must increase strictly")

    def level_of(self, theta: float) -> int:
        return 1 + sum(theta >= cut for cut in self.cuts)


@dataclass(frozen=True)
class LevelEstimate:
    """The most probable level, its probability, and the probability of every level from 1 up."""

    level: int
    confidence: float
    probabilities: tuple[float, ...]


def probability(theta: float | Floats, a: Floats, b: Floats, c: Floats) -> Floats:
    """Chance of a right answer under the 3PL model."""
    return c + (1.0 - c) / (1.0 + np.exp(-a * (np.asarray(theta) - b)))


def information(theta: float, a: Floats, b: Floats, c: Floats) -> Floats:
    """Fisher information of each item at `theta`."""
    p = probability(theta, a, b, c)
    return a**2 * ((p - c) / (1.0 - c)) ** 2 * (1.0 - p) / p


def estimate_ability(
    bank: CalibratedBank, state: AdaptiveState, prior_mean: float = 0.0, prior_sd: float = 1.0
) -> AbilityEstimate:
    """Posterior mean and standard deviation of ability on `THETA_GRID`."""
    log_posterior = -0.5 * ((THETA_GRID - prior_mean) / prior_sd) ** 2
    if state.administered:
        items = np.array(state.administered)
        p = probability(THETA_GRID[:, None], bank.a[items], bank.b[items], bank.c[items])
        right = np.array(state.responses, dtype=bool)
        log_posterior = log_posterior + np.where(right, np.log(p), np.log1p(-p)).sum(axis=1)
    weights = np.exp(log_posterior - log_posterior.max())
    weights /= weights.sum()
    theta = float(weights @ THETA_GRID)
    return AbilityEstimate(theta, math.sqrt(float(weights @ (THETA_GRID - theta) ** 2)))


def next_question(
    bank: CalibratedBank,
    state: AdaptiveState,
    rules: AdaptiveRules,
    seed: int,
    exposure: Floats | None = None,
) -> int | None:
    """Bank index of the next item to give, or None when the test is over.

    `exposure` is, per item, the share of earlier tests on this bank that gave it; without it only the
    randomesque draw limits exposure.
    """
    if len(state.administered) != len(state.responses):
        raise InvalidInput("responses", "needs one response per administered question")
    if exposure is not None and len(exposure) != len(bank):
        raise InvalidInput(
            "exposure", f"needs one rate per item of the bank ({len(bank)}), got {len(exposure)}"
        )
    given = len(state.administered)
    estimate = estimate_ability(bank, state)
    if given >= min(rules.max_length, len(bank)):
        return None
    if given >= rules.min_length and rules.target_se is not None and estimate.se <= rules.target_se:
        return None
    info = information(estimate.theta, bank.a, bank.b, bank.c)
    info[list(state.administered)] = -np.inf
    if exposure is not None:
        overexposed = (np.asarray(exposure) > rules.max_exposure) & np.isfinite(info)
        if overexposed.sum() < np.isfinite(info).sum():  # pass them over only while others remain
            info[overexposed] = -np.inf
    available = int(np.isfinite(info).sum())
    best = np.argsort(-info, kind="stable")[: min(rules.candidates, available)]
    rng = np.random.default_rng((seed, given))
    return int(rng.choice(best))


def proficiency_level(estimate: AbilityEstimate, bands: LevelBands | None = None) -> LevelEstimate:
    """The level whose theta band holds most of a normal posterior with the estimate's mean and SE."""
    bands = bands or LevelBands()
    edges = [-math.inf, *bands.cuts, math.inf]
    se = max(estimate.se, 1e-9)

    def below(x: float) -> float:
        return 0.5 * (1.0 + math.erf((x - estimate.theta) / (se * math.sqrt(2.0))))

    masses = tuple(below(hi) - below(lo) for lo, hi in itertools.pairwise(edges))
    best = max(range(len(masses)), key=masses.__getitem__)
    return LevelEstimate(best + 1, masses[best], masses)
