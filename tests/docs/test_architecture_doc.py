"""docs/architecture.md lists the import-linter contracts of pyproject.toml by name, and the
error hierarchy of storage/errors.py as its docstring draws it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import storage.errors

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_contract_is_listed_by_name() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = [c["name"] for c in config["tool"]["importlinter"]["contracts"]]
    listed = PAGE.split("## The checked boundaries")[1].split("\n## ")[0]
    bullets = [line[2:].strip() for line in listed.splitlines() if line.startswith("- ")]
    assert bullets == names


def test_the_error_tree_is_the_docstring() -> None:
    doc = storage.errors.__doc__
    assert doc is not None
    tree = [line.strip() for line in doc.split("\n\n")[1].splitlines() if line.strip()]
    for line in tree:
        assert line in PAGE, line
