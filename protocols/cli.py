"""`homeward simulate` and `homeward protocols …`: the engine from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TypeAlias

from protocols.clock import iso_z, london_text
from protocols.engine import compute_tasks
from protocols.pack_loader import PackError, all_packs, load_protocol, read_pack_file
from protocols.scenario import Scenario, ScenarioError, load_scenario_file
from protocols.tasks import Task

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

EXIT_BAD_INPUT = 2


def register(sub: SubParsers) -> None:
    simulate = sub.add_parser(
        "simulate",
        help="replay a scenario through the protocol engine and print every task",
        description="Replay a scenario (YAML, see ../shared/interfaces.md) through the real "
        "protocol engine. No network or database is used.",
    )
    simulate.add_argument("scenario", help="path to a scenario .yaml file")
    simulate.add_argument("--json", action="store_true", help="print one JSON object")
    simulate.set_defaults(handler=run_simulate)

    protocols = sub.add_parser("protocols", help="list or check protocol packs")
    protocols_sub = protocols.add_subparsers(dest="protocols_command", required=True)
    listing = protocols_sub.add_parser("list", help="the protocol ids this installation knows")
    listing.set_defaults(handler=run_list)
    check = protocols_sub.add_parser("check", help="validate a protocol pack file")
    check.add_argument("pack", help="path to a pack .yaml file")
    check.set_defaults(handler=run_check)


def run_simulate(args: argparse.Namespace) -> int:
    path = Path(args.scenario)
    try:
        scenario = load_scenario_file(path)
    except ScenarioError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PackError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    tasks = simulate(scenario)
    if args.json:
        print(json.dumps(as_json(scenario.protocol, tasks), indent=2, ensure_ascii=False))
    else:
        print(as_table(scenario, tasks))
    return 0


def simulate(scenario: Scenario) -> list[Task]:
    """Every task at `until`. The engine also gives the next occurrence of a recurring task
    (what reminders need); the contract lists recurring tasks up to `until` only."""
    tasks = compute_tasks(scenario.protocol, scenario.child, scenario.events, scenario.until)
    return [t for t in tasks if not (t.recurring and t.due > scenario.until)]


def as_json(protocol: str, tasks: list[Task]) -> dict[str, Any]:
    return {
        "protocol": protocol,
        "tasks": [
            {
                "code": t.code,
                "due": iso_z(t.due),
                "assignee": t.assignee.value,
                "source": t.source,
                "status": t.status.value,
                "episode": t.episode,
                "key": t.key,
                "title": t.title,
                "done_at": iso_z(t.done_at) if t.done_at else None,
                "note": t.note,
            }
            for t in tasks
        ],
    }


def as_table(scenario: Scenario, tasks: list[Task]) -> str:
    pack, variant = load_protocol(scenario.protocol)
    label = pack.name if variant == pack.id else f"{pack.name} ({variant})"
    header = ["Due (London)", "Due (UTC)", "Status", "Task", "Who", "Source"]
    rows = [
        [
            london_text(t.due),
            iso_z(t.due),
            t.status.value,
            f"{t.code}  {t.title}" + (f" [{t.note}]" if t.note else ""),
            t.assignee.value,
            t.source,
        ]
        for t in tasks
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    widths[3] = min(widths[3], 90)
    lines = [
        f"Protocol: {label}",
        f"Clock:    {london_text(scenario.until)} (London) = {iso_z(scenario.until)}",
        f"Tasks:    {len(tasks)}",
        "",
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    for row in rows:
        task_text = row[3] if len(row[3]) <= widths[3] else row[3][: widths[3] - 1] + "…"
        cells = [*row[:3], task_text, *row[4:]]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    return "\n".join(lines)


def run_list(args: argparse.Namespace) -> int:
    try:
        packs = all_packs()
    except PackError as error:  # a broken local pack in HOMEWARD_PROTOCOL_DIRS
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    for pack in packs:
        for variant in pack.variants:
            print(f"{variant:16} {pack.name} ({len(pack.rules)} rules)")
    return 0


def run_check(args: argparse.Namespace) -> int:
    try:
        pack = read_pack_file(Path(args.pack))
    except PackError as error:
        print(str(error), file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{args.pack}: ok: {pack.id} ({', '.join(pack.variants)}), {len(pack.rules)} rules")
    return 0
