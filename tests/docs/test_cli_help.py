"""Every `homeward` command's --help ends with an example that parses and lists the allowed
values of its options with a fixed vocabulary."""

from __future__ import annotations

import contextlib
import io
import shlex

import pytest

from bot.cli import build_parser
from bot.cli_examples import EXAMPLES, VOCABULARIES, commands, groups

PARSER = build_parser()
COMMANDS = dict(commands(PARSER))


def test_every_command_has_an_example_and_no_example_is_stale() -> None:
    assert set(COMMANDS) - set(EXAMPLES) == set(), "add an example to bot/cli_examples.py"
    assert set(EXAMPLES) - set(COMMANDS) == set()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_example_parses_as_its_command(name: str) -> None:
    for example in EXAMPLES[name]:
        argv = shlex.split(example)
        assert argv[0] == "homeward"
        assert " ".join(argv[1 : 1 + len(name.split())]) == name
        with contextlib.redirect_stderr(io.StringIO()):
            build_parser().parse_args(argv[1:])


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_shows_the_example_and_the_allowed_values(name: str) -> None:
    text = COMMANDS[name].format_help()
    assert "example" in text and EXAMPLES[name][0] in text
    options = {o for action in COMMANDS[name]._actions for o in action.option_strings}
    for option in options & set(VOCABULARIES):
        values = VOCABULARIES[option][1]()
        assert f"  {option}" in text.split("allowed values:")[1]
        assert all(value in text for value in values)


def test_staff_roles_are_listed() -> None:
    text = COMMANDS["staff add"].format_help()
    assert "emergency_duty_team" in text and "social_worker" in text


def test_homeward_and_every_group_of_commands_show_examples() -> None:
    shown = dict(groups(PARSER))
    assert "" in shown and "staff" in shown and "report" in shown
    for name, group in shown.items():
        text = group.format_help()
        assert "examples:" in text, name or "homeward"
    assert "homeward run" in PARSER.format_help()
    assert "homeward COMMAND --help" in PARSER.format_help()
