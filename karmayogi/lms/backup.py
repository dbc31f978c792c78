"""Backup and restore of the whole platform: the database and the secret key that unlocks its issuer keys.

A backup is a directory (mode 700) holding `manifest.json` (backend, schema revision, row count of
every table, taken in the same snapshot as the copy), the copy itself (`database.dump` from pg_dump's
custom format on PostgreSQL, `database.sqlite3` from SQLite's online backup API), and `secret.key`
(mode 600). Without the secret key the issuer's signing keys in the copy cannot be decrypted, so a
backup without it would restore a platform that can no longer sign.

A restore goes into an empty database only, then counts every table against the manifest and checks
the evidence and decision chains; it never overwrites a database that holds anything.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine, make_url

import karmayogi
from karmayogi.lms import schema
from karmayogi.lms.config import ENV_PREFIX, Settings
from karmayogi.lms.db import Base, Database
from karmayogi.lms.decisions import store as decisions
from karmayogi.lms.errors import DomainError, SchemaOutOfDate
from karmayogi.lms.profiles.store import verify_chains

FORMAT = 1
MANIFEST, SECRET, PG_DUMP, SQLITE_COPY = "manifest.json", "secret.key", "database.dump", "database.sqlite3"


class BackupError(DomainError):
    """The backup or restore cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    backend: str
    revision: str | None
    rows: dict[str, int]
    mismatches: dict[str, tuple[int, int]]  # table: (in the manifest, after the restore)
    evidence_breaks: int
    decision_breaks: int
    secret_key: str  # where the key went: the data directory's file, or already in the environment

    @property
    def verified(self) -> bool:
        return not self.mismatches and not self.evidence_breaks and not self.decision_breaks


def _tables() -> list[str]:
    return sorted([*Base.metadata.tables, "alembic_version"])


def _counts(conn: Connection) -> dict[str, int]:
    present = set(inspect(conn).get_table_names())
    return {
        t: int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one())
        for t in _tables()
        if t in present
    }


def _revision(conn: Connection) -> str | None:
    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _pg_env(engine: Engine) -> dict[str, str]:
    """libpq's variables for the database, so that no password appears on a command line."""
    url = engine.url
    env = {**os.environ}
    for name, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[name] = str(value)
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools (Debian: postgresql-client)"
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return Path(database)


def _fresh_directory(dest: Path) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} already exists and is not an empty directory: name a new one")
    dest.mkdir(parents=True, exist_ok=True)
    dest.chmod(0o700)


def backup(settings: Settings, database: Database, dest: Path) -> dict[str, Any]:
    """Copy the database and the secret key into DEST, a new directory; answer the manifest."""
    _fresh_directory(dest)
    engine = database.engine
    try:
        if engine.dialect.name == "postgresql":
            dump = _tool("pg_dump")
            # The counts and the dump read one snapshot: the transaction that exports it stays open.
            with engine.connect() as conn:
                conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                rows, revision = _counts(conn), _revision(conn)
                command = [dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
                _run([*command, f"--file={dest / PG_DUMP}"], _pg_env(engine))
                conn.rollback()
        elif engine.dialect.name == "sqlite":
            source = sqlite3.connect(_sqlite_path(engine))
            copy = sqlite3.connect(dest / SQLITE_COPY)
            try:
                source.backup(copy)  # online: writers may go on while it copies
            finally:
                source.close()
                copy.close()
            copied = Database(f"sqlite:///{dest / SQLITE_COPY}")
            try:
                with copied.engine.connect() as conn:
                    rows, revision = _counts(conn), _revision(conn)
            finally:
                copied.dispose()
        else:
            raise BackupError(f"cannot back up a {engine.dialect.name} database")
        secret = dest / SECRET
        secret.write_text(settings.secret_key + "\n")
        secret.chmod(0o600)
        manifest = {
            "format": FORMAT,
            "karmayogi": karmayogi.__version__,
            "created_at": datetime.now(UTC).isoformat(),
            "backend": engine.dialect.name,
            "revision": revision,
            "public_url": settings.public_url,
            "rows": rows,
        }
        (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)  # nothing half-written is left to be mistaken for a backup
        raise
    return manifest


def read_manifest(src: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{src} is not a backup: it has no {MANIFEST}") from None
    except ValueError as exc:
        raise BackupError(f"{src / MANIFEST} is not valid JSON: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{src} is a backup of format {manifest.get('format')!r}; this version reads {FORMAT}"
        )
    if not (src / SECRET).is_file():
        raise BackupError(f"{src} lacks {SECRET}: the issuer keys in it could not be decrypted")
    return manifest


def _place_secret(src: Path, data_dir: Path) -> str:
    """Put the backup's secret key where the restored platform will read it, never over another one."""
    key = (src / SECRET).read_text().strip()
    from_env = os.environ.get(ENV_PREFIX + "SECRET_KEY")
    if from_env:
        if from_env != key:
            raise BackupError(
                f"{ENV_PREFIX}SECRET_KEY differs from the backup's secret key, which encrypts its issuer "
                f"keys: set it to the content of {src / SECRET}"
            )
        return "environment"
    target = data_dir / SECRET
    if target.exists():
        if target.read_text().strip() != key:
            raise BackupError(
                f"{target} holds another secret key: move it aside, or the restored issuer keys are "
                "unreadable"
            )
        return str(target)
    data_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(key)
    target.chmod(0o600)
    return str(target)


def _empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return not inspect(conn).get_table_names()


def restore(
    src: Path, database_url: str, data_dir: Path, progress: Callable[[str], None] | None = None
) -> Restored:
    """Restore the backup in SRC into the empty database at DATABASE_URL, then check what came back."""
    manifest = read_manifest(src)
    backend = make_url(database_url).get_backend_name()
    if backend != manifest["backend"]:
        raise BackupError(
            f"the backup is of a {manifest['backend']} database; {ENV_PREFIX}DATABASE_URL is {backend}"
        )
    target = Database(database_url)
    try:
        if not _empty(target.engine):
            raise BackupError("the target database is not empty: restore into a new, empty database")
        secret_key = _place_secret(src, data_dir)
        _say(progress, "restoring the database")
        if backend == "postgresql":
            command = [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
            ]
            database = target.engine.url.database or ""
            _run([*command, f"--dbname={database}", str(src / PG_DUMP)], _pg_env(target.engine))
        else:
            path = _sqlite_path(target.engine)
            target.dispose()
            source, copy = sqlite3.connect(src / SQLITE_COPY), sqlite3.connect(path)
            try:
                source.backup(copy)
            finally:
                source.close()
                copy.close()
        _say(progress, "counting rows")
        with target.engine.connect() as conn:
            rows, revision = _counts(conn), _revision(conn)
        mismatches = {
            table: (count, rows.get(table, 0))
            for table, count in manifest["rows"].items()
            if rows.get(table, 0) != count
        }
        try:
            schema.ensure_current(target.engine)
        except SchemaOutOfDate:
            raise BackupError(
                f"restored at schema {revision}, older than this version's: run `karmayogi db upgrade`, "
                "then `karmayogi profiles verify-chain`"
            ) from None
        _say(progress, "verifying the evidence and decision chains")
        with target.transaction() as session:
            evidence = sum(1 for _ in verify_chains(session))
            decision = sum(1 for _ in decisions.verify(session))
    finally:
        target.dispose()
    return Restored(backend, revision, rows, mismatches, evidence, decision, secret_key)


def _say(progress: Callable[[str], None] | None, step: str) -> None:
    if progress is not None:
        progress(step)
