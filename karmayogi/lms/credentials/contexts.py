"""The JSON-LD contexts a credential may use, bundled with the package: nothing is fetched at run time.

A signature covers the RDF a document expands to, so the contexts decide what is signed. Fetching them
would let whoever serves a context change what an old certificate says, and would make verification
depend on the network; a document naming any other context is refused.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from karmayogi.lms.errors import InvalidInput

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

FOLDER = Path(__file__).parent / "contexts"
BUNDLED: dict[str, str] = {
    CREDENTIALS_V2: "credentials-v2.jsonld",
    OPEN_BADGES_V3: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
    DID_V1: "did-v1.jsonld",
}


class ContextNotBundled(InvalidInput):
    """A document names a context that is not bundled, so what it means cannot be known offline."""

    def __init__(self, url: str) -> None:
        super().__init__(
            "@context", f"{url} is not a bundled JSON-LD context; nothing is fetched at run time"
        )
        self.url = url


@cache
def bundled_context(url: str) -> dict[str, Any]:
    """The parsed context document published at URL."""
    if url not in BUNDLED:
        raise ContextNotBundled(url)
    document: dict[str, Any] = json.loads((FOLDER / BUNDLED[url]).read_text(encoding="utf-8"))
    return document


def load_document(url: str, options: object = None) -> dict[str, Any]:
    """A pyld document loader that serves only the bundled contexts.

    The "static" tag lets pyld keep the processed context between calls: bundled contexts never change.
    """
    return {"contextUrl": None, "documentUrl": url, "document": bundled_context(url), "tag": "static"}
