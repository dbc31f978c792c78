"""Posting decisions: what they order, and the service record moving on the effective date with its history.

A decision to post creates a posting order; on its effective date (at once when that is today or
past, else by `apply_due`, the daily run) the official's position moves and the history gains a row.
History rows run from a day up to, not including, the next post's first day; the open row is the
current post. A re-decision that rejects on appeal cancels an order not yet in force, or posts the
official back to the position they left.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions.entries import Case, Entry, Step
from karmayogi.lms.errors import Conflict, InvalidInput
from karmayogi.lms.orm import Position, PostingHistory, PostingOrder, User, Vacancy

MAX_DAYS_AHEAD = 366


def decision_details(outcome: str, details: Mapping[str, object]) -> dict[str, object]:
    """A posting names its effective date (ISO, from today up to a year ahead); a rejection nothing."""
    unknown = sorted(set(details) - {"effective_on"})
    if unknown:
        raise InvalidInput(unknown[0], "is not a detail of a posting decision")
    value = details.get("effective_on")
    if outcome != "approve":
        if value is not None:
            raise InvalidInput("effective_on", "only a posting takes an effective date")
        return {}
    try:
        day = date.fromisoformat(str(value)) if value is not None else utcnow().date()
    except ValueError:
        raise InvalidInput("effective_on", "must be a date, YYYY-MM-DD") from None
    today = utcnow().date()
    if not 0 <= (day - today).days <= MAX_DAYS_AHEAD:
        raise InvalidInput("effective_on", f"must be from today up to {MAX_DAYS_AHEAD} days ahead")
    return {"effective_on": day.isoformat()}


def current_post(session: Session, user_id: uuid.UUID) -> PostingHistory | None:
    return session.scalar(
        select(PostingHistory).where(PostingHistory.user_id == user_id, PostingHistory.to_date.is_(None))
    )


def move(session: Session, user: User, position_id: uuid.UUID, on: date, order_id: uuid.UUID | None) -> None:
    """Close the official's current post the day `on` begins and open the new one; the record follows."""
    held = current_post(session, user.id)
    if held is None and user.position_id is not None:
        previous = session.get(Position, user.position_id)
        assert previous is not None
        session.add(
            PostingHistory(
                user_id=user.id,
                position_id=user.position_id,
                organisation_id=previous.organisation_id,
                from_date=user.date_of_joining,
                to_date=on,
            )
        )
    elif held is not None:
        held.to_date = on
    position = session.get(Position, position_id)
    assert position is not None
    session.add(
        PostingHistory(
            user_id=user.id,
            position_id=position_id,
            organisation_id=position.organisation_id,
            from_date=on,
            to_date=None,
            order_id=order_id,
        )
    )
    user.position_id, user.organisation_id = position_id, position.organisation_id
    session.flush()


def apply_order(session: Session, order: PostingOrder) -> None:
    user = session.get(User, order.user_id, with_for_update=True)
    assert user is not None
    move(session, user, order.position_id, order.effective_on, order.id)
    order.applied_at = utcnow()
    session.flush()


def apply_due(session: Session, today: date) -> list[PostingOrder]:
    """Put in force every order whose effective date has come; run daily (`karmayogi hr postings apply`)."""
    due = list(
        session.scalars(
            select(PostingOrder)
            .where(
                PostingOrder.effective_on <= today,
                PostingOrder.applied_at.is_(None),
                PostingOrder.cancelled_at.is_(None),
            )
            .order_by(PostingOrder.effective_on, PostingOrder.id)
            .with_for_update()
        )
    )
    for order in due:
        apply_order(session, order)
    return due


def apply_decision(session: Session, case: Case, entry: Entry) -> None:
    """A posting orders the move; a rejection on appeal undoes the order (or the move already made).

    A posting case opened without a vacancy (recorded for the record alone) orders nothing.
    """
    if "vacancy_id" not in case.proposal.payload:
        return
    vacancy_id = uuid.UUID(str(case.proposal.payload["vacancy_id"]))
    vacancy = session.get(Vacancy, vacancy_id, with_for_update=True)
    assert vacancy is not None
    order = session.scalar(select(PostingOrder).where(PostingOrder.case_id == case.id))
    if entry.outcome == "approve" and order is None:
        if vacancy.status != "open":
            raise Conflict("vacancy", "the vacancy has been filled by another posting")
        user = session.get(User, case.subject_id)
        assert user is not None
        order = PostingOrder(
            case_id=case.id,
            user_id=case.subject_id,
            vacancy_id=vacancy_id,
            position_id=vacancy.position_id,
            from_position_id=user.position_id,
            effective_on=date.fromisoformat(str(entry.payload["effective_on"])),
        )
        session.add(order)
        vacancy.status = "filled"
        session.flush()
        if order.effective_on <= utcnow().date():
            apply_order(session, order)
    elif entry.outcome == "reject" and order is not None and entry.step is Step.REDECISION:
        if order.applied_at is None:
            order.cancelled_at = utcnow()
        else:
            user = session.get(User, order.user_id, with_for_update=True)
            assert user is not None
            if order.from_position_id is not None and user.position_id == order.position_id:
                move(session, user, order.from_position_id, utcnow().date(), None)
            order.cancelled_at = utcnow()
        vacancy.status = "open"
        session.flush()
