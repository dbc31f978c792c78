"""Assessment: the question bank and QuML import, assessments, attempts at them, and adaptive level tests.

What a candidate's client receives is built from `QuestionView` only, so no answer key, IRT
parameter or competency tag of a question ever leaves in an attempt or a level test.
"""

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from karmayogi.api.deps import Cursor, Limit, SessionDep, SettingsDep, require
from karmayogi.api.schemas import Body, Level, Out, PageOut, shape_of
from karmayogi.api.scopes import assessment_scope, attempt_scope, level_test_scope
from karmayogi.lms.assessment import assessment_store, level_tests, marking, question_store, sittings
from karmayogi.lms.assessment.forms import Paper, paper_view
from karmayogi.lms.assessment.items import BloomLevel, Difficulty, Question, QuestionKind, question_view
from karmayogi.lms.assessment.level_tests import LevelTestStep
from karmayogi.lms.assessment.results import Tally
from karmayogi.lms.assessment.retakes import RetakePolicy
from karmayogi.lms.assessment.scoring import Outcome
from karmayogi.lms.orm import Assessment, AssessmentAttempt
from karmayogi.lms.permissions import Access, Permission, Principal, Target

router = APIRouter(tags=["assessment"])

# What a candidate may send per question: an option value, several, true/false, one text per blank,
# left→right pairs, a number, or free text; null or empty leaves it blank.
Answer = str | bool | int | float | list[str] | dict[str, str] | None


def question_scope(question_id: str, session: SessionDep) -> Target:
    return question_store.question_target(session, question_id)


BankAuthor = Annotated[Access, require(Permission.ASSESSMENTS_AUTHOR)]
QuestionAuthor = Annotated[Access, require(Permission.ASSESSMENTS_AUTHOR, question_scope)]
AssessmentReader = Annotated[Access, require(Permission.COURSES_READ, assessment_scope)]
# The candidate, or those who read learning records where the candidate works (HR cells, supervisors).
AttemptReader = Annotated[Access, require(Permission.LEARNING_RECORDS_READ, attempt_scope, owner_may=True)]
Marker = Annotated[Access, require(Permission.ASSESSMENTS_MARK)]
LevelTestReader = Annotated[
    Access, require(Permission.LEARNING_RECORDS_READ, level_test_scope, owner_may=True)
]


class OptionIn(Body):
    value: str = Field(min_length=1, max_length=200)
    label: str = Field(min_length=1, max_length=4_000)


class IrtIn(Body):
    a: float = Field(description="discrimination, positive")
    b: float = Field(description="difficulty on the ability scale")
    c: float = Field(0.0, description="guessing floor in [0, 1); 0 for a 2PL item")


class QuestionIn(Body):
    """One version of a question; `key` is the answer key of its kind, as `kind` names it:
    single_choice {correct}, multiple_choice {correct: [..], partial_credit, weights: [..]},
    true_false {answer}, fill_in_blank {blanks: [[accepted, ..], ..], case_sensitive},
    match {pairs: [[left, right], ..]}, ordering {order: [..]}, numeric {value, tolerance},
    short_text {model_answer, rubric}."""

    id: str = Field(min_length=1, max_length=200)
    kind: QuestionKind
    prompt: str = Field(min_length=1, max_length=50_000)
    key: dict[str, Any]
    options: list[OptionIn] = []
    targets: list[OptionIn] = Field([], description="the right-hand column of a match question")
    competency_id: uuid.UUID
    level: Level = Field(description="the proficiency level the question gives evidence of, 1 to 5")
    bloom: BloomLevel
    max_score: float = 1.0
    difficulty: Difficulty = Difficulty.MEDIUM
    irt: IrtIn | None = None

    def document(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"organisation_id"})


class NewQuestionIn(QuestionIn):
    organisation_id: uuid.UUID = Field(description="the organisation whose bank holds the question")


