"""The long commands show a progress bar on a terminal, and only there."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import distinct, func, select
from typer.testing import CliRunner

from karmayogi.api.cli import app
from karmayogi.lms.db import Database
from karmayogi.lms.demo.seed import seed
from karmayogi.lms.frac import versions
from karmayogi.lms.orm import Course, Organisation, User
from karmayogi.lms.orm.profiles import EvidenceRecord
from karmayogi.lms.profiles import store
from karmayogi.lms.profiles.evidence import EvidenceSource

runner = CliRunner()
TERMINAL = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "COLUMNS": "120"}
NOT_A_TERMINAL = {"TTY_COMPATIBLE": "0", "TTY_INTERACTIVE": "0"}
SUNBIRD_USER = "5f4a1a65-7d5b-4a45-8a21-0b3c2d5e6f70"
SUNBIRD_COURSE = "do_11359618144357580811"


def _start(n: int) -> dict[str, object]:
    """A Sunbird Telemetry v3 START event of a content player."""
    return {
        "eid": "START",
        "ets": 1712127600000 + n * 1000,
        "ver": "3.0",
        "mid": f"START:8c12bdb10e98842175a3638660814c{n:02d}",
        "actor": {"id": SUNBIRD_USER, "type": "User"},
        "context": {"channel": "0132317968766894088", "pdata": {"id": "prod.karmayogi.portal", "ver": "4.8"},
                    "env": "contentplayer", "sid": f"session-{n}", "rollup": {"l1": "0132317968766894088"}},
        "object": {"id": f"do_content_{n}", "type": "Content", "ver": "1", "rollup": {"l1": SUNBIRD_COURSE}},
        "edata": {"type": "content", "mode": "play", "pageid": "", "duration": 5},
    }  # fmt: skip


@pytest.fixture
def service(db: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The small demo, without a server (so nothing projects behind the commands' backs)."""
    with db.transaction() as session:
        seed(session, "small", 7)
    monkeypatch.setenv("KARMAYOGI_DATABASE_URL", db.url)
    monkeypatch.setenv("KARMAYOGI_PUBLIC_URL", "https://karmayogi.test")
    monkeypatch.setenv("KARMAYOGI_SECRET_KEY", "progress-test-" + "k" * 32)
    return db


def _bar(output: str, description: str, done: int, total: int) -> bool:
    return description in output and f"{done}/{total}" in output


def test_the_four_long_commands_show_progress_on_a_terminal(service: Database, tmp_path: Path):
    with service.transaction() as session:
        learners = list(session.scalars(select(User).where(User.email.like("learner%")).order_by(User.email)))
        course = session.scalar(select(Course).where(Course.status == "published").limit(1))
        org = session.scalar(select(Organisation.id).limit(1))
        assert learners and course is not None
        _, graph = versions.newest(session)
        competency = graph.framework.competencies[0]
        for learner in learners[:3]:
            store.record(
                session, learner.id, competency.id, 1, EvidenceSource.SELF_DECLARATION, "test", learner.id
            )
        officers = session.scalar(select(func.count(distinct(EvidenceRecord.user_id))))
        email, course_id = learners[0].email, course.id

    chains = runner.invoke(app, ["profiles", "verify-chain"], env=TERMINAL)
    assert chains.exit_code == 0, chains.output
    assert json.loads(chains.stdout)["verified"] is True
    assert officers and _bar(chains.stderr, "verifying evidence chains", officers, officers)

    history = tmp_path / "telemetry.jsonl"
    history.write_text("\n".join(json.dumps(_start(n)) for n in range(1, 4)) + "\n")
    identities = tmp_path / "identities.json"
    identities.write_text(
        json.dumps({"users": {SUNBIRD_USER: email}, "courses": {SUNBIRD_COURSE: str(course_id)}})
    )
    command = ["xapi", "import-telemetry", str(history), "--org", str(org), "--identities", str(identities)]
    imported = runner.invoke(app, command, env=TERMINAL)
    assert imported.exit_code == 0, imported.output
    stored = json.loads(imported.stdout)["statements"]
    assert stored == 3 and _bar(imported.stderr, "storing statements", 3, 3)

    waiting = json.loads(runner.invoke(app, ["xapi", "project", "--status"]).stdout)["waiting"]
    projected = runner.invoke(app, ["xapi", "project"], env=TERMINAL)
    assert projected.exit_code == 0, projected.output
    assert waiting > 0 and _bar(projected.stderr, "projecting waiting statements", waiting, waiting)

    framework = tmp_path / "frac.json"
    framework.write_text(
        json.dumps(
            {
                "format": "karmayogi-frac",
                "format_version": 1,
                "name": "extra",
                "competencies": [
                    {"id": str(uuid.uuid4()), "name": "Bid evaluation under GFR", "type": "functional"}
                ],
            }
        )
    )
    imported_frac = runner.invoke(app, ["frac", "import", str(framework)], env=TERMINAL)
    assert imported_frac.exit_code == 0, imported_frac.output
    assert _bar(imported_frac.stderr, "importing the framework", 3, 3)


def test_no_bar_when_the_output_is_not_a_terminal(service: Database):
    result = runner.invoke(app, ["profiles", "verify-chain"], env=NOT_A_TERMINAL)
    assert result.exit_code == 0
    assert result.stderr == ""
