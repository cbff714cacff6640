"""What a flow step is given: the open session, who is talking, the clock and the saved state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dialogues.understanding import Understanding
from storage.db import Session


@dataclass
class Turn:
    session: Session
    staff_id: int
    now: datetime
    state: dict[str, Any]  # saved after every message; JSON-safe values only
    understanding: Understanding

    def intent(self, text: str) -> str:
        name: str = self.understanding.parse(text, self.now)["intent"]["name"]
        return name
