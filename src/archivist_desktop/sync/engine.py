"""One sync pass: push the outbox (blobs first, then rows), then pull central changes.

Resumable and idempotent: outbox rows are removed only after the central database committed
what they name, every central write is an upsert, and blobs are checked before upload.  A pass
killed at any point leaves nothing half-done that the next pass cannot finish.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast

import tenacity
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Engine,
    Integer,
    Table,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from archivist_desktop.store.files import PageFiles
from archivist_desktop.store.models import Base, LocalMeta, Outbox, UTCDateTime
from archivist_desktop.store.outbox import IMMUTABLE, SYNC_ORDER, key_columns
from archivist_desktop.sync.blobs import BlobRejected, SqlBlobStore
from archivist_desktop.sync.rejected import REJECTED_FILE, RejectedRows
from archivist_desktop.sync.schema import PULLED, central_metadata, station_heads, station_logins, units
from archivist_desktop.sync.upsert import insert_or_advance_status, insert_or_ignore, upsert_by, upsert_newer

Progress = Callable[[str, int, int], None]
#: Central writers hold this advisory lock until they commit: station pushes in *shared* mode (they
#: run side by side), the centre's own administrative writes (users, allocations) and the pull's
#: high-water mark in *exclusive* mode.  Holding it exclusively, no writer is half-way, so every
#: change_seq up to the highest visible one is committed (or rolled back): a pull up to that mark
#: never skips a row that commits later with a lower number.
ADVISORY_KEY = 7_412_001
#: Per-document locks (with ``hashtext(item id)``) around the page-order merge: two stations
#: pushing pages to one document merge one after the other, each from the other's result.
MERGE_LOCK_CLASS = 7_412_002
BLOB_BATCH_BYTES = 6 * 2**20  # blobs are pushed in transactions of about this size,
BLOB_BATCH_COUNT = 4  # and of at most this many (progress moves on, a killed pass loses little)
_CURSOR_KEY = "pull_cursor"
_SCOPE_KEY = "pull_scope"  # the scope the cursor belongs to (PullScope.signature)
log = logging.getLogger(__name__)


@dataclass
class SyncCounts:
    pushed: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pulled: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pending: int = 0
    #: every row set aside on this station (refused by the centre), after the pass: table, key, reason
    rejected: list[dict] = field(default_factory=list)
    #: rows the centre refused during this pass
    refused_now: int = 0
    #: checklist items whose page order this pass merged with the centre's
    merged: list[str] = field(default_factory=list)
    #: when each phase of the last pass ran: ``{"push": (start, end), "pull": (start, end)}`` on the
    #: system-wide monotonic clock (``time.perf_counter``), so that several stations' phases compare
    phases: dict[str, tuple[float, float]] = field(default_factory=dict)

    def seconds(self) -> dict[str, float]:
        """How long each phase of the last pass took."""
        return {name: round(end - start, 3) for name, (start, end) in self.phases.items()}

    def to_json(self) -> dict:
        return {
            "pushed": dict(self.pushed),
            "pulled": dict(self.pulled),
            "pending": self.pending,
            "rejected": list(self.rejected),
            "seconds": self.seconds(),
        }


def _pace() -> None:
    """Optional slow-down between units of work (``ARCHIVIST_SYNC_PACE_MS``) for fault-injection tests."""
    ms = os.environ.get("ARCHIVIST_SYNC_PACE_MS")
    if ms:
        time.sleep(float(ms) / 1000.0)


def _rejected_file(local: Engine):
    """``sync_rejected.json`` beside the station's SQLite file (``None`` for an in-memory database)."""
    from pathlib import Path

    database = local.url.database
    if local.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database).parent / REJECTED_FILE


def _hold_writers_back(conn, patience_s: float = 2.0) -> None:
    """Take :data:`ADVISORY_KEY` exclusively (until ``conn``'s transaction ends).

    First by trying, every 20 ms for up to ``patience_s``: a try does not queue, so pushes under
    way and starting meanwhile go on side by side.  Then by waiting in the queue, which holds new
    pushes back until the ones half-way have committed: a pull is never starved.
    """
    deadline = time.monotonic() + patience_s
    while time.monotonic() < deadline:
        if conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": ADVISORY_KEY}).scalar_one():
            return
        time.sleep(0.02)
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_KEY})


