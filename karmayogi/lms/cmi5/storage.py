"""Where package content lives: behind `ContentStorage`, local disk by default, object storage later.

A package's files are written under a fresh key and the key is recorded only once all are written, so
an import that fails leaves no row pointing at half a package (the files left behind are cleaned up
here). Object storage (S3 and the like) fits the same calls: put a package, tell a file's size, read a
file or a byte range of it (a ranged GET), delete a package.
"""

from __future__ import annotations

import posixpath
import shutil
import uuid
from pathlib import Path
from typing import Protocol


class ContentStorage(Protocol):
    def put(self, files: dict[str, bytes]) -> str:
        """Store a package's files; answers the key to read them by."""

    def size(self, key: str, path: str) -> int | None:
        """One file's size in bytes, or None if there is no such file."""

    def read(self, key: str, path: str, start: int = 0, end: int | None = None) -> bytes | None:
        """One file of a package, or its bytes `start` to `end` inclusive; None if there is no such file."""

    def delete(self, key: str) -> None: ...


class LocalDiskStorage:
    """Packages as folders under `root` (`{data_dir}/content` by default), one per key."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, files: dict[str, bytes]) -> str:
        key = uuid.uuid4().hex
        folder = self.root / key
        try:
            for path, content in files.items():
                target = self._inside(folder, path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return key

    def size(self, key: str, path: str) -> int | None:
        target = self._file(key, path)
        return target.stat().st_size if target else None

    def read(self, key: str, path: str, start: int = 0, end: int | None = None) -> bytes | None:
        target = self._file(key, path)
        if target is None:
            return None
        with target.open("rb") as file:
            file.seek(start)
            return file.read() if end is None else file.read(end - start + 1)

    def _file(self, key: str, path: str) -> Path | None:
        if not key.isalnum():
            return None
        try:
            target = self._inside(self.root / key, path)
        except ValueError:
            return None
        return target if target.is_file() else None

    def delete(self, key: str) -> None:
        if key.isalnum():
            shutil.rmtree(self.root / key, ignore_errors=True)

    @staticmethod
    def _inside(folder: Path, path: str) -> Path:
        """The file's place, refusing any path that would leave the package's folder."""
        clean = posixpath.normpath("/" + path).lstrip("/")
        if not clean or clean.startswith("..") or "\x00" in clean:
            raise ValueError(f"{path!r} is not a path inside the package")
        return folder / clean


def storage_for(data_dir: Path) -> ContentStorage:
    """The deployment's content storage: local disk under the data directory (object storage would be
    chosen here, by a setting, when one is written)."""
    return LocalDiskStorage(data_dir / "content")
