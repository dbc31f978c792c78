"""Competency-level credentials that follow the passbook: issued when a level is verified, revoked when
it is withdrawn or lowered.

The passbook store calls `follow` whenever a competency's verified level changes, by whatever evidence
(a level test, a confirmed rating, an HR confirmation, an assessment pass, a recomputation under new
rules). A credential says its holder holds the competency at a level, so one stays valid while the
verified level is at or above it and is revoked through the status list once the level falls below.
Issuing signs with the platform's key, which needs the app's settings: sessions carry them in their
info under `SETTINGS` (the app configures this); a session without them (a benchmark or a notebook on
the bare database) records evidence and issues nothing.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms.config import Settings
from karmayogi.lms.credentials import issuing
from karmayogi.lms.orm import IssuedCredential

SETTINGS = "karmayogi.settings"


def follow(
    session: Session,
    user_id: uuid.UUID,
    competency_id: uuid.UUID,
    verified: int | None,
    evidence: str,
) -> list[IssuedCredential]:
    """Bring the official's credentials for the competency in line with its verified level (None: none).

    Revokes those above the level and issues one at the level unless one stands; returns what changed.
    """
    settings: Settings | None = session.info.get(SETTINGS)
    if settings is None:
        return []
    standing = session.scalars(
        select(IssuedCredential)
        .where(
            IssuedCredential.holder_id == user_id,
            IssuedCredential.competency_id == competency_id,
            IssuedCredential.kind == issuing.COMPETENCY_LEVEL,
            IssuedCredential.revoked_at.is_(None),
        )
        .order_by(IssuedCredential.level)
    ).all()
    changed = []
    for row in standing:
        assert row.level is not None
        if verified is None or row.level > verified:
            reason = (
                "the verified level was withdrawn"
                if verified is None
                else f"the verified level was lowered to {verified}"
            )
            changed.append(issuing.revoke_credential(session, settings, row, f"{reason} ({evidence})", None))
    if verified is not None and not any(row.level == verified for row in standing):
        changed.append(
            issuing.issue_competency_level(session, settings, user_id, competency_id, verified, evidence)
        )
    return changed
