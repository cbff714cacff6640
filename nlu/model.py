"""The trained embedded model, and building it from the Rasa YAML training data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from nlu.classifier import IntentClassifier
from nlu.entities.tagger import EntityTagger
from nlu.masking import TrainingMasker
from nlu.training_data import TrainingData, load_training


@dataclass
class NLUModel:
    classifier: IntentClassifier
    tagger: EntityTagger
    key: str = ""


def train(data: TrainingData, key: str = "", *, embeddings: bool = True) -> NLUModel:
    if not data.examples:
        raise ValueError("no training examples")
    # The children named anywhere in the data stand in for a worker's roster, so names are
    # masked in training exactly as roster names are at parse time.
    masker = TrainingMasker(data.child_names)
    texts = [masker(e) for e in data.examples]
    intents = [e.intent for e in data.examples]
    # These problems are far too small for multithreaded BLAS: on a busy two-core machine its
    # threads made the build ten times slower (0.5 s against 5 s), so training uses one.
    with threadpool_limits(limits=1, user_api="blas"):
        classifier = IntentClassifier(embeddings=embeddings).fit(texts, intents)
        tagger = EntityTagger().fit(e for e in data.examples if e.for_tagger)
    return NLUModel(classifier, tagger, key)


def train_from_dir(data_dir: Path) -> NLUModel:
    return train(load_training(data_dir))
