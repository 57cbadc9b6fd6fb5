"""Born-digital files viewed everywhere pages are viewed (#19).

- The page window (a filmstrip thumbnail's double-click in the Capture workspace, a search hit) pages
  through a PDF as the review viewer does: PgUp/PgDn and the "page n of N" bar, page 2 rendered on the
  window's loader thread.
- "Open in the system viewer / player" from the Capture filmstrip (context menu, Ctrl+Shift+O): a
  byte-identical copy of the stored file handed to the system (the "file" URL handler is Qt's own hook).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archivist_desktop.services.capture import page_bytes
from archivist_desktop.services.open_external import external_dir
from archivist_desktop.services.search import SearchHit
from archivist_desktop.services.users import get_user
from archivist_desktop.ui.qt import QApplication, QDesktopServices, QObject, QPoint, Qt, QUrl, Slot
from test_materials import material_files

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",  # the offscreen platform and a popup menu
    "This plugin does not support grabbing the keyboard",
)

TIMEOUT = 20000


@pytest.fixture(scope="module")
def mfiles(tmp_path_factory):
    return material_files(tmp_path_factory.mktemp("materials-view"))


def _answer_late(panel):
    def answer(dialog):
        dialog.set_reason("test: 补录")
        dialog.accept()

    panel.reason_requested.connect(answer)


def _attach(qtbot, panel, paths):
    """Attach files into the selected slot (File → Attach files…'s path) and wait for their thumbnails."""
    before = panel.filmstrip.count()
    panel.attach_paths(paths)
    qtbot.waitUntil(lambda: panel.filmstrip.count() == before + len(paths), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: len(panel.filmstrip.materials) >= before + len(paths), timeout=TIMEOUT)
    return panel.filmstrip.page_ids()[before:]


def _pixels(viewer):
    image = viewer._pixmap.toImage()
    return image.width(), image.height(), bytes(image.constBits())[: image.sizeInBytes()]


def _page_through(qtbot, dialog, page_id):
    """The dialog shows page 1 of 2 of the PDF; PgDn, the buttons and PgUp turn its pages."""
    viewer = dialog.viewer
    qtbot.waitUntil(lambda: viewer.page_id == page_id and viewer.image_width > 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: viewer.page_count == 2 and not viewer.pager.isHidden(), timeout=TIMEOUT)
    assert viewer.page_label.text() == "Page 1 of 2"
    assert not viewer.prev_page_button.isEnabled() and viewer.next_page_button.isEnabled()
    page1 = _pixels(viewer)

    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    assert viewer.page_no == 2 and viewer.page_label.text() == "Page 2 of 2"
    qtbot.waitUntil(lambda: viewer.shown_page_no == 2, timeout=TIMEOUT)
    assert _pixels(viewer) != page1 and viewer.page_id == page_id
    assert viewer.has_detail_for(1.0)  # the window decodes at full size
    assert viewer.prev_page_button.isEnabled() and not viewer.next_page_button.isEnabled()
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)  # the last page: stays
    assert viewer.page_no == 2

    qtbot.keyClick(viewer, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: viewer.shown_page_no == 1, timeout=TIMEOUT)
    assert _pixels(viewer) == page1 and viewer.page_label.text() == "Page 1 of 2"
    viewer.next_page_button.click()
    qtbot.waitUntil(lambda: viewer.shown_page_no == 2, timeout=TIMEOUT)


