"""Where a message goes when no flow is waiting for an answer: by intent, or by the prefix of a
button's payload. Adding a flow means adding its lines here, not changing the manager."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dialogues.context import Turn
from dialogues.flows import Flow, report_missing
from dialogues.replies import Reply

# (turn, the text as typed, the parse result) -> replies
Start = Callable[[Turn, str, Mapping[str, Any]], list[Reply]]
# (turn, the payload) -> replies; runs in or out of a flow (e.g. a reminder's button)
PayloadHandler = Callable[[Turn, str], list[Reply]]

FLOWS: dict[str, Flow] = {report_missing.FLOW: report_missing}


def _report(turn: Turn, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
    return report_missing.start(turn, text)


INTENTS: dict[str, Start] = {"report_missing": _report}

PAYLOADS: dict[str, PayloadHandler] = {}


def payload_handler(text: str) -> PayloadHandler | None:
    prefix = text.split(":", 1)[0] + ":" if ":" in text else ""
    return PAYLOADS.get(prefix)
