"""The hash-chained audit log: each event's hash covers the previous event's hash.

**Keyed chain.**  A station with a chain key (32 random bytes kept in the OS keyring, service
:data:`KEYRING_SERVICE`, account = the station id) appends one marker event
(:data:`CHAIN_KEY_ACTION`, payload ``{"fingerprint": sha256(key)}``, hashed plainly); every later
event of that chain is an HMAC-SHA256 under the key, so a chain recomputed without the key no
longer verifies.  Events before the marker (an existing station's history) stay verifiable by
their plain hash.  ``local_meta`` keeps the fingerprint (key ``chain_key``).  The key is made by
:func:`ensure_chain_key` (``services.verify.init_chain_key``), never silently: an existing
station's chain becomes keyed from the marker on.  (Registering the fingerprint centrally is
not done yet.)

**Head copy.**  After every commit that appended events to the station's own chain, the head
(hash, and an HMAC of it when keyed) is written to :data:`HEAD_FILE` next to the database, so a
chain whose tail was deleted is detected even without the centre (``station_heads``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from archivist_desktop.store.models import AuditEvent, ChecklistItem, LocalMeta, Page, Volume, VolumeItem, new_id

log = logging.getLogger(__name__)

GENESIS = "0" * 64
#: ``session.info`` key naming the audit chain a session writes to (see :class:`AuditLog`)
AUDIT_STATION = "audit_station"
#: the marker event from which a chain is keyed
CHAIN_KEY_ACTION = "chain-key"
#: ``local_meta`` key holding the chain key's fingerprint
CHAIN_KEY_META = "chain_key"
KEYRING_SERVICE = "archivist-desktop/chain-key"
#: the head copy, next to the station's database
HEAD_FILE = "audit-head.json"
_PENDING_HEAD = "audit_pending_head"


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


def keyed_hash(
    key: bytes,
    prev_hash: str,
    event_id: str,
    at: datetime,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    payload: str,
) -> str:
    """The hash of an event after its chain's key marker: HMAC-SHA256 under the station's chain key."""
    body = "\x1f".join(
        [prev_hash, event_id, at.astimezone(UTC).isoformat(), actor, action, entity_type, entity_id, payload]
    )
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def fingerprint(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()


#: what an archived volume's manifest covers: the fields that never change once it is archived
#: (a correction records a new manifest; the state moves on with loans, appraisal and voiding)
_VOLUME_FIELDS = (
    "archival_code",
    "customer_id",
    "fonds",
    "category",
    "year",
    "retention",
    "volume_no",
    "security_level",
    "title",
    "organisation",
    "box_id",
)


def volume_manifest(session: Session, volume_id: str) -> str:
    """SHA-256 over an archived volume's metadata, its documents (position, type, page order) and
    their pages (id, sequence, SHA-256, SM3, size, type, status), canonically serialised."""
    v = session.get(Volume, volume_id)
    if v is None:
        return ""
    items = []
    rows = session.execute(
        select(VolumeItem.position, ChecklistItem)
        .join(ChecklistItem, ChecklistItem.id == VolumeItem.item_id)
        .where(VolumeItem.volume_id == volume_id)
        .order_by(VolumeItem.position, ChecklistItem.id)
    ).all()
    for position, item in rows:
        pages = session.execute(select(Page).where(Page.item_id == item.id).order_by(Page.seq, Page.id)).scalars()
        items.append(
            {
                "position": position,
                "item_id": item.id,
                "document_type": item.document_type,
                "page_order": json.loads(item.page_order or "[]"),
                "pages": [[p.id, p.seq, p.sha256, p.sm3, p.size, p.media_type, p.status] for p in pages],
            }
        )
    body = {"volume": {name: getattr(v, name) for name in _VOLUME_FIELDS}, "items": items}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


# --- the chain key (OS keyring) ------------------------------------------------------------------

#: keys read from the keyring, by station id (a process reads each once)
_KEYS: dict[str, bytes] = {}


def load_chain_key(station_id: str) -> bytes | None:
    """This station's chain key from the keyring; ``None`` when there is none or no usable keyring."""
    if not station_id:
        return None
    if station_id in _KEYS:
        return _KEYS[station_id]
    try:
        import keyring
        from keyring.errors import KeyringError

        text = keyring.get_password(KEYRING_SERVICE, station_id)
    except (
        ImportError,
        KeyringError,
        OSError,
        ValueError,
        RuntimeError,
    ) as exc:  # no backend, a locked or unreadable keyring: the chain stays unkeyed
        log.warning("chain key: keyring not readable: %s", exc)
        return None
    if not text:
        return None
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    _KEYS[station_id] = key
    return key


def create_chain_key(station_id: str) -> bytes:
    """A new key for ``station_id``, kept in the keyring (raises when the keyring cannot keep it)."""
    import keyring

    key = secrets.token_bytes(32)
    keyring.set_password(KEYRING_SERVICE, station_id, base64.b64encode(key).decode())
    _KEYS[station_id] = key
    return key


def _meta(session: Session, key: str) -> str | None:
    return session.execute(select(LocalMeta.value).where(LocalMeta.key == key)).scalar_one_or_none()


