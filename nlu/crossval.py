"""Stratified k-fold cross-validation of the whole embedded pipeline on the training data.

The held-out `test.yml` was written by the person who tuned the training data, so it flatters
the model. Cross-validation asks the fairer question: how does the pipeline (normalisation,
classifier, safety rules) do on phrasings it was not trained on? It also reports how confident
the correct answers are, because a right answer below the confirmation threshold still makes
the assistant ask "do you mean…".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedKFold

from nlu.confidence import needs_confirmation
from nlu.evaluate import RETURN_PAIR, count_entities, entity_scores, roster
from nlu.model import train
from nlu.parser import EmbeddedUnderstanding
from nlu.training_data import Example, TrainingData


@dataclass
class CrossValidation:
    folds: int
    texts: list[str] = field(default_factory=list)
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    # Confidence of the top intent, and whether the dialogue would ask, per example.
    confidence: list[float] = field(default_factory=list)
    would_ask: list[bool] = field(default_factory=list)
    # Per entity type: true positives, false positives, false negatives (nlu.evaluate).
    entity_counts: dict[str, list[int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.gold)

    @property
    def accuracy(self) -> float:
        right = sum(g == p for g, p in zip(self.gold, self.predicted, strict=True))
        return right / self.total if self.total else 0.0

    def accuracy_on(self, texts: set[str]) -> float:
        """Accuracy over the examples with these texts only, e.g. one training file's."""
        rows = zip(self.texts, self.gold, self.predicted, strict=True)
        chosen = [g == p for t, g, p in rows if t in texts]
        return sum(chosen) / len(chosen) if chosen else 0.0

    @property
    def macro_f1(self) -> float:
        f1s = []
        for label in sorted(set(self.gold)):
            pairs = list(zip(self.gold, self.predicted, strict=True))
            tp = sum(g == p == label for g, p in pairs)
            fp = sum(p == label != g for g, p in pairs)
            fn = sum(g == label != p for g, p in pairs)
            f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        return sum(f1s) / len(f1s) if f1s else 0.0

    @property
    def returned_confusions(self) -> int:
        pairs = zip(self.gold, self.predicted, strict=True)
        return sum({g, p} == RETURN_PAIR for g, p in pairs)

    @property
    def false_returns(self) -> int:
        pairs = zip(self.gold, self.predicted, strict=True)
        return sum(p == "child_returned" != g for g, p in pairs)

    def _correct(self) -> list[int]:
        return [i for i in range(self.total) if self.gold[i] == self.predicted[i]]

    def correct_confidence(self, percentile: float) -> float:
        values = [self.confidence[i] for i in self._correct()]
        return float(np.percentile(values, percentile)) if values else 0.0

    @property
    def correct_but_asked(self) -> float:
        """Share of right answers the dialogue would still confirm with buttons."""
        right = self._correct()
        return sum(self.would_ask[i] for i in right) / len(right) if right else 0.0

    @property
    def acted_on_wrongly(self) -> float:
        """Share of all messages where a wrong intent was confident enough to act on."""
        wrong = [
            i
            for i in range(self.total)
            if self.gold[i] != self.predicted[i] and not self.would_ask[i]
        ]
        return len(wrong) / self.total if self.total else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "folds": self.folds,
            "examples": self.total,
            "intent_accuracy": round(self.accuracy, 4),
            "intent_macro_f1": round(self.macro_f1, 4),
            "returned_missing_confusions": self.returned_confusions,
            "false_returns": self.false_returns,
            "correct_confidence_p10": round(self.correct_confidence(10), 3),
            "correct_confidence_p25": round(self.correct_confidence(25), 3),
            "correct_confidence_median": round(self.correct_confidence(50), 3),
            "correct_but_asked": round(self.correct_but_asked, 4),
            "wrong_and_not_asked": round(self.acted_on_wrongly, 4),
            "entity_per_type": {
                entity: entity_scores(*row) for entity, row in sorted(self.entity_counts.items())
            },
        }


def cross_validate(
    data: TrainingData, now: datetime, *, folds: int = 5, seed: int = 0, embeddings: bool = True
) -> CrossValidation:
    """Train on k-1 folds, parse the remaining one as the dialogue would, k times.

    The roster is every child named in the data, as a worker's caseload would be at parse time.
    """
    examples: Sequence[Example] = data.examples
    names = roster(data)
    labels = [e.intent for e in examples]
    report = CrossValidation(folds)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(np.zeros(len(labels)), labels):
        part = TrainingData(
            examples=[examples[i] for i in train_idx],
            synonyms=data.synonyms,
            lookups=data.lookups,
            regexes=data.regexes,
        )
        understanding = EmbeddedUnderstanding(train(part, embeddings=embeddings))
        for i in test_idx:
            parsed = understanding.parse(examples[i].text, now, child_names=names)
            report.texts.append(examples[i].text)
            report.gold.append(examples[i].intent)
            report.predicted.append(parsed["intent"]["name"])
            report.confidence.append(parsed["intent"]["confidence"])
            report.would_ask.append(needs_confirmation(parsed))
            count_entities(examples[i], parsed["entities"], report.entity_counts)
    return report
