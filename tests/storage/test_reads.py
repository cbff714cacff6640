from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from storage.reads import log_read, reads_of_child
from tests.storage.world import T0, build_world


def test_reads_are_kept_in_order_with_who_and_what(session: Session) -> None:
    world = build_world(session)
    log_read(session, world.carer, world.child, "police summary", now=T0 + timedelta(hours=1))
    log_read(session, world.social_worker, world.child, "status", now=T0)
    rows = reads_of_child(session, world.child)
    assert [(r.staff_id, r.what) for r in rows] == [
        (world.social_worker, "status"),
        (world.carer, "police summary"),
    ]
