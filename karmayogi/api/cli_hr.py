"""`karmayogi hr`: batch work for HR cells. The platform proposes; people decide through the API."""

import json
import uuid
from datetime import date
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from karmayogi.lms import vacancies
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database, utcnow
from karmayogi.lms.decisions import posting, probation, store
from karmayogi.lms.decisions.entries import APPEAL_DAYS
from karmayogi.lms.errors import DomainError
from karmayogi.lms.orm import Organisation
from karmayogi.lms.permissions import PLATFORM_PATH

app = typer.Typer(help="HR cells: probation queues and decision records.", no_args_is_help=True)
probation_app = typer.Typer(help="Confirmation after probation.", no_args_is_help=True)
decisions_app = typer.Typer(help="Decision records.", no_args_is_help=True)
vacancies_app = typer.Typer(help="Deployment fit for a position.", no_args_is_help=True)
postings_app = typer.Typer(help="Posting orders.", no_args_is_help=True)
app.add_typer(postings_app, name="postings")
app.add_typer(probation_app, name="probation")
app.add_typer(vacancies_app, name="vacancies")
app.add_typer(decisions_app, name="decisions")

Within = Annotated[
    int, typer.Option("--within-days", min=0, max=probation.MAX_WITHIN_DAYS, help="probation ending within")
]
Scope = Annotated[
    uuid.UUID | None, typer.Option("--organisation", help="only officials of this organisation and beneath")
]
Today = Annotated[str | None, typer.Option("--today", help="count from this day (YYYY-MM-DD); default today")]


def _paths(session: Session, organisation: uuid.UUID | None) -> list[str]:
    if organisation is None:
        return [PLATFORM_PATH]
    org = session.get(Organisation, organisation)
    if org is None:
        raise typer.BadParameter(f"no organisation {organisation}", param_hint="--organisation")
    return [org.path]


def _day(today: str | None) -> date:
    if today is None:
        return utcnow().date()
    try:
        return date.fromisoformat(today)
    except ValueError:
        raise typer.BadParameter("must be a date as YYYY-MM-DD", param_hint="--today") from None


def _run(work):  # type: ignore[no-untyped-def]
    db = Database(Settings.from_env().database_url)
    try:
        with db.transaction() as session:
            return work(session)
    except DomainError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        db.dispose()


@probation_app.command("due")
def due(within: Within = 30, organisation: Scope = None, today: Today = None) -> None:
    """Print, as JSON, the officials whose probation ends within the days (or has ended undecided)."""
    day = _day(today)

    def work(session: Session) -> list[dict[str, object]]:
        return [
            {
                "user_id": str(u.id),
                "full_name": u.full_name,
                "organisation_id": str(u.organisation_id),
                "service": u.service,
                "cadre": u.cadre,
                "probation_status": u.probation_status,
                "probation_end_date": u.probation_end_date.isoformat() if u.probation_end_date else None,
            }
            for u in probation.due(session, _paths(session, organisation), within, day)
        ]

    typer.echo(json.dumps(_run(work), ensure_ascii=False))


@probation_app.command("propose")
def propose(
    within: Within = 30,
    organisation: Scope = None,
    today: Today = None,
    appeal_days: Annotated[int, typer.Option(min=0, max=365, help="period for an appeal")] = APPEAL_DAYS,
) -> None:
    """Open a proposal (confirm, extend or review) for each official due; an HR officer decides each."""
    day = _day(today)

    def work(session: Session) -> dict[str, object]:
        found = probation.propose_due(session, _paths(session, organisation), within, day, appeal_days)
        return {
            "opened": sum(p.opened for p in found),
            "already_open": sum(not p.opened for p in found),
            "proposals": [
                {
                    "decision_id": str(p.case.id),
                    "user_id": str(p.user.id),
                    "proposed": p.case.proposal.outcome,
                    "state": p.case.state.value,
                    "opened": p.opened,
                }
                for p in found
            ],
        }

    typer.echo(json.dumps(_run(work)))


@decisions_app.command("verify")
def verify(decision: Annotated[uuid.UUID | None, typer.Option(help="check one case only")] = None) -> None:
    """Check every case's hash chain; print {"verified": ..., "breaks": [...]}, exit 1 on a break."""

    def work(session: Session) -> list[dict[str, object]]:
        return [
            {"decision_id": str(b.case_id), "seq": b.seq, "reason": b.reason}
            for b in store.verify(session, decision)
        ]

    breaks = _run(work)
    typer.echo(json.dumps({"verified": not breaks, "breaks": breaks}))
    if breaks:
        raise typer.Exit(1)


@postings_app.command("apply")
def apply_postings(today: Today = None) -> None:
    """Put in force every posting order whose effective date has come (run daily); print what moved."""
    day = _day(today)

    def work(session: Session) -> list[dict[str, object]]:
        return [
            {"order_id": str(o.id), "user_id": str(o.user_id), "position_id": str(o.position_id)}
            for o in posting.apply_due(session, day)
        ]

    typer.echo(json.dumps(_run(work)))


@vacancies_app.command("rank")
def rank(
    vacancy: Annotated[uuid.UUID | None, typer.Option(help="the vacancy, with its eligibility")] = None,
    position: Annotated[uuid.UUID | None, typer.Option(help="or a position, with the options below")] = None,
    organisation: Scope = None,
    pay_level: Annotated[list[int] | None, typer.Option(min=1, max=18, help="eligible pay level")] = None,
    service: Annotated[list[str] | None, typer.Option(help="eligible service")] = None,
    include_probation: Annotated[bool, typer.Option(help="count officials still on probation")] = False,
    max_hours: Annotated[
        float | None, typer.Option(min=0, max=10_000, help="at most this much training")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=vacancies.MAX_LIMIT)] = 20,
) -> None:
    """Print, as JSON, the candidates ranked by fit, each with what they meet, miss and would take."""
    if (vacancy is None) == (position is None):
        raise typer.BadParameter("name one: a vacancy or a position", param_hint="--vacancy / --position")
    eligibility = vacancies.Eligibility(tuple(pay_level or ()), tuple(service or ()), not include_probation)

    def work(session: Session) -> list[dict[str, object]]:
        paths = _paths(session, organisation)
        if vacancy is not None:
            fits = vacancies.rank_for_vacancy(session, paths, vacancy, max_hours, limit)
        else:
            assert position is not None
            fits = vacancies.rank_candidates(session, paths, position, eligibility, max_hours, limit)
        names = vacancies.names_of(session, fits)
        return [vacancies.fit_json(f, names) for f in fits]

    typer.echo(json.dumps(_run(work), ensure_ascii=False))
