"""Verifying a credential: the proof, who signed it, when it is valid, and whether it has been revoked.

Every check runs and each failure is reported as one line naming what failed ("proof: signature does
not match the document..."), so that a person holding a rejected certificate learns why. Anything
that needs the network is a function the caller passes in: `resolver` for DID documents other than
did:key (which resolves offline), `status_fetcher` for status list credentials. Without a status
fetcher the revocation check is skipped with a warning, never silently passed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from karmayogi.lms.credentials.contexts import CREDENTIALS_V2
from karmayogi.lms.credentials.key_pairs import did_key_document, public_key_from_multibase
from karmayogi.lms.credentials.proofs import ASSERTION, the_proof, verify_proof
from karmayogi.lms.credentials.status_list import REVOCATION, SUSPENSION, status_is_set
from karmayogi.lms.errors import InvalidInput

Resolver = Callable[[str], Mapping[str, Any]]
"""Returns the DID (or controller) document of a DID or URL; raises if it cannot."""
StatusFetcher = Callable[[str], Mapping[str, Any]]
"""Returns the status list credential published at a URL; raises if it cannot."""
_STATES = {REVOCATION: "revoked", SUSPENSION: "suspended"}


@dataclass
class VerificationResult:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        return {"verified": self.verified, "errors": self.errors}


@dataclass(frozen=True)
class VerificationMethod:
    id: str
    controller: str
    public_key: Ed25519PublicKey


def resolve_verification_method(
    method_id: str, resolver: Resolver | None = None, purpose: str = ASSERTION
) -> VerificationMethod:
    """The key METHOD_ID names, checked to be one its controller lists for PURPOSE."""
    controller = method_id.split("#", 1)[0]
    if controller.startswith("did:key:"):
        document: Mapping[str, Any] = did_key_document(controller)
    elif resolver is None:
        raise _key_error(f"{controller} cannot be resolved offline (only did:key can)")
    else:
        try:
            document = resolver(controller)
        except InvalidInput:
            raise
        except Exception as error:
            raise _key_error(f"{controller} could not be resolved: {error}") from None
    if document.get("id") != controller:
        raise _key_error(f"the document resolved for {controller} is about {document.get('id')}")

    def absolute(reference: Any) -> Any:
        relative = isinstance(reference, str) and reference.startswith("#")
        return controller + reference if relative else reference

    listed = document.get("verificationMethod", [])
    methods = {absolute(method.get("id")): method for method in listed if isinstance(method, dict)}
    allowed = set()
    for entry in document.get(purpose, []):
        if isinstance(entry, dict):
            methods.setdefault(absolute(entry.get("id")), entry)
            allowed.add(absolute(entry.get("id")))
        else:
            allowed.add(absolute(entry))
    method = methods.get(method_id)
    if method is None:
        raise _key_error(f"{method_id} is not listed by {controller} (withdrawn, or never its key)")
    if method_id not in allowed:
        raise _key_error(f"{controller} does not allow {method_id} for {purpose}")
    if method.get("controller") != controller:
        raise _key_error(f"{method_id} is controlled by {method.get('controller')}")
    if method.get("type") not in ("Multikey", "Ed25519VerificationKey2020"):
        raise _key_error(f"{method_id} is a {method.get('type')}, not an Ed25519 Multikey")
    public_key = public_key_from_multibase(method.get("publicKeyMultibase", ""))
    return VerificationMethod(method_id, controller, public_key)


def _key_error(reason: str) -> InvalidInput:
    return InvalidInput("issuer key", reason)


def _issuer_id(credential: Mapping[str, Any]) -> Any:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, Mapping) else issuer


def _moment(credential: Mapping[str, Any], name: str) -> datetime | None:
    value = credential.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput(name, f"{value!r} is not a date and time") from None
    if moment.tzinfo is None:
        raise InvalidInput(name, f"{value} has no time zone")
    return moment


def _check_shape(credential: Mapping[str, Any]) -> None:
    contexts = credential.get("@context")
    if not isinstance(contexts, list) or not contexts or contexts[0] != CREDENTIALS_V2:
        raise InvalidInput("@context", f"a VC 2.0 credential's first context must be {CREDENTIALS_V2}")
    types = credential.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        raise InvalidInput("type", "must be a list that includes VerifiableCredential")
    if not isinstance(_issuer_id(credential), str):
        raise InvalidInput("issuer", "missing, or without an id")
    if not isinstance(credential.get("credentialSubject"), dict | list):
        raise InvalidInput("credentialSubject", "missing")


def _check_proof(credential: Mapping[str, Any], resolver: Resolver | None) -> None:
    method = resolve_verification_method(the_proof(credential)["verificationMethod"], resolver)
    if method.controller != _issuer_id(credential):
        raise InvalidInput(
            "issuer", f"signed with a key of {method.controller}, not of the issuer {_issuer_id(credential)}"
        )
    verify_proof(credential, method.public_key)


def _check_validity(credential: Mapping[str, Any], now: datetime) -> None:
    valid_from, valid_until = _moment(credential, "validFrom"), _moment(credential, "validUntil")
    if valid_from is not None and now < valid_from:
        raise InvalidInput("validFrom", f"not valid before {credential['validFrom']}")
    if valid_until is not None and now > valid_until:
        raise InvalidInput("validUntil", f"expired on {credential['validUntil']}")


def _check_status(
    credential: Mapping[str, Any],
    result: VerificationResult,
    resolver: Resolver | None,
    status_fetcher: StatusFetcher | None,
    now: datetime,
) -> None:
    entries = credential.get("credentialStatus", [])
    for entry in entries if isinstance(entries, list) else [entries]:
        url = entry.get("statusListCredential") if isinstance(entry, Mapping) else None
        if not isinstance(url, str):
            result.errors.append("credentialStatus: an entry names no statusListCredential")
            continue
        if status_fetcher is None:
            result.warnings.append(f"status: not checked; the status list {url} was not given")
            continue
        try:
            list_credential = status_fetcher(url)
        except Exception as error:
            result.errors.append(f"status: the status list {url} could not be fetched: {error}")
            continue
        checked = verify(list_credential, resolver, None, now)
        if not checked.verified:
            result.errors.extend(f"status list: {error}" for error in checked.errors)
        elif _issuer_id(list_credential) != _issuer_id(credential):
            result.errors.append(f"status list: {url} is not issued by the credential's issuer")
        else:
            try:
                if status_is_set(entry, list_credential):
                    state = _STATES.get(entry["statusPurpose"], f"flagged for {entry['statusPurpose']}")
                    result.errors.append(f"status: the credential has been {state}")
            except InvalidInput as error:
                result.errors.append(f"status: {error}")


def verify(
    credential: Mapping[str, Any],
    resolver: Resolver | None = None,
    status_fetcher: StatusFetcher | None = None,
    now: datetime | None = None,
) -> VerificationResult:
    """Checks CREDENTIAL and reports every failure; `verified` is true only when none was found."""
    result = VerificationResult()
    if not isinstance(credential, Mapping):
        result.errors.append("credential: not a JSON object")
        return result
    moment = now or datetime.now(UTC)
    for check in (_check_shape, lambda c: _check_proof(c, resolver), lambda c: _check_validity(c, moment)):
        try:
            check(credential)
        except InvalidInput as error:
            result.errors.append(str(error))
        except Exception as error:  # a verifier reads untrusted input: report, never crash
            result.errors.append(f"credential: cannot be read ({error.__class__.__name__}: {error})")
    _check_status(credential, result, resolver, status_fetcher, moment)
    return result
