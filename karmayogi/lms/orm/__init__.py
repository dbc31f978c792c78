"""The ORM tables; importing this package registers every table on `Base.metadata` for Alembic."""

from karmayogi.lms.orm.catalogue import Course, CourseCompetency, Provider
from karmayogi.lms.orm.frac import (
    Activity,
    Competency,
    CompetencyRelation,
    CompetencySuggestion,
    FracVersion,
    Position,
    PositionRole,
    ProficiencyLevelRow,
    Requirement,
    ReviewEvent,
    Role,
)
from karmayogi.lms.orm.learning import Enrolment
from karmayogi.lms.orm.organisations import Organisation
from karmayogi.lms.orm.people import ApiClient, Grant, User
from karmayogi.lms.orm.xapi import (
    XapiActivity,
    XapiAttachment,
    XapiDocument,
    XapiStatement,
    XapiStatementActivity,
    XapiStatementAgent,
)

__all__ = [
    "Activity",
    "ApiClient",
    "Competency",
    "CompetencyRelation",
    "CompetencySuggestion",
    "Course",
    "CourseCompetency",
    "Enrolment",
    "FracVersion",
    "Grant",
    "Organisation",
    "Position",
    "PositionRole",
    "ProficiencyLevelRow",
    "Provider",
    "Requirement",
    "ReviewEvent",
    "Role",
    "User",
    "XapiActivity",
    "XapiAttachment",
    "XapiDocument",
    "XapiStatement",
    "XapiStatementActivity",
    "XapiStatementAgent",
]
