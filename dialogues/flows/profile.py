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
questions (grab pack, photo, history, police lines) is dialogues.profile_views."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time
from enum import StrEnum
from typing import Any

from dialogues.context import Turn
from dialogues.flows import profile_messages as pm
from dialogues.flows.common import full_name, london
from dialogues.flows.steps import reprompt
from dialogues.photo_dates import parse_past_date
from dialogues.profile_views import (
    grab_pack,
    history,
    names_of,
    profile_children,
    see_photo,
)
from dialogues.replies import Reply, say
from protocols.clock import Duration, london_date, on_london_wall_clock
from storage.people import get_child
from storage.policy import can_see_child
from storage.profile_photos import discard_upload, pending_upload
from storage.profile_prompts import AFTER_RETURN, PromptRow, record_asked_in_chat
from storage.profiles import (
    FIELDS,
    MAX_TEXT,
    NothingChanged,
    ProfileError,
    ProfileField,
    attach_photo,
    confirm_profile,
    may_edit_profile,
    read_profile,
    update_profile,
)

FLOW = "profile"
THREE_MONTHS = Duration(months=3)  # a photo older than this: ask for a newer one
PREFIX = "profile:"
PHOTO_PREFIX = "photo:"
KEEP, NONE, SKIP, WALK, FINISHED, DISCARD = "keep", "none", "skip", "walk", "finished", "discard"
# Answers that say "no change" / "there are none", and ones that are no answer at all.
_KEEP_WORDS = {KEEP, "keep as it is", "same", "no change", "unchanged", "skip", "next", "pass"}
_NONE_WORDS = {NONE, "nothing", "no", "n/a", "na", "none known", "nope", "not that i know"}
_JUNK_WORDS = {"yes", "y", "ok", "okay", "k", "idk", "dunno", "?", "hmm", "what", "eh", "test"}
_NONE_ALLOWED = frozenset(set(FIELDS) - {ProfileField.DESCRIPTION})
_TYPED = re.compile(
    r"^(?:(?:update|edit|change|check|show|see|view|open|fill in|add to|do)\s+)?"
    r"(?:(?P<who>[a-z' -]+?)\s+)?(?:missing\s+)?(?P<what>profile|grab ?pack|profile pdf)"
    r"(?:\s+for\s+(?P<for>[a-z' -]+))?$"
)
_FILLER = {"the", "my", "a", "his", "her", "their", "child", "childs", "child's", "me", "send"}


class Step(StrEnum):
    CHILD = "child"
    MENU = "menu"
    FIELD = "field"
    PHOTO = "photo"
    PHOTO_CHILD = "photo_child"
    PHOTO_DATE = "photo_date"


