"""Numbers that must be unique company-wide: archival codes (档号), box numbers (盒号), hand-over receipts.

Design
------
*Where a number comes from.*  A station connected to a centre (the ``central_url`` setting) takes
each number from the central table ``number_counters(series, next_value)`` (central migration
c008): one central transaction increments the series' row with ``INSERT … ON CONFLICT DO UPDATE
… RETURNING``, so PostgreSQL's row lock hands every number out exactly once, whichever archive room
asks.  A station login may only call the function ``archivist_next_number(series, floor)``
(``SECURITY DEFINER``; the station role has no INSERT or UPDATE on the table).  A station without a
centre (a single desk) numbers locally as before: ``max + 1`` inside its own transaction.

*Offline.*  A connected station whose centre cannot be reached is **refused**, with
:class:`NumbersOffline` (a :class:`~archivist_desktop.errors.CentralUnreachable`, exit status 2):
"archival codes are allocated by the central database; it is unreachable — file again when
connected".  Nothing is written: the refusal happens inside the local transaction, which rolls
back.  So a second archive room filing offline never makes a number the centre would refuse at
push (no set-aside row, :mod:`archivist_desktop.sync.rejected`).  Leasing blocks of numbers to
stations was not chosen: a leased block left unused leaves gaps in the register, and the archive
room works online.

*Series.*  ``volume:{fonds}-{category}-{year}-{retention}``, ``box:{fonds}-{year}-{retention}``,
``handover:YJ{yyyymmdd}`` — the same groups the local counters use.  The caller passes a *floor*,
the number local allocation would give (local ``max + 1``): the centre hands out
``max(next_value, floor)``, so a station that numbered alone before joining a centre never gets
a number it already holds.  c008 seeds the counters from the rows already at the centre.

*Gaps.*  The central increment commits before the local transaction that records the number.
A number taken by an attempt that lost a local race (SQLite write lock, a unique conflict) is
reused by the next attempt of the same operation when it is still free locally; a number the
operation finally did not record (the operation failed, or the number was taken meanwhile) is a
*voided gap*, logged at WARNING as ``number voided: <series> <n>`` with the reason.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from archivist_desktop.errors import CentralUnreachable
from archivist_desktop.services.archive import Archive

log = logging.getLogger(__name__)
T = TypeVar("T")

#: what each kind of series numbers, and what to do again once connected (the refusal's wording)
KINDS = {
    "volume": ("archival codes", "file again when connected"),
    "box": ("box numbers", "create the box again when connected"),
    "handover": ("hand-over receipt numbers", "receive the hand-over again when connected"),
}


class NumbersOffline(CentralUnreachable):
    """A number that must be unique company-wide was asked for while the central database is unreachable."""

    def __init__(self, kind: str, detail: str = ""):
        what, again = KINDS[kind]
        super().__init__(f"{what} are allocated by the central database; it is unreachable — {again}")
        self.kind = kind
        self.detail = detail  # why the centre could not be asked (for logs), not shown


def volume_series(fonds: str, category: str, year: int, retention: str) -> str:
    return f"volume:{fonds}-{category}-{year}-{retention}"


def box_series(fonds: str, year: int, retention: str) -> str:
    return f"box:{fonds}-{year}-{retention}"


def hand_over_series(prefix: str) -> str:
    """``prefix`` is the day's receipt prefix without its dash, ``YJ20261201``."""
    return f"handover:{prefix}"


# --- the central connection, one per open archive ------------------------------------------------

_lock = threading.Lock()
_engines: weakref.WeakKeyDictionary[Archive, tuple[str, Engine]] = weakref.WeakKeyDictionary()


def _forget(archive: Archive) -> None:
    with _lock:
        held = _engines.pop(archive, None)
    if held is not None:
        held[1].dispose()


def _central(archive: Archive, url: str, kind: str) -> Engine:
    with _lock:
        held = _engines.get(archive)
        if held is not None and held[0] == url:
            return held[1]
    from archivist_desktop.services.sync import open_central

    try:
        engine = open_central(url, archive)
    except CentralUnreachable as exc:
        raise NumbersOffline(kind, str(exc)) from exc
    with _lock:
        held = _engines.get(archive)
        if held is not None:
            held[1].dispose()
        _engines[archive] = (url, engine)
        weakref.finalize(archive, engine.dispose)
    return engine


