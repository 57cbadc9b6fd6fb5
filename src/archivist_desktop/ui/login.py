"""The sign-in dialog.  Authentication (scrypt, ~50 ms) runs on a reader thread of the operation runner."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.changes import Changes
from archivist_desktop.services.users import AccountLocked, AuthenticationError, UserInfo, authenticate, has_users
from archivist_desktop.ui.errors import error_text
from archivist_desktop.ui.i18n import role_label
from archivist_desktop.ui.operations import OperationRunner
from archivist_desktop.ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFont,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role


class LoginDialog(QDialog):
    """User name + password; Enter submits; a wrong password shows an error and keeps the dialog open.

    Signals:
        signed_in(object): a :class:`UserInfo` — emitted just before the dialog is accepted.
    """

    signed_in = Signal(object)

    def __init__(
        self,
        archive: Archive,
        runner: OperationRunner,
        username: str = "",
        demo_accounts: Sequence[DemoAccount] = (),
        demo_password: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._archive = archive
        self._runner = runner
        self._demo_password = demo_password
        self.user: UserInfo | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Sign in — Archivist Desktop"))
        self.setObjectName("LoginDialog")
        self.setMinimumWidth(400)

        title = QLabel(self.tr("Archivist Desktop"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        subtitle = QLabel(self.tr("Sign in to this workstation"))
        subtitle.setStyleSheet("color: palette(placeholder-text);")

        self.username_edit = QLineEdit(username)
        self.username_edit.setObjectName("username")
        self.username_edit.setMinimumWidth(260)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)

        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.error_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("status")
        self.status_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText(self.tr("Sign in"))
        for button in self.buttons.buttons():
            cast(QPushButton, button).setAutoDefault(False)  # Enter always means "sign in", wherever the focus is
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(6)
        layout.addLayout(form)
        # room for two lines of message, reserved so that the dialog does not jump when one appears
        messages = QWidget()
        messages_layout = QVBoxLayout(messages)
        messages_layout.setContentsMargins(0, 0, 0, 0)
        messages_layout.addWidget(self.error_label)
        messages_layout.addWidget(self.status_label)
        messages_layout.addStretch(1)
        messages.setMinimumHeight(2 * self.fontMetrics().lineSpacing() + 4)
        layout.addWidget(messages)

        self.demo_table: QTableWidget | None = None
        if demo_accounts:
            layout.addSpacing(6)
            hint = QLabel(
                self.tr(
                    "Demo mode: every demo account has the password <b>{password}</b>. "
                    "Click an account to fill it in, double-click to sign in."
                ).format(password=demo_password)
            )
            hint.setWordWrap(True)
            layout.addWidget(hint)
            self.demo_table = self._demo_table(demo_accounts)
            layout.addWidget(self.demo_table)
        layout.addWidget(self.buttons)

        if username:
            self.password_edit.setFocus()
        else:
            self.username_edit.setFocus()
        #: None until known; False: a fresh station without any account (nobody can sign in yet)
        self.station_has_users: bool | None = None
        runner.read(has_users, archive, context=self, on_done=self._on_has_users)

    def _on_has_users(self, found: bool) -> None:
        self.station_has_users = found
        if not found:
            self._show_error(self._no_users_text())

    def _no_users_text(self) -> str:
        return self.tr(
            "This station has no user account yet, so nobody can sign in. Create the first administrator with "
            "the command: archivist-desktop users add --name NAME --role admin"
        )

    def _demo_table(self, accounts: Sequence[DemoAccount]) -> QTableWidget:
        table = QTableWidget(len(accounts), 3, self)
        table.setObjectName("demoAccounts")
        table.setHorizontalHeaderLabels([self.tr("User name"), self.tr("Name"), self.tr("Role")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setAlternatingRowColors(True)
        for row, account in enumerate(accounts):
            for col, text in enumerate((account.username, account.display_name, role_label(account.role))):
                table.setItem(row, col, QTableWidgetItem(text))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.resizeRowsToContents()
        height = table.horizontalHeader().sizeHint().height() + sum(table.rowHeight(r) for r in range(len(accounts)))
        table.setFixedHeight(height + 2 * table.frameWidth())
        table.cellClicked.connect(self._on_demo_table_cell_clicked)
        table.cellDoubleClicked.connect(self._on_demo_table_cell_double_clicked)
        return table

    def _on_demo_table_cell_clicked(self, row: int, _col: int) -> None:
        assert self.demo_table is not None
        item = self.demo_table.item(row, 0)
        assert item is not None  # every cell of the demo table has an item
        self.username_edit.setText(item.text())
        self.password_edit.setText(self._demo_password)

    def _on_demo_table_cell_double_clicked(self, row: int, col: int) -> None:
        self._on_demo_table_cell_clicked(row, col)
        self.submit()

    def sign_in_later(self, username: str, password: str) -> None:
        """Fill in the fields and submit once the event loop runs (demo auto-login)."""
        self.username_edit.setText(username)
        self.password_edit.setText(password)
        QTimer.singleShot(0, self.submit)

    # --- signing in ---------------------------------------------------------------------------------

    def submit(self) -> None:
        if self._busy:
            return
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self._show_error(self.tr("Enter your user name and password."))
            (self.username_edit if not username else self.password_edit).setFocus()
            return
        self._set_busy(True)
        self._runner.write(  # a failed sign-in is written (an audit event; the lock-out counts them)
            authenticate,
            self._archive,
            username,
            password,
            changes=Changes.NONE,
            on_done=self._on_authenticated,
            on_error=self._on_authentication_failed,
            context=self,
        )

    def _on_authenticated(self, user: UserInfo) -> None:
        self._set_busy(False)
        self.user = user
        self.signed_in.emit(user)
        self.accept()

    def _on_authentication_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, AuthenticationError) and self.station_has_users is False:
            text = self._no_users_text()
        elif isinstance(exc, AuthenticationError):
            text = self.tr("Wrong user name or password. Check both and try again.")
        elif isinstance(exc, AccountLocked):
            text = self.tr("Account locked for {minutes} minutes after repeated failed sign-ins.").format(
                minutes=exc.minutes
            )
        elif isinstance(exc, KnownError):
            text = self.tr("Cannot sign in: {reason}").format(reason=error_text(exc))
        else:
            log.error("sign-in failed", exc_info=exc)
            text = self.tr(
                "Sign-in failed because of an unexpected error ({error}). Please report it to your administrator."
            ).format(error=f"{type(exc).__name__}: {exc}")
        self._show_error(text)
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for edit in (self.username_edit, self.password_edit):
            edit.setReadOnly(busy)  # read-only rather than disabled: the focus stays where it was
        self.sign_in_button.setEnabled(not busy)
        if self.demo_table is not None:
            self.demo_table.setEnabled(not busy)
        if busy:
            self.error_label.hide()
            self.status_label.setText(self.tr("Signing in…"))
            self.status_label.show()
        else:
            self.status_label.hide()

    def reject(self) -> None:
        if not self._busy:
            super().reject()
