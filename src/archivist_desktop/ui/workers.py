"""The database worker: every service call runs on one thread, results come back by queued signal.

The GUI thread never waits on the database (DESIGN.md §2).  Services return plain frozen
dataclasses, so what crosses back to the GUI thread is plain data.
"""
from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from archivist_desktop.ui.qt import QObject, Qt, Signal, isValid

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


@dataclass(frozen=True)
class _Outcome:
    context: QObject | None
    on_done: Callback | None
    on_error: Callback | None
    result: Any
    error: BaseException | None


class DbWorker(QObject):
    """Runs callables one at a time on a single database thread.

    SQLite has one writer, and an :class:`~archivist_desktop.services.archive.Archive` is used
    from one thread at a time, so one thread runs them all, in submission order.

    Signals:
        busy_changed(bool): work is queued or running (True) / the queue ran empty (False).
        task_failed(str): a task without an ``on_error`` callback raised; the text says what.
    """

    busy_changed = Signal(bool)
    task_failed = Signal(str)
    _finished = Signal(object)  # an _Outcome, emitted on the worker thread, delivered queued

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archivist-db")
        self._pending = 0
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    @property
    def is_running(self) -> bool:
        return self._executor is not None

    @property
    def pending(self) -> int:
        """Tasks submitted whose callbacks have not run yet."""
        return self._pending

    def submit(self, fn: Callable[..., Any], *args: Any, on_done: Callback | None = None,
               on_error: Callback | None = None, context: QObject | None = None, **kwargs: Any) -> Future:
        """Run ``fn(*args, **kwargs)`` on the database thread.

        ``on_done(result)`` or ``on_error(exception)`` then runs on the GUI thread, unless
        ``context`` (usually the widget asking) has been deleted meanwhile.
        """
        if self._executor is None:
            raise RuntimeError("the database worker has been shut down")

        def run() -> None:
            try:
                result = fn(*args, **kwargs)
            except Exception as exc:  # handed to on_error on the GUI thread
                self._finished.emit(_Outcome(context, on_done, on_error, None, exc))
            else:
                self._finished.emit(_Outcome(context, on_done, on_error, result, None))

        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        return self._executor.submit(run)

    def _on_finished(self, outcome: _Outcome) -> None:
        self._pending -= 1
        if self._executor is not None:
            if outcome.context is None or isValid(outcome.context):
                if outcome.error is None:
                    if outcome.on_done is not None:
                        outcome.on_done(outcome.result)
                elif outcome.on_error is not None:
                    outcome.on_error(outcome.error)
                else:
                    log.error("database task failed", exc_info=outcome.error)
                    self.task_failed.emit(f"{type(outcome.error).__name__}: {outcome.error}")
        if self._pending == 0:
            self.busy_changed.emit(False)

    def shutdown(self, final: Callable[[], Any] | None = None) -> None:
        """Run ``final`` (e.g. closing the archive) after the queued work, then stop the thread.

        Waits for the thread to end; callbacks of work still in flight are dropped.
        """
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if final is not None:
            executor.submit(_logged, final)
        executor.shutdown(wait=True, cancel_futures=False)


def _logged(fn: Callable[[], Any]) -> None:
    try:
        fn()
    except Exception:
        log.exception("final database task failed")
