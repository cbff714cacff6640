"""Protocol packs: the built-in ones load and cite their seed; a malformed pack is refused with
the file, the path inside it and what was expected; local packs come in through
HOMEWARD_PROTOCOL_DIRS; `homeward protocols check` says ok or exits 2."""

from __future__ import annotations

import argparse
import copy
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from protocols import cli
from protocols.engine import compute_tasks
from protocols.facts import ChildFacts, Event, EventType
from protocols.pack import ProtocolPack
from protocols.pack_loader import (
    BUILTIN_DIR,
    PACK_DIRS_ENV,
    PackError,
    UnknownProtocol,
    all_packs,
    load_protocol,
    pack_dirs,
    protocol_ids,
    read_pack_file,
)
from protocols.vocabulary import LegalStatus, Role, is_task_code

BUILTIN_FILES = sorted(BUILTIN_DIR.glob("*.yaml"))
BUILTIN_IDS = ["childrens_home", "essex", "rutland", "staffordshire", "stoke", "thames_valley"]
NO_ENV: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _builtin_packs_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(PACK_DIRS_ENV, raising=False)
    yield


def builtin_packs() -> tuple[ProtocolPack, ...]:
    return all_packs(env=NO_ENV)


# ---- the built-in packs ---------------------------------------------------------------------


def test_builtin_protocol_ids() -> None:
    assert protocol_ids(env=NO_ENV) == BUILTIN_IDS


def test_protocol_ids_come_from_the_environment_by_default() -> None:
    assert protocol_ids() == BUILTIN_IDS


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda p: p.stem)
def test_every_builtin_pack_file_loads(path: Path) -> None:
    pack = read_pack_file(path)
    assert pack.id == path.stem
    assert pack.name
    assert pack.rules
    assert pack.id in pack.variants
    assert pack.seed.endswith(".txt")


def test_the_builtin_files_are_the_builtin_packs() -> None:
    assert sorted(p.id for p in builtin_packs()) == sorted(p.stem for p in BUILTIN_FILES)
    assert len(BUILTIN_FILES) == 5


@pytest.mark.parametrize("pack", builtin_packs(), ids=lambda p: p.id)
def test_every_rule_cites_its_pack_and_says_why(pack: ProtocolPack) -> None:
    ids = [rule.id for rule in pack.rules]
    assert len(ids) == len(set(ids))
    for rule in pack.rules:
        assert rule.source.strip(), rule.id
        assert rule.source.startswith(f"{pack.id} "), (rule.id, rule.source)
        assert rule.why.strip(), rule.id
        assert rule.title.strip(), rule.id
        assert is_task_code(rule.code), (rule.id, rule.code)
        for variant in pack.variants:
            assert isinstance(rule.assignee_for(variant), Role)
        for sooner in rule.sooner:
            assert sooner.source.startswith(f"{pack.id} "), (rule.id, sooner.source)


@pytest.mark.parametrize("pack", builtin_packs(), ids=lambda p: p.id)
def test_everything_else_in_a_pack_cites_it_too(pack: ProtocolPack) -> None:
    for name, items in pack.checklists.items():
        for item in items:
            assert item.source.startswith(f"{pack.id} "), (name, item.id, item.source)
            assert item.text.strip()
    for timeout in pack.category_timeouts:
        assert timeout.source.startswith(f"{pack.id} ")
    for derived in pack.derived_flags:
        assert derived.source.startswith(f"{pack.id} ")


def test_stoke_is_a_variant_of_the_staffordshire_pack() -> None:
    pack, variant = load_protocol("stoke", env=NO_ENV)
    assert (pack.id, variant) == ("staffordshire", "stoke")
    assert pack.variants == ("staffordshire", "stoke")
    pack, variant = load_protocol("staffordshire", env=NO_ENV)
    assert (pack.id, variant) == ("staffordshire", "staffordshire")


@pytest.mark.parametrize("protocol_id", BUILTIN_IDS)
def test_every_protocol_id_loads(protocol_id: str) -> None:
    pack, variant = load_protocol(protocol_id, env=NO_ENV)
    assert variant == protocol_id
    assert protocol_id in pack.variants


def test_an_unknown_protocol_lists_the_known_ones() -> None:
    with pytest.raises(UnknownProtocol) as caught:
        load_protocol("narnia", env=NO_ENV)
    message = str(caught.value)
    assert "'narnia'" in message
    for protocol_id in BUILTIN_IDS:
        assert protocol_id in message


