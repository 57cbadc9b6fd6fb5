"""Use cases of the central database: init, login, sync, stats, verification, central import."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from archivist_desktop.services.archive import Archive, KnownError, Policy, policy_from_settings
from archivist_desktop.store.audit import AUDIT_STATION, ChainBreak, walk_chain
from archivist_desktop.store.db import DB_FILE, create_sqlite_engine
from archivist_desktop.store.models import AuditEvent, Customer, Outbox, Page, WorkOrder, utcnow
from archivist_desktop.sync import central as central_db
from archivist_desktop.sync.blobs import SqlBlobStore
from archivist_desktop.sync.central import CentralUnreachable  # noqa: F401  (for the GUI)
from archivist_desktop.sync.engine import ADVISORY_KEY, SyncCounts, sync_once
from archivist_desktop.sync.rejected import RejectedRow, RejectedRows, load_rejected, rejected_path
from archivist_desktop.sync.schema import blobs, station_heads

CENTRAL_STATION = "central"


def central_url(archive: Archive | None, url: str | None) -> str:
    url = url or (archive.settings["central_url"] if archive else "")
    if not url:
        raise KnownError("no central database: pass --central URL or run `archivist-desktop central login`")
    return url


def open_central(
    url: str, archive: Archive | None = None, password: str | None = None, check_schema: bool = True
) -> Engine:
    """Connect; raise :class:`~archivist_desktop.sync.central.CentralUnreachable` when it cannot be reached."""
    s = archive.settings if archive else None
    engine = central_db.connect(
        url,
        password=password,
        sslmode=(s["central_sslmode"] or None) if s else None,
        sslrootcert=(s["central_sslrootcert"] or None) if s else None,
    )
    try:
        revision = central_db.schema_revision(engine) if check_schema else None
    except OperationalError as exc:
        engine.dispose()
        if central_db.is_auth_failure(exc):
            raise central_db.PasswordRefused(
                f"password refused by the central database {central_db.redact(url)}: {_first_line(exc)}"
            ) from exc
        raise central_db.CentralUnreachable(
            f"cannot reach the central database {central_db.redact(url)}: {_first_line(exc)}"
        ) from exc
    if check_schema and revision != central_db.head_revision():
        engine.dispose()
        raise KnownError(
            f"the central database {central_db.redact(url)} has schema {revision or 'none'}; "
            f"run `archivist-desktop central init --url …` to create or upgrade it"
        )
    return engine


def _first_line(exc: Exception) -> str:
    """The driver's message, first line only (it never includes the password)."""
    orig = getattr(exc, "orig", exc)
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def init_central(
    url: str, password: str | None = None, login: str | None = None, login_password: str | None = None
) -> str:
    engine = open_central(url, password=password, check_schema=False)
    try:
        central_db.migrate(engine)
        central_db.grant_station_role(engine, login, login_password)
        return central_db.schema_revision(engine) or ""
    finally:
        engine.dispose()


def login_central(archive: Archive, url: str, user: str, password: str) -> None:
    """Check the credentials, keep the password in the keyring and the URL (without it) in settings."""
    parsed = central_db.without_password(central_db.parse_url(url)).set(username=user)
    from archivist_desktop.services.central_users import station_unit_of

    engine = open_central(parsed.render_as_string(hide_password=False), archive, password=password)
    try:
        unit = station_unit_of(engine, user)  # the login's unit (station_logins), "" when it has none
        from archivist_desktop.services.scope import remember_unit_tree

        remember_unit_tree(archive, engine)  # whose work orders each user may act on (services/scope.py)
    finally:
        engine.dispose()
    central_db.store_password(parsed, password)
    archive.settings.set("central_url", central_db.redact(parsed))
    archive.settings.set("station_unit", unit)
    archive.settings.save()
    # a station joining a centre keys its audit chain from now on (HMAC, key in the same keyring as the
    # central password): a chain recomputed without the key no longer verifies
    from archivist_desktop.services.verify import init_chain_key

    init_chain_key(archive)


