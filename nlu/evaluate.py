"""Scoring an Understanding on annotated Rasa YAML: intents and entities.

Entities count as right when type and span match exactly; for the normalised types the value
must match too. Rasa markup cannot annotate overlapping entities, so a prediction lying wholly
inside an annotated entity of another type ("older men" inside a person "some older men") is
neither right nor wrong and is not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from nlu.confidence import needs_confirmation
from nlu.parser import Understanding
from nlu.training_data import Example, TrainingData

VALUE_CHECKED = frozenset({"child_name", "risk_factor", "task"})
RETURN_PAIR = frozenset({"child_returned", "report_missing"})


@dataclass
class Evaluation:
    total: int = 0
    correct: int = 0
    intent_macro_f1: float = 0.0
    per_intent: dict[str, dict[str, float]] = field(default_factory=dict)
    entity_tp: int = 0
    entity_fp: int = 0
    entity_fn: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    entity_errors: list[dict[str, Any]] = field(default_factory=list)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Per entity type: true positives, false positives, false negatives.
    entity_counts: dict[str, list[int]] = field(default_factory=dict)
    # False returns the dialogue would act on without asking (confident, no safety rule): the
    # rest are offered as a button beside the other readings.
    false_returns_unasked: int = 0

    @property
    def intent_accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def entity_precision(self) -> float:
        found = self.entity_tp + self.entity_fp
        return self.entity_tp / found if found else 0.0

    @property
    def entity_recall(self) -> float:
        gold = self.entity_tp + self.entity_fn
        return self.entity_tp / gold if gold else 0.0

    @property
    def entity_f1(self) -> float:
        p, r = self.entity_precision, self.entity_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def returned_confusions(self) -> int:
        """Messages read as returned when they said missing, or the other way round."""
        return sum(n for (gold, pred), n in self.confusions.items() if {gold, pred} == RETURN_PAIR)

    @property
    def false_returns(self) -> int:
        """Messages read as a return that did not say one: the mistake that closes an episode."""
        return sum(
            n for (gold, pred), n in self.confusions.items() if pred == "child_returned" != gold
        )

    def entity_f1_per_type(self) -> dict[str, dict[str, float]]:
        """Precision, recall, F1 and support (annotated spans) for each entity type."""
        return {
            entity: entity_scores(tp, fp, fn)
            for entity, (tp, fp, fn) in sorted(self.entity_counts.items())
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "intent_accuracy": round(self.intent_accuracy, 4),
            "intent_macro_f1": round(self.intent_macro_f1, 4),
            "entity_precision": round(self.entity_precision, 4),
            "entity_recall": round(self.entity_recall, 4),
            "entity_f1": round(self.entity_f1, 4),
            "examples": self.total,
            "returned_missing_confusions": self.returned_confusions,
            "false_returns": self.false_returns,
            "false_returns_unasked": self.false_returns_unasked,
            "entity_per_type": self.entity_f1_per_type(),
            "per_intent": self.per_intent,
            "confusions": [
                {"expected": g, "predicted": p, "count": n}
                for (g, p), n in self.confusions.most_common()
            ],
            "errors": self.errors,
            "entity_errors": self.entity_errors,
        }


def entity_scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": tp + fn,
    }


def count_entities(
    example: Example, entities: Sequence[Mapping[str, Any]], counts: dict[str, list[int]]
) -> tuple[set[tuple[str, int, int, str]], set[tuple[str, int, int, str]]]:
    """Adds one message's right, spurious and missed spans to `counts` (per type).

    Returns the gold and predicted keys. A prediction lying wholly inside an annotated entity
    of another type is not counted (Rasa markup cannot annotate overlapping entities).
    """
    gold = {_key(e.entity, e.start, e.end, e.value) for e in example.entities}
    pred = set()
    for e in entities:
        nested = any(
            g.entity != e["entity"] and g.start <= e["start"] and e["end"] <= g.end
            for g in example.entities
        )
        if not nested:
            pred.add(_key(e["entity"], e["start"], e["end"], e["value"]))
    for key in gold | pred:
        row = counts.setdefault(key[0], [0, 0, 0])
        row[0 if key in gold and key in pred else 1 if key in pred else 2] += 1
    return gold, pred


def _key(entity: str, start: int, end: int, value: str) -> tuple[str, int, int, str]:
    return (entity, start, end, value if entity in VALUE_CHECKED else "")


def roster(data: TrainingData) -> list[str]:
    """The children named in the data stand in for the people a tester may see."""
    return data.child_names


def evaluate(
    understanding: Understanding,
    examples: Sequence[Example],
    now: datetime,
    child_names: Sequence[str] = (),
    entity_types: Collection[str] | None = None,
) -> Evaluation:
    """Intent and entity figures of `understanding` on `examples`. With `entity_types`, only
    those types are scored: a set that annotates some types only (canonical_v3 leaves risks and
    tasks out) would otherwise count every right risk or task found as spurious."""
    result = Evaluation()
    gold_intents: list[str] = []
    predicted: list[str] = []
    for ex in examples:
        parsed = understanding.parse(ex.text, now, child_names=child_names)
        name = parsed["intent"]["name"]
        gold_intents.append(ex.intent)
        predicted.append(name)
        result.total += 1
        if name == ex.intent:
            result.correct += 1
        else:
            result.confusions[(ex.intent, name)] += 1
            if name == "child_returned" and not needs_confirmation(parsed):
                result.false_returns_unasked += 1
            result.errors.append(
                {
                    "text": ex.text,
                    "expected": ex.intent,
                    "predicted": name,
                    "confidence": parsed["intent"]["confidence"],
                }
            )
        found, scored = parsed["entities"], ex
        if entity_types is not None:
            found = [e for e in found if e["entity"] in entity_types]
            kept = tuple(e for e in ex.entities if e.entity in entity_types)
            scored = replace(ex, entities=kept)
        gold, pred = count_entities(scored, found, result.entity_counts)
        result.entity_tp += len(gold & pred)
        result.entity_fp += len(pred - gold)
        result.entity_fn += len(gold - pred)
        if gold != pred:
            result.entity_errors.append(
                {
                    "text": ex.text,
                    "missed": [_show(ex.text, k) for k in sorted(gold - pred)],
                    "spurious": [_show(ex.text, k) for k in sorted(pred - gold)],
                }
            )
    labels = sorted(set(gold_intents) | set(predicted))
    f1s = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold_intents, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold_intents, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold_intents, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result.per_intent[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
        }
        if tp + fn:
            f1s.append(f1)
    result.intent_macro_f1 = sum(f1s) / len(f1s) if f1s else 0.0
    return result


def _show(text: str, key: tuple[str, int, int, str]) -> str:
    entity, start, end, value = key
    return f"{entity}:{text[start:end]!r}" + (f"={value}" if value else "")
