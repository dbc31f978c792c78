"""Governance pages over the real app, as a browser without JavaScript uses them: HR generates a
draft, edits and submits it; the Commission approves; HR puts it live; the learner sees the mandated
course in their path with the plan named; scorecards, reports and points within each one's scope."""

from __future__ import annotations

import io
import re
import uuid

import pypdf
from api import conftest as api_world
from api.test_decisions_api import _publish_frac
from portal_forms import post_form, signed_in

from karmayogi.lms.catalogue import embeddings
from karmayogi.lms.orm import Course, Organisation

PASSWORD = "correct horse battery"
YEAR = 2026


def as_(world, who: uuid.UUID):  # type: ignore[no-untyped-def]
    return signed_in(world.client.app, f"{who}@example.com", PASSWORD)


def test_plan_journey_through_the_pages(world, db) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        ministry = session.get(Organisation, world.a.ministry)
        commission_id = api_world._person(session, ministry, "commission_admin", None)
        extra = Course(
            provider_id=world.a.provider,
            organisation_id=world.a.provider_org,
            title="Right to Information in practice",
            learning_hours=3,
            status="published",
        )
        session.add(extra)
        session.flush()
        extra_id = extra.id
        embeddings.changed(session)
    _publish_frac(db, world.a)
    hr, commission = as_(world, world.a.people["hr"]), as_(world, commission_id)
    learner = as_(world, world.a.people["learner"])

    r = post_form(
        hr, "/plans", "/plans/drafts", {"organisation_id": str(world.a.department), "year": str(YEAR)}
    )
    assert r.status_code == 303, r.text
    plan_url = r.headers["location"]
    page = hr.get(plan_url).text
    assert 'id="editor"' in page and "Estimate" in page
    rows = int(re.search(r'name="rows" value="(\d+)"', page).group(1))
    form = {"rows": str(rows), "name": f"Department A plan {YEAR}"}
    # Keep the generated rows as they are, and add the extra course for the learner by email.
    for i, (course, due) in enumerate(
        re.findall(
            r'<option value="([0-9a-f-]{36})" selected>.*?</option>'
            r'.*?name="due_[0-9]+" type="date" value="([0-9-]+)"',
            page,
            re.S,
        )
    ):
        form[f"course_{i}"], form[f"due_{i}"] = course, due
        form[f"kind_{i}"] = "everyone"
    blank = rows - 2
    learner_email = f"{world.a.people['learner']}@example.com"
    form |= {
        f"course_{blank}": str(extra_id),
        f"kind_{blank}": "official",
        f"members_{blank}": learner_email,
        f"due_{blank}": f"{YEAR}-11-30",
    }
    bad = form | {f"members_{blank}": "nobody@nowhere.example"}
    refused = post_form(hr, plan_url, f"{plan_url}/edit", bad)
    assert refused.status_code == 422 and "nobody@nowhere.example" in refused.text
    assert post_form(hr, plan_url, f"{plan_url}/edit", form).status_code == 303
    assert "Right to Information in practice" in hr.get(plan_url).text
    assert post_form(hr, plan_url, f"{plan_url}/submit", {}).status_code == 303

    assert 'id="decide"' not in hr.get(plan_url).text  # HR does not approve its own plan
    assert plan_url.split("/")[-1] in commission.get("/plans").text
    r = post_form(commission, plan_url, f"{plan_url}/decision", {"outcome": "approve", "reason": "Aligned"})
    assert r.status_code == 303, r.text
    assert post_form(hr, plan_url, f"{plan_url}/live", {}).status_code == 303
    assert 'id="plan-state">live' in hr.get(plan_url).text

    path = learner.get("/learning-path").text
    assert "Right to Information in practice" in path and f"Department A plan {YEAR}" in path

    other_hr = as_(world, world.b.people["hr"])
    assert other_hr.get(plan_url).status_code == 404

    assert (
        post_form(
            commission, f"/commission/scorecards?year={YEAR}", "/commission/kpis", {"year": str(YEAR)}
        ).status_code
        == 303
    )
    board = commission.get(f"/commission/scorecards?year={YEAR}").text
    assert 'id="ranking"' in board and "<svg" in board
    assert "Department A" in hr.get(f"/commission/scorecards?year={YEAR}").text
    pdf = commission.get(f"/commission/reports/{YEAR}/state-of-civil-services.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "Department scores" in pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert hr.get(f"/commission/reports/{YEAR}/state-of-civil-services.pdf").status_code == 403
    assert learner.get(f"/points?year={YEAR}").status_code == 200
    assert learner.get("/plans").status_code == 403
    assert (
        post_form(
            commission,
            f"/commission/priorities?year={YEAR}",
            "/commission/priorities",
            {"year": str(YEAR), "rows": "0"},
        ).status_code
        == 422
    )


def test_priorities_provider_kpis_and_scope(world, db) -> None:  # type: ignore[no-untyped-def]
    from karmayogi.lms.orm import Competency

    with db.transaction() as session:
        ministry = session.get(Organisation, world.a.ministry)
        commission_id = api_world._person(session, ministry, "commission_admin", None)
        competency = session.query(Competency.id).first()[0]
        session.query(Competency).update({"status": "verified"})
    commission, hr = as_(world, commission_id), as_(world, world.a.people["hr"])
    page = f"/commission/priorities?year={YEAR}"
    r = post_form(
        commission,
        page,
        "/commission/priorities",
        {"year": str(YEAR), "rows": "1", "competency_0": str(competency), "weight_0": "2.5"},
    )
    assert r.status_code == 303, r.text
    shown = commission.get(page).text
    assert "Version 1" in shown and f'value="{competency}" selected' in shown
    assert hr.get(page).status_code == 403
    assert post_form(commission, page, "/commission/kpis", {"year": str(YEAR)}).status_code == 303
    provider = as_(world, world.a.people["institution_admin"]).get(f"/provider/kpis?year={YEAR}")
    assert provider.status_code == 200 and "<table" in provider.text
    # A department's HR sees its own scorecard only.
    own = hr.get(f"/commission/scorecards?year={YEAR}").text
    assert own.count("<tr><td>") == 1
