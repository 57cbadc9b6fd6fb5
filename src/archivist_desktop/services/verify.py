"""Fixity and tamper evidence (``archivist-desktop verify``).

Beyond re-hashing every page file and walking the audit chain, the rows are checked against
what the chain recorded: each page's SHA-256 and SM3 against its capture event, each archived
volume against the manifest hash recorded when its box was shelved (or at its last correction),
each user's role and state against their last user event.  The chain is keyed from its key
marker on (see :mod:`archivist_desktop.store.audit`); the head is compared with the copy kept
next to the database and, when the centre is reachable, with the head it holds
(``station_heads``), so a deleted tail is noticed.

A user's last user event is the later of the station's own (its chain) and the centre's: the
``central`` chain's user events (``central users add|disable|passwd``) that the station pulled into
``central_events`` at each sync.  Each copy's hash is checked over its content, and its link where
the copy of the central event just before it is here too; when the centre is reachable, each copy
must be the centre's (same hash) and none the centre holds for this station's users (up to the last
one pulled) may be missing.  Offline, a copy recomputed together with its user row, when no later
copy links to it, or a copy removed, is found at the next verify with the centre reachable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from archivist_desktop.errors import KnownError
from archivist_desktop.services.archive import Archive
from archivist_desktop.store.audit import (
    CHAIN_KEY_ACTION,
    CHAIN_KEY_META,
    ChainBreak,
    ensure_chain_key,
    event_hash,
    fingerprint,
    head_file,
    head_mac,
    load_chain_key,
    read_head_copy,
    volume_manifest,
    walk_chain,
)
from archivist_desktop.store.files import sm3_hex
from archivist_desktop.store.models import AuditEvent, CentralEvent, LocalMeta, Outbox, Page, User, Volume


@dataclass(frozen=True)
class VerifyReport:
    files_checked: int
    events_checked: int
    problem: str | None  # the first file or event that does not match
    #: pages captured at other stations whose bytes are at the centre and not fetched here (yet)
    at_centre: int = 0
    #: rows checked against the chain: pages, archived volumes, users
    rows_checked: int = 0
    keyed: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


def _payload(text: str | None) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _meta(s: Session, key: str) -> str | None:
    return s.execute(select(LocalMeta.value).where(LocalMeta.key == key)).scalar_one_or_none()


def init_chain_key(archive: Archive) -> str:
    """Key this station's audit chain from now on (idempotent); the key's fingerprint.

    A station connected to a centre registers the fingerprint there (``station_keys``, once): a
    centre that holds another fingerprint for this station id is an error naming both."""
    try:
        with archive.session() as s:
            fp = ensure_chain_key(s, archive.now())
    except Exception as exc:
        if isinstance(exc, KnownError):
            raise
        raise KnownError(f"the chain key cannot be kept in the keyring: {exc}") from None
    if _setting(archive, "central_url"):
        from archivist_desktop.errors import CentralUnreachable
        from archivist_desktop.services.sync import open_central

        try:
            engine = open_central(str(archive.settings["central_url"]), archive)
        except CentralUnreachable:  # registered at the next sync
            return fp
        try:
            register_station_key(archive, engine, strict=True)
        finally:
            engine.dispose()
    return fp


def register_station_key(archive: Archive, engine: Any, strict: bool = False) -> str | None:
    """Register this station's chain key fingerprint at the centre ``engine`` (once; at ``central login``
    and each sync).  The fingerprint the centre holds; with ``strict`` a different one is a
    :class:`KnownError` (a sync goes on: ``verify`` reports it)."""
    from archivist_desktop.sync.central import register_chain_key

    with archive.read_session() as s:
        station_id = _meta(s, "station_id") or ""
        meta_fp = _meta(s, CHAIN_KEY_META)
    key = load_chain_key(station_id)
    if not station_id or not meta_fp or key is None or fingerprint(key) != meta_fp:
        return None  # an unkeyed chain, or a key that is not this chain's: nothing to register
    held = register_chain_key(engine, station_id, meta_fp)
    if strict and held is not None and held != meta_fp:
        raise KnownError(_other_key(station_id, held, meta_fp))
    return held


def _other_key(station_id: str, held: str, own: str) -> str:
    return (
        f"the central database registered another chain key for station {station_id} "
        f"(fingerprint {held[:12]}…, this station's key is {own[:12]}…): the chain was keyed anew "
        "or another machine uses this station's id"
    )


def central_key_problem(session: Session) -> str | None:
    """``verify --central``: the first station whose chain key marker names another fingerprint than
    the one registered for it (``station_keys``), or is keyed with none registered."""
    registered = central_keys(session)
    if registered is None:
        return None
    markers = session.execute(
        select(AuditEvent.station_id, AuditEvent.seq, AuditEvent.payload)
        .where(AuditEvent.action == CHAIN_KEY_ACTION, AuditEvent.station_id.is_not(None))
        .order_by(AuditEvent.seq)
    ).all()
    for station_id, seq, payload in markers:
        fp = str(_payload(payload).get("fingerprint", ""))
        held = registered.get(str(station_id))
        if held is None:
            return (
                f"station {station_id}: its audit chain is keyed (event #{seq}) but no chain key is registered for it"
            )
        if fp != held:
            return (
                f"station {station_id}: audit event #{seq} keys its chain with fingerprint {fp[:12]}…, "
                f"not the {held[:12]}… registered centrally (the chain was recomputed with another key)"
            )
    return None


def central_keys(session: Session) -> dict[str, str] | None:
    from archivist_desktop.sync.central import registered_chain_keys

    return registered_chain_keys(session.connection())


def _user_event(users: dict[str, dict[str, Any]], user_id: str, action: str, payload: str | None, at: Any) -> None:
    """Fold one user event into ``users`` (user id -> the role and state recorded last, and when)."""
    state = _payload(payload)
    last = users.setdefault(user_id, {})
    last.update({k: state[k] for k in ("role", "active") if k in state})
    if action == "disable":
        last["active"] = False
    last["_at"] = at


def _pulled_user_events(s: Session) -> tuple[dict[str, dict[str, Any]], str | None]:
    """The centre's user events this station pulled (``central_events``: the ``central`` chain's user
    management), folded in the centre's order; and the first copy that does not verify: its hash
    over its content, and its link to the copy of the central event just before it, when pulled."""
    users: dict[str, dict[str, Any]] = {}
    prev: tuple[int, str] | None = None
    for ev in s.execute(select(CentralEvent).order_by(CentralEvent.central_seq)).scalars():
        fields = (ev.prev_hash, ev.id, ev.at, ev.actor, ev.action, ev.entity_type, ev.entity_id, ev.payload)
        if event_hash(*fields) != ev.hash:
            return users, (
                f"central user event #{ev.central_seq} ({ev.id}) pulled from the centre: its content does not "
                "match its hash (the copy was modified)"
            )
        if prev is not None and ev.central_seq == prev[0] + 1 and ev.prev_hash != prev[1]:
            return users, (
                f"central user event #{ev.central_seq} ({ev.id}) pulled from the centre: its previous-hash does "
                "not match the central event before it (the copies were modified)"
            )
        _user_event(users, ev.entity_id, ev.action, ev.payload, ev.at)
        prev = (ev.central_seq, ev.hash)
    return users, None


def _central_copies_problem(archive: Archive, s: Session) -> str | None:
    """When the centre is reachable: every pulled copy is the centre's event (same hash), and no
    user event the centre holds for this station's users, up to the last one pulled, is missing
    here.  ``None`` too when there is no centre or it cannot be reached now."""
    url = _setting(archive, "central_url")
    if not url:
        return None
    copies = {
        str(i): (str(h), str(e))
        for i, h, e in s.execute(select(CentralEvent.id, CentralEvent.hash, CentralEvent.entity_id))
    }
    upto = s.execute(select(func.max(CentralEvent.central_seq))).scalar() or 0
    names = dict(s.execute(select(User.id, User.username)).all())
    try:
        from archivist_desktop.services.sync import CENTRAL_STATION
        from archivist_desktop.sync import central as central_db
        from archivist_desktop.sync.schema import central_metadata

        events = central_metadata.tables["audit_events"]
        held: dict[str, tuple[str, str]] = {}
        engine = central_db.connect(str(url), connect_timeout=3)
        try:
            with engine.connect() as conn:
                ids = sorted(names)
                for i in range(0, len(ids), 400):
                    query = select(events.c.id, events.c.hash, events.c.entity_id).where(
                        events.c.station_id == CENTRAL_STATION,
                        events.c.entity_type == "user",
                        events.c.entity_id.in_(ids[i : i + 400]),
                        events.c.seq <= upto,
                    )
                    held.update({str(r.id): (str(r.hash), str(r.entity_id)) for r in conn.execute(query)})
        finally:
            engine.dispose()
    except (SQLAlchemyError, OSError, KnownError):  # not connected: the copies stand alone
        return None
    for event_id, (digest, user_id) in sorted(copies.items()):
        theirs = held.get(event_id)
        if theirs is not None and theirs[0] != digest:
            return (
                f"user {names.get(user_id, user_id)}: the copy of central user event {event_id} differs from "
                "the centre's (the copy was recomputed)"
            )
    for event_id, (_digest, user_id) in sorted(held.items()):
        if event_id not in copies:
            return (
                f"user {names.get(user_id, user_id)}: central user event {event_id} is missing on this station "
                "(the copy was removed)"
            )
    return None


class _Recorded:
    """What the chain recorded, collected while walking it."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str | None, str | None, bool]] = {}  # id -> sha256, sm3, sm3 recorded
        self.volumes: dict[str, str] = {}  # archival code -> manifest
        self.users: dict[str, dict[str, Any]] = {}  # user id -> last recorded state
        self.markers = 0
        self.hashes_tail: list[str] = []

    def __call__(self, ev: AuditEvent) -> None:
        if ev.entity_type == "page" and ev.action == "add":
            p = _payload(ev.payload)
            self.pages[ev.entity_id] = (p.get("sha256"), p.get("sm3"), "sm3" in p)
        elif ev.entity_type == "box" and ev.action == "archive":
            manifests = _payload(ev.payload).get("manifest_sha256")
            if isinstance(manifests, dict):
                self.volumes.update({str(k): str(v) for k, v in manifests.items()})
        elif ev.entity_type == "volume" and ev.action == "modify":
            manifest = _payload(ev.payload).get("manifest_sha256")
            code = _payload(ev.payload).get("archival_code")
            if manifest and code:
                self.volumes[str(code)] = str(manifest)
        elif ev.entity_type == "user":
            _user_event(self.users, ev.entity_id, ev.action, ev.payload, ev.at)
        elif ev.action == CHAIN_KEY_ACTION:
            self.markers += 1


