"""The probation queue: rule sets per service, proposals with frozen inputs, decisions that update
the service record, and the confirmation letter in English and Hindi."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pypdf
import pytest
from lms.decisions.conftest import SERVICE, complete, person
from sqlalchemy import select

from karmayogi.lms.decisions import letters, probation, store, workflow
from karmayogi.lms.decisions.entries import State
from karmayogi.lms.errors import Conflict, InvalidInput
from karmayogi.lms.orm import User
from karmayogi.lms.permissions import PLATFORM_PATH, Permission
from karmayogi.lms.profiles import store as evidence
from karmayogi.lms.profiles.evidence import EvidenceSource


def _rules(office, **changes):  # type: ignore[no-untyped-def]
    rules = {
        "onboarding_course_ids": [str(office.onboarding)],
        "mandatory_course_ids": [str(office.mandatory)],
        "competencies": [{"competency_id": str(office.competency), "level": 2}],
        "supervisor_assessment": True,
        "minimum_months": 12,
        "extension_months": 6,
        **changes,
    }
    with office.db.transaction() as session:
        row = probation.create_rule_set(
            session, office.principal(session, "hr"), office.department, SERVICE, "", rules
        )
        return row.id, row.version


def _meets_every_rule(office):  # type: ignore[no-untyped-def]
    official = office.people["official"]
    with office.db.transaction() as session:
        complete(session, official, office.onboarding)
        complete(session, official, office.mandatory)
        test = evidence.record(
            session, official, office.competency, 3, EvidenceSource.ADAPTIVE_TEST, "t:1", None
        )
        rating = evidence.record(
            session,
            official,
            office.competency,
            3,
            EvidenceSource.SUPERVISOR_RATING,
            "user:us",
            office.people["under_secretary"],
        )
        return test.id, rating.id


def _propose(office):  # type: ignore[no-untyped-def]
    with office.db.transaction() as session:
        (proposal,) = probation.propose_due(session, [PLATFORM_PATH], 30, date.today())
        return proposal.case


def test_rule_sets_are_versioned_and_the_cadres_own_comes_first(office):
    assert _rules(office)[1] == 1
    assert _rules(office, minimum_months=18)[1] == 2
    with office.db.transaction() as session:
        user = session.get(User, office.people["official"])
        chosen = probation.rule_set_for(session, user)
        assert (chosen.version, chosen.rules["minimum_months"]) == (2, 18)
        cadre = probation.create_rule_set(
            session, office.principal(session, "hr"), office.office, SERVICE, "ASO", {"minimum_months": 6}
        )
        assert probation.rule_set_for(session, user).id == cadre.id
        user.service = "Indian Revenue Service"
        assert probation.rule_set_for(session, user) is None


def test_a_rule_set_naming_what_does_not_exist_or_outside_scope_is_refused(office):
    with office.db.transaction() as session, pytest.raises(InvalidInput) as refused:
        probation.create_rule_set(
            session,
            office.principal(session, "hr"),
            office.department,
            SERVICE,
            "",
            {"mandatory_course_ids": [str(office.competency)]},
        )
    assert refused.value.field == "rules.mandatory_course_ids"
    with office.db.transaction() as session, pytest.raises(InvalidInput) as refused:
        probation.create_rule_set(
            session, office.principal(session, "outside_hr"), office.department, SERVICE, "", {}
        )
    assert refused.value.field == "organisation_id"


def test_the_queue_holds_those_whose_probation_ends_within_the_days_and_in_scope(office):
    with office.db.transaction() as session:
        later = person(
            session,
            office.office,
            "later",
            probation_status="on_probation",
            probation_end_date=date.today() + timedelta(days=90),
        )
        person(session, office.office, "confirmed", probation_status="confirmed")
        paths = office.principal(session, "hr").scopes(Permission.PEOPLE_MANAGE)
        outside = office.principal(session, "outside_hr")
    with office.db.transaction() as session:
        assert [u.id for u in probation.due(session, paths, 30, date.today())] == [office.people["official"]]
        assert [u.id for u in probation.due(session, paths, 120, date.today())] == [
            office.people["official"],
            later,
        ]
        assert probation.due(session, outside.scopes(Permission.PEOPLE_MANAGE), 120, date.today()) == []
        with pytest.raises(InvalidInput):
            probation.due(session, paths, 400, date.today())


def test_a_proposal_freezes_the_inputs_and_each_rules_result_and_is_made_once(office):
    rule_set, version = _rules(office)
    test_id, rating_id = _meets_every_rule(office)
    case = _propose(office)
    proposal = case.proposal
    assert (proposal.outcome, proposal.actor_id, case.state) == ("confirm", None, State.PROPOSED)
    frozen = proposal.payload
    assert frozen["rule_set"]["id"] == str(rule_set) and frozen["rule_set"]["version"] == version
    assert frozen["rules_version"] == "probation.2026.1"
    assert frozen["supervisor_assessments"] == [str(rating_id)]
    (level,) = frozen["levels"]
    assert level["standing"] == "verified" and str(test_id) in level["evidence_ids"]
    assert all(r["met"] for r in frozen["results"]) and len(frozen["results"]) == 5
    with office.db.transaction() as session:
        (again,) = probation.propose_due(session, [PLATFORM_PATH], 30, date.today())
        assert not again.opened and again.case.id == case.id


def test_without_rules_for_the_service_the_proposal_is_a_review(office):
    case = _propose(office)
    assert case.proposal.outcome == "review"
    assert "no confirmation rules" in case.proposal.payload["note"]


def test_confirmation_updates_the_service_record_and_makes_a_letter_in_hindi_too(office):
    _rules(office)
    _meets_every_rule(office)
    case = _propose(office)
    with office.db.transaction() as session:
        workflow.decide(session, office.principal(session, "hr"), case.id, "confirm", "all rules met")
        user = session.get(User, office.people["official"])
        assert (user.probation_status, user.probation_end_date) == (
            "confirmed",
            date.today() + timedelta(days=20),
        )
        letter = letters.of_case(session, store.get(session, case.id))
    document = pypdf.PdfReader(io.BytesIO(letters.pdf(letter)))
    text = "".join(page.extract_text() for page in document.pages)
    assert "Asha Verma" in text and "Confirmation after probation" in text
    # Shaped Devanagari reorders vowel signs, so text read back from a PDF is exact only for words
    # without them; the embedded Noto font shows the script was drawn with glyphs that cover it.
    assert all(word in text for word in ("स्थायीकरण", "बाद", "होने पर", "जाता है"))
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in document.pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any(name.endswith("NotoSansDevanagari") for name in fonts)
    assert "परिवीक्षा" in letters.html(letter) and "Asha Verma" in letters.html(letter)


def test_an_extension_moves_the_end_date_and_an_appeal_can_turn_it_into_confirmation(office):
    _rules(office)
    case = _propose(office)
    assert case.proposal.outcome == "extend" and case.proposal.payload["extend_months"] == 6
    end = date.today() + timedelta(days=20)
    with office.db.transaction() as session:
        with pytest.raises(InvalidInput) as refused:
            workflow.decide(session, office.principal(session, "hr"), case.id, "extend", "rules unmet")
        assert refused.value.field == "extend_months"
    with office.db.transaction() as session:
        workflow.decide(
            session,
            office.principal(session, "hr"),
            case.id,
            "extend",
            "courses not done",
            {"extend_months": 3},
        )
        user = session.get(User, office.people["official"])
        assert user.probation_status == "extended" and user.probation_end_date == probation.add_months(end, 3)
        with pytest.raises(Conflict):
            letters.of_case(session, store.get(session, case.id))
    with office.db.transaction() as session:
        workflow.appeal(
            session, office.principal(session, "official"), case.id, "the courses were not offered"
        )
    with office.db.transaction() as session:
        workflow.redecide(session, office.principal(session, "hr2"), case.id, "confirm", "appeal upheld")
        user = session.scalar(select(User).where(User.id == office.people["official"]))
        assert (user.probation_status, user.probation_end_date) == ("confirmed", end)
        assert letters.of_case(session, store.get(session, case.id)).decided_by == "Hr Two"
