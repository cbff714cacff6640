"""`/pack` on Telegram: a manager gets their team's missing-meeting pack for the last four
weeks, the PDF as a document and each chart as a photo, all protected from forwarding.

Only managers (the management ladder and a children's home manager, as in the access policy)
may ask, for their own team; each child named in the pack is logged as read by them (issue 6:
every read of a child's record is logged)."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from telegram import Bot

from bot.telegram import messages as tm
from protocols.clock import london_date
from protocols.vocabulary import MANAGEMENT_LADDER, Role
from reports.meeting_pack import build, write_pdf
from storage.people import get_staff, get_team
from storage.reads import log_read

PACK_DAYS = 28
# The managers who may see every child of their team (the access policy's manager roles).
ALLOWED_ROLES = frozenset(role.value for role in (Role.HOME_MANAGER, *MANAGEMENT_LADDER))


@dataclass(frozen=True)
class PackFiles:
    pdf: Path
    charts: list[tuple[str, Path]]  # caption, PNG
    filename: str


def refusal(sessions: sessionmaker[Session], staff_id: int) -> str | None:
    """Why this person cannot have a pack, or None when they can."""
    with sessions() as session:
        staff = get_staff(session, staff_id)
        if staff.role not in ALLOWED_ROLES:
            return tm.PACK_NOT_ALLOWED
        return tm.PACK_NO_TEAM if staff.team_id is None else None


def prepare(
    sessions: sessionmaker[Session], staff_id: int, now: datetime, folder: Path
) -> PackFiles | str:
    """The pack's files, or the reason it cannot be given (a message for the person)."""
    with sessions() as session:
        staff = get_staff(session, staff_id)
        if staff.role not in ALLOWED_ROLES:
            return tm.PACK_NOT_ALLOWED
        if staff.team_id is None:
            return tm.PACK_NO_TEAM
        team = get_team(session, staff.team_id)
        last = london_date(now)
        first = last - timedelta(days=PACK_DAYS - 1)
        pack = build(session, [team.name], first, last, now)
        for child_id in sorted({view.child.id for view in pack.history}):
            log_read(session, staff_id, child_id, "meeting pack", now=now)
        session.commit()
    pdf = folder / "pack.pdf"
    drawn = write_pdf(pack, pdf, charts=folder)
    titles = {figure.name: figure.title for figure in pack.figures.figures}
    charts = [(titles[name], path) for name, path in drawn.items()]
    filename = f"missing-meeting-pack-{team.name.replace(' ', '-')}-{last.isoformat()}.pdf"
    return PackFiles(pdf, charts, filename)


async def send_pack(
    bot: Bot, sessions: sessionmaker[Session], chat_id: int, staff_id: int, now: datetime
) -> None:
    refused = await asyncio.to_thread(refusal, sessions, staff_id)
    if refused is not None:
        await bot.send_message(chat_id, refused, protect_content=True)
        return
    await bot.send_message(chat_id, tm.PACK_WORKING, protect_content=True)
    with tempfile.TemporaryDirectory() as scratch:
        files = await asyncio.to_thread(prepare, sessions, staff_id, now, Path(scratch))
        if isinstance(files, str):
            await bot.send_message(chat_id, files, protect_content=True)
            return
        with files.pdf.open("rb") as handle:
            await bot.send_document(
                chat_id,
                handle,
                filename=files.filename,
                caption=tm.PACK_CAPTION.format(days=PACK_DAYS),
                protect_content=True,
            )
        for caption, path in files.charts:
            with path.open("rb") as handle:
                await bot.send_photo(chat_id, handle, caption=caption, protect_content=True)
