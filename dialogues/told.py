"""Event notices (a child reported missing, graded high risk by the police, back) shown on the
person's next message, whether or not a push already reached them: the push names nobody, so
the conversation is where they learn who. Seen once; the read is logged."""

from __future__ import annotations

from dialogues import child_page_messages as p
from dialogues.context import Turn
from dialogues.notices import SHOWN_AT_ONCE
from dialogues.replies import Reply, say
from dialogues.work_format import child_name, staff_name
from protocols.clock import london_text
from storage.episodes import fact_rows, get_episode
from storage.event_notices import COVER, mark_seen, unseen_for
from storage.models import Child
from storage.policy import read_child


def told(turn: Turn) -> list[Reply]:
    notices = unseen_for(turn.session, turn.staff_id)
    if not notices:
        return []
    lines = [p.TOLD_INTRO]
    names: list[str] = []
    for notice in notices:
        if len(names) == SHOWN_AT_ONCE:
            # The rest are marked seen below: say there were more rather than list them all.
            lines.append(p.TOLD_MORE)
            break
        episode = get_episode(turn.session, notice.episode_id)
        child = turn.session.get(Child, episode.child_id)
        if child is None:
            continue
        if not read_child(turn.session, turn.staff_id, child.id, "event notice", now=turn.now):
            continue  # no longer theirs (e.g. moved team): nothing about the child is said
        rows = {r.id: r for r in fact_rows(turn.session, episode.id)}
        event = rows.get(notice.event_id)
        if event is None:
            continue  # the fact was undone
        fields = {
            "child": child_name(child),
            "by": staff_name(turn.session, event.actor_staff_id, p.SOMEONE),
            "at": london_text(notice.created_at),
        }
        line = p.TOLD[notice.kind].format(**fields)
        if notice.audience == COVER:
            line += p.TOLD_COVER.format(child=fields["child"])
        lines.append(line)
        names.append(child.preferred_name or child.given_name)
    mark_seen(turn.session, notices, turn.now)
    if not names:
        return []
    lines.append(p.TOLD_HINT.format(name=names[-1]))
    return [say("\n".join(lines))]
