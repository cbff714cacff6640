"""Writing small invented roster files for the roster tests (no real people)."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "roster-example"


def copy_example(to: Path) -> Path:
    """The documented example (docs/roster-example) in a folder of its own, to edit."""
    target = to / "roster"
    shutil.copytree(EXAMPLE, target)
    return target


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text.lstrip(), encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def known_protocol(protocol: str) -> bool:
    from protocols.pack_loader import UnknownProtocol, load_protocol

    try:
        load_protocol(protocol)
    except UnknownProtocol:
        return False
    return True
