"""Capacity-building governance pages: department HR's plans (the generated draft and its editor),
the Commission's priorities, approvals, scorecards, rankings and reports, providers' KPIs, and a
learner's points and place. Thin handlers over the same lms services as the JSON routes."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlalchemy import and_, or_, select

from karmayogi.api.deps import SessionDep
from karmayogi.api.pages.web import (
    N_,
    FormDep,
    VisitorDep,
    field,
    language,
    parse_uuid,
    redirect,
    render,
    translations,
)
from karmayogi.api.report_files import report_response
from karmayogi.lms.errors import InvalidInput, NotFound
from karmayogi.lms.governance import approval, drafting, kpis, plans, priorities, reports, scorecards
from karmayogi.lms.organisations import in_scope
from karmayogi.lms.orm import Competency, Course, Organisation, User
from karmayogi.lms.permissions import PLATFORM_PATH, Permission

router = APIRouter()
MAX_ROWS = 200
YearQuery = Annotated[int | None, Query(ge=priorities.MIN_YEAR, le=priorities.MAX_YEAR)]


def _year(year: int | None) -> int:
    return year or date.today().year


def _departments(session: SessionDep, visitor: VisitorDep) -> list[Organisation]:
    paths = visitor.principal.scopes(Permission.PLANS_MANAGE)
    if not paths:
        return []
    # The departments within the caller's scopes, and the organisations their grants are at.
    return list(
        session.scalars(
            select(Organisation)
            .where(
                or_(
                    and_(Organisation.kind == "department", in_scope(Organisation.id, paths)),
                    Organisation.path.in_(paths),
                )
            )
            .order_by(Organisation.name)
        )
    )


def _courses(session: SessionDep) -> list[tuple[uuid.UUID, str]]:
    return list(
        session.execute(
            select(Course.id, Course.title)
            .where(Course.status == "published")
            .order_by(Course.title)
            .limit(500)
        )
    )


@router.get("/plans")
def plan_list(request: Request, session: SessionDep, visitor: VisitorDep, year: YearQuery = None) -> Response:
    """My departments' plans (or, for the Commission, every department's) and the draft generator."""
    shown = plans.list_plans(session, visitor.principal, year)
    names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    context = {
        "plans": shown,
        "names": names,
        "departments": _departments(session, visitor),
        "year": _year(year),
        "awaiting": [p for p in shown if p.state == "submitted"],
        "errors": {},
    }
    return render(request, "governance/plans.html", context)


@router.post("/plans/drafts")
def generate(request: Request, session: SessionDep, visitor: VisitorDep, form: FormDep) -> Response:
    """Generate the department's draft from its gaps and open it in the editor."""
    department = parse_uuid(field(form, "organisation_id"))
    try:
        year = int(field(form, "year"))
    except ValueError:
        raise InvalidInput("year", "must be a year such as 2026") from None
    if department is None:
        raise InvalidInput("organisation_id", "choose a department")
    plan = drafting.generate_and_save(session, visitor.principal, department, year)
    return redirect(f"/plans/{plan.id}")


def _plan_context(session: SessionDep, visitor: VisitorDep, plan: plans.Plan) -> dict[str, object]:
    titles = dict(_courses(session))
    members = {m for a in plan.assignments for m in a.member_ids}
    emails = (
        dict(session.execute(select(User.id, User.email).where(User.id.in_(members))).all())
        if members
        else {}
    )
    department = session.get(Organisation, plan.organisation_id)
    assert department is not None
    manage = visitor.principal.can(Permission.PLANS_MANAGE, department.path)
    decide = visitor.principal.can(Permission.PLANS_APPROVE, department.path)
    competencies = {}
    basis = plan.basis
    wanted = [uuid.UUID(str(n["competency_id"])) for n in basis.get("needs", [])[:20]]  # type: ignore[union-attr,index]
    if wanted:
        competencies = {
            str(k): v
            for k, v in session.execute(
                select(Competency.id, Competency.name).where(Competency.id.in_(wanted))
            )
        }
    return {
        "plan": plan,
        "department": department,
        "titles": titles,
        "courses": list(titles.items()),
        "emails": {str(k): v for k, v in emails.items()},
        "rows": [*plan.assignments, None, None],
        "can_manage": manage,
        "can_decide": decide,
        "competencies": competencies,
        "events": plans.events(session, visitor.principal, plan.id),
        "errors": {},
    }


@router.get("/plans/{plan_id}")
def plan_page(request: Request, plan_id: uuid.UUID, session: SessionDep, visitor: VisitorDep) -> Response:
    plan = plans.get(session, visitor.principal, plan_id)
    return render(request, "governance/plan.html", _plan_context(session, visitor, plan))