# ---- malformed packs ------------------------------------------------------------------------

GOOD_PACK: dict[str, Any] = {
    "id": "testshire",
    "name": "Testshire missing children protocol",
    "variants": ["testshire", "testshire_north"],
    "seed": "none.txt",
    "rules": [
        {
            "id": "report",
            "code": "report_to_police",
            "title": "Report the child missing to the police",
            "assignee": "carer",
            "offset": "PT6H",
            "source": "testshire §1",
            "why": "Reported within six hours.",
        },
        {
            "id": "escalate",
            "code": "escalate:service_manager",
            "title": "Tell the service manager",
            "assignee": {"testshire": "team_manager", "testshire_north": "social_worker"},
            "offset": "P1D",
            "when": {"legal_status": ["looked_after"], "flags_any": ["cse_risk"]},
            "source": "testshire §2",
            "why": "Missing a day.",
        },
    ],
    "checklists": {
        "searches": [{"id": "house", "text": "Search the house", "source": "testshire §1"}]
    },
}


def write_pack(folder: Path, data: object, name: str = "pack.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def mutated(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(GOOD_PACK)
    change(data)
    return data


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _working_days(value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        del data["rules"][0]["offset"]
        data["rules"][0]["working_days"] = value

    return change


def _duplicate_rule(data: dict[str, Any]) -> None:
    data["rules"][1]["id"] = data["rules"][0]["id"]


@dataclass(frozen=True)
class Bad:
    change: Callable[[dict[str, Any]], None]
    path: str
    expected: str  # words of the message saying what was expected


BAD_PACKS: dict[str, Bad] = {
    "bad duration": Bad(_set(("rules", 0, "offset"), "6 hours"), "rules[0].offset", "ISO 8601"),
    "empty duration": Bad(_set(("rules", 0, "offset"), "PT"), "rules[0].offset", "ISO 8601"),
    "unknown rule field": Bad(
        _set(("rules", 0, "ofset"), "PT6H"),
        "rules[0].ofset",
        "unknown field (did you mean 'offset'?); expected one of",
    ),
    "unknown top-level field": Bad(_set(("colour",), "blue"), "colour", "unknown field"),
    "unknown condition field": Bad(
        _set(("rules", 1, "when", "mood"), "sad"), "rules[1].when.mood", "unknown field"
    ),
    "unknown role": Bad(
        _set(("rules", 0, "assignee"), "janitor"), "rules[0].assignee", "expected one of"
    ),
    "unknown role for a variant": Bad(
        _set(("rules", 1, "assignee", "testshire_north"), "janitor"),
        "rules[1].assignee.testshire_north",
        "expected one of",
    ),
    "unknown task code": Bad(
        _set(("rules", 0, "code"), "phone_home"), "rules[0].code", "expected a task code"
    ),
    "notify an unknown role": Bad(
        _set(("rules", 0, "code"), "notify:janitor"), "rules[0].code", "expected a task code"
    ),
    "missing why": Bad(_drop(("rules", 0, "why")), "rules[0].why", "required field is missing"),
    "missing source": Bad(
        _drop(("rules", 1, "source")), "rules[1].source", "required field is missing"
    ),
    "empty source": Bad(_set(("rules", 0, "source"), " "), "rules[0].source", "non-empty text"),
    "missing name": Bad(_drop(("name",)), "name", "required field is missing"),
    "missing rules": Bad(_drop(("rules",)), "rules", "required field is missing"),
    "duplicate rule id": Bad(_duplicate_rule, "rules[1].id", "expected a unique id"),
    "variant assignee missing a variant": Bad(
        _set(("rules", 1, "assignee"), {"testshire": "team_manager"}),
        "rules[1].assignee",
        "missing testshire_north",
    ),
    "assignee for an unknown variant": Bad(
        _set(("rules", 1, "assignee", "testshire_south"), "carer"),
        "rules[1].assignee.testshire_south",
        "expected one of",
    ),
    "pack id not among its variants": Bad(
        _set(("variants",), ["north", "south"]), "variants", "own id"
    ),
    "bad flag in a condition": Bad(
        _set(("rules", 1, "when", "flags_any"), ["cse_risk", "grumpy"]),
        "rules[1].when.flags_any[1]",
        "expected one of",
    ),
    "bad legal status in a condition": Bad(
        _set(("rules", 1, "when", "legal_status"), ["in_care"]),
        "rules[1].when.legal_status[0]",
        "expected one of",
    ),
    "bad anchor": Bad(_set(("rules", 0, "anchor"), "teatime"), "rules[0].anchor", "done:"),
    "bad phase": Bad(_set(("rules", 0, "phase"), "later"), "rules[0].phase", "expected one of"),
    "every without repeat": Bad(
        _set(("rules", 0, "every"), "PT2H"), "rules[0].repeat", "required with 'every'"
    ),
    "repeat every without every": Bad(
        _set(("rules", 0, "repeat"), "every"), "rules[0].every", "required when repeat"
    ),
    "offset and working days": Bad(
        _set(("rules", 0, "working_days"), 5), "rules[0].working_days", "not both"
    ),
    "negative working days": Bad(_working_days(-1), "rules[0].working_days", "whole number"),
    "rule not a mapping": Bad(_set(("rules", 0), "report"), "rules[0]", "expected a mapping"),
    "rules not a list": Bad(_set(("rules",), {"a": 1}), "rules", "expected a list"),
    "bad category timeout": Bad(
        _set(
            ("category_timeouts",),
            [{"from": "wandering", "after": "PT6H", "to": "missing", "source": "testshire §3"}],
        ),
        "category_timeouts[0].from",
        "expected one of",
    ),
    "bad checklist item": Bad(
        _set(("checklists", "searches", 0, "txt"), "x"), "checklists.searches[0].txt", "unknown"
    ),
}


def test_the_good_pack_is_good(tmp_path: Path) -> None:
    pack = read_pack_file(write_pack(tmp_path, GOOD_PACK))
    assert pack.id == "testshire"
    assert pack.rule("escalate").assignee_for("testshire_north") is Role.SOCIAL_WORKER
    assert pack.rule("report").assignee_for("testshire_north") is Role.CARER


@pytest.mark.parametrize("bad", BAD_PACKS.values(), ids=list(BAD_PACKS))
def test_malformed_pack_names_the_file_the_path_and_what_was_expected(
    bad: Bad, tmp_path: Path
) -> None:
    path = write_pack(tmp_path, mutated(bad.change))
    with pytest.raises(PackError) as caught:
        read_pack_file(path)
    error = caught.value
    assert error.file == str(path)
    assert error.path == bad.path
    assert bad.expected in error.message
    assert str(error).startswith(f"{path}: {bad.path}: ")
    assert "\n" not in str(error)


def test_invalid_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: testshire\nname: [unclosed\nrules: []\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        read_pack_file(path)
    error = caught.value
    assert error.file == str(path)
    assert error.path.startswith("line ")
    assert "is not valid YAML" in error.message


def test_a_pack_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = write_pack(tmp_path, ["id", "rules"])
    with pytest.raises(PackError) as caught:
        read_pack_file(path)
    assert caught.value.path == "(top)"
    assert "expected a mapping" in caught.value.message


def test_an_unreadable_pack_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(PackError) as caught:
        read_pack_file(path)
    assert caught.value.file == str(path)
    assert "cannot be read" in caught.value.message


# ---- homeward protocols check / list --------------------------------------------------------


def protocols_command(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="homeward")
    sub = parser.add_subparsers(dest="command", required=True)
    cli.register(sub)
    args = parser.parse_args(["protocols", *argv])
    code = args.handler(args)
    assert isinstance(code, int)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=lambda p: p.stem)
def test_check_says_ok_for_each_builtin_pack(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = protocols_command(capsys, "check", str(path))
    assert code == 0
    assert err == ""
    assert f"{path}: ok: {path.stem}" in out


def test_check_says_ok_for_a_good_local_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_pack(tmp_path, GOOD_PACK)
    code, out, err = protocols_command(capsys, "check", str(path))
    assert code == 0
    assert err == ""
    assert out.strip() == f"{path}: ok: testshire (testshire, testshire_north), 2 rules"


@pytest.mark.parametrize(
    "name", ["bad duration", "unknown role", "duplicate rule id", "missing why"]
)
def test_check_exits_2_for_a_bad_pack(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = BAD_PACKS[name]
    path = write_pack(tmp_path, mutated(bad.change))
    code, out, err = protocols_command(capsys, "check", str(path))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{path}: {bad.path}: ")
    assert bad.expected in lines[0]


def test_check_exits_2_for_invalid_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("rules: [\n", encoding="utf-8")
    code, out, err = protocols_command(capsys, "check", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith(f"{path}: line 2: is not valid YAML")


def test_check_invalid_yaml_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("rules: [\n", encoding="utf-8")
    _, _, err = protocols_command(capsys, "check", str(path))
    assert len(err.splitlines()) == 1, err


def test_list_shows_every_protocol_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = protocols_command(capsys, "list")
    assert code == 0
    assert sorted(line.split()[0] for line in out.splitlines()) == BUILTIN_IDS


# ---- local packs through HOMEWARD_PROTOCOL_DIRS ---------------------------------------------


def test_a_local_pack_directory_adds_a_protocol(tmp_path: Path) -> None:
    folder = tmp_path / "local"
    write_pack(folder, GOOD_PACK, "testshire.yaml")
    env = {PACK_DIRS_ENV: str(folder)}
    assert pack_dirs(env) == (folder, BUILTIN_DIR)
    assert protocol_ids(env=env) == sorted([*BUILTIN_IDS, "testshire", "testshire_north"])
    pack, variant = load_protocol("testshire_north", env=env)
    assert (pack.id, variant) == ("testshire", "testshire_north")
    assert "testshire" in {p.id for p in all_packs(env=env)}
    with pytest.raises(UnknownProtocol):
        load_protocol("testshire", env=NO_ENV)


def test_several_local_directories_are_read(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write_pack(first, GOOD_PACK)
    other = copy.deepcopy(GOOD_PACK)
    other["id"], other["variants"] = "otherton", ["otherton"]
    other["rules"][1]["assignee"] = "team_manager"
    write_pack(second, other)
    env = {PACK_DIRS_ENV: os.pathsep.join([str(first), str(second)])}
    assert {"testshire", "otherton"} <= set(protocol_ids(env=env))


def test_a_local_pack_overrides_a_builtin_one_of_the_same_id(tmp_path: Path) -> None:
    local = copy.deepcopy(GOOD_PACK)
    local["id"], local["variants"], local["name"] = "essex", ["essex"], "Our own Essex"
    local["rules"][1]["assignee"] = "team_manager"
    folder = tmp_path / "override"
    write_pack(folder, local, "essex.yaml")
    pack, _ = load_protocol("essex", env={PACK_DIRS_ENV: str(folder)})
    assert pack.name == "Our own Essex"
    assert load_protocol("essex", env=NO_ENV)[0].name != "Our own Essex"


def test_a_bad_local_pack_is_reported_not_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    path = write_pack(folder, mutated(BAD_PACKS["unknown role"].change), "bad.yaml")
    with pytest.raises(PackError) as caught:
        all_packs(env={PACK_DIRS_ENV: str(folder)})
    assert caught.value.file == str(path)


def test_the_engine_runs_a_local_pack(tmp_path: Path) -> None:
    folder = tmp_path / "engine"
    write_pack(folder, GOOD_PACK, "testshire.yaml")
    start = datetime(2026, 3, 2, 22, 0, tzinfo=UTC)
    tasks = compute_tasks(
        "testshire_north",
        ChildFacts(legal_status=LegalStatus.LOOKED_AFTER, flags=frozenset({"cse_risk"})),
        [Event(at=start, type=EventType.MISSING, data={"category": "missing"})],
        datetime(2026, 3, 4, 0, 0, tzinfo=UTC),
        env={PACK_DIRS_ENV: str(folder)},
    )
    assert [(t.code, t.due, t.assignee, t.source) for t in tasks] == [
        ("report_to_police", datetime(2026, 3, 3, 4, 0, tzinfo=UTC), Role.CARER, "testshire §1"),
        (
            "escalate:service_manager",
            datetime(2026, 3, 3, 22, 0, tzinfo=UTC),
            Role.SOCIAL_WORKER,
            "testshire §2",
        ),
    ]


def test_simulate_reads_local_packs_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sim"
    write_pack(folder, GOOD_PACK, "testshire.yaml")
    monkeypatch.setenv(PACK_DIRS_ENV, str(folder))
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(
        "protocol: testshire\n"
        "child: {legal_status: looked_after}\n"
        "events:\n"
        "  - {at: 2026-03-02T22:00:00Z, type: missing}\n"
        "until: 2026-03-03T12:00:00Z\n",
        encoding="utf-8",
    )
    parser = argparse.ArgumentParser(prog="homeward")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["simulate", str(scenario), "--json"])
    assert args.handler(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["protocol"] == "testshire"
    assert [t["source"] for t in data["tasks"]] == ["testshire §1"]
