"""Published FRAC versions: immutable snapshots of the verified nodes, and the warm graphs read from them.

Only VERIFIED nodes are published, so mandated learning and HR decisions, which read versions,
never see a draft. A version is never updated: editing the working copy and publishing again
makes the next one.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from karmayogi.frac.formats.native import framework_from_json, framework_to_json
from karmayogi.frac.graph import FracGraph, UnknownNode
from karmayogi.frac.model import Competency, Framework, ReviewStatus
from karmayogi.frac.validation import Problem, validate
from karmayogi.lms.errors import InvalidInput, NotFound, PermissionDenied
from karmayogi.lms.frac.store import load_working
from karmayogi.lms.orm import FracVersion
from karmayogi.lms.permissions import PLATFORM_PATH, Permission, Principal

# Problems that make a framework unusable; the rest (duplicate names, retired competencies still
# required) are reported for reviewers to fix but do not stop publication or import.
BLOCKING = frozenset(
    {
        "prerequisite_cycle",
        "unknown_reference",
        "level_out_of_scale",
        "weight_out_of_range",
        "bad_scale",
        "orphan_activity",
        "name_too_long",
    }
)


class InvalidFramework(InvalidInput):
    """The framework has blocking problems; `problems` lists every one, naming its nodes."""

    def __init__(self, problems: list[Problem]) -> None:
        listed = "; ".join(f"{p.code}: {p.message}" for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__("framework", f"{len(problems)} blocking problem(s): {listed}{more}")
        self.problems = problems


def blocking(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.code in BLOCKING]


def _canonical(document: dict[str, object]) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def publish(session: Session, publisher: uuid.UUID | None, name: str) -> FracVersion:
    """Freeze the verified nodes of the working copy as the next version."""
    latest = session.scalar(select(func.max(FracVersion.number))) or 0
    framework = load_working(session, name, {ReviewStatus.VERIFIED})
    framework = Framework(**{**framework.__dict__, "version": latest + 1})
    problems = blocking(validate(framework))
    if problems:
        raise InvalidFramework(problems)
    document = framework_to_json(framework)
    version = FracVersion(
        number=latest + 1,
        name=name,
        document=document,
        digest=hashlib.sha256(_canonical(document).encode()).hexdigest(),
        published_by=publisher,
    )
    session.add(version)
    session.flush()
    return version


def check_publisher(principal: Principal) -> None:
    """Versions are national: publishing needs the permission platform-wide, not over one department."""
    if not principal.can(Permission.FRAC_PUBLISH, PLATFORM_PATH):
        raise PermissionDenied("publishing a FRAC version needs frac:publish platform-wide")


def list_versions(session: Session) -> list[Row[tuple[int, str, str, uuid.UUID | None, datetime]]]:
    """Published versions without their documents, oldest first."""
    columns = (
        FracVersion.number,
        FracVersion.name,
        FracVersion.digest,
        FracVersion.published_by,
        FracVersion.published_at,
    )
    return list(session.execute(select(*columns).order_by(FracVersion.number)))


def latest_number(session: Session) -> int:
    number = session.scalar(select(func.max(FracVersion.number)))
    if number is None:
        raise NotFound("FRAC version", "(none published yet)")
    return number


def load_version(session: Session, number: int) -> Framework:
    return _checked(session, number)[1]


def _checked(session: Session, number: int) -> tuple[str, Framework]:
    row = session.get(FracVersion, number)
    if row is None:
        raise NotFound("FRAC version", number)
    digest = hashlib.sha256(_canonical(row.document).encode()).hexdigest()
    if digest != row.digest:
        raise RuntimeError(
            f"FRAC version {number} has been altered in the database: its digest does not match"
        )
    return digest, framework_from_json(row.document)


class _GraphCache:
    """Graphs of published versions, keyed by digest: a version never changes, so a graph never goes stale."""

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self.graphs: OrderedDict[str, FracGraph] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, session: Session, number: int) -> FracGraph:
        stored = session.scalar(select(FracVersion.digest).where(FracVersion.number == number))
        if stored is None:
            raise NotFound("FRAC version", number)
        with self.lock:
            graph = self.graphs.get(stored)
            if graph is not None:
                self.graphs.move_to_end(stored)
                return graph
        digest, framework = _checked(session, number)
        graph = FracGraph(framework)
        with self.lock:
            self.graphs[digest] = graph
            while len(self.graphs) > self.size:
                self.graphs.popitem(last=False)
        return graph


graphs = _GraphCache()


def newest(session: Session) -> tuple[int, FracGraph]:
    """The newest published version and its graph: what tags, evidence and requests are checked against."""
    number = latest_number(session)
    return number, graphs.get(session, number)


def check_level(graph: FracGraph, competency_id: uuid.UUID, level: int) -> Competency:
    """The competency, once it is known to the version, not retired, and `level` is on its scale."""
    try:
        competency = graph.competency(competency_id)
    except UnknownNode:
        raise InvalidInput(
            "competency_id", f"{competency_id} is not in the published competency dictionary"
        ) from None
    if competency.retired:
        raise InvalidInput("competency_id", f"{competency.name!r} is retired")
    if level not in graph.framework.scale:
        raise InvalidInput("level", f"must be between 1 and {graph.framework.scale.top}")
    return competency
