"""A filmstrip thumbnail opens large (#17: "filmstrip thumbnails ~70 px with no way to enlarge").

The page is captured through the real camera path (replayed video); a double-click on its thumbnail
(and Enter on the selected one) opens the page in its own window, decoded at full size off the GUI
thread, with the viewer's zoom.
"""

from __future__ import annotations

import pytest
from test_capture_findings import _capture

from archivist_desktop.ui.qt import Qt

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TIMEOUT = 20000


def test_a_thumbnail_opens_the_page_large(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    qtbot.waitUntil(lambda: panel.live_view.result is not None, timeout=TIMEOUT)

    info = _capture(qtbot, panel)
    qtbot.waitUntil(lambda: panel.filmstrip.page_ids() == [info.id], timeout=TIMEOUT)

    strip = panel.filmstrip
    rect = strip.visualItemRect(strip.item(0))
    with qtbot.waitSignal(strip.enlarge_requested, timeout=TIMEOUT) as asked:
        qtbot.mouseDClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked.args == [info.id]
    dialog = panel.page_dialog
    assert dialog is not None and dialog.isVisible() and dialog.page_id == info.id
    # decoded at full size on the loader's thread: far larger than the ~70-128 px thumbnail
    qtbot.waitUntil(lambda: dialog.viewer.page_id == info.id, timeout=TIMEOUT)
    assert dialog.viewer.image_width > 3 * strip.iconSize().width() and dialog.viewer.has_detail_for(1.0)
    dialog.close()
    qtbot.waitUntil(lambda: panel.page_dialog is None, timeout=TIMEOUT)

    strip.setCurrentRow(0)
    strip.setFocus()
    with qtbot.waitSignal(strip.enlarge_requested, timeout=TIMEOUT):
        qtbot.keyClick(strip, Qt.Key.Key_Return)
    assert panel.page_dialog is not None and panel.page_dialog.page_id == info.id
    panel.page_dialog.close()
