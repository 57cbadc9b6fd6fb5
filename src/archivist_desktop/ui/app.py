"""Starting the GUI: application object, language, data directory (fresh demo data), sign-in, main window.

``archivist-desktop [--demo] [--data-dir DIR] [--user NAME] [--camera SPEC]`` ends up in :func:`run_gui`.

Demo auto-login for screenshots and demonstrations: with ``--demo`` (and only then) the
environment variables ``ARCHIVIST_AUTOLOGIN_USER`` and ``ARCHIVIST_AUTOLOGIN_PASSWORD`` fill in
the sign-in dialog and submit it; the credentials still go through the normal authentication.

End-to-end test hook, honoured only with ``--demo``: ``ARCHIVIST_E2E_CAPTURE_AFTER_S=SECONDS`` makes the
signed-in window select the first work order in the list, wait that long (and until the camera runs
and a checklist document is selected), press the shutter once through the normal capture path
(camera frame → processing → attach, with no reason given, so a rejected or late page is not stored),
and close the window once the page is stored or refused, or after 60 s.  It exists so that
``tests/ui/test_e2e_capture.py`` can start the real application in a subprocess and check that a page
was stored.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from archivist_desktop import __version__
from archivist_desktop.paths import data_dir_from_args, default_data_dir, resources_dir
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.changes import Changes
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.first_run import FirstRunWizard, needs_first_run
from archivist_desktop.ui.i18n import Translations, apply_cjk_font, choose_language, system_language
from archivist_desktop.ui.login import DemoAccount, LoginDialog
from archivist_desktop.ui.main_window import MainWindow, WindowOptions
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.qt import (
    QApplication,
    QGuiApplication,
    QIcon,
    QMessageBox,
    QObject,
    QProgressDialog,
    Qt,
    QTimer,
    Signal,
)

log = logging.getLogger(__name__)

#: a file in every demo data directory, so that a later ``--demo`` may wipe it and nothing else
DEMO_MARKER = ".archivist-demo"
AUTOLOGIN_USER = "ARCHIVIST_AUTOLOGIN_USER"
AUTOLOGIN_PASSWORD = "ARCHIVIST_AUTOLOGIN_PASSWORD"
E2E_CAPTURE_AFTER = "ARCHIVIST_E2E_CAPTURE_AFTER_S"


@dataclass(frozen=True)
class StartOptions:
    data_dir: Path
    demo: bool = False
    data_dir_given: bool = False  # the user named the directory (--data-dir)
    username: str = ""
    camera: str = ""
    autologin: tuple[str, str] | None = None
    e2e_capture_after: float | None = None

    @classmethod
    def from_args(cls, args, environ: Mapping[str, str] = os.environ) -> StartOptions:
        demo = bool(getattr(args, "demo", False))
        given = bool(getattr(args, "data_dir", None))
        data_dir = data_dir_from_args(args) if given or not demo else default_data_dir() / "demo"
        autologin = None
        if demo and environ.get(AUTOLOGIN_USER) and environ.get(AUTOLOGIN_PASSWORD):
            autologin = (environ[AUTOLOGIN_USER], environ[AUTOLOGIN_PASSWORD])
        e2e = None
        if demo and environ.get(E2E_CAPTURE_AFTER):
            e2e = float(environ[E2E_CAPTURE_AFTER])
        return cls(
            data_dir,
            demo,
            given,
            getattr(args, "user", None) or "",
            getattr(args, "camera", None) or "",
            autologin,
            e2e,
        )


def prepare_demo_dir(path: Path, given: bool) -> None:
    """Make ``path`` an empty demo directory.

    A directory is wiped only when it is empty, carries the demo marker, or is the default
    ``<data dir>/demo``; a non-empty directory the user named that is not a demo directory is refused.
    """
    if path.exists() and not path.is_dir():
        raise KnownError(f"{path} is not a directory")
    if path.is_dir() and any(path.iterdir()):
        if given and not (path / DEMO_MARKER).exists():
            raise KnownError(
                f"{path} is not empty and is not a demo data directory; "
                "--demo needs an empty directory (or none) so that no real data is overwritten"
            )
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    (path / DEMO_MARKER).write_text(
        "Archivist Desktop demo data; --demo wipes and re-creates this directory.\n", encoding="utf-8"
    )


def open_station(options: StartOptions) -> Archive:
    """Open the data directory (on the writer thread); for demo mode, fresh and seeded."""
    if not options.demo:
        return Archive(options.data_dir)
    from archivist_desktop.services.demo import seed_demo

    prepare_demo_dir(options.data_dir, options.data_dir_given)
    archive = Archive(options.data_dir)
    try:
        seed_demo(archive)
    except BaseException:
        archive.close()
        raise
    return archive


class Startup(QObject):
    """Drives start-up: open (and seed) the archive off the GUI thread, sign in, show the main window.

    Signals:
        first_run_shown(object): the :class:`FirstRunWizard` is on screen (a station without a name).
        login_shown(object): the :class:`LoginDialog` is on screen.
        main_window_shown(object): the :class:`MainWindow` is on screen.
        finished(int): the application should quit with this exit status.
    """

    first_run_shown = Signal(object)
    login_shown = Signal(object)
    main_window_shown = Signal(object)
    finished = Signal(int)

    def __init__(
        self,
        options: StartOptions,
        translations: Translations,
        runner: OperationRunner | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.options = options
        self.translations = translations
        self.runner = runner or OperationRunner(self)
        self.archive: Archive | None = None
        self.progress: QProgressDialog | None = None
        self.first_run: FirstRunWizard | None = None
        self.login_dialog: LoginDialog | None = None
        self.main_window: MainWindow | None = None
        self.exit_code: int | None = None

    def start(self) -> None:
        if self.options.demo:
            text = self.tr("Preparing fresh demo data in {path}…\nThis takes a few seconds.").format(
                path=str(self.options.data_dir)
            )
        else:
            text = self.tr("Opening {path}…").format(path=str(self.options.data_dir))
        progress = QProgressDialog(text, "", 0, 0)
        progress.setObjectName("startupProgress")
        progress.setWindowTitle(self.tr("Archivist Desktop"))
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumWidth(420)
        progress.setMinimumDuration(0 if self.options.demo else 800)
        if self.options.demo:
            progress.show()
        self.progress = progress
        self.runner.write(
            open_station,
            self.options,
            changes=Changes.NONE,
            on_done=self._on_station_opened,
            on_error=self._on_station_failed,
        )

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None

    def _on_station_opened(self, archive: Archive) -> None:
        self._close_progress()
        self.archive = archive
        language = choose_language(archive.settings["language"])
        if language != self.translations.language:
            self.translations.install(language)
        if needs_first_run(archive, self.options.demo):
            wizard = FirstRunWizard(archive, self.runner, self.translations, camera=self.options.camera)
            wizard.finished.connect(self._on_first_run_finished)
            self.first_run = wizard
            wizard.show()
            self.first_run_shown.emit(wizard)
            return
        self._show_login()

    def _on_first_run_finished(self, _result: int) -> None:
        # saved or cancelled (then it comes back at the next start): on to signing in
        username = ""
        if self.first_run is not None:
            if self.first_run.created_admin is not None:
                username = self.first_run.created_admin.username  # the new administrator signs in first
            self.first_run.deleteLater()
            self.first_run = None
        self._show_login(username)

    def _show_login(self, username: str = "") -> None:
        archive = self.archive
        assert archive is not None
        accounts: list[DemoAccount] = []
        password = ""
        if self.options.demo:
            from archivist_desktop.services.demo import DEMO_PASSWORD, DEMO_USERS

            accounts = [DemoAccount(name, display, role) for name, display, role, _team in DEMO_USERS]
            password = DEMO_PASSWORD
        dialog = LoginDialog(archive, self.runner, self.options.username or username, accounts, password)
        dialog.accepted.connect(self._on_login_dialog_accepted)
        dialog.rejected.connect(lambda: self.finish(0))
        self.login_dialog = dialog
        dialog.show()
        self.login_shown.emit(dialog)
        if self.options.autologin:
            dialog.sign_in_later(*self.options.autologin)

    def _on_station_failed(self, exc: BaseException) -> None:
        self._close_progress()
        if isinstance(exc, KnownError):
            reason = error_text(exc)
        else:
            log.error("cannot open the data directory", exc_info=exc)
            reason = f"{type(exc).__name__}: {exc}"
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("Archivist Desktop"),
            self.tr("Cannot open the data directory {path}.").format(path=str(self.options.data_dir)),
            QMessageBox.StandardButton.Close,
        )
        box.setObjectName("startupError")
        box.setInformativeText(reason)
        box.finished.connect(lambda _result: self.finish(1))
        self.error_box = box
        box.open()

    def _on_login_dialog_accepted(self) -> None:
        assert self.login_dialog is not None and self.archive is not None
        user = self.login_dialog.user
        assert user is not None  # the dialog is accepted only once someone signed in
        self.login_dialog.deleteLater()
        self.login_dialog = None
        window = MainWindow(
            self.archive,
            self.runner,
            user,
            WindowOptions(self.options.demo, self.options.camera, self.translations.language),
        )
        self._watch_window(window)
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            window.resize(min(1560, area.width() - 40), min(960, area.height() - 40))
            frame = window.frameGeometry()
            frame.moveCenter(area.center())
            window.move(frame.topLeft())
        self.main_window = window
        window.show()
        # start-up objects are long-lived: move them out of the cyclic collector's way, so that its
        # full passes (which stop every thread, the GUI's included) stay short during capture
        gc.collect()
        gc.freeze()
        window.order_list.focus_search()
        self.main_window_shown.emit(window)
        if self.options.e2e_capture_after is not None:
            E2ECapture(window, self.options.e2e_capture_after, self)

    def _watch_window(self, window: MainWindow) -> None:
        window.closed.connect(lambda: self.finish(0))
        window.replaced.connect(self._on_main_window_replaced)

    def _on_main_window_replaced(self, window: MainWindow) -> None:
        """Switch user: the new user's window (with the same running camera) is now the main window."""
        self.main_window = window
        self._watch_window(window)
        self.main_window_shown.emit(window)

    def finish(self, code: int) -> None:
        if self.exit_code is None:
            self.exit_code = code
            self.finished.emit(code)

    def shutdown(self) -> None:
        """Close the windows, then close the archive on the writer and stop the runner's threads."""
        self._close_progress()
        if self.main_window is not None:
            self.main_window.capture_panel.stop()  # camera threads end; processed pages still attach
        if self.first_run is not None:
            self.first_run.stop()
        for widget in (self.first_run, self.login_dialog, self.main_window):
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.first_run = self.login_dialog = self.main_window = None
        archive, self.archive = self.archive, None
        self.runner.shutdown(final=archive.close if archive is not None else None)


