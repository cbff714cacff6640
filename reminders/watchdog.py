"""A thread that ends the process when its event loop stops answering.

The scheduler's own check (ReminderService.watch) restarts APScheduler when sweeps stop, but it
runs on the event loop: if the loop itself is blocked (a database call that hangs, a stuck
library), nothing on it can notice. This thread can. The loop pets it; when it has not been
petted for `limit`, it logs why and exits non-zero, so the service manager (systemd, a container
restart policy) starts a fresh process, whose start-up sends whatever came due meanwhile.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

EXIT_STALLED = 70  # EX_SOFTWARE: an internal error; the service manager should restart us


def _exit_now() -> None:
    logging.shutdown()
    os._exit(EXIT_STALLED)  # sys.exit would only end this thread


class LoopWatchdog:
    def __init__(
        self,
        limit: float,
        *,
        on_stuck: Callable[[], None] = _exit_now,
        monotonic: Callable[[], float] = time.monotonic,
        check_every: float = 1.0,
    ) -> None:
        self.limit = limit
        self._on_stuck = on_stuck
        self._monotonic = monotonic
        self._check_every = check_every
        self._petted = monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def pet(self) -> None:
        self._petted = self._monotonic()

    def stuck(self) -> bool:
        return self._monotonic() - self._petted > self.limit

    def start(self) -> None:
        self.pet()
        self._thread = threading.Thread(target=self._run, name="reminder-watchdog", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self._check_every):
            if self.stuck():
                log.critical(
                    "the reminder scheduler's event loop has not answered for %.0f s; exiting "
                    "with status %d so the service manager restarts it",
                    self._monotonic() - self._petted,
                    EXIT_STALLED,
                )
                self._on_stuck()
                return
