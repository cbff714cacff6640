"""A picture someone sent, from any channel: checked and kept as their pending upload, then
handed to the dialogue as the payload `photo:<id>`, so the conversation decides whose photo it
is (dialogues.flows.profile.on_photo). A channel only fetches the bytes."""

from __future__ import annotations

from datetime import datetime

from dialogues.flows import profile_messages as pm
from dialogues.flows.profile import PHOTO_PREFIX
from dialogues.manager import DialogueManager
from dialogues.replies import Reply, say
from storage.db import SessionFactory
from storage.profile_photos import MAX_UPLOAD_BYTES, PhotoRejected, store_upload

__all__ = ["MAX_UPLOAD_BYTES", "receive_photo"]


def receive_photo(
    manager: DialogueManager,
    sessions: SessionFactory,
    staff_id: int,
    raw: bytes,
    now: datetime,
) -> list[Reply]:
    with sessions() as session:
        try:
            upload = store_upload(session, raw, by=staff_id, now=now)
        except PhotoRejected as why:
            return [say(pm.PHOTO_UNREADABLE.format(reason=why))]
        session.commit()
    return manager.handle(staff_id, f"{PHOTO_PREFIX}{upload.id}", now)