_NEXT_SQLITE = text(
    "INSERT INTO number_counters (series, next_value) VALUES (:series, max(:floor, 1) + 1) "
    "ON CONFLICT (series) DO UPDATE SET next_value = max(number_counters.next_value, excluded.next_value - 1) + 1 "
    "RETURNING next_value - 1"
)


def central_next(engine: Engine, series: str, floor: int) -> int:
    """Take the next number of ``series`` at the centre (at least ``floor``), in one committed transaction."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            value = conn.execute(
                text("SELECT archivist_next_number(:series, :floor)"), {"series": series, "floor": floor}
            ).scalar_one()
        else:  # a SQLite centre (tests, a trial): the same upsert, run directly
            value = conn.execute(_NEXT_SQLITE, {"series": series, "floor": floor}).scalar_one()
    return int(value)


# --- one operation's numbers, kept across its retries ----------------------------------------------


class Numbers:
    """The numbers one operation (file, create a box, receive a hand-over) takes.

    :meth:`next` is asked inside the local transaction, in the same order on every attempt; the
    n-th ask of a series on a retry gets the number the previous attempt took, when it is still
    free here.  Use through :func:`numbering`.
    """

    def __init__(self, archive: Archive, url: str):
        self.archive = archive
        self.url = url
        self._taken: dict[str, list[int]] = {}  # series -> numbers taken at the centre, in ask order
        self._asked: dict[str, int] = {}  # this attempt: series -> how many asked so far

    @property
    def central(self) -> bool:
        return bool(self.url)

    def next(self, kind: str, series: str, floor: int) -> int:
        """The number to record: ``floor`` (the local ``max + 1``) alone, else the centre's next."""
        if not self.url:
            return floor
        index = self._asked.get(series, 0)
        self._asked[series] = index + 1
        taken = self._taken.setdefault(series, [])
        if index < len(taken):
            if taken[index] >= floor:  # still free here: reuse it (no gap)
                return taken[index]
            self._void(series, taken[index], "taken on this station meanwhile")
            taken[index] = self._take(kind, series, floor)
            return taken[index]
        taken.append(self._take(kind, series, floor))
        return taken[-1]

    def _take(self, kind: str, series: str, floor: int) -> int:
        engine = _central(self.archive, self.url, kind)
        try:
            return central_next(engine, series, floor)
        except (OperationalError, InterfaceError) as exc:
            _forget(self.archive)
            raise NumbersOffline(kind, str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
        except DBAPIError as exc:
            if exc.connection_invalidated:
                _forget(self.archive)
                raise NumbersOffline(kind, type(exc).__name__) from exc
            raise

    def _void(self, series: str, number: int, reason: str) -> None:
        log.warning("number voided: %s %d (%s)", series, number, reason)

    def attempt(self, fn: Callable[[], T]) -> Callable[[], T]:
        """``fn`` as one attempt of the operation: each attempt asks its numbers from the start again."""

        def run() -> T:
            self._asked = {}
            return fn()

        return run

    def finish(self, ok: bool) -> None:
        """Log the numbers taken and not recorded (voided gaps); ``ok``: the last attempt committed."""
        for series, taken in self._taken.items():
            used = self._asked.get(series, 0) if ok else 0
            for number in taken[used:]:
                self._void(series, number, "not recorded: the operation " + ("did not need it" if ok else "failed"))
        self._taken = {}


@contextmanager
def numbering(archive: Archive) -> Iterator[Numbers]:
    """The numbers of one operation: ``with numbering(archive) as numbers:
    result = _retrying(numbers.attempt(run))``, where ``run`` calls ``numbers.next(…)``."""
    numbers = Numbers(archive, archive.settings["central_url"] or "")
    try:
        yield numbers
    except BaseException:
        numbers.finish(ok=False)
        raise
    numbers.finish(ok=True)


def close_numbers(archive: Archive) -> None:
    """Drop the archive's kept connection to the central database (reconnects on the next number)."""
    _forget(archive)
