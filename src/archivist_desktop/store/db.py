"""The local SQLite database: WAL mode, foreign keys, Alembic migrations applied at open.

Writers take the write lock when their transaction begins (:func:`begin_write`, ``BEGIN
IMMEDIATE``): a read-modify-write (a document's page order, the next page number) is then
serialised across every process writing to the station — the GUI and any number of CLIs — and a
writer waiting for the lock waits in SQLite's busy handler (``busy_timeout``) instead of failing
on a stale snapshot.  Still busy after that: retried a few times (logged "database busy,
retrying"), then :class:`DatabaseBusy`, a one-line error for the person at the desk.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

import tenacity
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError

from archivist_desktop.errors import KnownError

log = logging.getLogger(__name__)

#: how long SQLite waits for another writer's lock before a statement reports "busy"
BUSY_TIMEOUT_MS = 10_000
#: how many times a writer tries to take the write lock (each waiting up to the busy timeout)
WRITE_ATTEMPTS = 3
_BUSY_CODES = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED (extended codes carry these in their low byte)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DB_FILE = "archive.sqlite3"


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


class DatabaseBusy(KnownError):
    """Another program held the station database's write lock for longer than we wait."""


def _on_connect(dbapi_conn, _record, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MiB of page cache: large imports and pulls stay fast
    cur.close()


def create_sqlite_engine(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", partial(_on_connect, busy_timeout_ms=busy_timeout_ms))
    return engine


def is_busy(exc: BaseException) -> bool:
    """True when ``exc`` is SQLite's "database is locked/busy" (by its error code, not its text)."""
    code = getattr(getattr(exc, "orig", None), "sqlite_errorcode", None)
    return isinstance(exc, OperationalError) and code is not None and code & 0xFF in _BUSY_CODES


def _log_retry(state: tenacity.RetryCallState) -> None:
    log.warning(
        "database busy, retrying (another program is writing to the station database; attempt %d of %s)",
        state.attempt_number + 1,
        getattr(state.retry_object.stop, "max_attempt_number", "?"),
    )


def begin_write(conn: Connection, attempts: int = WRITE_ATTEMPTS) -> None:
    """Take the write lock for the transaction just begun on ``conn`` (``BEGIN IMMEDIATE``).

    Must come first in the transaction (before any statement).  Busy → retried ``attempts`` times
    in all, each attempt waiting up to the busy timeout; still busy → :class:`DatabaseBusy`.
    """
    retryer = tenacity.Retrying(
        retry=tenacity.retry_if_exception(is_busy),
        stop=tenacity.stop_after_attempt(max(1, attempts)),
        wait=tenacity.wait_random(0.05, 0.3),
        before_sleep=_log_retry,
        reraise=True,
    )
    try:
        retryer(conn.exec_driver_sql, "BEGIN IMMEDIATE")
    except OperationalError as exc:
        if is_busy(exc):
            raise DatabaseBusy("the station database is busy (another program is writing); try again") from exc
        raise


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("the local schema has no migration revisions")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (a no-op when it is already there)."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def open_database(data_dir: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """Open (creating if needed) the data directory's database, migrated to the newest schema."""
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(data_dir / DB_FILE, busy_timeout_ms)
    upgrade(engine)
    return engine