def _row_key(table: str, row: dict) -> str:
    """An outbox ``entity_id`` for a row (see :func:`archivist_desktop.store.outbox.key_of`)."""
    if table == "step_completions":
        return f"{row['work_order_id']}|{row['step']}"
    if table == "page_texts":
        return str(row["page_id"])
    return str(row["id"])


def _refusal(exc: DBAPIError) -> str:
    """The centre's reason, on one line: the driver's message and its detail (never a password)."""
    orig = exc.orig
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    if primary:
        detail = getattr(diag, "message_detail", None)
        text_ = primary + (f" ({detail})" if detail else "")
    else:
        text_ = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return " ".join(text_.split())[:500]


def _instant(value) -> str:
    """A capture time as sortable text (naive UTC); unknown times sort last."""
    if value is None:
        return "9999"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(" ", "microseconds")
    return str(value)


def merge_page_orders(
    primary: list[str], secondary: list[str], captured: dict[str, str], gone: Collection[str] = ()
) -> list[str]:
    """The union of two page orders of one document, no page lost.

    Pages in both keep ``primary``'s order; a page only one side has stays after the same page
    that precedes it on its side; pages both sides added at the same place are interleaved by
    capture time (each side's relative order kept).  Pages in ``gone`` (removed or replaced on
    either side) stay out.

    >>> at = {"a": "1", "b": "2", "x": "3", "y": "4"}
    >>> merge_page_orders(["p", "a", "y"], ["p", "b", "x"], at)
    ['p', 'a', 'b', 'x', 'y']
    >>> merge_page_orders(["p", "q"], ["q", "p", "r"], {}, gone={"q"})
    ['p', 'r']
    """
    first = [p for p in dict.fromkeys(primary) if p not in gone]
    second = [p for p in dict.fromkeys(secondary) if p not in gone]
    common = set(first) & set(second)

    def segments(seq: list[str]) -> dict[str | None, list[str]]:
        out: dict[str | None, list[str]] = defaultdict(list)
        anchor: str | None = None
        for p in seq:
            if p in common:
                anchor = p
            else:
                out[anchor].append(p)
        return out

    seg1, seg2 = segments(first), segments(second)
    merged: list[str] = []

    def emit(anchor: str | None) -> None:
        a, b = seg1.get(anchor, []), seg2.get(anchor, [])
        i = j = 0
        while i < len(a) and j < len(b):
            if captured.get(a[i], "9999") <= captured.get(b[j], "9999"):
                merged.append(a[i])
                i += 1
            else:
                merged.append(b[j])
                j += 1
        merged.extend(a[i:])
        merged.extend(b[j:])

    emit(None)
    for p in first:
        if p in common:
            merged.append(p)
            emit(p)
    return merged


def _local_rows(local: Engine, table, ids: list[str]) -> list[dict]:
    cols = key_columns(table)
    rows: list[dict] = []
    with local.connect() as conn:
        for i in range(0, len(ids), 400):
            chunk = ids[i : i + 400]
            if len(cols) == 1:
                cond = cols[0].in_(chunk)
            else:  # step_completions: "work_order_id|step"
                pairs = [(k.split("|")[0], int(k.split("|")[1])) for k in chunk]
                cond = tuple_(*cols).in_(pairs)
            rows.extend(dict(r._mapping) for r in conn.execute(select(table).where(cond)))
    return rows


