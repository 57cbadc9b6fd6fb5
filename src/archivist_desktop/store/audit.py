"""The hash-chained audit log: each event's hash covers the previous event's hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archivist_desktop.store.models import AuditEvent, new_id

GENESIS = "0" * 64
#: ``session.info`` key naming the audit chain a session writes to (see :class:`AuditLog`)
AUDIT_STATION = "audit_station"


def _station_is(station_id: str | None):
    return AuditEvent.station_id.is_(None) if station_id is None else AuditEvent.station_id == station_id


def canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def event_hash(
    prev_hash: str, event_id: str, at: datetime, actor: str, action: str, entity_type: str, entity_id: str, payload: str
) -> str:
    body = "\x1f".join(
        [prev_hash, event_id, at.astimezone(UTC).isoformat(), actor, action, entity_type, entity_id, payload]
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class AuditLog:
    """Appends events inside the caller's transaction.

    Keeps the chain head in memory after the first read; the store has one writer, so the
    head read at the start of a transaction stays the head until it commits.
    """

    def __init__(self, session: Session):
        self._session = session
        self._head: str | None = None
        #: whose chain: ``None`` is the workstation's own; the central database keeps one per station
        self.station_id: str | None = session.info.get(AUDIT_STATION)

    def head(self) -> str:
        if self._head is None:
            last = self._session.execute(
                select(AuditEvent.hash).where(_station_is(self.station_id)).order_by(AuditEvent.seq.desc()).limit(1)
            ).scalar_one_or_none()
            self._head = last or GENESIS
        return self._head

    def append(
        self,
        at: datetime,
        actor: str,
        action: str,
        entity_type: str,
        entity_id: str,
        payload: dict[str, Any] | None = None,
    ) -> AuditEvent:
        body = canonical(payload or {})
        eid = new_id()
        prev = self.head()
        digest = event_hash(prev, eid, at, actor, action, entity_type, entity_id, body)
        event = AuditEvent(
            id=eid,
            at=at,
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            payload=body,
            prev_hash=prev,
            hash=digest,
            station_id=self.station_id,
        )
        self._session.add(event)
        self._head = digest
        return event


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    event_id: str
    message: str


def walk_chain(session: Session, batch: int = 5000, station_id: str | None = None) -> Iterator[ChainBreak | int]:
    """Yield the number of events checked so far, batch by batch, or the first :class:`ChainBreak`.

    Walks the chain of ``station_id`` (``None``: the workstation's own events)."""
    prev = GENESIS
    last_seq = 0
    checked = 0
    while True:
        rows = (
            session.execute(
                select(AuditEvent)
                .where(AuditEvent.seq > last_seq, _station_is(station_id))
                .order_by(AuditEvent.seq)
                .limit(batch)
            )
            .scalars()
            .all()
        )
        if not rows:
            return
        for ev in rows:
            if ev.prev_hash != prev:
                yield ChainBreak(
                    ev.seq,
                    ev.id,
                    "its previous-hash does not match the event before it (an event was removed or reordered)",
                )
                return
            expected = event_hash(
                ev.prev_hash, ev.id, ev.at, ev.actor, ev.action, ev.entity_type, ev.entity_id, ev.payload
            )
            if expected != ev.hash:
                yield ChainBreak(ev.seq, ev.id, "its content does not match its hash (the event was modified)")
                return
            prev = ev.hash
            last_seq = ev.seq
            checked += 1
        session.expunge_all()
        yield checked
