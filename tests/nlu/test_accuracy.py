"""The acceptance gate on the held-out set (never trained on)."""

from __future__ import annotations

from nlu.evaluate import evaluate, roster
from nlu.parser import EmbeddedUnderstanding
from nlu.training_data import load
from tests.nlu.conftest import DATA, NOW


def test_held_out_accuracy(understanding: EmbeddedUnderstanding) -> None:
    data = load(DATA / "test.yml")
    result = evaluate(understanding, data.examples, NOW, roster(data))
    assert result.returned_confusions == 0, result.errors
    assert result.intent_accuracy >= 0.95, result.errors
    assert result.entity_f1 >= 0.85, result.entity_errors
