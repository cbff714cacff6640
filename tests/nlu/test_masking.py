from __future__ import annotations

import pytest

from nlu.masking import TrainingMasker, mask, mask_text
from nlu.parser import EmbeddedUnderstanding
from nlu.training_data import parse_annotated
from tests.nlu.conftest import NOW


def test_names_times_and_references_become_placeholders() -> None:
    text = "Kai not back since half 10, ref SP-2603-0199"
    assert mask_text(text, ["Kai Thompson"]).split() == [
        "childname",
        "not",
        "back",
        "since",
        "timeref",
        ",",
        "ref",
        "policeref",
    ]


def test_only_roster_names_are_masked() -> None:
    assert "childname" not in mask_text("Kai is missing", ["Ruby Walsh"])
    assert mask_text("Ruby is missing", ["Ruby Walsh"]).split() == ["childname", "is", "missing"]


def test_overlapping_spans_keep_the_longest_and_other_entities_stay() -> None:
    text = "Kai Thompson at the park"
    spans = [(0, 3, "child_name"), (0, 12, "child_name"), (16, 24, "location")]
    assert mask(text, spans).split() == ["childname", "at", "the", "park"]


def test_training_masker_agrees_with_the_parse_time_masking() -> None:
    masker = TrainingMasker(["Kai", "Will", "Amara Okafor"])
    for line, roster in [
        ('[kai]{"entity": "child_name", "value": "Kai"} not back since 9pm', ["Kai"]),
        ("Amara Okafor is at her nans", ["Amara Okafor"]),
        ("kai's gone missing, ref 4521 of 23/11", ["Kai"]),
        ("Will is missing", ["Will"]),
    ]:
        example = parse_annotated(line, "report_missing")
        assert masker(example) == mask_text(example.text, roster), line
    # An ordinary word that is also a name only counts when capitalised, as at parse time.
    assert "childname" not in masker(parse_annotated("i will call back", "greet"))


@pytest.mark.parametrize("template", ["{} is missing", "{}'s back", "RHI done with {}"])
def test_the_name_does_not_change_the_intent_or_its_confidence(
    understanding: EmbeddedUnderstanding, template: str
) -> None:
    roster = ["Kai Thompson", "Ruby Walsh", "Oluwaseun Adebayo", "Lily-Mae Carter"]
    results = [
        understanding.parse(template.format(name.split()[0]), NOW, child_names=roster)
        for name in roster
    ]
    assert len({(r["intent"]["name"], r["intent"]["confidence"]) for r in results}) == 1
