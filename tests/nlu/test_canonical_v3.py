"""Canonical set v3 (tests/nlu/canonical_v3.yml): written in session 20 before that session's
NLU work was merged, by someone who read neither the training data nor the rules, and run on
the merged model once. It is the project's honest figure for "phrasings nobody here wrote".

The issue's goal (intent accuracy 0.95) is NOT met on it (0.862 when first run; see
docs/understanding.md, "Measured on canonical v3"). These are floors at what was measured, so
that a change which makes the assistant understand fresh messages worse fails here, and a
change that lifts them should lift the floors too.
"""

from __future__ import annotations

from pathlib import Path

from nlu.evaluate import evaluate, roster
from nlu.parser import EmbeddedUnderstanding
from nlu.training_data import load
from tests.nlu.conftest import NOW

CANONICAL_V3 = Path(__file__).resolve().parent / "canonical_v3.yml"
# The set annotates these only (its header): risks and tasks found are not scored.
SCORED = frozenset({"child_name", "time", "location", "person", "police_reference"})


def test_canonical_v3_keeps_what_was_measured(understanding: EmbeddedUnderstanding) -> None:
    data = load(CANONICAL_V3)
    result = evaluate(understanding, data.examples, NOW, roster(data), SCORED)
    assert result.false_returns <= 1, result.errors
    assert result.intent_accuracy >= 0.85, result.errors
    assert result.entity_f1 >= 0.85, result.entity_errors
