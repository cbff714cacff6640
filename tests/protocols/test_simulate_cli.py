"""`homeward simulate` against its contract in ../shared/interfaces.md.

Every scenario in examples/ must run, print a table with one row per task and, with --json, the
fixed shape other tools read. Bad scenarios exit 2 with one line on stderr naming the field.
The command is driven through protocols.cli's own argparse registration, so the tests do not
depend on the other areas wired into `homeward` (bot.cli).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from protocols import cli
from protocols.pack_loader import PACK_DIRS_ENV, load_protocol, protocol_ids
from protocols.scenario import Scenario, load_scenario_text
from protocols.vocabulary import Role, is_task_code

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.yaml"))
STATUSES = {"open", "done", "cancelled", "overdue"}
TASK_FIELDS = {"code", "due", "assignee", "source", "status", "episode"}
UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _builtin_packs_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A developer's own HOMEWARD_PROTOCOL_DIRS must not change what these tests see."""
    monkeypatch.delenv(PACK_DIRS_ENV, raising=False)
    yield


def simulate(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    parser = argparse.ArgumentParser(prog="homeward")
    sub = parser.add_subparsers(dest="command", required=True)
    cli.register(sub)
    args = parser.parse_args(["simulate", *argv])
    code = args.handler(args)
    assert isinstance(code, int)
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def as_json(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    run = simulate(capsys, str(path), "--json")
    assert run.code == 0, run.err
    assert run.err == ""
    data = json.loads(run.out)
    assert isinstance(data, dict)
    return data


def scenario_of(path: Path) -> Scenario:
    return load_scenario_text(path.read_text(encoding="utf-8"))


def parse_z(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def example(name: str) -> Path:
    return REPO / "examples" / f"{name}.yaml"


# ---- the examples ---------------------------------------------------------------------------


def test_there_is_an_example_for_every_protocol_id() -> None:
    assert {p.stem for p in EXAMPLES} >= set(protocol_ids(env={}))


def test_each_example_names_the_protocol_of_its_file_name() -> None:
    for path in EXAMPLES:
        assert scenario_of(path).protocol == path.stem, path.name


def test_each_example_says_at_the_top_what_it_shows() -> None:
    for path in EXAMPLES:
        assert path.read_text(encoding="utf-8").startswith("# "), path.name


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_table_has_a_header_and_one_row_per_task(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = simulate(capsys, str(path))
    assert run.code == 0, run.err
    assert run.err == ""
    lines = run.out.rstrip("\n").splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("Due (London)"))
    header = lines[header_at].split()
    for column in ("Due", "Status", "Task", "Who", "Source"):
        assert column in header
    assert set(lines[header_at + 1].replace(" ", "")) == {"-"}
    rows = lines[header_at + 2 :]
    tasks = as_json(capsys, path)["tasks"]
    assert len(rows) == len(tasks) > 0
    count = next(line for line in lines if line.startswith("Tasks:"))
    assert count.split() == ["Tasks:", str(len(tasks))]
    for row, task in zip(rows, tasks, strict=True):
        assert task["due"] in row
        assert task["status"] in row.split()
        assert task["code"] in row
        assert task["assignee"] in row.split()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_json_matches_the_contract(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = scenario_of(path)
    pack, _ = load_protocol(scenario.protocol, env={})
    data = as_json(capsys, path)
    assert set(data) == {"protocol", "tasks"}
    assert data["protocol"] == scenario.protocol
    tasks = data["tasks"]
    assert isinstance(tasks, list) and tasks
    roles = {r.value for r in Role}
    first_episode = len(scenario.child.previous_episodes) + 1
    for i, task in enumerate(tasks):
        where = f"tasks[{i}] {task}"
        assert set(task) >= TASK_FIELDS, where
        assert isinstance(task["code"], str) and is_task_code(task["code"]), where
        assert UTC_Z.match(task["due"]), where
        assert task["assignee"] in roles, where
        assert isinstance(task["source"], str)
        assert task["source"].startswith(f"{pack.id} "), where
        assert task["status"] in STATUSES, where
        assert isinstance(task["episode"], int) and not isinstance(task["episode"], bool)
        assert task["episode"] >= first_episode, where
    dues = [parse_z(t["due"]) for t in tasks]
    assert dues == sorted(dues)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_statuses_agree_with_the_clock(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """overdue: past due at `until` and not done; open: not yet past due."""
    until = scenario_of(path).until
    for task in as_json(capsys, path)["tasks"]:
        due = parse_z(task["due"])
        if task["status"] == "overdue":
            assert due < until, task
        elif task["status"] == "open":
            assert due >= until, task


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_output_is_the_same_every_run(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = simulate(capsys, str(path), "--json")
    second = simulate(capsys, str(path), "--json")
    assert first == second
    assert simulate(capsys, str(path)) == simulate(capsys, str(path))


def test_stoke_cites_the_staffordshire_pack(capsys: pytest.CaptureFixture[str]) -> None:
    tasks = as_json(capsys, example("stoke"))["tasks"]
    assert all(t["source"].startswith("staffordshire §") for t in tasks)


# ---- what each example is there to show ----------------------------------------------------


def _by_code(tasks: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    return [t for t in tasks if t["code"] == code]


def test_essex_example_reviews_every_two_hours_and_reports_by_six(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tasks = as_json(capsys, example("essex"))["tasks"]
    report = _by_code(tasks, "report_to_police")
    assert [(t["due"], t["status"]) for t in report] == [("2026-01-17T01:00:00Z", "done")]
    reviews = _by_code(tasks, "risk_review")
    assert [t["due"] for t in reviews[:4]] == [
        "2026-01-16T21:00:00Z",
        "2026-01-16T23:00:00Z",
        "2026-01-17T01:00:00Z",
        "2026-01-17T03:00:00Z",
    ]
    assert [t["status"] for t in reviews[:4]] == ["done", "done", "done", "overdue"]
    assert all(parse_z(t["due"]) < parse_z("2026-01-17T13:00:00Z") for t in reviews)
    assert {t["due"] for t in _by_code(tasks, "meaningful_contact")} == {"2026-01-19T13:00:00Z"}
    assert {t["due"] for t in _by_code(tasks, "prevention_plan")} == {"2026-01-20T13:00:00Z"}
    dld = _by_code(tasks, "notify:director_local_delivery")
    assert [t["status"] for t in dld] == ["cancelled"]


def test_thames_valley_example_turns_the_absence_into_missing_at_six_hours(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tasks = as_json(capsys, example("thames_valley"))["tasks"]
    reviews = _by_code(tasks, "risk_review")
    assert len(reviews) == 5
    assert all(parse_z(t["due"]) < parse_z("2026-05-16T02:00:00Z") for t in reviews)
    assert [t["due"] for t in _by_code(tasks, "report_to_police")] == ["2026-05-16T02:00:00Z"]
    safe_and_well = _by_code(tasks, "safe_and_well_check")
    assert [(t["due"], t["status"]) for t in safe_and_well] == [("2026-05-17T23:00:00Z", "done")]
    interview = _by_code(tasks, "return_interview")
    assert [(t["due"], t["status"]) for t in interview] == [("2026-05-19T23:00:00Z", "done")]


def test_rutland_example_reviews_every_three_days_and_briefs_the_director(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tasks = as_json(capsys, example("rutland"))["tasks"]
    reviews = _by_code(tasks, "case_review_meeting")
    assert [t["due"] for t in reviews] == ["2026-06-04T15:30:00Z", "2026-06-07T10:00:00Z"]
    assert [t["due"] for t in _by_code(tasks, "escalate:director")] == ["2026-06-04T15:30:00Z"]
    assert [t["due"] for t in _by_code(tasks, "escalate:head_of_service")] == [
        "2026-06-01T16:10:00Z"
    ]
    assert [t["due"] for t in _by_code(tasks, "return_interview")] == ["2026-06-12T20:00:00Z"]
    assert len(_by_code(tasks, "notify:team_manager")) == 2
    assert all(t["status"] == "done" for t in tasks)


def test_childrens_home_example_uses_the_agreed_deadline_and_monthly_meetings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tasks = as_json(capsys, example("childrens_home"))["tasks"]
    report = _by_code(tasks, "report_to_police")
    assert [(t["due"], t["source"]) for t in report] == [
        ("2026-02-24T17:00:00Z", "childrens_home §6.4 (deadline agreed)")
    ]
    meetings = _by_code(tasks, "missing_from_care_meeting")
    assert [t["due"] for t in meetings] == [
        "2026-02-27T16:00:00Z",  # within 3 days
        "2026-03-27T11:00:00Z",  # a month after the first was held (GMT)
        "2026-04-20T10:00:00Z",  # a month after 20 March 11:00 GMT: 11:00 BST
    ]
    assert len(_by_code(tasks, "home_office_notification")) == 2
    assert [t["due"] for t in _by_code(tasks, "escalate:responsible_authority")] == [
        "2026-04-23T14:00:00Z"
    ]
    assert not _by_code(tasks, "notify:police")  # the police found her


def test_stoke_example_walks_the_stoke_ladder(capsys: pytest.CaptureFixture[str]) -> None:
    tasks = as_json(capsys, example("stoke"))["tasks"]
    ladder = [
        (t["code"], t["due"])
        for t in tasks
        if t["code"].startswith("escalate:") or t["code"] == "notify:team_manager"
    ]
    assert ladder == [
        ("escalate:strategic_manager", "2026-10-02T18:00:00Z"),
        ("notify:team_manager", "2026-10-02T18:00:00Z"),
        ("escalate:assistant_director", "2026-10-04T18:00:00Z"),
        ("escalate:director", "2026-10-06T18:00:00Z"),
    ]
    assert not _by_code(tasks, "escalate:district_operational_lead")  # staffordshire only
    by_code = {t["code"]: t for t in tasks}
    assert by_code["escalate:assistant_director"]["assignee"] == "strategic_manager"
    assert by_code["escalate:director"]["assignee"] == "assistant_director"
    meetings = _by_code(tasks, "missing_intervention_meeting")
    assert [(t["due"], t["assignee"]) for t in meetings] == [
        ("2026-10-03T18:00:00Z", "team_manager"),  # considered from the third day
        ("2026-10-08T22:59:00Z", "team_manager"),  # 3 in 90 days: five working days
    ]
    assert {t["episode"] for t in tasks} == {3}


# ---- bad scenarios --------------------------------------------------------------------------

GOOD_CHILD = "child: {legal_status: looked_after, flags: [cse_risk]}\n"
START = "  - {at: 2026-03-02T22:00:00Z, type: missing, category: missing}\n"


def _scenario(body: str, protocol: str = "staffordshire", child: str = GOOD_CHILD) -> str:
    return f"protocol: {protocol}\n{child}events:\n{body}"


BAD_SCENARIOS: dict[str, tuple[str, str]] = {
    "unknown protocol": (_scenario(START, protocol="narnia"), "protocol"),
    "protocol not text": (_scenario(START, protocol="[essex]"), "protocol"),
    "unknown event type": (
        _scenario(START + "  - {at: 2026-03-02T23:00:00Z, type: vanished}\n"),
        "events[1].type",
    ),
    "unparseable time": (
        _scenario(START + "  - {at: 'tuesday teatime', type: returned}\n"),
        "events[1].at",
    ),
    "time missing": (_scenario(START + "  - {type: returned}\n"), "events[1].at"),
    "events out of order": (
        _scenario(
            START
            + "  - {at: 2026-03-03T09:00:00Z, type: risk_assessed, level: high}\n"
            + "  - {at: 2026-03-03T08:00:00Z, type: returned}\n"
        ),
        "events[2].at",
    ),
    "return before the start": (
        _scenario(
            "  - {at: 2026-03-02T21:00:00Z, type: returned}\n"
            "  - {at: 2026-03-02T22:00:00Z, type: missing}\n"
        ),
        "events[0].type",
    ),
    "missing while already missing": (
        _scenario(
            START
            + "  - {at: 2026-03-02T23:00:00Z, type: risk_assessed, level: low}\n"
            + "  - {at: 2026-03-03T01:00:00Z, type: missing}\n"
        ),
        "events[2].type",
    ),
    "unknown field on an event": (
        _scenario(
            START + "  - {at: 2026-03-02T23:00:00Z, type: reported_to_police, police_ref: X1}\n"
        ),
        "events[1].police_ref",
    ),
    "bad category": (
        _scenario("  - {at: 2026-03-02T22:00:00Z, type: missing, category: lost}\n"),
        "events[0].category",
    ),
    "bad risk level": (
        _scenario(START + "  - {at: 2026-03-02T23:00:00Z, type: risk_assessed, level: severe}\n"),
        "events[1].level",
    ),
    "bad legal_status": (
        _scenario(START, child="child: {legal_status: in_care}\n"),
        "child.legal_status",
    ),
    "bad flag": (
        _scenario(START, child="child: {legal_status: looked_after, flags: [cse_risk, sad]}\n"),
        "child.flags[1]",
    ),
    "bad date of birth": (
        _scenario(START, child="child: {legal_status: looked_after, date_of_birth: soon}\n"),
        "child.date_of_birth",
    ),
    "bad previous episode": (
        _scenario(
            START,
            child="child: {legal_status: looked_after, previous_episodes: [last week]}\n",
        ),
        "child.previous_episodes[0]",
    ),
    "until before the last event": (
        _scenario(START + "  - {at: 2026-03-04T09:00:00Z, type: returned}\n")
        + "until: 2026-03-03T00:00:00Z\n",
        "until",
    ),
    "until unparseable": (_scenario(START) + "until: next week\n", "until"),
    "task_done with an unknown code": (
        _scenario(START + "  - {at: 2026-03-02T23:00:00Z, type: task_done, code: tea_break}\n"),
        "events[1].code",
    ),
    "task_done without a code": (
        _scenario(START + "  - {at: 2026-03-02T23:00:00Z, type: task_done}\n"),
        "events[1].code",
    ),
    "deadline_set without a due": (
        _scenario(
            START + "  - {at: 2026-03-02T22:05:00Z, type: deadline_set, code: report_to_police}\n"
        ),
        "events[1].due",
    ),
    "no events": ("protocol: essex\n" + GOOD_CHILD + "events: []\n", "events"),
    "no child": ("protocol: essex\nevents:\n" + START, "child"),
    "not a mapping": ("- just\n- a list\n", "(top)"),
}


@pytest.mark.parametrize("text,field", BAD_SCENARIOS.values(), ids=list(BAD_SCENARIOS))
@pytest.mark.parametrize("as_json_flag", [False, True], ids=["table", "json"])
def test_bad_scenario_exits_2_with_one_line_naming_the_field(
    text: str,
    field: str,
    as_json_flag: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    run = simulate(capsys, str(path), *(["--json"] if as_json_flag else []))
    assert run.code == 2
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert f": {field}: " in lines[0], lines[0]
    what = lines[0].split(f": {field}: ", 1)[1]
    assert re.search(r"\b(expected|required|record a return)\b", what), lines[0]
    assert lines[0].startswith(str(path))


def test_invalid_yaml_exits_2_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("protocol: essex\nchild: {legal_status: looked_after\nevents: []\n")
    run = simulate(capsys, str(path))
    assert run.code == 2
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert re.search(r": line \d+: is not valid YAML", lines[0]), lines[0]


def test_missing_file_exits_2_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nowhere.yaml"
    run = simulate(capsys, str(path), "--json")
    assert run.code == 2
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith(f"{path}: cannot be read")


def test_unknown_protocol_lists_the_known_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(_scenario(START, protocol="narnia"), encoding="utf-8")
    run = simulate(capsys, str(path))
    for protocol_id in protocol_ids(env={}):
        assert protocol_id in run.err


def test_a_valid_minimal_scenario_runs_without_until(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`until` is optional: the clock is then the last event."""
    path = tmp_path / "scenario.yaml"
    path.write_text(_scenario(START), encoding="utf-8")
    data = as_json(capsys, path)
    assert data["protocol"] == "staffordshire"
    assert _by_code(data["tasks"], "report_to_police")


def test_the_homeward_command_wires_the_same_simulate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Through `homeward` itself once every area it wires is present."""
    pytest.importorskip("nlu.cli")
    main = importlib.import_module("bot.cli").main  # imported late: needs every area

    path = example("essex")
    assert main(["simulate", str(path), "--json"]) == 0
    through_bot = capsys.readouterr().out
    assert json.loads(through_bot) == as_json(capsys, path)


def test_recurring_tasks_are_listed_up_to_until_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """interfaces.md: "recurring tasks are listed up to here"; the engine's look-ahead to the
    next occurrence (what reminders use) is not part of the listing."""
    path = tmp_path / "scenario.yaml"
    path.write_text(
        "protocol: essex\nchild: {legal_status: looked_after}\nevents:\n"
        "  - {at: 2026-03-02T22:00:00Z, type: missing}\n"
        "until: 2026-03-03T03:00:00Z\n",
        encoding="utf-8",
    )
    tasks = as_json(capsys, path)["tasks"]
    reviews = _by_code(tasks, "risk_review")
    assert [t["due"] for t in reviews] == ["2026-03-03T00:00:00Z", "2026-03-03T02:00:00Z"]
    until = parse_z("2026-03-03T03:00:00Z")
    assert all(parse_z(t["due"]) <= until for t in reviews)
    assert _by_code(tasks, "strategy_meeting")  # one-off tasks due later are still listed


def test_an_occurrence_due_exactly_at_until_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text(
        "protocol: essex\nchild: {legal_status: looked_after}\nevents:\n"
        "  - {at: 2026-03-02T22:00:00Z, type: missing}\n"
        "until: 2026-03-03T02:00:00Z\n",
        encoding="utf-8",
    )
    reviews = _by_code(as_json(capsys, path)["tasks"], "risk_review")
    assert [(t["due"], t["status"]) for t in reviews] == [
        ("2026-03-03T00:00:00Z", "overdue"),
        ("2026-03-03T02:00:00Z", "open"),
    ]
