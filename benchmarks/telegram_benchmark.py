"""Telegram channel overhead on this machine: how long one update takes through the real PTB
application (dedupe, access check, dialogue, keyboard bookkeeping) with Telegram's servers
replaced by a recording fake, on a SQLite file.

    .venv/bin/python benchmarks/telegram_benchmark.py

Target: p95 under 50 ms per update, so a burst of night reports never queues noticeably.
With the rate limiter on, sending is capped at Telegram's 30 messages a second overall.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete  # noqa: E402

from storage.models import Episode, EpisodeEvent, TaskRecord  # noqa: E402
from tests.telegram.harness import SAM, make_harness  # noqa: E402

UPDATES = 300
CHAT = 9990001


async def measure(path: Path, limit_rate: bool) -> None:
    print("with AIORateLimiter (as deployed)" if limit_rate else "rate limiter off (overhead)")
    tg = await make_harness(path, limit_rate=limit_rate)
    try:
        await tg.link(CHAT, SAM)
        kinds = {"status (text)": "status", "help (command)": "/help"}
        for name, text in kinds.items():
            timings = []
            for _ in range(UPDATES):
                start = time.perf_counter()
                await tg.say(CHAT, text)
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95)]
            print(
                f"{name:16} median {statistics.median(timings):6.2f} ms  p95 {p95:6.2f} ms  "
                f"throughput {1000 / statistics.mean(timings):6.0f} updates/s"
            )
        button_ms = []
        for _ in range(50):
            await tg.say(CHAT, "Jay's not back")
            await tg.say(CHAT, "10pm")
            start = time.perf_counter()
            await tg.press(CHAT, "No")
            button_ms.append((time.perf_counter() - start) * 1000)
            await tg.say(CHAT, "cancel")
            with tg.sessions() as session:
                for model in (EpisodeEvent, TaskRecord, Episode):
                    session.execute(delete(model))
                session.commit()
        print(f"{'button press':16} median {statistics.median(button_ms):6.2f} ms")
    finally:
        await tg.app.shutdown()


def main() -> None:
    for limit_rate in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(measure(Path(tmp) / "bench.sqlite3", limit_rate))


if __name__ == "__main__":
    main()
