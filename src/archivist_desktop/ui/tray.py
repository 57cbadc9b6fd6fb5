"""Desktop notifications and the escalation watcher.

:class:`Notifier` shows a message through the system tray, or in the status bar where there is
no tray (offscreen, some Linux desktops): it never fails.  :class:`EscalationWatcher` runs an
escalation pass at sign-in and every ``escalation_interval_min`` minutes on the runner's writer thread,
then reminds the signed-in user of their (or their team's) escalated items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from archivist_desktop.services.changes import Changes
from archivist_desktop.services.escalation import Escalation, EscalationPass
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.qt import (
    QApplication,
    QIcon,
    QMainWindow,
    QObject,
    QStyle,
    QSystemTrayIcon,
    QTimer,
    Signal,
)


class Notifier(QObject):
    """A tray balloon where a system tray exists, else ``fallback(text)`` (e.g. the status bar)."""

    def __init__(self, fallback: Callable[[str], None], icon: QIcon | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._fallback = fallback
        self.tray: QSystemTrayIcon | None = None
        self.last: tuple[str, str] | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            if icon is None or icon.isNull():
                style = QApplication.style()
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation) if style else QIcon()
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(self.tr("Archivist Desktop"))
            self.tray.show()

    def notify(self, title: str, text: str, urgent: bool = False) -> None:
        self.last = (title, text)
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            icon = QSystemTrayIcon.MessageIcon.Warning if urgent else QSystemTrayIcon.MessageIcon.Information
            self.tray.showMessage(title, text, icon, 15000)
        else:
            self._fallback(f"{title}: {text}")

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()


@dataclass(frozen=True)
class WatchResult:
    passed: EscalationPass
    mine: tuple[Escalation, ...]  # open escalations the user is reminded of (own, or the team's)


class EscalationWatcher(QObject):
    """Escalation pass + reminder at start and on a timer.

    Signals:
        checked(object): a :class:`WatchResult` after each pass.
    """

    checked = Signal(object)

    def __init__(
        self,
        runner: OperationRunner,
        run: Callable[[], WatchResult],
        notifier: Notifier,
        interval_min: int,
        lead: bool,
        chinese_names: bool,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._runner = runner
        self._run = run
        self._notifier = notifier
        self._lead = lead
        self._zh = chinese_names
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setObjectName("escalationTimer")
        self.timer.timeout.connect(self.check)
        if interval_min > 0:
            self.timer.start(interval_min * 60_000)

    def check(self) -> None:
        if self._busy or not self._runner.is_running:
            return
        self._busy = True
        self._runner.write(
            self._run, changes=_what_changed, context=self, on_done=self._on_done, on_error=self._on_error
        )

    def stop(self) -> None:
        self.timer.stop()

    def _on_error(self, exc: BaseException) -> None:
        self._busy = False

    def _on_done(self, result: WatchResult) -> None:
        self._busy = False
        self.checked.emit(result)
        mine = result.mine
        if not mine:
            return
        worst = mine[0]
        doc = worst.document_type
        if self._lead:
            text = self.tr("%n escalated item(s) in your team: required pages more than 48 hours late.", "", len(mine))
        else:
            text = self.tr("%n escalated item(s): required pages more than 48 hours late.", "", len(mine))
        text += " " + self.tr("Most overdue: {order} {customer} ({hours} h).").format(
            order=worst.work_order_no, customer=worst.customer_name, hours=f"{worst.hours_overdue:.0f}"
        )
        del doc
        self._notifier.notify(self.tr("Escalation (催办)"), text, urgent=True)


def _what_changed(result: WatchResult) -> Changes:
    """An escalation pass that escalated or ended something changed the reminders (and the orders' flags)."""
    if result.passed.escalated or result.passed.ended:
        return Changes(work_orders=True, reminders=True)
    return Changes.NONE


def notifier_for(window: QMainWindow, icon: QIcon | None = None) -> Notifier:
    return Notifier(lambda text: window.statusBar().showMessage(text, 15000), icon, window)
