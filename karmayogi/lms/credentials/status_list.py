"""Revocation through a W3C Bitstring Status List v1.0.

Each credential gets an index in a list of at least 131,072 bits (16 KiB) that the issuer publishes as a
signed BitstringStatusListCredential; setting the bit revokes the credential. One list hides which
credential a verifier asks about among all the others, and costs a few hundred bytes gzipped. Entries
are handed out at random, as the specification advises, so that an index says nothing of when, or
after whom, a credential was issued.
"""

from __future__ import annotations

import base64
import gzip
import secrets
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from karmayogi.lms.credentials.contexts import CREDENTIALS_V2
from karmayogi.lms.credentials.proofs import xsd_datetime
from karmayogi.lms.errors import InvalidInput

MINIMUM_ENTRIES = 131_072
MAXIMUM_BYTES = 16 * 2**20  # a limit on what a fetched list may inflate to
RANDOM_DRAWS = 32  # draws at random before looking for the free entries of a nearly full list
REVOCATION = "revocation"
SUSPENSION = "suspension"


@dataclass
class StatusList:
    """The bits of one status list; bit 0 is the most significant bit of the first byte."""

    bits: bytearray = field(default_factory=lambda: bytearray(MINIMUM_ENTRIES // 8))

    @property
    def size(self) -> int:
        return len(self.bits) * 8

    def _locate(self, index: int) -> tuple[int, int]:
        if not 0 <= index < self.size:
            raise InvalidInput("statusListIndex", f"{index} is outside the list of {self.size} entries")
        return index // 8, 0x80 >> (index % 8)

    def set(self, index: int, value: bool = True) -> None:
        position, mask = self._locate(index)
        if value:
            self.bits[position] |= mask
        else:
            self.bits[position] &= ~mask & 0xFF

    def get(self, index: int) -> bool:
        position, mask = self._locate(index)
        return bool(self.bits[position] & mask)

    def encoded(self) -> str:
        """`encodedList`: multibase base64url (no padding) of the GZIP-compressed bits."""
        compressed = gzip.compress(bytes(self.bits), mtime=0)
        return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, encoded_list: str) -> StatusList:
        if not isinstance(encoded_list, str) or not encoded_list.startswith("u"):
            raise InvalidInput("encodedList", "not a multibase base64url value (it must start with 'u')")
        try:
            compressed = base64.urlsafe_b64decode(encoded_list[1:] + "=" * (-len(encoded_list[1:]) % 4))
            inflater = zlib.decompressobj(wbits=31)
            bits = inflater.decompress(compressed, MAXIMUM_BYTES)
        except (ValueError, zlib.error) as error:
            raise InvalidInput("encodedList", f"not base64url-encoded GZIP data ({error})") from None
        if inflater.unconsumed_tail:
            raise InvalidInput("encodedList", f"the list inflates to more than {MAXIMUM_BYTES} bytes")
        if len(bits) * 8 < MINIMUM_ENTRIES:
            raise InvalidInput("encodedList", f"the list has fewer than {MINIMUM_ENTRIES} entries")
        return cls(bytearray(bits))


def random_free_index(
    size: int,
    is_taken: Callable[[int], bool],
    taken: Callable[[], Collection[int]],
    draw: Callable[[int], int] = secrets.randbelow,
) -> int:
    """An entry of a list of SIZE that no credential holds yet, chosen uniformly among the free ones.

    Drawing at random and retrying is quick while the list has room; should every draw land on a taken
    entry, one of the free ones is chosen from the full set of taken entries instead.
    """
    for _ in range(RANDOM_DRAWS):
        index = draw(size)
        if not is_taken(index):
            return index
    used = set(taken())
    free = [index for index in range(size) if index not in used]
    if not free:
        raise ValueError(f"the status list of {size} entries is full")
    return free[draw(len(free))]


def status_entry(list_credential_url: str, index: int, purpose: str = REVOCATION) -> dict[str, str]:
    """The `credentialStatus` of a credential that holds entry INDEX of the list at LIST_CREDENTIAL_URL."""
    if index < 0:
        raise InvalidInput("statusListIndex", "must not be negative")
    return {
        "id": f"{list_credential_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_credential_url,
    }


def status_list_credential(
    url: str, issuer: str, status_list: StatusList, valid_from: datetime, purpose: str = REVOCATION
) -> dict[str, Any]:
    """The unsigned BitstringStatusListCredential published at URL; sign it with the issuer's key."""
    return {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": status_list.encoded(),
        },
    }


def status_is_set(entry: Mapping[str, Any], list_credential: Mapping[str, Any]) -> bool:
    """Whether the bit ENTRY points at is set in LIST_CREDENTIAL (whose proof the caller has checked)."""
    if entry.get("type") != "BitstringStatusListEntry":
        raise InvalidInput("credentialStatus.type", f"{entry.get('type')!r} is not BitstringStatusListEntry")
    if list_credential.get("id") != entry.get("statusListCredential"):
        raise InvalidInput("credentialStatus", "the status list fetched is not the one the credential names")
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, Mapping) or subject.get("type") != "BitstringStatusList":
        raise InvalidInput("credentialSubject", "the status list credential holds no BitstringStatusList")
    purposes = subject.get("statusPurpose")
    if entry.get("statusPurpose") not in (purposes if isinstance(purposes, list) else [purposes]):
        raise InvalidInput("statusPurpose", "the credential and its status list are for different purposes")
    index = entry.get("statusListIndex")
    if not isinstance(index, str) or not index.isdigit():
        raise InvalidInput("statusListIndex", f"{index!r} is not a non-negative integer")
    return StatusList.decode(subject.get("encodedList", "")).get(int(index))