def ensure_chain_key(session: Session, at: datetime, actor: str = "system") -> str:
    """Key this station's chain from now on (idempotent): returns the key's fingerprint.

    Reuses a key already in the keyring for this station, else creates one; appends the marker
    event and records the fingerprint in ``local_meta``, inside the caller's transaction."""
    station_id = _meta(session, "station_id") or ""
    if not station_id:
        raise RuntimeError("this station has no station id")
    key = load_chain_key(station_id) or create_chain_key(station_id)
    fp = fingerprint(key)
    if _meta(session, CHAIN_KEY_META) == fp:
        return fp
    marker = AuditLog(session).append(at, actor, CHAIN_KEY_ACTION, "station", station_id, {"fingerprint": fp})
    pending = session.info.get(_PENDING_HEAD)
    if pending is not None:  # the head copy is signed from the marker on
        session.info[_PENDING_HEAD] = (pending[0], marker.hash, key)
    row = session.get(LocalMeta, CHAIN_KEY_META)
    if row is None:
        session.add(LocalMeta(key=CHAIN_KEY_META, value=fp))
    else:
        row.value = fp
    return fp


# --- the head copy -------------------------------------------------------------------------------


def head_file(session: Session) -> Path | None:
    """Where the station's head copy lives: next to its SQLite database (``None`` elsewhere)."""
    bind = session.get_bind()
    url = bind.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).parent / HEAD_FILE


def head_mac(key: bytes, head_hash: str) -> str:
    return hmac.new(key, f"head\x1f{head_hash}".encode(), hashlib.sha256).hexdigest()


def read_head_copy(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_head_copy(session: Session) -> None:
    pending = session.info.pop(_PENDING_HEAD, None)
    if pending is None:
        return
    path, head_hash, key = pending
    data = {"hash": head_hash, **({"mac": head_mac(key, head_hash)} if key else {})}
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:  # a read-only or full data dir: verify reports the stale copy
        log.warning("audit head copy not written: %s", exc)


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
        self._key: bytes | None = None
        self._key_read = False

    def _chain_key(self) -> bytes | None:
        """The key of this chain once it has its marker (the station's own chain only)."""
        if self.station_id is not None or head_file(self._session) is None:
            return None
        if not self._key_read:
            self._key_read = True
            fp = _meta(self._session, CHAIN_KEY_META)
            if fp:
                key = load_chain_key(_meta(self._session, "station_id") or "")
                if key is not None and fingerprint(key) == fp:
                    self._key = key
                else:
                    log.warning("the audit chain is keyed but its key is not in the keyring: events stay unkeyed")
        return self._key

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
        event = AuditEvent(**self.row(at, actor, action, entity_type, entity_id, payload))
        self._session.add(event)
        return event

    def row(
        self,
        at: datetime,
        actor: str,
        action: str,
        entity_type: str,
        entity_id: str,
        payload: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The next event's column values, chained and hashed (keyed after the marker) on this
        session's head, which moves on; the head copy follows the commit.  :meth:`append` adds it;
        a bulk writer inserts the rows itself (``insert(AuditEvent)``), in order, in this session."""
        body = canonical(payload or {})
        eid = new_id()
        prev = self.head()
        key = self._chain_key()
        if key is not None:
            digest = keyed_hash(key, prev, eid, at, actor, action, entity_type, entity_id, body)
        else:
            digest = event_hash(prev, eid, at, actor, action, entity_type, entity_id, body)
        if action == CHAIN_KEY_ACTION and self.station_id is None:
            self._key_read = False  # keyed from the next event on (the marker itself is plain)
        self._head = digest
        path = head_file(self._session) if self.station_id is None else None
        if path is not None:
            if _PENDING_HEAD not in self._session.info:
                event_listen_once(self._session)
            self._session.info[_PENDING_HEAD] = (path, digest, key)
        return {
            "id": eid,
            "at": at,
            "actor": actor,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "payload": body,
            "prev_hash": prev,
            "hash": digest,
            "station_id": self.station_id,
        }


def event_listen_once(session: Session) -> None:
    event.listen(session, "after_commit", _write_head_copy, once=True)
    event.listen(session, "after_rollback", lambda s: s.info.pop(_PENDING_HEAD, None), once=True)


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    event_id: str
    message: str


def walk_chain(
    session: Session,
    batch: int = 5000,
    station_id: str | None = None,
    key: bytes | None = None,
    on_event: Callable[[AuditEvent], None] | None = None,
) -> Iterator[ChainBreak | int]:
    """Yield the number of events checked so far, batch by batch, or the first :class:`ChainBreak`.

    Walks the chain of ``station_id`` (``None``: the workstation's own events).  Events after a
    key marker are checked as HMACs under ``key``; without a key (the centre) only their links
    are checked.  ``on_event`` sees every event that verified."""
    prev = GENESIS
    last_seq = 0
    checked = 0
    keyed = False
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
            fields = (ev.prev_hash, ev.id, ev.at, ev.actor, ev.action, ev.entity_type, ev.entity_id, ev.payload)
            if keyed and key is not None:
                if keyed_hash(key, *fields) != ev.hash:
                    yield ChainBreak(
                        ev.seq,
                        ev.id,
                        "its keyed hash does not match (the event was modified or the chain recomputed without "
                        "the station's chain key)",
                    )
                    return
            elif not keyed and event_hash(*fields) != ev.hash:
                yield ChainBreak(ev.seq, ev.id, "its content does not match its hash (the event was modified)")
                return
            if ev.action == CHAIN_KEY_ACTION:
                if key is not None and _payload(ev).get("fingerprint") != fingerprint(key):
                    yield ChainBreak(ev.seq, ev.id, "its chain key marker names another key than this station's")
                    return
                keyed = True
            if on_event is not None:
                on_event(ev)
            prev = ev.hash
            last_seq = ev.seq
            checked += 1
        session.expunge_all()
        yield checked


def _payload(ev: AuditEvent) -> dict[str, Any]:
    try:
        data = json.loads(ev.payload or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
