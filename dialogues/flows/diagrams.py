"""The state diagram of every declared flow, in Mermaid, drawn from the flows' step tables.

`python -m dialogues.flows.diagrams` prints them as the Markdown kept in docs/conversations.md;
tests/dialogues/test_flow_states.py fails when that file and the tables disagree.
"""

from __future__ import annotations

from typing import Any

from dialogues.flows import episode_update, report_missing, returned, task_done
from dialogues.flows.steps import DeclaredFlow, diagram

DECLARED: tuple[DeclaredFlow[Any], ...] = (
    report_missing.flow,
    returned.flow,
    episode_update.flow,
    task_done.flow,
)


def markdown(flow: DeclaredFlow[Any]) -> str:
    return f"```mermaid\n{diagram(flow)}\n```"


def main() -> None:
    for flow in DECLARED:
        print(f"### {flow.FLOW}\n\n{markdown(flow)}\n")


if __name__ == "__main__":
    main()
