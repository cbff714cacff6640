"""Person entities two ways, and their roles, on annotated NLU sets (session 21).

    .venv/bin/python benchmarks/person_roles_benchmark.py tests/nlu/dev_people_s21.yml
    .venv/bin/python benchmarks/person_roles_benchmark.py --quick tests/nlu/dev_people_s21.yml

Since session 21 every person in the child's world is a `person` entity, with Rasa's `role`
saying whether the child is with them (docs/understanding_s21_people.md). Sets written before
that annotate companions and described strangers only. For each file this prints, as JSON:
`person_f1` (every person found against the file's annotations), `companion_f1` (only the
persons given the role "companion" counted, which is the older convention), and, where the file
annotates roles, `role_accuracy` over the person spans found exactly. `--quick` reads the first
20 messages of each file.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlu.evaluate import entity_scores, roster  # noqa: E402
from nlu.parser import load_understanding  # noqa: E402
from nlu.training_data import load  # noqa: E402
from nlu.types import is_companion  # noqa: E402


def measure(path: Path, now: datetime, limit: int | None) -> dict[str, Any]:
    data = load(path)
    names = roster(data)
    understanding = load_understanding()
    counts = {"person": [0, 0, 0], "companion": [0, 0, 0]}
    roles_right = roles_scored = 0
    for example in data.examples[:limit]:
        parsed = understanding.parse(example.text, now, child_names=names)
        found = [e for e in parsed["entities"] if e["entity"] == "person"]
        gold = {(g.start, g.end): g.role for g in example.entities if g.entity == "person"}
        for kind, predicted in (("person", found), ("companion", [*filter(is_companion, found)])):
            spans = {(e["start"], e["end"]) for e in predicted}
            counts[kind][0] += len(spans & gold.keys())
            counts[kind][1] += len(spans - gold.keys())
            counts[kind][2] += len(gold.keys() - spans)
        for e in found:
            role = gold.get((e["start"], e["end"]))
            if role is not None:
                roles_scored += 1
                roles_right += e.get("role") == role
    return {
        "file": str(path),
        "messages": len(data.examples[:limit]),
        "person_f1": entity_scores(*counts["person"]),
        "companion_f1": entity_scores(*counts["companion"]),
        "role_accuracy": round(roles_right / roles_scored, 4) if roles_scored else None,
        "roles_scored": roles_scored,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="Rasa NLU YAML sets")
    parser.add_argument("--now", default="2026-12-02T03:00:00+00:00", help="ISO time of 'now'")
    parser.add_argument("--quick", action="store_true", help="the first 20 messages of each")
    args = parser.parse_args(argv)
    now = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
    limit = 20 if args.quick else None
    print(json.dumps([measure(f, now, limit) for f in args.files], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
