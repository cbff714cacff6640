"""False returns are counted twice: all of them, and those the dialogue would act on without
asking (confident and no safety rule); the others are only offered as a button."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from nlu.evaluate import evaluate
from nlu.training_data import Example
from nlu.types import ParseResult
from tests.nlu.conftest import NOW

# text -> (intent the stand-in reads, its confidence)
_READS = {
    "her phone is back on": ("child_returned", 0.91),
    "nan says he might come back": ("child_returned", 0.52),
    "he's home": ("child_returned", 0.95),
    "still out": ("report_missing", 0.8),
}


class _StandIn:
    """Reads each message as _READS says: the scorer is what is tested, not the model."""

    def parse(self, text: str, now: datetime, *, child_names: Sequence[str] = ()) -> ParseResult:
        name, confidence = _READS[text]
        ranking = [{"name": name, "confidence": confidence}]
        return {"text": text, "intent": ranking[0], "intent_ranking": ranking, "entities": []}  # type: ignore[typeddict-item]


def test_false_returns_split_by_whether_the_dialogue_would_ask() -> None:
    examples = [
        Example("her phone is back on", "new_information"),
        Example("nan says he might come back", "whereabouts_known"),
        Example("he's home", "child_returned"),
        Example("still out", "new_information"),
    ]
    result = evaluate(_StandIn(), examples, NOW)
    assert (result.false_returns, result.false_returns_unasked) == (2, 1)
    assert result.as_json()["false_returns_unasked"] == 1
