"""Every `homeward …` line in a docs page's shell blocks parses with the CLI's own parser, so a
renamed command or flag breaks the build. Lines are parsed, never run."""

from __future__ import annotations

import contextlib
import io

import pytest

from bot.cli import build_parser
from tests.docs.doc_blocks import CommandLine, command_lines, pages, placeholders_filled

ALL = [line for page in pages() for line in command_lines(page)]


def _parses(argv: tuple[str, ...]) -> str | None:
    """None when the parser accepts it, else what it printed."""
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            build_parser().parse_args(list(argv))
    except SystemExit as exit_:
        return None if exit_.code == 0 else err.getvalue().strip()
    return None


def test_the_docs_show_commands() -> None:
    shown = {line.page for line in ALL}
    for page in ("docs/operators.md", "docs/carers.md", "docs/packs.md"):
        assert page in shown, f"{page} shows no homeward command in a shell block"


@pytest.mark.parametrize("line", ALL, ids=[line.where() for line in ALL])
def test_every_documented_command_parses(line: CommandLine) -> None:
    problem = _parses(line.argv)
    if problem is not None:
        problem = _parses(placeholders_filled(line.argv)) and problem
    assert problem is None, f"{line.where()}\n{problem}"


def test_a_renamed_flag_is_caught() -> None:
    assert _parses(("roster", "import", "DIR", "--dryrun")) is not None
    assert _parses(("invite", "STAFF_ID", "--hours", "48")) is None