class Syncer:
    def __init__(
        self,
        local: Engine,
        files: PageFiles,
        central: Engine,
        station_id: str,
        progress: Progress | None = None,
        batch: int = 2000,
        rejected: RejectedRows | None = None,
    ):
        self.local = local
        self.files = files
        self.central = central
        self.station_id = station_id
        self.blobs = SqlBlobStore(central)
        self.progress = progress or (lambda phase, done, total: None)
        self.batch = batch
        self.pull_batch = 5000
        self.is_pg = central.dialect.name == "postgresql"
        self.rejected = rejected if rejected is not None else RejectedRows(_rejected_file(local))
        self._merged_now: list[str] = []

    # --- push -----------------------------------------------------------------------------------

    def pending(self) -> int:
        with self.local.connect() as conn:
            return conn.execute(select(func.count()).select_from(Outbox)).scalar_one()

    def push(self, counts: SyncCounts) -> None:
        """Push the outbox in batches; a row the centre refuses is set aside with its reason, the rest goes on."""
        total = self.pending()
        done = 0
        while True:
            with self.local.connect() as conn:
                entries = conn.execute(
                    select(Outbox.seq, Outbox.entity, Outbox.entity_id).order_by(Outbox.seq).limit(self.batch)
                ).all()
            if not entries:
                return
            last_seq = entries[-1].seq
            ids: dict[str, list[str]] = defaultdict(list)
            seen = set()
            for _, entity, entity_id in entries:
                if (entity, entity_id) not in seen:
                    seen.add((entity, entity_id))
                    ids[entity].append(entity_id)
            rows = {
                m.__tablename__: _local_rows(self.local, m.__table__, ids[m.__tablename__])
                for m in SYNC_ORDER
                if ids.get(m.__tablename__)
            }
            refused: dict[tuple[str, str], str] = {}
            self._push_blobs(rows.get("pages", []), counts, refused)
            if refused:  # a page whose file the centre refused does not go up without it
                rows["pages"] = [p for p in rows["pages"] if ("pages", p["id"]) not in refused]
            self._push_rows(rows, counts, refused)
            # the set-aside list first, then the outbox: a pass killed in between only tries them again
            self.rejected.record(refused)
            self.rejected.discard(seen - refused.keys())
            counts.refused_now += len(refused)
            with self.local.begin() as conn:
                conn.execute(delete(Outbox).where(Outbox.seq <= last_seq))
            done += len(entries)
            self.progress("rows", done, total)

    def retry_rejected(self) -> int:
        """Put every set-aside row back into the outbox (for the next push); how many."""
        rows = self.rejected.rows()
        if not rows:
            return 0
        with self.local.begin() as conn:
            conn.execute(insert(Outbox), [{"entity": r.table, "entity_id": r.key} for r in rows])
        self.rejected.take_all()
        return len(rows)

    def _push_blobs(self, pages: list[dict], counts: SyncCounts, refused: dict[tuple[str, str], str]) -> None:
        """The missing blobs, a few megabytes per transaction (one commit for several pages)."""
        needed = {p["sha256"]: p["media_type"] for p in pages}
        missing = sorted(self.blobs.missing(needed))
        reasons: dict[str, str] = {}
        batch: list[tuple[str, bytes]] = []
        done = 0

        def flush() -> None:
            nonlocal done
            if not batch:
                return
            put_many = getattr(self.blobs, "put_many", None)
            if put_many is not None:
                failed = put_many(batch)
            else:  # a store without batches (the BlobStore protocol asks only for put)
                failed = {}
                for sha, data in batch:
                    try:
                        self.blobs.put(sha, data)
                    except BlobRejected as exc:
                        failed[sha] = str(exc)
            reasons.update(failed)
            counts.pushed["blobs"] += len(batch) - len(failed)
            done += len(batch)
            self.progress("blobs", done, len(missing))
            batch.clear()

        size = 0
        for sha in missing:
            try:
                data = self.files.read(sha, needed[sha])
            except FileNotFoundError:
                reasons[sha] = f"page file {sha[:12]}… is missing here"
                done += 1
                continue
            batch.append((sha, data))
            size += len(data)
            if size >= BLOB_BATCH_BYTES or len(batch) >= BLOB_BATCH_COUNT:
                flush()
                size = 0
            _pace()
        flush()
        for p in pages:
            if p["sha256"] in reasons:
                refused[("pages", p["id"])] = reasons[p["sha256"]]

    def _push_rows(self, rows: dict[str, list[dict]], counts: SyncCounts, refused: dict[tuple[str, str], str]) -> None:
        """All rows in one transaction; when the centre refuses one, again row by row (a savepoint each)."""
        if rows.get("audit_events"):
            events = sorted(rows["audit_events"], key=lambda r: r["seq"])
            for r in events:
                r.pop("seq")
                r["station_id"] = r["station_id"] or self.station_id
            rows = {**rows, "audit_events": events}
        pushed: dict[str, int] = defaultdict(int)
        try:
            with self.central.begin() as conn:
                self._upsert_all(conn, rows, pushed, None)
        except TRANSIENT_DB:
            raise
        except DBAPIError:
            pushed.clear()
            with self.central.begin() as conn:
                self._upsert_all(conn, rows, pushed, refused)
        for name, n in pushed.items():
            counts.pushed[name] += n
        counts.merged.extend(self._merged_now)

    def _upsert_all(
        self,
        conn,
        rows: dict[str, list[dict]],
        pushed: dict[str, int],
        refused: dict[tuple[str, str], str] | None,
    ) -> None:
        """Upsert every table's rows, parents first; ``refused`` given: one savepoint per row."""
        if self.is_pg:
            conn.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": ADVISORY_KEY})
        self._merged_now = []
        for model in SYNC_ORDER:
            name = model.__tablename__
            batch = rows.get(name)
            if not batch:
                continue
            table = central_metadata.tables[name]
            key = [c.name for c in table.primary_key.columns]
            if name != "audit_events":  # pushes run side by side: rows in key order, so they never deadlock
                batch = sorted(batch, key=lambda r: tuple(str(r[k]) for k in key))
            if name == "audit_events":
                stmt = insert_or_ignore(conn, table)
            elif name == "users":  # administered centrally: a station's user never overwrites
                stmt = insert_or_ignore(conn, table)
            elif name == "pages":  # content never changes; the status only moves on from active
                stmt = insert_or_advance_status(conn, table, key)
            elif name in IMMUTABLE:
                stmt = insert_or_ignore(conn, table)
            else:
                stmt = upsert_newer(conn, table, key, skip=("change_seq",))
            merges: dict[str, dict] = {}
            if name == "checklist_items":
                batch = [dict(r) for r in batch]  # merged orders must not leak into a row-by-row retry
                merges = self._merge_page_orders(conn, batch)
            if refused is None:
                for i in range(0, len(batch), 500):
                    conn.execute(stmt, batch[i : i + 500])
                    self.progress(f"upsert:{name}", min(i + 500, len(batch)), len(batch))
                    _pace()
                for item_id, values in merges.items():
                    conn.execute(update(table).where(table.c.id == item_id).values(**values))
                pushed[name] += len(batch)
                continue
            for n, r in enumerate(batch, 1):
                row_key = _row_key(name, r)
                if (name, row_key) in refused:
                    continue
                try:
                    with conn.begin_nested():
                        conn.execute(stmt, [r])
                        if row_key in merges:
                            conn.execute(update(table).where(table.c.id == row_key).values(**merges[row_key]))
                except TRANSIENT_DB:
                    raise
                except DBAPIError as exc:
                    refused[(name, row_key)] = _refusal(exc)
                    log.info("central database refused %s %s: %s", name, row_key, refused[(name, row_key)])
                    continue
                pushed[name] += 1
                if n % 500 == 0 or n == len(batch):
                    self.progress(f"upsert:{name}", n, len(batch))
            if refused:
                self._merged_now = [i for i in self._merged_now if ("checklist_items", i) not in refused]
        if pushed.get("audit_events"):
            self._record_head(conn)

    def _merge_page_orders(self, conn, batch: list[dict]) -> dict[str, dict]:
        """Two stations added pages to one document: no page drops out of its order.

        For each pushed checklist item the centre already holds, the two page orders are merged
        (:func:`merge_page_orders`: the union, each side's relative order kept, pages added on
        both sides interleaved by capture time; pages either side removed or replaced stay out).
        A newer row from the station carries the merged order up; an older or equal one leaves
        the centre's row and only its order is updated.  Either way the centre's version moves
        past the station's, so the next pull brings the merged order down to every station.
        Returns the central updates ``{item_id: values}`` to apply after the upsert.  Each merge
        is logged (a log line, ``archivist_desktop.sync.engine``, INFO).
        """
        table = central_metadata.tables["checklist_items"]
        central: dict[str, tuple[list[str], int]] = {}
        ids = [r["id"] for r in batch]
        if self.is_pg and ids:  # one merge per document at a time, locks taken in one order
            conn.execute(
                text(
                    "SELECT pg_advisory_xact_lock(:c, h) FROM "
                    "(SELECT DISTINCT hashtext(i) AS h FROM unnest(CAST(:ids AS text[])) AS i ORDER BY 1) AS s"
                ),
                {"c": MERGE_LOCK_CLASS, "ids": ids},
            )
        for i in range(0, len(ids), 500):
            for item_id, order, version in conn.execute(
                select(table.c.id, table.c.page_order, table.c.version).where(table.c.id.in_(ids[i : i + 500]))
            ):
                central[item_id] = (json.loads(order or "[]"), version)
        candidates = []
        for r in batch:
            if r["id"] not in central:
                continue
            ours = json.loads(r["page_order"] or "[]")
            theirs, _ = central[r["id"]]
            if set(theirs) - set(ours):  # the centre has pages this station's order has not
                candidates.append((r, ours))
        if not candidates:
            return {}
        page_ids = sorted({p for r, ours in candidates for p in ours + central[r["id"]][0]})
        gone, captured = self._page_facts(conn, page_ids)
        updates: dict[str, dict] = {}
        for r, ours in candidates:
            theirs, central_version = central[r["id"]]
            ours_newer = r["version"] > central_version
            primary, secondary = (ours, theirs) if ours_newer else (theirs, ours)
            merged = merge_page_orders(primary, secondary, captured, gone)
            target = ours if ours_newer else theirs
            if merged == target:
                continue
            if ours_newer:
                r["page_order"] = json.dumps(merged)
                r["version"] += 1  # past the station's own version: its next pull takes the merge
            else:
                updates[r["id"]] = {
                    "page_order": json.dumps(merged),
                    "version": central_version + 1,
                    "updated_at": datetime.now(UTC),
                }
            self._merged_now.append(r["id"])
            log.info(
                "checklist item %s: page orders merged (station %s had %d pages, the centre %d; now %d)",
                r["id"],
                self.station_id,
                len(ours),
                len(theirs),
                len(merged),
            )
        return updates

    def _page_facts(self, conn, page_ids: list[str]) -> tuple[set[str], dict[str, str]]:
        """Pages no longer part of their document (here or centrally), and when each was captured."""
        gone: set[str] = set()
        captured: dict[str, str] = {}
        local_pages = Base.metadata.tables["pages"]
        central_pages = central_metadata.tables["pages"]
        for i in range(0, len(page_ids), 500):
            chunk = page_ids[i : i + 500]
            with self.local.connect() as lconn:
                local_rows = lconn.execute(
                    select(local_pages.c.id, local_pages.c.status, local_pages.c.captured_at).where(
                        local_pages.c.id.in_(chunk)
                    )
                ).all()
            central_rows = conn.execute(
                select(central_pages.c.id, central_pages.c.status, central_pages.c.captured_at).where(
                    central_pages.c.id.in_(chunk)
                )
            ).all()
            for page_id, status, at in [*central_rows, *local_rows]:
                if status != "active":
                    gone.add(page_id)
                captured.setdefault(page_id, _instant(at))
        return gone, captured

    def _record_head(self, conn) -> None:
        """Store this station's chain head: the last of its events the centre now holds."""
        events = central_metadata.tables["audit_events"]
        last = conn.execute(
            select(events.c.hash).where(events.c.station_id == self.station_id).order_by(events.c.seq.desc()).limit(1)
        ).scalar_one()
        count = conn.execute(
            select(func.count()).select_from(events).where(events.c.station_id == self.station_id)
        ).scalar_one()
        now = datetime.now(UTC).replace(tzinfo=None)
        stmt = upsert_by(conn, station_heads, ["station_id"]).values(
            station_id=self.station_id, head_hash=last, events=count, updated_at=now
        )
        conn.execute(stmt)

    # --- pull -----------------------------------------------------------------------------------

    #: the station's own unit (its ``station_unit`` setting): scopes the pull where the centre
    #: does not (an embedded SQLite centre, or a login without a unit of its own)
    unit: str | None = None

    def pull_scope(self) -> PullScope:
        """What this station pulls: its login's unit subtree (row-level security), else its own unit's."""
        with self.central.connect() as conn:
            unit, enforced = None, False
            if self.is_pg:
                unit = conn.execute(
                    select(station_logins.c.unit_code).where(station_logins.c.login == func.current_user())
                ).scalar_one_or_none()
                enforced = unit is not None
            unit = unit or self.unit or None
            if unit is None:  # a station without a unit: everything its login may read
                return PullScope(None)
            tree = conn.execute(select(units.c.code, units.c.parent_code)).all()
        children: dict[str | None, list[str]] = defaultdict(list)
        parent_of = {}
        for code, parent in tree:
            children[parent].append(code)
            parent_of[code] = parent
        found, todo = [], [unit]
        while todo:
            code = todo.pop()
            found.append(code)
            todo.extend(children.get(code, ()))
        # a root unit (the whole company) also sees rows that belong to no unit
        root = unit in parent_of and parent_of[unit] is None
        return PullScope(tuple(sorted(set(found))), unassigned=root, enforced=enforced)

    def pull(self, counts: SyncCounts) -> None:
        """Apply central changes up to the centre's current high-water mark, parents first.

        Only the rows of the station's scope (:meth:`pull_scope`) come down: on PostgreSQL the
        centre's row-level security decides; elsewhere the pull query filters the same way.
        A changed scope (another unit, a moved subtree, more pulled tables) starts over from
        cursor 0; rows already here are only ever advanced, never replaced by older versions.

        Rows travel as plain tuples (no ORM, no per-value type processing): a station that
        pulls ten thousand work orders with their checklists does so in seconds.
        """
        scope = self.pull_scope()
        signature = scope.signature()
        with self.local.connect() as conn:
            meta = dict(
                conn.execute(
                    select(LocalMeta.key, LocalMeta.value).where(LocalMeta.key.in_([_CURSOR_KEY, _SCOPE_KEY]))
                ).all()
            )
        cursor = int(meta.get(_CURSOR_KEY) or 0)
        if meta.get(_SCOPE_KEY, signature) != signature and cursor:
            cursor = 0  # another scope: rows below the old cursor may be new to this station
        with self.central.begin() as conn:
            if self.is_pg:  # for a moment no push is half-way: every number up to the mark is final
                _hold_writers_back(conn)
            tops = [
                conn.execute(select(func.max(central_metadata.tables[t].c.change_seq))).scalar_one() or 0
                for t in PULLED
            ]
        high = max(tops)
        if high <= cursor:
            if meta.get(_SCOPE_KEY) != signature:
                with self.local.begin() as conn:
                    _set_meta(conn, _SCOPE_KEY, signature)
            return
        # one local transaction for the whole pass, cursor included: a pass killed half-way
        # applies nothing and the next one starts from the same cursor.  Foreign keys are not
        # re-checked row by row: the centre enforced them and parents arrive first.
        with self.local.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside a transaction, or it is ignored
            conn.commit()
            try:
                with conn.begin():
                    self._apply_pulled(conn, cursor, high, counts, scope)
                    _set_meta(conn, _SCOPE_KEY, signature)
            finally:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()

    def _apply_pulled(self, local, cursor: int, high: int, counts: SyncCounts, scope: PullScope | None = None) -> None:
        scope = scope or PullScope(None)
        for name in PULLED:
            local_table = Base.metadata.tables[name]
            names = [c.name for c in local_table.columns]
            kinds = [_kind(c.type) for c in local_table.columns]
            # PostgreSQL formats dates itself (see _as_sqlite_text); SQLite hands back text already
            converted = [] if self.is_pg else [(i, k) for i, k in enumerate(kinds) if k]
            plain = sql_table(name, *(sql_column(n) for n in names), sql_column("change_seq"))
            columns = [
                _as_sqlite_text(plain.c[n], k) if self.is_pg else plain.c[n] for n, k in zip(names, kinds, strict=True)
            ]
            empty = local.exec_driver_sql(f"SELECT 1 FROM {name} LIMIT 1").first() is None
            # a station's first pull meets empty tables: nothing can conflict, so plain inserts
            apply = _local_insert_sql(names, name) if empty else _local_upsert_sql(local_table, names, name)
            window = and_(plain.c.change_seq > cursor, plain.c.change_seq <= high)
            in_scope = _scope_condition(name, plain, scope)
            where = window if in_scope is None else and_(window, in_scope)
            with self.central.connect() as conn:
                incoming = conn.execute(select(func.count()).select_from(plain).where(where)).scalar_one()
            if not incoming:
                continue
            rebuild = _drop_secondary_indexes(local, name) if incoming >= BULK_PULL_ROWS else []
            keep = _hand_over_filter(local, names, scope) if name == "hand_overs" else None
            # one streamed query per table (a server-side cursor on PostgreSQL): one scan, whatever
            # the planner's statistics say about a table that has just grown
            query = select(*columns).where(where).order_by(plain.c.change_seq)
            with self.central.connect() as conn:
                result = conn.execution_options(stream_results=True, yield_per=self.pull_batch).execute(query)
                for rows in result.partitions():
                    if converted:
                        values = [list(r) for r in rows]
                        for i, kind in converted:
                            for v in values:
                                v[i] = _to_sqlite(v[i], kind)
                        batch = [tuple(v) for v in values]
                    else:
                        batch = [tuple(r) for r in rows]
                    if keep is not None:
                        batch = [r for r in batch if keep(r)]
                    if batch:
                        local.exec_driver_sql(apply, batch)  # raw: no outbox rows
                    counts.pulled[name] += len(batch)
                    self.progress("pull", counts.pulled[name], incoming)
            for ddl in rebuild:  # one sorted build beats many random inserts
                local.exec_driver_sql(ddl)
        _set_meta(local, _CURSOR_KEY, str(high))


