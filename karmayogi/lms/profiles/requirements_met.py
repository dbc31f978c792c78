"""Which of a position's requirements each official meets at level, kept in step with the passbook.

Ranking a department of 100,000 officials cannot sum everyone's passbook lines on every call. A
requirement set keeps one bit mask per official who meets any of its requirements on a verified
line, so a ranking reads the officials of its best masks from an index and stops at its limit. A set
is filled from the passbook the first time it is asked for; after that every change of a verified
level re-masks the official in the sets that need that competency, in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence

from sqlalchemy import Select, case, delete, func, insert, literal, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from karmayogi.frac.graph import ResolvedRequirement
from karmayogi.lms.orm.profiles import ProfileLine, RequirementSet, RequirementsMet

MAX_REQUIREMENTS = 62  # bits of one signed 64-bit sum; a longer list is ranked without a set

Needs = Sequence[tuple[uuid.UUID, int]]  # (competency, level) in the FRAC's order: bit i is the i-th


def masks_from_passbook(needs: Needs, user_id: uuid.UUID | None = None) -> Select[tuple[uuid.UUID, int]]:
    """(official, mask) summed over verified lines, for officials meeting any need (one, with `user_id`)."""
    mask = func.sum(
        case(
            *(
                ((ProfileLine.competency_id == c) & (ProfileLine.level >= level), 1 << i)
                for i, (c, level) in enumerate(needs)
            ),
            else_=0,
        )
    )
    query = select(ProfileLine.user_id, mask).where(
        ProfileLine.standing == "verified", ProfileLine.competency_id.in_([c for c, _ in needs])
    )
    if user_id is not None:
        query = query.where(ProfileLine.user_id == user_id)
    return query.group_by(ProfileLine.user_id).having(mask != 0)


def requirement_set(session: Session, requirements: Sequence[ResolvedRequirement]) -> uuid.UUID:
    """The id of the set for these requirements, filled from the passbook if this is its first use."""
    needs = [(r.competency_id, r.level) for r in requirements]
    stored = [[str(c), level] for c, level in needs]
    digest = hashlib.sha256(json.dumps(stored).encode()).hexdigest()
    found = session.scalar(select(RequirementSet.id).where(RequirementSet.digest == digest))
    if found is not None:
        return found
    if session.get_bind().dialect.name == "postgresql":
        # Lines written by transactions still open would be missed by the fill, and those
        # transactions cannot see this set to mask their official in it: wait for them, and hold
        # back new ones until the set is committed. SQLite has one writer at a time already.
        session.execute(text("LOCK TABLE competency_profile IN SHARE MODE"))
    try:
        with session.begin_nested():
            row = RequirementSet(digest=digest, requirements=stored)
            session.add(row)
            session.flush()
    except IntegrityError:  # another transaction made and filled it first
        return session.scalars(select(RequirementSet.id).where(RequirementSet.digest == digest)).one()
    _fill(session, row.id, needs)
    return row.id


def _fill(session: Session, set_id: uuid.UUID, needs: Needs, user_id: uuid.UUID | None = None) -> None:
    masks = masks_from_passbook(needs, user_id).subquery()
    session.execute(
        insert(RequirementsMet).from_select(
            ["requirement_set_id", "user_id", "mask"],
            select(literal(set_id, RequirementsMet.requirement_set_id.type), *masks.c),
        )
    )


def follow(session: Session, user_id: uuid.UUID, changed: set[uuid.UUID]) -> None:
    """Mask the official afresh in every set needing a competency whose verified level `changed`."""
    for set_id, stored in session.execute(select(RequirementSet.id, RequirementSet.requirements)):
        needs = [(uuid.UUID(str(c)), int(level)) for c, level in stored]
        if changed.isdisjoint(c for c, _ in needs):
            continue
        session.execute(
            delete(RequirementsMet).where(
                RequirementsMet.requirement_set_id == set_id, RequirementsMet.user_id == user_id
            )
        )
        _fill(session, set_id, needs, user_id)


def masks_present(session: Session, set_id: uuid.UUID) -> list[int]:
    """The distinct masks held in a set, found by stepping through the index (one seek per mask)."""
    met = RequirementsMet
    present = (
        select(func.min(met.mask).label("mask"))
        .where(met.requirement_set_id == set_id)
        .cte("present", recursive=True)
    )
    following = (
        select(func.min(met.mask))
        .where(met.requirement_set_id == set_id, met.mask > present.c.mask)
        .scalar_subquery()
    )
    present = present.union_all(select(following).where(present.c.mask.is_not(None)))
    return [int(m) for m in session.scalars(select(present.c.mask).where(present.c.mask.is_not(None)))]
