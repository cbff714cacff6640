"""The Telegram channel: a thin adapter between Telegram chats and the dialogue manager."""

import os

# PTB 22 reads time periods (RetryAfter.retry_after) as datetime.timedelta when this is set, the
# type its next major version returns; without it every read on a 429 warns that the int form
# is deprecated. bot.telegram.outbound.classify reads either.
os.environ.setdefault("PTB_TIMEDELTA", "true")
