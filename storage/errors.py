"""What storage refuses, as exceptions callers can tell apart, and the lookup that raises one."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

RowT = TypeVar("RowT")


class NotFound(LookupError):
    """No row with that id."""


class EpisodeAlreadyOpen(ValueError):
    """A child can be missing only once at a time."""


class EpisodeClosed(ValueError):
    """The episode has already ended; it cannot end twice."""


def get_row(session: Session, model: type[RowT], row_id: int) -> RowT:
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"no {model.__name__} with id {row_id}")
    return row
