"""Storage: the single source of truth for people, children, episodes, their log and tasks.

Repository functions take a Session and only flush; the caller owns the transaction and commits
once the whole of a user's action is recorded. Nothing here reads the clock: callers pass `now`.
"""

# Modules that define their own tables are imported so the tables join Base.metadata.
from storage import conversations as _conversations  # noqa: F401
from storage import deliveries as _deliveries  # noqa: F401
from storage import invites as _invites  # noqa: F401

# The flush listener that marks changed tasks for the reminder sweep to plan again.
from storage import next_step as _next_step  # noqa: F401
from storage import retention as _retention  # noqa: F401
from storage import roster_log as _roster_log  # noqa: F401
from storage import telegram_chats as _telegram_chats  # noqa: F401
from storage import telegram_inbox as _telegram_inbox  # noqa: F401