@dataclass(frozen=True)
class PullScope:
    """The central rows a station pulls: those of ``units`` (a unit and every unit below it).

    ``units`` ``None``: no scope of its own (everything the login may read).  ``unassigned``:
    rows that belong to no unit too (a root unit's station, the whole company).  ``enforced``:
    the centre's row-level security applies this scope already (the query need not).
    """

    units: tuple[str, ...] | None
    unassigned: bool = True
    enforced: bool = False

    def signature(self) -> str:
        return json.dumps({"units": self.units, "unassigned": self.unassigned, "tables": PULLED})


def _set_meta(conn, key: str, value: str) -> None:
    conn.execute(upsert_by(conn, cast(Table, LocalMeta.__table__), ["key"]).values(key=key, value=value))


def _scope_condition(name: str, plain, scope: PullScope):
    """The pull query's filter for ``scope`` (``None``: none needed): the same rule as the row-level
    security of :func:`archivist_desktop.sync.central.grant_station_role`."""
    if scope.units is None or scope.enforced:
        return None
    unit_codes = scope.units

    def in_units(col):
        inside = col.in_(unit_codes)
        return or_(inside, func.coalesce(col, "") == "") if scope.unassigned else inside

    def t(table: str, *cols: str):
        return sql_table(table, *(sql_column(c) for c in cols))

    users, customers, orders = (
        t("users", "username", "unit"),
        t("customers", "id", "unit"),
        t("work_orders", "id", "unit"),
    )
    items, volumes = t("checklist_items", "id", "work_order_id"), t("volumes", "id", "customer_id", "box_id")
    visible_orders = select(orders.c.id).where(in_units(orders.c.unit))
    visible_customers = select(customers.c.id).where(in_units(customers.c.unit))
    visible_items = select(items.c.id).where(items.c.work_order_id.in_(visible_orders))
    visible_volumes = select(volumes.c.id).where(volumes.c.customer_id.in_(visible_customers))
    c = plain.c
    if name in ("users", "customers", "work_orders"):
        return in_units(c.unit)
    if name in ("step_completions", "checklist_items", "rescan_tasks"):
        return c.work_order_id.in_(visible_orders)
    if name in ("pages", "reviews", "page_texts"):
        return c.item_id.in_(visible_items)
    if name == "volumes":
        return c.customer_id.in_(visible_customers)
    if name in ("volume_items", "loans"):
        return c.volume_id.in_(visible_volumes)
    if name == "boxes":  # made by someone of the scope, or holding one of its volumes
        held = select(volumes.c.box_id).where(volumes.c.customer_id.in_(visible_customers))
        return or_(c.created_by.in_(select(users.c.username).where(in_units(users.c.unit))), c.id.in_(held))
    return None  # hand_overs: by their documents, after the checklist items (_hand_over_filter)


