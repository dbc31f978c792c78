"""A served worker's indexes (search, recommender) live as long as the process: they are kept out of
the garbage collector's reach. Each full collection otherwise walked their millions of objects
again, ~0.5 s with the GIL held, every ~20 s in a loaded worker."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """While a long-lived index is built: it makes no garbage, but its hundreds of thousands of new
    objects set off full collections one after another, each walking them all with the GIL held."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep() -> None:
    """Freeze what is alive now, after one full collection. Unfreezing first lets that collection
    reclaim what an earlier freeze kept and has since been replaced (a rebuilt recommender's old one)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def keep_again() -> None:
    """After a rebuild, in a process that keeps its indexes so (a server's, after its warm start);
    elsewhere (tests, commands) nothing: a full collection per rebuild would cost them time for nothing."""
    if gc.get_freeze_count():
        keep()
