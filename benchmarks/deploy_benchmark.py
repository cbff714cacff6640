"""Updates a second through the whole local set: nginx, two webhook workers, PostgreSQL
(deploy/run_local.py), with the bot's rate limiter opened wide so the figure is the workers'
own, not Telegram's 30 messages a second.

    python benchmarks/deploy_benchmark.py --json          # 50 chats x 40 messages
    python benchmarks/deploy_benchmark.py --json --quick  # 20 chats x 10 messages

Each message is "why N" from a linked carer (read-only, two replies each), posted by every chat
at once, each chat's in order as Telegram sends them. Prints exactly one JSON object:
{"workers", "chats", "updates", "seconds", "updates_per_s", "replies", "out_of_order",
"unanswered"}: seconds from the first post to the last update handled.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.run_local import local_set  # noqa: E402
from tests.deploy.traffic import (  # noqa: E402
    interleaved,
    seed_chats,
    send_all,
    wait_until_handled,
)

LONG = (50, 40)
QUICK = (20, 10)
WORKERS = 2


def measure(chats: int, questions: int) -> dict[str, object]:
    env = {"HOMEWARD_TELEGRAM_RATE": "100000"}
    with local_set(WORKERS, env) as local:
        people = seed_chats(local.database_url, chats, questions)
        per_chat = interleaved(people)
        send_all(local, [updates[:1] for updates in per_chat])  # link every chat first
        wait_until_handled(local.database_url, timeout=300)
        started = time.monotonic()
        send_all(local, [updates[1:] for updates in per_chat])
        left = wait_until_handled(local.database_url, timeout=600)
        seconds = time.monotonic() - started
        out_of_order = unanswered = replies = 0
        for person in people:
            texts = local.bot_api.texts(person.chat_id)
            replies += len(texts)
            numbers = [int(t.split()[3]) for t in texts if t.startswith("There's no task")]
            out_of_order += numbers != sorted(set(numbers))
            unanswered += questions - len(set(numbers))
    updates = chats * questions
    return {
        "workers": WORKERS,
        "chats": chats,
        "updates": updates,
        "seconds": round(seconds, 2),
        "updates_per_s": round(updates / seconds, 1),
        "replies": replies,
        "out_of_order": out_of_order,
        "unanswered": unanswered + left,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the JSON object (default)")
    parser.add_argument("--quick", action="store_true", help="a smaller run")
    args = parser.parse_args()
    chats, questions = QUICK if args.quick else LONG
    print(json.dumps(measure(chats, questions)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
