"""Service transactions imported by the CLI, measured against the standard in working days, and the
escalation job run by its command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sevottam_world import Offices
from sqlalchemy import func, select
from typer.testing import CliRunner

from karmayogi.api.cli import app
from karmayogi.lms.orm import ServiceTransaction
from karmayogi.lms.sevottam import grievances, performance

runner = CliRunner()


def _cli(offices: Offices, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["sevottam", *args], env={"KARMAYOGI_DATABASE_URL": offices.db.url})


def test_import_measures_delivery_in_working_days(offices: Offices, tmp_path: Path) -> None:
    rows = [
        "organisation_id,service_code,reference,applied_on,delivered_on",
        f"{offices.pensions},pen-sanction,A1,2026-12-01,2026-12-10",  # 7 working days
        f"{offices.pensions},PEN-SANCTION,A2,2026-11-02,2027-01-29",  # well past 30
        f"{offices.pensions},PEN-SANCTION,A3,2026-12-01,",  # pending
    ]
    file = tmp_path / "tx.csv"
    file.write_text("\n".join(rows) + "\n")
    result = _cli(offices, "import-transactions", str(file))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"imported": 3}
    with offices.db.transaction() as session:
        grievances.lodge(
            session,
            ground="charter",
            organisation_id=None,
            service_id=offices.service,
            subject="Delay",
            text="Pending for months",
            citizen_name="A",
            email="a@example.org",
        )
        [p] = performance.of_organisation(session, offices.pensions)
        assert (p.transactions, p.delivered, p.in_time, p.grievances) == (3, 2, 1, 1)
        assert p.share_in_time == 0.5 and round(p.grievances_per_thousand or 0) == 333


def test_a_bad_row_imports_nothing_and_names_its_line(offices: Offices, tmp_path: Path) -> None:
    file = tmp_path / "tx.csv"
    file.write_text(
        "organisation_id,service_code,reference,applied_on,delivered_on\n"
        f"{offices.pensions},PEN-SANCTION,B1,2026-12-01,2026-12-10\n"
        f"{offices.pensions},PEN-SANCTION,B2,2026-12-10,2026-12-01\n"
    )
    result = _cli(offices, "import-transactions", str(file))
    assert result.exit_code == 2 and "line 3.delivered_on" in result.output
    with offices.db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ServiceTransaction)) == 0


def test_the_escalation_command_is_idempotent(offices: Offices) -> None:
    with offices.db.transaction() as session:
        lodged = grievances.lodge(
            session,
            ground="functioning",
            organisation_id=offices.pensions,
            service_id=None,
            subject="Rude",
            text="Staff were rude",
            citizen_name="B",
            mobile="9876543210",
        )
        late = lodged.grievance.due_on.replace(year=lodged.grievance.due_on.year + 1)
    first = _cli(offices, "escalate", "--today", late.isoformat())
    again = _cli(offices, "escalate", "--today", late.isoformat())
    assert json.loads(first.output)["raised"] == {"reminder": 1, "next_level": 1, "commission": 1}
    assert json.loads(again.output)["raised"] == {"reminder": 0, "next_level": 0, "commission": 0}
    assert _cli(offices, "escalate", "--today", "yesterday").exit_code == 2
    assert date.fromisoformat(late.isoformat())
