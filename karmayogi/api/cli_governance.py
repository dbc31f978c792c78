"""`karmayogi plans`, `karmayogi kpis` and `karmayogi reports`: the operator's batch work for
capacity-building governance. Run by the platform's operator, with the whole service in scope;
approvals stay with named people in the portal and the API."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Annotated

import typer

from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.errors import DomainError
from karmayogi.lms.governance import drafting, kpis, reports, scorecards
from karmayogi.lms.permissions import PLATFORM_PATH, Principal, Role, ScopedRole
from karmayogi.recommender.batch import InProcessRunner

plans_app = typer.Typer(help="Annual Capacity Building Plans.", no_args_is_help=True)
kpis_app = typer.Typer(help="KPIs of the metrics registry.", no_args_is_help=True)
reports_app = typer.Typer(help="Annual reports.", no_args_is_help=True)

YearOption = Annotated[int, typer.Option("--year", min=2000, max=2100, help="the calendar year")]
OPERATOR = Principal(
    "operator", uuid.UUID(int=0), uuid.UUID(int=0), (ScopedRole(Role.PLATFORM_ADMIN, PLATFORM_PATH),)
)


def _run(work):  # type: ignore[no-untyped-def]
    db = Database(Settings.from_env().database_url)
    try:
        with db.transaction() as session:
            return work(session, db)
    except DomainError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        db.dispose()


@plans_app.command("draft")
def draft(
    department: Annotated[uuid.UUID, typer.Option("--department", help="the department's organisation id")],
    year: YearOption,
    competencies: Annotated[
        int, typer.Option(min=1, max=drafting.MAX_COMPETENCIES)
    ] = drafting.DEFAULT_COMPETENCIES,
    save: Annotated[bool, typer.Option(help="keep it as the department's draft plan")] = False,
) -> None:
    """Print, as JSON, a plan drafted from the department's gaps (and keep it with --save)."""

    def work(session, db):  # type: ignore[no-untyped-def]
        if save:
            plan = drafting.generate_and_save(session, OPERATOR, department, year, competencies=competencies)
            return {
                "plan_id": str(plan.id),
                "name": plan.name,
                "assignments": [a.to_json() for a in plan.assignments],
                "basis": plan.basis,
            }
        found = drafting.generate(session, OPERATOR, department, year, competencies=competencies)
        return {
            "name": found.name,
            "assignments": [a.to_json() for a in found.assignments],
            "basis": found.basis,
        }

    typer.echo(json.dumps(_run(work), indent=2))


@kpis_app.command("compute")
def compute(year: YearOption, workers: Annotated[int, typer.Option(min=1, max=64)] = 1) -> None:
    """Compute every metric for the year and keep the run; prints the run as JSON."""

    def work(session, db):  # type: ignore[no-untyped-def]
        runner = InProcessRunner(workers=workers, partition_size=64) if workers > 1 else None
        run = kpis.compute(session, year, runner=runner, database_url=db.url)
        return {
            "run_id": str(run.id),
            "year": run.year,
            "computed_at": run.computed_at.isoformat(),
            "inputs_version": run.inputs_version,
            "seconds": run.seconds,
        }

    typer.echo(json.dumps(_run(work), indent=2))


@reports_app.command("build")
def build(
    year: YearOption,
    out: Annotated[Path, typer.Option("--out", help="folder for the files")] = Path("var/reports"),
    departments: Annotated[bool, typer.Option(help="also each department's annual report")] = True,
) -> None:
    """Write the State of Civil Services and the departments' annual reports as HTML, PDF, CSV, JSON."""

    def work(session, db):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        out.mkdir(parents=True, exist_ok=True)
        built = []
        wanted = [("state-of-civil-services", reports.state_of_civil_services(session, OPERATOR, year))]
        if departments:
            ranked = scorecards.scorecards(session, OPERATOR, year)
            for department_id in reports.department_ids(session, year):
                report = reports.department_report(session, OPERATOR, department_id, year, ranked)
                wanted.append((f"department-{department_id}", report))
        for name, report in wanted:
            stem = out / f"{name}-{year}"
            stem.with_suffix(".html").write_text(reports.html(report), encoding="utf-8")
            stem.with_suffix(".pdf").write_bytes(reports.pdf(report))
            stem.with_suffix(".csv").write_text(reports.as_csv(report), encoding="utf-8")
            stem.with_suffix(".json").write_text(reports.as_json(report), encoding="utf-8")
            built.append(str(stem))
        return {
            "reports": built,
            "seconds": round(time.perf_counter() - started, 3),
            "method": scorecards.METHOD_VERSION,
        }

    typer.echo(json.dumps(_run(work), indent=2))
