"""Background sync with the central database, and its indicator in the status bar.

Sync runs on the operation runner's sync lane (its own thread and its own SQLite engine, never the
writer or readers that serve the screens, never the GUI thread) every ``sync_interval_s`` seconds and
on demand; progress and the outcome come back by queued signals.  Rows a pass pulled are announced as
``archive_changed(Changes.from_tables(...))`` so the screens refresh themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from archivist_desktop.services.changes import Changes
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.operations import Operation, OperationRunner, TaskState
from archivist_desktop.ui.qt import QObject, QTimer, QToolButton, Signal

#: the indicator's states
IDLE, SYNCING, SYNCED, PENDING, OFFLINE, FAILED, NOT_CONFIGURED, SET_ASIDE = (
    "idle",
    "syncing",
    "synced",
    "pending",
    "offline",
    "failed",
    "not_configured",
    "set_aside",
)
#: how many set-aside rows the tooltip names one by one
TOOLTIP_ROWS = 8


class SyncController(QObject):
    """Runs :func:`archivist_desktop.services.sync.sync` in the background.

    Signals:
        state_changed(str, str): a state constant and a message for people.
        progress_changed(str, int, int): phase, done, total of the pass under way.
    """

    state_changed = Signal(str, str)
    progress_changed = Signal(str, int, int)

    def __init__(
        self,
        archive,
        runner: OperationRunner | None = None,
        parent: QObject | None = None,
        sync_fn: Callable | None = None,
    ):
        super().__init__(parent)
        from archivist_desktop.services.sync import sync

        self._archive = archive
        self._sync = sync_fn or sync
        self._own_runner = runner is None  # a controller on its own (tests, tools) brings its own runner
        self._runner = runner or OperationRunner(self)
        self._op: Operation | None = None
        self._running = False
        self.state = IDLE
        self.message = ""
        #: rows the centre refused and this station set aside: [{"table", "key", "reason"}]
        self.rejected: list[dict] = []
        self._runner.progress_changed.connect(self._on_runner_progress_changed)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.sync_now)
        interval = int(archive.settings["sync_interval_s"])
        if self.configured and interval > 0:
            self._timer.start(interval * 1000)
        if not self.configured:
            self._set(NOT_CONFIGURED, self.tr("No central database: this station works on its own"))
        else:  # rows set aside by an earlier pass (or the command line) show before the first pass
            from archivist_desktop.services.sync import rejected_rows

            rows = [r.to_json() for r in rejected_rows(archive)]
            if rows:
                self._set_aside(rows)

    @property
    def configured(self) -> bool:
        return bool(self._archive.settings["central_url"])

    @property
    def running(self) -> bool:
        return self._running

    def sync_now(self) -> None:
        """Start a pass unless one is under way (or no central database is set)."""
        if self._running or not self.configured or not self._runner.is_running:
            return
        self._running = True
        self._set(SYNCING, self.tr("Syncing with the central database…"))
        self._op = self._runner.sync(
            _one_pass,
            self._sync,
            self._archive,
            with_state=True,
            changes=_pulled,
            initiator=self,
            on_done=self._on_done,
            on_error=self._on_error,
            context=self,
        )

    def _on_runner_progress_changed(self, op: Operation, done: int, total: int, phase: str) -> None:
        if op is self._op:
            self.progress_changed.emit(phase, done, total)

    def _on_done(self, counts) -> None:
        self._running = False
        self._op = None
        pushed = sum(v for k, v in counts.pushed.items() if k != "blobs")
        pulled = sum(counts.pulled.values())
        rejected = list(getattr(counts, "rejected", []) or [])
        if rejected:
            self._set_aside(rejected)
        elif counts.pending:
            self._set(PENDING, self.tr("{n} change(s) still to send").format(n=counts.pending))
        else:
            self._set(
                SYNCED, self.tr("Up to date: sent {pushed}, received {pulled}").format(pushed=pushed, pulled=pulled)
            )

    def _on_error(self, error: BaseException) -> None:
        from archivist_desktop.services.sync import CentralUnreachable

        self._running = False
        self._op = None
        if isinstance(error, CentralUnreachable):
            self._set(OFFLINE, self.tr("Central database unreachable; local work is kept and will be sent later"))
        else:
            self._set(FAILED, self.tr("Sync failed: {error}").format(error=error_text(error)))

    def _set_aside(self, rows: list[dict]) -> None:
        """Some rows were refused by the centre: say how many, and why, row by row (the first few)."""
        self.rejected = rows
        lines = [self.tr("{n} row(s) set aside: the central database refused them").format(n=len(rows))]
        lines += [
            self.tr("{table} {key}: {reason}").format(table=r["table"], key=r["key"], reason=r["reason"])
            for r in rows[:TOOLTIP_ROWS]
        ]
        if len(rows) > TOOLTIP_ROWS:
            lines.append(self.tr("… and {n} more").format(n=len(rows) - TOOLTIP_ROWS))
        lines.append(self.tr("Fix them, then run `archivist-desktop sync --retry-rejected`"))
        self._set(SET_ASIDE, "\n".join(lines))

    def _set(self, state: str, message: str) -> None:
        self.state, self.message = state, message
        self.state_changed.emit(state, message)

    def shutdown(self) -> None:
        """Stop the timer; a controller with its own runner also waits for a pass under way to end."""
        self._timer.stop()
        if self._own_runner:
            self._runner.shutdown()


def _one_pass(sync_fn: Callable, archive, state: TaskState):
    """On the sync thread: one pass, its progress reported through the task state (text = phase)."""
    return sync_fn(archive, None, lambda phase, done, total: state.set_progress(done, total, phase), retries=2)


def _pulled(counts) -> Changes:
    """What the pass brought down, for the screens (nothing when it only pushed)."""
    return Changes.from_tables(name for name, n in counts.pulled.items() if n)


_COLOURS = {
    SYNCED: "#2e7d32",
    SYNCING: "#1565c0",
    PENDING: "#ef6c00",
    OFFLINE: "#c62828",
    FAILED: "#c62828",
    SET_ASIDE: "#ef6c00",
    NOT_CONFIGURED: "#757575",
    IDLE: "#757575",
}


class SyncIndicator(QToolButton):
    """The status-bar button: shows the sync state, click to sync now."""

    def __init__(self, controller: SyncController, parent=None):
        super().__init__(parent)
        self._controller = controller
        self.setAutoRaise(True)
        self.clicked.connect(controller.sync_now)
        controller.state_changed.connect(self._on_state_changed)
        controller.progress_changed.connect(self._on_progress_changed)
        self._on_state_changed(controller.state, controller.message)

    def _label(self, state: str) -> str:
        return {
            SYNCED: self.tr("● Synced"),
            SYNCING: self.tr("⟳ Syncing"),
            PENDING: self.tr("● Changes pending"),
            OFFLINE: self.tr("● Offline"),
            FAILED: self.tr("● Sync failed"),
            NOT_CONFIGURED: self.tr("○ Local only"),
            IDLE: self.tr("○ Not synced yet"),
            SET_ASIDE: self.tr("● {n} row(s) set aside").format(n=len(self._controller.rejected)),
        }[state]

    def _on_state_changed(self, state: str, message: str) -> None:
        self.setText(self._label(state))
        self.setToolTip(message + ("\n" + self.tr("Click to sync now") if self._controller.configured else ""))
        self.setStyleSheet(f"color: {_COLOURS[state]};")

    def _on_progress_changed(self, phase: str, done: int, total: int) -> None:
        what = {"blobs": self.tr("page files"), "rows": self.tr("changes"), "pull": self.tr("received")}.get(
            phase.split(":")[0], self.tr("records")
        )
        self.setText(self.tr("⟳ Syncing {what} {done}/{total}").format(what=what, done=done, total=total or "…"))
