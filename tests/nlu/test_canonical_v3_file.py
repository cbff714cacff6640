"""Canonical set v3 (tests/nlu/canonical_v3.yml) is well formed; no model is run here.

The set was written before the session-20 tuning by someone who read none of the training data,
and is scored once at the end: its accuracy test is added after that measurement, not tuned
against. This file only checks that it loads, is big enough and covers every intent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from nlu.training_data import load, load_training
from nlu.types import ENTITY_TYPES, INTENTS

CANONICAL_V3 = Path(__file__).resolve().parent / "canonical_v3.yml"

# The set annotates these types only; risk_factor and task are left out (see its header).
ANNOTATED_TYPES = frozenset({"child_name", "time", "location", "person", "police_reference"})


def test_canonical_v3_loads_with_enough_examples_for_every_intent() -> None:
    data = load(CANONICAL_V3)
    assert len(data.examples) >= 200
    per_intent = Counter(example.intent for example in data.examples)
    assert set(per_intent) == set(INTENTS)
    assert min(per_intent.values()) >= 8, per_intent


def test_canonical_v3_spans_are_exact_and_of_the_annotated_types() -> None:
    data = load(CANONICAL_V3)
    assert ANNOTATED_TYPES.issubset(ENTITY_TYPES)
    for example in data.examples:
        for entity in example.entities:
            surface = example.text[entity.start : entity.end]
            assert entity.entity in ANNOTATED_TYPES, (example.text, entity)
            assert surface and surface == surface.strip(), (example.text, entity)
            assert "[" not in example.text and "]" not in example.text, example.text


def test_canonical_v3_has_no_duplicate_messages_and_a_roster_of_children() -> None:
    data = load(CANONICAL_V3)
    texts = [example.text.lower() for example in data.examples]
    assert len(texts) == len(set(texts))
    assert len(data.child_names) >= 20


def test_canonical_v3_is_never_trained_on() -> None:
    # Replies of four words or fewer ("yes please", "cancel that") may well be stock phrases in
    # the chat data; any longer message found in both would be a copy.
    canonical = {e.text.lower() for e in load(CANONICAL_V3).examples if len(e.text.split()) > 4}
    trained = {e.text.lower() for e in load_training().examples}
    assert not canonical & trained, sorted(canonical & trained)
