"""Every relative link in README.md and docs/*.md reaches a file, and every `#anchor` a heading
of that file (GitHub's rule: lower case, punctuation dropped, spaces to hyphens)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.docs.doc_blocks import pages

_LINK = re.compile(r"\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.*)$")


def anchors(page: Path) -> set[str]:
    found = set()
    fenced = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        match = _HEADING.match(line)
        if match and not fenced:
            text = match.group(1).strip().lower()
            found.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return found


def links() -> list[tuple[Path, str]]:
    out = []
    for page in pages():
        prose = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        prose = re.sub(r"`[^`\n]*`", "", prose)  # `[text](entity)` is Rasa's notation
        for target in _LINK.findall(prose):
            if not re.match(r"^[a-z]+:", target):
                out.append((page, target))
    return out


@pytest.mark.parametrize("page, target", links(), ids=[f"{p.name}->{t}" for p, t in links()])
def test_link_reaches_its_file_and_heading(page: Path, target: str) -> None:
    path, _, anchor = target.partition("#")
    file = (page.parent / path).resolve() if path else page
    assert file.exists(), f"{page.name}: {target}: no such file"
    if anchor and file.suffix == ".md":
        assert anchor in anchors(file), f"{page.name}: {target}: no such heading"
