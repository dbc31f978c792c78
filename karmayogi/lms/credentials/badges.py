"""Open Badges 3.0 credentials (OpenBadgeCredential, a W3C VC 2.0) for a completed course and for a
verified competency level.

Each achievement is aligned to the FRAC competencies it stands for (Alignment: targetFramework,
targetCode = the competency's id, targetName, targetUrl), so that an HR cell, another platform or a
wallet can tell which competency a certificate is evidence of. A competency-level badge carries the
whole proficiency scale as a rubric, the level it certifies as the required level, and the level
reached in its result.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from karmayogi.frac.model import DEFAULT_SCALE, Competency, ProficiencyLevel, ProficiencyScale
from karmayogi.lms.credentials.contexts import CREDENTIALS_V2, OPEN_BADGES_V3
from karmayogi.lms.credentials.key_pairs import SigningKey
from karmayogi.lms.credentials.proofs import sign, xsd_datetime
from karmayogi.lms.errors import InvalidInput


@dataclass(frozen=True)
class IssuerProfile:
    """Who issues: the DID that signs, with the name and web site a person recognises."""

    id: str
    name: str
    url: str | None = None

    def as_profile(self) -> dict[str, Any]:
        profile: dict[str, Any] = {"id": self.id, "type": ["Profile"], "name": self.name}
        if self.url:
            profile["url"] = self.url
        return profile


@dataclass(frozen=True)
class Recipient:
    """The official the credential is about: a stable identifier (`urn:uuid:...` or a DID) and a name."""

    id: str
    name: str


@dataclass(frozen=True)
class CompetencyAtLevel:
    """A FRAC competency at one proficiency level, with where the framework publishes the competency."""

    competency: Competency
    level: ProficiencyLevel
    url: str
    framework: str

    def alignment(self) -> dict[str, Any]:
        return {
            "type": ["Alignment"],
            "targetName": self.competency.name,
            "targetDescription": f"Proficiency level {self.level.level} ({self.level.name}): "
            + self.level.descriptor,
            "targetFramework": self.framework,
            "targetCode": str(self.competency.id),
            "targetUrl": self.url,
        }


def _credential(
    credential_id: uuid.UUID,
    name: str,
    issuer: IssuerProfile,
    subject: dict[str, Any],
    issued_at: datetime,
    status: Mapping[str, Any] | None,
) -> dict[str, Any]:
    credential: dict[str, Any] = {
        "@context": [CREDENTIALS_V2, OPEN_BADGES_V3],
        "id": credential_id.urn,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer.as_profile(),
        "validFrom": xsd_datetime(issued_at),
        "name": name,
        "credentialSubject": subject,
    }
    if status is not None:
        credential["credentialStatus"] = dict(status)
    return credential


def _subject(recipient: Recipient, achievement: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": recipient.id,
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": recipient.name,
            }
        ],
        "achievement": achievement,
    }


def completion_credential(
    *,
    credential_id: uuid.UUID,
    issuer: IssuerProfile,
    recipient: Recipient,
    course_url: str,
    course_name: str,
    course_description: str,
    completed_at: datetime | None,
    issued_at: datetime,
    competencies: Sequence[CompetencyAtLevel] = (),
    status: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The unsigned credential that RECIPIENT completed a course, aligned to the competencies it builds.

    COMPLETED_AT may be unknown for completions recorded before their dates were; it is then left out.
    """
    achievement: dict[str, Any] = {
        "id": course_url,
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": course_name,
        "description": course_description,
        "criteria": {"narrative": f"Completed every required module and assessment of {course_name}."},
    }
    if competencies:
        achievement["alignment"] = [target.alignment() for target in competencies]
    subject = _subject(recipient, achievement)
    if completed_at is not None:
        subject["activityEndDate"] = xsd_datetime(completed_at)
    return _credential(credential_id, f"Completed: {course_name}", issuer, subject, issued_at, status)


def competency_level_credential(
    *,
    credential_id: uuid.UUID,
    issuer: IssuerProfile,
    recipient: Recipient,
    target: CompetencyAtLevel,
    how_verified: str,
    issued_at: datetime,
    scale: ProficiencyScale = DEFAULT_SCALE,
    status: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The unsigned credential that RECIPIENT holds a competency at a level, verified as HOW_VERIFIED says."""
    if target.level not in scale.levels:
        raise InvalidInput("level", f"level {target.level.level} is not on the proficiency scale")
    rubric = f"{target.url}#proficiency"
    achievement = {
        "id": f"{target.url}#level-{target.level.level}",
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": f"{target.competency.name}: {target.level.name} (level {target.level.level})",
        "description": target.competency.description or target.level.descriptor,
        "criteria": {"narrative": how_verified},
        "alignment": [target.alignment()],
        "resultDescription": [
            {
                "id": rubric,
                "type": ["ResultDescription"],
                "name": "Proficiency level",
                "resultType": "RubricCriterionLevel",
                "rubricCriterionLevel": [
                    {
                        "id": f"{rubric}-{level.level}",
                        "type": ["RubricCriterionLevel"],
                        "level": str(level.level),
                        "name": level.name,
                        "description": level.descriptor,
                    }
                    for level in scale.levels
                ],
                "requiredLevel": f"{rubric}-{target.level.level}",
            }
        ],
    }
    subject = _subject(recipient, achievement)
    subject["result"] = [
        {"type": ["Result"], "resultDescription": rubric, "achievedLevel": f"{rubric}-{target.level.level}"}
    ]
    name = f"{target.competency.name}: {target.level.name}"
    return _credential(credential_id, name, issuer, subject, issued_at, status)


def issue(credential: Mapping[str, Any], signer: SigningKey, issued_at: datetime) -> dict[str, Any]:
    """Signs a credential with the issuer's own key; a key controlled by anyone else is refused."""
    issuer = credential["issuer"]
    issuer_id = issuer["id"] if isinstance(issuer, Mapping) else issuer
    if issuer_id != signer.controller:
        raise InvalidInput("issuer", f"the key belongs to {signer.controller}, not to the issuer {issuer_id}")
    return sign(credential, signer.key, signer.verification_method, issued_at)
