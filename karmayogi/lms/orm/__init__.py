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
from karmayogi.lms.orm.credentials import (
    CredentialStatusList,
    IssuedCredential,
    IssuerKey,
    LevelCredentialDue,
)
from karmayogi.lms.orm.decisions import DecisionCase, DecisionEntry, ProbationRuleSet, Vacancy
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
from karmayogi.lms.orm.governance import (
    CapacityBuildingPlan,
    KpiRun,
    KpiValue,
    NationalPriority,
    PlanAssignment,
    PlanEvent,
    SubscriptionEntry,
)
from karmayogi.lms.orm.harmonisation import AssociationDecision
from karmayogi.lms.orm.identity import ExternalIdentity, SecondFactor
from karmayogi.lms.orm.learning import Enrolment
from karmayogi.lms.orm.organisations import Organisation
from karmayogi.lms.orm.people import ApiClient, Grant, User
from karmayogi.lms.orm.plans import DesignationMandate
from karmayogi.lms.orm.postings import (
    AllocationLine,
    AllocationOrder,
    Notification,
    PostingHistory,
    PostingOrder,
    VacancyNotice,
)
from karmayogi.lms.orm.profiles import EvidenceRecord, ProfileLine
from karmayogi.lms.orm.recommendations import NotRelevantMark, OfficerRecommendation
from karmayogi.lms.orm.sessions import WebSession
from karmayogi.lms.orm.sevottam import (
    CharterVersion,
    GazettedHoliday,
    Grievance,
    GrievanceEvent,
    GrievanceLink,
    PublicService,
    SelfAssessment,
    ServiceTransaction,
    SevottamSetting,
)
from karmayogi.lms.orm.sign_in import LoginThrottle
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
    "AllocationLine",
    "AllocationOrder",
    "ApiClient",
    "Assessment",
    "AssessmentAttempt",
    "AssociationDecision",
    "CapacityBuildingPlan",
    "CatalogueEvent",
    "CatalogueRevision",
    "CharterVersion",
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
    "DecisionCase",
    "DecisionEntry",
    "DesignationMandate",
    "Enrolment",
    "EvidenceRecord",
    "ExternalIdentity",
    "FracVersion",
    "GazettedHoliday",
    "Grant",
    "Grievance",
    "GrievanceEvent",
    "GrievanceLink",
    "IssuedCredential",
    "IssuerKey",
    "KpiRun",
    "KpiValue",
    "LevelCredentialDue",
    "LevelTest",
    "LoginThrottle",
    "NationalPriority",
    "NotRelevantMark",
    "Notification",
    "OfficerRecommendation",
    "Organisation",
    "PlanAssignment",
    "PlanEvent",
    "Position",
    "PositionRole",
    "PostingHistory",
    "PostingOrder",
    "ProbationRuleSet",
    "ProficiencyLevelRow",
    "ProfileLine",
    "Provider",
    "PublicService",
    "QuestionExposure",
    "QuestionVersion",
    "Requirement",
    "ReviewEvent",
    "Role",
    "SecondFactor",
    "SelfAssessment",
    "ServiceTransaction",
    "SevottamSetting",
    "SubscriptionEntry",
    "User",
    "Vacancy",
    "VacancyNotice",
    "WebSession",
    "XapiActivity",
    "XapiAttachment",
    "XapiDocument",
    "XapiStatement",
    "XapiStatementActivity",
    "XapiStatementAgent",
]
