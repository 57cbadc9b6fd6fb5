"""What the main window gains from the dashboard issue, in one place: the Dashboard workspace, the
global search field with its customer / work-order / volume views, the escalation watcher with tray
notifications, and live reminder counts (re-read every minute while the client runs: the clock moves items).

After a write the panels refresh themselves (``OperationRunner.archive_changed``); the hub only
wires them to the window through its public :meth:`MainWindow.open_work_order`."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from archivist_desktop.domain.permissions import Capability, can
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.dashboard import dashboard, drill_down, refresh_summary
from archivist_desktop.services.escalation import escalate_due, open_escalations
from archivist_desktop.services.materials import material_badges
from archivist_desktop.services.review import decode_page
from archivist_desktop.services.search import SearchHit, search
from archivist_desktop.services.users import UserInfo
from archivist_desktop.services.views import box_volumes, customer_view, volume_view, work_order_view
from archivist_desktop.ui.dashboard import DashboardPanel, DashboardSource
from archivist_desktop.ui.operations import OperationRunner, report_text
from archivist_desktop.ui.qt import QKeySequence, QObject, QPushButton, QShortcut, Qt, QTimer, QToolBar
from archivist_desktop.ui.search import PageHitDialog, SearchField
from archivist_desktop.ui.tray import EscalationWatcher, Notifier, WatchResult, notifier_for
from archivist_desktop.ui.views import RecordView

if TYPE_CHECKING:
    from archivist_desktop.ui.main_window import MainWindow

#: reminder counts are re-read this often while the client runs: time alone moves items into new categories
#: (due soon, overdue), which no write announces.  Not a refresh-after-action timer: writes say what changed.
LIVE_REMINDERS_MS = 60_000


def _drill(archive: Archive, chart: str, key: str, period: str):
    return drill_down(archive, chart, key, period=period)


def _first_volume_of_box(archive: Archive, box_id: str):
    ids = box_volumes(archive, box_id)
    if not ids:
        raise KnownError("this box holds no volume yet")
    return volume_view(archive, ids[0])


def watch(archive: Archive, user: UserInfo) -> WatchResult:
    """One escalation pass, then the open escalations the user is reminded of (clerk: own; team lead: team)."""
    passed = escalate_due(archive)
    mine = open_escalations(archive, user) if can(user.role, Capability.ESCALATION_NOTICES) else ()
    return WatchResult(passed, mine)


class DashboardHub(QObject):
    """Owns the Dashboard panel, the search field, the escalation watcher and the live reminder timer."""

    def __init__(self, window: MainWindow, archive: Archive, runner: OperationRunner, user: UserInfo, tz, zh: bool):
        super().__init__(window)
        self.window = window
        self.archive = archive
        self.runner = runner
        self.user = user
        self.tz = tz
        self.zh = zh
        self.panel = DashboardPanel(
            runner,
            DashboardSource(partial(dashboard, archive), partial(refresh_summary, archive), partial(_drill, archive)),
            tz,
            zh,
        )
        self.panel.setObjectName("dashboard")
        self.search_field = SearchField(runner, partial(search, archive))
        self.views: list[RecordView] = []
        self.page_hit_dialog: PageHitDialog | None = None
        self.watcher: EscalationWatcher | None = None
        self.notifier: Notifier | None = None
        self.live_timer = QTimer(self)
        self.live_timer.setInterval(LIVE_REMINDERS_MS)

    def start(self) -> None:
        """After the window is built: the search bar, notifications, the first escalation pass."""
        w = self.window
        bar = QToolBar(w.tr("Search"), w)
        bar.setObjectName("searchBar")
        bar.setMovable(False)
        bar.addWidget(self.search_field)
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.search_bar = bar
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+F"), w)
        shortcut.activated.connect(self.search_field.setFocus)
        self.search_field.hit_activated.connect(self.open_hit)
        self.panel.work_order_activated.connect(w.open_work_order)
        w.workspace_changed.connect(self._on_window_workspace_changed)
        self.notifier = notifier = notifier_for(w, w.windowIcon())
        self.watcher = EscalationWatcher(
            self.runner,
            partial(watch, self.archive, self.user),
            notifier,
            self.archive.settings["escalation_interval_min"],
            can(self.user.role, Capability.TEAM_ESCALATIONS),
            self.zh,
            self,
        )
        # the escalation count in the status bar: a button that opens the escalated list on the Dashboard
        self.escalation_button = QPushButton()
        self.escalation_button.setObjectName("statusEscalation")
        self.escalation_button.setFlat(True)
        self.escalation_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.escalation_button.setStyleSheet("color: #b3261e; font-weight: bold; padding: 0 6px;")
        self.escalation_button.setToolTip(self.tr("Show the escalated items (required pages more than 48 hours late)"))
        self.escalation_button.hide()
        self.escalation_button.clicked.connect(lambda _checked=False: self.show_escalated())
        w.statusBar().addPermanentWidget(self.escalation_button)
        self.watcher.checked.connect(self._on_watcher_checked)
        self.live_timer.timeout.connect(self._on_live_timer_timeout)
        self.live_timer.start()
        self.watcher.check()  # at sign-in: escalate what is due and remind the user

    def _on_watcher_checked(self, result: WatchResult) -> None:
        count = len(result.mine)
        self.escalation_button.setText(self.tr("Escalated: %n item(s)", "", count))
        self.escalation_button.setVisible(count > 0)

    def show_escalated(self) -> None:
        """The Dashboard with its list of required documents still not captured past 48 hours (the escalated)."""
        self.window.show_workspace(self._index())
        self.panel.open_drill("on_time", "overdue")

    def refresh(self) -> None:
        if self.window.current_workspace() == self._index():
            self.panel.refresh(summary=True)

    def _index(self) -> int:
        return self.window.workspace_index(self.panel)

    def _on_window_workspace_changed(self, index: int) -> None:
        if index == self._index():
            self.panel.refresh()

    def _on_live_timer_timeout(self) -> None:
        # the clock moved on: reminder categories (and the shown dashboard's live figures) may have changed
        self.window.reminder_panel.refresh()
        if self.window.current_workspace() == self._index() and self.panel.board is not None:
            self.panel.refresh()

    # --- search hits and views ----------------------------------------------------------------------

    def open_hit(self, hit: SearchHit) -> None:
        if hit.kind == "customer":
            self._open_view(customer_view, hit.id, RecordView.show_customer)
        elif hit.kind == "work_order":
            self._open_view(work_order_view, hit.id, RecordView.show_work_order)
        elif hit.kind == "volume":
            self._open_view(volume_view, hit.id, RecordView.show_volume)
        elif hit.kind == "box":  # the box with its first volume; the volume view lists the box's shelf
            self._open_view(_first_volume_of_box, hit.id, RecordView.show_volume)
        elif hit.kind == "page":  # found by its text: the page, the matches outlined
            self.open_page_hit(hit)

    def open_page_hit(self, hit: SearchHit) -> PageHitDialog:
        dialog = PageHitDialog(hit, partial(decode_page, self.archive, self.user), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # a PDF/OFD found by its text is paged through in the dialog (#19): how many pages, off the GUI thread
        self.runner.read(
            material_badges,
            self.archive,
            [hit.id],
            on_done=dialog.set_material,
            on_error=lambda _e: None,
            context=dialog,
        )
        self.page_hit_dialog = dialog
        dialog.show()
        return dialog

    def _open_view(self, service, key: str, show) -> None:
        def done(view) -> None:
            dialog = RecordView(self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            show(dialog, view, self.tz, self.zh)
            dialog.work_order_activated.connect(self.window.open_work_order)
            dialog.destroyed.connect(lambda _o=None, d=dialog: self.views.remove(d) if d in self.views else None)
            self.views.append(dialog)
            dialog.show()

        self.runner.read(
            service,
            self.archive,
            key,
            context=self,
            on_done=done,
            on_error=lambda exc: self.window.statusBar().showMessage(report_text(exc), 8000),
        )

    def shutdown(self) -> None:
        self.live_timer.stop()
        if self.watcher is not None:
            self.watcher.stop()
        if self.notifier is not None:
            self.notifier.close()
        self.search_field.popup.hide()
