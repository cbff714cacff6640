"""The bot's /invite for administrators, and what happens when something breaks."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from bot.telegram import messages as tm
from dialogues.manager import DialogueManager
from dialogues.replies import Reply
from tests.dialogues.nlu_once import understanding
from tests.telegram.harness import ADMIN, SAM, Harness, demo_sessions, make_harness

CHAT, ADMIN_CHAT, NEWCOMER = 5550007, 5550008, 5550009


async def test_an_admin_adds_and_invites_someone_from_the_bot(tg: Harness) -> None:
    await tg.link(ADMIN_CHAT, ADMIN)
    reply = (await tg.say(ADMIN_CHAT, "/invite Rowan Ellery, carer, Staffordshire North"))[0]
    assert "Rowan Ellery (carer, Staffordshire North)" in reply
    assert "https://t.me/HomewardTestBot?start=" in reply
    match = re.search(r"Code: (\w+)", reply)
    assert match is not None
    welcome = await tg.say(NEWCOMER, f"/start {match.group(1)}")
    assert welcome[0].startswith("Welcome, Rowan Ellery")


async def test_invite_mistakes_get_a_way_forward(tg: Harness) -> None:
    await tg.link(ADMIN_CHAT, ADMIN)
    assert await tg.say(ADMIN_CHAT, "/invite") == [tm.INVITE_USAGE]
    bad_role = (await tg.say(ADMIN_CHAT, "/invite Rowan Ellery, wizard, Staffordshire North"))[0]
    assert "'wizard' is not a staff role" in bad_role and "/invite STAFF_ID" in bad_role
    assert "no active member of staff with id 999" in (await tg.say(ADMIN_CHAT, "/invite 999"))[0]
    assert "Code:" in (await tg.say(ADMIN_CHAT, f"/invite {SAM}"))[0]


async def test_only_admins_may_invite(tg: Harness) -> None:
    await tg.link(CHAT, SAM)
    assert await tg.say(CHAT, "/invite 1") == [tm.INVITE_NOT_ALLOWED]


class Broken(DialogueManager):
    """A dialogue that fails once in a way its own guard does not catch (e.g. a bug in a
    channel-facing path), to prove the bot survives and apologises."""

    failures = 1

    def handle(self, staff_id: int, text: str, now: datetime) -> list[Reply]:
        if self.failures:
            self.failures -= 1
            raise RuntimeError("boom")
        return super().handle(staff_id, text, now)


async def test_a_handler_error_gets_an_apology_and_the_bot_carries_on(tmp_path: Path) -> None:
    path = tmp_path / "homeward.sqlite3"
    manager = Broken(demo_sessions(tmp_path / "unused.sqlite3"), understanding())
    tg = await make_harness(path, manager=manager)
    manager._sessions = tg.sessions  # the dialogue on the same database as the channel
    try:
        await tg.link(CHAT, SAM)
        assert await tg.say(CHAT, "status") == [tm.APOLOGY]
        assert [type(e) for e in tg.errors] == [RuntimeError]
        assert "no open tasks" in (await tg.say(CHAT, "status"))[0]
        # A stranger whose update fails hears nothing more than the refusal.
        tg.telegram.fail_next.append(RuntimeError("network down"))
        await tg.say(CHAT + 100, "hello")
        assert tg.telegram.texts(CHAT + 100) == []
    finally:
        await tg.app.shutdown()
