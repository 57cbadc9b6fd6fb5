"""Page files in the central database, behind an interface that object storage can implement too."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from archivist_desktop.errors import RefusedByCentral
from archivist_desktop.sync.schema import blobs


class BlobRejected(RefusedByCentral):
    """The central store refused a blob because its bytes do not match its SHA-256."""


class BlobStore(Protocol):
    def missing(self, shas: Iterable[str]) -> set[str]: ...
    def put(self, sha256: str, data: bytes) -> None: ...
    def get(self, sha256: str) -> bytes | None: ...


class SqlBlobStore:
    """Blobs in the ``blobs`` table.  PostgreSQL checks each hash itself (a CHECK constraint);
    on SQLite the store checks it before writing."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._checks_in_database = engine.dialect.name == "postgresql"

    def missing(self, shas: Iterable[str]) -> set[str]:
        wanted = set(shas)
        found: set[str] = set()
        ordered = sorted(wanted)
        with self.engine.connect() as conn:
            for i in range(0, len(ordered), 500):
                chunk = ordered[i : i + 500]
                found.update(conn.execute(select(blobs.c.sha256).where(blobs.c.sha256.in_(chunk))).scalars())
        return wanted - found

    def put(self, sha256: str, data: bytes) -> None:
        if not self._checks_in_database and hashlib.sha256(data).hexdigest() != sha256:
            raise BlobRejected(f"blob {sha256[:12]}…: bytes do not match the hash")
        from archivist_desktop.sync.upsert import insert_for

        stmt = insert_for(self.engine)(blobs).values(sha256=sha256, size=len(data), data=data).on_conflict_do_nothing()
        try:
            with self.engine.begin() as conn:
                conn.execute(stmt)
        except IntegrityError as exc:
            raise BlobRejected(
                f"blob {sha256[:12]}…: the central database refused it (bytes do not match the hash)"
            ) from exc

    def put_many(self, items: list[tuple[str, bytes]]) -> dict[str, str]:
        """Store several blobs in one transaction (one commit, one flush of the log, for all of them).

        Returns the refused ones, ``{sha256: reason}``: when the centre refuses any, the others are
        stored one by one, so that a bad blob never holds good ones back.
        """
        from archivist_desktop.sync.upsert import insert_for

        if not self._checks_in_database or len(items) < 2:
            return self._put_each(items)
        stmt = insert_for(self.engine)(blobs).on_conflict_do_nothing()
        try:
            with self.engine.begin() as conn:
                for sha256, data in items:
                    conn.execute(stmt, {"sha256": sha256, "size": len(data), "data": data})
        except IntegrityError:
            return self._put_each(items)
        return {}

    def _put_each(self, items: list[tuple[str, bytes]]) -> dict[str, str]:
        refused: dict[str, str] = {}
        for sha256, data in items:
            try:
                self.put(sha256, data)
            except BlobRejected as exc:
                refused[sha256] = str(exc)
        return refused

    def get(self, sha256: str) -> bytes | None:
        with self.engine.connect() as conn:
            return conn.execute(select(blobs.c.data).where(blobs.c.sha256 == sha256)).scalar_one_or_none()

    def first_mismatch(self) -> str | None:
        """The first stored blob whose bytes no longer match its hash, or ``None``."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(blobs.c.sha256, blobs.c.data).where(blobs.c.sha256 > last).order_by(blobs.c.sha256).limit(50)
                ).all()
            if not rows:
                return None
            for sha, data in rows:
                if hashlib.sha256(data).hexdigest() != sha:
                    return sha
                last = sha
