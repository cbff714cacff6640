"""`homeward run`: start the assistant."""

from __future__ import annotations

import argparse
from typing import TypeAlias

SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(sub: SubParsers) -> None:
    run = sub.add_parser("run", help="start the assistant")
    run.set_defaults(handler=start)


def start(args: argparse.Namespace) -> int:
    print(
        "Homeward: the protocol engine is ready; try `homeward simulate examples/essex.yaml`.\n"
        "The conversations arrive with the dialogue issue."
    )
    return 0
