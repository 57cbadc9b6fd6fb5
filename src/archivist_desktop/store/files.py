"""Content-addressed page files: ``pages/ab/cd/<sha256>.<ext>``, written once, never modified.

Two roots, and the root is the file's origin:

* ``pages/`` holds the files of pages captured (or attached) on this station.  They are never
  evicted.
* ``page_cache/`` (same layout) holds *fetched copies*: the bytes of pages captured elsewhere,
  downloaded from the central database when someone needed them
  (:mod:`archivist_desktop.services.page_bytes`).  Their modification time is their last use; the
  least recently used are evicted beyond the ``page_cache_mb`` setting (:meth:`PageFiles.evict_fetched`).

Readers (:meth:`PageFiles.read`, :meth:`PageFiles.path_for`, :meth:`PageFiles.rehash`) see both
roots, so verification, export and the sync push treat a fetched copy like any other page file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from archivist_desktop.errors import StorageError, as_storage_error

_EXT = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tif",
    # born-digital documents and recordings (imaging/materials.py), stored byte-identical
    "application/pdf": ".pdf",
    "application/ofd": ".ofd",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "audio/mp4": ".m4a",
    "audio/mpeg": ".mp3",
    "audio/wav": ".wav",
}
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

    def __init__(self, root: Path, cache_root: Path | None = None):
        self.root = root
        self.cache_root = cache_root if cache_root is not None else root.parent / "page_cache"

    @staticmethod
    def _relative(sha256: str, media_type: str) -> Path:
        return Path(sha256[:2], sha256[2:4], f"{sha256}{_EXT.get(media_type, '.bin')}")

    def local_path(self, sha256: str, media_type: str = "image/jpeg") -> Path:
        """Where a page captured on this station keeps its file."""
        return self.root / self._relative(sha256, media_type)

    def cached_path(self, sha256: str, media_type: str = "image/jpeg") -> Path:
        """Where a fetched copy of a page captured elsewhere is kept."""
        return self.cache_root / self._relative(sha256, media_type)

    def path_for(self, sha256: str, media_type: str = "image/jpeg") -> Path:
        """The file holding these bytes: this station's own, else a fetched copy, else (neither) the own path."""
        local = self.local_path(sha256, media_type)
        if local.exists():
            return local
        cached = self.cached_path(sha256, media_type)
        return cached if cached.exists() else local

    def is_fetched(self, sha256: str, media_type: str = "image/jpeg") -> bool:
        """Whether the only copy here is a fetched one (evictable)."""
        return not self.local_path(sha256, media_type).exists() and self.cached_path(sha256, media_type).exists()

    def put(self, data: bytes, media_type: str = "image/jpeg") -> StoredFile:
        """Store ``data`` atomically (temp file, fsync, rename, fsync dir); a second put of the same bytes is free."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.local_path(sha, media_type)
        stored = StoredFile(sha, sm3_hex(data), len(data), target)
        if target.exists() and target.stat().st_size == len(data):
            return stored
        _write_atomic(target, data)
        return stored

    def put_fetched(self, sha256: str, data: bytes, media_type: str = "image/jpeg") -> Path:
        """Keep a verified copy of a page fetched from the central database (replacing a damaged one)."""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError(f"bytes do not match {sha256[:12]}…")
        target = self.cached_path(sha256, media_type)
        _write_atomic(target, data)
        return target

    def read(self, sha256: str, media_type: str = "image/jpeg") -> bytes:
        """The stored bytes (own file, else fetched copy: its use is recorded); ``FileNotFoundError`` when neither."""
        try:
            return self.local_path(sha256, media_type).read_bytes()
        except FileNotFoundError:
            pass
        cached = self.cached_path(sha256, media_type)
        data = cached.read_bytes()
        try:
            os.utime(cached)  # the modification time of a fetched copy is its last use (LRU)
        except OSError:
            pass
        return data

    def fetched(self) -> list[tuple[float, int, Path]]:
        """(last use, size, path) of every fetched copy, least recently used first."""
        out = []
        for path in self.cache_root.glob("*/*/*"):
            if path.name.startswith(".tmp-"):
                continue
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            out.append((st.st_mtime, st.st_size, path))
        out.sort()
        return out

    def evict_fetched(self, limit_bytes: int, keep: Collection[str] = ()) -> list[str]:
        """Delete the least recently used fetched copies until they total at most ``limit_bytes``.

        Never touches this station's own files (``pages/``); copies whose SHA-256 is in ``keep``
        stay.  Returns the SHA-256 of each copy deleted.
        """
        copies = self.fetched()
        total = sum(size for _t, size, _p in copies)
        evicted = []
        for _mtime, size, path in copies:
            if total <= limit_bytes:
                break
            sha = path.name.split(".", 1)[0]
            if sha in keep:
                continue
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                continue
            total -= size
            evicted.append(sha)
        return evicted

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


def _write_atomic(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    except OSError as exc:
        storage = as_storage_error(exc)
        if storage is None:
            raise
        raise storage from exc
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
        storage = as_storage_error(exc)
        if storage is None:
            raise
        raise storage from exc
    _fsync_dir(target.parent)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