@dataclass(frozen=True)
class ProfileState:
    step: Step
    child_id: int | None = None
    field: ProfileField | None = None
    walk: bool = False  # going through every field in order
    upload_id: int | None = None
    resume: dict[str, Any] | None = None  # the flow a photo interrupted, to go back to

    def to_json(self) -> dict[str, Any]:
        return {
            "flow": FLOW,
            "step": self.step.value,
            "child_id": self.child_id,
            "field": self.field.value if self.field else None,
            "walk": self.walk,
            "upload_id": self.upload_id,
            "resume": self.resume,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProfileState:
        field = data.get("field")
        resume = data.get("resume")
        return cls(
            step=Step(str(data.get("step", Step.MENU))),
            child_id=_int(data.get("child_id")),
            field=ProfileField(field) if field else None,
            walk=bool(data.get("walk")),
            upload_id=_int(data.get("upload_id")),
            resume=resume if isinstance(resume, dict) else None,
        )


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _state(turn: Turn) -> ProfileState:
    return ProfileState.from_json(turn.state)


def _go(turn: Turn, state: ProfileState) -> list[Reply]:
    """Save the state and ask its step's question."""
    turn.state.clear()
    turn.state.update(state.to_json())
    return prompt(turn)


# -- the Flow protocol ----------------------------------------------------------------------


def prompt(turn: Turn) -> list[Reply]:
    state = _state(turn)
    return STEPS[state.step][0](turn, state)


def why(turn: Turn) -> str | None:
    return pm.WHY.format(sources=pm.WHY_SOURCES)


def handle(turn: Turn, text: str) -> list[Reply]:
    state = _state(turn)
    if state.child_id is not None and not _may_edit(turn, state.child_id):
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
    resume = _resumable(turn)  # typed in the middle of another flow: go back to it after
    if len(chosen) != 1:
        return _go(turn, ProfileState(Step.CHILD, walk=pdf, resume=resume))
    if pdf:
        return grab_pack(turn, chosen[0].id)
    return _go(turn, ProfileState(Step.MENU, child_id=chosen[0].id, resume=resume))


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
        current = _state(turn) if turn.state.get("flow") == FLOW else None
        if current and current.step == Step.MENU and current.child_id == child_id:
            replies += reprompt(prompt(turn))[1:]  # the menu's buttons again, not the summary
        return replies
    if not _may_edit(turn, child_id):
        return [say(pm.NOT_YOURS)]
    if action == "same":
        confirm_profile(turn.session, child_id, by=turn.staff_id, now=turn.now, note=pm.BUTTON_SAME)
        child = get_child(turn.session, child_id)
        return [say(pm.CONFIRMED.format(child=full_name(child)))]
    if action == "photo":
        return _go(turn, ProfileState(Step.PHOTO, child_id=child_id, resume=_resumable(turn)))
    if action == WALK:
        return _go(turn, ProfileState(Step.FIELD, child_id=child_id, field=FIELDS[0], walk=True))
    return _go(turn, ProfileState(Step.MENU, child_id=child_id))


def on_photo(turn: Turn, payload: str) -> list[Reply]:
    """photo:<upload id>: a picture this person just sent, already checked and stored."""
    raw = payload.removeprefix(PHOTO_PREFIX)
    upload = pending_upload(turn.session, int(raw), turn.staff_id) if raw.isdigit() else None
    if upload is None:
        return [say(pm.PHOTO_GONE)]
    current = _state(turn) if turn.state.get("flow") == FLOW else None
    if current and current.step == Step.PHOTO and current.child_id is not None:
        state = replace(current, step=Step.PHOTO_DATE, upload_id=upload.id)
        return _go(turn, state)
    kids = profile_children(turn)
    if not kids:
        discard_upload(turn.session, upload.id, turn.staff_id)
        return [say(pm.PHOTO_NOBODY)]
    resume = current.resume if current else _resumable(turn)
    return _go(turn, ProfileState(Step.PHOTO_CHILD, upload_id=upload.id, resume=resume))


def offer_after_return(turn: Turn, episode_id: int, child_id: int) -> Reply:
    """The last message of the return flow: anything new for the profile? (words only, so the
    return flow still ends with nothing pending). Recorded as this person's after-return
    prompt, so the reminder sweep does not ask them again."""
    row = PromptRow(child_id, AFTER_RETURN, f"episode{episode_id}", 1, turn.staff_id, turn.now)
    record_asked_in_chat(turn.session, row)
    child = get_child(turn.session, child_id)
    name = child.preferred_name or child.given_name
    return say(pm.AFTER_RETURN_OFFER.format(child=full_name(child), name=name))


# -- steps ------------------------------------------------------------------------------------


def _prompt_child(turn: Turn, state: ProfileState) -> list[Reply]:
    buttons = [(full_name(c), f"child:{c.id}") for c in profile_children(turn)]
    return [say(pm.WHICH_CHILD, *buttons)]


def _answer_child(turn: Turn, state: ProfileState, answer: str) -> list[Reply]:
    lowered = answer.lower()
    kids = profile_children(turn)
    chosen = [c for c in kids if lowered == f"child:{c.id}"]
    chosen = chosen or [c for c in kids if set(lowered.replace("'s", "").split()) & names_of(c)]
    if len(chosen) != 1:
        return reprompt(_prompt_child(turn, state))
    if state.walk:  # asked for the grab pack without saying whose
        return _leave(turn, state, grab_pack(turn, chosen[0].id))
    return _go(turn, replace(state, step=Step.MENU, child_id=chosen[0].id))


def _prompt_menu(turn: Turn, state: ProfileState) -> list[Reply]:
    child_id = _child_id(state)
    profile = read_profile(turn.session, turn.staff_id, child_id, turn.now, what="chat")
    name = full_name(get_child(turn.session, child_id))
    lines = [pm.SUMMARY_HEAD.format(child=name)]
    if profile.recorded_at is not None:
        when = london(profile.recorded_at)
        who = profile.recorded_by or "an administrator"
        lines.append(pm.SUMMARY_VERSION.format(when=when, who=who, version=profile.version))
    else:
        lines.append(pm.SUMMARY_NEVER)
    for i, f in enumerate(FIELDS, 1):
        lines.append(f"{i}. {pm.LABELS[f]}: {profile.value(f) or pm.NOT_RECORDED}")
    if profile.photo is not None:
        photo = profile.photo
        lines.append(
            pm.SUMMARY_PHOTO.format(
                taken=photo.dated.strftime("%d %b %Y"),
                added=london(photo.uploaded_at),
                who=photo.uploaded_by or "an administrator",
            )
        )
    else:
        lines.append(pm.SUMMARY_NO_PHOTO)
    buttons = [
        (pm.BUTTON_WALK, WALK),
        *((pm.LABELS[f], f"edit:{f.value}") for f in FIELDS),
        (pm.BUTTON_PHOTO, "photo"),
        *([(pm.BUTTON_SEE_PHOTO, f"{PREFIX}seephoto:{child_id}")] if profile.photo else []),
        (pm.BUTTON_PDF, pm.PDF_PAYLOAD.format(child=child_id)),
        (pm.BUTTON_HISTORY, f"{PREFIX}history:{child_id}"),
        (pm.BUTTON_SAME, pm.SAME_PAYLOAD.format(child=child_id)),
        (pm.BUTTON_FINISHED, FINISHED),
    ]
    return [say("\n".join(lines)), say(pm.MENU, *buttons)]


def _answer_menu(turn: Turn, state: ProfileState, answer: str) -> list[Reply]:
    lowered = answer.lower()
    if lowered in (FINISHED, "finish", "done", "nothing", "no"):
        return _finish(turn, state)
    if lowered in (WALK, "all", "go through it all", "everything"):
        return _go(turn, replace(state, step=Step.FIELD, field=FIELDS[0], walk=True))
    if lowered in ("photo", "add a photo", "picture"):
        return _go(turn, replace(state, step=Step.PHOTO, walk=False))
    if lowered in ("history", "who changed what", "changes"):
        return [*history(turn, _child_id(state)), *_prompt_menu(turn, state)[1:]]
    if lowered in ("see the photo", "show the photo", "see photo"):
        return [*see_photo(turn, _child_id(state)), *_prompt_menu(turn, state)[1:]]
    field = _field_named(lowered)
    if field is not None:
        return _go(turn, replace(state, step=Step.FIELD, field=field, walk=False))
    return reprompt(_prompt_menu(turn, state)[1:])


def _prompt_field(turn: Turn, state: ProfileState) -> list[Reply]:
    child_id, field = _child_id(state), _field(state)
    name = full_name(get_child(turn.session, child_id))
    profile = read_profile(turn.session, turn.staff_id, child_id, turn.now, what="chat")
    now_value = profile.value(field)
    current = pm.FIELD_NOW.format(value=now_value) if now_value else pm.FIELD_EMPTY
    question = pm.QUESTIONS[field].format(child=name)
    position = f"({FIELDS.index(field) + 1} of {len(FIELDS)}) " if state.walk else ""
    buttons = [(pm.BUTTON_KEEP, KEEP)]
    if field in _NONE_ALLOWED:
        buttons.append((pm.BUTTON_NONE, NONE))
    return [say(f"{position}{question}\n{current}\n{pm.FIELD_HINT}", *buttons)]


def _answer_field(turn: Turn, state: ProfileState, answer: str) -> list[Reply]:
    field = _field(state)
    label = pm.LABELS[field]
    lowered = answer.lower().strip(" .!")
    if lowered in _KEEP_WORDS:
        return [say(pm.KEPT.format(label=label)), *_after_field(turn, state)]
    if lowered in _NONE_WORDS and field in _NONE_ALLOWED:
        value = pm.NONE_KNOWN
    elif _is_junk(answer, lowered):
        return [say(pm.JUNK.format(label=label.lower())), *_prompt_field(turn, state)]
    elif len(answer) > MAX_TEXT:
        return [say(pm.TOO_LONG.format(limit=MAX_TEXT))]
    else:
        value = answer
    child_id = _child_id(state)
    try:
        update_profile(turn.session, child_id, {field: value}, by=turn.staff_id, now=turn.now)
        done = pm.SAVED.format(label=label)
    except NothingChanged:
        done = pm.SAME_AS_BEFORE.format(label=label)
    except ProfileError:
        return [say(pm.JUNK.format(label=label.lower())), *_prompt_field(turn, state)]
    return [say(done), *_after_field(turn, state)]


def _after_field(turn: Turn, state: ProfileState) -> list[Reply]:
    field = _field(state)
    if not state.walk:
        return _go(turn, replace(state, step=Step.MENU, field=None))
    position = FIELDS.index(field) + 1
    if position < len(FIELDS):
        return _go(turn, replace(state, field=FIELDS[position]))
    return _go(turn, replace(state, step=Step.PHOTO, field=None))


def _prompt_photo(turn: Turn, state: ProfileState) -> list[Reply]:
    name = full_name(get_child(turn.session, _child_id(state)))
    return [say(pm.PHOTO_ASK.format(child=name), (pm.BUTTON_SKIP, SKIP))]


def _answer_photo(turn: Turn, state: ProfileState, answer: str) -> list[Reply]:
    if answer.lower().strip(" .!") in {SKIP, "no", "not now", "later", FINISHED, "done"}:
        return _walk_done(turn, state) if state.walk else _finish_photo(turn, state)
    name = full_name(get_child(turn.session, _child_id(state)))
    return [say(pm.PHOTO_WAITING.format(child=name), (pm.BUTTON_SKIP, SKIP))]


def _prompt_photo_child(turn: Turn, state: ProfileState) -> list[Reply]:
    kids = profile_children(turn)
    if len(kids) == 1:
        child = kids[0]
        return [
            say(
                pm.PHOTO_CONFIRM.format(child=full_name(child)),
                (pm.BUTTON_YES_THEM, f"child:{child.id}"),
                (pm.BUTTON_NO_THEM, DISCARD),
            )
        ]
    buttons = [(full_name(c), f"child:{c.id}") for c in kids]
    return [say(pm.PHOTO_WHOSE, *buttons, (pm.BUTTON_NOT_THEM, DISCARD))]


def _answer_photo_child(turn: Turn, state: ProfileState, answer: str) -> list[Reply]:
    lowered = answer.lower().strip(" .!")
    kids = profile_children(turn)
    if lowered in (DISCARD, "no", "none", "none of them", "don't keep it", "delete"):
        if state.upload_id is not None:
            discard_upload(turn.session, state.upload_id, turn.staff_id)
        return _leave(turn, state, [say(pm.PHOTO_DISCARDED)])
    if lowered in ("yes", "y", "yep", "yeah") and len(kids) == 1:
        chosen = kids
    else:
        chosen = [c for c in kids if lowered == f"child:{c.id}"]
        chosen = chosen or [c for c in kids if set(lowered.split()) & names_of(c)]
    if len(chosen) != 1:
        return reprompt(_prompt_photo_child(turn, state))
    return _go(turn, replace(state, step=Step.PHOTO_DATE, child_id=chosen[0].id))


def _prompt_photo_date(turn: Turn, state: ProfileState) -> list[Reply]:
    name = full_name(get_child(turn.session, _child_id(state)))
    text = f"{pm.PHOTO_WHEN.format(child=name)}\n{pm.PHOTO_WHEN_HINT}"
    return [say(text, (pm.BUTTON_TODAY, "today"), ("Yesterday", "yesterday"))]


def _answer_photo_date(turn: Turn, state: ProfileState, answer: str) -> list[Reply]:
    taken = parse_past_date(answer, london_date(turn.now))
    if taken is None or state.upload_id is None:
        return [say(pm.PHOTO_WHEN_JUNK, *_prompt_photo_date(turn, state)[0].buttons)]
    child_id = _child_id(state)
    try:
        attach_photo(
            turn.session, state.upload_id, child_id, by=turn.staff_id, now=turn.now, taken_on=taken
        )
    except ProfileError:
        return _leave(turn, state, [say(pm.PHOTO_GONE)])
    name = full_name(get_child(turn.session, child_id))
    replies = [say(pm.PHOTO_SAVED.format(child=name, taken=taken.strftime("%d %b %Y")))]
    if THREE_MONTHS.after(on_london_wall_clock(datetime.combine(taken, time(0)))) < turn.now:
        replies.append(say(pm.PHOTO_OLD.format(interval=THREE_MONTHS)))
    if state.walk:
        return [*replies, *_walk_done(turn, state)]
    if state.resume:
        return _leave(turn, state, replies)
    return [*replies, *_go(turn, replace(state, step=Step.MENU, upload_id=None))]


Prompt_ = Callable[[Turn, ProfileState], list[Reply]]
Answer = Callable[[Turn, ProfileState, str], list[Reply]]
STEPS: dict[Step, tuple[Prompt_, Answer]] = {
    Step.CHILD: (_prompt_child, _answer_child),
    Step.MENU: (_prompt_menu, _answer_menu),
    Step.FIELD: (_prompt_field, _answer_field),
    Step.PHOTO: (_prompt_photo, _answer_photo),
    Step.PHOTO_CHILD: (_prompt_photo_child, _answer_photo_child),
    Step.PHOTO_DATE: (_prompt_photo_date, _answer_photo_date),
}


# -- endings and helpers ------------------------------------------------------------------------


def _walk_done(turn: Turn, state: ProfileState) -> list[Reply]:
    child_id = _child_id(state)
    profile = read_profile(turn.session, turn.staff_id, child_id, turn.now, what="chat")
    name = full_name(get_child(turn.session, child_id))
    done = say(
        pm.ALL_DONE.format(child=name, version=profile.version),
        (pm.BUTTON_PDF, pm.PDF_PAYLOAD.format(child=child_id)),
    )
    return _leave(turn, state, [done])


def _finish_photo(turn: Turn, state: ProfileState) -> list[Reply]:
    if state.resume:
        return _leave(turn, state, [])
    return _go(turn, replace(state, step=Step.MENU))


def _finish(turn: Turn, state: ProfileState) -> list[Reply]:
    name = full_name(get_child(turn.session, _child_id(state)))
    return _leave(turn, state, [say(pm.FINISHED.format(child=name))])


def _leave(turn: Turn, state: ProfileState, replies: list[Reply]) -> list[Reply]:
    """End this flow; go back to the one a photo interrupted, if any."""
    turn.state.clear()
    if not state.resume:
        return replies
    from dialogues.routes import FLOWS  # routes registers this module: imported when needed

    turn.state.update(state.resume)
    flow = FLOWS.get(str(state.resume.get("flow")))
    return [*replies, *(flow.prompt(turn) if flow else [])]


def _resumable(turn: Turn) -> dict[str, Any] | None:
    """The state of another flow the person is in, kept to go back to."""
    if turn.state.get("flow") in (None, FLOW):
        return None
    return dict(turn.state)


def _may_edit(turn: Turn, child_id: int) -> bool:
    return may_edit_profile(turn.session, turn.staff_id, child_id)


def _field_named(lowered: str) -> ProfileField | None:
    if lowered.startswith("edit:"):
        lowered = lowered[5:]
    if lowered.isdigit() and 1 <= int(lowered) <= len(FIELDS):
        return FIELDS[int(lowered) - 1]
    for field in FIELDS:
        if lowered in (field.value, pm.LABELS[field].lower()):
            return field
    return None


def _is_junk(answer: str, lowered: str) -> bool:
    meaningful = sum(ch.isalnum() for ch in answer)
    return meaningful < 2 or lowered in _JUNK_WORDS or lowered in _NONE_WORDS


def _child_id(state: ProfileState) -> int:
    assert state.child_id is not None, "this step always has a child"
    return state.child_id


def _field(state: ProfileState) -> ProfileField:
    assert state.field is not None, "this step always has a field"
    return state.field
