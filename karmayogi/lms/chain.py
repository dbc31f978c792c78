"""The hash chain that append-only logs share (evidence, decisions), so that altering a row shows.

Row n stores the hash of row n-1 and the SHA-256 of that hash joined to its own canonical content.
Changing, reordering or removing a row inside a chain breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(values: list[object]) -> str:
    """The one text form a row is hashed in: a compact JSON array, keys sorted, Unicode kept."""
    return json.dumps(values, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def link(previous_hash: str, content: str) -> str:
    return hashlib.sha256((previous_hash + content).encode()).hexdigest()


@dataclass(frozen=True)
class Link:
    """One stored row as the check sees it: its place, canonical content and the two stored hashes."""

    seq: int
    content: str
    previous_hash: str
    hash: str


def breaks(rows: Iterable[Link]) -> list[tuple[int, str]]:
    """(seq, reason) for every row of one chain, given in seq order, that is not as it was recorded."""
    found: list[tuple[int, str]] = []
    expected_previous = GENESIS
    for number, row in enumerate(rows, start=1):
        if row.seq != number:
            found.append((row.seq, f"expected row {number} here: rows are missing"))
        if row.previous_hash != expected_previous:
            found.append((row.seq, "does not follow the row before it"))
        if link(row.previous_hash, row.content) != row.hash:
            found.append((row.seq, "content differs from what was recorded"))
        expected_previous = row.hash
    return found