def _rows(session: SessionDep, form: FormDep) -> list[plans.Assignment]:
    """The editor's rows as assignments; a row without a course is left out, one marked removed too."""
    try:
        count = min(int(field(form, "rows") or "0"), MAX_ROWS)
    except ValueError:
        raise InvalidInput("rows", "not a number") from None
    found = []
    for i in range(count):
        course = parse_uuid(field(form, f"course_{i}"))
        if course is None or field(form, f"remove_{i}"):
            continue
        kind = field(form, f"kind_{i}") or "everyone"
        try:
            due = date.fromisoformat(field(form, f"due_{i}"))
        except ValueError:
            raise InvalidInput(f"assignments[{i}].due_on", "give the due date as YYYY-MM-DD") from None
        members: list[uuid.UUID] = []
        unknown = []
        for token in field(form, f"members_{i}").replace(";", ",").split(","):
            token = token.strip()
            if not token:
                continue
            ident = parse_uuid(token) or session.scalar(select(User.id).where(User.email == token.lower()))
            if ident is None:
                unknown.append(token)
            else:
                members.append(ident)
        if unknown:
            raise InvalidInput(f"assignments[{i}].member_ids", "no official " + ", ".join(unknown))
        found.append(
            plans.Assignment(
                course,
                kind,
                due,
                field(form, f"designation_{i}").strip(),
                field(form, f"group_{i}").strip(),
                tuple(members),
                bool(field(form, f"appraisal_{i}")),
            )
        )
    return found


@router.post("/plans/{plan_id}/edit")
def edit(
    request: Request, plan_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep
) -> Response:
    name = field(form, "name").strip() or None
    plans.edit_draft(session, visitor.principal, plan_id, name, _rows(session, form))
    return redirect(f"/plans/{plan_id}")


@router.post("/plans/{plan_id}/submit")
def submit(plan_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep) -> Response:
    plans.submit(session, visitor.principal, plan_id)
    return redirect(f"/plans/{plan_id}")


@router.post("/plans/{plan_id}/decision")
def decide(plan_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep) -> Response:
    outcome = field(form, "outcome")
    if outcome not in ("approve", "reject"):
        raise InvalidInput("outcome", "approve or reject")
    approval.decide(session, visitor.principal, plan_id, outcome, field(form, "reason"))
    return redirect(f"/plans/{plan_id}")


@router.post("/plans/{plan_id}/live")
def live(plan_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep) -> Response:
    plans.go_live(session, visitor.principal, plan_id)
    return redirect(f"/plans/{plan_id}")


@router.post("/plans/{plan_id}/revise")
def revise(plan_id: uuid.UUID, session: SessionDep, visitor: VisitorDep, form: FormDep) -> Response:
    revision = plans.revise(session, visitor.principal, plan_id)
    return redirect(f"/plans/{revision.id}")


def _commission(visitor: VisitorDep) -> None:
    reports.require_commission(visitor.principal)


@router.get("/commission/priorities")
def priorities_page(
    request: Request, session: SessionDep, visitor: VisitorDep, year: YearQuery = None
) -> Response:
    _commission(visitor)
    year = _year(year)
    current = priorities.current(session, year)
    names = dict(
        session.execute(
            select(Competency.id, Competency.name)
            .where(Competency.status == "verified")
            .order_by(Competency.name)
            .limit(1000)
        ).all()
    )
    rows = [*current.items, None, None, None]
    context = {
        "year": year,
        "current": current,
        "names": names,
        "rows": rows,
        "history": priorities.history(session, year),
    }
    return render(request, "governance/priorities.html", context)


@router.post("/commission/priorities")
def set_priorities(session: SessionDep, visitor: VisitorDep, form: FormDep) -> Response:
    try:
        year = int(field(form, "year"))
        count = min(int(field(form, "rows") or "0"), MAX_ROWS)
    except ValueError:
        raise InvalidInput("year", "must be a year such as 2026") from None
    items = []
    for i in range(count):
        competency = parse_uuid(field(form, f"competency_{i}"))
        if competency is None:
            continue
        try:
            weight = float(field(form, f"weight_{i}"))
        except ValueError:
            raise InvalidInput(f"priorities[{i}].weight", "must be a number") from None
        items.append(priorities.Priority(competency, weight))
    priorities.set_priorities(session, visitor.principal, year, items)
    return redirect(f"/commission/priorities?year={year}")


