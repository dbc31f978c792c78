"""Capacity-building governance: priorities, plans and their approval, KPIs, scorecards, the
leaderboard, the subscription ledger and the annual reports. Scoping is decided in lms: a
department sees its own plans and KPIs, the Commission all."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from karmayogi.api.deps import PrincipalDep, SessionDep
from karmayogi.api.report_files import file_response, report_response
from karmayogi.api.schemas import MAX_NUMBER, Body, Out, shape_of
from karmayogi.lms.decisions.entries import MAX_REASON
from karmayogi.lms.governance import approval, drafting, kpis, ledger, plans, priorities, reports, scorecards
from karmayogi.lms.governance.metrics import REGISTRY
from karmayogi.lms.orm import PlanEvent

router = APIRouter(tags=["governance"])
Year = Annotated[int, Path(ge=priorities.MIN_YEAR, le=priorities.MAX_YEAR)]


class PriorityIn(Body):
    competency_id: uuid.UUID
    weight: float = Field(gt=0, le=100)
    note: str = Field("", max_length=1000)


class PrioritiesIn(Body):
    priorities: list[PriorityIn] = Field(min_length=1, max_length=priorities.MAX_PRIORITIES)


class PriorityOut(BaseModel):
    competency_id: uuid.UUID
    weight: float
    note: str


class PrioritiesOut(BaseModel):
    year: int
    version: int
    set_by: uuid.UUID | None
    set_at: datetime | None
    priorities: list[PriorityOut]


def _priorities(p: priorities.PrioritySet) -> PrioritiesOut:
    return PrioritiesOut(
        year=p.year,
        version=p.version,
        set_by=p.set_by,
        set_at=p.set_at,
        priorities=[
            PriorityOut(competency_id=i.competency_id, weight=i.weight, note=i.note) for i in p.items
        ],
    )


class AssignmentIn(Body):
    course_id: uuid.UUID
    target_kind: Literal["everyone", "designation", "official", "group"]
    due_on: date
    designation: str = Field("", max_length=200)
    group_name: str = Field("", max_length=200)
    member_ids: list[uuid.UUID] = Field([], max_length=plans.MAX_MEMBERS)
    appraisal_linked: bool = False

    def to_assignment(self) -> plans.Assignment:
        return plans.Assignment(
            self.course_id,
            self.target_kind,
            self.due_on,
            self.designation,
            self.group_name,
            tuple(self.member_ids),
            self.appraisal_linked,
        )


class PlanIn(Body):
    organisation_id: uuid.UUID
    year: int = Field(ge=priorities.MIN_YEAR, le=priorities.MAX_YEAR)
    name: str = Field(min_length=1, max_length=200)
    assignments: list[AssignmentIn] = Field([], max_length=plans.MAX_ASSIGNMENTS)


class PlanEditIn(Body):
    name: str | None = Field(None, min_length=1, max_length=200)
    assignments: list[AssignmentIn] = Field(max_length=plans.MAX_ASSIGNMENTS)


class DraftIn(Body):
    organisation_id: uuid.UUID
    year: int = Field(ge=priorities.MIN_YEAR, le=priorities.MAX_YEAR)
    competencies: int = Field(drafting.DEFAULT_COMPETENCIES, ge=1, le=drafting.MAX_COMPETENCIES)
    extra_priority_weights: dict[uuid.UUID, float] = Field(
        {}, max_length=500, description="extra weight per competency, added to the national priority weight"
    )
    rupees_per_hour: float = Field(drafting.DEFAULT_RUPEES_PER_HOUR, gt=0, le=1_000_000)
    grievance_signals: bool = Field(
        True, description="raise the priority of competencies the department's grievances point at"
    )
    save: bool = Field(True, description="keep it as the department's draft plan; false to preview")


class DecisionIn(Body):
    outcome: Literal["approve", "reject"]
    reason: str = Field(max_length=MAX_REASON)


class RetireIn(Body):
    note: str = Field("", max_length=1000)


class AssignmentOut(BaseModel):
    course_id: uuid.UUID
    target_kind: str
    due_on: date
    designation: str
    group_name: str
    member_ids: list[uuid.UUID]
    appraisal_linked: bool


class PlanOut(BaseModel):
    id: uuid.UUID | None
    organisation_id: uuid.UUID
    year: int
    revision: int
    name: str
    state: str
    revises_id: uuid.UUID | None
    decision_case_id: uuid.UUID | None
    assignments: list[AssignmentOut]
    basis: dict[str, object]


def _plan(plan: plans.Plan) -> PlanOut:
    return PlanOut(
        id=plan.id,
        organisation_id=plan.organisation_id,
        year=plan.year,
        revision=plan.revision,
        name=plan.name,
        state=plan.state,
        revises_id=plan.revises_id,
        decision_case_id=plan.decision_case_id,
        assignments=[
            AssignmentOut(**{**a.__dict__, "member_ids": list(a.member_ids)}) for a in plan.assignments
        ],
        basis=plan.basis,
    )


class EventOut(Out):
    action: str
    from_state: str
    to_state: str
    actor_id: uuid.UUID | None
    note: str
    at: datetime


class KpiRunOut(Out):
    id: uuid.UUID
    year: int
    computed_at: datetime
    inputs_version: str
    registry_version: str
    runner: str
    seconds: float


class KpiValueOut(Out):
    metric: str
    subject_id: str
    organisation_id: uuid.UUID | None
    value: float


class KpisOut(BaseModel):
    run: KpiRunOut
    values: list[KpiValueOut]


class MetricOut(BaseModel):
    name: str
    subject: str
    unit: str
    definition: str


class ScorecardOut(BaseModel):
    rank: int
    department_id: uuid.UUID
    name: str
    headcount: int
    score: float
    components: dict[str, dict[str, float]]


class ScorecardsOut(BaseModel):
    year: int
    method: dict[str, object]
    run: KpiRunOut
    scorecards: list[ScorecardOut]


class StandingOut(BaseModel):
    user_id: uuid.UUID
    name: str
    points: float
    place: int


class LeaderboardOut(BaseModel):
    year: int
    rule: dict[str, object]
    standings: list[StandingOut]


class PointsOut(BaseModel):
    year: int
    rule: dict[str, object]
    points: float
    place: int | None
    of: int


class ChargeIn(Body):
    reference_date: date
    fee_paise: int = Field(ledger.DEFAULT_FEE_PAISE, ge=0, le=10**9)


class AdjustmentIn(Body):
    amount_paise: int = Field(ge=-ledger.MAX_AMOUNT_PAISE, le=ledger.MAX_AMOUNT_PAISE)
    note: str = Field(max_length=ledger.MAX_NOTE)


class PaymentIn(Body):
    amount_paise: int = Field(gt=0, le=ledger.MAX_AMOUNT_PAISE)
    note: str = Field("", max_length=ledger.MAX_NOTE)


LedgerLineOut = shape_of(ledger.Line, "LedgerLineOut")


class StatementOut(BaseModel):
    organisation_id: uuid.UUID
    organisation: str
    year: int
    balance_paise: int
    lines: list[LedgerLineOut]


@router.get("/priorities/{year}", response_model=PrioritiesOut)
def get_priorities(
    year: Year,
    session: SessionDep,
    principal: PrincipalDep,
    version: int | None = Query(None, ge=1, le=MAX_NUMBER),
) -> object:
    return _priorities(priorities.current(session, year, version))


@router.put("/priorities/{year}", response_model=PrioritiesOut)
def put_priorities(year: Year, body: PrioritiesIn, session: SessionDep, principal: PrincipalDep) -> object:
    """The Commission sets the year's priorities; each setting is a new version."""
    items = [priorities.Priority(p.competency_id, p.weight, p.note) for p in body.priorities]
    return _priorities(priorities.set_priorities(session, principal, year, items))


