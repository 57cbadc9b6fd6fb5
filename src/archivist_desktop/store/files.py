"""Content-addressed page files: ``pages/ab/cd/<sha256>.<ext>``, written once, never modified."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archivist_desktop.errors import StorageError

_EXT = {"image/jpeg": ".jpg", "image/png": ".png", "image/tiff": ".tif"}
_CHUNK = 1 << 20


def sm3_available() -> bool:
    return "sm3" in hashlib.algorithms_available


def sm3_hex(data: bytes) -> str | None:
    """SM3 (GB/T 32905) digest where the platform's OpenSSL offers it, else ``None``."""
    if not sm3_available():
        return None
    try:
        return hashlib.new("sm3", data).hexdigest()
    except ValueError:
        return None


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    sm3: str | None
    size: int
    path: Path


class StorageFullError(StorageError):
    """The disk is full: nothing was written."""


class PageFiles:
    """Write-once page files keyed by SHA-256."""

    def __init__(self, root: Path):
        self.root = root

    def path_for(self, sha256: str, media_type: str = "image/jpeg") -> Path:
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}{_EXT.get(media_type, '.bin')}"

    def put(self, data: bytes, media_type: str = "image/jpeg") -> StoredFile:
        """Store ``data`` atomically (temp file, fsync, rename, fsync dir); a second put of the same bytes is free."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha, media_type)
        stored = StoredFile(sha, sm3_hex(data), len(data), target)
        if target.exists() and target.stat().st_size == len(data):
            return stored
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            if exc.errno == 28:  # ENOSPC
                raise StorageFullError(exc.errno, "the disk is full; the page was not saved") from exc
            raise
        _fsync_dir(target.parent)
        return stored

    def read(self, sha256: str, media_type: str = "image/jpeg") -> bytes:
        return self.path_for(sha256, media_type).read_bytes()

    def rehash(self, sha256: str, media_type: str = "image/jpeg") -> str | None:
        """SHA-256 of the stored file as it is on disk now, or ``None`` when it is missing."""
        path = self.path_for(sha256, media_type)
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as fh:
                while chunk := fh.read(_CHUNK):
                    digest.update(chunk)
        except FileNotFoundError:
            return None
        return digest.hexdigest()


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
