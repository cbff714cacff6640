from __future__ import annotations

from pathlib import Path

import pytest

from nlu import cache
from nlu.confidence import alternatives, needs_confirmation
from nlu.model import NLUModel
from nlu.parser import EmbeddedUnderstanding, load_understanding
from nlu.types import IntentScore, ParseResult
from tests.nlu.conftest import NOW


def test_parse_has_rasas_shape(understanding: EmbeddedUnderstanding) -> None:
    text = "Kofi still not back, last seen half 10 at the park, ref SP-2603-0199"
    result = understanding.parse(text, NOW, child_names=["Kofi Mensah"])
    assert set(result) >= {"text", "intent", "intent_ranking", "entities"}
    assert result["text"] == text
    assert result["intent"] == result["intent_ranking"][0]
    assert 0 <= result["intent"]["confidence"] <= 1
    by_type = {e["entity"]: e for e in result["entities"]}
    assert by_type["child_name"]["value"] == "Kofi Mensah"
    assert by_type["time"]["value"] == "2026-03-02T22:30:00Z"
    assert by_type["police_reference"]["value"] == "SP-2603-0199"
    assert by_type["location"]["value"] == "the park"
    for e in result["entities"]:
        assert set(e) >= {"entity", "value", "start", "end", "confidence"}
        assert text[e["start"] : e["end"]]


def test_names_outside_the_roster_are_not_returned(understanding: EmbeddedUnderstanding) -> None:
    result = understanding.parse("Kofi is back", NOW, child_names=["Lola Adeyemi"])
    assert not [e for e in result["entities"] if e["entity"] == "child_name"]


def _result(name: str, confidence: float, **extra: list[str]) -> ParseResult:
    ranking = [
        IntentScore(name=name, confidence=confidence),
        IntentScore(name="out_of_scope", confidence=0.1),
        IntentScore(name="new_information", confidence=0.05),
    ]
    result = ParseResult(text="x", intent=ranking[0], intent_ranking=ranking, entities=[])
    if "safety" in extra:
        result["safety"] = extra["safety"]
    return result


def test_confirmation_threshold() -> None:
    assert not needs_confirmation(_result("greet", 0.5))
    assert needs_confirmation(_result("greet", 0.3))
    # Opening or closing an episode needs more certainty.
    assert needs_confirmation(_result("child_returned", 0.55))
    assert not needs_confirmation(_result("child_returned", 0.9))
    assert needs_confirmation(_result("report_missing", 0.9, safety=["negated_return"]))
    assert [s["name"] for s in alternatives(_result("greet", 0.3))] == ["greet", "new_information"]


def test_backend_choice(cache_env: dict[str, str]) -> None:
    assert isinstance(load_understanding(cache_env), EmbeddedUnderstanding)
    with pytest.raises(ValueError, match="embedded"):
        load_understanding({"HOMEWARD_NLU_BACKEND": "spacy"})


def test_cache_is_reused_and_survives_corruption(tmp_path: Path) -> None:
    env = {"HOMEWARD_NLU_CACHE": str(tmp_path)}
    first = cache.load_model(env=env)
    [path] = list(tmp_path.glob("model-*.pkl"))
    assert path.name == f"model-{first.key}.pkl"
    assert isinstance(cache.load_model(env=env), NLUModel)
    path.write_bytes(b"not a pickle")
    rebuilt = cache.load_model(env=env)
    assert rebuilt.key == first.key
    assert path.read_bytes() != b"not a pickle"


def test_cache_key_follows_the_training_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yml").write_text("nlu:\n- intent: greet\n  examples: |\n    - hi\n")
    before = cache.model_key(data)
    (data / "test.yml").write_text("nlu: []\n")
    assert cache.model_key(data) == before  # the held-out file is not training data
    (data / "a.yml").write_text("nlu:\n- intent: greet\n  examples: |\n    - hiya\n")
    assert cache.model_key(data) != before


def test_unwritable_cache_still_answers(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    model = cache.load_model(env={"HOMEWARD_NLU_CACHE": str(blocker / "sub")})
    assert isinstance(model, NLUModel)
