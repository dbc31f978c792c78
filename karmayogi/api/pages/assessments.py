"""Tests in the portal: adaptive level tests (a question at a time, nothing said about right or wrong until
the level reached), assessments (the paper with the server's deadline, then the result), and the marking
queue where a reviewer marks short answers. The same `lms.assessment` services as the JSON routes, under
the same checks."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from karmayogi.api.deps import SessionDep, SettingsDep
from karmayogi.api.pages.web import N_, FormDep, VisitorDep, field, page_require, parse_uuid, redirect, render
from karmayogi.api.scopes import assessment_scope, attempt_scope, level_test_scope
from karmayogi.lms.assessment import assessment_store, level_tests, marking, sittings
from karmayogi.lms.assessment.errors import NonceMismatch
from karmayogi.lms.assessment.forms import paper_view
from karmayogi.lms.assessment.items import QuestionKind, QuestionView, question_view
from karmayogi.lms.assessment.retakes import RetakePolicy
from karmayogi.lms.assessment.scoring import Response as Answer
from karmayogi.lms.errors import Conflict, InvalidInput
from karmayogi.lms.orm import Assessment, Competency
from karmayogi.lms.permissions import Access, Permission

router = APIRouter()
Taker = Annotated[Access, page_require(Permission.FRAC_READ)]
AssessmentReader = Annotated[Access, page_require(Permission.COURSES_READ, assessment_scope)]
AttemptReader = Annotated[
    Access, page_require(Permission.LEARNING_RECORDS_READ, attempt_scope, owner_may=True)
]
Marker = Annotated[Access, page_require(Permission.ASSESSMENTS_MARK)]
ASSESSMENTS_PAGE = 50
TestReader = Annotated[
    Access, page_require(Permission.LEARNING_RECORDS_READ, level_test_scope, owner_may=True)
]


def _names(session: SessionDep, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    return dict(session.execute(select(Competency.id, Competency.name).where(Competency.id.in_(ids))).all())


def _offers_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    error: str = "",
    status: int = 200,
) -> Response:
    offers = level_tests.offered(session, visitor.user.id, RetakePolicy.of(settings))
    names = _names(session, [o.competency_id for o in offers])
    offers.sort(key=lambda o: names.get(o.competency_id, ""))
    return render(
        request, "learner/level_tests.html", {"offers": offers, "names": names, "error": error}, status
    )


@router.get("/level-tests")
def offers(
    request: Request, session: SessionDep, settings: SettingsDep, visitor: VisitorDep, _: Taker
) -> Response:
    """The competencies a level test can be taken on, with my last result and when the next may start."""
    return _offers_page(request, session, settings, visitor)


@router.post("/level-tests")
def start(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    visitor: VisitorDep,
    access: Taker,
    form: FormDep,
) -> Response:
    competency_id = parse_uuid(field(form, "competency_id"))
    if competency_id is None:
        return _offers_page(request, session, settings, visitor, N_("Choose a competency."), 422)
    try:
        step = level_tests.start(session, access.principal, competency_id, RetakePolicy.of(settings))
    except (Conflict, InvalidInput) as refused:  # cooling down and out of attempts are conflicts too
        return _offers_page(request, session, settings, visitor, str(refused), 409)
    return redirect(f"/level-tests/{step.test.id}")


@router.get("/level-tests/{test_id}")
def sitting(request: Request, test_id: uuid.UUID, session: SessionDep, access: TestReader) -> Response:
    """The question awaiting an answer or, once the test has ended, the level it reached."""
    step = level_tests.read(session, test_id)
    return render(request, "learner/level_test.html", _context(session, access, step))


def _context(
    session: SessionDep, access: Access, step: level_tests.LevelTestStep, **more: Any
) -> dict[str, Any]:
    test = step.test
    return {
        "test": test,
        "competency": _names(session, [test.competency_id]).get(test.competency_id, ""),
        "question": None if step.question is None else question_view(step.question),
        "number": len(test.items),
        "mine": access.principal.is_self(test.user_id),
        "maximum": level_tests.RULES.max_length,
        "errors": {},
        **more,
    }


@router.post("/level-tests/{test_id}")
def answer(
    request: Request, test_id: uuid.UUID, session: SessionDep, access: TestReader, form: FormDep
) -> Response:
    step = level_tests.read(session, test_id)
    if step.question is None:
        return redirect(f"/level-tests/{test_id}")
    view = question_view(step.question)
    response = answer_from_form(view, form)
    if response is None:
        errors = {"response": N_("Answer the question before going on.")}
        return render(request, "learner/level_test.html", _context(session, access, step, errors=errors), 422)
    try:
        level_tests.respond(session, access.principal, test_id, field(form, "nonce"), view.id, response)
    except NonceMismatch:  # the form is from another sitting of the page: show the question as it stands
        return redirect(f"/level-tests/{test_id}")
    except InvalidInput as refused:
        errors = {"response": str(refused)}
        return render(request, "learner/level_test.html", _context(session, access, step, errors=errors), 422)
    return redirect(f"/level-tests/{test_id}")


@router.get("/assessments")
def assessments(
    request: Request, session: SessionDep, access: Annotated[Access, page_require(Permission.COURSES_READ)]
) -> Response:
    """Published assessments, and my attempts at each."""
    page = assessment_store.list_assessments(session, access.principal, None, None, ASSESSMENTS_PAGE)
    listed = [a for a in page.items if a.status == assessment_store.PUBLISHED]
    attempts = sittings.attempts_of(session, access.principal.id, [a.id for a in listed])
    return render(request, "learner/assessments.html", {"assessments": listed, "attempts": attempts})


@router.post("/assessments/{assessment_id}/attempts")
def sit(assessment_id: uuid.UUID, session: SessionDep, access: AssessmentReader, form: FormDep) -> Response:
    assert access.target is not None
    attempt, _ = sittings.start_attempt(session, access.principal, assessment_id, access.target.path)
    return redirect(f"/attempts/{attempt.id}")


def _attempt_context(
    session: SessionDep, access: Access, attempt_id: uuid.UUID, **more: Any
) -> dict[str, Any]:
    attempt, paper = sittings.read_attempt(session, attempt_id)
    assessment = session.get(Assessment, attempt.assessment_id)
    outcomes = {
        q["question_id"]: q for s in (attempt.result or {}).get("sections", []) for q in s["questions"]
    }
    return {
        "attempt": attempt,
        "assessment": assessment,
        "sections": paper_view(paper),
        "outcomes": outcomes,
        "mine": access.principal.is_self(attempt.user_id),
        "errors": {},
        **more,
    }


@router.get("/attempts/{attempt_id}")
def attempt_page(
    request: Request, attempt_id: uuid.UUID, session: SessionDep, access: AttemptReader
) -> Response:
    """The paper with the server's deadline while the attempt is open; the result once submitted."""
    return render(request, "learner/attempt.html", _attempt_context(session, access, attempt_id))


