"""PDFs, OFDs and recordings in the Capture workspace (#19): File → Attach files… and a drop of files
put them into the selected slot off the GUI thread; the filmstrip shows them with a badge; refusals
are shown with their reasons."""

from __future__ import annotations

import pytest
from materials_helpers import answer_late
from PySide6.QtCore import QMimeData

from archivist_desktop.ui.qt import QApplication, QPointF, Qt, QUrl

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TIMEOUT = 20000


def test_attach_action_and_drop_put_materials_into_the_slot(qtbot, open_window, video, show_order, mfiles):
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    answer_late(panel)
    assert panel.attach_action.shortcut().toString() == "Ctrl+O"
    assert panel.attach_action in window.menuBar().actions()[0].menu().actions()
    item = panel.entry.item_id

    # File → Attach files… with a list of files (the dialog's answer), refusals named with their reason
    panel.attach_paths([mfiles["contract.pdf"], mfiles["encrypted.pdf"]])
    qtbot.waitUntil(lambda: panel.filmstrip.count() == 1, timeout=TIMEOUT)
    assert "encrypted" in panel.message_label.text() and "encrypted.pdf" in panel.message_label.text()
    text = panel.filmstrip.item(0).text()
    assert "2" in text and "contract.pdf" in text
    assert not panel.filmstrip.item(0).icon().isNull()  # the first page as the thumbnail

    # a drop of two recordings onto the panel
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(mfiles["survey.mp4"])), QUrl.fromLocalFile(str(mfiles["agreement.mp3"]))])
    enter = QDragEnterEvent(
        panel.rect().center(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(panel.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(panel, drop)
    qtbot.waitUntil(lambda: panel.filmstrip.count() == 3, timeout=TIMEOUT)
    texts = [panel.filmstrip.item(n).text() for n in range(3)]
    assert "▶ 0:02" in texts[1] and "♪ 0:02" in texts[2]
    assert all(not panel.filmstrip.item(n).icon().isNull() for n in range(3))
    assert panel.entry.item_id == item
    kinds = {b.kind for b in panel.filmstrip.materials.values()}
    assert kinds == {"document", "video", "audio"}
