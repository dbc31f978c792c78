"""Logs and metrics shared by the server, the projector and the batch jobs.

Logs are JSON lines (structlog rendering the standard library's records too, uvicorn's included), so
that a collector can index them; a processor redacts every field named like a secret and every value
shaped like a credential, whoever logged it. Security events (sign-ins, refusals, grants, decisions)
go to the `karmayogi.security` logger with an `event` name an operator can alert on.

Metrics are Prometheus instruments. The server's request and ingest counters live in its process, or
in PROMETHEUS_MULTIPROC_DIR when it runs several workers; a batch job runs in a process of its own and
leaves its last run in a text file under `DATA_DIR/metrics/`, which /metrics reads (the format of
node_exporter's textfile collector, so that exporter can read the same directory).
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import structlog
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, write_to_textfile
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families

REDACTED = "[redacted]"
# Field names whose values are never logged, and credential shapes masked inside any text.
_SECRET_NAME = re.compile(
    r"pass(word|phrase)?|secret|token|authori[sz]ation|cookie|api_?key|credential|verifier|otp|private",
    re.IGNORECASE,
)
_SECRET_TEXT = (  # what each pattern keeps is its first group
    re.compile(r"(?i)\b((?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]+"),
    re.compile(r"()eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"),  # a JWT or JWS
    re.compile(r"(?i)\b((?:password|secret|token|code|code_verifier|otp)=)[^&\s\"']+"),  # query or form
    re.compile(r"(?i)(://[^:/@\s]+:)[^@\s]+(?=@)"),  # the password in a URL
)
# Fields that carry names of things, not their values.
_SAFE_NAMES = frozenset({"event", "logger", "level", "timestamp", "token_type"})

SECURITY = "karmayogi.security"
_HANDLER_NAME = "karmayogi-json"

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
REQUEST_SECONDS = Histogram(
    "karmayogi_http_request_duration_seconds",
    "Time from the request's arrival to its response's end, by route template.",
    ["method", "route", "status"],
    buckets=BUCKETS,
)
XAPI_STATEMENTS = Counter(
    "karmayogi_xapi_statements_stored", "xAPI statements stored by the LRS (each statement of a batch)."
)
XAPI_REFUSED = Counter(
    "karmayogi_xapi_batches_refused",
    "xAPI statement requests refused as a whole, by the reason's kind.",
    ["kind"],
)


def _mask(text: str) -> str:
    for pattern in _SECRET_TEXT:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


def redact(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Drop secret-named fields and mask credential-shaped text, in whatever any logger wrote."""
    for key, value in list(event.items()):
        if key not in _SAFE_NAMES and _SECRET_NAME.search(key):
            event[key] = REDACTED
        elif isinstance(value, str):
            event[key] = _mask(value)
    return event


_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
]
structlog.configure(
    processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)


def configure_logging(level: str = "INFO", stream: IO[str] | None = None) -> None:
    """JSON lines on `stream` (stderr) for every logger of the process; calling it again replaces them."""
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            redact,
            structlog.processors.JSONRenderer(sort_keys=False),
        ],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):  # into the same JSON lines
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True


def security_event(event: str, **fields: Any) -> None:
    """Log what an auditor asks about: who signed in or failed to, who granted what, who decided."""
    structlog.get_logger(SECURITY).info(
        event, **{k: str(v) if v is not None else None for k, v in fields.items()}
    )


def metrics_dir(data_dir: Path) -> Path:
    return data_dir / "metrics"


@contextmanager
def batch_job(data_dir: Path, job: str) -> Iterator[None]:
    """Time a batch job and leave its last run in `DATA_DIR/metrics/JOB.prom` for /metrics to read."""
    started, outcome = time.monotonic(), "failure"
    try:
        yield
        outcome = "success"
    finally:
        registry = CollectorRegistry()
        labels = {"job": job}
        duration = Gauge(
            "karmayogi_batch_job_last_duration_seconds",
            "How long the job's last run took.",
            ["job"],
            registry=registry,
        )
        duration.labels(**labels).set(time.monotonic() - started)
        finished = Gauge(
            "karmayogi_batch_job_last_run_timestamp_seconds",
            "When the job's last run ended.",
            ["job"],
            registry=registry,
        )
        finished.labels(**labels).set(time.time())
        succeeded = Gauge(
            "karmayogi_batch_job_last_run_succeeded",
            "1 when the job's last run succeeded.",
            ["job"],
            registry=registry,
        )
        succeeded.labels(**labels).set(1 if outcome == "success" else 0)
        try:
            folder = metrics_dir(data_dir)
            folder.mkdir(parents=True, exist_ok=True)
            write_to_textfile(str(folder / f"{job}.prom"), registry)
        except OSError:
            logging.getLogger(__name__).warning("could not record the batch job's metrics", exc_info=True)
        structlog.get_logger("karmayogi.batch").info(
            "batch_job", job=job, outcome=outcome, seconds=round(time.monotonic() - started, 3)
        )


class BatchJobs:
    """A collector of the last run of every batch job, merged from their text files at each scrape."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = metrics_dir(data_dir)

    def collect(self) -> Iterator[Metric]:
        merged: dict[str, Metric] = {}
        for path in sorted(self.folder.glob("*.prom")) if self.folder.is_dir() else []:
            try:
                families = list(text_string_to_metric_families(path.read_text()))
            except (OSError, ValueError):  # a file being replaced, or not ours
                continue
            for family in families:
                if family.name in merged:
                    merged[family.name].samples.extend(family.samples)
                else:
                    merged[family.name] = family
        yield from merged.values()


def multiprocess() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
