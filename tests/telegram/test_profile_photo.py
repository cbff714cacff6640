"""The missing profile on Telegram: a photo message becomes the child's photo (after "whose?"
and "when?"), and the grab pack comes back as a protected document."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from storage.models import Child, ChildPhoto
from tests.telegram.harness import SAM, Harness

CHAT = 5550012


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (480, 640), (90, 120, 150)).save(out, "JPEG")
    return out.getvalue()


async def test_a_photo_message_goes_to_the_chosen_childs_profile(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    tg.telegram.files["big"] = _jpeg()
    update = tg.message(CHAT, "x")
    del update["message"]["text"]
    update["message"]["photo"] = [
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 120},
        {"file_id": "big", "file_unique_id": "b", "width": 480, "height": 640},
    ]
    await tg.feed(update)
    assert any(c.method == "download" for c in tg.telegram.calls)  # the largest size fetched
    assert "Whose photo is this" in tg.telegram.texts(CHAT)[-1]
    await tg.press(CHAT, "Jay Morgan")
    assert "When was this photo of Jay Morgan taken?" in tg.telegram.texts(CHAT)[-1]
    out = await tg.press(CHAT, "Today")
    assert any("Photo saved for Jay Morgan" in line for line in out)
    with tg.sessions() as session:
        jay = session.scalars(select(Child).where(Child.given_name == "Jay")).one()
        photo = session.scalars(select(ChildPhoto)).one()
        assert photo.child_id == jay.id and photo.uploaded_by_id == SAM

    tg.telegram.clear()
    await tg.say(CHAT, "grab pack for Jay")
    documents = [c for c in tg.telegram.calls if c.method == "sendDocument"]
    assert len(documents) == 1
    assert documents[0].params["protect_content"] is True
    assert "grab pack" in tg.telegram.texts(CHAT)[-1]
