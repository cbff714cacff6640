from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlu.cli import main
from tests.nlu.conftest import DATA


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "nlu",
        "parse",
        "police just dropped amara off at half 10",
        "--now",
        "2026-03-02T23:30:00Z",
        "--json",
        "--child",
        "Amara Okafor",
    )
    assert code == 0
    result = json.loads(out)
    assert result["intent"]["name"] == "child_returned"
    assert {"name", "confidence"} == set(result["intent"])
    values = {e["entity"]: e["value"] for e in result["entities"]}
    assert values == {"child_name": "Amara Okafor", "time": "2026-03-02T22:30:00Z"}


def test_parse_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "nlu", "parse", "still not back", "--now", "2026-03-02T23:30:00Z")
    assert code == 0 and out.startswith("intent: ")


def test_bad_now(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "nlu", "parse", "hi", "--now", "last tuesday")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--now" in err


def test_test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "nlu", "test", str(DATA / "test.yml"), "--json")
    assert code == 0
    report = json.loads(out)
    assert {"intent_accuracy", "intent_macro_f1", "entity_f1", "errors"} <= set(report)


def test_test_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "t.yml"
    path.write_text("nlu:\n- intent: greet\n  examples: |\n    - hiya\n    - good evening\n")
    code, out, _ = run(capsys, "nlu", "test", str(path))
    assert code == 0
    assert "intent accuracy" in out and "macro F1" in out and "precision" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), ("nlu: [", "not valid YAML"), ("foo: 1", "nlu:")],
)
def test_test_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "t.yml"
    if content is not None:
        path.write_text(content)
    code, out, err = run(capsys, "nlu", "test", str(path))
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_registered_in_homeward(capsys: pytest.CaptureFixture[str]) -> None:
    bot_cli = pytest.importorskip("bot.cli")
    try:
        bot_cli.build_parser()
    except ImportError:
        pytest.skip("the rest of the homeward CLI is not there yet")
    code = bot_cli.main(["nlu", "parse", "hiya", "--now", "2026-03-02T23:30:00Z", "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["intent"]["name"] == "greet"