class E2ECapture(QObject):
    """The ``ARCHIVIST_E2E_CAPTURE_AFTER_S`` hook (see the module docstring): one real capture, then close."""

    def __init__(self, window: MainWindow, after_s: float, parent: QObject | None = None):
        super().__init__(parent)
        self.window = window
        self.fired = False
        window.capture_panel.page_attached.connect(self._on_done)
        window.capture_panel.capture_failed.connect(self._on_done)
        window.order_model.reloaded.connect(self._select_first)
        self._select_first()
        QTimer.singleShot(int(after_s * 1000), self._poll)
        QTimer.singleShot(int((after_s + 60) * 1000), self._give_up)

    def _select_first(self) -> None:
        model = self.window.order_model
        if self.window.capture_panel.work_order_id is None and model.rowCount() > 0:
            row = model.row_at(0)
            self.window.order_list.select_order(row.id, row.work_order_no)

    def _poll(self) -> None:
        panel = self.window.capture_panel
        if panel.entry is not None and panel.capture() is not None:
            self.fired = True
            log.info("e2e: shutter pressed")
            return
        QTimer.singleShot(200, self._poll)

    def _on_done(self, job, _info) -> None:
        log.info("e2e: capture finished: %s", "stored" if _info is not None and not isinstance(_info, str) else _info)
        QTimer.singleShot(300, self.window.close)

    def _give_up(self) -> None:
        log.error("e2e: no capture finished within 60 s")
        self.window.close()


def run_gui(args) -> int:
    """The GUI entry point; returns the exit status."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    # instance() is typed QCoreApplication; the one here is always a QApplication
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setOrganizationName("Archivist")
    app.setOrganizationDomain("archivist.invalid")
    app.setApplicationName("Archivist Desktop")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "archivist-desktop.png")))
    app.setQuitOnLastWindowClosed(False)  # start-up passes from one window to the next; Startup says when to quit
    apply_cjk_font(app)
    translations = Translations(app)
    translations.install(system_language())
    startup = Startup(StartOptions.from_args(args), translations)
    startup.finished.connect(app.exit)
    QTimer.singleShot(0, startup.start)
    try:
        status = app.exec()
    finally:
        startup.shutdown()
    return startup.exit_code if startup.exit_code is not None else status