@router.post("/attempts/{attempt_id}")
def submit(
    request: Request, attempt_id: uuid.UUID, session: SessionDep, access: AttemptReader, form: FormDep
) -> Response:
    _, paper = sittings.read_attempt(session, attempt_id)
    answers = {
        placed.question.id: answer
        for section in paper.sections
        for placed in section.questions
        if (answer := answer_from_form(question_view(placed.question), form, f"{placed.question.id}-"))
        is not None
    }
    try:
        sittings.submit(session, access.principal, attempt_id, field(form, "nonce"), answers)
    except (InvalidInput, Conflict) as refused:  # late, sent twice, or an answer the scorer refuses
        context = _attempt_context(session, access, attempt_id, errors={"form": str(refused)})
        return render(request, "learner/attempt.html", context, 422)
    return redirect(f"/attempts/{attempt_id}")


@router.get("/marking")
def marking_queue(request: Request, session: SessionDep, access: Marker) -> Response:
    """Papers with short answers waiting for my mark, the oldest first; never my own."""
    return render(request, "marking/queue.html", {"waiting": marking.queue(session, access.principal)})


@router.get("/marking/{attempt_id}")
def marking_page(request: Request, attempt_id: uuid.UUID, session: SessionDep, access: Marker) -> Response:
    found = marking.to_mark(session, access.principal, attempt_id)
    return render(request, "marking/attempt.html", {"found": found, "errors": {}, "given": {}})


@router.post("/marking/{attempt_id}")
def mark(
    request: Request, attempt_id: uuid.UUID, session: SessionDep, access: Marker, form: FormDep
) -> Response:
    found = marking.to_mark(session, access.principal, attempt_id)
    given: dict[str, float] = {}
    errors: dict[str, str] = {}
    for waiting in found.waiting:
        raw = field(form, f"mark-{waiting.question.id}").strip()
        if not raw:
            continue
        try:
            given[waiting.question.id] = float(raw) / waiting.question.max_score
        except ValueError:
            errors[waiting.question.id] = N_("Give the marks as a number.")
    if not errors:
        if not given:
            errors["form"] = N_("Give a mark for at least one answer.")
        else:
            try:
                marking.mark(session, access.principal, attempt_id, given)
            except InvalidInput as refused:
                errors["form"] = str(refused)
    if errors:
        context = {
            "found": found,
            "errors": errors,
            "given": {k: field(form, f"mark-{k}") for k in (w.question.id for w in found.waiting)},
        }
        return render(request, "marking/attempt.html", context, 422)
    return redirect("/marking?marked=1")


def answer_from_form(view: QuestionView, form: FormData, prefix: str = "") -> Answer:
    """The answer as the scorer takes it, from the fields `learner/_question.html` draws (their names under
    `prefix`, one per question on a paper); None if blank."""
    kind = view.kind
    if kind is QuestionKind.MULTIPLE_CHOICE:
        chosen = [str(v) for v in form.getlist(f"{prefix}response")]
        return chosen or None
    if kind is QuestionKind.FILL_IN_BLANK:
        blanks = [field(form, f"{prefix}blank-{n}") for n in range(view.blanks)]
        return blanks if any(b.strip() for b in blanks) else None
    if kind is QuestionKind.MATCH:
        pairs = {o.value: field(form, f"{prefix}match-{n}") for n, o in enumerate(view.options)}
        return pairs if any(pairs.values()) else None
    if kind is QuestionKind.ORDERING:
        order = [field(form, f"{prefix}order-{n}") for n in range(len(view.options))]
        return order if all(order) else None
    text = field(form, f"{prefix}response")
    return text if text.strip() else None
