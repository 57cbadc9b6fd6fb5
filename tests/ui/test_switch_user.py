"""Issue 17 item 10: the help page (F1) lists the keys the window really binds."""

from __future__ import annotations

import pytest

from archivist_desktop.ui.qt import Qt

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
