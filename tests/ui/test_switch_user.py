"""Issue 17 item 10: the help page (F1) lists the keys the window really binds; switch user (Ctrl+L)
opens the new user's desk with the camera still running (the same feed, grabber and preview thread)."""

from __future__ import annotations

import pytest

from archivist_desktop.services.users import get_user
from archivist_desktop.ui.main_window import ARCHIVE, CAPTURE, DASHBOARD, REVIEW, MainWindow
from archivist_desktop.ui.qt import Qt, isValid

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen platform


def test_f1_opens_a_help_page_listing_the_keys(qtbot, make_window):
    window = make_window("lead")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(window, "help_box", None) is not None and window.help_box.isVisible())
    text = window.help_box.text()
    keys = dict(window.shortcut_rows())
    for key in ("Space", "Ctrl+1", "Ctrl+4", "Ctrl+F", "F5", "F1", "A", "Shift+A", "Ctrl+Shift+F"):
        assert any(key in k.split(" / ") for k in keys), key
        assert f"<b>{key}" in text or f"/ {key}" in text, key
    window.help_box.close()


# --- switch user (Ctrl+L) keeping the camera running ----------------------------------------------------

PASSWORD = "s3cret-pass"


@pytest.fixture
def desk(qtbot, make_station, feed, runner):
    """A clerk's window on a station with a clerk, a supervisor, an archivist and a team lead, the camera live."""
    archive = make_station(("clerk", "clerk2", "supervisor", "archivist", "lead"), feed, PASSWORD).archive
    window = MainWindow(archive, runner, get_user(archive, "clerk"))
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.capture_panel.feed.previews >= 2, timeout=15_000)
    yield window
    if isValid(window):  # not when a switch of user replaced it (it deletes itself)
        window.close()
        window.deleteLater()


def press_ctrl_l(qtbot, window):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.switch_dialog is not None and window.switch_dialog.isVisible())
    return window.switch_dialog


@pytest.mark.parametrize(
    ("username", "name", "desk_index"),
    [
        ("supervisor", "陈静", REVIEW),
        ("archivist", "刘洋", ARCHIVE),
        ("lead", "孙伟", DASHBOARD),
        ("clerk2", "李强", CAPTURE),
    ],
)
def test_ctrl_l_signs_in_another_user_on_their_desk_with_the_same_running_camera(
    qtbot, desk, username, name, desk_index
):
    old = desk
    panel = old.capture_panel
    feed, grabber, thread = panel.feed, panel.feed.grabber, panel.feed._preview_thread
    assert grabber is not None and thread is not None and thread.is_alive()
    closed = []
    old.closed.connect(lambda: closed.append(True))
    dialog = press_ctrl_l(qtbot, old)
    assert dialog.windowTitle() == "Switch user — Archivist Desktop"
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(old.replaced, timeout=10_000) as replaced:
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    window = replaced.args[0]
    qtbot.addWidget(window)
    qtbot.waitExposed(window)

    # the new user's window, on their own desk, naming them in the status bar
    assert window.user.username == username
    assert f"{name} ({username})" in window.user_label.text() and window.user_label.isVisible()
    assert window.current_workspace() == desk_index
    assert window.workspace_actions[desk_index].isChecked()
    assert not old.isVisible() and closed == []  # the application goes on

    # the camera was handed over, not restarted: the same feed, grabber and preview thread, still running
    new_panel = window.capture_panel
    assert new_panel.feed is feed and feed.grabber is grabber and feed._preview_thread is thread
    assert thread.is_alive() and feed.state is not None and feed.state.value == "running"
    assert feed.parent() is new_panel
    before = feed.previews
    window.show_workspace(CAPTURE)
    qtbot.waitUntil(lambda: feed.previews >= before + 3 and new_panel.live_view.result is not None, timeout=10_000)
    assert new_panel.info_label.text().startswith("Camera: 1280×960")
    assert panel.feed is not feed and panel.feed.grabber is None  # the old window kept nothing of the camera
    window.close()


def test_cancel_keeps_the_current_user_and_the_camera(qtbot, desk):
    window = desk
    feed, grabber = window.capture_panel.feed, window.capture_panel.feed.grabber
    replaced = []
    window.replaced.connect(replaced.append)
    dialog = press_ctrl_l(qtbot, window)
    qtbot.keyClicks(dialog.username_edit, "lead")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.switch_dialog is None)
    assert replaced == [] and window.isVisible()
    assert window.user.username == "clerk" and "王芳 (clerk)" in window.user_label.text()
    assert window.capture_panel.feed is feed and feed.grabber is grabber
    before = feed.previews
    qtbot.waitUntil(lambda: feed.previews > before, timeout=10_000)


def test_a_wrong_password_keeps_the_dialog_and_the_user(qtbot, desk):
    window = desk
    dialog = press_ctrl_l(qtbot, window)
    qtbot.keyClicks(dialog.username_edit, "lead")
    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert "Wrong user name or password" in dialog.error_label.text()
    assert dialog.isVisible() and window.user.username == "clerk"
    dialog.reject()


def test_the_application_goes_on_with_the_new_users_window(qtbot, qapp, tmp_path, runner):
    """Started as the application starts: after a switch of user, closing the new window ends it, not the switch."""
    from archivist_desktop.domain.permissions import Role
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.users import create_user
    from archivist_desktop.ui.app import StartOptions, Startup
    from archivist_desktop.ui.i18n import Translations

    with Archive(tmp_path / "station") as archive:
        archive.settings.set("station_name", "Counter 1")
        archive.settings.save()
        create_user(archive, "clerk", PASSWORD, Role.CLERK, "王芳")
        create_user(archive, "lead", PASSWORD, Role.TEAM_LEAD, "孙伟")
    startup = Startup(StartOptions(tmp_path / "station"), Translations(qapp, tmp_path / "none"), runner)
    finished = []
    startup.finished.connect(finished.append)
    try:
        with qtbot.waitSignal(startup.login_shown, timeout=30_000) as login:
            startup.start()
        dialog = login.args[0]
        qtbot.keyClicks(dialog.username_edit, "clerk")
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        with qtbot.waitSignal(startup.main_window_shown, timeout=15_000) as shown:
            qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        first = shown.args[0]
        qtbot.waitUntil(lambda: first.capture_panel.feed.previews >= 1, timeout=15_000)
        grabber = first.capture_panel.feed.grabber
        switch = press_ctrl_l(qtbot, first)
        qtbot.keyClicks(switch.username_edit, "lead")
        qtbot.keyClicks(switch.password_edit, PASSWORD)
        with qtbot.waitSignal(startup.main_window_shown, timeout=15_000) as shown:
            qtbot.keyClick(switch.password_edit, Qt.Key.Key_Return)
        second = shown.args[0]
        assert startup.main_window is second and second.user.username == "lead"
        assert second.current_workspace() == DASHBOARD and second.capture_panel.feed.grabber is grabber
        qtbot.wait(100)
        assert finished == []
        second.close()
        assert finished == [0]
    finally:
        startup.shutdown()
