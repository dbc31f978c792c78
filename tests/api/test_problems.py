"""Every domain error the code defines has its HTTP status in api/problems.py's one table."""

import importlib
import pkgutil

import pytest

import karmayogi
from karmayogi.api.problems import STATUS, status_of
from karmayogi.lms.errors import DomainError, InvalidInput, NotFound
from karmayogi.lms.xapi.documents import DocumentNotFound, NotMergeable, PreconditionFailed
from karmayogi.lms.xapi.statements import StatementConflict, StatementRejected
from karmayogi.lms.xapi.validation import StatementError


def _every_domain_error() -> set[type[DomainError]]:
    for module in pkgutil.walk_packages(karmayogi.__path__, "karmayogi."):
        if ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, waiting = set(), [DomainError]
    while waiting:
        for kind in waiting.pop().__subclasses__():
            found.add(kind)
            waiting.append(kind)
    return found


def test_every_domain_error_has_a_status():
    kinds = _every_domain_error()
    assert StatementError in kinds and DocumentNotFound in kinds
    unmapped = sorted(k.__qualname__ for k in kinds if not any(base in STATUS for base in k.__mro__))
    assert unmapped == []


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (InvalidInput("email", "is taken"), 422),
        (NotFound("course", 1), 404),
        (StatementError("actor", "must be an Agent"), 400),
        (StatementRejected("a voiding statement cannot itself be voided"), 400),
        (StatementConflict("statement id 1 already holds a different statement"), 409),
        (DocumentNotFound("no state document 'x' here"), 404),
        (PreconditionFailed("the document still has that ETag"), 412),
        (NotMergeable("the document is JSON but not an object"), 400),
    ],
)
def test_an_error_takes_the_status_of_its_nearest_listed_class(error, status):
    assert status_of(error) == status