def verify(archive: Archive, progress: Callable[[str, int], None] | None = None) -> VerifyReport:
    """Re-hash every page file, walk the audit chain and check the rows against it; stop at the first problem."""
    files = at_centre = 0
    with archive.read_session() as s:
        blobs = s.execute(select(Page.sha256, Page.media_type, Page.sm3).distinct().order_by(Page.sha256)).all()
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
    for sha, media_type, sm3 in blobs:
        path = archive.files.path_for(sha, media_type)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = None
        if data is None and sha not in own:
            at_centre += 1  # captured elsewhere: fetched from the centre when someone needs it
            continue
        if data is None:
            return VerifyReport(files, 0, f"page file missing: {path}")
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha:
            return VerifyReport(files, 0, f"page file does not match its SHA-256: {path} (now {actual})")
        if sm3:
            actual_sm3 = sm3_hex(data)
            if actual_sm3 is not None and actual_sm3 != sm3:
                return VerifyReport(files, 0, f"page file does not match its SM3: {path} (now {actual_sm3})")
        files += 1
        if progress and files % 1000 == 0:
            progress("files", files)

    events = 0
    recorded = _Recorded()
    with archive.read_session() as s:
        station_id = _meta(s, "station_id") or ""
        meta_fp = _meta(s, CHAIN_KEY_META)
        has_marker = (
            s.execute(
                select(AuditEvent.seq)
                .where(AuditEvent.action == CHAIN_KEY_ACTION, AuditEvent.station_id.is_(None))
                .limit(1)
            ).first()
            is not None
        )
    key = load_chain_key(station_id)
    report = _partial(files, at_centre, key is not None)

    def fail(message: str, rows: int = 0) -> VerifyReport:
        return report(events, message, rows)

    if key is not None and not has_marker:
        return fail("this station has a chain key but its audit chain has no key marker (the chain was recomputed)")
    if (meta_fp or has_marker) and key is None:
        return fail("the audit chain is keyed but the station's chain key is not in the keyring")
    if key is not None and meta_fp and meta_fp != fingerprint(key):
        return fail("the chain key in the keyring is not the one this station's chain records")
    last_hash: list[str] = []

    def seen(ev: AuditEvent) -> None:
        recorded(ev)
        last_hash[:] = [ev.hash]

    with archive.read_session() as s:
        for step in walk_chain(s, key=key, on_event=seen):
            if isinstance(step, ChainBreak):
                return fail(f"audit event #{step.seq} ({step.event_id}): {step.message}")
            events = step
            if progress:
                progress("events", events)
        head = last_hash[0] if last_hash else None
        problem = _check_head(archive, s, head, key)
        if problem:
            return fail(problem)
        rows = 0
        for problem_or_count in _check_rows(archive, s, recorded):
            if isinstance(problem_or_count, str):
                return fail(problem_or_count, rows)
            rows = problem_or_count
    return report(events, None, rows)


