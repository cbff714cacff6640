"""What storage refuses, as exceptions callers can tell apart, and the lookup that raises one.

    LookupError
    └── NotFound                  get_row: no row with that id
    ValueError
    ├── EpisodeAlreadyOpen        open_episode / commands.open_report: already missing
    ├── EpisodeClosed             append_event: a second return
    └── CommandError              storage.commands refused; nothing was written (.field)
        ├── NotAllowed            inactive, or not theirs (storage.policy)
        ├── InvalidInput          not a fact we can record
        │   └── ImplausibleTime   in the future, too long ago, before the episode
        ├── TaskNotOpen           the task is done or cancelled already
        └── InterviewNotPossible  commands.request_return_interview (.why)

The dialogue steps, the reminder buttons and the CLI catch CommandError and answer kindly; any
other exception reaches the dialogue manager, which rolls the message back and apologises."""

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


class CommandError(ValueError):
    """A command (storage.commands) refused to record a fact. Nothing was written. Raised by
    storage.commands; caught by the dialogue steps, buttons and CLI, which answer kindly.
    The message names the field for logs; it is not meant to be shown to a carer."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class NotAllowed(CommandError):
    """The person may not do this: not theirs (storage.policy), or no longer active."""


class InvalidInput(CommandError):
    """The input is not a fact we can record (an unknown category, an empty note, a reference
    that is not a reference)."""


class ImplausibleTime(InvalidInput):
    """An instant that cannot be right: in the future, too long ago, before the episode."""


class TaskNotOpen(CommandError):
    """The task is done or cancelled already; closing it again would record nothing true."""
