"""Reading the YAML that people write (scenarios, local packs) without ever crashing on it.

A file that is not UTF-8, YAML nested thousands of levels deep, or aliases that multiply a
document are refused with one line naming what was wrong; a misspelt key gets a "did you mean"
suggestion. Callers turn `YamlInputError` into their own error with the file's name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

# Far deeper than any pack or scenario needs (a pack's deepest path is about 8 levels), and
# far shallower than the recursion PyYAML's composer needs to build the document.
MAX_DEPTH = 64


class YamlInputError(ValueError):
    """`where` is "(file)" or "line N"; `message` says what was expected."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


def read_text(path: Path) -> str:
    """The file's text; OSError and bad encodings become YamlInputError."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise YamlInputError("(file)", f"cannot be read: {error.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlInputError(
            "(file)",
            f"expected UTF-8 text; byte 0x{data[error.start]:02x} at offset {error.start} is not",
        ) from None


def load(text: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
    """Parse YAML text after checking its shape with the (non-recursive) event parser."""
    try:
        _check_shape(text, loader)
        return yaml.load(text, Loader=loader)  # a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(file)"
        problem = getattr(error, "problem", None) or "cannot be parsed"
        raise YamlInputError(where, f"is not valid YAML ({problem})") from None
    except RecursionError:  # a guard behind the depth check, never expected to run
        raise YamlInputError("(file)", f"expected at most {MAX_DEPTH} levels of nesting") from None


def _check_shape(text: str, loader: type[yaml.SafeLoader]) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlInputError(
                    _line(event), f"expected at most {MAX_DEPTH} levels of nesting"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            raise YamlInputError(
                _line(event), "aliases (*name) are not supported; write the value out"
            )


def _line(event: yaml.Event) -> str:
    mark = event.start_mark
    return f"line {mark.line + 1}" if mark is not None else "(file)"


def key_text(key: object) -> str:
    """A key as it can be shown in a one-line path: plain when printable, else quoted."""
    text = str(key)
    return text if text and text.isprintable() and text.strip() == text else repr(key)


def did_you_mean(key: object, allowed: Iterable[str]) -> str:
    """' (did you mean 'until'?)' for a near miss, else ''."""
    if not isinstance(key, str):
        return ""
    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown_key_message(key: object, allowed: Iterable[str], of: str = "") -> str:
    """'unknown field (did you mean 'until'?); expected one of …'; `of` names what it is in,
    e.g. ' for a returned event'."""
    names = sorted(allowed)
    return f"unknown field{of}{did_you_mean(key, names)}; expected one of {', '.join(names)}"