@router.post("/plans/drafts", response_model=PlanOut, status_code=201)
def generate_draft(body: DraftIn, session: SessionDep, principal: PrincipalDep) -> object:
    """A draft from the department's gaps; kept as its draft plan unless `save` is false."""
    options = {
        "competencies": body.competencies,
        "extra_priority_weights": body.extra_priority_weights,
        "rupees_per_hour": body.rupees_per_hour,
        "grievance_signals": body.grievance_signals,
    }
    if body.save:
        return _plan(
            drafting.generate_and_save(session, principal, body.organisation_id, body.year, **options)
        )
    draft = drafting.generate(session, principal, body.organisation_id, body.year, **options)  # type: ignore[arg-type]
    return _plan(
        plans.Plan(
            None,
            body.organisation_id,
            body.year,
            0,
            draft.name,
            "preview",
            None,
            None,
            draft.assignments,
            draft.basis,
        )  # type: ignore[arg-type]
    )


@router.post("/plans", response_model=PlanOut, status_code=201)
def create_plan(body: PlanIn, session: SessionDep, principal: PrincipalDep) -> object:
    assignments = [a.to_assignment() for a in body.assignments]
    return _plan(
        plans.create_draft(session, principal, body.organisation_id, body.year, body.name, assignments)
    )


@router.get("/plans", response_model=list[PlanOut])
def list_plans(
    session: SessionDep,
    principal: PrincipalDep,
    year: int | None = Query(None, ge=priorities.MIN_YEAR, le=priorities.MAX_YEAR),
    organisation_id: uuid.UUID | None = None,
) -> object:
    return [_plan(p) for p in plans.list_plans(session, principal, year, organisation_id)]


