"""Long-lived indexes are kept out of the garbage collector's reach, and what they replace is reclaimed."""

import gc
import weakref
from collections.abc import Iterator

import pytest

from karmayogi.lms import long_lived


class _Cycle:
    """An object only the cyclic collector can reclaim: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_process_that_never_kept_its_indexes_is_left_alone():
    long_lived.keep_again()
    assert gc.get_freeze_count() == 0


def test_keeping_again_reclaims_what_an_earlier_keep_froze_and_has_since_died():
    old = _Cycle()
    gone = weakref.ref(old)
    long_lived.keep()  # the old index, alive and now frozen
    assert gc.get_freeze_count() > 0
    del old  # replaced: only the collector can reclaim it, and it is frozen
    gc.collect()
    assert gone() is not None
    long_lived.keep_again()
    assert gone() is None
    assert gc.get_freeze_count() > 0


def test_the_collector_is_paused_while_an_index_is_built_and_restored_after():
    assert gc.isenabled()
    with long_lived.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with long_lived.collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
