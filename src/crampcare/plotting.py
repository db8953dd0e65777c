"""One way into matplotlib's pyplot for everything that draws (diary charts, the experiment report).

pyplot keeps global state (its list of open figures, rcParams) and its first import is not safe from two threads
at once: the web server draws in worker threads, so the diary page's charts and an experiment report requested
together failed with "partially initialized module 'matplotlib.pyplot'" (a 500). Each drawing holds this lock
from its first pyplot call to its last; drawings are short, so they simply take turns.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_LOCK = threading.RLock()


@contextmanager
def pyplot() -> Iterator[Any]:
    """matplotlib.pyplot on the Agg backend, held by this thread until the block ends."""
    with _LOCK:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        yield plt
