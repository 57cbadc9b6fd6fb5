"""First-run set-up: a wizard for language, station name, camera (with a live preview), the
optional central database and the first administrator (on a station without users that is not
connected to a centre; a centre manages its stations' users itself).  It appears when the station
has no ``station_name`` yet (not in ``--demo`` mode) and from File → Station set-up….

Nothing here blocks the GUI thread: the camera runs in :class:`CameraFeed`'s threads, the
connection test on the runner's sync lane, and the settings are written on the runner's writer thread.
The language page switches the interface language at once (every page re-translates itself on
``QEvent.LanguageChange``) when the wizard is given the application's :class:`Translations`.
The first administrator is created on Finish, on the writer thread, before the settings are saved
(:func:`finish_setup`), with the password policy of ``users add``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from archivist_desktop.domain.permissions import Role
from archivist_desktop.errors import BadInput
from archivist_desktop.paths import resources_dir
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.changes import Changes
from archivist_desktop.services.doctor import (
    CentralLogin,
    Check,
    StationSetup,
    parse_central_login,
    save_station_setup,
    split_central_url,
    station_name_problem,
    try_central_login,
)
from archivist_desktop.services.live import GrabberState, GrabberStatus
from archivist_desktop.services.users import MIN_PASSWORD_LENGTH, check_password_policy, create_user, has_users
from archivist_desktop.ui.camera_feed import CameraConfig, CameraFeed, PreviewResult
from archivist_desktop.ui.capture_dialogs import CameraChoice, CameraSettingsDialog
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.i18n import CHINESE, ENGLISH, Translations, choose_language, normalise_language
from archivist_desktop.ui.live_view import LiveView
from archivist_desktop.ui.operations import Operation, OperationRunner, report_text
from archivist_desktop.ui.qt import (
    QButtonGroup,
    QCheckBox,
    QEvent,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QObject,
    QPixmap,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    Qt,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
    Signal,
)

log = logging.getLogger(__name__)

LANGUAGE_PAGE, STATION_PAGE, CAMERA_PAGE, CENTRAL_PAGE, ADMIN_PAGE, SUMMARY_PAGE = range(6)
#: the longest user name the users table holds
MAX_USERNAME = 64
#: each language named in itself (never translated)
LANGUAGE_NAMES = {CHINESE: "简体中文", ENGLISH: "English"}
ERROR_STYLE = "color: #c0392b;"
HINT_STYLE = "color: palette(placeholder-text);"


def needs_first_run(archive: Archive, demo: bool) -> bool:
    """The wizard appears on a station without a name, except in demo mode (defaults apply there)."""
    return not demo and not archive.settings["station_name"].strip()


class _Page(QWizardPage):
    """A page that re-translates its texts when the language changes."""

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set the page's texts in the current language (each page sets its own)."""

    @property
    def setup_wizard(self) -> FirstRunWizard:
        return self.wizard()  # type: ignore[return-value]


def _hint(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


# --- language ------------------------------------------------------------------------------------


class LanguagePage(_Page):
    language_chosen = Signal(str)

    def __init__(self, language: str, live: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("languagePage")
        self.live = live
        self.welcome_label = QLabel()
        self.welcome_label.setObjectName("welcome")
        self.welcome_label.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.welcome_label)
        layout.addSpacing(12)
        for code in (CHINESE, ENGLISH):
            button = QRadioButton(LANGUAGE_NAMES[code])
            button.setObjectName(f"language_{code}")
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.2)
            button.setFont(font)
            self.group.addButton(button)
            self.buttons[code] = button
            layout.addWidget(button)
        self.note_label = _hint(QLabel())
        layout.addSpacing(12)
        layout.addWidget(self.note_label)
        layout.addStretch(1)
        self.buttons[normalise_language(language)].setChecked(True)
        self.group.buttonToggled.connect(self._on_group_button_toggled)
        self.retranslate()

    def language(self) -> str:
        return next(code for code, button in self.buttons.items() if button.isChecked())

    def set_language(self, code: str) -> None:
        self.buttons[normalise_language(code)].setChecked(True)

    def _on_group_button_toggled(self, _button, checked: bool) -> None:
        if checked:
            self.language_chosen.emit(self.language())

    def retranslate(self) -> None:
        self.setTitle(self.tr("Language"))
        self.setSubTitle(self.tr("Choose the language of the interface."))
        self.welcome_label.setText(
            self.tr(
                "Welcome to Archivist Desktop. A few questions set up this workstation: its language, its name, "
                "the document camera and, if there is one, the central database. It takes a minute."
            )
        )
        if self.live:
            self.note_label.setText(
                self.tr("The interface switches at once. You can change the language later with File → Station set-up…")
            )
        else:
            self.note_label.setText(self.tr("The new language applies from the next start of the program."))


