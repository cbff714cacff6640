"""The child's missing profile in conversation: see it, change it field by field, add a photo,
and get the grab pack PDF. For a carer of the child, their social worker and their managers.

    CHILD -> MENU -> FIELD (one, or every field in turn) -> PHOTO -> PHOTO_DATE -> MENU
    a photo sent at any time -> PHOTO_CHILD (whose?) -> PHOTO_DATE

Each step is a row of `STEPS` (prompt, answer). The state is a frozen `ProfileState` saved as
JSON in the conversation row. Every answer is stored as it is given (a new profile version), so
stopping half-way loses nothing. A photo that arrives in the middle of another flow is taken
and that flow resumes afterwards. Entry points: typed ("update Jay's profile", "grab pack"),
button payloads `profile:<action>:<child id>` (reminders, the end of the return flow) and
`photo:<upload id>` (what a channel sends after storing a picture). What it shows besides its
questions (grab pack, photo, history, police lines) is dialogues.profile_views.

This module holds the entry points and the Flow protocol; the state is in profile_state, each
step's question and answer in profile_questions. Every word is in profile_messages."""

from __future__ import annotations

import re
from dataclasses import replace

from dialogues.context import Turn
from dialogues.flows import profile_messages as pm
from dialogues.flows.common import full_name
from dialogues.flows.profile_questions import STEPS, go
from dialogues.flows.profile_questions import prompt as prompt
from dialogues.flows.profile_state import FLOW as FLOW
from dialogues.flows.profile_state import PREFIX as PREFIX
from dialogues.flows.profile_state import WALK, ProfileState, Step, may_edit, read_state, resumable
from dialogues.flows.steps import reprompt
from dialogues.profile_views import grab_pack, history, names_of, profile_children, see_photo
from dialogues.replies import Reply, say
from storage.people import get_child
from storage.policy import can_see_child
from storage.profile_photos import discard_upload, pending_upload
from storage.profile_prompts import AFTER_RETURN, PromptRow, record_asked_in_chat
from storage.profiles import FIELDS, confirm_profile

PHOTO_PREFIX = "photo:"

_TYPED = re.compile(
    r"^(?:(?:update|edit|change|check|show|see|view|open|fill in|add to|do)\s+)?"
    r"(?:(?P<who>[a-z' -]+?)\s+)?(?:missing\s+)?(?P<what>profile|grab ?pack|profile pdf)"
    r"(?:\s+for\s+(?P<for>[a-z' -]+))?$"
)
_FILLER = {"the", "my", "a", "his", "her", "their", "child", "childs", "child's", "me", "send"}


# -- the Flow protocol (prompt is profile_questions.prompt) ---------------------------------


def why(turn: Turn) -> str | None:
    return pm.WHY.format(sources=pm.WHY_SOURCES)


def handle(turn: Turn, text: str) -> list[Reply]:
    state = read_state(turn)
    if state.child_id is not None and not may_edit(turn, state.child_id):
        turn.state.clear()  # e.g. the child moved on while the conversation waited
        return [say(pm.NOT_YOURS)]
    answer = " ".join(text.split())
    return STEPS[state.step][1](turn, state, answer)


# -- entry points -----------------------------------------------------------------------------


def typed(turn: Turn, command: str) -> list[Reply] | None:
    """ "update Jay's profile", "profile", "grab pack for Jay": the profile, or None when the
    words are not about it (read before the NLU, which has no intent for it)."""
    match = _TYPED.match(command)
    if match is None or len(command.split()) > 7:
        return None
    words = " ".join(filter(None, (match.group("who"), match.group("for"))))
    wanted = {w.removesuffix("'s").removesuffix("s'") for w in words.split()} - _FILLER
    kids = profile_children(turn)
    if not kids:
        return [say(pm.NO_CHILDREN)]
    known = set().union(*(names_of(c) for c in kids))
    if not wanted <= known:  # "she has a fake profile": news, not a request for the profile
        return None
    chosen = [c for c in kids if wanted & names_of(c)] if wanted else []
    if len(kids) == 1 and not wanted:
        chosen = kids
    pdf = "pack" in match.group("what") or "pdf" in match.group("what")
    resume = resumable(turn)  # typed in the middle of another flow: go back to it after
    if len(chosen) != 1:
        return go(turn, ProfileState(Step.CHILD, walk=pdf, resume=resume))
    if pdf:
        return grab_pack(turn, chosen[0].id)
    return go(turn, ProfileState(Step.MENU, child_id=chosen[0].id, resume=resume))


def on_payload(turn: Turn, payload: str) -> list[Reply]:
    """profile:<open|update|walk|photo|pdf|same>:<child id>, from any message or reminder."""
    parts = payload.split(":")
    if len(parts) != 3 or not parts[2].isdigit():
        return [say(pm.NOT_YOURS)]
    action, child_id = parts[1], int(parts[2])
    reads = {"pdf": grab_pack, "seephoto": see_photo, "history": history}
    if action in reads:  # reading needs only the right to see the child (duty staff too)
        if not can_see_child(turn.session, turn.staff_id, child_id):
            return [say(pm.NOT_YOURS)]
        replies = reads[action](turn, child_id)
        current = read_state(turn) if turn.state.get("flow") == FLOW else None
        if current and current.step == Step.MENU and current.child_id == child_id:
            replies += reprompt(prompt(turn))[1:]  # the menu's buttons again, not the summary
        return replies
    if not may_edit(turn, child_id):
        return [say(pm.NOT_YOURS)]
    if action == "same":
        confirm_profile(turn.session, child_id, by=turn.staff_id, now=turn.now, note=pm.BUTTON_SAME)
        child = get_child(turn.session, child_id)
        return [say(pm.CONFIRMED.format(child=full_name(child)))]
    if action == "photo":
        return go(turn, ProfileState(Step.PHOTO, child_id=child_id, resume=resumable(turn)))
    if action == WALK:
        return go(turn, ProfileState(Step.FIELD, child_id=child_id, field=FIELDS[0], walk=True))
    return go(turn, ProfileState(Step.MENU, child_id=child_id))


def on_photo(turn: Turn, payload: str) -> list[Reply]:
    """photo:<upload id>: a picture this person just sent, already checked and stored."""
    raw = payload.removeprefix(PHOTO_PREFIX)
    upload = pending_upload(turn.session, int(raw), turn.staff_id) if raw.isdigit() else None
    if upload is None:
        return [say(pm.PHOTO_GONE)]
    current = read_state(turn) if turn.state.get("flow") == FLOW else None
    if current and current.step == Step.PHOTO and current.child_id is not None:
        state = replace(current, step=Step.PHOTO_DATE, upload_id=upload.id)
        return go(turn, state)
    kids = profile_children(turn)
    if not kids:
        discard_upload(turn.session, upload.id, turn.staff_id)
        return [say(pm.PHOTO_NOBODY)]
    resume = current.resume if current else resumable(turn)
    return go(turn, ProfileState(Step.PHOTO_CHILD, upload_id=upload.id, resume=resume))


def offer_after_return(turn: Turn, episode_id: int, child_id: int) -> Reply:
    """The last message of the return flow: anything new for the profile? (words only, so the
    return flow still ends with nothing pending). Recorded as this person's after-return
    prompt, so the reminder sweep does not ask them again."""
    row = PromptRow(child_id, AFTER_RETURN, f"episode{episode_id}", 1, turn.staff_id, turn.now)
    record_asked_in_chat(turn.session, row)
    child = get_child(turn.session, child_id)
    name = child.preferred_name or child.given_name
    return say(pm.AFTER_RETURN_OFFER.format(child=full_name(child), name=name))
