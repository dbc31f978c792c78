"""The nightly job through the in-process runner: same answers as one by one, reasons for the rest."""

from __future__ import annotations

import pytest
from recommender_builders import nid

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.frac.graph import FracGraph
from karmayogi.recommender.batch import InProcessRunner, OfficerRecommendations, RecommendForOfficers
from karmayogi.recommender.engine import Recommender
from karmayogi.recommender.gaps import NothingToRecommendReason
from karmayogi.recommender.profile import CompetencyStanding, OfficerProfile

POSITIONS = ["Section Officer (Procurement)", "Under Secretary (Finance)", "Deputy Secretary (Procurement)"]


def officers() -> list[OfficerProfile]:
    people = [
        OfficerProfile(
            nid(f"officer {i}"),
            nid(POSITIONS[i % 3]),
            (CompetencyStanding(nid("Public Procurement"), i % 4, verified=i % 2 == 0),),
        )
        for i in range(9)
    ]
    people.insert(4, OfficerProfile(nid("officer on leave"), None))
    people.append(OfficerProfile(nid("officer abroad"), nid("Consul General")))
    return people


@pytest.mark.parametrize("workers", [1, 2])
def test_the_runner_gives_every_officer_their_list_in_order(
    graph: FracGraph, catalogue: list[CatalogueEntry], workers: int
) -> None:
    recommender = Recommender().fit(graph, catalogue)
    job = RecommendForOfficers(recommender, k=5)

    results = InProcessRunner(workers=workers, partition_size=3).run(job, officers())

    assert [r.officer_id for r in results] == [o.officer_id for o in officers()]
    for officer, result in zip(officers(), results, strict=True):
        if officer.position_id is None:
            assert result == OfficerRecommendations(
                officer.officer_id, (), NothingToRecommendReason.NO_POSITION, result.message
            )
            assert "holds no position" in result.message
        elif officer.position_id == nid("Consul General"):
            assert result.nothing == NothingToRecommendReason.NO_VERIFIED_FRAC
        else:
            assert result.nothing is None
            assert result.items == recommender.recommend(officer, 5).items


def test_the_runner_rejects_nonsense_settings() -> None:
    with pytest.raises(ValueError, match="workers"):
        InProcessRunner(workers=0)