def _hand_over_filter(local, names: list[str], scope: PullScope):
    """For a scope the centre does not enforce: keep a hand-over that lists a document of this
    station (its checklist items came down first) or was received by one of its people."""
    if scope.units is None or scope.enforced:
        return None
    items_at, received_at = names.index("item_ids"), names.index("received_by")
    people = set(local.exec_driver_sql("SELECT username FROM users").scalars())

    def keep(row: tuple) -> bool:
        if row[received_at] in people:
            return True
        ids = [str(i) for i in json.loads(row[items_at] or "[]")]
        if not ids:
            return False
        marks = ", ".join("?" for _ in ids)
        found = local.exec_driver_sql(f"SELECT 1 FROM checklist_items WHERE id IN ({marks}) LIMIT 1", tuple(ids))
        return found.first() is not None

    return keep


#: pulling at least this many rows into a table rebuilds its secondary indexes afterwards
BULK_PULL_ROWS = 20_000


def _drop_secondary_indexes(conn, table: str) -> list[str]:
    """Drop a local table's explicit indexes (not its keys or unique constraints); return their DDL."""
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
    ).all()
    for index_name, _sql in rows:
        conn.exec_driver_sql(f'DROP INDEX "{index_name}"')
    return [ddl for _name, ddl in rows]