class QuestionVersionOut(Out):
    """A version as its authors see it, answer key included."""

    question_id: str
    version: int
    organisation_id: uuid.UUID
    kind: QuestionKind
    competency_id: uuid.UUID
    level: int
    bloom: BloomLevel
    irt_a: float | None
    irt_b: float | None
    irt_c: float | None
    created_by: uuid.UUID | None
    created_at: datetime
    retired_at: datetime | None
    document: dict[str, Any]


class QumlImportIn(Body):
    organisation_id: uuid.UUID = Field(description="the organisation whose bank takes the questions")
    question_set: dict[str, Any] = Field(
        description="a QuML question set as Sunbird inQuiry's hierarchy read returns it"
    )
    competencies: dict[str, uuid.UUID] = Field(
        {}, description="competencies_v3 ids (or names) mapped to competencies of the dictionary"
    )


class ImportedSectionOut(BaseModel):
    title: str
    question_ids: list[str]


class ImportedQuestionOut(BaseModel):
    question_id: str
    version: int
    kind: QuestionKind
    change: str = Field(description="added, revised or unchanged")


class QumlImportOut(BaseModel):
    identifier: str
    name: str
    sections: list[ImportedSectionOut]
    questions: list[ImportedQuestionOut]


class PoolDrawIn(Body):
    competency_id: uuid.UUID
    level: Level
    count: int = Field(ge=1, le=500)
    bloom: BloomLevel | None = None


class SectionIn(Body):
    title: str = Field(min_length=1, max_length=300)
    question_ids: list[str] = Field([], description="fixed questions of the bank")
    draws: list[PoolDrawIn] = Field([], description="questions drawn at random for each attempt")
    pass_mark: float = Field(0.0, ge=0, le=1, description="share of the section's marks needed")
    negative_mark: float = Field(0.0, ge=0, le=1, description="share of a question's marks lost when wrong")


class FormIn(Body):
    sections: list[SectionIn] = Field(min_length=1)
    pass_mark: float = Field(0.0, ge=0, le=1, description="share of all marks needed, besides each section's")
    time_limit_seconds: int = Field(ge=1, le=7 * 24 * 3600)
    max_attempts: int | None = Field(None, ge=1, le=1_000)
    cooldown_seconds: int = Field(
        0, ge=0, le=366 * 24 * 3600, description="wait after an attempt ends before the next may start"
    )
    shuffle_questions: bool = False
    shuffle_options: bool = False


class AssessmentIn(FormIn):
    organisation_id: uuid.UUID = Field(description="the organisation whose bank the form draws on")
    title: str = Field(min_length=1, max_length=300)
    competency_id: uuid.UUID | None = Field(None, description="a pass is evidence of `level` in this")
    level: Level | None = None


class SectionOut(BaseModel):
    title: str
    question_ids: list[str]
    draws: list[dict[str, Any]]
    pass_mark: float
    negative_mark: float


class AssessmentOut(BaseModel):
    id: uuid.UUID
    organisation_id: uuid.UUID
    title: str
    competency_id: uuid.UUID | None
    level: int | None
    status: str
    created_at: datetime
    published_at: datetime | None
    sections: list[SectionOut]
    pass_mark: float
    time_limit_seconds: int
    max_attempts: int | None
    cooldown_seconds: int
    shuffle_questions: bool
    shuffle_options: bool


class OptionOut(Out):
    value: str
    label: str


class QuestionViewOut(Out):
    """A question as the candidate sees it: no key, no IRT parameters, no tags."""

    id: str
    version: int
    kind: QuestionKind
    prompt: str
    options: list[OptionOut]
    targets: list[OptionOut]
    blanks: int
    max_score: float


class SectionViewOut(Out):
    title: str
    questions: list[QuestionViewOut]


TallyOut = shape_of(Tally)


class QuestionResultOut(BaseModel):
    question_id: str
    version: int
    outcome: Outcome
    marks: float
    max_marks: float


class SectionResultOut(TallyOut):  # type: ignore[valid-type,misc]
    title: str
    questions: list[QuestionResultOut]


class ResultOut(TallyOut):  # type: ignore[valid-type,misc]
    sections: list[SectionResultOut]


