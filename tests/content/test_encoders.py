"""The encoders turn texts into comparable unit vectors and say which model made them."""

import numpy as np
import pytest

from karmayogi.content.encoders import Encoder, minilm, models_dir, static_minilm


@pytest.fixture(scope="module")
def encoder():
    return minilm()


@pytest.fixture(scope="module")
def static():
    """Distilled under var/models on a machine's first run (a few CPU minutes), read back afterwards."""
    return static_minilm()


def test_minilm_names_itself_for_stored_embeddings(encoder):
    assert isinstance(encoder, Encoder)
    assert encoder.name == "sentence-transformers/all-MiniLM-L6-v2"
    assert encoder.version and encoder.dimension == 384


@pytest.mark.parametrize("which", ["encoder", "static"])
def test_vectors_are_unit_length_rows_in_input_order(which, request):
    model = request.getfixturevalue(which)
    texts = ["Public procurement on GeM", "x", "Disposing of RTI applications within thirty days", "x"]
    vectors = model.encode(texts)
    assert vectors.shape == (4, model.dimension) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert np.allclose(vectors[1], vectors[3])
    assert np.allclose(vectors[0], model.encode(["Public procurement on GeM"])[0], atol=1e-5)
    assert model.encode([]).shape == (0, model.dimension)


@pytest.mark.parametrize("which", ["encoder", "static"])
def test_a_paraphrase_is_nearer_than_an_unrelated_text(which, request):
    model = request.getfixturevalue(which)
    query, paraphrase, unrelated = model.encode(
        ["buying goods for a government office", "public procurement", "treating a heart attack"]
    )
    assert query @ paraphrase > query @ unrelated


def test_progress_is_reported_per_batch_up_to_the_total(encoder):
    seen = []
    encoder.encode([f"competency number {i}" for i in range(150)], progress=lambda *p: seen.append(p))
    assert seen[-1] == (150, 150)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen) and len(seen) == 3


def test_the_static_encoder_is_distilled_once_then_read_back(static):
    assert static.dimension == 256 and static.name != minilm().name
    assert static.path.parent == models_dir()
    made = (static.path / "config.json").stat().st_mtime_ns
    static_minilm.cache_clear()
    again = static_minilm()
    assert (again.path / "config.json").stat().st_mtime_ns == made
    assert (again.name, again.version) == (static.name, static.version)
    assert np.allclose(again.encode(["records management"]), static.encode(["records management"]))