def _as_sqlite_text(column, kind: str):
    """A PostgreSQL column rendered the way the local SQLite store keeps it, by the server."""
    if kind == "datetime":
        return func.to_char(column, "YYYY-MM-DD HH24:MI:SS.US").label(column.name)
    if kind == "date":
        return func.to_char(column, "YYYY-MM-DD").label(column.name)
    if kind == "bool":
        return column.cast(Integer).label(column.name)
    return column


def _kind(type_) -> str:
    if isinstance(type_, UTCDateTime) or isinstance(type_, DateTime):
        return "datetime"
    if isinstance(type_, Date):
        return "date"
    if isinstance(type_, Boolean):
        return "bool"
    return ""


def _to_sqlite(value, kind: str):
    """A central value as the local SQLite store keeps it (SQLAlchemy's text formats)."""
    if value is None or isinstance(value, str):
        return value
    if kind == "datetime":
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(" ", "microseconds")
    if kind == "date":
        return value.isoformat()
    if kind == "bool":
        return int(value)
    return value


def _local_insert_sql(names: list[str], name: str) -> str:
    return f"INSERT INTO {name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"


def _local_upsert_sql(table, names: list[str], name: str) -> str:
    cols = ", ".join(names)
    marks = ", ".join("?" for _ in names)
    head = f"INSERT INTO {name} ({cols}) VALUES ({marks})"
    if name == "users":  # central is the authority on people; local ids stay
        sets = ", ".join(f"{n} = excluded.{n}" for n in names if n not in ("id", "username"))
        return f"{head} ON CONFLICT (username) DO UPDATE SET {sets}"
    if name == "pages":  # content never changes; the status only moves on from active (as centrally)
        return (
            f"{head} ON CONFLICT (id) DO UPDATE SET status = excluded.status "
            "WHERE pages.status = 'active' AND excluded.status <> 'active'"
        )
    if name in IMMUTABLE:
        return f"{head} ON CONFLICT DO NOTHING"
    key = [c.name for c in table.primary_key.columns]
    sets = ", ".join(f"{n} = excluded.{n}" for n in names if n not in key)
    # OR IGNORE: a central row that clashes with a local one on another unique key (the same order
    # imported here too, whose local rows the centre refused and set aside) leaves the local row as
    # it is instead of failing the whole pull
    head = head.replace("INSERT INTO", "INSERT OR IGNORE INTO", 1)
    return f"{head} ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets} WHERE {name}.version < excluded.version"


