"""Optional backend: a Rasa server's `/model/parse`, for teams that already run Rasa.

Rasa decides the intent and the open-class entities. What Rasa cannot know is added or checked
here, so the dialogue sees the same guarantees from either backend: times are resolved against
the caller's `now` (Rasa's Duckling would use the server's clock), child names are limited to
the caller's roster, risk and task values must be in the shared vocabulary, and the safety
rules apply on top of Rasa's ranking.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from nlu.entities.child_names import find_child_names
from nlu.parser import RANKING_LENGTH, extract_rule_entities
from nlu.safety import apply_rules
from nlu.types import Entity, IntentScore, ParseResult, assemble
from protocols.vocabulary import RISK_FACTORS, is_task_code

# Our own extractors own these; Rasa's versions are replaced or checked.
_OURS = frozenset({"time", "child_name", "police_reference", "risk_factor", "task"})


class RasaBackendError(RuntimeError):
    """The Rasa server could not be reached or answered something that is not a parse."""


class RasaHTTPUnderstanding:
    """`token` is sent as Rasa's `?token=` query parameter (Rasa's `--auth-token`)."""

    def __init__(self, url: str, *, timeout: float = 5.0, token: str | None = None) -> None:
        # Shown in errors; the endpoint with the token never is.
        self._where = url.rstrip("/") + "/model/parse"
        self._endpoint = self._where
        if token:
            query = urllib.parse.urlencode({"token": token})
            self._endpoint += ("&" if "?" in self._where else "?") + query
        self._timeout = timeout

    def _post(self, text: str) -> dict[str, Any]:
        body = json.dumps({"text": text}).encode("utf-8")
        request = urllib.request.Request(
            self._endpoint, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            hint = " (check HOMEWARD_RASA_TOKEN)" if exc.code in (401, 403) else ""
            raise RasaBackendError(
                f"Rasa server at {self._where}: HTTP {exc.code} {exc.reason}{hint}"
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise RasaBackendError(f"Rasa server at {self._where}: {exc}") from exc
        if not isinstance(payload, dict) or not isinstance(payload.get("intent"), dict):
            raise RasaBackendError(f"Rasa server at {self._where}: response has no intent")
        return payload

    def parse(self, text: str, now: datetime, *, child_names: Sequence[str] = ()) -> ParseResult:
        payload = self._post(text)
        ranking = [
            IntentScore(name=str(item["name"]), confidence=float(item.get("confidence", 0.0)))
            for item in payload.get("intent_ranking") or [payload["intent"]]
            if isinstance(item, dict) and item.get("name")
        ]
        ranking.sort(key=lambda s: -s["confidence"])
        kept, fired = apply_rules(text, ranking)
        kept = kept[:RANKING_LENGTH]
        entities = extract_rule_entities(text, now, child_names)
        for raw in payload.get("entities") or []:
            entity = _from_rasa(raw, text, child_names)
            if entity is None:
                continue
            if entity["entity"] in _OURS and any(
                e["entity"] == entity["entity"]
                and e["start"] < entity["end"]
                and entity["start"] < e["end"]
                for e in entities
            ):
                continue
            entities.append(entity)
        return assemble(text, kept, entities, fired)


def _from_rasa(raw: Any, text: str, child_names: Sequence[str]) -> Entity | None:
    if not isinstance(raw, dict):
        return None
    try:
        name = str(raw["entity"])
        start, end = int(raw["start"]), int(raw["end"])
    except (KeyError, TypeError, ValueError):
        return None
    value = raw.get("value", text[start:end])
    if name == "time":
        return None  # resolved by us against the caller's clock
    if name == "child_name":
        matches = find_child_names(text[start:end], child_names)
        if not matches:
            return None
        value = matches[0].value
    elif (name == "risk_factor" and value not in RISK_FACTORS) or (
        name == "task" and not is_task_code(str(value))
    ):
        return None
    entity = Entity(
        entity=name,
        value=str(value),
        start=start,
        end=end,
        confidence=float(raw.get("confidence_entity", raw.get("confidence", 1.0)) or 1.0),
        extractor=str(raw.get("extractor", "rasa")),
    )
    # Rasa's entity role, kept when the server was trained with roles ("companion" for a person
    # the child is with); without one a person reads as a companion (nlu.types.is_companion).
    if isinstance(raw.get("role"), str):
        entity["role"] = raw["role"]
    return entity
