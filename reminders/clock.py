"""The demo's clock: real time plus an offset that `wait 2h` moves forward."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta


class OffsetClock:
    def __init__(self, real: Callable[[], datetime]) -> None:
        self._real = real
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return self._real() + self.offset

    def jump_to(self, instant: datetime) -> None:
        """Make `instant` the current time (never backwards)."""
        self.offset = max(self.offset, instant - self._real())

    def to_real(self, instant: datetime) -> datetime:
        """The real instant at which this clock will read `instant`."""
        return instant - self.offset
