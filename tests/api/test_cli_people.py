"""`karmayogi people import` of an HRMS export after `karmayogi setup`, on both backends."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from karmayogi.api.cli import app
from karmayogi.lms.db import Database
from karmayogi.lms.orm import Grant, Organisation, Position, User

runner = CliRunner()
DOCS = Path(__file__).parents[2] / "docs"
HEADER = (
    "Employee Code,Name,Email,Designation,Pay Level,Service,Cadre,Organisation,Supervisor Code,"
    "Date of Joining,Probation End"
)


@pytest.fixture
def deployment(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """A database set up from the sample tree, with its first platform administrator."""
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", db.url)
    password = tmp_path / "password"
    password.write_text("a long enough secret\n")
    result = runner.invoke(
        app,
        ["setup", "--organisations", str(DOCS / "organisations.sample.csv"), "--admin-email",
         "admin@dopt.gov.in", "--admin-name", "Admin", "--admin-org", "DOPT",
         "--password-file", str(password)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return db


def _import(path: Path, *flags: str) -> tuple[int, dict[str, object] | None, str]:
    result = runner.invoke(app, ["people", "import", str(path), *flags])
    report = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, report, " ".join(result.output.split())


def _people(db: Database) -> dict[str, User]:
    with db.transaction() as session:
        return {
            u.employee_code: u for u in session.scalars(select(User).where(User.employee_code.is_not(None)))
        }


def test_the_sample_imports_once_and_again_changes_nothing(deployment):
    sample = DOCS / "people.sample.csv"
    code, dry, _ = _import(sample, "--dry-run")
    assert code == 0 and dry == {
        "created": 8, "updated": 0, "unchanged": 0, "positions_created": 8, "dry_run": True
    }  # fmt: skip
    assert _people(deployment) == {}

    code, first, _ = _import(sample)
    assert code == 0 and first is not None and first["created"] == 8
    people = _people(deployment)
    assert people["DOPT0003"].supervisor_id == people["DOPT0002"].id
    assert people["DOPT0004"].probation_status == "on_probation"
    assert people["DOPT0004"].probation_end_date == date(2027, 6, 1)
    assert people["DOPT0001"].service == "Indian Administrative Service"
    assert people["DOPT0001"].password_hash is None  # signs in once a password is set
    with deployment.transaction() as session:
        position = session.get(Position, people["DOPT0003"].position_id)
        assert position is not None
        assert (position.designation, position.pay_level, position.status) == ("Under Secretary", 11, "draft")

    code, again, _ = _import(sample)
    assert code == 0 and again == {
        "created": 0, "updated": 0, "unchanged": 8, "positions_created": 0, "dry_run": False
    }  # fmt: skip
    with deployment.transaction() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 9
        assert session.scalar(select(func.count()).select_from(Position)) == 8


def test_a_newer_export_updates_in_place_keyed_on_the_employee_code(deployment, tmp_path):
    _import(DOCS / "people.sample.csv")
    before = _people(deployment)
    newer = tmp_path / "newer.csv"
    newer.write_text(
        f"{HEADER}\n"
        "DOPT0003,Sunita Rao Iyer,sunita.iyer@dopt.gov.in,Deputy Secretary,Level 12,"
        "Central Secretariat Service,CSS,ISTM,ISTM0001,2014-03-17,\n"
    )
    code, report, output = _import(newer)
    assert code == 0, output
    assert report == {"created": 0, "updated": 1, "unchanged": 0, "positions_created": 1, "dry_run": False}
    after = _people(deployment)["DOPT0003"]
    assert after.id == before["DOPT0003"].id
    assert (after.full_name, after.email) == ("Sunita Rao Iyer", "sunita.iyer@dopt.gov.in")
    assert after.supervisor_id == before["ISTM0001"].id
    assert after.organisation_id != before["DOPT0003"].organisation_id


def test_an_excel_export_with_dates_and_numbers_as_cells(deployment, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    joined, confirmed = datetime(2025, 1, 6), datetime(2027, 1, 5)
    sheet.append(["NIC0001", "Asha Pillai", "asha.pillai@cga.gov.in", "Accounts Officer", 10, "ICAS", "ICAS",
                  "Controller General of Accounts", None, joined, confirmed])  # fmt: skip
    sheet.append([None] * 11)
    path = tmp_path / "hrms.xlsx"
    book.save(path)
    code, report, output = _import(path)
    assert code == 0, output
    assert report is not None and report["created"] == 1
    asha = _people(deployment)["NIC0001"]
    assert (asha.date_of_joining, asha.probation_end_date) == (date(2025, 1, 6), date(2027, 1, 5))


def test_every_bad_row_is_named_and_nothing_is_written(deployment, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{HEADER}\n"
        "G1,Good Person,good@dopt.gov.in,Director,13,,,DOPT,,2010-01-01,\n"
        "B1,No Email,not-an-email,Director,Level 40,,,DOPT,,2020-13-01,\n"
        "B2,Lost,lost@dopt.gov.in,,,,,Nowhere,,,\n"
        "B3,Orphan,orphan@dopt.gov.in,,,,,DOPT,ZZZ9,,\n"
        "G1,Twice,twice@dopt.gov.in,,,,,DOPT,,,\n"
        "B5,Early,early@dopt.gov.in,,,,,DOPT,,2020-05-01,2019-01-01\n"
    )
    code, _, output = _import(bad)
    assert code == 1
    for expected in (
        "line 3: email",
        "line 3: pay_level: 'Level 40'",
        "line 3: date_of_joining: '2020-13-01'",
        "line 4 (B2): organisation: 'Nowhere'",
        "line 5 (B3): supervisor_code: no official has the employee code ZZZ9",
        "line 6: employee_code: G1 is also on line 2",
        "line 7: probation_end: cannot be before the date of joining",
        "nothing was imported",
    ):
        assert expected in output
    assert _people(deployment) == {}


def test_a_file_without_the_required_columns_is_refused(deployment, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("Code,Name\n1,A\n")
    code, _, output = _import(path)
    assert code == 1 and "missing column(s) employee_code, email, organisation" in output


def test_an_import_outside_the_importers_scope_is_refused(deployment, tmp_path):
    _import(DOCS / "people.sample.csv")
    with deployment.transaction() as session:  # an HR cell of the Department of Expenditure only
        doe = session.scalar(select(Organisation).where(Organisation.code == "DOE"))
        hr = _people(deployment)["CGA0001"]
        assert doe is not None
        session.add(Grant(user_id=hr.id, role="hr_cell", organisation_id=doe.id))
    code, _, output = _import(DOCS / "people.sample.csv", "--as", "deepak.joshi@cga.gov.in")
    assert code == 1
    assert "line 2 (DOPT0001): organisation: 'DOPT' is outside your scope" in output
    assert "CGA0001" not in output
