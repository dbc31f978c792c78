"""The ORM tables; importing this package registers every table on `Base.metadata` for Alembic."""

from karmayogi.lms.orm.catalogue import (
    CatalogueEvent,
    ContentRequest,
    Course,
    CourseCompetency,
    CourseRating,
    CourseVersion,
    Provider,
)
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
    "CatalogueEvent",
    "Competency",
    "CompetencyRelation",
    "CompetencySuggestion",
    "ContentRequest",
    "Course",
    "CourseCompetency",
    "CourseRating",
    "CourseVersion",
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
