"""`find_gaps`: every gap that would leave a reminder or an escalation with nobody to reach."""

from __future__ import annotations

from sqlalchemy.orm import Session

from protocols.vocabulary import Role
from storage.lifecycle import move_placement, staff_leaves
from storage.models import Staff
from storage.people import add_address, create_staff, create_team, get_team, set_line_manager
from storage.roster_check import find_gaps, pack_escalation_roles
from tests.storage.world import T0, build_world


def _kinds(session: Session, **options: object) -> set[tuple[str, str]]:
    return {(g.kind, g.subject) for g in find_gaps(session, **options)}  # type: ignore[arg-type]


def test_the_escalation_roles_come_from_the_variant_of_the_pack() -> None:
    assert "district_operational_lead" in pack_escalation_roles("staffordshire")
    assert "strategic_manager" not in pack_escalation_roles("staffordshire")
    assert "strategic_manager" in pack_escalation_roles("stoke")
    assert pack_escalation_roles("no_such_protocol") == []


def test_each_gap_is_named_and_a_complete_organisation_has_none(session: Session) -> None:
    world = build_world(session)
    gaps = _kinds(session, channels=())
    assert ("carer_without_manager", f"staff {world.carer} Juniper Ashcombe") in gaps
    assert ("no_out_of_hours", "team North Fostering") in gaps
    assert ("role_unheld", "team North Fostering") in gaps  # district_operational_lead
    assert not any(kind == "no_chat" for kind, _ in gaps)
    # Fill every gap.
    for carer in (world.carer, world.second_carer):
        set_line_manager(session, carer, world.team_manager)
    cover = create_team(session, "Night Duty", "staffordshire")
    create_staff(session, "Nell Dorsey", Role.EMERGENCY_DUTY_TEAM, now=T0, team_id=cover.id)
    get_team(session, world.team).out_of_hours_team_id = cover.id
    create_staff(session, "Ruan Pike", Role.DISTRICT_OPERATIONAL_LEAD, now=T0, team_id=world.team)
    assert _kinds(session, channels=()) == set()
    # Every active member of staff needs a linked chat on the channels that count.
    no_chat = {s for k, s in _kinds(session) if k == "no_chat"}
    assert f"staff {world.director} Orla Penhallow" in no_chat
    for staff in session.query(Staff).all():
        add_address(session, staff.id, "telegram", str(1000 + staff.id))
    assert _kinds(session) == set()
    # A social worker leaving leaves their child with nobody.
    staff_leaves(session, world.social_worker, now=T0, by="test")
    assert ("no_social_worker", f"child {world.child} Kit Marlowe") in _kinds(session)
    # A looked-after child whose carers have all gone has nobody to report them.
    move_placement(session, world.child, [], now=T0, by="test")
    assert ("no_carer", f"child {world.child} Kit Marlowe") in _kinds(session)
