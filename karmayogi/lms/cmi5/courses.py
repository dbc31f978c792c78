"""Importing a cmi5 package as a catalogue entry: a draft that goes through the usual review.

The entry's outline is the course structure (a module per block, a lesson per AU; AUs outside any
block make one module named after the course), and the full structure, with each AU's moveOn,
masteryScore, launchMethod and launch parameters, is kept beside it in `cmi5_package`.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.catalogue.authoring import create_course
from karmayogi.lms.cmi5 import tracked
from karmayogi.lms.cmi5.package import AssignableUnit, Block, CourseStructure, read_package
from karmayogi.lms.cmi5.storage import ContentStorage
from karmayogi.lms.errors import InvalidInput, NotFound
from karmayogi.lms.orm import CourseVersion
from karmayogi.lms.orm.cmi5 import Cmi5Package
from karmayogi.lms.permissions import Principal


def outline_of(structure: CourseStructure) -> list[dict[str, Any]]:
    modules: list[dict[str, Any]] = []
    loose: list[dict[str, str]] = []

    def lessons(children: list[Block | AssignableUnit]) -> list[dict[str, str]]:
        found: list[dict[str, str]] = []
        for child in children:
            if isinstance(child, AssignableUnit):
                found.append({"title": child.title[:300]})
            else:
                found.extend(lessons(child.children))
        return found

    for child in structure.children:
        if isinstance(child, Block):
            modules.append({"title": child.title[:300], "lessons": lessons(child.children)})
        else:
            loose.append({"title": child.title[:300]})
    if loose:
        modules.insert(0, {"title": structure.title[:300], "lessons": loose})
    return modules


def import_package(
    session: Session,
    storage: ContentStorage,
    principal: Principal,
    provider_id: uuid.UUID,
    content: bytes,
    media_type: str | None = None,
    learning_hours: float = 1.0,
) -> tuple[CourseVersion, Cmi5Package]:
    """A new draft entry of `provider_id` from a package; nothing is kept if anything is wrong."""
    if not 0 < learning_hours <= 10_000:
        raise InvalidInput("learning_hours", "must be more than 0 and at most 10000")
    package = read_package(content, media_type)
    structure = package.structure
    language = (structure.language or "en").split("-")[0].lower()[:8] or "en"
    version = create_course(
        session,
        principal,
        provider_id,
        {
            "title": (structure.title or structure.id)[:300],
            "summary": structure.description[:500],
            "description": structure.description,
            "outline": outline_of(structure),
            "learning_hours": learning_hours,
            "language": language,
        },
    )
    key = storage.put(package.files) if package.files else ""
    try:
        row = Cmi5Package(
            course_id=version.course_id,
            course_iri=structure.id,
            structure=structure.to_json(),
            storage_key=key,
            size_bytes=package.size,
            imported_by=principal.id if principal.kind == "user" else None,
        )
        session.add(row)
        session.flush()
    except BaseException:
        if key:
            storage.delete(key)
        raise
    return version, row


def import_tracked(
    session: Session,
    storage: ContentStorage,
    principal: Principal,
    provider_id: uuid.UUID,
    kind: str,
    content: bytes,
    title: str,
    rule: tracked.Rule,
    learning_hours: float = 1.0,
) -> tuple[CourseVersion, Cmi5Package]:
    """A new draft entry of `provider_id` that plays a video, a document or an HTML5 site, tracked by
    the platform's player (see `tracked`)."""
    wrapped = tracked.wrap(kind, content, title, rule)
    return import_package(
        session, storage, principal, provider_id, wrapped, "application/zip", learning_hours
    )


def has_package(session: Session, course_id: uuid.UUID) -> bool:
    return session.scalar(select(Cmi5Package.id).where(Cmi5Package.course_id == course_id)) is not None


def package_of(session: Session, course_id: uuid.UUID) -> Cmi5Package:
    found = session.scalar(select(Cmi5Package).where(Cmi5Package.course_id == course_id))
    if found is None:
        raise NotFound("cmi5 package of course", course_id)
    return found