class AttemptOut(BaseModel):
    id: uuid.UUID
    assessment_id: uuid.UUID
    user_id: uuid.UUID
    number: int
    state: str
    started_at: datetime
    deadline: datetime
    submitted_at: datetime | None
    nonce: str | None = Field(description="to send with the submission; shown to the candidate while open")
    sections: list[SectionViewOut]
    answers: dict[str, Answer] | None
    result: ResultOut | None


class SubmissionIn(Body):
    nonce: str = Field(min_length=1, max_length=64)
    answers: dict[str, Answer] = Field(description="by question id; a question left out is blank")


class MarksIn(Body):
    marks: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        max_length=500, description="by question id: the share of the question's marks given, from 0 to 1"
    )


class WaitingOut(BaseModel):
    question_id: str
    prompt: str
    max_score: float
    answer: str
    model_answer: str
    rubric: str


class ToMarkOut(BaseModel):
    attempt_id: uuid.UUID
    assessment_id: uuid.UUID
    assessment_title: str
    submitted_at: datetime | None
    waiting: list[WaitingOut]


class LevelTestIn(Body):
    competency_id: uuid.UUID


class LevelTestOut(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    competency_id: uuid.UUID
    started_at: datetime
    answered: int
    theta: float | None = Field(description="the ability estimate, once the test has finished")
    se: float | None = Field(description="its standard error, once the test has finished")
    finished_at: datetime | None
    level: int | None
    confidence: float | None = Field(description="the probability that the level is right")
    nonce: str | None = Field(description="to send with each response; shown to the candidate while open")
    question: QuestionViewOut | None = Field(description="the question awaiting an answer")


class ResponseIn(Body):
    nonce: str = Field(min_length=1, max_length=64)
    question_id: str = Field(min_length=1, max_length=200)
    response: Answer


def assessment_out(assessment: Assessment) -> AssessmentOut:
    return AssessmentOut(
        id=assessment.id,
        organisation_id=assessment.organisation_id,
        title=assessment.title,
        competency_id=assessment.competency_id,
        level=assessment.level,
        status=assessment.status,
        created_at=assessment.created_at,
        published_at=assessment.published_at,
        **assessment.form,
    )


def attempt_out(principal: Principal, attempt: AssessmentAttempt, paper: Paper) -> AttemptOut:
    mine = principal.is_self(attempt.user_id)
    return AttemptOut(
        id=attempt.id,
        assessment_id=attempt.assessment_id,
        user_id=attempt.user_id,
        number=attempt.number,
        state=attempt.state,
        started_at=attempt.started_at,
        deadline=attempt.deadline,
        submitted_at=attempt.submitted_at,
        nonce=attempt.nonce if mine and attempt.state == sittings.OPEN else None,
        sections=[SectionViewOut.model_validate(s) for s in paper_view(paper)],
        answers=attempt.answers,
        result=None if attempt.result is None else ResultOut.model_validate(attempt.result),
    )


def level_test_out(principal: Principal, step: LevelTestStep) -> LevelTestOut:
    """The test as anyone may see it; while it runs, nothing from which right or wrong can be told."""
    test, question = step.test, step.question
    finished = test.finished_at is not None
    return LevelTestOut(
        id=test.id,
        user_id=test.user_id,
        competency_id=test.competency_id,
        started_at=test.started_at,
        answered=sum(item["correct"] is not None for item in test.items),
        theta=test.theta if finished else None,
        se=test.se if finished else None,
        finished_at=test.finished_at,
        level=test.level,
        confidence=test.confidence,
        nonce=test.nonce if principal.is_self(test.user_id) and test.finished_at is None else None,
        question=_view(question),
    )


def _view(question: Question | None) -> QuestionViewOut | None:
    return None if question is None else QuestionViewOut.model_validate(question_view(question))


def _path(access: Access) -> str:
    assert access.target is not None
    return access.target.path


@router.post("/questions", response_model=QuestionVersionOut, status_code=201)
def add_question(body: NewQuestionIn, session: SessionDep, access: BankAuthor) -> object:
    """Version 1 of a question in an organisation's bank, tagged with a competency, level and Bloom level."""
    return question_store.add_question(session, access.principal, body.organisation_id, body.document())


@router.get("/questions/{question_id}", response_model=list[QuestionVersionOut])
def question_versions(question_id: str, session: SessionDep, _: QuestionAuthor) -> object:
    """Every version of the question, oldest first, answer keys included: for its bank's authors only."""
    return question_store.question_versions(session, question_id)


@router.post("/questions/{question_id}/versions", response_model=QuestionVersionOut, status_code=201)
def revise_question(
    question_id: str, body: QuestionIn, session: SessionDep, access: QuestionAuthor
) -> object:
    """The next version; attempts already sat keep scoring against the version they showed."""
    return question_store.revise_question(session, access.principal, question_id, body.document())


@router.post("/questions/{question_id}/retirement", response_model=QuestionVersionOut)
def retire_question(question_id: str, session: SessionDep, _: QuestionAuthor) -> object:
    """No new paper or level test draws the question; attempts that showed it still score."""
    return question_store.retire_question(session, question_id)


@router.post("/question-banks/quml", response_model=QumlImportOut, status_code=201)
def import_quml(body: QumlImportIn, session: SessionDep, access: BankAuthor) -> object:
    """Import a Sunbird QuML question set, all or nothing: a 422 lists every rejected question."""
    imported = question_store.import_question_set(
        session, access.principal, body.organisation_id, body.question_set, body.competencies
    )
    return QumlImportOut(
        identifier=imported.identifier,
        name=imported.name,
        sections=[
            ImportedSectionOut(title=s.title, question_ids=list(s.question_ids)) for s in imported.sections
        ],
        questions=[
            ImportedQuestionOut(
                question_id=q.row.question_id,
                version=q.row.version,
                kind=QuestionKind(q.row.kind),
                change=q.change,
            )
            for q in imported.questions
        ],
    )


@router.post("/assessments", response_model=AssessmentOut, status_code=201)
def create_assessment(body: AssessmentIn, session: SessionDep, access: BankAuthor) -> object:
    """A draft assessment: sections of fixed questions and pool draws, pass marks, negative marking, rules."""
    form = body.model_dump(mode="json", include=set(FormIn.model_fields))
    assessment = assessment_store.create_assessment(
        session, access.principal, body.organisation_id, body.title, body.competency_id, body.level, form
    )
    return assessment_out(assessment)


@router.get("/assessments", response_model=PageOut[AssessmentOut])
def list_assessments(
    session: SessionDep,
    access: Annotated[Access, require(Permission.COURSES_READ)],
    competency_id: uuid.UUID | None = None,
    cursor: str | None = Cursor(),
    limit: int = Limit(),
) -> object:
    """Published assessments, and the drafts of the banks the caller authors for."""
    page = assessment_store.list_assessments(session, access.principal, competency_id, cursor, limit)
    return PageOut[AssessmentOut](items=[assessment_out(a) for a in page.items], next_cursor=page.next_cursor)


@router.get("/assessments/{assessment_id}", response_model=AssessmentOut)
def get_assessment(assessment_id: uuid.UUID, session: SessionDep, access: AssessmentReader) -> object:
    return assessment_out(
        assessment_store.get_assessment(session, access.principal, assessment_id, _path(access))
    )


@router.post("/assessments/{assessment_id}/publication", response_model=AssessmentOut)
def publish_assessment(assessment_id: uuid.UUID, session: SessionDep, access: AssessmentReader) -> object:
    """Open the assessment to every official, once a paper can be drawn from its bank."""
    return assessment_out(assessment_store.publish(session, access.principal, assessment_id, _path(access)))


@router.post("/assessments/{assessment_id}/attempts", response_model=AttemptOut, status_code=201)
def start_attempt(assessment_id: uuid.UUID, session: SessionDep, access: AssessmentReader) -> object:
    """Open an attempt for the caller: its nonce, server deadline and shuffled paper, without answer keys.

    Refused with 409 while another attempt is open, once every attempt allowed is used, and until
    the cool-down after the last one has passed.
    """
    attempt, paper = sittings.start_attempt(session, access.principal, assessment_id, _path(access))
    return attempt_out(access.principal, attempt, paper)


@router.get("/attempts/{attempt_id}", response_model=AttemptOut)
def get_attempt(attempt_id: uuid.UUID, session: SessionDep, access: AttemptReader) -> object:
    """The attempt, its paper and, once submitted, its answers and result."""
    attempt, paper = sittings.read_attempt(session, attempt_id)
    return attempt_out(access.principal, attempt, paper)


@router.post("/attempts/{attempt_id}/submission", response_model=AttemptOut)
def submit_attempt(
    attempt_id: uuid.UUID, body: SubmissionIn, session: SessionDep, access: AttemptReader
) -> object:
    """The candidate's answers, taken once and only by the deadline; a pass tagged with a competency is
    recorded as assessment-result evidence at the assessment's level."""
    attempt, paper = sittings.submit(session, access.principal, attempt_id, body.nonce, body.answers)
    return attempt_out(access.principal, attempt, paper)


def to_mark_out(found: marking.ToMark) -> ToMarkOut:
    """What a marker sees: the candidate's short answers with the model answer and rubric beside them."""
    return ToMarkOut(
        attempt_id=found.attempt.id,
        assessment_id=found.assessment.id,
        assessment_title=found.assessment.title,
        submitted_at=found.attempt.submitted_at,
        waiting=[
            WaitingOut(
                question_id=w.question.id,
                prompt=w.question.prompt,
                max_score=w.question.max_score,
                answer=w.answer,
                model_answer=getattr(w.question.key, "model_answer", ""),
                rubric=getattr(w.question.key, "rubric", ""),
            )
            for w in found.waiting
        ],
    )


@router.get("/marking", response_model=list[ToMarkOut])
def marking_queue(session: SessionDep, access: Marker) -> object:
    """Short-text answers waiting for the caller's mark, the oldest paper first; never the caller's own."""
    return [
        to_mark_out(marking.to_mark(session, access.principal, attempt.id))
        for attempt, _ in marking.queue(session, access.principal)
    ]


@router.post("/attempts/{attempt_id}/marks", response_model=AttemptOut)
def mark_attempt(attempt_id: uuid.UUID, body: MarksIn, session: SessionDep, access: Marker) -> object:
    """Marks for short-text answers, by a reviewer of the assessment's organisation other than the
    candidate; the result, and a pass's evidence, stand once no answer waits."""
    attempt = marking.mark(session, access.principal, attempt_id, body.marks)
    return attempt_out(access.principal, attempt, sittings.paper_of(session, attempt))


@router.post("/level-tests", response_model=LevelTestOut, status_code=201)
def start_level_test(
    body: LevelTestIn,
    session: SessionDep,
    settings: SettingsDep,
    access: Annotated[Access, require(Permission.FRAC_READ)],
) -> object:
    """An adaptive level test for the caller on a competency, with its first question; a retake waits for
    the cool-down and the cap per period (409 names when the next may start) and repeats no question of
    the previous test."""
    step = level_tests.start(session, access.principal, body.competency_id, RetakePolicy.of(settings))
    return level_test_out(access.principal, step)


@router.post("/level-tests/{test_id}/responses", response_model=LevelTestOut)
def respond(test_id: uuid.UUID, body: ResponseIn, session: SessionDep, access: LevelTestReader) -> object:
    """The answer to the question awaiting one; the reply carries the next question, or the level reached
    (recorded as adaptive-test evidence with its confidence)."""
    step = level_tests.respond(
        session, access.principal, test_id, body.nonce, body.question_id, body.response
    )
    return level_test_out(access.principal, step)


@router.get("/level-tests/{test_id}", response_model=LevelTestOut)
def get_level_test(test_id: uuid.UUID, session: SessionDep, access: LevelTestReader) -> object:
    return level_test_out(access.principal, level_tests.read(session, test_id))
