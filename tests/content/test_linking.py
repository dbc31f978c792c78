"""The lexical competency linker ranks a dictionary for a piece of text."""

import uuid

from hypothesis import given
from hypothesis import strategies as st

from karmayogi.content.linking import LexicalLinker, tokens
from karmayogi.frac.model import Competency, CompetencyType

DICTIONARY = [
    Competency(
        uuid.uuid4(),
        "Public Procurement",
        CompetencyType.FUNCTIONAL,
        "Buying goods and services under GFR 2017, e-procurement on GeM and bid evaluation.",
        alt_labels=("government purchasing",),
    ),
    Competency(
        uuid.uuid4(),
        "Handling RTI Applications",
        CompetencyType.FUNCTIONAL,
        "Disposing of requests under the Right to Information Act 2005 within the time limits.",
    ),
    Competency(
        uuid.uuid4(),
        "Integrity and Ethics",
        CompetencyType.BEHAVIOURAL,
        "Acts honestly and follows the CCS (Conduct) Rules.",
    ),
    Competency(
        uuid.uuid4(), "Budgeting", CompetencyType.FUNCTIONAL, "Prepares budget estimates.", retired=True
    ),
]


def test_the_competency_a_text_is_about_ranks_first():
    linker = LexicalLinker(DICTIONARY)
    assert (
        linker.rank("Scrutinise bids received on GeM and recommend the award")[0].name == "Public Procurement"
    )
    assert linker.rank("Reply to RTI applications from citizens")[0].name == "Handling RTI Applications"
    assert linker.rank("government purchasing")[0].name == "Public Procurement"


def test_retired_competencies_and_unrelated_text_give_nothing():
    linker = LexicalLinker(DICTIONARY)
    assert linker.rank("budget estimates") == []
    assert linker.rank("the of and") == []


def test_plurals_meet_their_singulars():
    assert tokens("Audits of bids") == tokens("audit bid")


@given(st.text(max_size=200), st.integers(min_value=1, max_value=5))
def test_ranks_are_sorted_and_bounded(text, limit):
    links = LexicalLinker(DICTIONARY).rank(text, limit)
    assert len(links) <= limit
    assert [link.score for link in links] == sorted((link.score for link in links), reverse=True)
    assert all(link.score > 0 for link in links)
