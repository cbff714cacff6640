"""Fitting replies into Telegram's limits: message length, button labels, callback data, and how
many buttons one message shows before the rest go on further pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

MESSAGE_LIMIT = 4096  # characters in one message's text
CALLBACK_LIMIT = 64  # bytes of callback data
LABEL_LIMIT = 30  # a phone shows about this much of a full-width button
PER_PAGE = 6
# Buttons whose labels are all this short go three to a row, or two; longer ones one per row.
THREE_A_ROW = 10
TWO_A_ROW = 18

_DATA = re.compile(r"^([A-Za-z0-9_-]{12}):(p?)(\d{1,4})$")


@dataclass(frozen=True)
class Press:
    """What a button's callback data says: a choice by index, or a page to show."""

    token: str
    index: int | None = None
    page: int | None = None


def choice_data(token: str, index: int) -> str:
    return f"{token}:{index}"


def page_data(token: str, page: int) -> str:
    return f"{token}:p{page}"


def parse_data(data: str | None) -> Press | None:
    """None for anything we did not produce (tampered or from elsewhere)."""
    if data is None or len(data.encode()) > CALLBACK_LIMIT:
        return None
    match = _DATA.match(data)
    if match is None:
        return None
    token, is_page, number = match.groups()
    return Press(token, page=int(number)) if is_page else Press(token, index=int(number))


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pieces within the limit, cut at line ends where possible, else at spaces, else anywhere."""
    text = text.strip() or "…"
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    pieces.append(text)
    return pieces


def label(text: str) -> str:
    text = " ".join(text.split()) or "…"
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rstrip() + "…"


def needs_full_text(labels: list[str]) -> bool:
    return any(len(" ".join(text.split())) > LABEL_LIMIT for text in labels)


def with_choices(text: str, labels: list[str]) -> str:
    """When a label would be cut, the message lists every choice in full ("1. …") and the
    buttons carry the same numbers, so no protocol word is lost to the cut."""
    if not needs_full_text(labels):
        return text
    block = "\n".join(f"{i}. {' '.join(full.split())}" for i, full in enumerate(labels, 1))
    if text.rstrip().endswith(block):
        return text  # already listed (a question sent again)
    return text.rstrip() + "\n\n" + block


def numbered_label(index: int, text: str) -> str:
    return label(f"{index + 1}. {text}")


def per_row(labels: list[str]) -> int:
    longest = max((len(text) for text in labels), default=0)
    if longest <= THREE_A_ROW:
        return 3
    return 2 if longest <= TWO_A_ROW else 1


def rows_of(items: list[int], width: int) -> list[list[int]]:
    return [items[i : i + width] for i in range(0, len(items), width)]


def page_count(n_buttons: int, per_page: int = PER_PAGE) -> int:
    return max(1, -(-n_buttons // per_page))


def page_slice(n_buttons: int, page: int, per_page: int = PER_PAGE) -> range:
    """The button indexes on `page` (clamped to the pages that exist)."""
    page = min(max(page, 0), page_count(n_buttons, per_page) - 1)
    start = page * per_page
    return range(start, min(start + per_page, n_buttons))


def with_note(text: str, note: str, limit: int = MESSAGE_LIMIT) -> str:
    """The text with a line added under it, shortened from the top's end if it would not fit."""
    suffix = f"\n\n{note}"
    room = limit - len(suffix)
    body = text if len(text) <= room else text[: room - 1] + "…"
    return body + suffix
