"""Domain errors raised by lms services; `karmayogi.api.problems` maps each to one HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a caller can act on; the message is safe to show to them."""


class NotFound(DomainError):
    """The object does not exist, or it lies outside the caller's scope (the two are never told apart)."""

    def __init__(self, what: str, ident: object) -> None:
        super().__init__(f"{what} {ident} not found")


class InvalidInput(DomainError):
    """A field holds a value the service cannot accept."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class Conflict(DomainError):
    """The request clashes with existing state, such as a duplicate email."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field


class Unauthenticated(DomainError):
    """No credential, or one that is wrong, expired or revoked."""


class PermissionDenied(DomainError):
    """The caller holds no grant with the permission anywhere."""


class SchemaOutOfDate(DomainError):
    """The database is behind the code; the message names the command that fixes it."""


class ServiceUnavailable(DomainError):
    """Something the request needs outside the platform (a mail server) is missing or down."""


class TooManyAttempts(DomainError):
    """Sign-in is paused for an account or an address after repeated failures; it says for how long."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
