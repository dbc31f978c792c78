"""`karmayogi hr`: the probation queue and proposals in batch, and checking the decision records."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from karmayogi.api.cli import app

runner = CliRunner()


def _hr(db, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["hr", *args], env={"KARMAYOGI_DATABASE_URL": db.url})


def test_due_then_propose_opens_one_case_per_official_once(world, db):
    a = world.a
    due = _hr(db, "probation", "due", "--within-days", "30", "--today", "2027-05-10")
    assert due.exit_code == 0, due.output
    assert sorted(u["user_id"] for u in json.loads(due.output)) == sorted(
        [str(a.people["learner"]), str(world.b.people["learner"])]
    )
    scoped = _hr(
        db,
        "probation",
        "due",
        "--within-days",
        "30",
        "--today",
        "2027-05-10",
        "--organisation",
        str(a.department),
    )
    assert [u["user_id"] for u in json.loads(scoped.output)] == [str(a.people["learner"])]
    assert (
        json.loads(_hr(db, "probation", "due", "--within-days", "30", "--today", "2027-04-01").output) == []
    )

    args = [
        "probation",
        "propose",
        "--within-days",
        "30",
        "--today",
        "2027-05-10",
        "--organisation",
        str(a.office),
    ]
    first = json.loads(_hr(db, *args).output)
    assert (first["opened"], first["already_open"]) == (1, 0)
    (proposal,) = first["proposals"]
    assert (proposal["user_id"], proposal["proposed"], proposal["state"]) == (
        str(a.people["learner"]),
        "review",
        "proposed",
    )
    again = json.loads(_hr(db, *args).output)
    assert (again["opened"], again["already_open"]) == (0, 1)
    case = world.client.get(
        f"/api/v1/decisions/{proposal['decision_id']}", headers=world.login(a.people["hr"])
    )
    assert case.status_code == 200 and case.json()["entries"][0]["actor_id"] is None

    verified = _hr(db, "decisions", "verify")
    assert verified.exit_code == 0 and json.loads(verified.output) == {"verified": True, "breaks": []}


def test_bad_options_are_named():
    unknown = runner.invoke(app, ["hr", "probation", "due", "--today", "10/05/2027"])
    assert unknown.exit_code == 2 and "--today" in unknown.output
    too_far = runner.invoke(app, ["hr", "probation", "propose", "--within-days", "9999"])
    assert too_far.exit_code == 2 and "--within-days" in too_far.output


def test_vacancies_rank_prints_the_candidates_of_the_organisation(world, db):
    from test_decisions_api import _publish_frac

    a = world.a
    _publish_frac(db, a)
    result = _hr(db, "vacancies", "rank", "--position", str(a.position), "--organisation", str(a.department))
    assert result.exit_code == 0, result.output
    ids = [c["officer_id"] for c in json.loads(result.output)]
    assert str(a.people["colleague"]) in ids and str(world.b.people["colleague"]) not in ids
    missing = _hr(db, "vacancies", "rank", "--position", str(a.published_course))
    assert missing.exit_code == 2 and "position_id" in missing.output
    neither = _hr(db, "vacancies", "rank")
    assert neither.exit_code == 2 and "--vacancy" in neither.output
    body = {"position_id": str(a.position), "pay_levels": [8], "services": []}
    vacancy = world.client.post(
        "/api/v1/hr/vacancies", json=body, headers=world.login(a.people["hr"])
    ).json()["id"]
    by_vacancy = _hr(db, "vacancies", "rank", "--vacancy", vacancy)
    assert by_vacancy.exit_code == 0, by_vacancy.output
    # Pay level 8 is the Section Officers' post: A's own holder is left out, B's is the one candidate.
    assert [c["officer_id"] for c in json.loads(by_vacancy.output)] == [str(world.b.people["supervisor"])]


def test_postings_apply_moves_officials_whose_order_has_come(world, db):
    from datetime import date, timedelta

    from test_decisions_api import _publish_frac

    a = world.a
    _publish_frac(db, a)
    hr = world.login(a.people["hr"])
    vacancy = world.client.post("/api/v1/hr/vacancies", json={"position_id": str(a.position)}, headers=hr)
    ahead = date.today() + timedelta(days=5)
    body = {"user_id": str(a.people["colleague"]), "reason": "Fits", "effective_on": ahead.isoformat()}
    posted = world.client.post(f"/api/v1/hr/vacancies/{vacancy.json()['id']}/postings", json=body, headers=hr)
    assert posted.status_code == 201, posted.text
    early = _hr(db, "postings", "apply", "--today", (ahead - timedelta(days=1)).isoformat())
    assert early.exit_code == 0 and json.loads(early.output) == []
    due = _hr(db, "postings", "apply", "--today", ahead.isoformat())
    assert [o["user_id"] for o in json.loads(due.output)] == [str(a.people["colleague"])]
    assert json.loads(_hr(db, "postings", "apply", "--today", ahead.isoformat()).output) == []
