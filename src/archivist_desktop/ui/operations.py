"""The one way the user interface runs work off the GUI thread.

:class:`OperationRunner` has four lanes, each a small thread pool:

``write``   one thread: every database write, in submission order (SQLite has one writer).
            On success the runner emits ``archive_changed(changes, initiator)`` once, after ``on_done``.
``read``    two threads: queries (lists, checklists, reminders, the dashboard, search, sign-in).
            Archive sessions are made per call from a thread-safe ``sessionmaker`` over a
            ``QueuePool`` with ``check_same_thread=False`` (SQLAlchemy's default for SQLite files)
            and WAL, so readers run beside the writer.  The dashboard's slow summary pass also runs
            here: its one small write waits on SQLite's busy timeout, never on the writer's queue.
``compute`` one thread: CPU work that must not queue behind the database (processing a capture).
``sync``    one thread: the sync pass with the central database, on its own SQLite engine
            (:func:`archivist_desktop.services.sync.sync_station`), so a long push never blocks a write.
            Rows it pulled come back as ``archive_changed(Changes.from_tables(...), initiator)``.

Every lane hands results back the same way: ``on_done(result)`` / ``on_error(exc)`` run on the GUI
thread (queued signal) and are dropped when ``context`` — usually the widget asking — has been
deleted meanwhile.  Results are handed back one per turn of the event loop, in the order the work
ended, and a write's ``archive_changed`` comes in the turn after its ``on_done``: when a capture's
write ends and the checklist, order list and reminders reloads end with it, paint and input run between
them instead of waiting for all of them at once (issue 17: the GUI's longest pause after a shutter).
Work functions that take a ``state`` keyword (``with_state=True``) get a
:class:`TaskState` to report progress on and to notice cancellation.

Threads that stay dedicated (they are loops, not tasks):

* ``camera/grabber.py`` — the camera grabbing thread (one per open camera, frames by queued signal);
* ``ui/camera_feed.py`` — the live-view preview thread (decodes the newest frame for display) and the
  barcode reader beside it (one thread, newest frame only);
* ``ui/page_viewer.py`` — :class:`PageLoader`, the viewer's page decoder (one thread, an LRU of images).

They are not operations (no ``on_done``, nothing written): each is a loop over the newest frame or
request and reports by queued signal carrying plain data, dropped when its receiver is gone, so the
GUI thread never waits on them.  Everything else goes through this runner.

Errors without an ``on_error``: a :class:`~archivist_desktop.errors.KnownError` becomes
``task_failed(its message)``; anything else is logged with its traceback and becomes
``task_failed(an internal-error text)``.  :func:`show_error` is the one error dialog.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

from archivist_desktop.errors import KnownError, as_storage_error
from archivist_desktop.services.changes import Changes
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.qt import QCoreApplication, QMessageBox, QObject, Qt, QTimer, QWidget, Signal, isValid

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ChangesSpec = Changes | Callable[[Any], Changes]

#: how long a thread may hold the interpreter lock while another waits for it (see OperationRunner)
GIL_SWITCH_INTERVAL_S = 0.001

WRITE, READ, COMPUTE, SYNC = "write", "read", "compute", "sync"
_LANES = {WRITE: 1, READ: 2, COMPUTE: 1, SYNC: 1}


class Cancelled(Exception):
    """Raised by a work function that noticed :attr:`TaskState.cancelled`; never reported as an error."""


class TaskState:
    """What a work function shares with the GUI: progress and cancellation (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = threading.Event()
        self._progress: tuple[int, int, str] = (0, 0, "")
        self._report: Callable[[int, int, str], None] | None = None

    def set_progress(self, done: int, total: int, text: str = "") -> None:
        """Called by the work function, from its thread; the runner re-emits it as ``progress_changed``."""
        with self._lock:
            self._progress = (done, total, text)
            report = self._report
        if report is not None:
            report(done, total, text)

    @property
    def progress(self) -> tuple[int, int, str]:
        with self._lock:
            return self._progress

    def cancel(self) -> None:
        """Ask the work to stop; its ``on_done`` will not run."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled()


@dataclass(eq=False)
class Operation:
    """The handle of one submitted piece of work."""

    lane: str
    state: TaskState
    future: Future

    def cancel(self) -> None:
        """Cancel: drop it if it has not started, else ask it to stop (``state.cancelled``)."""
        self.state.cancel()
        self.future.cancel()

    @property
    def cancelled(self) -> bool:
        return self.state.cancelled


@dataclass(frozen=True)
class _Outcome:
    op: Operation
    context: QObject | None
    on_done: Callback | None
    on_error: Callback | None
    changes: ChangesSpec | None
    initiator: object | None
    result: Any
    error: BaseException | None


class OperationRunner(QObject):
    """Runs work on the write, read, compute and sync lanes; results come back on the GUI thread.

    Signals:
        busy_changed(bool): database work (write or read) is queued or running / none is left.
        archive_changed(object, object): a write (or a sync pass that pulled rows) completed:
            the :class:`Changes` and the initiator passed to :meth:`write`.
        progress_changed(object, int, int, str): an :class:`Operation`, done, total, text.
        task_failed(str): work without an ``on_error`` failed; the text is for people.
    """

    busy_changed = Signal(bool)
    archive_changed = Signal(object, object)
    progress_changed = Signal(object, int, int, str)
    task_failed = Signal(str)
    _finished = Signal(object)  # an _Outcome, emitted on a worker thread, delivered queued
    _progress = Signal(object, int, int, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # the lanes run Python beside the GUI thread: hand the interpreter lock over every millisecond, not
        # every 5 (CPython's default), so that a paint or a key press never waits long behind a query
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL_S))
        self._lanes: dict[str, ThreadPoolExecutor] | None = {
            lane: ThreadPoolExecutor(max_workers=n, thread_name_prefix=f"archivist-{lane}")
            for lane, n in _LANES.items()
        }
        self._pending = 0
        self._live: set[Operation] = set()
        self._live_lock = threading.Lock()
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        #: GUI-thread steps still to run, one per turn of the event loop (see the module's docstring)
        self._steps: deque[Callable[[], None]] = deque()
        self._step_timer = QTimer(self)
        self._step_timer.setSingleShot(True)
        self._step_timer.setInterval(0)
        self._step_timer.timeout.connect(self._run_step)
        self._progress.connect(self.progress_changed, Qt.ConnectionType.QueuedConnection)

    # --- state --------------------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        """False once :meth:`shutdown` began: nothing more can be submitted."""
        return self._lanes is not None

    @property
    def pending(self) -> int:
        """Database operations (write, read) submitted whose callbacks have not run yet."""
        return self._pending

    # --- the verbs ----------------------------------------------------------------------------------

    def write(
        self,
        fn: Callable[..., Any],
        *args: Any,
        changes: ChangesSpec,
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        context: QObject | None = None,
        initiator: object | None = None,
        with_state: bool = False,
        **kwargs: Any,
    ) -> Operation:
        """Run ``fn(*args, **kwargs)`` on the one writer thread, after the writes submitted before it.

        On success ``on_done(result)`` runs, then ``archive_changed(changes, initiator)`` is emitted
        (``changes`` may be a function of the result; nothing is emitted when it is empty).  The
        signal is emitted even if ``context`` was deleted: the archive did change.
        """
        return self._submit(WRITE, fn, args, kwargs, on_done, on_error, context, changes, initiator, with_state)

    def read(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        context: QObject | None = None,
        with_state: bool = False,
        **kwargs: Any,
    ) -> Operation:
        """Run a query on the reader pool (two threads; no order between reads)."""
        return self._submit(READ, fn, args, kwargs, on_done, on_error, context, None, None, with_state)

    def compute(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        context: QObject | None = None,
        with_state: bool = False,
        **kwargs: Any,
    ) -> Operation:
        """Run CPU work (image processing) on its own thread, never queued behind the database."""
        return self._submit(COMPUTE, fn, args, kwargs, on_done, on_error, context, None, None, with_state)

    def sync(
        self,
        fn: Callable[..., Any],
        *args: Any,
        changes: ChangesSpec | None = None,
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        context: QObject | None = None,
        initiator: object | None = None,
        with_state: bool = False,
        **kwargs: Any,
    ) -> Operation:
        """Run a sync pass on the dedicated sync thread; like :meth:`write`, reports what it changed.

        ``fn`` must use its own database engine (the writer's and readers' sessions are not its).
        """
        return self._submit(SYNC, fn, args, kwargs, on_done, on_error, context, changes, initiator, with_state)

    # --- plumbing -----------------------------------------------------------------------------------

    def _submit(
        self,
        lane: str,
        fn: Callable[..., Any],
        args: tuple,
        kwargs: dict,
        on_done: Callback | None,
        on_error: Callback | None,
        context: QObject | None,
        changes: ChangesSpec | None,
        initiator: object | None,
        with_state: bool,
    ) -> Operation:
        if self._lanes is None:
            raise RuntimeError("the operation runner has been shut down")
        state = TaskState()
        if with_state:
            kwargs = {**kwargs, "state": state}
        op = Operation(lane, state, Future())

        def run() -> Any:
            if state.cancelled:
                raise Cancelled()
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:  # handed to on_error on the GUI thread
                self._finished.emit(_Outcome(op, context, on_done, on_error, changes, initiator, None, exc))
                raise
            self._finished.emit(_Outcome(op, context, on_done, on_error, changes, initiator, result, None))
            return result

        def ended(future: Future) -> None:
            self._forget(op)
            if future.cancelled():  # dropped before it started: the bookkeeping still needs its outcome
                self._finished.emit(_Outcome(op, None, None, None, None, None, None, CancelledError()))

        state._report = lambda done, total, text: self._progress.emit(op, done, total, text)
        if lane in (WRITE, READ):
            self._pending += 1
            if self._pending == 1:
                self.busy_changed.emit(True)
        with self._live_lock:
            self._live.add(op)
        op.future = self._lanes[lane].submit(run)
        op.future.add_done_callback(ended)
        return op

    def _forget(self, op: Operation) -> None:
        with self._live_lock:
            self._live.discard(op)

    def _on_finished(self, outcome: _Outcome) -> None:
        self._steps.append(partial(self._deliver, outcome))
        if not self._step_timer.isActive():
            self._step_timer.start()

    def _run_step(self) -> None:
        try:
            if self._steps:
                self._steps.popleft()()
        finally:
            if self._steps:
                self._step_timer.start()  # the next one in the next turn: paint and input come between

    def _deliver(self, outcome: _Outcome) -> None:
        op = outcome.op
        announce = None
        try:
            if self._lanes is None:
                return  # shut down: callbacks of work still in flight are dropped
            if outcome.error is None:
                alive = outcome.context is None or isValid(outcome.context)
                if alive and not op.state.cancelled and outcome.on_done is not None:
                    outcome.on_done(outcome.result)
                if outcome.changes is not None:
                    changes = outcome.changes(outcome.result) if callable(outcome.changes) else outcome.changes
                    if changes.any():
                        announce = partial(self._announce, op, changes, outcome.initiator)
                        self._steps.appendleft(announce)  # the very next step: before any later result
            elif isinstance(outcome.error, (Cancelled, CancelledError)):
                pass
            elif outcome.context is None or isValid(outcome.context):
                if outcome.on_error is not None:
                    outcome.on_error(outcome.error)
                else:
                    self.task_failed.emit(report_text(outcome.error))
        finally:
            if announce is None:
                self._done(op)

    def _announce(self, op: Operation, changes: Changes, initiator: object) -> None:
        try:
            if self._lanes is not None:
                self.archive_changed.emit(changes, initiator)
        finally:
            self._done(op)

    def _done(self, op: Operation) -> None:
        """The operation's callbacks have all run (``pending`` counts down only then)."""
        if op.lane in (WRITE, READ):
            self._pending -= 1
            if self._pending == 0:
                self.busy_changed.emit(False)

    def shutdown(self, final: Callable[[], Any] | None = None) -> None:
        """Run ``final`` (e.g. closing the archive) on the writer after the queued writes, stop every lane, join.

        Queued reads and computations are dropped; running ones are asked to stop (``state.cancelled``);
        callbacks of work still in flight are dropped.
        """
        lanes, self._lanes = self._lanes, None
        if lanes is None:
            return
        with self._live_lock:
            live = list(self._live)
        for op in live:
            if op.lane in (READ, COMPUTE):
                op.cancel()
        for lane in (READ, COMPUTE, SYNC):  # joined first: nothing uses the archive when `final` closes it
            lanes[lane].shutdown(wait=True, cancel_futures=lane != SYNC)
        if final is not None:
            lanes[WRITE].submit(_logged, final)
        lanes[WRITE].shutdown(wait=True, cancel_futures=False)


def _logged(fn: Callable[[], Any]) -> None:
    try:
        fn()
    except Exception:
        log.exception("final database task failed")


# --- the one error display ------------------------------------------------------------------------------


def log_path() -> str:
    """Where the log file is (the first file handler of the root logger), or "" when logging to a console."""
    for handler in logging.getLogger().handlers:
        name = getattr(handler, "baseFilename", "")
        if name:
            return str(name)
    return ""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Operations", text)


def report_text(exc: BaseException, what: str = "") -> str:
    """The text for people: a known error's message in the desk's language (``ui/errors.py``); else logged."""
    prefix = f"{what}: " if what else ""
    exc = as_storage_error(exc) or exc  # a read-only or full data directory: the user's to fix
    if isinstance(exc, KnownError):
        return prefix + error_text(exc)
    log.error("internal error%s", f" ({what})" if what else "", exc_info=exc)
    path = log_path()
    where = _tr("details are in the log: {path}").format(path=path) if path else _tr("details are in the log")
    return prefix + _tr("internal error ({error}); please report it — {where}").format(
        error=f"{type(exc).__name__}: {exc}", where=where
    )


def show_error(parent: QWidget | None, exc: BaseException, what: str = "") -> QMessageBox:
    """THE error dialog: a known error's message as a warning; anything else as an internal error to report.

    The box is opened window-modal without blocking and deletes itself when closed.
    """
    known = isinstance(exc, KnownError) or as_storage_error(exc) is not None
    text = report_text(exc, what)
    icon = QMessageBox.Icon.Warning if known else QMessageBox.Icon.Critical
    title = _tr("Not possible") if known else _tr("Internal error")
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorMessage")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
