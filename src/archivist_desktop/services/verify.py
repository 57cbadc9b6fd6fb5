"""Fixity and audit-chain verification (``archivist-desktop verify``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from archivist_desktop.services.archive import Archive
from archivist_desktop.store.audit import ChainBreak, walk_chain
from archivist_desktop.store.models import Page


@dataclass(frozen=True)
class VerifyReport:
    files_checked: int
    events_checked: int
    problem: str | None  # the first file or event that does not match

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify(archive: Archive, progress: Callable[[str, int], None] | None = None) -> VerifyReport:
    """Re-hash every page file and walk the audit chain; stop at the first mismatch."""
    files = 0
    with archive.read_session() as s:
        blobs = s.execute(select(Page.sha256, Page.media_type).distinct().order_by(Page.sha256)).all()
    for sha, media_type in blobs:
        actual = archive.files.rehash(sha, media_type)
        path = archive.files.path_for(sha, media_type)
        if actual is None:
            return VerifyReport(files, 0, f"page file missing: {path}")
        if actual != sha:
            return VerifyReport(files, 0, f"page file does not match its SHA-256: {path} (now {actual})")
        files += 1
        if progress and files % 1000 == 0:
            progress("files", files)
    events = 0
    with archive.read_session() as s:
        for step in walk_chain(s):
            if isinstance(step, ChainBreak):
                return VerifyReport(files, events, f"audit event #{step.seq} ({step.event_id}): {step.message}")
            events = step
            if progress:
                progress("events", events)
    return VerifyReport(files, events, None)