@router.get("/plans/{plan_id}", response_model=PlanOut)
def get_plan(plan_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> object:
    return _plan(plans.get(session, principal, plan_id))


@router.put("/plans/{plan_id}", response_model=PlanOut)
def edit_plan(plan_id: uuid.UUID, body: PlanEditIn, session: SessionDep, principal: PrincipalDep) -> object:
    assignments = [a.to_assignment() for a in body.assignments]
    return _plan(plans.edit_draft(session, principal, plan_id, body.name, assignments))


@router.get("/plans/{plan_id}/events", response_model=list[EventOut])
def plan_events(plan_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> list[PlanEvent]:
    return plans.events(session, principal, plan_id)


@router.post("/plans/{plan_id}/submit", response_model=PlanOut)
def submit_plan(plan_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> object:
    return _plan(plans.submit(session, principal, plan_id))


@router.post("/plans/{plan_id}/decision", response_model=PlanOut)
def decide_plan(plan_id: uuid.UUID, body: DecisionIn, session: SessionDep, principal: PrincipalDep) -> object:
    """The Commission approves or rejects the submission, with a reason (the plan-approval case)."""
    return _plan(approval.decide(session, principal, plan_id, body.outcome, body.reason))


class AppealIn(Body):
    grounds: str = Field(max_length=MAX_REASON)


@router.post("/plans/{plan_id}/appeal", response_model=PlanOut)
def appeal_plan(plan_id: uuid.UUID, body: AppealIn, session: SessionDep, principal: PrincipalDep) -> object:
    """The person who submitted appeals a rejection; someone else at the Commission re-decides."""
    return _plan(approval.appeal(session, principal, plan_id, body.grounds))


@router.post("/plans/{plan_id}/redecision", response_model=PlanOut)
def redecide_plan(
    plan_id: uuid.UUID, body: DecisionIn, session: SessionDep, principal: PrincipalDep
) -> object:
    return _plan(approval.redecide(session, principal, plan_id, body.outcome, body.reason))


@router.post("/plans/{plan_id}/live", response_model=PlanOut)
def plan_live(plan_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> object:
    return _plan(plans.go_live(session, principal, plan_id))


@router.post("/plans/{plan_id}/revisions", response_model=PlanOut, status_code=201)
def revise_plan(plan_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> object:
    return _plan(plans.revise(session, principal, plan_id))


@router.post("/plans/{plan_id}/retire", response_model=PlanOut)
def retire_plan(plan_id: uuid.UUID, body: RetireIn, session: SessionDep, principal: PrincipalDep) -> object:
    return _plan(plans.retire(session, principal, plan_id, body.note))


@router.get("/kpis/registry", response_model=list[MetricOut])
def registry() -> object:
    return [
        MetricOut(name=m.name, subject=m.subject, unit=m.unit, definition=m.definition)
        for m in REGISTRY.values()
    ]


@router.post("/kpis/{year}/runs", response_model=KpiRunOut, status_code=201)
def compute_kpis(year: Year, session: SessionDep, principal: PrincipalDep) -> object:
    """Compute every metric for the year now (the Commission); readers then see this run."""
    reports.require_commission(principal)
    return kpis.compute(session, year)


@router.get("/kpis/{year}", response_model=KpisOut)
def read_kpis(
    year: Year,
    session: SessionDep,
    principal: PrincipalDep,
    metric: str | None = Query(None, max_length=64),
    organisation_id: uuid.UUID | None = None,
) -> object:
    run = kpis.latest_run(session, year)
    return KpisOut(
        run=KpiRunOut.model_validate(run),
        values=[
            KpiValueOut.model_validate(v)
            for v in kpis.values(session, principal, year, metric, organisation_id, run)
        ],
    )


@router.get("/scorecards/{year}", response_model=ScorecardsOut)
def read_scorecards(year: Year, session: SessionDep, principal: PrincipalDep) -> object:
    run = kpis.latest_run(session, year)
    return ScorecardsOut(
        year=year,
        method=scorecards.method(),
        run=KpiRunOut.model_validate(run),
        scorecards=[_card(c) for c in scorecards.scorecards(session, principal, year, run)],
    )


def _card(c: scorecards.Scorecard) -> ScorecardOut:
    return ScorecardOut(
        rank=c.rank,
        department_id=c.department_id,
        name=c.name,
        headcount=c.headcount,
        score=c.score,
        components={k: {"raw": r, "score": s} for k, (r, s) in c.components.items()},
    )


@router.get("/leaderboard/{year}", response_model=LeaderboardOut)
def read_leaderboard(
    year: Year,
    session: SessionDep,
    principal: PrincipalDep,
    department_id: uuid.UUID | None = None,
    limit: int = Query(50, ge=1, le=500),
) -> object:
    """Learning points, highest first: of a department, or of the whole service."""
    standings = scorecards.leaderboard(session, year, department_id)[:limit]
    return LeaderboardOut(
        year=year, rule=scorecards.POINTS_RULE, standings=[StandingOut(**s.__dict__) for s in standings]
    )


@router.get("/me/points/{year}", response_model=PointsOut)
def my_points(year: Year, session: SessionDep, principal: PrincipalDep) -> object:
    return my_standing(session, principal.id, year)


def my_standing(session: Session, user_id: uuid.UUID, year: int) -> PointsOut:
    board = scorecards.leaderboard(session, year)
    mine = next((s for s in board if s.user_id == user_id), None)
    return PointsOut(
        year=year,
        rule=scorecards.POINTS_RULE,
        points=mine.points if mine else 0.0,
        place=mine.place if mine else None,
        of=len(board),
    )


@router.post("/subscriptions/{organisation_id}/{year}/charge", response_model=LedgerLineOut, status_code=201)
def charge(
    organisation_id: uuid.UUID, year: Year, body: ChargeIn, session: SessionDep, principal: PrincipalDep
) -> object:
    row = ledger.charge(session, principal, organisation_id, year, body.reference_date, body.fee_paise)
    return _line(session, principal, organisation_id, year, row.id)


@router.post(
    "/subscriptions/{organisation_id}/{year}/adjustments", response_model=LedgerLineOut, status_code=201
)
def adjust(
    organisation_id: uuid.UUID, year: Year, body: AdjustmentIn, session: SessionDep, principal: PrincipalDep
) -> object:
    row = ledger.adjust(session, principal, organisation_id, year, body.amount_paise, body.note)
    return _line(session, principal, organisation_id, year, row.id)


@router.post(
    "/subscriptions/{organisation_id}/{year}/payments", response_model=LedgerLineOut, status_code=201
)
def pay(
    organisation_id: uuid.UUID, year: Year, body: PaymentIn, session: SessionDep, principal: PrincipalDep
) -> object:
    row = ledger.pay(session, principal, organisation_id, year, body.amount_paise, body.note)
    return _line(session, principal, organisation_id, year, row.id)


def _line(
    session: Session, principal: PrincipalDep, organisation_id: uuid.UUID, year: int, row_id: uuid.UUID
) -> LedgerLineOut:
    account = ledger.statement(session, principal, organisation_id, year)
    line = next(line for line in account.lines if line.id == row_id)
    return LedgerLineOut(**line.__dict__)


@router.get("/subscriptions/{organisation_id}/{year}", response_model=StatementOut)
def statement(organisation_id: uuid.UUID, year: Year, session: SessionDep, principal: PrincipalDep) -> object:
    account = ledger.statement(session, principal, organisation_id, year)
    return StatementOut(
        organisation_id=account.organisation_id,
        organisation=account.organisation,
        year=account.year,
        balance_paise=account.balance_paise,
        lines=[LedgerLineOut(**line.__dict__) for line in account.lines],
    )


@router.get("/subscriptions/{organisation_id}/{year}/statement.{fmt}")
def statement_file(
    organisation_id: uuid.UUID,
    year: Year,
    fmt: Literal["csv", "pdf"],
    session: SessionDep,
    principal: PrincipalDep,
) -> Response:
    account = ledger.statement(session, principal, organisation_id, year)
    name = f"statement-{organisation_id}-{year}.{fmt}"
    if fmt == "csv":
        return file_response(ledger.statement_csv(account).encode(), "text/csv; charset=utf-8", name)
    return file_response(reports.statement_pdf(account), "application/pdf", name)


Format = Literal["html", "pdf", "csv", "json"]


@router.get("/reports/{year}/state-of-civil-services.{fmt}")
def state_report(year: Year, fmt: Format, session: SessionDep, principal: PrincipalDep) -> Response:
    report = reports.state_of_civil_services(session, principal, year)
    return report_response(report, fmt, f"state-of-civil-services-{year}")


@router.get("/reports/{year}/departments/{organisation_id}.{fmt}")
def department_report(
    year: Year, organisation_id: uuid.UUID, fmt: Format, session: SessionDep, principal: PrincipalDep
) -> Response:
    report = reports.department_report(session, principal, organisation_id, year)
    return report_response(report, fmt, f"annual-report-{organisation_id}-{year}")
