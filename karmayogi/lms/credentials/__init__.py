"""Verifiable credentials: Open Badges 3.0 certificates signed with Data Integrity proofs (eddsa-rdfc-2022).

Pure functions over JSON documents and keys; persistence of keys and status lists lives elsewhere in `lms`.
"""
