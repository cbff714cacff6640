"""The day-one block of docs/operators-roster.md, run command by command on a fresh database,
so the operator's guide cannot drift from what the commands do."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from tests.storage.roster_files import EXAMPLE

DOC = EXAMPLE.parent / "operators-roster.md"
MARK = "<!-- tested: tests/roster/test_operators_doc.py runs this block -->"


def day_one_commands() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split(MARK, 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.strip().splitlines():
        words = shlex.split(line, comments=True)
        assert words[0] == "homeward", line
        commands.append(words[1:])
    return commands


def test_the_day_one_commands_run_as_documented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "docs" / "roster-example")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HOMEWARD_DATABASE_URL", raising=False)
    monkeypatch.setenv("HOMEWARD_DB_PATH", str(tmp_path / "day-one.sqlite3"))
    outputs = []
    for argv in day_one_commands():
        assert main(argv) == 0, argv
        outputs.append(capsys.readouterr().out)
    assert len(outputs) == 10
    assert "Dry run: 29 change(s)" in outputs[1]
    assert outputs[3].startswith("No changes")
    assert outputs[7].startswith("No gaps")
    assert "Invitation for Cass Whitlow (carer, Moorland Fostering)" in outputs[8]
    assert (tmp_path / "exported-roster" / "children.csv").is_file()


def test_the_ssd_example_in_the_guide_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = EXAMPLE.parent / "ssd-example"
    code = main(["roster", "import", str(folder), "--format", "ssd", "--db", str(tmp_path / "s")])
    assert code == 0
    assert "child P102 Dawit Halvorsen: new in Fernvale Safeguarding" in capsys.readouterr().out
