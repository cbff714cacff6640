"""The profile conversation's saved state (dialogues.flows.profile): its steps, the words and
payloads its buttons send, the frozen state saved as JSON in the conversation row, and the two
facts every entry point checks (may this person edit the child's profile, and which other flow
a photo or a typed request interrupted)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dialogues.context import Turn
from storage.profiles import ProfileField, may_edit_profile

FLOW = "profile"
PREFIX = "profile:"
KEEP, NONE, SKIP, WALK, FINISHED, DISCARD = "keep", "none", "skip", "walk", "finished", "discard"


class Step(StrEnum):
    CHILD = "child"
    MENU = "menu"
    FIELD = "field"
    PHOTO = "photo"
    PHOTO_CHILD = "photo_child"
    PHOTO_DATE = "photo_date"


@dataclass(frozen=True)
class ProfileState:
    step: Step
    child_id: int | None = None
    field: ProfileField | None = None
    walk: bool = False  # going through every field in order
    upload_id: int | None = None
    resume: dict[str, Any] | None = None  # the flow a photo interrupted, to go back to

    def to_json(self) -> dict[str, Any]:
        return {
            "flow": FLOW,
            "step": self.step.value,
            "child_id": self.child_id,
            "field": self.field.value if self.field else None,
            "walk": self.walk,
            "upload_id": self.upload_id,
            "resume": self.resume,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProfileState:
        field = data.get("field")
        resume = data.get("resume")
        return cls(
            step=Step(str(data.get("step", Step.MENU))),
            child_id=_int(data.get("child_id")),
            field=ProfileField(field) if field else None,
            walk=bool(data.get("walk")),
            upload_id=_int(data.get("upload_id")),
            resume=resume if isinstance(resume, dict) else None,
        )


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def read_state(turn: Turn) -> ProfileState:
    return ProfileState.from_json(turn.state)


def resumable(turn: Turn) -> dict[str, Any] | None:
    """The state of another flow the person is in, kept to go back to."""
    if turn.state.get("flow") in (None, FLOW):
        return None
    return dict(turn.state)


def may_edit(turn: Turn, child_id: int) -> bool:
    return may_edit_profile(turn.session, turn.staff_id, child_id)
