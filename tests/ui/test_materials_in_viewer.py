"""Born-digital files viewed everywhere pages are viewed (#19).

- The page window (a filmstrip thumbnail's double-click in the Capture workspace, a search hit) pages
  through a PDF as the review viewer does: PgUp/PgDn and the "page n of N" bar, page 2 rendered on the
  window's loader thread.
- "Open in the system viewer / player" from the Capture filmstrip (context menu, Ctrl+Shift+O): a
  byte-identical copy of the stored file handed to the system (the "file" URL handler is Qt's own hook).
- A recording plays in the review viewer (Qt Multimedia) in place of its poster frame when Play is
  pressed; without Qt Multimedia the button is "Open in the system player".
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from materials_helpers import answer_late, page_down_to_second, pixels, send_materials

from archivist_desktop.services.capture import page_bytes
from archivist_desktop.services.open_external import external_dir
from archivist_desktop.services.search import SearchHit
from archivist_desktop.services.users import get_user
from archivist_desktop.ui import qt
from archivist_desktop.ui.main_window import REVIEW
from archivist_desktop.ui.media_player import MediaPlayer, Playback
from archivist_desktop.ui.page_viewer import PageViewer
from archivist_desktop.ui.qt import QApplication, QDesktopServices, QObject, QPoint, Qt, QUrl, Slot

OFFSCREEN = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",  # the offscreen platform and a popup menu
    "This plugin does not support grabbing the keyboard",
)
pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN)

#: what Qt Multimedia says on a machine without a sound server, a sound card or a GPU
MULTIMEDIA_NOISE = pytest.mark.qt_log_ignore(
    *OFFSCREEN,
    "No audio device",
    "No RHI backend",
    "No HW decoder",
    "PulseAudioService",
    "Using Qt multimedia with FFmpeg",
)

TIMEOUT = 20000


def _attach(qtbot, panel, paths):
    """Attach files into the selected slot (File → Attach files…'s path) and wait for their thumbnails."""
    before = panel.filmstrip.count()
    panel.attach_paths(paths)
    qtbot.waitUntil(lambda: panel.filmstrip.count() == before + len(paths), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: len(panel.filmstrip.materials) >= before + len(paths), timeout=TIMEOUT)
    return panel.filmstrip.page_ids()[before:]


def _page_through(qtbot, dialog, page_id):
    """The dialog shows page 1 of 2 of the PDF; PgDn, the buttons and PgUp turn its pages."""
    viewer = dialog.viewer
    qtbot.waitUntil(lambda: viewer.page_id == page_id and viewer.image_width > 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: viewer.page_count == 2 and not viewer.pager.isHidden(), timeout=TIMEOUT)
    page1 = page_down_to_second(qtbot, viewer, TIMEOUT)
    assert viewer.page_id == page_id
    assert viewer.has_detail_for(1.0)  # the window decodes at full size
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)  # the last page: stays
    assert viewer.page_no == 2

    qtbot.keyClick(viewer, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: viewer.shown_page_no == 1, timeout=TIMEOUT)
    assert pixels(viewer) == page1 and viewer.page_label.text() == "Page 1 of 2"
    viewer.next_page_button.click()
    qtbot.waitUntil(lambda: viewer.shown_page_no == 2, timeout=TIMEOUT)


def test_the_page_window_pages_through_a_pdf_from_the_filmstrip_and_a_search_hit(
    qtbot, open_window, video, show_order, mfiles
):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    answer_late(panel)
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
    answer_late(panel)
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


LV = "WO202611000124"  # clerk2's; one review gate


@pytest.fixture
def sent_recordings(station, user_of, mfiles):
    """survey.mp4 in the LV order's first document, agreement.mp3 in its second, sent for review."""
    return send_materials(station, user_of, mfiles, ("survey.mp4", "agreement.mp3"))


@pytest.mark.skipif(qt.multimedia() is None, reason="Qt Multimedia cannot be loaded on this machine")
@MULTIMEDIA_NOISE
def test_a_recording_plays_in_the_review_viewer(qtbot, make_window, sent_recordings):
    window = make_window("supervisor")
    window.show_workspace(REVIEW)
    review = window.review
    playback = review.playback
    qtbot.waitUntil(lambda: review.queue is not None and review.model.rowCount() > 0, timeout=TIMEOUT)

    def select(page_id):
        rows = [n for n, e in enumerate(review.model.entries) if e.page_id == page_id]
        review.select_row(rows[0])
        qtbot.waitUntil(lambda: review.viewer.page_id == page_id and playback.kind != "", timeout=TIMEOUT)

    camera = next(e.page_id for e in review.model.entries if e.page_id not in sent_recordings.values())
    select(camera)
    assert playback.button.isHidden()  # a camera page has nothing to play

    mp4 = sent_recordings["survey.mp4"]
    select(mp4)
    qtbot.waitUntil(lambda: review.viewer.image_width > 0, timeout=TIMEOUT)  # the poster frame first
    assert not playback.button.isHidden() and playback.button.text() == "Play"
    assert playback.stack.currentWidget() is review.viewer
    playback.button.click()
    qtbot.waitUntil(lambda: playback.playing_page == mp4, timeout=TIMEOUT)
    player = playback.player
    assert isinstance(player, MediaPlayer) and not player.video.isHidden() and player.note.isHidden()
    qtbot.waitUntil(lambda: player.slider.maximum() > 1500, timeout=TIMEOUT)  # the 2-second video's duration
    assert player.time_label.text().endswith("/ 0:02")
    qtbot.waitUntil(lambda: player.player.position() > 0, timeout=TIMEOUT)  # it plays
    player.play_button.click()  # pause
    qtbot.waitUntil(lambda: not player.is_playing, timeout=TIMEOUT)
    paused_at = player.player.position()
    qtbot.wait(300)
    assert player.player.position() == paused_at
    player.slider.sliderMoved.emit(1000)  # dragging the slider seeks
    qtbot.waitUntil(lambda: abs(player.player.position() - 1000) < 200, timeout=TIMEOUT)
    player.back_button.click()  # back to the poster
    assert playback.stack.currentWidget() is review.viewer and playback.playing_page is None

    # the recording: the note with its name instead of a picture; another page stops it
    mp3 = sent_recordings["agreement.mp3"]
    select(mp3)
    playback.button.click()
    qtbot.waitUntil(lambda: playback.playing_page == mp3, timeout=TIMEOUT)
    assert player.video.isHidden() and "agreement.mp3" in player.note.text()
    qtbot.waitUntil(lambda: player.player.position() > 0, timeout=TIMEOUT)
    select(camera)
    assert playback.stack.currentWidget() is review.viewer and not player.is_playing
    assert playback.button.isHidden()
    window.close()


def test_without_qt_multimedia_play_opens_the_system_player(qtbot, monkeypatch):
    """The app starts without Qt Multimedia (its import fails, as with libpulse.so.0 missing): the
    viewer keeps the poster and the button hands the recording to the system's player."""
    qt.multimedia.cache_clear()
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # "import PySide6.QtMultimedia" fails
    try:
        assert qt.multimedia() is None
        viewer = PageViewer()
        opened = []
        playback = Playback(None, None, None, viewer, opened.append)
        qtbot.addWidget(playback.stack)
        assert playback.button.text() == "Open in the system player"
        playback.show_page("p1", "video")
        assert not playback.button.isHidden()
        playback.button.click()
        assert opened == ["p1"] and playback.player is None
        assert playback.stack.currentWidget() is viewer
    finally:
        monkeypatch.undo()
        qt.multimedia.cache_clear()
