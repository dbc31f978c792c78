"""HR cell pages (vacancies and candidate ranking, posting, the probation queue with decisions, allocation
orders, decision history) and the official's own (vacancy notices, my decisions with the appeal form),
each through the services the JSON routes use."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from karmayogi.api.deps import SessionDep
from karmayogi.api.pages.web import N_, FormDep, VisitorDep, field, page_require, parse_uuid, redirect, render
from karmayogi.api.scopes import case_scope, order_scope, vacancy_scope
from karmayogi.lms import allocations, postings, vacancies
from karmayogi.lms.db import utcnow
from karmayogi.lms.decisions import letters, probation, store, workflow
from karmayogi.lms.decisions.entries import Kind, State
from karmayogi.lms.errors import Conflict, InvalidInput, PermissionDenied
from karmayogi.lms.organisations import in_scope
from karmayogi.lms.orm import DecisionCase, Organisation, Position, Role, User
from karmayogi.lms.permissions import Access, Permission

router = APIRouter()
HrCell = Annotated[Access, page_require(Permission.PEOPLE_MANAGE)]
VacancyManager = Annotated[Access, page_require(Permission.PEOPLE_MANAGE, vacancy_scope)]
CaseManager = Annotated[Access, page_require(Permission.PEOPLE_MANAGE, case_scope)]
CaseReader = Annotated[Access, page_require(Permission.SERVICE_RECORDS_READ, case_scope, owner_may=True)]
OrderManager = Annotated[Access, page_require(Permission.PEOPLE_MANAGE, order_scope)]


def _names(session, ids) -> dict[uuid.UUID, str]:  # type: ignore[no-untyped-def]
    ids = list(ids)
    if not ids:
        return {}
    return {i: n for i, n in session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))}


def _positions(session, paths: list[str]) -> list[Position]:  # type: ignore[no-untyped-def]
    return list(
        session.scalars(
            select(Position)
            .where(in_scope(Position.organisation_id, paths), Position.status == "verified")
            .order_by(Position.designation)
            .limit(500)
        )
    )


@router.get("/hr")
def hr_home(request: Request, session: SessionDep, access: HrCell) -> Response:
    return _vacancies_page(request, session, access, {}, 200)


def _vacancies_page(
    request: Request, session, access: Access, errors: dict[str, str], status: int
) -> Response:  # type: ignore[no-untyped-def]
    listed = vacancies.list_vacancies(session, access.paths)
    designations = {
        p.id: p.designation
        for p in session.scalars(select(Position).where(Position.id.in_([v.position_id for v in listed])))
    }
    context = {
        "vacancies": listed,
        "designations": designations,
        "positions": _positions(session, access.paths),
        "errors": errors,
    }
    return render(request, "hr/vacancies.html", context, status)


@router.post("/hr/vacancies")
def open_vacancy(request: Request, session: SessionDep, access: HrCell, form: FormDep) -> Response:
    position_id = parse_uuid(field(form, "position_id"))
    errors: dict[str, str] = {}
    if position_id is None:
        errors["position_id"] = N_("Choose a position.")
    else:
        try:
            vacancy = vacancies.open_vacancy(
                session,
                access.principal,
                position_id,
                vacancies.Eligibility(not_on_probation=field(form, "allow_probation") != "1"),
            )
            return redirect(f"/hr/vacancies/{vacancy.id}")
        except InvalidInput as exc:
            errors["position_id"] = exc.reason
    return _vacancies_page(request, session, access, errors, 422)


def _ranking_context(session, access: Access, vacancy_id: uuid.UUID, max_hours: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    vacancy = vacancies.get_vacancy(session, vacancy_id)
    hours = None
    try:
        hours = float(max_hours) if max_hours else None
    except ValueError:
        hours = None
    fits = vacancies.rank_for_vacancy(session, access.paths, vacancy_id, hours, 50)
    names = vacancies.names_of(session, fits)
    return {
        "vacancy": vacancy,
        "position": session.get(Position, vacancy.position_id),
        "fits": [vacancies.fit_json(f, names) for f in fits],
        "max_hours": max_hours,
        "today": utcnow().date().isoformat(),
        "errors": {},
        "sent": None,
    }


@router.get("/hr/vacancies/{vacancy_id}")
def vacancy_page(
    request: Request, vacancy_id: uuid.UUID, session: SessionDep, access: VacancyManager, max_hours: str = ""
) -> Response:
    """The candidates ranked by fit, each with what they meet (and the evidence), miss, and would take."""
    return render(request, "hr/vacancy.html", _ranking_context(session, access, vacancy_id, max_hours))


@router.post("/hr/vacancies/{vacancy_id}/postings")
def post_official(
    request: Request, vacancy_id: uuid.UUID, session: SessionDep, access: VacancyManager, form: FormDep
) -> Response:
    user_id = parse_uuid(field(form, "user_id"))
    errors: dict[str, str] = {}
    try:
        effective = date.fromisoformat(field(form, "effective_on")) if field(form, "effective_on") else None
    except ValueError:
        effective, errors["effective_on"] = None, N_("Give the date as YYYY-MM-DD.")
    if user_id is None:
        errors["reason"] = N_("Choose an official.")
    if not errors:
        try:
            case = postings.select_candidate(
                session,
                access.principal,
                access.paths,
                vacancy_id,
                user_id,
                field(form, "reason"),
                effective,  # type: ignore[arg-type]
            )
            return redirect(f"/hr/decisions/{case.id}")
        except InvalidInput as exc:
            errors["reason" if exc.field not in ("effective_on",) else "effective_on"] = exc.reason
        except (Conflict, PermissionDenied) as exc:
            errors["reason"] = str(exc)
    context = _ranking_context(session, access, vacancy_id, "") | {"errors": errors, "chosen": str(user_id)}
    return render(request, "hr/vacancy.html", context, 422)


@router.post("/hr/vacancies/{vacancy_id}/notices")
def send_notices(
    request: Request, vacancy_id: uuid.UUID, session: SessionDep, access: VacancyManager, form: FormDep
) -> Response:
    try:
        hours = float(field(form, "max_hours") or 0)
    except ValueError:
        hours = -1
    context = _ranking_context(session, access, vacancy_id, "")
    if not 0 <= hours <= 10_000:
        context["errors"] = {"max_hours": N_("Give the hours as a number from 0 to 10000.")}
        return render(request, "hr/vacancy.html", context, 422)
    context["sent"] = len(postings.send_notices(session, access.principal, access.paths, vacancy_id, hours))
    return render(request, "hr/vacancy.html", context)


def _open_cases(session, access: Access, kind: Kind | None, states: tuple[State, ...] | None) -> list:  # type: ignore[no-untyped-def]
    stmt = select(DecisionCase).where(in_scope(DecisionCase.organisation_id, access.paths))
    if kind is not None:
        stmt = stmt.where(DecisionCase.kind == kind.value)
    cases = [
        store.as_case(session, h)
        for h in session.scalars(stmt.order_by(DecisionCase.opened_at.desc()).limit(500))
    ]
    return [c for c in cases if states is None or c.state in states]


@router.get("/hr/probation")
def probation_queue(request: Request, session: SessionDep, access: HrCell, within_days: int = 90) -> Response:
    within = min(max(within_days, 0), probation.MAX_WITHIN_DAYS)
    due = probation.due(session, access.paths, within, utcnow().date())
    waiting = _open_cases(session, access, Kind.PROBATION_CONFIRMATION, (State.PROPOSED,))
    context = {
        "due": due,
        "within": within,
        "cases": waiting,
        "names": _names(session, [c.subject_id for c in waiting]),
        "errors": {},
    }
    return render(request, "hr/probation.html", context)


@router.post("/hr/probation/proposals")
def propose(session: SessionDep, access: HrCell, form: FormDep) -> Response:
    try:
        within = min(max(int(field(form, "within_days") or 90), 0), probation.MAX_WITHIN_DAYS)
    except ValueError:
        within = 90
    probation.propose_due(session, access.paths, within, utcnow().date())
    return redirect(f"/hr/probation?within_days={within}#proposals")


@router.post("/hr/decisions/{decision_id}/decide")
def decide(
    request: Request, decision_id: uuid.UUID, session: SessionDep, access: CaseManager, form: FormDep
) -> Response:
    return _decide(request, decision_id, session, access, form, redecide=False)


@router.post("/hr/decisions/{decision_id}/redecide")
def redecide(
    request: Request, decision_id: uuid.UUID, session: SessionDep, access: CaseManager, form: FormDep
) -> Response:
    return _decide(request, decision_id, session, access, form, redecide=True)


def _decide(
    request: Request, decision_id: uuid.UUID, session, access: Access, form, redecide: bool
) -> Response:  # type: ignore[no-untyped-def]
    outcome, reason = field(form, "outcome"), field(form, "reason")
    details: dict[str, object] = {}
    if outcome == "extend":
        try:
            details["extend_months"] = int(field(form, "extend_months") or 6)
        except ValueError:
            details["extend_months"] = 0
    step = workflow.redecide if redecide else workflow.decide
    try:
        step(session, access.principal, decision_id, outcome, reason, details)
    except (InvalidInput, Conflict, PermissionDenied) as exc:
        context = _case_context(session, decision_id) | {"error": str(exc)}
        return render(request, "hr/decision.html", context, 422)
    back = field(form, "back")
    return redirect(back if back in ("/hr/probation",) else f"/hr/decisions/{decision_id}")


def _case_context(session, decision_id: uuid.UUID) -> dict[str, object]:  # type: ignore[no-untyped-def]
    case = store.get(session, decision_id)
    names = _names(session, {case.subject_id, *(e.actor_id for e in case.entries if e.actor_id)})
    return {"case": case, "names": names, "error": None, "State": State}


@router.get("/hr/decisions")
def decision_history(request: Request, session: SessionDep, access: HrCell) -> Response:
    cases = _open_cases(session, access, None, None)
    return render(
        request,
        "hr/decisions.html",
        {"cases": cases, "names": _names(session, [c.subject_id for c in cases])},
    )


@router.get("/hr/decisions/{decision_id}")
def decision_page(request: Request, decision_id: uuid.UUID, session: SessionDep, _: CaseManager) -> Response:
    return render(request, "hr/decision.html", _case_context(session, decision_id))


@router.get("/hr/allocations")
def allocation_orders(request: Request, session: SessionDep, access: HrCell) -> Response:
    return _allocations_page(request, session, access, {}, 200)


def _allocations_page(
    request: Request, session, access: Access, errors: dict[str, str], status: int
) -> Response:  # type: ignore[no-untyped-def]
    orders = allocations.list_orders(session, access.paths)
    context = {
        "orders": [(o, allocations.lines_of(session, o.id)) for o in orders],
        "organisations": list(
            session.scalars(
                select(Organisation)
                .where(in_scope(Organisation.id, access.paths))
                .order_by(Organisation.name)
                .limit(200)
            )
        ),
        "officials": list(
            session.scalars(
                select(User)
                .where(in_scope(User.organisation_id, access.paths))
                .order_by(User.full_name)
                .limit(500)
            )
        ),
        "roles": list(
            session.scalars(select(Role).where(Role.status == "verified").order_by(Role.name).limit(500))
        ),
        "errors": errors,
    }
    return render(request, "hr/allocations.html", context, status)


@router.post("/hr/allocations")
def create_order(request: Request, session: SessionDep, access: HrCell, form: FormDep) -> Response:
    organisation_id = parse_uuid(field(form, "organisation_id"))
    user_id, role_id = parse_uuid(field(form, "user_id")), parse_uuid(field(form, "role_id"))
    errors: dict[str, str] = {}
    if organisation_id is None or user_id is None or role_id is None:
        errors["title"] = N_("Choose an organisation, an official and a role.")
    else:
        try:
            allocations.create(
                session,
                access.principal,
                organisation_id,
                field(form, "title"),
                [allocations.LineIn(user_id, role_id)],
            )
            return redirect("/hr/allocations")
        except InvalidInput as exc:
            errors["title"] = exc.reason
    return _allocations_page(request, session, access, errors, 422)


@router.post("/hr/allocations/{order_id}/{step}")
def move_order(order_id: uuid.UUID, step: str, session: SessionDep, access: OrderManager) -> Response:
    if step not in allocations.NEXT:
        raise InvalidInput("step", "must be publish or archive")
    allocations.move(session, access.principal, order_id, step)
    return redirect("/hr/allocations")


@router.get("/hr/allocations/{order_id}/order")
def allocation_document(order_id: uuid.UUID, session: SessionDep, _: OrderManager) -> Response:
    return HTMLResponse(letters.html(allocations.document(session, order_id)))


# --- the official's own --------------------------------------------------------------------------


@router.get("/my/decisions")
def my_decisions(request: Request, session: SessionDep, visitor: VisitorDep) -> Response:
    cases = store.for_subject(session, visitor.user.id)
    return render(
        request, "my/decisions.html", {"cases": cases, "now": utcnow(), "State": State, "errors": {}}
    )


@router.post("/my/decisions/{decision_id}/appeal")
def appeal(
    request: Request, decision_id: uuid.UUID, session: SessionDep, access: CaseReader, form: FormDep
) -> Response:
    try:
        workflow.appeal(session, access.principal, decision_id, field(form, "grounds"))
    except (InvalidInput, Conflict, PermissionDenied) as exc:
        cases = store.for_subject(session, access.principal.id)
        context = {"cases": cases, "now": utcnow(), "State": State, "errors": {str(decision_id): str(exc)}}
        return render(request, "my/decisions.html", context, 422)
    return redirect("/my/decisions?appealed=1")


@router.get("/my/decisions/{decision_id}/document")
def my_document(decision_id: uuid.UUID, session: SessionDep, _: CaseReader) -> Response:
    """The letter or order the decision produced, as printable HTML."""
    case = store.get(session, decision_id)
    if case.kind is Kind.POSTING:
        return HTMLResponse(letters.html(postings.order_of_case(session, case)))
    return HTMLResponse(letters.html(letters.of_case(session, case)))


@router.get("/my/vacancies")
def my_vacancies(request: Request, session: SessionDep, visitor: VisitorDep) -> Response:
    notices = postings.notices_for(session, visitor.user.id)
    told = allocations.notifications_for(session, visitor.user.id)
    return render(request, "my/vacancies.html", {"notices": notices, "notifications": told})
