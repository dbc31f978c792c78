"""Sign and verify throughput of Open Badges 3.0 credentials (eddsa-rdfc-2022) on one core.

    python benchmarks/credentials.py
    python benchmarks/credentials.py --seconds 10

The credential is a course completion aligned to one FRAC competency, with a status list entry, as
`karmayogi.lms.credentials.badges` issues it. Three ways of canonicalising are timed: plain pyld (its
`normalize` with URDNA2015 and a static loader of the bundled contexts, as one would write it first),
pyld told that the contexts are static (its own cache of remote contexts), and this project's
canonicaliser (processed contexts kept for the process, RDFC-1.0 on pyld's RDF). Signing is hashing both
canonical forms plus one Ed25519 signature; verifying is the same canonicalisation plus one Ed25519
check; "verify_credential" is the whole `verify()` (shape, did:key resolution, proof, dates). One
process, timed in CPU seconds (time.process_time), so the figures are per core even on a busy machine.
Printed and written to benchmarks/results/assessment.json, under "credentials".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyld import jsonld

sys.path.insert(0, str(Path(__file__).parent))
from machine import machine

from karmayogi.frac.model import DEFAULT_SCALE, Competency, CompetencyType
from karmayogi.lms.credentials import badges, status_list
from karmayogi.lms.credentials.contexts import bundled_context
from karmayogi.lms.credentials.key_pairs import Ed25519Key, SigningKey, base58btc, from_base58btc
from karmayogi.lms.credentials.proofs import hash_data, sign, verify_proof
from karmayogi.lms.credentials.verification import verify

RESULTS = Path(__file__).parent / "results" / "assessment.json"
ISSUED_AT = datetime(2026, 1, 5, 10, 30, tzinfo=UTC)


def completion_credential(signer: SigningKey) -> dict[str, Any]:
    competency = Competency(uuid.UUID(int=7), "Noting and drafting", CompetencyType.FUNCTIONAL)
    target = badges.CompetencyAtLevel(
        competency, DEFAULT_SCALE.levels[2], "https://igot.example.gov.in/frac/competencies/7", "FRAC"
    )
    return badges.completion_credential(
        credential_id=uuid.UUID(int=1),
        issuer=badges.IssuerProfile(signer.controller, "Capacity Building Commission"),
        recipient=badges.Recipient(uuid.UUID(int=42).urn, "Asha Rao"),
        course_url="https://igot.example.gov.in/courses/office-procedure-101",
        course_name="Office procedure and e-Office",
        course_description="Noting, drafting and file movement in e-Office.",
        completed_at=ISSUED_AT,
        issued_at=ISSUED_AT,
        competencies=[target],
        status=status_list.status_entry("https://igot.example.gov.in/credentials/status/1", 7),
    )


def pyld_hash_data(tagged: bool) -> Callable[[dict[str, Any], dict[str, Any]], bytes]:
    """The hashes eddsa-rdfc-2022 signs, canonicalised by pyld's own `normalize`."""

    def loader(url: str, options: object = None) -> dict[str, Any]:
        document = {"contextUrl": None, "documentUrl": url, "document": bundled_context(url)}
        return {**document, "tag": "static"} if tagged else document

    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader}

    def hashes(document: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
        return (
            hashlib.sha256(jsonld.normalize(proof_options, options).encode()).digest()
            + hashlib.sha256(jsonld.normalize(document, options).encode()).digest()
        )

    return hashes


def per_second(work: Callable[[], object], seconds: float) -> float:
    """Calls of WORK per CPU second of this process."""
    work()  # the first call loads and processes the contexts
    done, started = 0, time.process_time()
    while (elapsed := time.process_time() - started) < seconds:
        work()
        done += 1
    return round(done / elapsed, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time spent on each figure")
    args = parser.parse_args()

    signer = SigningKey.for_did_key(Ed25519Key.from_seed(bytes(range(32))))
    unsigned = completion_credential(signer)
    signed = sign(unsigned, signer.key, signer.verification_method, ISSUED_AT)
    proof = {name: value for name, value in signed["proof"].items() if name != "proofValue"}
    options = {"@context": signed["@context"], **proof}
    signature = from_base58btc(signed["proof"]["proofValue"], "proofValue")
    public_key = signer.key.public_key

    ways = {
        "pyld_plain": pyld_hash_data(tagged=False),
        "pyld_static_contexts": pyld_hash_data(tagged=True),
        "karmayogi": hash_data,
    }
    for name, hashes in ways.items():
        if hashes(unsigned, options) != hash_data(unsigned, options):
            raise SystemExit(f"{name} canonicalises differently from karmayogi")

    figures: dict[str, dict[str, float]] = {}
    for name, hashes in ways.items():
        figures[name] = {
            "sign_per_second": per_second(
                lambda h=hashes: base58btc(signer.key.sign(h(unsigned, options))), args.seconds
            ),
            "verify_per_second": per_second(
                lambda h=hashes: public_key.verify(signature, h(unsigned, options)), args.seconds
            ),
        }
        print(f"{name}: {json.dumps(figures[name])}", flush=True)
    figures["karmayogi"]["sign_credential_per_second"] = per_second(
        lambda: badges.issue(unsigned, signer, ISSUED_AT), args.seconds
    )
    figures["karmayogi"]["verify_proof_per_second"] = per_second(
        lambda: verify_proof(signed, public_key), args.seconds
    )
    figures["karmayogi"]["verify_credential_per_second"] = per_second(lambda: verify(signed), args.seconds)
    print(f"karmayogi, whole calls: {json.dumps(figures['karmayogi'])}", flush=True)
    speedup = {
        what: round(figures["karmayogi"][what] / figures["pyld_plain"][what], 2)
        for what in ("sign_per_second", "verify_per_second")
    }
    print(f"speed-up over plain pyld: {json.dumps(speedup)}")

    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["credentials"] = {
        "benchmark": "Open Badges 3.0 credential sign and verify (eddsa-rdfc-2022), one core",
        "command": f"python benchmarks/credentials.py --seconds {args.seconds:g}",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "credential_bytes": len(json.dumps(signed)),
        "per_core": figures,
        "speedup_over_plain_pyld": speedup,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
