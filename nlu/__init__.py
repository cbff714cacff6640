"""Understanding messages: intents, entities and times, in Rasa's parse-result shape.

The dialogue manager needs only `load_understanding`, `Understanding.parse`,
`needs_confirmation` and `alternatives`; see nlu/parser.py and nlu/confidence.py.
"""

from nlu.confidence import CONFIDENCE_THRESHOLD, alternatives, needs_confirmation, threshold_for
from nlu.parser import EmbeddedUnderstanding, Understanding, load_understanding
from nlu.types import Entity, IntentScore, ParseResult

__all__ = [
    "CONFIDENCE_THRESHOLD",
    "EmbeddedUnderstanding",
    "Entity",
    "IntentScore",
    "ParseResult",
    "Understanding",
    "alternatives",
    "load_understanding",
    "needs_confirmation",
    "threshold_for",
]
