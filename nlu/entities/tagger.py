"""A learned tagger for the open-class entities, `location` and `person`.

Places ("outside Greggs", "her nan's in Longton") and companions ("with an older lad called
Kai") have no closed list, so they are tagged token by token (BIO) by a linear model over word,
affix, shape and context features, trained from the same annotated YAML as the intents.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from nlu.entities.spans import Span
from nlu.training_data import Example

TAGGED = ("location", "person")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
# Cues that help a small data set generalise to places it has never seen.
PLACE_WORDS = frozenset(
    [
        "park",
        "station",
        "shop",
        "shops",
        "town",
        "centre",
        "center",
        "city",
        "flat",
        "house",
        "home",
        "estate",
        "road",
        "street",
        "lane",
        "school",
        "college",
        "mcdonalds",
        "maccies",
        "greggs",
        "asda",
        "tesco",
        "aldi",
        "lidl",
        "morrisons",
        "sainsburys",
        "kfc",
        "library",
        "beach",
        "bus",
        "garage",
        "precinct",
        "hospital",
        "field",
        "fields",
        "woods",
        "canal",
        "bridge",
        "square",
        "arcade",
        "cinema",
        "pub",
        "club",
        "skatepark",
        "rec",
        "mall",
        "retail",
        "primark",
        "spoons",
        "wetherspoons",
        "services",
        "nans",
        "mums",
        "dads",
        "aunties",
        "uncles",
        "cousins",
        "friends",
        "mates",
        "boyfriends",
        "girlfriends",
        "place",
        "bungalow",
        "hotel",
        "loft",
        "attic",
        "shed",
        "garden",
        "wardrobe",
        "bedroom",
        "cupboard",
        "a&e",
        "chippy",
        "rank",
        "petrol",
        "flats",
        "takeaway",
        "sisters",
        "brothers",
        "aunts",
        "grans",
        "nannas",
        "cafe",
        "underpass",
        "alley",
        "stoke",
    ]
)
_PERSON_WORDS = frozenset(
    [
        "mum",
        "dad",
        "nan",
        "nanna",
        "grandma",
        "grandad",
        "auntie",
        "aunt",
        "uncle",
        "cousin",
        "brother",
        "sister",
        "boyfriend",
        "girlfriend",
        "mate",
        "mates",
        "friend",
        "friends",
        "lad",
        "lads",
        "girl",
        "girls",
        "man",
        "men",
        "guy",
        "guys",
        "bloke",
        "male",
        "female",
        "woman",
        "women",
        "adult",
        "adults",
        "older",
        "group",
        "gang",
        "family",
        "bf",
        "gf",
        "bro",
        "sis",
        "stepdad",
        "stepmum",
    ]
)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word[:1].isupper():
        return "X" if word.isupper() and len(word) > 1 else "Xx"
    return "x" if word.isalpha() else "p"


def _features(tokens: Sequence[Token], i: int) -> dict[str, Any]:
    def low(j: int) -> str:
        if j < 0:
            return "<s>"
        if j >= len(tokens):
            return "</s>"
        return tokens[j].text.lower().replace("’", "'")

    w = low(i)
    bare = w.removesuffix("'s")
    feats: dict[str, Any] = {
        "w": w,
        "suf3": w[-3:],
        "pre3": w[:3],
        "shape": _shape(tokens[i].text),
        "place": bare in PLACE_WORDS or bare.rstrip("s") in PLACE_WORDS,
        "kin": bare in _PERSON_WORDS,
        "poss": w.endswith("'s"),
        "w-1": low(i - 1),
        "w-2": low(i - 2),
        "w+1": low(i + 1),
        "w+2": low(i + 2),
        "w-2|w-1": low(i - 2) + "|" + low(i - 1),
        "w-1|w": low(i - 1) + "|" + w,
        "place-1": low(i - 1).removesuffix("'s") in PLACE_WORDS,
        "place+1": low(i + 1).removesuffix("'s") in PLACE_WORDS,
        "kin-1": low(i - 1).removesuffix("'s") in _PERSON_WORDS,
        "kin+1": low(i + 1) in _PERSON_WORDS,
    }
    return feats


def _labels(example: Example, tokens: Sequence[Token]) -> list[str]:
    labels = ["O"] * len(tokens)
    for ent in example.entities:
        if ent.entity not in TAGGED:
            continue
        inside = [k for k, t in enumerate(tokens) if t.start >= ent.start and t.end <= ent.end]
        for n, k in enumerate(inside):
            labels[k] = ("B-" if n == 0 else "I-") + ent.entity
    return labels


class EntityTagger:
    def __init__(self) -> None:
        self._vectorizer = DictVectorizer()
        # A loose tolerance: trained at first use, so build time matters more than the last
        # digit of the loss; on this data it also tags slightly better than full convergence.
        self._model = LogisticRegression(C=5.0, max_iter=100, tol=1e-3)
        self._fitted = False

    def fit(self, examples: Iterable[Example]) -> EntityTagger:
        feats: list[dict[str, Any]] = []
        labels: list[str] = []
        for ex in examples:
            tokens = tokenize(ex.text)
            feats.extend(_features(tokens, i) for i in range(len(tokens)))
            labels.extend(_labels(ex, tokens))
        if len(set(labels)) < 2:
            return self
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            self._model.fit(self._vectorizer.fit_transform(feats), labels)
        self._fitted = True
        return self

    def tag(self, text: str) -> list[Span]:
        tokens = tokenize(text)
        if not self._fitted or not tokens:
            return []
        matrix = self._vectorizer.transform([_features(tokens, i) for i in range(len(tokens))])
        probs = self._model.predict_proba(matrix)
        classes = list(self._model.classes_)
        spans: list[Span] = []
        current: tuple[str, int, list[float]] | None = None

        def close(upto: int) -> None:
            if current is not None:
                entity, first, confs = current
                start, end = tokens[first].start, tokens[upto].end
                value = text[start:end]
                spans.append(Span(start, end, entity, value, round(sum(confs) / len(confs), 3)))

        for i, row in enumerate(probs):
            best = int(row.argmax())
            label = str(classes[best])
            conf = float(row[best])
            if label == "O":
                close(i - 1)
                current = None
                continue
            prefix, entity = label.split("-", 1)
            if current is not None and current[0] == entity and prefix == "I":
                current[2].append(conf)
                continue
            close(i - 1)
            # A stray I- without B- still starts an entity rather than being lost.
            current = (entity, i, [conf])
        close(len(tokens) - 1)
        return spans
