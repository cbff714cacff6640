"""The `homeward …` command lines of the docs' shell blocks, as argument lists for the parser.

A block is a fenced ```sh, ```shell, ```bash or ```console block. In a line, a leading `$ `,
leading `NAME=value` assignments and a trailing `# comment` are dropped; `[optional parts]` are
kept without their brackets; `a | b` in a usage line is two commands; a lone `…` (the option
may repeat) is dropped. Placeholders (FILE, ID, STAFF_ID, SCENARIO.yaml…) are left as they are;
`placeholders_filled` gives a second try with each replaced by `1` when a placeholder stands
where the parser wants a number.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHELLS = {"sh", "shell", "bash", "console"}
_FENCE = re.compile(r"^```(\w*)\s*$")
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_ELLIPSES = {"…", "..."}  # "[--team NAME …]": the option may repeat
_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_]*(\.[a-z]+)?$")


@dataclass(frozen=True)
class CommandLine:
    page: str
    line: int
    argv: tuple[str, ...]

    def where(self) -> str:
        return f"{self.page}:{self.line}: homeward {' '.join(self.argv)}"


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def command_lines(page: Path) -> list[CommandLine]:
    found: list[CommandLine] = []
    language: str | None = None
    for number, raw in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        fence = _FENCE.match(raw.strip())
        if fence:
            language = None if language is not None else fence.group(1)
            continue
        if language not in SHELLS:
            continue
        for argv in _commands(raw):
            found.append(CommandLine(page.relative_to(ROOT).as_posix(), number, argv))
    return found


def _commands(raw: str) -> list[tuple[str, ...]]:
    text = raw.strip().removeprefix("$ ")
    if "#" in text:
        text = text.split(" #")[0] if not text.startswith("#") else ""
    out = []
    for part in text.split(" | "):
        try:
            words = shlex.split(part.replace("[", " ").replace("]", " "))
        except ValueError:
            continue
        while words and _ASSIGNMENT.match(words[0]):
            words.pop(0)
        words = [word for word in words if word not in _ELLIPSES]
        if words[:1] == ["homeward"]:
            out.append(tuple(words[1:]))
    return out


def placeholders_filled(argv: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("1" if _PLACEHOLDER.match(word) else word for word in argv)