TRANSIENT = (OperationalError,)
#: driver errors that say nothing about a row: the connection, not the data (retried, never set aside)
TRANSIENT_DB = (OperationalError, InterfaceError)


def sync_once(
    local: Engine,
    files: PageFiles,
    central: Engine,
    station_id: str,
    progress: Progress | None = None,
    retries: int = 6,
    sleep=time.sleep,
    retry_rejected: bool = False,
    rejected: RejectedRows | None = None,
    unit: str | None = None,
) -> SyncCounts:
    """Push then pull, retrying the whole (idempotent) pass when the connection drops.

    Rows the centre refuses are set aside (``counts.rejected``, kept in ``sync_rejected.json``)
    and the pass goes on; ``retry_rejected`` first puts the set-aside rows back into the outbox.
    ``unit`` is the station's own unit (see :meth:`Syncer.pull_scope`).
    Raises :class:`OperationalError` when the central database stays unreachable.
    """
    counts = SyncCounts()
    syncer = Syncer(local, files, central, station_id, progress, rejected=rejected)
    syncer.unit = unit or None  # the station's unit: scopes the pull where the centre does not
    if retry_rejected:
        syncer.retry_rejected()

    def one_pass() -> None:
        try:
            t0 = time.perf_counter()
            syncer.push(counts)
            t1 = time.perf_counter()
            syncer.pull(counts)
            counts.phases = {"push": (t0, t1), "pull": (t1, time.perf_counter())}
        except TRANSIENT:
            central.dispose()  # the pool's connections are dead: the next attempt opens fresh ones
            raise

    retryer = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(TRANSIENT),
        stop=tenacity.stop_after_attempt(retries + 1),
        wait=tenacity.wait_exponential(multiplier=0.5, max=8.0),  # 0.5 s, 1 s, 2 s, … at most 8 s
        sleep=sleep,
        reraise=True,
    )
    try:
        retryer(one_pass)
    except TRANSIENT:
        counts.pending = syncer.pending()
        counts.rejected = [r.to_json() for r in syncer.rejected.rows()]
        raise
    counts.pending = syncer.pending()
    counts.rejected = [r.to_json() for r in syncer.rejected.rows()]
    return counts
