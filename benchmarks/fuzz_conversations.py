"""Junk at every step of every conversation flow, the long profile (issue 11).

    python benchmarks/fuzz_conversations.py --json          # at least 10,000 inputs
    python benchmarks/fuzz_conversations.py --json --quick  # about 1,000, a smoke run

Walks the scripted conversations of tests/dialogues/conversation_fuzz.py (together every step of
every declared flow) on in-memory copies of the demo organisation with the real NLU, sending
Hypothesis-generated junk at each step, and prints exactly one JSON object:
{"inputs", "exceptions", "wrong_facts", "stuck_states"} (stuck_states also counts a probe that
moved a flow off its step). The definitions are in that module's docstring and in
docs/conversations.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import pathlib
import sys

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.dialogues.conversation_fuzz import PATHS, Path, Tally, Walker, junk  # noqa: E402
from tests.dialogues.nlu_once import understanding  # noqa: E402

LONG = (16, 20)  # walks of each path, junk inputs per step: ~10,500 inputs
QUICK = (3, 10)


def fuzz(walks_per_path: int, probes: int) -> Tally:
    walker = Walker(understanding())
    total = Tally()
    for path in PATHS:
        total.add(_fuzz_path(walker, path, walks_per_path, probes))
    return total


def _fuzz_path(walker: Walker, path: Path, walks: int, probes: int) -> Tally:
    clean = walker.walk(path, None, 0)[1]
    total = Tally()

    @settings(
        max_examples=walks,
        deadline=None,
        database=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def walk(data: st.DataObject) -> None:
        tally, recorded = walker.walk(path, lambda free: data.draw(junk(free)), probes)
        if recorded != clean and not tally.stuck_states:
            tally.stuck_states += 1
            tally.failures.append(f"{path.name}: ended with other facts than a clean walk")
        total.add(tally)

    walk()
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="about 1,000 inputs")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)  # the manager logs what it apologises for; counted here
    tally = fuzz(*(QUICK if args.quick else LONG))
    figures = {
        "inputs": tally.inputs,
        "exceptions": tally.exceptions,
        "wrong_facts": tally.wrong_facts,
        "stuck_states": tally.stuck_states + tally.moved,
    }
    if args.json:
        print(json.dumps(figures))
        for failure in tally.failures[:50]:  # stdout stays one JSON object
            print(failure, file=sys.stderr)
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
        for failure in tally.failures[:50]:
            print(f"  {failure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
