"""What the missing profile shows in the chat, outside the flow's questions: the grab pack,
the photo, who changed what, the lines for the police summary, and whose profiles a person
keeps. Every read goes through the access policy and is logged (storage.profiles)."""

from __future__ import annotations

from dialogues.context import Turn
from dialogues.flows import profile_messages as pm
from dialogues.flows.common import full_name, london
from dialogues.grab_pack import collect
from dialogues.grab_pack_pdf import render_pdf
from dialogues.replies import Document, Reply, say
from storage.models import Child
from storage.people import get_child, get_staff
from storage.policy import Action, children_for
from storage.profiles import (
    profile_history,
    read_photo,
    read_profile,
)


def grab_pack(turn: Turn, child_id: int) -> list[Reply]:
    profile = read_profile(turn.session, turn.staff_id, child_id, turn.now, what="grab pack")
    photo = read_photo(turn.session, turn.staff_id, child_id, turn.now)
    pack = collect(turn.session, profile, photo, turn.now)
    child = get_child(turn.session, child_id)
    filename = f"grab-pack-{child.given_name}-{child.family_name}.pdf".lower().replace(" ", "-")
    text = pm.PDF_READY.format(child=full_name(child), version=profile.version)
    return [Reply(text, document=Document(filename, render_pdf(pack)))]


def see_photo(turn: Turn, child_id: int) -> list[Reply]:
    photo = read_photo(turn.session, turn.staff_id, child_id, turn.now)
    name = full_name(get_child(turn.session, child_id))
    if photo is None:
        return [say(pm.NO_PHOTO_TO_SEE.format(child=name))]
    taken = photo.info.dated.strftime("%d %b %Y")
    filename = f"photo-{name.lower().replace(' ', '-')}.jpg"
    text = pm.PHOTO_HERE.format(child=name, taken=taken)
    return [Reply(text, document=Document(filename, photo.data, photo.mime_type))]


def history(turn: Turn, child_id: int) -> list[Reply]:
    versions = profile_history(turn.session, turn.staff_id, child_id, turn.now)
    name = full_name(get_child(turn.session, child_id))
    if not versions:
        return [say(pm.HISTORY_NONE.format(child=name))]
    lines = [pm.HISTORY_HEAD.format(child=name)]
    for v in versions[-10:]:  # the latest ten: the grab pack and the record hold the rest
        what = ", ".join(pm.CHANGED.get(c, c) for c in v.changed) or pm.HISTORY_CHECKED
        who = v.recorded_by or "an administrator"
        lines.append(
            pm.HISTORY_LINE.format(
                version=v.version, when=london(v.recorded_at), who=who, what=what
            )
        )
    return [say("\n".join(lines))]


def profile_children(turn: Turn) -> list[Child]:
    """The children whose profile this person may keep: whoever may record facts about them
    (storage.policy): a carer's own, a social worker's caseload, a manager's teams."""
    return children_for(turn.session, get_staff(turn.session, turn.staff_id), Action.RECORD)


def names_of(child: Child) -> set[str]:
    return {n.lower() for n in (child.given_name, child.preferred_name, child.family_name) if n}
