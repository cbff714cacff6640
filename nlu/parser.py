"""The public face of the NLU: `parse` a message into Rasa's parse-result shape.

The dialogue manager depends on `Understanding` only, so the embedded pipeline and a Rasa
server are interchangeable (`load_understanding`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from nlu.cache import load_model
from nlu.entities.child_names import find_child_names
from nlu.entities.lexicon import find_risk_factors, find_tasks
from nlu.entities.phrases import complete_phrases
from nlu.entities.police_ref import find_police_references
from nlu.entities.spans import Span
from nlu.entities.tagger import EntityTagger
from nlu.facts import promote_police_call, secondary_intents
from nlu.masking import mask
from nlu.model import NLUModel
from nlu.questions import promote_record_question, promote_rule_question
from nlu.safety import (
    apply_rules,
    merge_deny_into_report,
    merge_task_into_return,
    police_told_of_return_is_a_task,
    promote_stated_return,
)
from nlu.times import LONDON, TimeMatch, find_times
from nlu.training_data import DATA_DIR
from nlu.types import Entity, ParseResult, assemble
from nlu.yes_and import read_fact_after_yes_or_no

RANKING_LENGTH = 10
BACKEND_ENV = "HOMEWARD_NLU_BACKEND"
RASA_URL_ENV = "HOMEWARD_RASA_URL"
RASA_TOKEN_ENV = "HOMEWARD_RASA_TOKEN"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"


class Understanding(Protocol):
    def parse(
        self, text: str, now: datetime, *, child_names: Sequence[str] = ()
    ) -> ParseResult: ...


def _entity(span: Span, extractor: str, processors: list[str] | None = None) -> Entity:
    entity = Entity(
        entity=span.entity,
        value=span.value,
        start=span.start,
        end=span.end,
        confidence=span.confidence,
        extractor=extractor,
    )
    if processors:
        entity["processors"] = processors
    if span.role is not None:
        entity["role"] = span.role
    return entity


def extract_rule_entities(text: str, now: datetime, child_names: Sequence[str]) -> list[Entity]:
    """Entities that need no trained model: times, references, vocabularies, roster names."""
    return _rule_entities_and_waits(text, now, child_names)[0]


def _rule_entities_and_waits(
    text: str, now: datetime, child_names: Sequence[str]
) -> tuple[list[Entity], list[TimeMatch]]:
    """The rule entities and the waits ("back in 10 mins"): no time entity, but masked for the
    classifier as in training. One scan of the times for both."""
    refs = find_police_references(text)
    entities = [_entity(s, "homeward.police_reference") for s in refs]
    times = find_times(text, now, exclude=[(s.start, s.end) for s in refs], waits=True)
    for match in (m for m in times if not m.wait):
        entity = Entity(
            entity="time",
            value=match.value,
            start=match.start,
            end=match.end,
            confidence=1.0,
            extractor="homeward.times",
            additional_info={
                "grain": match.grain,
                "text": match.text,
                "local": match.instant.astimezone(LONDON).isoformat(),
            },
        )
        entities.append(entity)
    entities += [_entity(s, "homeward.lexicon", ["normalised"]) for s in find_risk_factors(text)]
    entities += [_entity(s, "homeward.lexicon", ["normalised"]) for s in find_tasks(text)]
    entities += [
        _entity(s, "homeward.child_names", ["fuzzy_roster"])
        for s in find_child_names(text, child_names)
    ]
    return entities, [m for m in times if m.wait]


# Tagged spans give way to these, which are matched exactly or against the roster.
_PRECEDENCE = frozenset({"child_name", "time", "police_reference"})


def tagged_entities(
    text: str,
    tagger: EntityTagger | None,
    rule_entities: Sequence[Entity],
    *,
    phrases: bool = True,
) -> list[Entity]:
    """Places and people: the tagger's spans made whole phrases, minus any overlapping a
    name, time or reference. For measuring each part alone (benchmarks/nlu_benchmark.py
    --entity-cv): `phrases=False` is the tagger alone, `tagger=None` the phrase rules alone."""
    exact = [(e["start"], e["end"]) for e in rule_entities if e["entity"] in _PRECEDENCE]
    spans = tagger.tag(text) if tagger is not None else []
    if phrases:
        tasks = [(e["start"], e["end"]) for e in rule_entities if e["entity"] == "task"]
        spans = complete_phrases(text, spans, blocked=exact, tasks=tasks)
    return [
        _entity(span, "homeward.tagger")
        for span in spans
        if not any(span.start < end and start < span.end for start, end in exact)
    ]


class EmbeddedUnderstanding:
    """Trained from nlu/data at first use (cached); no network."""

    def __init__(self, model: NLUModel) -> None:
        self._model = model

    def parse(self, text: str, now: datetime, *, child_names: Sequence[str] = ()) -> ParseResult:
        entities, waits = _rule_entities_and_waits(text, now, child_names)
        # The classifier sees placeholders for names, times and references, as in training;
        # waits ("back in 10 mins") too, though they are no time entity.
        spans = [(e["start"], e["end"], e["entity"]) for e in entities]
        masked = mask(text, [*spans, *((m.start, m.end, "time") for m in waits)])
        ranking = self._model.classifier.rank(masked)
        ranking, fact_after_yes = read_fact_after_yes_or_no(
            masked, ranking, self._model.classifier.rank
        )
        # The safety rules read the words themselves.
        kept, fired = apply_rules(text, ranking)
        kept = kept[:RANKING_LENGTH]
        entities += tagged_entities(text, self._model.tagger, entities)
        kept, promoted = promote_police_call(text, kept, entities)
        kept, stated = promote_stated_return(text, kept)
        kept, record = promote_record_question(text, kept, entities)
        kept, rule = promote_rule_question(text, kept)
        kept, report = merge_deny_into_report(text, kept)
        kept, plain_return = merge_task_into_return(text, kept)
        kept, told_police = police_told_of_return_is_a_task(text, kept)
        result = assemble(text, kept, entities, fired)
        rules = (
            ["fact_after_yes_or_no"] * fact_after_yes
            + ["police_call"] * promoted
            + ["stated_return"] * stated
            + ["record_question"] * record
            + ["rule_question"] * rule
            + ["not_back_report"] * report
            + ["return_not_task"] * plain_return
            + ["return_told_to_police"] * told_police
        )
        if rules:
            result["rules"] = rules
        others = secondary_intents(text, result["intent"]["name"], kept, entities)
        if others:
            result["secondary_intents"] = others
        return result


def load_understanding(
    config: Mapping[str, str] | None = None, *, data_dir: Path = DATA_DIR
) -> Understanding:
    """The backend named in `config` (default: the environment).

    HOMEWARD_NLU_BACKEND=embedded (default) or rasa; HOMEWARD_RASA_URL and, when the server
    was started with --auth-token, HOMEWARD_RASA_TOKEN for the latter; HOMEWARD_NLU_CACHE for
    where the embedded model is kept.
    """
    config = os.environ if config is None else config
    backend = config.get(BACKEND_ENV, "embedded").strip().lower() or "embedded"
    if backend == "rasa":
        from nlu.rasa_http import RasaHTTPUnderstanding

        return RasaHTTPUnderstanding(
            config.get(RASA_URL_ENV, DEFAULT_RASA_URL),
            token=config.get(RASA_TOKEN_ENV, "").strip() or None,
        )
    if backend != "embedded":
        raise ValueError(f"{BACKEND_ENV} must be 'embedded' or 'rasa', not {backend!r}")
    return EmbeddedUnderstanding(load_model(data_dir, config))