@contextmanager
def station_engine(archive: Archive) -> Iterator[Engine]:
    """A second engine on the station's SQLite file, for one sync pass; disposed afterwards.

    The pass never shares the engine (nor its connection pool) that serves the screens and the
    capture writes: a long push or pull waits on SQLite's own locking (WAL, busy timeout), not on
    a connection another thread holds.  The archive already migrated the file, so nothing is run.
    """
    engine = create_sqlite_engine(archive.data_dir / DB_FILE)
    try:
        yield engine
    finally:
        engine.dispose()


def sync(
    archive: Archive,
    url: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    retries: int = 6,
    retry_rejected: bool = False,
) -> SyncCounts:
    """One sync pass (push, then pull) on its own station engine; safe to run beside the archive's writer.

    Rows the centre refuses are set aside (``counts.rejected``); ``retry_rejected`` tries them again.
    """
    engine = open_central(central_url(archive, url), archive)
    try:
        from archivist_desktop.services.verify import register_station_key

        register_station_key(archive, engine)  # the chain key's fingerprint, before its events (c011)
        with station_engine(archive) as local:
            counts = sync_once(
                local,
                archive.files,
                engine,
                archive.station_id,
                progress,
                retries=retries,
                retry_rejected=retry_rejected,
                rejected=RejectedRows(rejected_path(archive.data_dir)),
                unit=archive.settings["station_unit"] or None,  # scopes the pull (see Syncer.pull_scope)
            )
            from archivist_desktop.services.central_users import pull_user_events

            # the centre's user events about this station's people, for `verify` (central_events)
            user_events = pull_user_events(local, engine)
            if user_events:
                counts.pulled["user_events"] += user_events
            from archivist_desktop.services.scope import remember_unit_tree

            remember_unit_tree(archive, engine)  # the units tree, for the users' scope (services/scope.py)
            return counts
    except OperationalError as exc:
        if central_db.is_auth_failure(exc):
            raise central_db.PasswordRefused(f"password refused by the central database: {_first_line(exc)}") from exc
        raise central_db.CentralUnreachable(f"the central database stopped answering: {_first_line(exc)}") from exc
    finally:
        engine.dispose()


def rejected_rows(archive: Archive) -> list[RejectedRow]:
    """Rows the central database refused, set aside on this station (oldest first)."""
    return load_rejected(archive.data_dir)


def pending_changes(archive: Archive) -> int:
    """Local changes not yet in the central database."""
    with archive.read_session() as s:
        return s.execute(select(func.count()).select_from(Outbox)).scalar_one()


def _stats(session: Session) -> dict[str, int]:
    return {
        "customers": session.execute(select(func.count()).select_from(Customer)).scalar_one(),
        "work_orders": session.execute(select(func.count()).select_from(WorkOrder)).scalar_one(),
        "pages": session.execute(select(func.count()).select_from(Page)).scalar_one(),
        "page_bytes": int(session.execute(select(func.coalesce(func.sum(Page.size), 0))).scalar_one()),
        "audit_events": session.execute(select(func.count()).select_from(AuditEvent)).scalar_one(),
    }


def local_stats(archive: Archive) -> dict[str, int]:
    with archive.read_session() as s:
        return _stats(s)


