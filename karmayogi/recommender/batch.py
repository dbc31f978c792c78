"""Batch jobs behind one runner interface, so the nightly refresh runs in-process today and on
Apache Spark at national scale without changing the job.

A job maps one partition of inputs to its outputs, holds everything it needs (the warm
`Recommender`), and is picklable, which is what a Spark runner needs to ship it to executors
(`mapPartitions`). `InProcessRunner` runs the partitions in this process, one after the other, or
with `workers` > 1 in forked worker processes (each inherits the job, indexes and all, from the
parent's memory instead of unpickling it); partition order is kept either way.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import uuid
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast

from karmayogi.recommender.engine import Recommender
from karmayogi.recommender.gaps import NothingToRecommend, NothingToRecommendReason
from karmayogi.recommender.profile import OfficerProfile
from karmayogi.recommender.ranking import Recommendation

In = TypeVar("In")
Out = TypeVar("Out")
In_contra = TypeVar("In_contra", contravariant=True)
Out_co = TypeVar("Out_co", covariant=True)


class BatchJob(Protocol[In_contra, Out_co]):
    def __call__(self, partition: Sequence[In_contra]) -> Sequence[Out_co]: ...


class BatchRunner(Protocol):
    def run(self, job: BatchJob[In, Out], inputs: Sequence[In]) -> list[Out]:
        """The job's outputs for all inputs, in input order."""
        ...


# The job of a forked worker process, set once when the worker starts.
_worker_job: BatchJob[Any, object] | None = None


def _start_worker(job: BatchJob[Any, object]) -> None:
    global _worker_job
    _worker_job = job


def _run_in_worker(partition: Sequence[object]) -> Sequence[object]:
    assert _worker_job is not None
    return _worker_job(partition)


class InProcessRunner:
    def __init__(self, workers: int = 1, partition_size: int = 256) -> None:
        if workers < 1 or partition_size < 1:
            raise ValueError(f"workers ({workers}) and partition_size ({partition_size}) must be at least 1")
        self.workers = workers
        self.partition_size = partition_size

    def run(self, job: BatchJob[In, Out], inputs: Sequence[In]) -> list[Out]:
        partitions = [inputs[i : i + self.partition_size] for i in range(0, len(inputs), self.partition_size)]
        if self.workers == 1 or len(partitions) < 2:
            return [output for partition in partitions for output in job(partition)]
        # Fork, so workers share the parent's warm indexes; needs a platform with fork (Linux). The
        # parent's objects are frozen first: a worker's garbage collector then never walks (and so
        # never copies) the inherited heap, which with a national catalogue is gigabytes.
        gc.freeze()
        try:
            with ProcessPoolExecutor(
                max_workers=min(self.workers, len(partitions)),
                mp_context=multiprocessing.get_context("fork"),
                initializer=functools.partial(_start_worker, job),
            ) as pool:
                outputs = pool.map(_run_in_worker, partitions)
                return [cast(Out, output) for partition in outputs for output in partition]
        finally:
            gc.unfreeze()


@dataclass(frozen=True)
class OfficerRecommendations:
    """One officer's nightly result: the list, or why there is none."""

    officer_id: uuid.UUID
    items: tuple[Recommendation, ...] = ()
    nothing: NothingToRecommendReason | None = None
    message: str = ""


@dataclass(frozen=True)
class RecommendForOfficers:
    """The nightly job: recommendations for every officer of a partition. One officer without a
    position does not stop the run; their result carries the reason instead."""

    recommender: Recommender
    k: int = 10

    def __call__(self, partition: Sequence[OfficerProfile]) -> list[OfficerRecommendations]:
        results = []
        for officer in partition:
            try:
                items = self.recommender.recommend(officer, self.k).items
            except NothingToRecommend as nothing:
                results.append(
                    OfficerRecommendations(officer.officer_id, (), nothing.reason, nothing.message)
                )
            else:
                results.append(OfficerRecommendations(officer.officer_id, items))
        return results
