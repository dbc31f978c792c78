"""Self-assessment against the framework file, an independent rating on the shared decision case, and
the top band's compliance certificate verifying in the project's verifier (and failing once altered)."""

from __future__ import annotations

import copy

import pytest
from sevottam_world import Offices

from karmayogi.lms.config import Settings
from karmayogi.lms.credentials.platform_verifier import verify_credential
from karmayogi.lms.decisions import store
from karmayogi.lms.decisions.entries import State
from karmayogi.lms.errors import InvalidInput, PermissionDenied
from karmayogi.lms.sevottam import assessment

SETTINGS = Settings(database_url="unused", secret_key="sevottam-test-" + "s" * 32)


def _answers(score: int) -> dict[str, dict[str, object]]:
    fw = assessment.framework()
    return {c.id: {"score": score, "evidence": f"Evidence for {c.id}"} for c in fw.criteria}


def test_the_default_framework_has_three_modules_and_bands_best_first() -> None:
    fw = assessment.framework()
    assert {c.module for c in fw.criteria} == {"charter", "grievance", "capability"}
    assert fw.bands[0].certificate and not any(b.certificate for b in fw.bands[1:])
    assert fw.band({c.id: 4 for c in fw.criteria})[0].id == "compliant"
    one_low = {c.id: 4 for c in fw.criteria} | {fw.criteria[0].id: 1}
    assert fw.band(one_low)[0].id == "progressing"  # 91% but one criterion below the floor


def test_scores_need_evidence_and_every_criterion(offices: Offices) -> None:
    with offices.db.transaction() as session:
        hr = offices.principal(session, "hr")
        answers = _answers(3)
        answers["C1"]["evidence"] = ""
        with pytest.raises(InvalidInput) as caught:
            assessment.self_assess(session, hr, offices.pensions, answers)
        assert caught.value.field == "answers.C1.evidence"
        del answers["C1"]
        with pytest.raises(InvalidInput) as caught:
            assessment.self_assess(session, hr, offices.pensions, answers)
        assert caught.value.field == "answers.C1"


def test_an_outside_assessor_rates_and_the_top_band_gets_a_verifiable_certificate(offices: Offices) -> None:
    with offices.db.transaction() as session:
        row = assessment.self_assess(session, offices.principal(session, "hr"), offices.pensions, _answers(4))
    with offices.db.transaction() as session, pytest.raises(PermissionDenied):  # from inside
        assessment.rate(session, SETTINGS, offices.principal(session, "inside_assessor"), row.id, {}, "x")
    with offices.db.transaction() as session:
        assessor = offices.principal(session, "assessor")
        assert [a.id for a in assessment.pending_for(session, assessor)] == [row.id]
        fw = assessment.framework()
        case = assessment.rate(
            session, SETTINGS, assessor, row.id, {c.id: 4 for c in fw.criteria}, "Visited; records match"
        )
        assert case.state is State.DECIDED and case.standing.outcome == "compliant"
        assert list(store.verify(session, case.id)) == []
    with offices.db.transaction() as session:
        stored = assessment.get(session, row.id)
        assert stored.credential is not None
        assert verify_credential(session, SETTINGS, stored.credential).verified
        forged = copy.deepcopy(stored.credential)
        forged["credentialSubject"]["achievement"]["name"] = "Sevottam compliance: forged"
        assert not verify_credential(session, SETTINGS, forged).verified


def test_a_lower_band_gets_no_certificate(offices: Offices) -> None:
    with offices.db.transaction() as session:
        row = assessment.self_assess(session, offices.principal(session, "hr"), offices.pensions, _answers(3))
    with offices.db.transaction() as session:
        fw = assessment.framework()
        case = assessment.rate(
            session,
            SETTINGS,
            offices.principal(session, "assessor"),
            row.id,
            {c.id: 2 for c in fw.criteria},
            "Gaps",
        )
        assert case.standing.outcome == "developing"
        assert assessment.get(session, row.id).credential is None
