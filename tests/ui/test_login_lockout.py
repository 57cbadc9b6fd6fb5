"""The sign-in dialog shows the lock-out that repeated failures cause (the same rule as the command line)."""

from __future__ import annotations

import pytest

from archivist_desktop.services.users import LOCKOUT_FAILURES, AuthenticationError, authenticate
from archivist_desktop.ui.login import LoginDialog
from archivist_desktop.ui.qt import Qt

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen platform
PASSWORD = "s3cret-pass"  # as tests/ui/conftest.py gives the users


def test_repeated_failures_lock_the_dialog_too(qtbot, station, worker):
    for _ in range(LOCKOUT_FAILURES - 1):  # failures on the command line count for the GUI
        with pytest.raises(AuthenticationError):
            authenticate(station, "clerk", "wrong", channel="cli")
    dialog = LoginDialog(station, worker, username="clerk")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.password_edit, "still wrong")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert "Wrong user name or password" in dialog.error_label.text()

    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)  # the right password, but the name is locked now
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "locked" in dialog.error_label.text())
    assert dialog.error_label.text() == "Account locked for 15 minutes after repeated failed sign-ins."
    assert dialog.user is None and dialog.isVisible()
