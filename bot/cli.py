"""The `homeward` command. Each area registers its own subcommands; this module only wires."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn


class OneLineErrorParser(argparse.ArgumentParser):
    """Bad options exit 2 with one line naming what was wrong (../shared/interfaces.md); every
    subcommand's parser inherits this class."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    import nlu.cli as nlu_cli
    import protocols.cli as protocols_cli
    from bot import (
        admin_commands,
        carer_guide,
        cli_examples,
        demo_command,
        profile_command,
        roster_commands,
        run_command,
    )
    from bot.telegram import cli as telegram_cli
    from reports import subcommands as reports_cli

    parser: argparse.ArgumentParser = OneLineErrorParser(
        prog="homeward",
        description="Homeward: follow the local missing-child protocol, step by step.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    protocols_cli.register(sub)
    nlu_cli.register(sub)
    run_command.register(sub)
    telegram_cli.register(sub)
    roster_commands.register(sub)
    admin_commands.register(sub)
    demo_command.register(sub)
    profile_command.register(sub)
    reports_cli.register(sub)
    carer_guide.register(sub)
    cli_examples.annotate(parser)  # last: an example and the allowed values for every command
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = args.handler
    try:
        code: int = handler(args)
    except BrokenPipeError:
        # `homeward nlu test … | head`: the reader has gone, which is no error of ours. Point
        # stdout at nothing so Python's own flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
