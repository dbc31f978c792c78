"""Computing the registry's metrics for a year behind the batch-runner interface, and keeping the
results with the time they were computed and the version of the inputs they were computed from.

The job carries only the database URL and the year, so it can be shipped to workers (a Spark runner
maps partitions of metric names); in-process it runs here. A run is materialised as one `kpi_run`
row and its `kpi_value` rows; readers take the latest run of the year. A department reads its own
subjects' values; the Commission reads all.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from karmayogi.lms.db import Database, utcnow
from karmayogi.lms.errors import InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.governance import priorities
from karmayogi.lms.governance.metrics import REGISTRY, REGISTRY_VERSION, Value, evaluate
from karmayogi.lms.orm import (
    CourseRating,
    Enrolment,
    EvidenceRecord,
    IssuedCredential,
    KpiRun,
    KpiValue,
    PlanEvent,
    ProfileLine,
    XapiStatement,
)
from karmayogi.lms.permissions import PLATFORM_PATH, Permission, Principal
from karmayogi.recommender.batch import BatchRunner, InProcessRunner

_INSERT_CHUNK = 10_000
_NULL = "\\N"  # COPY's null


@dataclass(frozen=True)
class MetricJob:
    """Computes a partition of metric names for the year from the database at `database_url`."""

    database_url: str
    year: int

    def __call__(self, partition: Sequence[str]) -> list[tuple[str, Value]]:
        db = Database(self.database_url)
        try:
            with db.transaction() as session:
                return evaluate(session, self.year, partition)
        finally:
            db.dispose()


def inputs_version(session: Session) -> str:
    """A digest of the inputs' extent (row counts and latest times): equal digests, equal inputs."""
    parts = [
        session.execute(
            select(func.count(), func.max(Enrolment.enrolled_at), func.max(Enrolment.completed_at))
        ).one(),
        session.execute(select(func.count(), func.sum(Enrolment.progress))).one(),
        session.execute(select(func.count(), func.max(EvidenceRecord.recorded_at))).one(),
        session.execute(select(func.count(), func.max(ProfileLine.updated_at))).one(),
        session.execute(select(func.count(), func.max(PlanEvent.at))).one(),
        session.execute(select(func.count(), func.max(CourseRating.rated_at))).one(),
        session.execute(select(func.count(), func.max(IssuedCredential.issued_at))).one(),
        session.execute(select(func.max(XapiStatement.seq))).one(),
    ]
    return hashlib.sha256(repr([tuple(str(v) for v in p) for p in parts]).encode()).hexdigest()


def compute(
    session: Session,
    year: int,
    runner: BatchRunner | None = None,
    names: Sequence[str] | None = None,
    database_url: str | None = None,
) -> KpiRun:
    """Compute the metrics (all, or `names`) for the year and keep them as a new run."""
    priorities.check_year(year)
    names = list(names or REGISTRY)
    for i, name in enumerate(names):
        if name not in REGISTRY:
            raise InvalidInput(f"metrics[{i}]", f"no metric {name!r}")
    started = time.perf_counter()
    version = inputs_version(session)
    if runner is None:
        values = evaluate(session, year, names)
        runner_name = "in-process"
    else:
        url = database_url or session.get_bind().engine.url.render_as_string(hide_password=False)
        values = runner.run(MetricJob(url, year), names)
        runner_name = type(runner).__name__
    run = KpiRun(
        id=uuid.uuid4(),
        year=year,
        computed_at=utcnow(),
        inputs_version=version,
        registry_version=REGISTRY_VERSION,
        runner=runner_name,
    )
    session.add(run)
    session.flush()
    _insert_values(session, run.id, values)
    run.seconds = round(time.perf_counter() - started, 3)
    session.flush()
    return run


def _copy_text(value: str) -> str:
    """A value as PostgreSQL's COPY text format reads it."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _insert_values(session: Session, run_id: uuid.UUID, values: list[tuple[str, Value]]) -> None:
    """On PostgreSQL, COPY in the session's transaction, written as text in blocks (hundreds of
    thousands of rows at national scale); elsewhere, inserts in chunks."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        run = run_id.hex
        statement = "COPY kpi_value (id, run_id, metric, subject_id, organisation_id, value) FROM STDIN"
        with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for start in range(0, len(values), _INSERT_CHUNK):
                copy.write(
                    "".join(
                        f"{uuid.uuid4().hex}\t{run}\t{name}\t{_copy_text(subject)}\t"
                        f"{org.hex if org else _NULL}\t{float(value)!r}\n"
                        for name, (subject, org, value) in values[start : start + _INSERT_CHUNK]
                    )
                )
        return
    rows = [
        {
            "id": uuid.uuid4(),
            "run_id": run_id,
            "metric": name,
            "subject_id": subject,
            "organisation_id": org,
            "value": float(value),
        }
        for name, (subject, org, value) in values
    ]
    for start in range(0, len(rows), _INSERT_CHUNK):
        session.execute(insert(KpiValue), rows[start : start + _INSERT_CHUNK])


def latest_run(session: Session, year: int) -> KpiRun:
    run = session.scalar(
        select(KpiRun).where(KpiRun.year == year).order_by(KpiRun.computed_at.desc()).limit(1)
    )
    if run is None:
        raise NotFound("KPI run for year", year)
    return run


def readable(principal: Principal) -> list[str]:
    paths = principal.scopes(Permission.KPIS_READ)
    if not paths:
        raise PermissionDenied("reading KPIs needs kpis:read")
    return paths


def values(
    session: Session,
    principal: Principal,
    year: int,
    metric: str | None = None,
    organisation_id: uuid.UUID | None = None,
    run: KpiRun | None = None,
    prefix: str | None = None,
) -> list[KpiValue]:
    """The latest run's values the caller may read: their departments' (and their providers'); the
    Commission, holding kpis:read over the whole service, also the shared subjects."""
    from karmayogi.lms.organisations import in_scope

    paths = readable(principal)
    if metric is not None and metric not in REGISTRY:
        raise InvalidInput("metric", f"no metric {metric!r}")
    run = run or latest_run(session, year)
    query = select(KpiValue).where(KpiValue.run_id == run.id)
    if PLATFORM_PATH not in paths:
        query = query.where(in_scope(KpiValue.organisation_id, paths))  # type: ignore[arg-type]
    if metric:
        query = query.where(KpiValue.metric == metric)
    if prefix:
        query = query.where(KpiValue.metric.startswith(prefix, autoescape=True))
    if organisation_id:
        query = query.where(KpiValue.organisation_id == organisation_id)
    return list(session.scalars(query.order_by(KpiValue.metric, KpiValue.subject_id)))


def by_metric(rows: Sequence[KpiValue]) -> dict[str, dict[str, float]]:
    found: dict[str, dict[str, float]] = {}
    for row in rows:
        found.setdefault(row.metric, {})[row.subject_id] = row.value
    return found


__all__ = ["InProcessRunner", "MetricJob", "compute", "inputs_version", "latest_run", "values"]