def _partial(files: int, at_centre: int, keyed: bool) -> Callable[[int, str | None, int], VerifyReport]:
    def make(events: int, problem: str | None, rows: int) -> VerifyReport:
        return VerifyReport(files, events, problem, at_centre, rows, keyed)

    return make


def _has_hash(s: Session, head_hash: str) -> bool:
    return (
        s.execute(
            select(AuditEvent.seq).where(AuditEvent.hash == head_hash, AuditEvent.station_id.is_(None)).limit(1)
        ).first()
        is not None
    )


def _check_head(archive: Archive, s: Session, head: str | None, key: bytes | None) -> str | None:
    """The chain still reaches the head last written (the local copy) and the head the centre holds."""
    path = head_file(s)
    copy = read_head_copy(path) if path is not None else None
    if copy == {}:
        return f"the audit head copy {path} is unreadable"
    if copy is None:
        if key is not None and head is not None:
            return f"the audit head copy {path} is missing (a keyed chain always has one)"
    else:
        recorded = str(copy.get("hash", ""))
        if key is not None and not hmac.compare_digest(str(copy.get("mac", "")), head_mac(key, recorded)):
            return f"the audit head copy {path} is not signed by this station's chain key"
        if recorded and not _has_hash(s, recorded):
            return (
                f"the audit chain ends before the head last recorded ({recorded[:12]}…): "
                "events were removed from its end"
            )
    central, registered = _central_head(archive)
    if central and not _has_hash(s, central):
        return (
            f"the audit chain ends before the head the central database holds ({central[:12]}…): "
            "events were removed from its end"
        )
    if registered is not None:
        own = fingerprint(key) if key is not None else None
        if own is None:
            return (
                f"the central database registered a chain key for this station ({registered[:12]}…) "
                "but its chain key is not in the keyring"
            )
        if own != registered:
            return _other_key(archive.station_id, registered, own)
    return None


