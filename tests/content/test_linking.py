"""The competency linkers rank a dictionary for a piece of text: BM25 alone, and MiniLM fused with BM25."""

import uuid

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from karmayogi.content.encoders import minilm, static_minilm
from karmayogi.content.linking import (
    MAX_TEXT_LENGTH,
    CompetencyLinker,
    DictionaryEmbedding,
    LexicalLinker,
    LinkingMethod,
    TextRefused,
    View,
    tokens,
)
from karmayogi.content.spans import text_spans
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


# A dictionary shaped like a ministry's: names with descriptions, one retired.
WIDER = [
    *DICTIONARY,
    *(
        Competency(uuid.uuid4(), name, CompetencyType.FUNCTIONAL)
        for name in (
            "Java (computer programming)",
            "Noting and Drafting",
            "Disaster Management",
            "Stakeholder Communication",
            "Data Analysis",
            "Grievance Redressal",
            "Financial Management",
            "Team Leadership",
        )
    ),
]


@pytest.fixture(scope="module")
def linker():
    return CompetencyLinker(WIDER, minilm())


def test_a_paraphrase_that_shares_no_word_links_to_its_competency(linker):
    for text, expected in [
        ("Buying supplies for the department through open tenders", "Public Procurement"),
        ("Helping villages recover after floods and cyclones", "Disaster Management"),
        ("Leading a group of section officers", "Team Leadership"),
    ]:
        assert not set(tokens(text)) & set(tokens(expected))
        assert linker.rank(text, 1)[0].name == expected


def test_every_competency_a_sentence_names_comes_before_the_rest(linker):
    links = linker.rank("We need Java coding and the ability to reply to RTI applications on time", 3)
    assert {link.name for link in links[:2]} == {"Java (computer programming)", "Handling RTI Applications"}


def test_texts_are_ranked_in_input_order_best_first_and_retired_never(linker):
    texts = ["government purchasing", "prepare budget estimates", "lead a team of officers"]
    ranked = linker.rank_many(texts, 4)
    assert [len(links) for links in ranked] == [4, 4, 4]
    assert ranked[0][0].name == "Public Procurement" and ranked[2][0].name == "Team Leadership"
    assert all("Budgeting" not in {link.name for link in links} for links in ranked)
    for links in ranked:
        assert [link.score for link in links] == sorted((link.score for link in links), reverse=True)


def test_empty_and_oversized_texts_are_refused_naming_which(linker):
    with pytest.raises(TextRefused, match="text 2 is empty"):
        linker.rank_many(["procurement", "   "])
    with pytest.raises(TextRefused, match=f"text 1 has {MAX_TEXT_LENGTH + 1:,} characters"):
        linker.rank("a" * (MAX_TEXT_LENGTH + 1))


def test_descriptions_and_alternative_labels_can_carry_the_match():
    names_only = CompetencyLinker(DICTIONARY, minilm(), LinkingMethod(lexical_weight=0))
    every_view = CompetencyLinker(
        DICTIONARY,
        minilm(),
        LinkingMethod(views=(View.NAME, View.ALT_LABELS, View.DESCRIPTION), lexical_weight=0),
    )
    text = "Evaluating bids on GeM"
    procurement = DICTIONARY[0].id

    def score(linker):
        return next(link.score for link in linker.rank(text, 3) if link.competency_id == procurement)

    assert every_view.rank(text, 1)[0].competency_id == procurement
    assert score(every_view) > score(names_only)


def test_a_stored_embedding_is_reused_and_kept_to_its_encoder(tmp_path):
    first = DictionaryEmbedding.build(DICTIONARY[:3], minilm(), (View.NAME,), store=tmp_path)
    (stored,) = tmp_path.iterdir()
    again = DictionaryEmbedding.build(DICTIONARY[:3], minilm(), (View.NAME,), store=tmp_path)
    assert list(tmp_path.iterdir()) == [stored]
    assert (again.encoder_name, again.encoder_version) == (minilm().name, minilm().version)
    assert np.array_equal(first.vectors, again.vectors)
    with pytest.raises(ValueError, match="embed it again"):
        CompetencyLinker(DICTIONARY[:3], static_minilm(), embedding=again)


def test_spans_are_the_text_then_its_clauses_then_its_phrases():
    spans = text_spans("Strong knowledge of HTML and CSS, and Angular")
    assert spans[0] == "Strong knowledge of HTML and CSS, and Angular"
    assert {"HTML", "CSS", "Angular", "knowledge of HTML"} <= set(spans)
    assert not {"of", "and", "HTML and", "Strong knowledge of"} & set(spans)
    assert len(spans) == len({s.lower() for s in spans})


@settings(max_examples=15, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(str.strip), st.integers(min_value=1, max_value=20))
def test_dense_ranks_are_sorted_bounded_and_unique(linker, text, limit):
    links = linker.rank(text, limit)
    assert len(links) == min(limit, len(WIDER) - 1)
    assert [link.score for link in links] == sorted((link.score for link in links), reverse=True)
    assert len({link.competency_id for link in links}) == len(links)
