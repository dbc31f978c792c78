"""The ORM tables; importing this package registers every table on `Base.metadata` for Alembic."""

from karmayogi.lms.orm.assessment import (
    Assessment,
    AssessmentAttempt,
    LevelTest,
    QuestionExposure,
    QuestionVersion,
)
from karmayogi.lms.orm.catalogue import (
    CatalogueEvent,
    CatalogueRevision,
    ContentRequest,
    Course,
    CourseCompetency,
    CourseEmbedding,
    CourseRating,
    CourseVersion,
    Provider,
)
from karmayogi.lms.orm.cmi5 import Cmi5Package, Cmi5Registration, Cmi5Session
from karmayogi.lms.orm.credentials import CredentialStatusList, IssuedCredential, IssuerKey
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
from karmayogi.lms.orm.harmonisation import AssociationDecision
from karmayogi.lms.orm.learning import Enrolment
from karmayogi.lms.orm.organisations import Organisation
from karmayogi.lms.orm.people import ApiClient, Grant, User
from karmayogi.lms.orm.plans import DesignationMandate
from karmayogi.lms.orm.profiles import EvidenceRecord, ProfileLine
from karmayogi.lms.orm.recommendations import NotRelevantMark, OfficerRecommendation
from karmayogi.lms.orm.sessions import WebSession
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
    "Assessment",
    "AssessmentAttempt",
    "AssociationDecision",
    "CatalogueEvent",
    "CatalogueRevision",
    "Cmi5Package",
    "Cmi5Registration",
    "Cmi5Session",
    "Competency",
    "CompetencyRelation",
    "CompetencySuggestion",
    "ContentRequest",
    "Course",
    "CourseCompetency",
    "CourseEmbedding",
    "CourseRating",
    "CourseVersion",
    "CredentialStatusList",
    "DesignationMandate",
    "Enrolment",
    "EvidenceRecord",
    "FracVersion",
    "Grant",
    "IssuedCredential",
    "IssuerKey",
    "LevelTest",
    "NotRelevantMark",
    "OfficerRecommendation",
    "Organisation",
    "Position",
    "PositionRole",
    "ProficiencyLevelRow",
    "ProfileLine",
    "Provider",
    "QuestionExposure",
    "QuestionVersion",
    "Requirement",
    "ReviewEvent",
    "Role",
    "User",
    "WebSession",
    "XapiActivity",
    "XapiAttachment",
    "XapiDocument",
    "XapiStatement",
    "XapiStatementActivity",
    "XapiStatementAgent",
]
