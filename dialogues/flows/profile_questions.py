"""The profile conversation's steps (dialogues.flows.profile): each step's question and how its
answer is taken, as the `STEPS` table of (prompt, answer), and the endings (back to the menu, or
to the flow a photo interrupted). The entry points are in dialogues.flows.profile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time

from dialogues.context import Turn
from dialogues.flows import profile_messages as pm
from dialogues.flows.common import full_name, london
from dialogues.flows.profile_state import (
    DISCARD,
    FINISHED,
    KEEP,
    NONE,
    PREFIX,
    SKIP,
    WALK,
    ProfileState,
    Step,
    read_state,
)
from dialogues.flows.steps import reprompt
from dialogues.photo_dates import parse_past_date
from dialogues.profile_views import grab_pack, history, names_of, profile_children, see_photo
from dialogues.replies import Reply, say
from protocols.clock import Duration, london_date, on_london_wall_clock
from storage.people import get_child
from storage.profile_photos import discard_upload
from storage.profiles import (
    FIELDS,
    MAX_TEXT,
    NothingChanged,
    ProfileError,
    ProfileField,
    attach_photo,
    read_profile,
    update_profile,
)

THREE_MONTHS = Duration(months=3)  # a photo older than this: ask for a newer one
# Answers that say "no change" / "there are none", and ones that are no answer at all.
_KEEP_WORDS = {KEEP, "keep as it is", "same", "no change", "unchanged", "skip", "next", "pass"}
_NONE_WORDS = {NONE, "nothing", "no", "n/a", "na", "none known", "nope", "not that i know"}
_JUNK_WORDS = {"yes", "y", "ok", "okay", "k", "idk", "dunno", "?", "hmm", "what", "eh", "test"}
_NONE_ALLOWED = frozenset(set(FIELDS) - {ProfileField.DESCRIPTION})


def go(turn: Turn, state: ProfileState) -> list[Reply]:
    """Save the state and ask its step's question."""
    turn.state.clear()
    turn.state.update(state.to_json())
    return prompt(turn)


def prompt(turn: Turn) -> list[Reply]:
    state = read_state(turn)
    return STEPS[state.step][0](turn, state)


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
        return leave(turn, state, grab_pack(turn, chosen[0].id))
    return go(turn, replace(state, step=Step.MENU, child_id=chosen[0].id))


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
        return go(turn, replace(state, step=Step.FIELD, field=FIELDS[0], walk=True))
    if lowered in ("photo", "add a photo", "picture"):
        return go(turn, replace(state, step=Step.PHOTO, walk=False))
    if lowered in ("history", "who changed what", "changes"):
        return [*history(turn, _child_id(state)), *_prompt_menu(turn, state)[1:]]
    if lowered in ("see the photo", "show the photo", "see photo"):
        return [*see_photo(turn, _child_id(state)), *_prompt_menu(turn, state)[1:]]
    field = _field_named(lowered)
    if field is not None:
        return go(turn, replace(state, step=Step.FIELD, field=field, walk=False))
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
        return go(turn, replace(state, step=Step.MENU, field=None))
    position = FIELDS.index(field) + 1
    if position < len(FIELDS):
        return go(turn, replace(state, field=FIELDS[position]))
    return go(turn, replace(state, step=Step.PHOTO, field=None))


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
        return leave(turn, state, [say(pm.PHOTO_DISCARDED)])
    if lowered in ("yes", "y", "yep", "yeah") and len(kids) == 1:
        chosen = kids
    else:
        chosen = [c for c in kids if lowered == f"child:{c.id}"]
        chosen = chosen or [c for c in kids if set(lowered.split()) & names_of(c)]
    if len(chosen) != 1:
        return reprompt(_prompt_photo_child(turn, state))
    return go(turn, replace(state, step=Step.PHOTO_DATE, child_id=chosen[0].id))


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
        return leave(turn, state, [say(pm.PHOTO_GONE)])
    name = full_name(get_child(turn.session, child_id))
    replies = [say(pm.PHOTO_SAVED.format(child=name, taken=taken.strftime("%d %b %Y")))]
    if THREE_MONTHS.after(on_london_wall_clock(datetime.combine(taken, time(0)))) < turn.now:
        replies.append(say(pm.PHOTO_OLD.format(interval=THREE_MONTHS)))
    if state.walk:
        return [*replies, *_walk_done(turn, state)]
    if state.resume:
        return leave(turn, state, replies)
    return [*replies, *go(turn, replace(state, step=Step.MENU, upload_id=None))]


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
    return leave(turn, state, [done])


def _finish_photo(turn: Turn, state: ProfileState) -> list[Reply]:
    if state.resume:
        return leave(turn, state, [])
    return go(turn, replace(state, step=Step.MENU))


def _finish(turn: Turn, state: ProfileState) -> list[Reply]:
    name = full_name(get_child(turn.session, _child_id(state)))
    return leave(turn, state, [say(pm.FINISHED.format(child=name))])


def leave(turn: Turn, state: ProfileState, replies: list[Reply]) -> list[Reply]:
    """End this flow; go back to the one a photo interrupted, if any."""
    turn.state.clear()
    if not state.resume:
        return replies
    from dialogues.routes import FLOWS  # routes registers this module: imported when needed

    turn.state.update(state.resume)
    flow = FLOWS.get(str(state.resume.get("flow")))
    return [*replies, *(flow.prompt(turn) if flow else [])]


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
