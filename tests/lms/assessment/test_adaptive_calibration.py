"""Offline 2PL calibration: parameters recovered from simulated answers, including answers with gaps."""

from __future__ import annotations

import numpy as np
import pytest

from karmayogi.lms.assessment.calibration import (
    INVALID_RESPONSE,
    Observation,
    ResponseMatrix,
    calibrate,
    response_matrix,
)
from karmayogi.lms.errors import InvalidInput

ITEMS, EXAMINEES = 16, 1200


def simulated(seed: int = 3, shown: float = 1.0) -> tuple[ResponseMatrix, np.ndarray, np.ndarray]:
    """Standard-normal examinees answering 2PL items of known parameters, each shown with chance `shown`."""
    rng = np.random.default_rng(seed)
    a, b = rng.uniform(0.7, 2.0, ITEMS), np.linspace(-1.8, 1.8, ITEMS)
    theta = rng.normal(0, 1, EXAMINEES)
    right = rng.random((ITEMS, EXAMINEES)) < 1 / (1 + np.exp(-a[:, None] * (theta[None, :] - b[:, None])))
    observations = [
        Observation(f"q{i:02d}", f"e{j:04d}", bool(right[i, j]))
        for i in range(ITEMS)
        for j in range(EXAMINEES)
        if rng.random() < shown
    ]
    return response_matrix(observations), a, b


def test_known_parameters_are_recovered() -> None:
    matrix, a, b = simulated()
    fitted = calibrate(matrix)
    assert list(fitted) == [f"q{i:02d}" for i in range(ITEMS)]
    b_hat = np.array([p.b for p in fitted.values()])
    a_hat = np.array([p.a for p in fitted.values()])
    assert np.abs(b_hat - b).mean() < 0.15
    assert np.abs(a_hat - a).mean() < 0.2
    assert all(p.c == 0 for p in fitted.values())


def test_answers_from_papers_that_showed_only_some_items_still_calibrate() -> None:
    matrix, _, b = simulated(seed=5, shown=0.6)
    assert (matrix.data == INVALID_RESPONSE).mean() == pytest.approx(0.4, abs=0.02)
    b_hat = np.array([p.b for p in calibrate(matrix).values()])
    assert np.corrcoef(b_hat, b)[0, 1] > 0.97


def test_items_without_enough_or_varied_answers_are_named_and_nothing_is_fitted() -> None:
    observations = [Observation("easy", f"e{j}", True) for j in range(150)]
    observations += [Observation("rare", f"e{j}", j % 2 == 0) for j in range(40)]
    observations += [Observation("fine", f"e{j}", j % 3 == 0) for j in range(150)]
    with pytest.raises(InvalidInput, match=r"easy \(150 answers, 150 right\), rare \(40 answers, 20 right\)"):
        calibrate(response_matrix(observations))


def test_an_examinee_answering_an_item_twice_is_refused() -> None:
    with pytest.raises(InvalidInput, match="e1 answered q1 twice"):
        response_matrix([Observation("q1", "e1", True), Observation("q1", "e1", False)])
