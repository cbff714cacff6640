"""The held-out sets: the project's honest figures for "phrasings nobody here wrote".

- canonical_v3 (261): written in session 20 before that session's NLU work, run on its merged
  model once (intent 0.862); its errors were read then and again in session 21, so it is no
  longer blind.
- canonical_v4a (184, carers) and v4b (180, professionals): written in session 21 before any of
  that session's NLU work, by two helpers who read neither the training data nor the rules,
  and run on the finished model once (docs/understanding.md, "Session 21").
- canonical_v5a (205, carers and families) and v5b (202, professionals): written in session 21
  before its last round of data, run blind once, then their errors read and five return rules
  fixed; so no longer blind.
- canonical_v6a (240, carers and families), v6b (240, professionals) and v6c (240, whole
  nights): written in session 22 by three helpers who read only the labelling guideline
  (docs/nlu_labelling_guideline.md), run on main before that session's work and once on its
  final model, aggregates only: nobody has read their messages or errors. A failing floor here
  prints the set's figures only (since session 24; before, it printed the errors).
  Session 23 ran them once more, on its final model, aggregates only.
- canonical_v7a (240, carers at night), v7b (240, professionals), v7c (246, the return border:
  30% returns and 55% messages near a return that are not one) and v7d (240, hurried phone
  text): written in session 23 by four helpers who read only the guideline (with that
  session's four decisions), run on main at its start and once on its final model, aggregates
  only. The same rule as v6: their messages and errors are unread.
- canonical_v8a (240, carers through whole nights), v8b (240, professionals), v8c (244, the
  return border in hurried phone text) and v8d (240, the return border with professionals and
  homes of several children): written in session 24 the same way, before any of its work; run
  on main at its start and on its final model, aggregates only, their messages unread.
- canonical_v9a (240, families at night in conversation), v9b (241, professionals), v9c (240,
  the return border in families' phone text) and v9d (241, the return border seen by
  services): written in session 24 after v8 had been used once (to decide on new data), before
  the session's later rules; run at their launch (6b2227c) and on the final model, aggregates
  only, their messages unread.
- canonical_v10a (255, carers and families through nights), v10b (254, professionals), v10c
  (259, the return border in families' phone text) and v10d (246, the return border seen by
  services): written in session 25 the same way, before any of its work; run on main at its
  start (76aa360) and on its final model, aggregates only, their messages unread.

The floors are what was measured, less about one message, so a change that understands fresh
messages worse fails here; a change that lifts them should lift the floors too.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from nlu.evaluate import evaluate, roster
from nlu.parser import EmbeddedUnderstanding
from nlu.training_data import load
from tests.nlu.conftest import NOW

HERE = Path(__file__).resolve().parent
# The sets annotate these only (their headers): risks and tasks found are not scored.
SCORED = frozenset({"child_name", "time", "location", "person", "police_reference"})


class Floor(NamedTuple):
    intent_accuracy: float
    entity_f1: float
    false_returns: int


# Measured (session 22, shipped model): intent / entity F1 / false returns: v3 0.939 / 0.942 / 0;
# v4a 0.973 / 0.932 / 1; v4b 0.983 / 0.924 / 0; v5a 0.951 / 0.908 / 1; v5b 0.955 / 0.948 / 0;
# v6a 0.963 / 0.899 / 3; v6b 0.963 / 0.908 / 3; v6c 0.950 / 0.872 / 2.
# Session 23, shipped model (72f2323): v6a 0.975 / 0.913 / 0; v6b 0.958 / 0.911 / 2; v6c 0.929 /
# 0.882 / 3; v7a 0.992 / 0.941 / 1; v7b 0.967 / 0.935 / 1; v7c 0.959 / 0.963 / 3; v7d 0.971 /
# 0.886 / 2 (v7 written blind before session 23's work; run at its start and on its final model;
# removing 11 training lines a v7 writer had also written moved v6c by six messages).
# Session 24, shipped model: v6a 0.971 / 0.913 / 1; v6b 0.967 / 0.911 / 2; v6c 0.933 / 0.882 /
# 3; v7a 0.992 / 0.941 / 1; v7b 0.967 / 0.935 / 1; v7c 0.972 / 0.963 / 2; v7d 0.971 / 0.886 / 4;
# v8a 0.958 / 0.891 / 0; v8b 0.975 / 0.914 / 0; v8c 0.906 / 0.898 / 3; v8d 0.917 / 0.911 / 7
# (v8 written blind before session 24's work, run at its start and on its final model). The
# session's return rules moved v6 and v7 from 12 false returns to 14 (3 of them acted on
# without asking, before and after). After the session's later rules (final): v8a 0.967 / 0.891 /
# 0; v8b 0.975 / 0.914 / 0; v8c 0.910 / 0.898 / 3; v8d 0.917 / 0.911 / 8; v9a 0.967 / 0.914 / 1;
# v9b 0.938 / 0.898 / 1; v9c 0.908 / 0.870 / 2; v9d 0.938 / 0.904 / 3 (v9 written blind midway,
# run at its launch and on the final model).
# Session 25 (final): v10a 0.957 / 0.904 / 1; v10b 0.945 / 0.882 / 2; v10c 0.938 / 0.920 / 1;
# v10d 0.967 / 0.946 / 1 (v10 written blind before session 25's work; run at its start and on
# its final model).
FLOORS = {
    "canonical_v3": Floor(0.93, 0.935, 0),
    "canonical_v4a": Floor(0.965, 0.925, 1),
    "canonical_v4b": Floor(0.975, 0.915, 0),
    "canonical_v5a": Floor(0.94, 0.91, 1),  # 0.941 in session 23 (was 0.951): read, not blind
    "canonical_v5b": Floor(0.95, 0.94, 0),
    "canonical_v6a": Floor(0.97, 0.905, 1),
    "canonical_v6b": Floor(0.95, 0.905, 2),
    "canonical_v6c": Floor(0.925, 0.875, 3),
    "canonical_v7a": Floor(0.985, 0.935, 1),
    "canonical_v7b": Floor(0.96, 0.93, 1),
    # 0.972 / 2 until session 25 took out the 61 training lines a v10 writer had also written
    # (to keep v10 unseen): 0.959 / 3 (1 acted on without asking) after, reported.
    "canonical_v7c": Floor(0.955, 0.955, 3),
    "canonical_v7d": Floor(0.965, 0.88, 4),
    "canonical_v8a": Floor(0.96, 0.885, 0),
    "canonical_v8b": Floor(0.97, 0.905, 0),
    "canonical_v8c": Floor(0.905, 0.89, 3),
    # 7 at session 24's first final measure; 8 after its later return rules (one of "found and
    # heading home is the return" or "kept in overnight"), which leaving each writer out found
    # took 6 returns back without a false return. Kept, and reported.
    "canonical_v8d": Floor(0.91, 0.905, 8),
    "canonical_v9a": Floor(0.96, 0.91, 1),
    "canonical_v9b": Floor(0.93, 0.89, 1),
    "canonical_v9c": Floor(0.9, 0.865, 2),
    "canonical_v9d": Floor(0.93, 0.9, 3),
    "canonical_v10a": Floor(0.95, 0.9, 1),
    "canonical_v10b": Floor(0.94, 0.875, 2),
    "canonical_v10c": Floor(0.93, 0.915, 1),
    "canonical_v10d": Floor(0.96, 0.94, 1),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_held_out_set_keeps_what_was_measured(
    understanding: EmbeddedUnderstanding, name: str
) -> None:
    data = load(HERE / f"{name}.yml")
    result = evaluate(understanding, data.examples, NOW, roster(data), SCORED)
    floor = FLOORS[name]
    # Aggregates only, even on failure: v6-v9 are blind (session 24: a failing check that printed
    # messages showed a few blind ones by accident). Read errors with `homeward nlu test` only if
    # you accept that the set stops being one nobody tuned against.
    figures = (
        f"{name}: intent {result.intent_accuracy:.3f}, entity F1 {result.entity_f1:.3f},"
        f" false returns {result.false_returns} ({result.false_returns_unasked} acted on)"
    )
    false_returns, intent, entity_f1 = (
        result.false_returns,
        result.intent_accuracy,
        result.entity_f1,
    )
    assert false_returns <= floor.false_returns, figures
    assert intent >= floor.intent_accuracy, figures
    assert entity_f1 >= floor.entity_f1, figures
