"""The NumPy transformer behind the contextual intent features (nlu/contextual.py)."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlu import contextual
from nlu.contextual import (
    DIMENSIONS,
    MODEL_LAYERS,
    WIDTH,
    ContextualFeatures,
    ContextualUnavailable,
    encode,
)

# The first six numbers of each sentence's mean-pooled, unit-length vector, from the same
# weights run by PyTorch 2.13 and Hugging Face transformers 5.24 (AutoModel, last hidden state),
# once, in a separate virtual environment: the NumPy forward pass must give the same numbers.
PYTORCH = {
    "Jay is back": [0.02148, -0.03144, 0.03377, -0.01472, 0.01764, 0.02043],
    "his phone is back on": [-0.04992, 0.02433, 0.02932, -0.04389, -0.03677, 0.00669],
    "still not home, rang 101 at half 2": [0.01351, 0.00191, 0.06071, -0.06121, -0.00392, -0.06364],
    "ok thanks": [-0.07583, -0.07087, -0.02249, -0.0394, 0.02712, -0.03898],
}


@pytest.mark.parametrize(("text", "expected"), PYTORCH.items())
def test_the_numpy_forward_pass_gives_pytorchs_numbers(text: str, expected: list[float]) -> None:
    assert np.allclose(encode(text, layers=6)[:6], expected, atol=2e-5)


def test_the_features_read_the_first_layers_only() -> None:
    assert contextual.LAYERS == 3
    assert not np.allclose(encode("Jay is back"), encode("Jay is back", layers=MODEL_LAYERS))


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


def test_a_return_word_reads_differently_in_another_sense() -> None:
    """What no bag of words can give: "back" beside a phone is not "back" beside a child."""
    child = encode("Jay is back")[WIDTH:]
    again = encode("Kez is back now")[WIDTH:]
    phone = encode("his phone is back on")[WIDTH:]
    assert _cosine(child, again) > _cosine(child, phone)


def test_a_message_without_a_return_word_has_no_second_vector() -> None:
    vector = encode("she rang from her mates")
    assert vector.shape == (DIMENSIONS,)
    assert np.linalg.norm(vector[:WIDTH]) == pytest.approx(1.0, abs=1e-5)
    assert not vector[WIDTH:].any()


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_gives_a_finite_vector_of_unit_parts(text: str) -> None:
    vector = encode(text)
    assert vector.shape == (DIMENSIONS,)
    assert vector.dtype == np.float32
    assert np.isfinite(vector).all()
    for part in (vector[:WIDTH], vector[WIDTH:]):
        assert np.linalg.norm(part) == pytest.approx(1.0, abs=1e-4) or not part.any()


def test_the_step_weights_and_stacks_its_rows() -> None:
    rows = ContextualFeatures(weight=0.5).fit(["a", "b"]).transform(["jay is back neg_x", "hi"])
    assert rows.shape == (2, DIMENSIONS)
    # Negation markers are features of their own, not words for the transformer.
    assert np.allclose(rows[0], 0.5 * encode("jay is back"))
    assert ContextualFeatures().transform([]).shape == (0, DIMENSIONS)


def test_a_missing_weights_package_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == contextual.PACKAGE else real(name, *a),
    )
    with pytest.raises(ContextualUnavailable, match="--no-deps"):
        contextual.model_dir()
