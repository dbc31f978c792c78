"""Plain types of the content marketplace."""

from __future__ import annotations

from enum import StrEnum


class ProviderType(StrEnum):
    PUBLIC_INSTITUTE = "public_institute"
    UNIVERSITY = "university"
    STARTUP = "startup"
    INDIVIDUAL_EXPERT = "individual_expert"


class ContentKind(StrEnum):
    """What a catalogue entry is; programs and pathways are made of other published entries."""

    COURSE = "course"
    PROGRAM = "program"
    CURATED_PROGRAM = "curated_program"
    BLENDED_PROGRAM = "blended_program"
    ASSESSMENT = "assessment"
    LEARNING_PATHWAY = "learning_pathway"


# Kinds whose entries list other entries as their parts (a pathway's parts are ordered milestones).
COMPOSITE_KINDS = frozenset(
    {
        ContentKind.PROGRAM,
        ContentKind.CURATED_PROGRAM,
        ContentKind.BLENDED_PROGRAM,
        ContentKind.LEARNING_PATHWAY,
    }
)


class DeliveryMode(StrEnum):
    ONLINE = "online"
    ONSITE = "onsite"
    BLENDED = "blended"


class CourseStatus(StrEnum):
    """Draft → In review → Published → Retired; only published courses reach learners."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    RETIRED = "retired"


class VersionStatus(StrEnum):
    """A version's own state: a published course may have a newer version in draft or in review."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class TagStatus(StrEnum):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"


class ContentRequestStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DELIVERED = "delivered"
    DECLINED = "declined"
