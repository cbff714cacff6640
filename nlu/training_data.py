"""Reader for Rasa's NLU training-data YAML (the `nlu:` section, format 3.x).

Supports `- intent:` blocks with `examples: |` lists and the three entity annotations Rasa
accepts: `[text](entity)`, `[text](entity:value)` and `[text]{"entity": "x", "value": "y"}`.
`synonym`, `regex` and `lookup` blocks are read and kept so that data written for a real Rasa
project loads unchanged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml


class TrainingDataError(ValueError):
    """The file is not Rasa NLU YAML we can read; the message names where and why."""


@dataclass(frozen=True)
class AnnotatedEntity:
    entity: str
    value: str
    start: int
    end: int
    role: str | None = None  # Rasa's `"role"` in a `{...}` annotation ("companion" for a person)


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    entities: tuple[AnnotatedEntity, ...] = ()
    # False for a block marked `metadata: {tagger: false}`: its examples teach the intents only,
    # so annotations written to other conventions never move the location/person tagger.
    for_tagger: bool = True


@dataclass
class TrainingData:
    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, str] = field(default_factory=dict)
    lookups: dict[str, list[str]] = field(default_factory=dict)
    regexes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def intents(self) -> list[str]:
        return sorted({e.intent for e in self.examples})

    @property
    def child_names(self) -> list[str]:
        """Every child named in the annotations, canonical values, sorted."""
        return sorted(
            {e.value for ex in self.examples for e in ex.entities if e.entity == "child_name"}
        )

    def extend(self, other: TrainingData) -> None:
        self.examples.extend(other.examples)
        self.synonyms.update(other.synonyms)
        for name, items in other.lookups.items():
            self.lookups.setdefault(name, []).extend(items)
        for name, items in other.regexes.items():
            self.regexes.setdefault(name, []).extend(items)


_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<short>[^)]+)\)|(?P<json>\{[^}]*\}))")


def parse_annotated(line: str, intent: str = "") -> Example:
    """Strip `[..](..)` markup from one example, keeping character offsets into the plain text."""
    plain: list[str] = []
    entities: list[AnnotatedEntity] = []
    pos = 0
    length = 0
    for match in _ANNOTATION.finditer(line):
        before = line[pos : match.start()]
        plain.append(before)
        length += len(before)
        surface = match.group("text")
        role = None
        if match.group("short") is not None:
            name, _, value = match.group("short").partition(":")
            value = value or surface
        else:
            try:
                spec: Any = json.loads(match.group("json"))
            except json.JSONDecodeError as exc:
                raise TrainingDataError(f"bad entity annotation {match.group(0)!r}: {exc}") from exc
            if not isinstance(spec, dict) or "entity" not in spec:
                raise TrainingDataError(f"entity annotation without 'entity': {match.group(0)!r}")
            name = str(spec["entity"])
            value = str(spec.get("value", surface))
            role = str(spec["role"]) if spec.get("role") is not None else None
        entities.append(AnnotatedEntity(name.strip(), value, length, length + len(surface), role))
        plain.append(surface)
        length += len(surface)
        pos = match.end()
    plain.append(line[pos:])
    return Example("".join(plain), intent, tuple(entities))


def _block_items(block: Any, where: str) -> list[str]:
    if isinstance(block, list):
        return [str(item) for item in block]
    if not isinstance(block, str):
        raise TrainingDataError(f"{where}: 'examples' must be a '|' block of '- ' lines")
    items = []
    for raw in block.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("- "):
            raise TrainingDataError(f"{where}: example line must start with '- ': {line!r}")
        items.append(line[2:].strip())
    return items


def loads(text: str, source: str = "<string>") -> TrainingData:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise TrainingDataError(f"{source}{where}: not valid YAML") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("nlu"), list):
        raise TrainingDataError(f"{source}: expected a top-level 'nlu:' list (Rasa NLU YAML)")
    data = TrainingData()
    for index, item in enumerate(doc["nlu"]):
        where = f"{source}: nlu[{index}]"
        if not isinstance(item, dict):
            raise TrainingDataError(f"{where}: expected a mapping")
        if "intent" in item:
            intent = str(item["intent"])
            metadata = item.get("metadata")
            tagger = not (isinstance(metadata, dict) and metadata.get("tagger") is False)
            for line in _block_items(item.get("examples"), f"{where} ({intent})"):
                example = parse_annotated(line, intent)
                data.examples.append(example if tagger else replace(example, for_tagger=False))
        elif "synonym" in item:
            for line in _block_items(item.get("examples"), where):
                data.synonyms[line.lower()] = str(item["synonym"])
        elif "lookup" in item:
            data.lookups.setdefault(str(item["lookup"]), []).extend(
                _block_items(item.get("examples"), where)
            )
        elif "regex" in item:
            data.regexes.setdefault(str(item["regex"]), []).extend(
                _block_items(item.get("examples"), where)
            )
        else:
            raise TrainingDataError(f"{where}: expected one of intent, synonym, lookup, regex")
    return data


def load(path: Path) -> TrainingData:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TrainingDataError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return loads(text, str(path))


DATA_DIR = Path(__file__).resolve().parent / "data"
TEST_FILE_NAME = "test.yml"


def training_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """Every `*.yml` under the data directory except the held-out test set."""
    return sorted(p for p in data_dir.glob("*.yml") if p.name != TEST_FILE_NAME)


def load_training(data_dir: Path = DATA_DIR) -> TrainingData:
    data = TrainingData()
    for path in training_files(data_dir):
        data.extend(load(path))
    return data
