"""Catalogue search's query vectors: each phrase is encoded once per encoder, then shared read-only."""

import numpy as np

from karmayogi.content import encoders
from karmayogi.content.search import query_vector


class Counting:
    """The real encoder, counting what it is asked to encode."""

    def __init__(self) -> None:
        self.inner = encoders.minilm()
        self.name, self.version, self.dimension = self.inner.name, self.inner.version, self.inner.dimension
        self.texts: list[str] = []

    def encode(self, texts, progress=None):
        self.texts.extend(texts)
        return self.inner.encode(texts, progress)


def test_a_phrase_searched_again_is_not_encoded_again():
    encoder = Counting()
    first = query_vector(encoder, "noting and drafting")
    again = query_vector(encoder, "noting and drafting")
    other = query_vector(encoder, "public procurement")
    assert encoder.texts == ["noting and drafting", "public procurement"]
    assert again is first and not np.array_equal(first, other)
    assert np.allclose(first, encoder.inner.encode(["noting and drafting"])[0])
    assert not first.flags.writeable  # shared between requests: nobody may change it in place
