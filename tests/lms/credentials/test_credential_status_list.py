"""Bitstring Status List: the encoding other implementations read, and revocation bits."""

import base64
import gzip
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.lms.credentials.status_list import (
    MINIMUM_ENTRIES,
    StatusList,
    random_free_index,
    status_entry,
    status_is_set,
)
from karmayogi.lms.errors import InvalidInput

# The empty list of the W3C Bitstring Status List v1.0 examples, written by another implementation.
SPEC_EMPTY_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def test_the_specifications_example_reads_as_an_empty_list_of_the_minimum_size():
    status_list = StatusList.decode(SPEC_EMPTY_LIST)
    assert status_list.size == MINIMUM_ENTRIES == StatusList().size
    assert not any(status_list.get(i) for i in range(0, MINIMUM_ENTRIES, 997))


@given(st.sets(st.integers(0, MINIMUM_ENTRIES - 1), max_size=40))
def test_revoked_entries_survive_encoding(revoked):
    status_list = StatusList()
    for index in revoked:
        status_list.set(index)
    decoded = StatusList.decode(status_list.encoded())
    assert {i for i in revoked if decoded.get(i)} == revoked
    assert decoded.bits.count(0) >= len(decoded.bits) - len(revoked)


def test_entry_zero_is_the_leftmost_bit_and_can_be_cleared_again():
    status_list = StatusList()
    status_list.set(0)
    assert status_list.bits[0] == 0x80
    status_list.set(0, False)
    assert status_list.bits[0] == 0


def test_an_index_outside_the_list_is_refused():
    with pytest.raises(InvalidInput, match="statusListIndex: 131072 is outside the list"):
        StatusList().set(MINIMUM_ENTRIES)


def test_a_list_shorter_than_16_kib_is_refused():
    short = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(100))).decode().rstrip("=")
    with pytest.raises(InvalidInput, match="fewer than 131072 entries"):
        StatusList.decode(short)


def test_a_list_that_inflates_beyond_the_limit_is_refused():
    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(17 * 2**20))).decode().rstrip("=")
    with pytest.raises(InvalidInput, match="inflates to more than"):
        StatusList.decode(bomb)


def test_an_entry_is_read_only_from_the_list_it_names(publish_status_list):
    published = publish_status_list(8)
    assert status_is_set(status_entry(published["id"], 8), published)
    assert not status_is_set(status_entry(published["id"], 7), published)
    with pytest.raises(InvalidInput, match="not the one the credential names"):
        status_is_set(status_entry("https://other.example/list", 8), published)
    with pytest.raises(InvalidInput, match="different purposes"):
        status_is_set(status_entry(published["id"], 8, purpose="suspension"), published)


def test_a_random_free_entry_is_found_however_full_the_list():
    taken = set(range(0, 1000)) - {417}
    drawn = random_free_index(1000, taken.__contains__, lambda: taken, random.Random(7).randrange)
    assert drawn == 417  # the only free entry, found once every random draw has landed on taken ones
    with pytest.raises(ValueError, match="full"):
        random_free_index(8, lambda _: True, lambda: range(8), random.Random(7).randrange)


def test_random_entries_spread_over_the_whole_list():
    taken: set[int] = set()
    for _ in range(200):
        taken.add(random_free_index(MINIMUM_ENTRIES, taken.__contains__, lambda: taken))
    assert len(taken) == 200
    assert max(taken) > MINIMUM_ENTRIES // 2 and min(taken) < MINIMUM_ENTRIES // 2
