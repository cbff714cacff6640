"""Generated sections of the docs pages: text between `<!-- NAME:start -->` and `<!-- NAME:end -->`.

The configuration reference and the carers' quick guide are written into their pages by code,
and the tests compare each page's section with what the code renders now.
"""

from __future__ import annotations


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"


def section(text: str, name: str) -> str:
    """The text between the markers; ValueError naming them when they are missing."""
    start, end = _markers(name)
    _, found, rest = text.partition(start)
    body, closed, _ = rest.partition(end)
    if not found or not closed:
        raise ValueError(f"the page has no {start.strip()} ... {end} section")
    return body


def replace_section(text: str, name: str, body: str) -> str:
    section(text, name)  # both markers must be there
    start, end = _markers(name)
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}{body}{end}{tail}"