def _ranking_chart(request: Request, cards: list[scorecards.Scorecard]) -> Markup | None:
    if not cards:
        return None
    _ = translations(language(request)).gettext
    chart = reports.Chart(
        _("Department scores (0-100)"), tuple((c.name, c.score) for c in cards[:25]), "score", 100.0
    )
    return Markup(chart.svg().replace("<svg ", '<svg class="chart" ', 1))


@router.get("/commission/scorecards")
def scorecard_page(
    request: Request, session: SessionDep, visitor: VisitorDep, year: YearQuery = None
) -> Response:
    """Scorecards and ranking: the Commission sees every department, a department its own."""
    year = _year(year)
    kpis.readable(visitor.principal)
    try:
        run = kpis.latest_run(session, year)
    except NotFound:
        run = None
    cards = scorecards.scorecards(session, visitor.principal, year, run) if run else []
    context = {
        "year": year,
        "run": run,
        "cards": cards,
        "chart": _ranking_chart(request, cards),
        "components": list(scorecards.COMPONENTS),
        "method": scorecards.method(),
        "is_commission": visitor.principal.can(Permission.PLANS_APPROVE, PLATFORM_PATH),
    }
    return render(request, "governance/scorecards.html", context)


@router.post("/commission/kpis")
def compute_kpis(session: SessionDep, visitor: VisitorDep, form: FormDep) -> Response:
    _commission(visitor)
    try:
        year = int(field(form, "year"))
    except ValueError:
        raise InvalidInput("year", "must be a year such as 2026") from None
    kpis.compute(session, year)
    return redirect(f"/commission/scorecards?year={year}")


@router.get("/commission/reports")
def reports_page(
    request: Request, session: SessionDep, visitor: VisitorDep, year: YearQuery = None
) -> Response:
    _commission(visitor)
    year = _year(year)
    names = dict(
        session.execute(
            select(Organisation.id, Organisation.name)
            .where(Organisation.kind == "department")
            .order_by(Organisation.name)
        ).all()
    )
    return render(request, "governance/reports.html", {"year": year, "departments": names})


@router.get("/commission/reports/{year}/state-of-civil-services.{fmt}")
def state_report(year: int, fmt: str, session: SessionDep, visitor: VisitorDep) -> Response:
    if fmt not in ("html", "pdf", "csv", "json"):
        raise NotFound("report format", fmt)
    return report_response(
        reports.state_of_civil_services(session, visitor.principal, priorities.check_year(year)),
        fmt,
        f"state-of-civil-services-{year}",
    )


@router.get("/commission/reports/{year}/departments/{organisation_id}.{fmt}")
def department_report(
    year: int, organisation_id: uuid.UUID, fmt: str, session: SessionDep, visitor: VisitorDep
) -> Response:
    if fmt not in ("html", "pdf", "csv", "json"):
        raise NotFound("report format", fmt)
    report = reports.department_report(
        session, visitor.principal, organisation_id, priorities.check_year(year)
    )
    return report_response(report, fmt, f"annual-report-{organisation_id}-{year}")


@router.get("/provider/kpis")
def provider_kpis(
    request: Request, session: SessionDep, visitor: VisitorDep, year: YearQuery = None
) -> Response:
    """A provider's own KPIs: enrolments, completion rate, ratings, NPS and how far its courses close gaps."""
    year = _year(year)
    try:
        found = kpis.values(session, visitor.principal, year, prefix="provider.")
    except NotFound:
        found = []
    providers = {}
    if found:
        from karmayogi.lms.orm import Provider

        ids = [uuid.UUID(v.subject_id) for v in found]
        providers = {
            str(k): v
            for k, v in session.execute(select(Provider.id, Provider.name).where(Provider.id.in_(ids)))
        }
    table: dict[str, dict[str, float]] = {}
    for v in found:
        table.setdefault(v.subject_id, {})[v.metric] = v.value
    metrics = [
        "provider.enrolments",
        "provider.completion_rate",
        "provider.mean_rating",
        "provider.nps",
        "provider.gap_closure",
    ]
    return render(
        request,
        "governance/provider.html",
        {"year": year, "table": table, "names": providers, "metrics": metrics},
    )


@router.get("/points")
def points(request: Request, session: SessionDep, visitor: VisitorDep, year: YearQuery = None) -> Response:
    """My learning points and my place, with my department's top of the leaderboard."""
    year = _year(year)
    try:
        board = scorecards.leaderboard(session, year)
    except NotFound:
        board = []
    mine = next((s for s in board if s.user_id == visitor.user.id), None)
    context = {
        "year": year,
        "mine": mine,
        "of": len(board),
        "top": board[:10],
        "rule": scorecards.POINTS_RULE,
    }
    return render(request, "governance/points.html", context)


__all__ = ["N_", "router"]
