"""RDFC-1.0 canonicalisation: agrees with pyld's URDNA2015 where the two specifications agree, escapes
literals as RDFC-1.0 says, refuses what cannot be signed safely, and gives up on hostile inputs."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pyld import jsonld

from karmayogi.lms.credentials.canonical import TooComplex, canonical_nquads
from karmayogi.lms.credentials.contexts import CREDENTIALS_V2
from karmayogi.lms.errors import InvalidInput

PREDICATES = [f"http://example.org/p{i}" for i in range(3)]
# Characters both specifications write alike (RDFC-1.0 and pyld differ on other control characters).
TEXT = st.text(st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from('\t\n\r"\\'), max_size=6)


@st.composite
def graphs(draw):
    """A small JSON-LD graph, mostly blank nodes, without a node that points at itself."""
    size = draw(st.integers(2, 6))
    names = [draw(st.sampled_from([f"_:n{i}", f"http://example.org/n{i}"])) for i in range(size)]
    nodes = [{"@id": name} for name in names]
    for position, node in enumerate(nodes):
        for predicate in draw(st.lists(st.sampled_from(PREDICATES), max_size=3)):
            if draw(st.booleans()):
                target = draw(st.sampled_from([n for i, n in enumerate(names) if i != position]))
                node.setdefault(predicate, []).append({"@id": target})
            else:
                value = draw(TEXT)
                literal = draw(st.sampled_from([{"@value": value}, {"@value": value, "@language": "hi"}]))
                node.setdefault(predicate, []).append(literal)
    return {"@graph": nodes}


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_the_canonical_form_is_pyld_urdna2015s_where_they_agree(document):
    try:
        ours = canonical_nquads(document)
    except TooComplex:
        assume(False)
    assert ours == jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads"})


def test_relabelling_and_reordering_blank_nodes_does_not_change_the_canonical_form():
    def document(first, second):
        children = [{"@id": first, PREDICATES[1]: "same"}, {"@id": second, PREDICATES[1]: "same"}]
        return {"@id": "http://example.org/s", PREDICATES[0]: children}

    assert canonical_nquads(document("_:a", "_:b")) == canonical_nquads(document("_:y", "_:x"))
    assert "_:c14n1" in canonical_nquads(document("_:a", "_:b"))


def test_control_characters_are_escaped_as_rdfc_1_0_says():
    document = {"@id": "http://example.org/s", PREDICATES[0]: 'a\bb\fc\x00d\x7fe\tf"g\\h'}
    assert canonical_nquads(document) == (
        '<http://example.org/s> <http://example.org/p0> "a\\bb\\fc\\u0000d\\u007Fe\\tf\\"g\\\\h" .\n'
    )


def test_many_look_alike_blank_nodes_are_refused_rather_than_hanging():
    names = [f"_:n{i}" for i in range(12)]
    ring = {
        "@graph": [
            {"@id": a, PREDICATES[0]: {"@id": b}} for a, b in zip(names, names[1:] + names[:1], strict=True)
        ]
    }
    with pytest.raises(TooComplex):
        canonical_nquads(ring)


def test_a_context_that_is_not_bundled_is_named_in_the_error():
    document = {
        "@context": [CREDENTIALS_V2, "https://evil.example/context.jsonld"],
        "type": "VerifiableCredential",
    }
    with pytest.raises(InvalidInput, match=r"@context: https://evil.example/context.jsonld is not a bundled"):
        canonical_nquads(document)


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"favouriteColour": "blue"}, "the property 'favouriteColour' is not defined"),
        ({"id": "credentials/1"}, "'credentials/1' is a relative IRI"),
        ({"credentialSchema": {"id": "https://example.org/s", "type": "JsonSchema2023x"}}, "relative IRI"),
    ],
)
def test_what_would_not_be_signed_is_refused(extra, reason):
    document = {"@context": [CREDENTIALS_V2], "type": ["VerifiableCredential"], **extra}
    with pytest.raises(InvalidInput, match=reason):
        canonical_nquads(document)