def central_stats(url: str) -> dict[str, int]:
    engine = open_central(url)
    try:
        with Session(engine) as s:
            return _stats(s)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class CentralVerifyReport:
    stations: int
    events_checked: int
    blobs_checked: int
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_central(url: str) -> CentralVerifyReport:
    """Walk every station's chain against its stored head, and the chain of central imports and
    user management (station ``central``: against its head where the centre keeps one, c010);
    re-hash every blob."""
    engine = open_central(url)
    try:
        with Session(engine) as s:
            heads = s.execute(select(station_heads)).all()
            stations_with_events = set(s.execute(select(AuditEvent.station_id).distinct()).scalars())
            events = 0
            if CENTRAL_STATION in stations_with_events and CENTRAL_STATION not in {h.station_id for h in heads}:
                checked_central = 0
                for step in walk_chain(s, station_id=CENTRAL_STATION):  # no head kept (an embedded centre)
                    if isinstance(step, ChainBreak):
                        return CentralVerifyReport(
                            len(heads),
                            events,
                            0,
                            f"station {CENTRAL_STATION}: audit event #{step.seq} ({step.event_id}): {step.message}",
                        )
                    checked_central = step
                events += checked_central
            for head in heads:
                checked = 0
                for step in walk_chain(s, station_id=head.station_id):
                    if isinstance(step, ChainBreak):
                        return CentralVerifyReport(
                            len(heads),
                            events,
                            0,
                            f"station {head.station_id}: audit event #{step.seq} ({step.event_id}): {step.message}",
                        )
                    checked = step
                last = s.execute(
                    select(AuditEvent.hash)
                    .where(AuditEvent.station_id == head.station_id)
                    .order_by(AuditEvent.seq.desc())
                    .limit(1)
                ).scalar_one_or_none()
                if checked != head.events or last != head.head_hash:
                    return CentralVerifyReport(
                        len(heads),
                        events,
                        0,
                        f"station {head.station_id}: chain has {checked} events ending at "
                        f"{(last or 'nothing')[:12]}, but its recorded head is {head.events} "
                        f"events ending at {head.head_hash[:12]} (events missing or truncated)",
                    )
                events += checked
            orphans = stations_with_events - {h.station_id for h in heads} - {CENTRAL_STATION}
            if orphans:
                return CentralVerifyReport(
                    len(heads),
                    events,
                    0,
                    f"events of station(s) {sorted(orphans, key=str)} have no recorded chain head",
                )
            from archivist_desktop.services.verify import central_key_problem

            key_problem = central_key_problem(s)  # each keyed chain against its registered fingerprint (c011)
            if key_problem:
                return CentralVerifyReport(len(heads), events, 0, key_problem)
            bad = SqlBlobStore(engine).first_mismatch()
            count = s.execute(select(func.count()).select_from(blobs)).scalar_one()
            if bad:
                return CentralVerifyReport(len(heads), events, count, f"blob {bad} does not match its SHA-256")
            missing = s.execute(
                select(Page.sha256).where(Page.sha256.not_in(select(blobs.c.sha256))).limit(1)
            ).scalar_one_or_none()
            if missing:
                return CentralVerifyReport(len(heads), events, count, f"page file {missing} is missing centrally")
            return CentralVerifyReport(len(heads), events, count, None)
    finally:
        engine.dispose()


class CentralWorkspace:
    """Just enough of :class:`Archive` for services that write work orders straight into the centre."""

    def __init__(self, engine: Engine, archive: Archive, clock: Callable[[], datetime] = utcnow):
        self.engine = engine
        self.templates = archive.templates
        self.settings = archive.settings
        self.clock = clock
        self._sessions = sessionmaker(engine, expire_on_commit=False, info={AUDIT_STATION: CENTRAL_STATION})

    @property
    def policy(self) -> Policy:
        return policy_from_settings(self.settings)  # same settings, same rules

    def now(self) -> datetime:
        return self.clock()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            if self.engine.dialect.name == "postgresql":
                from sqlalchemy import text

                session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_KEY})
            yield session

    def read_session(self) -> Session:
        return self._sessions()


def import_orders_central(archive: Archive, url: str, data: Any):
    from archivist_desktop.services.central_users import unit_codes
    from archivist_desktop.services.orders import import_orders

    engine = open_central(url, archive)
    try:
        return import_orders(CentralWorkspace(engine, archive), data, actor="import", central_units=unit_codes(engine))
    finally:
        engine.dispose()
