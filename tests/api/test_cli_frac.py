"""`karmayogi frac` on a demo database: export, validate, import (all or nothing), publish and diff."""

import json
import uuid

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from karmayogi.api.cli import app
from karmayogi.lms.config import Settings
from karmayogi.lms.db import Database
from karmayogi.lms.orm import Competency, Organisation

runner = CliRunner()


@pytest.fixture
def demo_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KARMAYOGI_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KARMAYOGI_DATABASE_URL", raising=False)
    assert runner.invoke(app, ["demo", "seed"]).exit_code == 0
    return tmp_path


def _count_competencies() -> int:
    db = Database(Settings.from_env().database_url)
    try:
        with db.transaction() as session:
            return session.scalar(select(func.count()).select_from(Competency))
    finally:
        db.dispose()


def test_export_validate_publish_and_diff(demo_dir):
    out = demo_dir / "frac.json"
    assert runner.invoke(app, ["frac", "export", "--out", str(out)]).exit_code == 0
    document = json.loads(out.read_text())
    assert document["format"] == "karmayogi-frac" and document["version"] == 1
    case = runner.invoke(app, ["frac", "export", "--format", "case"])
    assert case.exit_code == 0 and json.loads(case.stdout)["CFDocument"]["caseVersion"] == "1.1"
    result = runner.invoke(app, ["frac", "validate"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["frac", "publish", "--name", "FRAC 2027"]).exit_code == 0
    diff = runner.invoke(app, ["frac", "diff", "1", "2"])
    assert diff.exit_code == 0 and json.loads(diff.stdout)["summary"]["competencies_changed"] == 0


def test_a_bad_import_names_the_problem_and_writes_nothing(demo_dir):
    before = _count_competencies()
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    bad = demo_dir / "cycle.json"
    bad.write_text(
        json.dumps(
            {
                "format": "karmayogi-frac",
                "format_version": 1,
                "name": "cyclic",
                "competencies": [
                    {"id": a, "name": "Bid Evaluation", "type": "functional"},
                    {"id": b, "name": "Contract Award", "type": "functional"},
                ],
                "relations": [
                    {"source_id": a, "target_id": b, "kind": "prerequisite"},
                    {"source_id": b, "target_id": a, "kind": "prerequisite"},
                ],
            }
        )
    )
    result = runner.invoke(app, ["frac", "import", str(bad)])
    assert (
        result.exit_code == 1
        and "prerequisite_cycle" in result.output
        and "nothing imported" in result.output
    )
    malformed = demo_dir / "bad.json"
    malformed.write_text(
        json.dumps(
            {
                "format": "karmayogi-frac",
                "format_version": 1,
                "name": "x",
                "competencies": [{"id": "nope", "name": "X", "type": "technical"}],
            }
        )
    )
    result = runner.invoke(app, ["frac", "import", str(malformed)])
    assert result.exit_code == 1 and "competencies[0]" in result.output
    assert _count_competencies() == before


def test_esco_and_mapping_imports_land_as_drafts(demo_dir):
    before = _count_competencies()
    skills = demo_dir / "skills.csv"
    skills.write_text(
        "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,description\n"
        "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/x1,skill/competence,cross-sector,"
        "draft tender documents,prepare tender documents,Prepare the documents that invite bids.\n"
    )
    result = runner.invoke(app, ["frac", "import", str(skills), "--format", "esco"])
    assert result.exit_code == 0, result.output
    assert _count_competencies() == before + 1
    db = Database(Settings.from_env().database_url)
    with db.transaction() as session:
        office = session.scalar(select(Organisation.id).where(Organisation.kind == "organisation").limit(1))
        competency = session.scalar(select(Competency.name).where(Competency.type == "functional").limit(1))
    db.dispose()
    sheet = demo_dir / "mapping.csv"
    sheet.write_text(
        f"designation,role,competency,level,weight\nDesk Officer,Tender Cell,{competency},3,0.8\n"
        f"Desk Officer,Tender Cell,No Such Competency,2,0.5\n"
    )
    refused = runner.invoke(app, ["frac", "import", str(sheet), "--format", "mapping", "--org", str(office)])
    assert refused.exit_code == 1 and "row 3" in refused.output
    sheet.write_text(
        f"designation,role,competency,level,weight\nDesk Officer,Tender Cell,{competency},3,0.8\n"
    )
    result = runner.invoke(app, ["frac", "import", str(sheet), "--format", "mapping", "--org", str(office)])
    assert result.exit_code == 0, result.output
    assert "1 positions" in result.output and "1 requirements" in result.output
