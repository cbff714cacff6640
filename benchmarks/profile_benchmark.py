"""Missing-profile figures, printed as JSON: how long the grab pack PDF takes to make and how
big it is, how long a photo upload takes to check and re-encode, and what the profile review
sweep costs on a SQLite database of many children (first sweep: everything is due; second:
nothing is, the steady state every 15 minutes).

    .venv/bin/python benchmarks/profile_benchmark.py [--children N] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PIL import Image

from dialogues.grab_pack import collect
from dialogues.grab_pack_pdf import render_pdf
from dialogues.replies import Reply
from protocols.vocabulary import Role
from reminders.profile_review import ProfileReviewSettings, ProfileReviewSweep
from storage.db import make_engine, make_session_factory, migrate
from storage.people import create_child, create_staff, create_team, link_carer
from storage.profile_photos import store_upload
from storage.profiles import FIELDS, ProfileField, attach_photo, operator_profile, update_profile

NOW = datetime(2026, 3, 3, 11, 0, tzinfo=UTC)  # 11:00 London: within the reminder hours


class CountingOutbound:
    def __init__(self) -> None:
        self.sent = 0

    async def deliver(self, staff_id: int, reply: Reply) -> bool:
        self.sent += 1
        return True


def _photo(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.effect_noise((width, height), 40).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def _ms(samples: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=5000)
    parser.add_argument("--quick", action="store_true", help="300 children, fewer repeats")
    args = parser.parse_args()
    children = 300 if args.quick else args.children
    repeats = 5 if args.quick else 20
    folder = Path(tempfile.mkdtemp(prefix="homeward-profile-bench-"))
    engine = make_engine(f"sqlite:///{folder / 'bench.sqlite3'}")
    migrate(engine)
    sessions = make_session_factory(engine)
    phone_photo = _photo(3000, 4000)  # a phone's full-size picture
    upload_times: list[float] = []
    with sessions() as session:
        team = create_team(session, "North", "staffordshire").id
        first_child = 0
        for i in range(children):
            carer = create_staff(session, f"Carer {i}", Role.CARER, now=NOW, team_id=team).id
            child = create_child(session, f"Child{i}", "Test", "looked_after", team).id
            first_child = first_child or child
            link_carer(session, child, carer)
            if i % 2 == 0:  # half have a profile, checked long ago
                old = NOW - timedelta(days=200)
                values: dict[ProfileField | str, str | None] = {
                    f: f"{f.value} of child {i}, " * 6 for f in FIELDS
                }
                update_profile(session, child, values, by=carer, now=old)
            if i < repeats:
                started = time.perf_counter()
                upload = store_upload(session, phone_photo, by=carer, now=NOW)
                upload_times.append(time.perf_counter() - started)
                attach_photo(
                    session, upload.id, child, by=carer, now=NOW, taken_on=date(2026, 2, 1)
                )
        session.commit()
        profile, photo = operator_profile(session, first_child)
        pack = collect(session, profile, photo, NOW, clothing="Grey hoodie")
    render_times: list[float] = []
    size = 0
    for _ in range(repeats):
        started = time.perf_counter()
        size = len(render_pdf(pack))
        render_times.append(time.perf_counter() - started)
    sweep = ProfileReviewSweep(ProfileReviewSettings())
    outbound = CountingOutbound()
    sweep_times: list[float] = []
    at = NOW
    while True:  # the first start: everything is due, spread over sweeps 30 s apart
        before = outbound.sent
        started = time.perf_counter()
        asyncio.run(sweep(sessions, at, outbound))
        sweep_times.append(time.perf_counter() - started)
        at += timedelta(seconds=30)
        if outbound.sent == before:
            break
    backlog = outbound.sent
    started = time.perf_counter()
    asyncio.run(sweep(sessions, at + timedelta(minutes=15), outbound))
    steady_sweep = time.perf_counter() - started
    engine.dispose()
    print(
        json.dumps(
            {
                "children": children,
                "photo_upload_3000x4000_jpeg": _ms(upload_times),
                "grab_pack_pdf": {**_ms(render_times), "bytes": size},
                "backlog_messages": backlog,
                "backlog_sweeps": len(sweep_times),
                "backlog_sweep_s": {
                    "median": round(statistics.median(sweep_times), 2),
                    "max": round(max(sweep_times), 2),
                },
                "steady_sweep_s": round(steady_sweep, 2),
                "steady_messages": outbound.sent - backlog,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
