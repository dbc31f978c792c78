"""A learner's progress in a cmi5 course, as their pages show it: each block and AU, satisfied or not,
what each AU has reached, and whether a session of it is still open (to resume)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.orm.cmi5 import Cmi5Package, Cmi5Registration, Cmi5Session


@dataclass(frozen=True)
class UnitProgress:
    """One row of the course's tree: a block (depth gives its nesting) or an AU with its index."""

    kind: str
    title: str
    depth: int
    satisfied: bool
    au_index: int | None = None
    reached: tuple[str, ...] = ()
    move_on: str = ""
    open_session: bool = False


@dataclass(frozen=True)
class CourseProgress:
    units: list[UnitProgress]
    satisfied: bool
    registration_id: uuid.UUID | None

    @property
    def percent(self) -> int:
        aus = [u for u in self.units if u.kind == "au"]
        return round(100 * sum(u.satisfied for u in aus) / len(aus)) if aus else 0


def progress(session: Session, user_id: uuid.UUID, package: Cmi5Package) -> CourseProgress:
    registration = session.scalar(
        select(Cmi5Registration).where(
            Cmi5Registration.user_id == user_id, Cmi5Registration.package_id == package.id
        )
    )
    status: dict[str, Any] = registration.au_status if registration else {}
    satisfied = set(registration.satisfied) if registration else set()
    open_aus: set[str] = set()
    if registration is not None:
        open_aus = set(
            session.scalars(
                select(Cmi5Session.au_id).where(
                    Cmi5Session.registration_id == registration.id,
                    Cmi5Session.terminated_at.is_(None),
                    Cmi5Session.abandoned_at.is_(None),
                )
            )
        )
    units: list[UnitProgress] = []
    counter = [0]

    def walk(children: list[dict[str, Any]], depth: int) -> None:
        for child in children:
            if child["type"] == "au":
                reached = status.get(child["id"], {})
                units.append(
                    UnitProgress(
                        "au",
                        child["title"] or child["id"],
                        depth,
                        bool(reached.get("satisfied")),
                        counter[0],
                        tuple(k for k in ("completed", "passed", "failed", "waived") if reached.get(k)),
                        child["moveOn"],
                        child["id"] in open_aus,
                    )
                )
                counter[0] += 1
            else:
                units.append(
                    UnitProgress("block", child["title"] or child["id"], depth, child["id"] in satisfied)
                )
                walk(child["children"], depth + 1)

    walk(package.structure["children"], 0)
    return CourseProgress(units, package.course_iri in satisfied, registration.id if registration else None)
