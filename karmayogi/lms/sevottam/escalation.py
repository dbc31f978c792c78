"""Escalating overdue grievances: a reminder to the officer, then the next level up, then the Commission.

Idempotent by construction: each level is reached once (`escalation_level` only rises, and each rise
writes one event), so the scheduled job may run as often as it likes. The work is set-based, one
pair of statements per organisation and level, so a run over a million open grievances stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Integer, cast, func, insert, literal, select, update
from sqlalchemy.orm import Session

from karmayogi.lms.db import utcnow
from karmayogi.lms.orm import Grievance, GrievanceEvent
from karmayogi.lms.sevottam import services
from karmayogi.lms.sevottam.calendar import WorkingCalendar

# Working days past the due date at which each level is reached.
LEVELS = ((1, "reminder", 1), (2, "next_level", 5), (3, "commission", 15))


def overdue_cutoff(calendar: WorkingCalendar, today: date, working_days: int) -> date:
    """The latest due date that is at least `working_days` working days overdue on `today`."""
    current, counted = today, 0
    while counted < working_days:
        if calendar.is_working_day(current):
            counted += 1
        current -= timedelta(days=1)
    return current


@dataclass
class EscalationRun:
    today: date
    raised: dict[str, int] = field(default_factory=lambda: {name: 0 for _, name, _ in LEVELS})


def escalate(session: Session, today: date) -> EscalationRun:
    run = EscalationRun(today)
    organisations = session.scalars(
        select(Grievance.organisation_id)
        .where(Grievance.status == "open", Grievance.due_on < today)
        .distinct()
    ).all()
    for organisation_id in organisations:
        calendar = services.calendar_of(session, organisation_id)
        for level, name, days in LEVELS:
            cutoff = overdue_cutoff(calendar, today, days)
            due = (
                (Grievance.organisation_id == organisation_id)
                & (Grievance.status == "open")
                & (Grievance.due_on <= cutoff)
                & (Grievance.escalation_level < level)
            )
            next_seq = (
                select(func.coalesce(func.max(GrievanceEvent.seq), 0) + 1)
                .where(GrievanceEvent.grievance_id == Grievance.id)
                .scalar_subquery()
            )
            rows = session.execute(select(Grievance.id, next_seq).where(due)).all()
            if not rows:
                continue
            now = utcnow()
            session.execute(
                insert(GrievanceEvent),
                [
                    {
                        "grievance_id": gid,
                        "seq": seq,
                        "kind": f"escalated_{name}",
                        "actor_id": None,
                        "organisation_id": organisation_id,
                        "detail": {"level": level, "run_on": today.isoformat()},
                        "at": now,
                    }
                    for gid, seq in rows
                ],
            )
            session.execute(
                update(Grievance)
                .where(due)
                .values(escalation_level=cast(literal(level), Integer))
                .execution_options(synchronize_session=False)
            )
            run.raised[name] += len(rows)
    return run
