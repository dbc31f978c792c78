"""Plain types of the content marketplace."""

from __future__ import annotations

from enum import StrEnum


class ProviderType(StrEnum):
    PUBLIC_INSTITUTE = "public_institute"
    UNIVERSITY = "university"
    STARTUP = "startup"
    INDIVIDUAL_EXPERT = "individual_expert"


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
