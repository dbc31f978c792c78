"""Verifiable credentials: Open Badges 3.0 certificates signed with Data Integrity proofs (eddsa-rdfc-2022).

Pure functions over JSON documents and keys: `badges`, `canonical`, `contexts`, `key_pairs`, `proofs`,
`status_list`, `verification` and `certificates`. On the database: `issuer_keys` (the platform's keys,
encrypted at rest), `issuing` (issue, revoke, the status lists), `platform_verifier` (verifying against
the platform's own keys and lists) and `levels` (competency-level credentials that follow the passbook).
"""
