"""Where a message goes when no flow is waiting for an answer: by intent, or by the prefix of a
button's payload. Adding a flow means adding its lines here, not changing the manager."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dialogues import (
    child_page,
    police_correction,
    return_interview,
    secondary_facts,
    task_actions,
    weekly,
)
from dialogues.context import Turn
from dialogues.flows import Flow, episode_update, profile, report_missing, returned, task_done
from dialogues.replies import Reply

# (turn, the text as typed, the parse result) -> replies
Start = Callable[[Turn, str, Mapping[str, Any]], list[Reply]]
# (turn, the payload) -> replies; runs in or out of a flow (e.g. a reminder's button)
PayloadHandler = Callable[[Turn, str], list[Reply]]

FLOWS: dict[str, Flow] = {
    # the carer side
    report_missing.FLOW: report_missing,
    returned.FLOW: returned,
    episode_update.FLOW: episode_update,
}


def _report(turn: Turn, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
    # A risk, a sighting or a police report said in the same message goes with the report.
    carried = secondary_facts.carried(text, parsed)
    replies = report_missing.start(
        turn, text, held=carried.words, police_reference=carried.police_reference,
        police_called=carried.police_called,
    )  # fmt: skip
    return [*secondary_facts.unsure_replies(carried), *replies]


def _returned(turn: Turn, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
    # "He's back, smells of weed": the risk is recorded on the episode as well as the return.
    carried = secondary_facts.carried(text, parsed)
    replies = returned.start(turn, text, held=carried.words)
    return [*secondary_facts.unsure_replies(carried), *replies]


def _update(kind: str) -> Start:
    def start(turn: Turn, text: str, parsed: Mapping[str, Any]) -> list[Reply]:
        report = secondary_facts.as_report(turn, text, parsed)
        if report is not None:  # "Lily's missing, rang 999": a report carrying the update
            return _report(turn, text, report)
        return episode_update.start(turn, kind, text, parsed)

    return start


INTENTS: dict[str, Start] = {
    # the carer side
    "report_missing": _report,
    "child_returned": _returned,
    **{kind: _update(kind) for kind in episode_update.KINDS},
}

PAYLOADS: dict[str, PayloadHandler] = {
    # the carer side
    returned.PAYLOAD: returned.start_for_episode,
    episode_update.REVIEW_PAYLOAD: episode_update.start_review,
}

# Social worker and manager side (issue 3): task buttons, task done in free text, return
# interview requests, the weekly summary. "weekly summary" reads as status_query to the NLU.
FLOWS[task_done.FLOW] = task_done
INTENTS["task_done"] = return_interview.or_task_done
INTENTS["status_query"] = weekly.or_status
PAYLOADS[task_actions.PREFIX] = task_actions.on_task_button
PAYLOADS[task_actions.MORE_PREFIX] = task_actions.on_more
PAYLOADS[return_interview.PREFIX] = return_interview.on_button
PAYLOADS[weekly.PREFIX] = weekly.on_button

# The child's missing profile (issue 12): typed words reach it through dialogues.shortcuts.
FLOWS[profile.FLOW] = profile
PAYLOADS[profile.PREFIX] = profile.on_payload
PAYLOADS[profile.PHOTO_PREFIX] = profile.on_photo


def payload_handler(
    text: str, injected: Mapping[str, PayloadHandler] | None = None
) -> PayloadHandler | None:
    """The handler for a button payload by its prefix; `injected` ones (e.g. the reminders'
    "rem:", given to the manager from outside) come first."""
    prefix = text.split(":", 1)[0] + ":" if ":" in text else ""
    return (injected or {}).get(prefix) or PAYLOADS.get(prefix)


# The child's page (issue 13): typed names reach it through dialogues.shortcuts.
PAYLOADS[child_page.PREFIX] = child_page.on_payload
FLOWS[police_correction.FLOW] = police_correction
