"""`karmayogi plans draft`, `karmayogi kpis compute` and `karmayogi reports build` on a real database."""

from __future__ import annotations

import json

from pypdf import PdfReader
from typer.testing import CliRunner

from karmayogi.api.cli import app

runner = CliRunner()


def _cli(db, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env={"KARMAYOGI_DATABASE_URL": db.url})


def test_draft_compute_and_build(world, db, tmp_path):
    draft = _cli(db, "plans", "draft", "--department", str(world.a.department), "--year", "2026")
    assert draft.exit_code == 0, draft.output
    found = json.loads(draft.output)
    assert found["basis"]["headcount"] >= 1 and "cover" in found["basis"]
    run = _cli(db, "kpis", "compute", "--year", "2026")
    assert run.exit_code == 0, run.output
    assert len(json.loads(run.output)["inputs_version"]) == 64
    built = _cli(db, "reports", "build", "--year", "2026", "--out", str(tmp_path))
    assert built.exit_code == 0, built.output
    state = tmp_path / "state-of-civil-services-2026.pdf"
    assert "Department scores" in PdfReader(state).pages[0].extract_text()
    assert (tmp_path / f"department-{world.a.department}-2026.html").read_text().count("<svg") == 1


def test_bad_input_is_named(db):
    missing = _cli(
        db, "plans", "draft", "--department", "00000000-0000-0000-0000-000000000001", "--year", "2026"
    )
    assert missing.exit_code == 2 and "organisation_id" in missing.output
    assert _cli(db, "kpis", "compute", "--year", "1999").exit_code == 2
