"""`homeward simulate` and `homeward protocols check` never crash on what people write: a file
that is not UTF-8, YAML nested 5,000 deep, aliases, misspelt keys, or any other shape exit 2
with one line (never a traceback), and a misspelt key is named with a suggestion."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocols import cli
from protocols.pack_loader import BUILTIN_DIR, PACK_DIRS_ENV, PackError, parse_pack
from protocols.scenario import Scenario, ScenarioError, load_scenario_text, parse_scenario

START = "  - {at: 2026-03-02T22:00:00Z, type: missing}\n"
GOOD = "protocol: essex\nchild: {legal_status: looked_after}\nevents:\n" + START


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="homeward")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    code = args.handler(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


NASTY_FILES: dict[str, bytes] = {
    "latin-1 bytes": "protocol: essex\nchild: {legal_status: looked_after}\n# café\n".encode(
        "latin-1"
    ),
    "binary": bytes(range(256)),
    "utf-16": GOOD.encode("utf-16"),
    "flow nested 5000 deep": b"[" * 5000 + b"]" * 5000,
    "block nested 5000 deep": "".join("  " * i + "a:\n" for i in range(5000)).encode(),
    "mapping nested 5000 deep": b"{a: " * 5000 + b"1" + b"}" * 5000,
    "alias bomb": (
        b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n"
    ),
    "empty": b"",
    "only a comment": b"# nothing\n",
}


@pytest.mark.parametrize("content", NASTY_FILES.values(), ids=list(NASTY_FILES))
@pytest.mark.parametrize(
    "command", [["simulate", "{}"], ["simulate", "{}", "--json"], ["protocols", "check", "{}"]]
)
def test_nasty_files_exit_2_with_one_line(
    content: bytes, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input.yaml"
    path.write_bytes(content)
    code, out, err = run_cli(capsys, *(a.format(path) for a in command))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(str(path))
    assert "Traceback" not in err


def test_non_utf8_names_the_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(NASTY_FILES["latin-1 bytes"])
    _, _, err = run_cli(capsys, "simulate", str(path))
    assert "expected UTF-8 text" in err and "0xe9" in err


def test_deep_nesting_says_what_was_expected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.yaml"
    path.write_bytes(NASTY_FILES["flow nested 5000 deep"])
    _, _, err = run_cli(capsys, "protocols", "check", str(path))
    assert "expected at most 64 levels of nesting" in err


MISSPELT_SCENARIOS = {
    "untill": (GOOD + "untill: 2026-03-03T00:00:00Z\n", "untill", "until"),
    "date_of_brith": (
        GOOD.replace("looked_after}", "looked_after, date_of_brith: 2015-01-01}"),
        "child.date_of_brith",
        "date_of_birth",
    ),
    "protocl": (GOOD.replace("protocol:", "protocl: essex\nprotocol:"), "protocl", "protocol"),
    "event level typo": (
        GOOD + "  - {at: 2026-03-02T23:00:00Z, type: risk_assessed, levle: high}\n",
        "events[1].levle",
        "level",
    ),
    "previous_episode": (
        GOOD.replace("looked_after}", "looked_after, previous_episode: []}"),
        "child.previous_episode",
        "previous_episodes",
    ),
}


@pytest.mark.parametrize(
    "text,path,suggestion", MISSPELT_SCENARIOS.values(), ids=list(MISSPELT_SCENARIOS)
)
def test_misspelt_scenario_keys_are_errors_naming_the_key(
    text: str, path: str, suggestion: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "scenario.yaml"
    file.write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, "simulate", str(file))
    assert code == 2 and out == ""
    assert f": {path}: unknown field" in err, err
    assert f"(did you mean {suggestion!r}?); expected one of" in err, err
    assert len(err.splitlines()) == 1


def _pack_text() -> str:
    return (BUILTIN_DIR / "rutland.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("find", "replace", "path", "suggestion"),
    [
        ("\nnotes:", "\nnotse:", "notse", "notes"),
        ("    offset: P3D\n", "    ofset: P3D\n", "rules[3].ofset", "offset"),
        ("    anchor: recorded\n", "    anchr: recorded\n", "rules[0].anchr", "anchor"),
        (
            "legal_status: [looked_after]}",
            "legal_statu: [looked_after]}",
            "rules[1].when.legal_statu",
            "legal_status",
        ),
    ],
)
def test_misspelt_pack_keys_are_errors_naming_the_key(
    find: str,
    replace: str,
    path: str,
    suggestion: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = _pack_text()
    assert find in text
    file = tmp_path / "pack.yaml"
    file.write_text(text.replace(find, replace, 1), encoding="utf-8")
    code, out, err = run_cli(capsys, "protocols", "check", str(file))
    assert code == 2 and out == ""
    assert f": {path}: unknown field (did you mean {suggestion!r}?)" in err, err


def test_a_misspelt_scenario_key_is_never_silently_ignored() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(MISSPELT_SCENARIOS["date_of_brith"][0])
    assert caught.value.path == "child.date_of_brith"


def test_far_away_years_are_refused_not_overflowed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "scenario.yaml"
    file.write_text(GOOD.replace("2026-03-02T22:00:00Z", "9999-12-31T23:00:00Z"), encoding="utf-8")
    code, _, err = run_cli(capsys, "simulate", str(file))
    assert code == 2 and "events[0].at: expected a time between" in err


# ---- Hypothesis: any shape a scenario or a pack can take ----

KEYS = [
    "protocol", "child", "events", "until", "untill", "legal_status", "flags", "date_of_birth",
    "date_of_brith", "arrived_in_uk", "previous_episodes", "placement", "at", "type", "category",
    "level", "code", "due", "next_due", "how", "recorded_at", "factor", "rules", "id", "when",
    "any_of", "sooner", "offset", "every", "repeat", "working_days", "source", "why", "title",
]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "essex", "stoke", "looked_after", "not_known", "missing", "returned", "found",
            "risk_assessed", "task_done", "deadline_set", "high", "uasc", "very_young",
            "notify:iro", "report_to_police", "2026-03-02T22:00:00Z", "2026-03-02",
            "9999-12-31T23:59:59Z", "0001-01-01", "P3D", "PT6H", "P99999999W", "phone",
            "2026-13-45", "²", "residential",
        ]
    ),
)  # fmt: skip
SHAPES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), inner, max_size=5),
    ),
    max_leaves=25,
)


@st.composite
def scenario_shapes(draw: st.DrawFn) -> Any:
    """Mostly near-valid scenarios with one part replaced by anything."""
    base: dict[str, Any] = {
        "protocol": draw(st.sampled_from(["essex", "stoke", "thames_valley", "childrens_home"])),
        "child": {"legal_status": "looked_after", "date_of_birth": "2015-05-01"},
        "events": [
            {"at": "2026-03-02T22:00:00Z", "type": "missing"},
            {"at": "2026-03-03T02:00:00Z", "type": "returned"},
        ],
        "until": "2026-03-10T00:00:00Z",
    }
    where = draw(st.sampled_from(["top", "child", "event", "key", "whole"]))
    if where == "whole":
        return draw(SHAPES)
    if where == "top":
        base[draw(st.sampled_from(KEYS))] = draw(SHAPES)
    elif where == "child":
        base["child"][draw(st.sampled_from(KEYS))] = draw(SHAPES)
    elif where == "event":
        event = base["events"][draw(st.integers(0, 1))]
        event[draw(st.sampled_from(KEYS))] = draw(SHAPES)
    else:
        base["events"].append(draw(SHAPES))
    return base


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_shapes())
def test_any_scenario_shape_is_a_scenario_or_one_scenario_error(data: Any) -> None:
    try:
        scenario = parse_scenario(data)
    except ScenarioError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(scenario, Scenario)
    cli.simulate(scenario)  # and the engine runs on whatever was accepted


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_shapes())
def test_any_scenario_shape_through_yaml_text_never_crashes(data: Any) -> None:
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        return
    try:
        load_scenario_text(text)
    except ScenarioError as error:
        assert "\n" not in str(error)


@st.composite
def pack_shapes(draw: st.DrawFn) -> Any:
    pack = yaml.safe_load(_pack_text())
    rules = pack["rules"]
    target = draw(st.sampled_from(["top", "rule", "when", "sooner"]))
    if target == "top":
        pack[draw(st.sampled_from([*KEYS, "notes", "checklists", "derived_flags"]))] = draw(SHAPES)
    else:
        rule = rules[draw(st.integers(0, len(rules) - 1))]
        if target == "rule":
            rule[draw(st.sampled_from(KEYS))] = draw(SHAPES)
        elif target == "when":
            rule["when"] = {draw(st.sampled_from(KEYS)): draw(SHAPES)}
        else:
            rule["sooner"] = [{"when": draw(SHAPES), "offset": draw(SHAPES), "source": "x"}]
    return pack


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pack_shapes())
def test_any_pack_shape_is_a_pack_or_one_pack_error(data: Any) -> None:
    try:
        pack = parse_pack(data, "fuzz.yaml")
    except PackError as error:
        assert "\n" not in str(error)
        return
    assert pack.rules


def test_protocols_list_names_a_broken_local_pack_instead_of_crashing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mine.yaml").write_bytes(b"\xff\xfe not utf-8")
    monkeypatch.setenv(PACK_DIRS_ENV, str(tmp_path))
    code, out, err = run_cli(capsys, "protocols", "list")
    assert code == 2 and out == ""
    assert err.startswith(str(tmp_path / "mine.yaml")) and len(err.splitlines()) == 1