def test_the_page_window_pages_through_a_pdf_from_the_filmstrip_and_a_search_hit(
    qtbot, open_window, video, show_order, mfiles
):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    _answer_late(panel)
    (pdf,) = _attach(qtbot, panel, [mfiles["contract.pdf"]])

    strip = panel.filmstrip
    rect = strip.visualItemRect(strip.item(strip.page_ids().index(pdf)))
    qtbot.mouseDClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = panel.page_dialog
    assert dialog is not None and dialog.isVisible() and dialog.page_id == pdf
    assert "PgUp/PgDn" in dialog.caption.text()
    _page_through(qtbot, dialog, pdf)
    dialog.close()
    qtbot.waitUntil(lambda: panel.page_dialog is None, timeout=TIMEOUT)

    # a search hit on the PDF (what the search field hands on when it is chosen): its page count is read
    hit = SearchHit("page", pdf, "contract.pdf", "", None, "text", ((((10, 10), (60, 10), (60, 30), (10, 30))),))
    window.hub.search_field.hit_activated.emit(hit)
    hit_dialog = window.hub.page_hit_dialog
    assert hit_dialog is not None and hit_dialog.page_id == pdf
    qtbot.waitUntil(lambda: hit_dialog.viewer.page_id == pdf and hit_dialog.viewer.image_width > 0, timeout=TIMEOUT)
    assert hit_dialog.viewer.highlights  # the matches, on page 1
    _page_through(qtbot, hit_dialog, pdf)
    assert not hit_dialog.viewer.highlights  # not on page 2
    hit_dialog.close()


class FileUrls(QObject):
    """Qt's own hook for a URL scheme (``QDesktopServices.setUrlHandler``): the "file" URLs handed to
    the system are collected here instead of starting a program."""

    def __init__(self):
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(QUrl(url))


@pytest.fixture
def file_urls():
    handler = FileUrls()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def test_open_a_pdf_and_a_video_in_the_system_programs_from_the_filmstrip(
    qtbot, open_window, video, show_order, mfiles, station, file_urls
):
    from PySide6.QtGui import QContextMenuEvent

    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    _answer_late(panel)
    pdf, mp4 = _attach(qtbot, panel, [mfiles["contract.pdf"], mfiles["survey.mp4"]])
    strip = panel.filmstrip
    action = strip.open_external_action
    assert action.shortcut().toString() == "Ctrl+Shift+O"
    assert "Ctrl+Shift+O" in dict(window.shortcut_rows())  # listed on the F1 page
    clerk = get_user(station, window.user.username)

    # the context menu of the PDF's thumbnail: "Open in the system viewer"
    rect = strip.visualItemRect(strip.item(strip.page_ids().index(pdf)))
    at = rect.center()
    QApplication.sendEvent(
        strip.viewport(),
        QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, at, strip.viewport().mapToGlobal(at), Qt.KeyboardModifier.NoModifier
        ),
    )
    menu = strip.context_menu
    assert menu is not None and menu.actions() == [action]
    assert strip.current_page_id() == pdf and action.isEnabled() and action.text() == "Open in the system viewer"
    menu.close()
    action.trigger()
    qtbot.waitUntil(lambda: len(file_urls.urls) == 1, timeout=TIMEOUT)
    path = Path(file_urls.urls[0].toLocalFile())
    assert external_dir(station) in path.parents and path.name == "contract.pdf"
    assert path.read_bytes() == page_bytes(station, clerk, pdf) == mfiles["contract.pdf"].read_bytes()
    qtbot.waitUntil(lambda: "Opened in the system" in panel.message_label.text(), timeout=TIMEOUT)

    # Ctrl+Shift+O on the selected video: "Open in the system player"
    strip.setCurrentRow(strip.page_ids().index(mp4))
    assert action.text() == "Open in the system player" and action.isEnabled()
    window.activateWindow()  # the key is the window's (wherever the focus is in the Capture workspace)
    qtbot.waitUntil(window.isActiveWindow, timeout=TIMEOUT)
    strip.setFocus()
    qtbot.keyClick(strip, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(file_urls.urls) == 2, timeout=TIMEOUT)
    path = Path(file_urls.urls[1].toLocalFile())
    assert path.name == "survey.mp4" and path.read_bytes() == mfiles["survey.mp4"].read_bytes()

    # a camera page: no menu, the key does nothing
    strip.setCurrentRow(-1)
    assert not action.isEnabled() and not strip.open_external()
    assert strip.show_context_menu(QPoint(-50, -50)) is None

    copies = external_dir(station)
    assert copies.is_dir()
    window.close()
    assert not copies.exists()  # removed with the window