def _setting(archive: Archive, key: str) -> Any:
    try:
        return archive.settings[key]
    except KeyError:
        return None


def _central_head(archive: Archive) -> tuple[str | None, str | None]:
    """This station's head as the centre holds it, and its registered chain key fingerprint
    (``None``: no centre, not reachable now, or none held)."""
    url = _setting(archive, "central_url")
    if not url or not archive.station_id:
        return None, None
    try:
        from archivist_desktop.sync import central as central_db
        from archivist_desktop.sync.schema import station_heads

        engine = central_db.connect(str(url), connect_timeout=3)
        try:
            with engine.connect() as conn:
                head = conn.execute(
                    select(station_heads.c.head_hash).where(station_heads.c.station_id == archive.station_id)
                ).scalar_one_or_none()
                keys = central_db.registered_chain_keys(conn) or {}
        finally:
            engine.dispose()
    except (SQLAlchemyError, OSError, KnownError):  # not connected: the local head copy stands alone
        return None, None
    return (str(head) if head else None), keys.get(archive.station_id)


def _check_rows(archive: Archive, s: Session, recorded: _Recorded) -> Iterable[str | int]:
    rows = 0
    pages = recorded.pages
    ids = list(pages)
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        for page in s.execute(select(Page).where(Page.id.in_(ids[i : i + 500]))).scalars():
            found.add(page.id)
            sha, sm3, sm3_recorded = pages[page.id]
            if sha and page.sha256 != sha:
                yield (
                    f"page {page.id}: its SHA-256 {page.sha256[:12]}… is not the {sha[:12]}… "
                    "its capture event recorded (the page was swapped)"
                )
                return
            if sm3_recorded and page.sm3 != sm3:
                yield f"page {page.id}: its SM3 is not the one its capture event recorded (the page was swapped)"
                return
            rows += 1
        s.expunge_all()
    missing = set(ids) - found
    if missing:
        yield f"page {sorted(missing)[0]}: recorded by its capture event but gone from the database"
        return
    for code, manifest in sorted(recorded.volumes.items()):
        v = s.execute(select(Volume).where(Volume.archival_code == code)).scalar_one_or_none()
        if v is None:
            yield f"archived volume {code}: recorded when its box was archived but gone from the database"
            return
        if volume_manifest(s, v.id) != manifest:
            yield (
                f"archived volume {code}: its metadata, documents or pages differ from the manifest recorded "
                "when it was archived"
            )
            return
        rows += 1
    central = bool(_setting(archive, "central_url"))
    pulled, problem = _pulled_user_events(s)
    problem = problem or _central_copies_problem(archive, s)
    if problem:
        yield problem
        return
    for user in s.execute(select(User).order_by(User.username)).scalars():
        own, theirs = recorded.users.get(user.id), pulled.get(user.id)
        # the later of the station's own last event on the user and the last one pulled with it
        last = own if theirs is None or (own is not None and own["_at"] >= theirs["_at"]) else theirs
        if last is None:
            if not central and user.role == "admin":
                yield f"user {user.username}: an administrator with no audit event (the row was added directly)"
                return
            continue
        if user.active and "role" in last and user.role != last["role"]:
            yield f"user {user.username}: role {user.role} is not the {last['role']} their last user event recorded"
            return
        if user.active and last.get("active") is False:
            yield f"user {user.username}: active although their last user event disabled them"
            return
        rows += 1
    yield rows


def check_export_pages(archive: Archive, pages: Iterable[Page]) -> None:
    """Raise :class:`KnownError` naming the first page whose row differs from what its capture event recorded."""
    by_id = {p.id: p for p in pages}
    ids = list(by_id)
    with archive.read_session() as s:
        for i in range(0, len(ids), 500):
            for entity_id, payload in s.execute(
                select(AuditEvent.entity_id, AuditEvent.payload).where(
                    AuditEvent.entity_type == "page",
                    AuditEvent.action == "add",
                    AuditEvent.entity_id.in_(ids[i : i + 500]),
                )
            ):
                p = _payload(payload)
                page = by_id[entity_id]
                if (p.get("sha256") and p["sha256"] != page.sha256) or ("sm3" in p and p["sm3"] != page.sm3):
                    raise KnownError(
                        f"page {page.id} (#{page.seq}) does not match the hash its capture recorded: "
                        "its file or row was changed; not exported"
                    )
