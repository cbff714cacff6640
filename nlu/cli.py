"""`homeward nlu parse` and `homeward nlu test` (contracts in ../shared/interfaces.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nlu.confidence import alternatives, needs_confirmation
from nlu.evaluate import evaluate, roster
from nlu.parser import load_understanding
from nlu.training_data import TrainingDataError, load
from nlu.types import ParseResult


class _UsageError(Exception):
    pass


def _now(value: str | None) -> datetime:
    """--now, or the real clock: the only place the NLU reads it."""
    if value is None:
        return datetime.now(UTC)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise _UsageError(
            f"--now: expected an ISO 8601 time such as 2026-03-02T23:30:00Z, got {value!r}"
        ) from exc
    if parsed.tzinfo is None:
        # A bare local time is read as London wall-clock time, like the messages themselves.
        from nlu.times import LONDON

        parsed = parsed.replace(tzinfo=LONDON)
    return parsed.astimezone(UTC)


def _summary(result: ParseResult) -> str:
    intent = result["intent"]
    lines = [f"intent: {intent['name']} ({intent['confidence']:.2f})"]
    if needs_confirmation(result):
        offered = ", ".join(f"{s['name']} ({s['confidence']:.2f})" for s in alternatives(result))
        lines.append(f"not sure: would ask, offering {offered}")
    if result.get("safety"):
        lines.append("safety rules: " + ", ".join(result.get("safety", [])))
    if result.get("secondary_intents"):
        also = result.get("secondary_intents", [])
        lines.append("also: " + ", ".join(f"{s['name']} ({s['confidence']:.2f})" for s in also))
    for e in result["entities"]:
        surface = result["text"][e["start"] : e["end"]]
        lines.append(f"  {e['entity']}: {e['value']}  ({surface!r} {e['start']}-{e['end']})")
    if not result["entities"]:
        lines.append("  no entities")
    return "\n".join(lines)


def _parse(args: argparse.Namespace) -> int:
    now = _now(args.now)
    understanding = load_understanding()
    result = understanding.parse(args.text, now, child_names=args.child or ())
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(_summary(result))
    return 0


def _test(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise _UsageError(f"{path}: no such file")
    data = load(path)
    if not data.examples:
        raise _UsageError(f"{path}: no intent examples")
    now = _now(args.now)
    types = None
    if args.entity_types:
        types = {t.strip() for t in args.entity_types.split(",") if t.strip()}
    result = evaluate(load_understanding(), data.examples, now, roster(data), types)
    report: dict[str, Any] = result.as_json()
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"examples:         {result.total}")
    print(f"intent accuracy:  {result.intent_accuracy:.3f}")
    print(f"intent macro F1:  {result.intent_macro_f1:.3f}")
    print(
        f"entities:         precision {result.entity_precision:.3f}  "
        f"recall {result.entity_recall:.3f}  F1 {result.entity_f1:.3f}"
    )
    for entity, scores in result.entity_f1_per_type().items():
        print(
            f"  {entity + ':':17s} P {scores['precision']:.3f}  R {scores['recall']:.3f}  "
            f"F1 {scores['f1']:.3f}  ({scores['support']:.0f})"
        )
    print(f"returned/missing confusions: {result.returned_confusions}")
    print(
        f"false returns:    {result.false_returns} "
        f"({result.false_returns_unasked} acted on without asking)"
    )
    print("confusions (expected -> predicted):" if result.confusions else "confusions: none")
    for (gold, pred), count in result.confusions.most_common():
        print(f"  {gold} -> {pred}: {count}")
    for error in result.errors:
        print(
            f"  {error['expected']} -> {error['predicted']} "
            f"({error['confidence']:.2f}): {error['text']}"
        )
    return 0


def _guarded(handler: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            code: int = handler(args)
            return code
        except (_UsageError, TrainingDataError) as exc:
            print(f"homeward nlu: {exc}", file=sys.stderr)
            return 2
        except ValueError as exc:  # configuration, e.g. an unknown backend
            print(f"homeward nlu: {exc}", file=sys.stderr)
            return 2
        except RuntimeError as exc:  # e.g. the Rasa server is unreachable
            print(f"homeward nlu: {exc}", file=sys.stderr)
            return 1

    return run


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    nlu = subparsers.add_parser("nlu", help="understand messages (intents, entities, times)")
    sub = nlu.add_subparsers(dest="nlu_command", required=True)

    parse = sub.add_parser("parse", help="show what the assistant understood from TEXT")
    parse.add_argument("text", metavar="TEXT")
    parse.add_argument("--now", help="message time, ISO 8601 (default: now)")
    parse.add_argument("--json", action="store_true", help="print Rasa's parse-result JSON")
    parse.add_argument(
        "--child",
        action="append",
        metavar="NAME",
        help="a child this person may see (repeatable); only these names are matched",
    )
    parse.set_defaults(handler=_guarded(_parse))

    test = sub.add_parser("test", help="evaluate on annotated Rasa NLU YAML")
    test.add_argument("file", metavar="FILE.yml")
    test.add_argument("--json", action="store_true")
    test.add_argument("--now", help="reference time for time entities, ISO 8601 (default: now)")
    test.add_argument(
        "--entity-types",
        metavar="TYPE,TYPE",
        help="score only these entity types (for a set that annotates only some, e.g. "
        "tests/nlu/canonical_v3.yml: child_name,time,location,person,police_reference)",
    )
    test.set_defaults(handler=_guarded(_test))


def main(argv: list[str] | None = None) -> int:
    """Run the nlu commands on their own, without the rest of `homeward`."""
    parser = argparse.ArgumentParser(prog="homeward")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code
