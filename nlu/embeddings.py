"""Pretrained static word embeddings as extra intent features (issue 17).

The table is WordLlama's 256-dimension "l2_supercat" (32,000 sub-word tokens, float16, 16 MB)
and its tokenizer, both shipped inside the `wordllama` wheel. They are read straight from the
installed package with `safetensors` and `tokenizers`, never through WordLlama's loader, which
looks for the tokenizer in the wrong folder and would try to download it: nothing is fetched at
run time, and importing this costs about 30 ms instead of half a second.

A message's vector is the mean of its tokens' vectors, scaled to unit length. It gives the
linear classifier a sense of words it never saw in training ("sauntered" near "strolled"),
which the word and character n-grams cannot: 5-fold CV of the classifier alone went from 0.848
to 0.867 on the same data (benchmarks/nlu_benchmark.py --compare, docs/understanding.md).
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from safetensors import safe_open
from sklearn.base import BaseEstimator
from tokenizers import Tokenizer

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
DIMENSIONS = 256


class EmbeddingsUnavailable(RuntimeError):
    """The wordllama package (which carries the table) is not installed."""


def _package_dir() -> Path:
    # find_spec locates the package without importing it (its __init__ is slow and chatty).
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingsUnavailable("the wordllama package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _table() -> tuple[np.ndarray[Any, np.dtype[np.float16]], Tokenizer]:
    root = _package_dir()
    with safe_open(str(root / WEIGHTS), framework="np", device="cpu") as handle:
        table = np.asarray(handle.get_tensor("embedding.weight"))
    tokenizer = Tokenizer.from_file(str(root / TOKENIZER))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return table, tokenizer


def embed(texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
    """One unit-length vector per text (zeros for a text with no tokens)."""
    table, tokenizer = _table()
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for row, encoding in enumerate(tokenizer.encode_batch(list(texts), add_special_tokens=False)):
        ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, table.shape[0] - 1)
        if ids.size == 0:
            continue
        vector = table[ids].astype(np.float32).mean(axis=0)
        norm = float(np.linalg.norm(vector))
        out[row] = vector / norm if norm > 0 else vector
    return out


def _plain_words(normalised: str) -> str:
    """The words of a normalised message, without the negation and entity marker tokens."""
    return " ".join(w for w in normalised.split() if not w.startswith(("neg_", "__")))


class StaticEmbeddings(BaseEstimator):  # type: ignore[misc]
    """A scikit-learn step: normalised texts in, `weight` times their embeddings out.

    It holds no table, so the pickled model stays small; the table is read once per process.
    Not a TransformerMixin: its output wrapper costs more per message than the embedding.
    """

    def __init__(self, weight: float = 1.0) -> None:
        self.weight = weight

    def fit(self, texts: Sequence[str], y: Any = None) -> StaticEmbeddings:
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        return embed([_plain_words(t) for t in texts]) * np.float32(self.weight)

    def fit_transform(
        self, texts: Sequence[str], y: Any = None
    ) -> np.ndarray[Any, np.dtype[np.float32]]:
        return self.transform(texts)
