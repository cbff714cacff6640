"""Settings for the whole suite.

Hypothesis's per-example deadline (200 ms) is a timed assertion: on a shared or busy machine the
first example of a test (imports, a cold database) can take longer and fail a correct test. The
suite has no timed assertions (figures come from the benchmarks), so the deadline is off for
every property test; each test still sets its own number of examples.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("homeward", deadline=None)
settings.load_profile("homeward")
