"""Offline calibration of 2PL item parameters from officers' answers, by girth's marginal maximum likelihood.

Answers come as one observation per (question, examinee); questions an examinee never saw are left
missing, which marginal likelihood handles, so answers from papers drawn at random can be pooled.
A question with too few answers, or one everybody got right (or wrong), says nothing about its
parameters; calibration then refuses, naming each such question, rather than inventing numbers.

girth's 3PL fit (`threepl_mml`) fails under numpy 2, so guessing is not estimated here: 3PL items in
the adaptive test take their `c` from elsewhere (for instance one over the number of options).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from girth import INVALID_RESPONSE, twopl_mml  # type: ignore[import-untyped]

from karmayogi.lms.errors import InvalidInput

from .items import IrtParameters

MIN_ANSWERS = 100
# girth bounds estimates; keep discriminations the fit pushed to its edge usable by the CAT.
DISCRIMINATION_RANGE = (0.05, 4.0)


@dataclass(frozen=True)
class Observation:
    question_id: str
    examinee_id: str
    correct: bool


@dataclass(frozen=True)
class ResponseMatrix:
    """Questions by examinees: 1 right, 0 wrong, `INVALID_RESPONSE` never answered (girth's layout)."""

    question_ids: tuple[str, ...]
    examinee_ids: tuple[str, ...]
    data: npt.NDArray[np.int64]


def response_matrix(observations: Iterable[Observation]) -> ResponseMatrix:
    """The matrix of a list of observations; an examinee answering a question twice is refused."""
    cells: dict[tuple[str, str], bool] = {}
    for o in observations:
        if (o.question_id, o.examinee_id) in cells:
            raise InvalidInput("observations", f"{o.examinee_id} answered {o.question_id} twice")
        cells[o.question_id, o.examinee_id] = o.correct
    questions = tuple(sorted({q for q, _ in cells}))
    examinees = tuple(sorted({e for _, e in cells}))
    row = {q: i for i, q in enumerate(questions)}
    column = {e: j for j, e in enumerate(examinees)}
    data = np.full((len(questions), len(examinees)), INVALID_RESPONSE, dtype=np.int64)
    for (q, e), correct in cells.items():
        data[row[q], column[e]] = int(correct)
    return ResponseMatrix(questions, examinees, data)


def calibrate(matrix: ResponseMatrix, min_answers: int = MIN_ANSWERS) -> dict[str, IrtParameters]:
    """2PL parameters (c = 0) per question id, on a scale where examinees' ability is standard normal."""
    answered = matrix.data != INVALID_RESPONSE
    counts = answered.sum(axis=1)
    right = (matrix.data == 1).sum(axis=1)
    unusable = [
        f"{q} ({n} answers, {r} right)"
        for q, n, r in zip(matrix.question_ids, counts, right, strict=True)
        if n < min_answers or r in (0, n)
    ]
    if unusable:
        raise InvalidInput(
            "responses",
            f"{len(unusable)} questions need at least {min_answers} answers, some right and some wrong: "
            + ", ".join(unusable),
        )
    fit = twopl_mml(matrix.data)
    a = np.clip(fit["Discrimination"], *DISCRIMINATION_RANGE)
    b = np.atleast_1d(fit["Difficulty"])
    return {
        q: IrtParameters(float(a_i), float(b_i))
        for q, a_i, b_i in zip(matrix.question_ids, a, b, strict=True)
    }
