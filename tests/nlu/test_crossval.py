from __future__ import annotations

from nlu.crossval import CrossValidation, cross_validate
from nlu.training_data import loads
from tests.nlu.conftest import NOW

_DATA = """
nlu:
- intent: greet
  examples: |
    - hi
    - hello
    - hiya
    - morning
- intent: goodbye
  examples: |
    - bye
    - night night
    - see you
    - cheers bye
"""


def test_cross_validation_parses_every_example_once() -> None:
    report = cross_validate(loads(_DATA), NOW, folds=2)
    assert report.total == 8
    assert sorted(report.gold) == ["goodbye"] * 4 + ["greet"] * 4
    assert 0.0 <= report.accuracy <= 1.0
    assert set(report.as_json()) >= {"intent_accuracy", "intent_macro_f1", "correct_but_asked"}


def test_figures() -> None:
    report = CrossValidation(
        folds=2,
        gold=["child_returned", "report_missing", "greet", "greet"],
        predicted=["report_missing", "report_missing", "greet", "goodbye"],
        confidence=[0.9, 0.5, 0.8, 0.3],
        would_ask=[False, True, False, True],
    )
    assert report.accuracy == 0.5
    assert report.returned_confusions == 1
    assert report.correct_but_asked == 0.5
    assert report.acted_on_wrongly == 0.25
    # F1: child_returned 0, report_missing 2/3, greet 2/3.
    assert abs(report.macro_f1 - 4 / 9) < 1e-9
