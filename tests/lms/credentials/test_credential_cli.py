"""`karmayogi credentials verify FILE`: one JSON object on stdout, exit status 0 only when verified."""

import json

from typer.testing import CliRunner

from karmayogi.api.cli import app

runner = CliRunner()


def run(*arguments):
    result = runner.invoke(app, ["credentials", "verify", *map(str, arguments)])
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_a_good_credential_verifies_offline_with_a_warning_that_status_was_not_checked(tmp_path, completion):
    path = tmp_path / "certificate.json"
    path.write_text(json.dumps(completion))
    code, printed, warnings = run(path)
    assert (code, printed) == (0, {"verified": True, "errors": []})
    assert "status: not checked" in warnings


def test_a_tampered_credential_fails_and_says_why(tmp_path, completion):
    completion["credentialSubject"]["achievement"]["name"] = "Advanced drafting"
    path = tmp_path / "certificate.json"
    path.write_text(json.dumps(completion))
    code, printed, _ = run(path)
    assert code == 1 and printed["verified"] is False
    assert printed["errors"][0].startswith("proof: signature does not match the document")


def test_revocation_is_checked_against_a_status_list_file(tmp_path, completion, publish_status_list):
    credential, status = tmp_path / "certificate.json", tmp_path / "status.json"
    credential.write_text(json.dumps(completion))
    status.write_text(json.dumps(publish_status_list(7)))
    code, printed, warnings = run(credential, "--status-list", status)
    assert (code, printed) == (1, {"verified": False, "errors": ["status: the credential has been revoked"]})
    assert warnings == ""


def test_a_file_that_is_not_json_is_reported_the_same_way(tmp_path):
    path = tmp_path / "certificate.json"
    path.write_text("not json")
    code, printed, _ = run(path)
    assert code == 1 and printed["verified"] is False
    assert printed["errors"][0].startswith(f"file: {path}: Expecting value")
