"""What a message means, in Rasa's parse shape (/work/shared/interfaces.md).

The dialogue depends only on this protocol; `nlu.load_understanding` provides the embedded model
or a Rasa server behind it, so tests and channels choose without the flows knowing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol


class Understanding(Protocol):
    def parse(
        self, text: str, now: datetime, *, child_names: Sequence[str] = ()
    ) -> Any: ...  # nlu.types.ParseResult; Any keeps dialogues free of the nlu package's types
