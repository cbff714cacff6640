"""Intent classification: a linear model over word and character n-grams.

Input is the message with names, times and references already masked (nlu/masking.py).
Chosen by measurement (benchmarks/nlu_benchmark.py --compare, 5-fold CV): logistic regression
over word 1-2-grams plus character 2-4-grams, C=20 with balanced class weights, scored as well
as any other candidate (linear SVM with sigmoid calibration, ridge, naive Bayes, other C) and
left fewer right answers below the confirmation threshold than C=10; sigmoid calibration made
right answers less confident, not more. It gives probabilities directly, which the threshold
needs. Character n-grams carry the typos ("hasnt", "bk", "polcie").
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from nlu.embeddings import StaticEmbeddings
from nlu.normalise import normalise
from nlu.types import IntentScore


def build_features(*, embeddings: bool = True) -> FeatureUnion:
    """Word and character n-grams, plus static word embeddings (nlu/embeddings.py)."""
    steps: list[tuple[str, Any]] = [
        (
            "words",
            TfidfVectorizer(
                analyzer="word",
                ngram_range=(1, 2),
                sublinear_tf=True,
                token_pattern=r"[a-z0-9_':]+",
            ),
        ),
        (
            "chars",
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2),
        ),
    ]
    if embeddings:
        steps.append(("embeddings", StaticEmbeddings(weight=1.0)))
    return FeatureUnion(steps)


def default_estimator() -> LogisticRegression:
    # tol=1e-3 stops lbfgs once the ranking no longer changes in practice: half the build
    # time of full convergence for a cross-validated accuracy within one example of it.
    # Balanced weights keep the larger intents (report_missing) from pulling short replies.
    return LogisticRegression(C=20.0, max_iter=300, tol=1e-3, class_weight="balanced")


def build_pipeline(estimator: Any | None = None, *, embeddings: bool = True) -> Pipeline:
    return Pipeline(
        [
            ("features", build_features(embeddings=embeddings)),
            ("model", estimator if estimator is not None else default_estimator()),
        ]
    )


class IntentClassifier:
    def __init__(self, estimator: Any | None = None, *, embeddings: bool = True) -> None:
        self._pipeline = build_pipeline(estimator, embeddings=embeddings)

    def fit(self, texts: Sequence[str], intents: Sequence[str]) -> IntentClassifier:
        """Train on masked texts (see nlu/masking.py)."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            self._pipeline.fit([normalise(t) for t in texts], list(intents))
        return self

    @property
    def intents(self) -> list[str]:
        return [str(c) for c in self._pipeline.classes_]

    def rank(self, text: str) -> list[IntentScore]:
        """Every known intent with its probability for a masked text, best first.

        The feature blocks are computed and joined here rather than by the pipeline: the same
        numbers, without scikit-learn's per-call dispatch, which cost more than the features.
        """
        features = self._pipeline.named_steps["features"]
        model = self._pipeline.named_steps["model"]
        normalised = [normalise(text)]
        blocks = [
            block if sparse.issparse(block) else sparse.csr_matrix(block)
            for block in (step.transform(normalised) for _, step in features.transformer_list)
        ]
        probs = np.asarray(model.predict_proba(sparse.hstack(blocks, format="csr"))[0], dtype=float)
        order = np.argsort(-probs)
        classes = self._pipeline.classes_
        return [
            IntentScore(name=str(classes[i]), confidence=round(float(probs[i]), 4)) for i in order
        ]
