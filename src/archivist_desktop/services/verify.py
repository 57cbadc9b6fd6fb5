"""Fixity and audit-chain verification (``archivist-desktop verify``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from archivist_desktop.services.archive import Archive
from archivist_desktop.store.audit import ChainBreak, walk_chain
from archivist_desktop.store.models import AuditEvent, Outbox, Page


@dataclass(frozen=True)
class VerifyReport:
    files_checked: int
    events_checked: int
    problem: str | None  # the first file or event that does not match
    #: pages captured at other stations whose bytes are at the centre and not fetched here (yet)
    at_centre: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify(archive: Archive, progress: Callable[[str, int], None] | None = None) -> VerifyReport:
    """Re-hash every page file and walk the audit chain; stop at the first mismatch."""
    files = at_centre = 0
    with archive.read_session() as s:
        blobs = s.execute(select(Page.sha256, Page.media_type).distinct().order_by(Page.sha256)).all()
        # bytes this station must hold: its own captures (in its own audit chain) and pages not yet pushed
        own = set(
            s.execute(
                select(Page.sha256)
                .join(AuditEvent, AuditEvent.entity_id == Page.id)
                .where(AuditEvent.entity_type == "page", AuditEvent.action == "add", AuditEvent.station_id.is_(None))
            ).scalars()
        )
        own.update(
            s.execute(
                select(Page.sha256).join(Outbox, Outbox.entity_id == Page.id).where(Outbox.entity == "pages")
            ).scalars()
        )
    for sha, media_type in blobs:
        actual = archive.files.rehash(sha, media_type)
        path = archive.files.path_for(sha, media_type)
        if actual is None and sha not in own:
            at_centre += 1  # captured elsewhere: fetched from the centre when someone needs it
            continue
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
                return VerifyReport(
                    files, events, f"audit event #{step.seq} ({step.event_id}): {step.message}", at_centre
                )
            events = step
            if progress:
                progress("events", events)
    return VerifyReport(files, events, None, at_centre)
