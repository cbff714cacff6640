"""Every word of the pushes that tell people a child was reported missing, graded high risk or
is back. Privacy: initials and episode number only (as reminders.messages)."""

from __future__ import annotations

SUBJECT = "{initials}, episode {episode}"
KINDS = {
    "missing": "{subject} has been reported missing (recorded {at}).",
    "graded_high": "{subject}: the police have graded the risk HIGH ({at}).",
    "back": "{subject} is back (recorded {at}).",
}
COVER = "Out of hours, you cover this team. "
DETAILS = "Open the conversation for the details."
BUTTON_PAGE = "Open the page"
