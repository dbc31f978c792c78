"""What Karmayogi signs verifies in an independent implementation: Digital Bazaar's `@digitalbazaar/vc`
with the `eddsa-rdfc-2022` cryptosuite (Node.js, installed by `make setup` into node/node_modules).

The same run checks that our RDFC-1.0 canonical form is rdf-canonize's on random graphs (including the
cases where pyld differs: control characters, blank nodes pointing at themselves, and graphs too tangled
to canonicalise), and that the bundled W3C contexts are the ones published on npm.
"""

import copy
import json
import random
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from karmayogi.lms.credentials import badges, contexts
from karmayogi.lms.credentials.canonical import TooComplex, canonical_nquads

NODE = Path(__file__).parent / "node"
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")


def run_digital_bazaar(tmp_path, **request):
    if not (NODE / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        if shutil.which("npm") is None:
            pytest.skip("Node.js is installed without npm, so the verifier's packages are not")
        pytest.fail(
            "the verifier's packages are missing: run `make setup` (npm ci in tests/lms/credentials/node)"
        )
    request["contexts"] = {url: str(contexts.FOLDER / name) for url, name in contexts.BUNDLED.items()}
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request))
    done = subprocess.run(
        ["node", str(NODE / "verify.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def random_graph(rng):
    names = [f"_:n{i}" for i in range(rng.randint(1, 6))] + ["http://example.org/s"]
    nodes = [{"@id": name} for name in names]
    for node in nodes:
        for _ in range(rng.randint(0, 3)):
            predicate = f"http://example.org/p{rng.randint(0, 2)}"
            value = rng.choice(
                [
                    {"@id": rng.choice(names)},
                    rng.choice(["plain", "tab\there", "bell\x07", "del\x7f", "ff\x0c", "𝄞"]),
                ]
            )
            node.setdefault(predicate, []).append(value)
    return {"@graph": nodes}


def test_digital_bazaar_verifies_our_credentials_and_rejects_altered_ones(
    tmp_path,
    signer,
    issuer,
    recipient,
    noting_and_drafting,
    issued_at,
    completion,
    competency_level,
    publish_status_list,
):
    odd_name = badges.completion_credential(
        credential_id=uuid.UUID(int=3),
        issuer=issuer,
        recipient=badges.Recipient(recipient.id, "Asha\x0c Rao\x7f «ଓଡ଼ିଆ» 𝄞"),
        course_url="https://igot.example.gov.in/courses/odd",
        course_name='A "quoted" \\ course\ttitle\nover two lines',
        course_description="",
        completed_at=issued_at,
        issued_at=issued_at,
        competencies=[noting_and_drafting],
    )
    tampered = copy.deepcopy(competency_level)
    tampered["credentialSubject"]["result"][0]["achievedLevel"] = tampered["credentialSubject"][
        "achievement"
    ]["resultDescription"][0]["rubricCriterionLevel"][4]["id"]
    status = publish_status_list(8)
    answer = run_digital_bazaar(
        tmp_path,
        credentials=[completion, badges.issue(odd_name, signer, issued_at), competency_level, tampered],
        statusLists={status["id"]: status},
    )
    assert answer["contextMismatches"] == []
    good, odd, revoked, altered = answer["results"]
    assert good == {"verified": True, "errors": []}
    assert odd == {"verified": True, "errors": []}
    assert revoked["verified"] is False and "credential is revocation" in " ".join(revoked["errors"])
    assert altered == {"verified": False, "errors": ["Invalid signature."]}


def test_our_canonical_form_is_rdf_canonizes(tmp_path):
    rng = random.Random(2026)
    documents = [random_graph(rng) for _ in range(300)]
    names = [f"_:r{i}" for i in range(3)]
    documents.append(
        {
            "@graph": [
                {"@id": a, "http://example.org/next": {"@id": b}}
                for a, b in zip(names, names[1:] + names[:1], strict=True)
            ]
        }
    )
    theirs = run_digital_bazaar(tmp_path, canonicalise=documents)["canonical"]
    refused = 0
    for document, their_form in zip(documents, theirs, strict=True):
        try:
            assert canonical_nquads(document) == their_form
        except TooComplex:
            refused += 1
            assert "Maximum deep iterations exceeded" in their_form["error"]
    assert 0 < refused < len(documents) / 4
