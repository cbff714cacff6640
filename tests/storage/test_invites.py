from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.invites import CODE_LENGTH, Invite, create_invite, normalise_code, redeem_invite
from storage.people import get_staff
from tests.storage.world import T0, build_world


def test_a_code_links_once_and_only_its_hash_is_kept(session: Session) -> None:
    world = build_world(session)
    issued = create_invite(session, world.carer, now=T0, created_by_id=world.team_manager)
    assert len(issued.code) == CODE_LENGTH and issued.expires_at == T0 + timedelta(hours=48)
    stored = session.scalars(select(Invite)).one()
    assert issued.code not in stored.code_hash
    spaced = f" {issued.code[:4].lower()}-{issued.code[4:]} "
    staff = redeem_invite(session, spaced, "telegram:42", now=T0 + timedelta(hours=1))
    assert staff is not None and staff.id == world.carer
    assert stored.used_by == "telegram:42"
    assert redeem_invite(session, issued.code, "telegram:43", now=T0 + timedelta(hours=2)) is None


def test_expired_unknown_and_departed_codes_are_refused(session: Session) -> None:
    world = build_world(session)
    short = create_invite(session, world.carer, now=T0, lifetime=timedelta(hours=1))
    assert redeem_invite(session, short.code, "telegram:1", now=T0 + timedelta(hours=1)) is None
    assert redeem_invite(session, "ABCDEFGHJKMN", "telegram:1", now=T0) is None
    left = create_invite(session, world.second_carer, now=T0)
    get_staff(session, world.second_carer).active = False
    assert redeem_invite(session, left.code, "telegram:2", now=T0) is None


def test_codes_are_typeable() -> None:
    assert normalise_code(" ab2c-d3ef ") == "AB2CD3EF"
