from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from nlu.normalise import normalise
from nlu.training_data import (
    TrainingDataError,
    load,
    load_training,
    loads,
    parse_annotated,
    training_files,
)
from nlu.types import INTENTS
from tests.nlu.conftest import DATA


def test_plain_and_json_annotations_keep_offsets() -> None:
    ex = parse_annotated(
        '[amara]{"entity": "child_name", "value": "Amara"} left at [half 10](time) '
        "with [her mates](person:friends)"
    )
    assert ex.text == "amara left at half 10 with her mates"
    got = [(e.entity, ex.text[e.start : e.end], e.value) for e in ex.entities]
    assert got == [
        ("child_name", "amara", "Amara"),
        ("time", "half 10", "half 10"),
        ("person", "her mates", "friends"),
    ]


def test_reads_rasa_blocks() -> None:
    data = loads(
        """
version: "3.1"
nlu:
- intent: greet
  examples: |
    - hiya
    - evening all
- synonym: safe_and_well_check
  examples: |
    - S&W
- lookup: place
  examples: |
    - Hanley
- regex: ref
  examples: |
    - SP-\\d{4}-\\d{4}
"""
    )
    assert [e.text for e in data.examples] == ["hiya", "evening all"]
    assert data.synonyms == {"s&w": "safe_and_well_check"}
    assert data.lookups == {"place": ["Hanley"]}
    assert data.regexes["ref"] == ["SP-\\d{4}-\\d{4}"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nlu: [", "not valid YAML"),
        ("intents: []", "top-level 'nlu:'"),
        ("nlu:\n- intent: x\n  examples: 3\n", "examples"),
        ("nlu:\n- intent: x\n  examples: |\n    hiya\n", "must start with '- '"),
        ("nlu:\n- bogus: x\n", "expected one of"),
        ('nlu:\n- intent: x\n  examples: |\n    - [a]{"entity": }\n', "bad entity annotation"),
    ],
)
def test_malformed_input_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(TrainingDataError, match=message):
        loads(text)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError, match="cannot read"):
        load(tmp_path / "nope.yml")


def test_training_data_covers_every_intent_with_forty_examples() -> None:
    counts = Counter(e.intent for e in load_training().examples)
    assert set(counts) == set(INTENTS)
    assert min(counts.values()) >= 40, counts


def test_test_set_is_held_out() -> None:
    assert DATA / "test.yml" not in training_files()
    test = {e.text.lower() for e in load(DATA / "test.yml").examples}
    train = {e.text.lower() for e in load_training().examples}
    # Stock phrases ("yes", "never mind") are bound to recur; sentences must not.
    assert {t for t in test & train if len(t.split()) > 2} == set()
    counts = Counter(e.intent for e in load(DATA / "test.yml").examples)
    assert set(counts) == set(INTENTS) and min(counts.values()) >= 10


def test_annotated_values_are_in_the_vocabulary() -> None:
    from protocols.vocabulary import RISK_FACTORS, is_task_code

    for path in [*training_files(), DATA / "test.yml"]:
        for ex in load(path).examples:
            for e in ex.entities:
                if e.entity == "risk_factor":
                    assert e.value in RISK_FACTORS, (path.name, ex.text)
                if e.entity == "task":
                    assert is_task_code(e.value), (path.name, ex.text)


def test_a_block_marked_tagger_false_teaches_intents_only() -> None:
    data = loads(
        'version: "3.1"\nnlu:\n'
        "- intent: greet\n  metadata: {tagger: false}\n"
        "  examples: |\n    - hi from [the park](location)\n"
        "- intent: goodbye\n  examples: |\n    - bye from [the park](location)\n"
    )
    assert [(e.intent, e.for_tagger) for e in data.examples] == [
        ("greet", False),
        ("goodbye", True),
    ]
    assert data.examples[0].entities[0].entity == "location"  # still read, for the record


def test_the_shipped_voices_file_teaches_intents_only() -> None:
    voices = load(Path(__file__).resolve().parents[2] / "nlu" / "data" / "voices.yml").examples
    assert voices and not any(e.for_tagger for e in voices)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("has anyone told the IRO yet", True),
        ("whats outstanding", True),
        ("IRO told?", True),
        ("told the IRO", False),
        ("has returned to placement", False),  # the subject dropped: a statement
        ("Kai is back", False),
    ],
)
def test_a_question_shape_is_one_shared_feature(text: str, asks: bool) -> None:
    assert ("__question" in normalise(text).split()) is asks


@pytest.mark.parametrize(
    ("text", "markers"),
    [
        ("she is at her nans", ["__now_at"]),
        ("hes staying round his mates tonight", ["__now_at"]),
        ("a neighbour saw him at the shops", ["__seen"]),
        ("actually i think she is in danger", []),
        ("hes in town with mates", ["__now_at"]),
        ("Kai is back", []),
    ],
)
def test_where_the_child_is_now_and_a_sighting_are_shared_features(
    text: str, markers: list[str]
) -> None:
    assert [w for w in normalise(text).split() if w in ("__now_at", "__seen")] == markers
