"""The trained embedded model, and building it from the Rasa YAML training data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nlu.classifier import IntentClassifier
from nlu.entities.tagger import EntityTagger
from nlu.training_data import TrainingData, load_training


@dataclass
class NLUModel:
    classifier: IntentClassifier
    tagger: EntityTagger
    key: str = ""


def train(data: TrainingData, key: str = "") -> NLUModel:
    if not data.examples:
        raise ValueError("no training examples")
    texts = [e.text for e in data.examples]
    intents = [e.intent for e in data.examples]
    return NLUModel(IntentClassifier().fit(texts, intents), EntityTagger().fit(data.examples), key)


def train_from_dir(data_dir: Path) -> NLUModel:
    return train(load_training(data_dir))
