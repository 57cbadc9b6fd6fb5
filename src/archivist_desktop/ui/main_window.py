"""The main window: four workspaces (Capture, Review, Archive, Dashboard), menus, reminders, status bar.

Switch user (File → Switch user…, Ctrl+L): the sign-in dialog over the window; on success a new window
is built for the new user (every panel is made for one user: scope, reminders, review gates) and takes
over the running camera of this one (:meth:`CapturePanel.take_camera`: the same feed and grabber, never
reopened), then this window closes without ending the application (``replaced`` instead of ``closed``).
Cancel keeps the current user.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from archivist_desktop import __version__
from archivist_desktop.domain.permissions import Capability, Role, Scope, can, scope_for
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.changes import Changes
from archivist_desktop.services.orders import (
    FeedError,
    ImportSummary,
    WorkOrderRow,
    get_checklist,
    import_orders,
    list_work_orders,
    read_feed_file,
)
from archivist_desktop.services.reminders import reminders
from archivist_desktop.services.users import UserInfo, list_users
from archivist_desktop.ui.archive_workspace import ArchiveWorkspace
from archivist_desktop.ui.camera_feed import CameraConfig
from archivist_desktop.ui.capture_dialogs import CameraChoice, CameraSettingsDialog
from archivist_desktop.ui.capture_panel import CapturePanel
from archivist_desktop.ui.checklist import ChecklistPanel
from archivist_desktop.ui.dashboard_hub import DashboardHub
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.i18n import role_label
from archivist_desktop.ui.login import LoginDialog
from archivist_desktop.ui.models import WorkOrderListModel
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.orders import WorkOrderListPanel
from archivist_desktop.ui.qt import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QObject,
    QScrollArea,
    QShortcut,
    QSplitter,
    QStackedWidget,
    Qt,
    QToolBar,
    QVBoxLayout,
    QWidget,
    Signal,
)
from archivist_desktop.ui.reminders import ReminderPanel
from archivist_desktop.ui.review import ReviewWorkspace
from archivist_desktop.ui.sync_status import SyncController, SyncIndicator

log = logging.getLogger(__name__)

CAPTURE, REVIEW, ARCHIVE, DASHBOARD = range(4)
#: the workspace a role starts in (Ctrl+1…4 switch)
HOME_WORKSPACE = {
    Role.CLERK: CAPTURE,
    Role.COLLECTOR: REVIEW,
    Role.SUPERVISOR: REVIEW,
    Role.ARCHIVIST: ARCHIVE,
    Role.TEAM_LEAD: DASHBOARD,
    Role.ADMIN: CAPTURE,
}

STYLE = """
QLabel#panelTitle { font-weight: bold; padding: 2px 0 4px 0; }
QFrame#checklistHeader { background: palette(base); }
QToolBar#workspaceBar { spacing: 4px; padding: 6px 4px; border: none; }
QToolBar#workspaceBar QToolButton { padding: 10px 6px; min-width: 64px; border-radius: 4px; }
QToolBar#workspaceBar QToolButton:checked { background: palette(highlight); color: palette(highlighted-text); }
"""


def _import_file(archive: Archive, path: Path, actor: str) -> ImportSummary:
    return import_orders(archive, read_feed_file(path), actor=actor)


@dataclass(frozen=True)
class WindowOptions:
    demo: bool = False
    camera: str = ""
    language: str = "en"


class MainWindow(QMainWindow):
    """The signed-in workstation.

    Every panel reloads itself when the runner says what a write changed (``archive_changed``); the
    window only wires selections between them.

    ``camera_from``: the window of the user signed in before (switch user); this window takes over its
    running camera instead of opening the camera again.

    Signals:
        closed(): the window was closed (the application quits).
        replaced(object): another user signed in (switch user): this window gave its camera to the new
            :class:`MainWindow` and closes; the application goes on with the new one.
        workspace_changed(int): CAPTURE, REVIEW, ARCHIVE or DASHBOARD is now shown.
    """

    closed = Signal()
    replaced = Signal(object)
    workspace_changed = Signal(int)

    def __init__(
        self,
        archive: Archive,
        runner: OperationRunner,
        user: UserInfo,
        options: WindowOptions = WindowOptions(),
        parent: QWidget | None = None,
        camera_from: MainWindow | None = None,
    ):
        super().__init__(parent)
        self.archive = archive
        self.runner = runner
        self.user = user
        self.options = options
        self._camera_started = False
        self.switch_dialog: LoginDialog | None = None
        self.successor: MainWindow | None = None
        self.setObjectName("MainWindow")
        self.setStyleSheet(STYLE)
        title = self.tr("Archivist Desktop — {user}").format(user=user.display_name)
        if options.demo:
            title += " " + self.tr("[demo]")
        self.setWindowTitle(title)
        tz = archive.policy.tz
        zh = options.language.startswith("zh")

        # Capture workspace --------------------------------------------------------------------------
        self.order_model = WorkOrderListModel(runner, partial(_list_page, archive), tz, zh, parent=self)
        self.order_list = WorkOrderListPanel(self.order_model)
        self.checklist = ChecklistPanel(runner, partial(get_checklist, archive), tz, zh)
        self.capture_panel = CapturePanel(
            archive, runner, user, camera_config(archive.settings, options.camera), archive.settings["profile"], zh
        )
        self.capture_panel.checklist_entries = self.checklist.entries
        self.capture_panel.auto_button.setChecked(bool(archive.settings["auto_capture"]))
        if camera_from is not None:
            self.capture_panel.take_camera(camera_from.capture_panel)
            self._camera_started = True  # it runs: showing the window must not reopen it
        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("leftSplitter")
        left.setChildrenCollapsible(False)
        left.addWidget(self.order_list)
        left.addWidget(self.checklist)
        left.setStretchFactor(0, 2)
        left.setStretchFactor(1, 3)
        left.setSizes([300, 520])
        self.capture_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.capture_splitter.setObjectName("captureSplitter")
        self.capture_splitter.setChildrenCollapsible(False)
        # the order list and the checklist scroll sideways rather than widen the window past a 1366x768
        # screen at 125 % (1093x582 logical px, issue 17); at 1366x768 and wider they fit without
        self.capture_left = _scrolled(left)
        self.capture_left.setObjectName("captureLeftScroll")
        self.capture_left.setMinimumWidth(240)
        self.capture_splitter.addWidget(self.capture_left)
        self.capture_splitter.addWidget(self.capture_panel)
        self.capture_splitter.setStretchFactor(0, 4)
        self.capture_splitter.setStretchFactor(1, 5)
        self.capture_splitter.setSizes([560, 700] if zh else [640, 620])  # English names are longer
        self.capture_splitter.setHandleWidth(8)
        capture = QWidget()
        capture_layout = QVBoxLayout(capture)
        capture_layout.setContentsMargins(8, 6, 8, 6)
        capture_layout.addWidget(self.capture_splitter)

        self.workspaces = QStackedWidget()
        self.workspaces.setObjectName("workspaces")
        self.workspaces.addWidget(capture)
        self.review = ReviewWorkspace(archive, runner, user, tz, zh)
        self.workspaces.addWidget(self.review)  # not in a scroll area: its page keys (A, F, N…) need it
        # the Archive workspace is built the first time it is shown: start-up stays as light as before
        self.archive_room: ArchiveWorkspace | None = None
        self._archive_page = QWidget()
        QVBoxLayout(self._archive_page).setContentsMargins(0, 0, 0, 0)
        self._archive_args = (tz, zh)
        self.workspaces.addWidget(_scrolled(self._archive_page))
        self.hub = DashboardHub(self, archive, runner, user, tz, zh)
        self.workspaces.addWidget(_scrolled(self.hub.panel))
        self.setCentralWidget(self.workspaces)

        # reminders ---------------------------------------------------------------------------------
        self.reminder_panel = ReminderPanel(
            runner,
            partial(reminders, archive, user),
            tz,
            zh,
            self._scope_text(),
            load_people=partial(list_users, archive),
        )
        self.reminder_dock = QDockWidget(self.tr("Reminders"), self)
        self.reminder_dock.setObjectName("reminderDock")
        self.reminder_dock.setWidget(self.reminder_panel)
        self.reminder_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.reminder_dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.reminder_dock)
        self.resizeDocks([self.reminder_dock], [320], Qt.Orientation.Horizontal)

        self._build_actions()
        self._build_status_bar()

        self.order_list.order_selected.connect(self._on_order_list_order_selected)
        self.checklist.entry_selected.connect(self.capture_panel.set_entry)
        self.checklist.checklist_loaded.connect(self._on_checklist_loaded)
        self.capture_panel.page_attached.connect(self._on_capture_panel_page_attached)
        self.capture_panel.order_requested.connect(self.open_work_order)
        self.capture_panel.box_requested.connect(self._on_capture_panel_box_requested)
        self._advance_from: str | None = None
        self._fitted = False
        self._capture_shortcuts: list[QShortcut] = []
        self._bind_capture_keys(archive.settings["pedal_key"])
        self.reminder_panel.work_order_activated.connect(self.open_work_order)
        self.runner.task_failed.connect(self._on_runner_task_failed)

        self.order_model.reload()
        self.reminder_panel.refresh()
        self.hub.start()
        # the search field in the menu bar's free corner rather than a toolbar row of its own: every
        # workspace gets that row back (the window fits 1366x728 under real fonts, issue 17)
        self.removeToolBar(self.hub.search_bar)
        self.hub.search_bar.hide()
        # the menu bar sizes a corner widget by its size hint: a layout makes that the field's (its minimum width)
        corner = QWidget(self.menuBar())
        corner.setObjectName("searchCorner")
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 1, 4, 1)
        corner_layout.addWidget(self.hub.search_field)
        self.menuBar().setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self.hub.search_field.show()
        # each desk opens on its own work: reviewers on the queue, the archive room on its boxes
        start = HOME_WORKSPACE.get(user.role, CAPTURE)
        if start != CAPTURE:
            self.show_workspace(start)

    def _scope_text(self) -> str:
        scope = scope_for(self.user.role, self.user.team)
        if scope == Scope.OWN:
            return self.tr("Your own work orders")
        if scope == Scope.TEAM:
            return self.tr("Team {team}").format(team=self.user.team)
        return self.tr("The whole workstation")

    # --- actions and menus --------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.import_action = QAction(self.tr("&Import work orders…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_work_orders)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.find_action = QAction(self.tr("&Find work order"), self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.triggered.connect(self.focus_search)
        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        if QKeySequence("F5") not in self.refresh_action.shortcuts():
            self.refresh_action.setShortcuts([QKeySequence("F5"), *self.refresh_action.shortcuts()])
        self.refresh_action.triggered.connect(self.refresh)
        self.camera_settings_action = QAction(self.tr("&Camera settings…"), self)
        self.camera_settings_action.triggered.connect(self.edit_camera_settings)
        self.station_setup_action = QAction(self.tr("&Station set-up…"), self)
        self.station_setup_action.triggered.connect(self.open_station_setup)
        self.switch_user_action = QAction(self.tr("Switch &user…"), self)
        self.switch_user_action.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_user_action.triggered.connect(self.switch_user)
        self.help_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.help_action.setShortcut(QKeySequence("F1"))
        self.help_action.triggered.connect(self.show_help)
        self.about_action = QAction(self.tr("&About Archivist Desktop"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)

        names = (self.tr("Capture"), self.tr("Review"), self.tr("Archive"), self.tr("Dashboard"))
        self.workspace_actions: list[QAction] = []
        group = QActionGroup(self)
        group.setExclusive(True)
        for n, name in enumerate(names):
            action = QAction(name, self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
            action.setToolTip(
                self.tr("{workspace} ({shortcut})").format(
                    workspace=name, shortcut=action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                )
            )
            action.triggered.connect(partial(self.show_workspace, n))
            group.addAction(action)
            self.workspace_actions.append(action)
        self.workspace_actions[CAPTURE].setChecked(True)

        bar = QToolBar(self.tr("Workspaces"), self)
        bar.setObjectName("workspaceBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.toggleViewAction().setVisible(False)
        for action in self.workspace_actions:
            bar.addAction(action)
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, bar)
        self.workspace_bar = bar

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.capture_panel.attach_action)  # Attach files… (Ctrl+O), into the selected slot
        file_menu.addAction(self.camera_settings_action)
        file_menu.addAction(self.station_setup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.switch_user_action)
        file_menu.addAction(self.quit_action)
        view_menu = menu.addMenu(self.tr("&View"))
        for action in self.workspace_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        toggle = self.reminder_dock.toggleViewAction()
        toggle.setText(self.tr("Re&minders"))
        view_menu.addAction(toggle)
        view_menu.addSeparator()
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.refresh_action)
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(self.help_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel(
            self.tr("Signed in: {name} ({username}) · {role}").format(
                name=self.user.display_name, username=self.user.username, role=role_label(self.user.role)
            )
            + (f" · {self.user.team}" if self.user.team else "")
        )
        self.user_label.setObjectName("statusUser")
        self.data_dir_label = QLabel(self.tr("Data: {path}").format(path=str(self.archive.data_dir)))
        self.data_dir_label.setObjectName("statusDataDir")
        self.data_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy_label = QLabel(self.tr("Working…"))
        self.busy_label.hide()
        self.runner.busy_changed.connect(self.busy_label.setVisible)
        if self.options.demo:
            demo = QLabel(self.tr("DEMO DATA"))
            demo.setStyleSheet("color: #8a5a00; font-weight: bold; padding: 0 6px;")
            bar.addPermanentWidget(demo)
        bar.addPermanentWidget(self.busy_label)
        self.sync = SyncController(self.archive, self.runner, self)
        self.page_text = PageTextWorker(self.archive, self.runner, self)  # OCR of new pages, background
        self.sync_indicator = SyncIndicator(self.sync)
        self.sync_indicator.setObjectName("statusSync")
        bar.addPermanentWidget(self.sync_indicator)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.data_dir_label)
        # a message (an escalation, a failure) gets the data directory's room: the path is in 帮助 → 关于 too
        bar.messageChanged.connect(self._on_status_message_changed)

    def _on_status_message_changed(self, message: str) -> None:
        self.data_dir_label.setVisible(not message)
        self.statusBar().setToolTip(message)

    # --- workspaces ---------------------------------------------------------------------------------

    def current_workspace(self) -> int:
        return self.workspaces.currentIndex()

    def workspace_page(self, index: int) -> QWidget:
        """The workspace's own widget (inside the scroll area that keeps it usable on a small screen)."""
        area = self.workspaces.widget(index)
        page = area.widget() if isinstance(area, QScrollArea) else area
        assert page is not None
        return page

    def workspace_index(self, page: QWidget) -> int:
        return next((i for i in range(self.workspaces.count()) if self.workspace_page(i) is page), -1)

    def show_workspace(self, index: int) -> None:
        self.workspaces.setCurrentIndex(index)
        if index == REVIEW:
            self.review.reload()
        elif index == ARCHIVE:
            self._archive_workspace().refresh()
        self.workspace_actions[index].setChecked(True)
        self.workspace_changed.emit(index)

    def _on_capture_panel_box_requested(self, box_no: str) -> None:
        """A box label under the document camera opens that box (in the archive room, or for an archivist)."""
        if self.current_workspace() != ARCHIVE and not can(self.user.role, Capability.ARCHIVE_ROOM):
            return
        self.show_workspace(ARCHIVE)
        self._archive_workspace().open_box(box_no)
        self.statusBar().showMessage(
            self.tr("Box label {box} seen by the camera: box opened.").format(box=box_no), 5000
        )

    def _archive_workspace(self) -> ArchiveWorkspace:
        if self.archive_room is None:
            self.archive_room = ArchiveWorkspace(self.archive, self.runner, self.user, *self._archive_args)
            layout = self._archive_page.layout()
            assert layout is not None  # the page is built with its layout
            layout.addWidget(self.archive_room)
        return self.archive_room

    def focus_search(self) -> None:
        self.show_workspace(CAPTURE)
        self.order_list.focus_search()

    def refresh(self) -> None:
        """Reload the list, the shown checklist and the reminders (F5; writes refresh the panels by themselves)."""
        self.order_model.reload()
        self.checklist.refresh()
        self.reminder_panel.refresh()
        self.hub.refresh()
        self.statusBar().showMessage(self.tr("Refreshed"), 2000)

    # --- reactions ----------------------------------------------------------------------------------

    def _on_order_list_order_selected(self, row: WorkOrderRow) -> None:
        self.capture_panel.set_order(row.id, row.work_order_no)
        self.checklist.show_order(row.id)

    def _on_checklist_loaded(self, checklist) -> None:
        self.capture_panel.set_order(checklist.order.id, checklist.order.work_order_no)
        after, self._advance_from = self._advance_from, None
        current = self.checklist.selected_entry()
        if after is not None and current is not None and current.item_id == after:  # the clerk did not move on
            following = self.checklist.next_missing(after)
            if following is not None:
                self.checklist.select_item(following.item_id)

    def _on_capture_panel_page_attached(self, job, info) -> None:
        # a page went into a slot: capture stays on it (page 2 of a document goes to the same slot);
        # the clerk moves on with N (ChecklistPanel) or a click (issue 17 item 2)
        if info is not None:  # its OCR and content check start now, not at the next poll (#18)
            self.page_text.enqueue([info.id])

    # --- capture keys and camera settings -----------------------------------------------------------

    def _bind_capture_keys(self, pedal_key: str) -> None:
        for shortcut in self._capture_shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self._capture_shortcuts = []
        for key in dict.fromkeys(["Space", pedal_key or "F12"]):
            sequence = QKeySequence(key)
            if sequence.isEmpty():
                continue
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._on_capture_key_activated)
            self._capture_shortcuts.append(shortcut)

    def _on_capture_key_activated(self) -> None:
        if self.current_workspace() == CAPTURE:
            self.capture_panel.capture()

    def edit_camera_settings(self) -> None:
        s = self.archive.settings
        current = CameraChoice(
            s["camera"], s["camera_resolution"], s["camera_backend"], s["pedal_key"], s["auto_capture"]
        )
        dialog = CameraSettingsDialog(current, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_camera_choice(dialog.choice()))
        self.camera_dialog = dialog
        dialog.open()

    def open_station_setup(self) -> None:
        """File → Station set-up…: the first-run wizard over this station's settings."""
        from archivist_desktop.ui.first_run import open_station_setup

        open_station_setup(self)

    def apply_camera_choice(self, choice: CameraChoice) -> None:
        # save the camera settings (on the writer) and reopen the camera with them
        self.runner.write(
            _save_camera_settings,
            self.archive,
            choice,
            changes=Changes.SETTINGS,
            context=self,
            on_error=lambda exc: self.statusBar().showMessage(
                self.tr("The settings were not saved: {error}").format(error=error_text(exc)), 10000
            ),
        )
        self._bind_capture_keys(choice.pedal_key)
        self.capture_panel.auto_button.setChecked(choice.auto_capture)
        w, h = CameraConfig.parse_resolution(choice.resolution)
        self.capture_panel.start_camera(CameraConfig(choice.camera, w, h, choice.backend))

    def open_work_order(self, work_order_id: str, work_order_no: str) -> None:
        """Show this work order in the Capture workspace (from a reminder, a drill-down, a record view…)."""
        self.show_workspace(CAPTURE)
        self.order_list.select_order(work_order_id, work_order_no)
        if self.checklist.work_order_id != work_order_id:
            self.checklist.show_order(work_order_id)

    def _on_runner_task_failed(self, text: str) -> None:
        self.statusBar().showMessage(self.tr("A background task failed: {error}").format(error=text), 10000)

    # --- switch user --------------------------------------------------------------------------------

    def switch_user(self) -> None:
        """File → Switch user… (Ctrl+L): sign in over this window; Cancel keeps the current user."""
        if self.switch_dialog is not None:
            self.switch_dialog.raise_()
            return
        dialog = LoginDialog(self.archive, self.runner, parent=self)
        dialog.setWindowTitle(self.tr("Switch user — Archivist Desktop"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(partial(self._on_switch_dialog_accepted, dialog))
        dialog.finished.connect(self._on_switch_dialog_finished)
        self.switch_dialog = dialog
        dialog.open()

    def _on_switch_dialog_finished(self, _result: int) -> None:
        self.switch_dialog = None

    def _on_switch_dialog_accepted(self, dialog: LoginDialog) -> None:
        user = dialog.user
        if user is None:
            return
        if user.username == self.user.username:
            self.statusBar().showMessage(self.tr("{name} is signed in already.").format(name=user.display_name), 5000)
            return
        self.replace_with(user)

    def replace_with(self, user: UserInfo) -> MainWindow:
        """Open ``user``'s window in this one's place, with this window's running camera; close this one."""
        successor = MainWindow(self.archive, self.runner, user, self.options, camera_from=self)
        successor.setGeometry(self.geometry())
        self.successor = successor
        if self.isMaximized():
            successor.showMaximized()
        elif self.isFullScreen():
            successor.showFullScreen()
        else:
            successor.show()
        successor.activateWindow()
        log.info("user switched: %s -> %s", self.user.username, user.username)
        self.replaced.emit(successor)
        self.close()
        self.deleteLater()
        return successor

    # --- import -------------------------------------------------------------------------------------

    def import_work_orders(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import work orders"), "", self.tr("Work-order feeds (*.json);;All files (*)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import a feed file on the writer; report the result in a dialog (the panels refresh themselves)."""
        self.import_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("Importing {file}…").format(file=path.name))
        self.runner.write(
            _import_file,
            self.archive,
            path,
            self.user.username,
            changes=Changes.WORK_ORDERS,
            context=self,
            on_done=partial(self._on_import_done, path),
            on_error=partial(self._on_import_failed, path),
        )

    def _on_import_done(self, path: Path, summary: ImportSummary) -> None:
        self.import_action.setEnabled(True)
        self.statusBar().clearMessage()
        self.last_import_message = self.tr(
            "{file}: work orders created {created}, updated {updated}, unchanged {unchanged}."
        ).format(file=path.name, created=summary.created, updated=summary.updated, unchanged=summary.unchanged)
        self._message(QMessageBox.Icon.Information, self.tr("Import finished"), self.last_import_message)

    def _on_import_failed(self, path: Path, exc: BaseException) -> None:
        self.import_action.setEnabled(True)
        self.statusBar().clearMessage()
        details = ""
        if isinstance(exc, FeedError):
            text = self.tr(
                "{file} was not imported: %n problem(s) found. Nothing was changed.", "", len(exc.problems)
            ).format(file=path.name)
            details = "\n".join(str(p) for p in exc.problems)
        elif isinstance(exc, KnownError):
            text = self.tr("{file} was not imported: {reason}").format(file=path.name, reason=error_text(exc))
        else:
            log.error("import failed", exc_info=exc)
            text = self.tr("{file} was not imported because of an unexpected error: {error}").format(
                file=path.name, error=f"{type(exc).__name__}: {exc}"
            )
        self.last_import_message = text + ("\n" + details if details else "")
        self._message(QMessageBox.Icon.Warning, self.tr("Import failed"), text, details)

    def _message(self, icon: QMessageBox.Icon, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("importResult")
        if details:
            lines = details.splitlines()
            box.setInformativeText("\n".join(lines[:15]) + ("\n…" if len(lines) > 15 else ""))
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_message_box = box

    # --- help ---------------------------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(keys, what they do) for the help page, read from the window's actions and shortcuts."""
        native = QKeySequence.SequenceFormat.NativeText
        rows: list[tuple[str, str]] = []
        capture_keys = [s.key().toString(native) for s in self._capture_shortcuts if s.isEnabled()]
        if capture_keys:
            rows.append((" / ".join(capture_keys), self.tr("Capture a page (Capture workspace; Space or the pedal)")))
        for action in self.findChildren(QAction):
            keys = [k.toString(native) for k in action.shortcuts() if not k.isEmpty()]
            if keys and action.objectName() == "filmstripOpenExternally":  # its text follows the selected page
                text = self.tr("Capture: open the selected PDF, OFD or recording in the system's program")
                rows.append((" / ".join(keys), text))
            elif keys and action.text():
                rows.append((" / ".join(dict.fromkeys(keys)), action.text().replace("&", "")))
        review = {
            "A": self.tr("Review: approve the page"),
            "F": self.tr("Review: flag the page for rescan"),
            "Shift+A": self.tr("Review: approve the whole document"),
            "N": self.tr("Review: next page"),
            "PgDown": self.tr("Review: next page"),
            "P": self.tr("Review: previous page"),
            "PgUp": self.tr("Review: previous page"),
        }
        for shortcut in self.findChildren(QShortcut):
            key = shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
            if shortcut in self._capture_shortcuts:
                continue
            if key in review:
                rows.append((shortcut.key().toString(native), review[key]))
            elif key == "Ctrl+Shift+F":
                rows.append((shortcut.key().toString(native), self.tr("Search customers, work orders, volumes")))
        return list(dict.fromkeys(rows))

    def show_help(self) -> None:
        """Help → Keyboard shortcuts (F1): every key of this window, as the code binds it."""
        body = "".join(
            f"<tr><td style='padding:2px 12px 2px 0'><b>{keys}</b></td><td>{text}</td></tr>"
            for keys, text in self.shortcut_rows()
        )
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,
            self.tr("Keyboard shortcuts"),
            "<table>" + body + "</table>",
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setObjectName("helpPage")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.help_box = box
        box.open()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Archivist Desktop"),
            self.tr(
                "<b>Archivist Desktop</b> {version}<br>"
                "Capture, check, review and archive customer documents with a high-speed document camera.<br><br>"
                "Data directory: {path}"
            ).format(version=__version__, path=str(self.archive.data_dir)),
        )

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.fit_screen()
        if not self._camera_started:
            self._camera_started = True
            self.capture_panel.start_camera()

    def fit_screen(self) -> None:
        """On a small screen (1366x768 at 125 %: 1093x582 logical px, issue 17) the reminders start at
        their narrowest and the order list and checklist get the room the camera's picture can spare."""
        screen = self.screen()
        if screen is None or screen.availableGeometry().width() >= SMALL_SCREEN_WIDTH:
            return
        narrowest = self.reminder_dock.minimumSizeHint().width()
        self.resizeDocks([self.reminder_dock], [narrowest], Qt.Orientation.Horizontal)
        content = self.capture_left.widget()
        left = (content.minimumSizeHint().width() if content is not None else 240) + 4
        total = sum(self.capture_splitter.sizes()) or self.capture_splitter.width()
        self.capture_splitter.setSizes([left, max(total - left, self.capture_panel.minimumSizeHint().width())])

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.capture_panel.stop()
            self.review.shutdown()
            self.hub.shutdown()
            self.sync.shutdown()
            self.page_text.shutdown()
            if self.successor is None:
                self.closed.emit()


class PageTextWorker(QObject):
    """The background OCR of pages without text (services/page_text.BackgroundOcr: one worker process
    at lowered priority, polled by its own thread); a page's text stored → ``archive_changed`` (pages)
    on the GUI thread.  Off when the ``background_ocr`` setting is, or the OCR engine is missing."""

    ready = Signal(str)

    def __init__(self, archive: Archive, runner: OperationRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from archivist_desktop.services import page_text

        self.worker = None
        self.ready.connect(lambda _pid: runner.archive_changed.emit(Changes(pages=True), None))
        if page_text.background_enabled(archive):
            self.worker = page_text.BackgroundOcr(archive, self.ready.emit, poll_s=5.0)

    def enqueue(self, page_ids: list[str]) -> None:
        """OCR these pages next (returns at once: a queue put, safe on the GUI thread)."""
        if self.worker is not None:
            self.worker.enqueue(page_ids)

    def shutdown(self) -> None:
        if self.worker is not None:
            self.worker.close(timeout=2.0)
            self.worker = None


SMALL_SCREEN_WIDTH = 1200  # logical px: below it (1366 at 125 % is 1093) the window starts compact


def _scrolled(page: QWidget) -> QScrollArea:
    """A workspace in a frameless scroll area: on a screen smaller than the workspace needs (1366x768 at
    125 %) it scrolls instead of pushing the status bar off screen or clipping; at 1366x768 it fits."""
    area = QScrollArea()
    area.setObjectName("workspaceScroll")
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area


def camera_config(settings, override: str = "") -> CameraConfig:
    """The camera to open: ``--camera`` if given, else the settings."""
    w, h = CameraConfig.parse_resolution(settings["camera_resolution"])
    return CameraConfig(override or settings["camera"], w, h, settings["camera_backend"] or "auto")


def _save_camera_settings(archive: Archive, choice: CameraChoice) -> None:
    s = archive.settings
    s.set("camera", choice.camera)
    s.set("camera_resolution", choice.resolution)
    s.set("camera_backend", choice.backend)
    s.set("pedal_key", choice.pedal_key)
    s.set("auto_capture", choice.auto_capture)
    s.save()


def _list_page(archive: Archive, search: str, offset: int, limit: int):
    return list_work_orders(archive, search=search, limit=limit, offset=offset)
