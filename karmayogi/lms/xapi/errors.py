"""The record store's refusals are domain errors like any other, mapped to HTTP in `karmayogi.api.problems`.

The xAPI answers every bad request with 400, where the rest of the API answers a body it cannot accept
with 422: so the xAPI's bad requests have their own base class and their own line in that one table.
"""

from __future__ import annotations

from karmayogi.lms.errors import DomainError


class XapiBadRequest(DomainError, ValueError):
    """A request the xAPI refuses with 400; the message names what is wrong, and nothing is stored."""