# --- station name --------------------------------------------------------------------------------


class StationPage(_Page):
    def __init__(self, name: str, data_dir: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("stationPage")
        self.data_dir = data_dir
        self.name_label = QLabel()
        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("stationName")
        self.name_edit.setMinimumWidth(320)
        self.name_label.setBuddy(self.name_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("stationNameError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.explain_label = _hint(QLabel())
        self.data_label = _hint(QLabel())
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.name_label, self.name_edit)
        form.addRow("", self.error_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain_label)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.data_label)
        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.retranslate()

    def station_name(self) -> str:
        return self.name_edit.text().strip()

    def problem_text(self) -> str:
        problem = station_name_problem(self.name_edit.text())
        if problem == "empty":
            return self.tr("A station name is required.")
        if problem == "too long":
            return self.tr("At most 64 characters, please.")
        if problem == "bad character":
            return self.tr("Use letters, digits, spaces and - _ . · ( ) # only.")
        return ""

    def isComplete(self) -> bool:
        return station_name_problem(self.name_edit.text()) is None

    def _on_name_edit_text_changed(self, _text: str) -> None:
        # no complaint about an empty field while the user has not typed anything yet
        self.error_label.setText(self.problem_text() if self.name_edit.text() else "")
        self.completeChanged.emit()

    def initializePage(self) -> None:
        self.name_edit.setFocus()

    def retranslate(self) -> None:
        self.setTitle(self.tr("This workstation"))
        self.setSubTitle(self.tr("Give this PC a name that people recognise."))
        self.name_label.setText(self.tr("Station &name:"))
        self.name_edit.setPlaceholderText(self.tr("e.g. East Hall counter 1"))
        self.explain_label.setText(
            self.tr("The name identifies this workstation in audit records, in the central database and on reports.")
        )
        self.data_label.setText(self.tr("Data directory: {path}").format(path=self.data_dir))
        if self.error_label.text():
            self.error_label.setText(self.problem_text())


# --- camera --------------------------------------------------------------------------------------


class CameraPage(_Page):
    """The camera choice (through the camera settings dialog) and a live preview to confirm it."""

    def __init__(self, choice: CameraChoice, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cameraPage")
        self.choice = choice
        self.status: GrabberStatus | None = None
        self.feed = CameraFeed(self)
        self.feed.read_barcodes = False
        self.feed.status_changed.connect(self._on_feed_status_changed)
        self.feed.preview_ready.connect(self._on_feed_preview_ready)
        self.camera_label = QLabel()
        self.camera_label.setObjectName("cameraName")
        self.camera_label.setWordWrap(True)
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("chooseCamera")
        self.choose_button.clicked.connect(self.choose_camera)
        self.live_view = LiveView()
        self.live_view.setMinimumSize(480, 300)
        self.live_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.live_view.retry_requested.connect(self.start_preview)
        self.live_view.resized.connect(lambda w, h: setattr(self.feed, "display_size", (w, h)))
        self.info_label = _hint(QLabel())
        self.info_label.setObjectName("cameraStatus")
        row = QHBoxLayout()
        row.addWidget(self.camera_label, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.live_view, 1)
        layout.addWidget(self.info_label)
        self.dialog: CameraSettingsDialog | None = None
        self.retranslate()

    # -- the preview runs while the page is shown

    def initializePage(self) -> None:
        self.start_preview()

    def cleanupPage(self) -> None:
        self.stop_preview()

    def validatePage(self) -> bool:
        self.stop_preview()
        return True

    def start_preview(self) -> None:
        w, h = CameraConfig.parse_resolution(self.choice.resolution)
        self.live_view.result = None
        self.feed.start(CameraConfig(self.choice.camera, w, h, self.choice.backend or "auto"))
        self._update_info()

    def stop_preview(self) -> None:
        self.feed.stop()
        self.status = None
        self._update_info()

    def set_choice(self, choice: CameraChoice) -> None:
        self.choice = choice
        self.retranslate()
        if self.isVisible():
            self.start_preview()

    def choose_camera(self) -> None:
        self.dialog = CameraSettingsDialog(self.choice, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()

    def _on_dialog_accepted(self) -> None:
        if self.dialog is not None:
            self.set_choice(self.dialog.choice())

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None

    def _on_feed_status_changed(self, status: GrabberStatus) -> None:
        self.status = status
        self.live_view.show_status(status, self._status_text(status))
        self._update_info()

    def _on_feed_preview_ready(self, result: PreviewResult) -> None:
        self.live_view.show_result(result)
        self.feed.preview_shown()
        if self.status is None or self.status.state != GrabberState.RUNNING or self.feed.previews == 1:
            self._update_info()

    def _status_text(self, s: GrabberStatus) -> str:
        error = s.error or s.message
        if s.state == GrabberState.OPENING:
            return self.tr("Opening the camera ({source})…").format(source=s.source)
        if s.state == GrabberState.RECONNECTING:
            return self.tr("The camera is not answering ({error}). Reconnecting…").format(error=error)
        if s.state == GrabberState.FAILED:
            return self.tr(
                "The camera could not be opened: {error}\nCheck the cable, or choose another camera."
            ).format(error=error)
        if s.state == GrabberState.ENDED:
            return self.tr("The replay has ended. Press Retry to start it again.")
        return ""

    def _update_info(self) -> None:
        info = self.feed.info
        if info is not None and self.feed.state == GrabberState.RUNNING:
            self.info_label.setText(
                self.tr("Live: {summary}. Put a page under the camera: its outline shows when it is found.").format(
                    summary=info.summary()
                )
            )
        elif self.status is not None and self.status.state == GrabberState.FAILED:
            self.info_label.setText(
                self.tr("No picture. You can go on and choose the camera later with File → Camera settings…")
            )
        else:
            self.info_label.setText(self.tr("Starting the camera…"))

    def camera_text(self) -> str:
        spec = self.choice.camera
        if spec.startswith("sim"):
            return self.tr("simulated document camera ({spec})").format(spec=spec)
        if spec.startswith("replay:"):
            return self.tr("replay of {path}").format(path=spec[len("replay:") :] or "…")
        return self.tr("camera {spec}").format(spec=spec)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Camera"))
        self.setSubTitle(self.tr("Check the picture of the document camera. The simulated camera needs no hardware."))
        self.camera_label.setText(self.tr("Camera: {name}").format(name=self.camera_text()))
        self.choose_button.setText(self.tr("&Choose camera…"))
        self._update_info()


# --- central database ----------------------------------------------------------------------------


class _CentralTester(QObject):
    """One connection test on the runner's sync lane (connecting may take seconds; it talks to the centre)."""

    done = Signal(object)  # a services.doctor.Check

    def __init__(self, runner: OperationRunner, parent: QObject | None = None):
        super().__init__(parent)
        self._runner = runner

    def start(self, login: CentralLogin, password: str) -> Operation:
        return self._runner.sync(
            try_central_login,
            login,
            password,
            context=self,
            on_done=self.done.emit,
            on_error=lambda exc: self.done.emit(_failed_check(exc)),
        )


def _failed_check(exc: BaseException) -> Check:
    """try_central_login reports every problem as a Check; this is only for a bug in it."""
    return Check("central", "error", False, report_text(exc), {"reachable": False})


class CentralPage(_Page):
    def __init__(self, url: str, user: str, runner: OperationRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("centralPage")
        self.tested: tuple[CentralLogin, str, Check] | None = None  # (login, password, result) of the last test
        self._testing: tuple[CentralLogin, str] | None = None
        self.use_check = QCheckBox()
        self.use_check.setObjectName("useCentral")
        self.use_check.setChecked(bool(url))
        self.url_edit = QLineEdit(url)
        self.url_edit.setObjectName("centralUrl")
        self.url_edit.setPlaceholderText("postgresql://dbhost:5432/archive")
        self.url_edit.setMinimumWidth(360)
        self.user_edit = QLineEdit(user)
        self.user_edit.setObjectName("centralUser")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("centralPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.test_button = QPushButton()
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        self.result_label = QLabel()
        self.result_label.setObjectName("connectionResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url_label, self.user_label, self.password_label = QLabel(), QLabel(), QLabel()
        self.explain_label = _hint(QLabel())
        self.form = QFormLayout()
        self.form.addRow(self.url_label, self.url_edit)
        self.form.addRow(self.user_label, self.user_edit)
        self.form.addRow(self.password_label, self.password_edit)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain_label)
        layout.addSpacing(6)
        layout.addWidget(self.use_check)
        layout.addLayout(self.form)
        layout.addLayout(test_row)
        layout.addStretch(1)
        self.tester = _CentralTester(runner, self)
        self.tester.done.connect(self._on_tester_done)
        for edit in (self.url_edit, self.user_edit, self.password_edit):
            edit.textChanged.connect(self._on_fields_changed)
        self.use_check.toggled.connect(self._on_fields_changed)
        self._update_enabled()
        self.retranslate()

    def login(self) -> CentralLogin | None:
        """The central login typed in, or None when not used; ``ValueError`` for a bad URL."""
        if not self.use_check.isChecked():
            return None
        return parse_central_login(self.url_edit.text(), self.user_edit.text())

    def password(self) -> str:
        return self.password_edit.text()

    def nextId(self) -> int:
        wizard = self.setup_wizard
        if wizard is not None and wizard.admin_page.station_has_users:
            return SUMMARY_PAGE  # a station with users (File → Station set-up…): no administrator to add
        return ADMIN_PAGE

    def isComplete(self) -> bool:
        if not self.use_check.isChecked():
            return True
        try:
            self.login()
        except ValueError:
            return False
        return True

    def test_connection(self) -> None:
        try:
            login = self.login()
        except ValueError as exc:
            self._show_result(self.tr("Not a usable address: {error}").format(error=error_text(exc)), False)
            return
        if login is None:
            return
        self._testing = (login, self.password())
        self.test_button.setEnabled(False)
        self._show_result(self.tr("Connecting to {url}…").format(url=login.full_url), None)
        self.tester.start(login, self.password())

    def _on_tester_done(self, check: Check) -> None:
        testing, self._testing = self._testing, None
        self._update_enabled()
        if testing is None:
            return
        self.tested = (testing[0], testing[1], check)
        if check.data.get("reachable") and check.ok:
            self._show_result(
                self.tr("Connected: the central database answers (schema {revision}).").format(
                    revision=check.data.get("revision", "")
                ),
                True,
            )
        elif check.data.get("reachable"):
            self._show_result(self.tr("Connected, but: {detail}").format(detail=check.detail), False)
        else:
            self._show_result(self.tr("Cannot connect: {detail}").format(detail=check.detail), False)

    def test_result(self) -> Check | None:
        """The last test's result if it was made with exactly the current fields."""
        if self.tested is None:
            return None
        try:
            login = self.login()
        except ValueError:
            return None
        tested_login, tested_password, check = self.tested
        return check if (login, self.password()) == (tested_login, tested_password) else None

    def _show_result(self, text: str, good: bool | None) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet("" if good is None else ("color: #2e7d32;" if good else ERROR_STYLE))

    def _on_fields_changed(self, *_args) -> None:
        if self.tested is not None and self.test_result() is None:
            self._show_result("", None)
        self._update_enabled()
        self.completeChanged.emit()

    def _update_enabled(self) -> None:
        used = self.use_check.isChecked()
        for widget in (
            self.url_edit,
            self.user_edit,
            self.password_edit,
            self.url_label,
            self.user_label,
            self.password_label,
        ):
            widget.setEnabled(used)
        self.test_button.setEnabled(used and self._testing is None and bool(self.url_edit.text().strip()))

    def retranslate(self) -> None:
        self.setTitle(self.tr("Central database"))
        self.setSubTitle(self.tr("Optional: sync this station's work with the central database."))
        self.explain_label.setText(
            self.tr(
                "Without a central database this station works on its own. You can sign in later with "
                "File → Station set-up… or the command archivist-desktop central login. "
                "The password is kept in the system's keyring, never in the settings file."
            )
        )
        self.use_check.setText(self.tr("&Sync with a central database"))
        self.url_label.setText(self.tr("&Address (URL):"))
        self.user_label.setText(self.tr("&User:"))
        self.password_label.setText(self.tr("&Password:"))
        self.test_button.setText(self.tr("&Test connection"))
        for label, edit in (
            (self.url_label, self.url_edit),
            (self.user_label, self.user_edit),
            (self.password_label, self.password_edit),
        ):
            label.setBuddy(edit)


# --- the first administrator ---------------------------------------------------------------------


@dataclass(frozen=True)
class FirstAdmin:
    """The first administrator typed into the wizard (created on Finish)."""

    username: str
    display_name: str
    password: str


class StationHasUsers(KnownError):
    """Finish found users on the station (made meanwhile, e.g. with ``users add``): no administrator is added."""

    def __init__(self) -> None:
        super().__init__("this station already has users; no administrator was added")


def username_problem(username: str) -> str | None:
    """``"empty"``, ``"too long"``, ``"space"`` or None for a usable user name."""
    if not username.strip():
        return "empty"
    if len(username) > MAX_USERNAME:
        return "too long"
    if any(c.isspace() for c in username):
        return "space"
    return None


def password_problem(username: str, password: str) -> str | None:
    """``"too short"``, ``"contains the user name"`` or None: the verdict of ``users add``'s policy
    (:func:`check_password_policy`), as a code the page translates."""
    try:
        check_password_policy(username, password)
    except BadInput:
        return "too short" if len(password) < MIN_PASSWORD_LENGTH else "contains the user name"
    return None


def finish_setup(archive: Archive, setup: StationSetup, password: str | None, admin: FirstAdmin | None) -> None:
    """Finish (writer thread): create the first administrator, if one was typed in, then save the settings.

    The administrator comes first: if the settings then fail to save, the wizard comes back at the next
    start and skips its administrator page (the station has a user).  Only a station without any user,
    not connected to a centre (which manages users itself), gets one (:class:`StationHasUsers` otherwise).
    """
    if admin is not None and setup.central is None:
        if has_users(archive):
            raise StationHasUsers()
        create_user(
            archive,
            admin.username,
            admin.password,
            Role.ADMIN,
            admin.display_name or admin.username,
            actor="bootstrap",
            enforce_policy=True,
        )
    save_station_setup(archive, setup, password)


class AdminPage(_Page):
    """The first administrator: user name, display name, the password twice (the policy of ``users add``).

    Three cases: the station has no user and no central database (the fields; the page completes only
    once they are valid); the central database is used (users come from the centre: nothing to fill);
    the station already has users (nothing to add; the wizard skips the page when it knows).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("adminPage")
        #: None until the runner answered; then whether the station has any user
        self.station_has_users: bool | None = None
        self.explain_label = _hint(QLabel())
        self.explain_label.setObjectName("adminExplain")
        self.username_label, self.display_label, self.password_label, self.repeat_label = (
            QLabel(),
            QLabel(),
            QLabel(),
            QLabel(),
        )
        self.username_edit = QLineEdit("admin")
        self.username_edit.setObjectName("adminUsername")
        self.username_edit.setMaxLength(MAX_USERNAME)
        self.username_edit.setMinimumWidth(260)
        self.display_edit = QLineEdit()
        self.display_edit.setObjectName("adminDisplayName")
        self.display_edit.setMaxLength(128)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("adminPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("adminPasswordRepeat")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors: dict[str, QLabel] = {}
        for key in ("username", "password", "repeat"):
            label = QLabel()
            label.setObjectName(f"admin_{key}_error")
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
            self.errors[key] = label
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.username_label, self.username_edit)
        form.addRow("", self.errors["username"])
        form.addRow(self.display_label, self.display_edit)
        form.addRow(self.password_label, self.password_edit)
        form.addRow("", self.errors["password"])
        form.addRow(self.repeat_label, self.repeat_edit)
        form.addRow("", self.errors["repeat"])
        self.policy_label = _hint(QLabel())
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain_label)
        layout.addSpacing(8)
        layout.addWidget(self.fields)
        layout.addWidget(self.policy_label)
        layout.addStretch(1)
        for edit in (self.username_edit, self.display_edit, self.password_edit, self.repeat_edit):
            edit.textChanged.connect(self._on_fields_changed)
        self.retranslate()

    # -- what the page holds

    def central_used(self) -> bool:
        wizard = self.setup_wizard
        if wizard is None:
            return False
        try:
            return wizard.central_page.login() is not None
        except ValueError:
            return False

    def wanted(self) -> bool:
        """Whether the fields apply: a station without users that is not connected to a centre."""
        return self.station_has_users is False and not self.central_used()

    def admin(self) -> FirstAdmin | None:
        """The administrator to create on Finish, or None (centre, existing users, or not valid yet)."""
        if not self.wanted() or self.problems():
            return None
        return FirstAdmin(
            self.username_edit.text().strip(), self.display_edit.text().strip(), self.password_edit.text()
        )

    def problems(self) -> dict[str, str]:
        """The inline error of each field that is not valid (every field, typed in or not)."""
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        found: dict[str, str] = {}
        problem = username_problem(self.username_edit.text())
        if problem == "empty":
            found["username"] = self.tr("A user name is required.")
        elif problem == "too long":
            found["username"] = self.tr("At most {n} characters, please.").format(n=MAX_USERNAME)
        elif problem == "space":
            found["username"] = self.tr("No spaces in a user name, please.")
        problem = password_problem(username, password)
        if problem == "too short":
            found["password"] = self.tr("At least {n} characters, please ({typed} so far).").format(
                n=MIN_PASSWORD_LENGTH, typed=len(password)
            )
        elif problem == "contains the user name":
            found["password"] = self.tr("The password must not contain the user name.")
        if self.repeat_edit.text() != password:
            found["repeat"] = self.tr("The two passwords differ.")
        return found

    def isComplete(self) -> bool:
        if self.station_has_users is None and not self.central_used():
            return False  # still asking the database (a moment)
        return not self.wanted() or not self.problems()

    def set_station_has_users(self, found: bool) -> None:
        self.station_has_users = found
        self._update()

    # -- showing

    def initializePage(self) -> None:
        self._update()
        if self.wanted():
            (self.password_edit if self.username_edit.text() else self.username_edit).setFocus()

    def _on_fields_changed(self, *_args) -> None:
        self._show_errors()
        self.completeChanged.emit()

    def _show_errors(self) -> None:
        problems = self.problems()
        typed = {
            "username": True,  # the name is prefilled: an emptied field says so at once
            "password": bool(self.password_edit.text()),
            "repeat": bool(self.repeat_edit.text()),
        }
        for key, label in self.errors.items():
            label.setText(problems.get(key, "") if typed[key] else "")
            label.setVisible(bool(label.text()))  # no empty row under a valid field

    def _update(self) -> None:
        self.fields.setVisible(self.wanted())
        self.policy_label.setVisible(self.wanted())
        self.explain_label.setText(self._explain_text())
        self._show_errors()
        self.completeChanged.emit()

    def _explain_text(self) -> str:
        if self.central_used():
            return self.tr(
                "This station syncs with a central database, which manages the users: people sign in with the "
                "accounts the centre gives them. No administrator is created here."
            )
        if self.station_has_users is None:
            return self.tr("Checking the user accounts of this station…")
        if self.station_has_users:
            return self.tr("This station already has user accounts; nothing to add here.")
        return self.tr(
            "This station has no user account yet. Create its first administrator: that person signs in after "
            "this set-up and adds the other users."
        )

    def retranslate(self) -> None:
        self.setTitle(self.tr("First administrator"))
        self.setSubTitle(self.tr("The account that signs in first and manages the others."))
        self.username_label.setText(self.tr("&User name:"))
        self.display_label.setText(self.tr("&Display name:"))
        self.password_label.setText(self.tr("&Password:"))
        self.repeat_label.setText(self.tr("&Repeat password:"))
        self.display_edit.setPlaceholderText(self.tr("e.g. Wang Fang (shown on receipts and in the status bar)"))
        for label, edit in (
            (self.username_label, self.username_edit),
            (self.display_label, self.display_edit),
            (self.password_label, self.password_edit),
            (self.repeat_label, self.repeat_edit),
        ):
            label.setBuddy(edit)
        self.policy_label.setText(
            self.tr("Passwords: at least {n} characters, not containing the user name.").format(n=MIN_PASSWORD_LENGTH)
        )
        self.explain_label.setText(self._explain_text())
        self._show_errors()


# --- summary -------------------------------------------------------------------------------------


class SummaryPage(_Page):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("summaryPage")
        self.setFinalPage(True)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("language", "station", "camera", "central", "admin", "data"):
            name, value = QLabel(), QLabel()
            value.setObjectName(f"summary_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.rows[key] = (name, value)
            self.form.addRow(name, value)
        self.error_label = QLabel()
        self.error_label.setObjectName("saveError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        self.retranslate()

    def initializePage(self) -> None:
        self.error_label.clear()
        self.fill()

    def fill(self) -> None:
        wizard = self.setup_wizard
        if wizard is None:
            return
        self.rows["language"][1].setText(LANGUAGE_NAMES[wizard.language_page.language()])
        self.rows["station"][1].setText(wizard.station_page.station_name())
        self.rows["camera"][1].setText(wizard.camera_page.camera_text())
        central = wizard.central_page
        try:
            login = central.login()
        except ValueError:
            login = None
        if login is None:
            text = self.tr("not used — this station works on its own")
        else:
            result = central.test_result()
            if result is None:
                state = self.tr("connection not tested")
            elif result.data.get("reachable") and result.ok:
                state = self.tr("connection tested")
            else:
                state = self.tr("connection test failed; the station syncs once the database answers")
            text = self.tr("{url} as {user} ({state})").format(url=login.url, user=login.user or "—", state=state)
        self.rows["central"][1].setText(text)
        admin_page = wizard.admin_page
        admin = admin_page.admin()
        if admin is not None:
            admin_text = self.tr("{name} ({username}), created on Finish").format(
                name=admin.display_name or admin.username, username=admin.username
            )
        elif login is not None:
            admin_text = self.tr("users come from the central database")
        else:
            admin_text = self.tr("the station's existing users")
        self.rows["admin"][1].setText(admin_text)
        self.rows["data"][1].setText(str(wizard.archive.data_dir))

    def retranslate(self) -> None:
        self.setTitle(self.tr("Summary"))
        self.setSubTitle(self.tr("Check the set-up, then press Finish to save it."))
        names = {
            "language": self.tr("Language:"),
            "station": self.tr("Station name:"),
            "camera": self.tr("Camera:"),
            "central": self.tr("Central database:"),
            "admin": self.tr("Administrator:"),
            "data": self.tr("Data directory:"),
        }
        for key, (label, _value) in self.rows.items():
            label.setText(names[key])
        if self.setup_wizard is not None and self.isVisible():
            self.fill()


# --- the wizard ----------------------------------------------------------------------------------


class FirstRunWizard(QWizard):
    """Station set-up.  ``translations``: the application's, to switch the language at once
    (None: the chosen language is saved and applies from the next start).

    Signals:
        saved(object): the :class:`StationSetup` was written to the settings (just before the wizard closes).
    """

    saved = Signal(object)

    def __init__(
        self,
        archive: Archive,
        runner: OperationRunner,
        translations: Translations | None = None,
        parent: QWidget | None = None,
        camera: str | None = None,
    ):
        """``camera``: the camera given on the command line (``--camera``), offered first instead of
        the setting's."""
        super().__init__(parent)
        self.archive = archive
        self.runner = runner
        self.translations = translations
        self.setup: StationSetup | None = None
        #: the administrator created on Finish (None: none was created)
        self.created_admin: FirstAdmin | None = None
        self._saving = False
        self.setObjectName("firstRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(760, 600)
        logo = QPixmap(str(resources_dir() / "icons" / "archivist-desktop.png"))
        if not logo.isNull():
            self.setPixmap(
                QWizard.WizardPixmap.LogoPixmap,
                logo.scaled(56, 56, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation),
            )
        s = archive.settings
        language = translations.language if translations is not None else choose_language(s["language"])
        if s["language"].strip():
            language = normalise_language(s["language"])
        self.language_page = LanguagePage(language, live=translations is not None)
        self.station_page = StationPage(s["station_name"], str(archive.data_dir))
        self.camera_page = CameraPage(
            CameraChoice(
                camera or s["camera"], s["camera_resolution"], s["camera_backend"], s["pedal_key"], s["auto_capture"]
            )
        )
        url, user = split_central_url(s["central_url"])
        self.central_page = CentralPage(url, user, runner)
        self.admin_page = AdminPage()
        self.summary_page = SummaryPage()
        for index, page in enumerate(
            (
                self.language_page,
                self.station_page,
                self.camera_page,
                self.central_page,
                self.admin_page,
                self.summary_page,
            )
        ):
            self.setPage(index, page)
        runner.read(has_users, archive, context=self, on_done=self.admin_page.set_station_has_users)
        self.language_page.language_chosen.connect(self._on_language_page_language_chosen)
        if translations is not None and translations.language != language:
            translations.install(language)
        self.retranslate()

    # -- language

    def _on_language_page_language_chosen(self, language: str) -> None:
        if self.translations is not None and self.translations.language != language:
            self.translations.install(language)  # every widget gets a LanguageChange event

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Station set-up — Archivist Desktop"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Next >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))

    # -- finishing

    def station_setup(self) -> StationSetup:
        choice = self.camera_page.choice
        return StationSetup(
            self.station_page.station_name(),
            self.language_page.language(),
            choice.camera,
            choice.resolution,
            choice.backend,
            choice.pedal_key,
            choice.auto_capture,
            self.central_page.login(),
        )

    def accept(self) -> None:
        """Finish: write the settings on the writer thread, then close."""
        if self._saving:
            return
        try:
            setup = self.station_setup()
        except ValueError as exc:
            self.summary_page.error_label.setText(error_text(exc))
            return
        self._saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self.summary_page.error_label.setText(self.tr("Saving…"))
        password = self.central_page.password() if setup.central is not None else None
        admin = self.admin_page.admin()
        self.runner.write(
            finish_setup,
            self.archive,
            setup,
            password,
            admin,
            changes=Changes(users=admin is not None, settings=True),
            context=self,
            on_done=lambda _r: self._on_saved(setup, admin),
            on_error=self._on_save_failed,
        )

    def _on_saved(self, setup: StationSetup, admin: FirstAdmin | None) -> None:
        self._saving = False
        self.setup = setup
        self.created_admin = admin
        self.saved.emit(setup)
        super().accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        log.warning("station set-up not saved: %s", exc)
        if isinstance(exc, StationHasUsers):
            self.admin_page.set_station_has_users(True)
            self.summary_page.fill()
            text = self.tr(
                "This station got user accounts meanwhile, so no administrator was added. Press Finish again to "
                "save the rest of the set-up."
            )
        else:
            text = self.tr("The set-up was not saved: {error}").format(error=error_text(exc))
        self.summary_page.error_label.setText(text)

    def done(self, result: int) -> None:
        self.stop()
        super().done(result)

    def stop(self) -> None:
        """Stop the camera preview (the wizard may be closed from any page)."""
        self.camera_page.stop_preview()
        if self.camera_page.dialog is not None:
            self.camera_page.dialog.reject()


def open_station_setup(window) -> FirstRunWizard:
    """File → Station set-up… on the main window: the camera is handed to the wizard and back."""
    from archivist_desktop.ui.main_window import camera_config

    panel = window.capture_panel
    panel.feed.stop()
    wizard = FirstRunWizard(window.archive, window.runner, None, window)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def restart_camera(_result: int) -> None:
        s = window.archive.settings
        window._bind_capture_keys(s["pedal_key"])
        panel.auto_button.setChecked(bool(s["auto_capture"]))
        panel.start_camera(camera_config(s, window.options.camera))

    wizard.finished.connect(restart_camera)
    window.station_setup_wizard = wizard
    wizard.open()
    return wizard
