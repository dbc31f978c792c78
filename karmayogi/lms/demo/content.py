"""The demo's tracked content: a short handbook on the citizen's charter as a PDF, drawn here with
fpdf2, uploaded as the first provider's creator does it in the studio, approved by its reviewer and
published, so that a learner can enrol, read it page by page in the platform's player and complete it."""

from __future__ import annotations

from fpdf import FPDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.content.lifecycle import CourseAction
from karmayogi.lms.authentication import user_principal
from karmayogi.lms.catalogue import publication, reading
from karmayogi.lms.cmi5 import courses, tracked
from karmayogi.lms.cmi5.storage import ContentStorage
from karmayogi.lms.demo.seed import DEMO_DOMAIN
from karmayogi.lms.demo.vocabulary import PROVIDERS
from karmayogi.lms.orm import Provider, User

TITLE = "The citizen's charter: a handbook"
PAGES = (
    (
        "What a charter is",
        "A citizen's charter states what a public office does, the standard of each service, the time it"
        " takes, and whom to approach when the standard is not met. It is a promise made in public.",
    ),
    (
        "Service standards",
        "Each service names its standard: for example, a pension sanctioned within 30 days of a complete"
        " application. Standards are measurable, published and reviewed every year.",
    ),
    (
        "Grievance redress",
        "A grievance is registered, acknowledged within three days, resolved within the charter's time,"
        " and closed with the citizen told the outcome. Delay beyond the standard is escalated.",
    ),
    (
        "Learning from failures",
        "Grievances point at the competencies an office lacks. Sevottam links them back to the FRAC, so"
        " that training follows where service fails.",
    ),
)


def handbook() -> bytes:
    document = FPDF()
    for heading, text in PAGES:
        document.add_page()
        document.set_font("helvetica", style="B", size=22)
        document.multi_cell(0, 12, heading)
        document.ln(4)
        document.set_font("helvetica", size=14)
        document.multi_cell(0, 8, text)
    return bytes(document.output())


def seed(session: Session, storage: ContentStorage) -> int:
    """Publish the handbook as a tracked document; returns the entries made (none where the scale left
    out the provider's accounts)."""
    provider = session.scalar(select(Provider).where(Provider.name == PROVIDERS[0].name))
    creator = session.scalar(select(User).where(User.email == f"creator1@{DEMO_DOMAIN}"))
    reviewer = session.scalar(select(User).where(User.email == f"reviewer1@{DEMO_DOMAIN}"))
    if provider is None or creator is None or reviewer is None:
        return 0
    version, _ = courses.import_tracked(
        session,
        storage,
        user_principal(session, creator),
        provider.id,
        "document",
        handbook(),
        TITLE,
        tracked.Rule(threshold=1.0),
        learning_hours=0.5,
    )
    path = reading.course_target(session, version.course_id).path
    for who, action in ((creator, CourseAction.SUBMIT), (reviewer, CourseAction.APPROVE)):
        publication.transition(session, user_principal(session, who), version.course_id, path, action, "")
    return 1
