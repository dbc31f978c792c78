"""Adaptive level tests in the portal: the competencies one can be taken on, a question at a time, and the
level reached. The same `level_tests` service as `/api/v1/level-tests`, under the same checks; the page
says no more during a test than the API does (nothing tells right from wrong until the end)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from karmayogi.api.deps import SessionDep, SettingsDep
from karmayogi.api.pages.web import N_, FormDep, VisitorDep, field, page_require, parse_uuid, redirect, render
from karmayogi.api.routes.assessments import level_test_scope
from karmayogi.lms.assessment import level_tests
from karmayogi.lms.assessment.errors import CoolingDown, LevelTestsExhausted, NonceMismatch
from karmayogi.lms.assessment.items import QuestionKind, QuestionView, question_view
from karmayogi.lms.assessment.retakes import RetakePolicy
from karmayogi.lms.assessment.scoring import Response as Answer
from karmayogi.lms.errors import Conflict, InvalidInput
from karmayogi.lms.orm import Competency
from karmayogi.lms.permissions import Access, Permission

router = APIRouter()
Taker = Annotated[Access, page_require(Permission.FRAC_READ)]
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
    except (CoolingDown, LevelTestsExhausted, Conflict, InvalidInput) as refused:
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


def answer_from_form(view: QuestionView, form: FormData) -> Answer:
    """The answer as the scorer takes it, from the fields `learner/_question.html` draws; None if blank."""
    kind = view.kind
    if kind is QuestionKind.MULTIPLE_CHOICE:
        chosen = [str(v) for v in form.getlist("response")]
        return chosen or None
    if kind is QuestionKind.FILL_IN_BLANK:
        blanks = [field(form, f"blank-{n}") for n in range(view.blanks)]
        return blanks if any(b.strip() for b in blanks) else None
    if kind is QuestionKind.MATCH:
        pairs = {o.value: field(form, f"match-{n}") for n, o in enumerate(view.options)}
        return pairs if any(pairs.values()) else None
    if kind is QuestionKind.ORDERING:
        order = [field(form, f"order-{n}") for n in range(len(view.options))]
        return order if all(order) else None
    text = field(form, "response")
    return text if text.strip() else None
