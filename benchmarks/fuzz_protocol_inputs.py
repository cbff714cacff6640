"""Fuzz what `homeward simulate` and `homeward protocols check` read, longer than `make test` does.

    .venv/bin/python benchmarks/fuzz_protocol_inputs.py --json           # 4,000 shapes each
    .venv/bin/python benchmarks/fuzz_protocol_inputs.py --quick --json   # 200 shapes each

Runs the Hypothesis properties of tests/protocols/test_input_robustness.py with more examples:
every scenario or pack shape must give a result or one error line, never another exception.
Prints {"examples_per_property", "properties", "failures": [{"property", "error"}]}.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.protocols import test_input_robustness as properties  # noqa: E402

PROPERTIES = {
    "scenario_shapes": (
        properties.test_any_scenario_shape_is_a_scenario_or_one_scenario_error,
        properties.scenario_shapes,
    ),
    "scenario_yaml_text": (
        properties.test_any_scenario_shape_through_yaml_text_never_crashes,
        properties.scenario_shapes,
    ),
    "pack_shapes": (
        properties.test_any_pack_shape_is_a_pack_or_one_pack_error,
        properties.pack_shapes,
    ),
}


def run(examples: int) -> dict[str, Any]:
    failures = []
    for name, (test, strategy) in PROPERTIES.items():
        body = test.hypothesis.inner_test  # type: ignore[attr-defined]
        check = settings(
            max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck)
        )(given(strategy())(body))
        try:
            check()
        except Exception as error:  # a failure is the figure this script reports
            failures.append({"property": name, "error": repr(error)[:2000]})
    return {"examples_per_property": examples, "properties": len(PROPERTIES), "failures": failures}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="200 examples per property")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = run(200 if args.quick else 4000)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{result['properties']} properties x {result['examples_per_property']} examples")
        for failure in result["failures"]:
            print(f"FAILED {failure['property']}: {failure['error']}")
        if not result["failures"]:
            print("no failures")
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
