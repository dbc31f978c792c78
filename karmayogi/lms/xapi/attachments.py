"""Attachments: multipart/mixed in and out, SHA-2 checks, and signed statements (JWS).

A statement's attachment either points to its content (`fileUrl`) or travels in the same request
as a part of a multipart/mixed body, found by its SHA-2 hash. A signature attachment is a JWS
(RS256, RS384 or RS512) whose payload must be the statement as it was before it was signed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from karmayogi.lms import jsontext
from karmayogi.lms.orm import XapiAttachment
from karmayogi.lms.xapi.errors import XapiBadRequest

SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512")
_HASHES = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


class AttachmentError(XapiBadRequest):
    """The attachments and the parts sent with them do not agree; nothing is stored."""


@dataclass(frozen=True)
class Part:
    content_type: str
    content: bytes


def boundary_of(content_type: str) -> str:
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise AttachmentError("a multipart/mixed body needs a boundary parameter in its Content-Type")
    return match.group(1)


def parse_multipart(body: bytes, content_type: str) -> tuple[Any, dict[str, Part]]:
    """The statement JSON of the first part, and the other parts by their X-Experience-API-Hash."""
    delimiter = b"--" + boundary_of(content_type).encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3:
        raise AttachmentError("the multipart body has no parts")
    parts = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break  # the closing delimiter
        head, sep, content = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            raise AttachmentError("a part of the multipart body has no blank line after its headers")
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            name, colon, value = line.partition(":")
            if colon:
                headers[name.strip().lower()] = value.strip()
        parts.append((headers, content.removesuffix(b"\r\n")))
    if not parts:
        raise AttachmentError("the multipart body has no parts")
    first_headers, first = parts[0]
    if not first_headers.get("content-type", "").startswith("application/json"):
        raise AttachmentError(
            "the first part of a multipart body must be the statements, as application/json"
        )
    try:
        statements = jsontext.parse(first)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise AttachmentError(f"the first part is not valid JSON: {exc}") from None
    by_hash: dict[str, Part] = {}
    for headers, content in parts[1:]:
        sha2 = headers.get("x-experience-api-hash")
        if not sha2:
            raise AttachmentError("every attachment part needs an X-Experience-API-Hash header")
        if headers.get("content-transfer-encoding", "").lower() != "binary":
            raise AttachmentError("every attachment part needs Content-Transfer-Encoding: binary")
        digest = _HASHES.get(len(sha2))
        if digest is None or digest(content).hexdigest() != sha2.lower():
            raise AttachmentError(f"the part with X-Experience-API-Hash {sha2} does not have that hash")
        by_hash[sha2.lower()] = Part(headers.get("content-type", "application/octet-stream"), content)
    return statements, by_hash


def check(statements: list[dict[str, Any]], parts: dict[str, Part]) -> dict[str, Part]:
    """Match attachments to parts and verify signatures; returns the parts to store."""
    wanted: set[str] = set()
    for index, statement in enumerate(statements):
        for attachment in statement.get("attachments", []):
            sha2 = attachment["sha2"].lower()
            if attachment.get("usageType") == SIGNATURE:
                _check_signature(statement, attachment, parts.get(sha2), index)
            if sha2 in parts:
                wanted.add(sha2)
            elif "fileUrl" not in attachment:
                raise AttachmentError(
                    f"statements[{index}]: no part was sent for the attachment with sha2 {sha2}"
                )
    unused = set(parts) - wanted
    if unused:
        raise AttachmentError(f"parts were sent that no attachment names: {', '.join(sorted(unused))}")
    return {sha2: parts[sha2] for sha2 in wanted}


def _check_signature(
    statement: dict[str, Any], attachment: dict[str, Any], part: Part | None, index: int
) -> None:
    where = f"statements[{index}] signature"
    if attachment.get("contentType") != "application/octet-stream":
        raise AttachmentError(f"{where}: a signature's contentType must be application/octet-stream")
    if part is None:
        raise AttachmentError(f"{where}: the JWS was not sent as a part")
    try:
        header_b64, payload_b64, _signature = part.content.decode("ascii").strip().split(".")
        header = json.loads(_b64decode(header_b64))
        payload = json.loads(_b64decode(payload_b64))
    except (ValueError, UnicodeDecodeError):
        raise AttachmentError(f"{where}: not a JWS in compact serialisation with a JSON payload") from None
    if header.get("alg") not in SIGNING_ALGORITHMS:
        raise AttachmentError(f"{where}: the algorithm must be one of {', '.join(SIGNING_ALGORITHMS)}")
    signed = {k: v for k, v in statement.items() if k != "attachments"}
    if _comparable(payload) != _comparable(signed):
        raise AttachmentError(f"{where}: the JWS payload is not the statement that carries it")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _comparable(value: Any) -> Any:
    """Statements compared as xAPI says: UUIDs ignore case, durations count to a hundredth of a second."""
    if isinstance(value, dict):
        return {key: _normal(key, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value


def _normal(key: str, value: Any) -> Any:
    if key == "duration" and isinstance(value, str):
        return re.sub(r"(\d+)\.(\d{1,2})\d*S", r"\1.\2S", value)
    if key in ("id", "registration") and isinstance(value, str) and _is_uuid(value):
        return value.lower()
    return _comparable(value)


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def store(session: Session, organisation_id: uuid.UUID, parts: dict[str, Part]) -> None:
    if not parts:
        return
    known = set(
        session.scalars(
            select(XapiAttachment.sha2).where(
                XapiAttachment.organisation_id == organisation_id, XapiAttachment.sha2.in_(list(parts))
            )
        )
    )
    session.add_all(
        XapiAttachment(
            organisation_id=organisation_id, sha2=sha2, content_type=p.content_type, content=p.content
        )
        for sha2, p in parts.items()
        if sha2 not in known
    )
    session.flush()


def for_statements(
    session: Session, organisation_id: uuid.UUID, statements: list[dict[str, Any]]
) -> dict[str, Part]:
    hashes = {a["sha2"].lower() for s in statements for a in s.get("attachments", []) if "sha2" in a}
    if not hashes:
        return {}
    rows = session.scalars(
        select(XapiAttachment).where(
            XapiAttachment.organisation_id == organisation_id, XapiAttachment.sha2.in_(hashes)
        )
    )
    return {row.sha2: Part(row.content_type, row.content) for row in rows}


def multipart(document: Any, parts: dict[str, Part]) -> tuple[bytes, str]:
    """A multipart/mixed body: the JSON document, then each attachment part; returns (body, content type)."""
    boundary = uuid.uuid4().hex
    chunks = [
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode()
        + json.dumps(document).encode()
        + b"\r\n"
    ]
    for sha2, part in parts.items():
        head = (
            f"--{boundary}\r\nContent-Type: {part.content_type}\r\nContent-Transfer-Encoding: binary\r\n"
            f"X-Experience-API-Hash: {sha2}\r\n\r\n"
        )
        chunks.append(head.encode() + part.content + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/mixed; boundary={boundary}"
