"""The Capture workspace on the real capture path: a replay camera (an MJPG video written here, or an
image folder), the grabber and preview threads, processing in the capture pool, attaching on the
database worker."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.ui.autocapture import AutoCaptureRule
from archivist_desktop.ui.qt import QDialogButtonBox, Qt

# the offscreen platform plugin says so whenever a window's minimum size changes (labels re-wrap): not a fault
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ORDER_NO = "WO202611000123"
TIMEOUT = 15000


def _sim_frames(n: int, hold: float = 1.2, swap: float = 0.8, fps: float = 10.0):
    from archivist_desktop.camera import SimulatedSource

    src = SimulatedSource(1280, 960, fps=fps, realtime=False, hold=hold, swap=swap)
    src.open()
    try:
        for _ in range(n):
            ok, frame = src.read()
            assert ok
            yield frame
    finally:
        src.close()


@pytest.fixture(scope="module")
def dark_folder(tmp_path_factory):
    """An image folder whose page is far too dark: the quality check rejects it."""
    folder = tmp_path_factory.mktemp("dark")
    frame = next(_sim_frames(1))
    cv2.imwrite(str(folder / "0001.jpg"), (frame.astype(np.float32) * 0.3).astype(np.uint8))
    return folder


def _entry(window, item_id):
    return next(e for e in window.checklist.entries() if e.item_id == item_id)


def _capture_and_wait(qtbot, panel, trigger):
    with qtbot.waitSignal(panel.page_attached, timeout=TIMEOUT) as blocker:
        trigger()
    return blocker.args


def answer_rejects(panel, reason: str = "test: frame taken while the page moved"):
    """Keep a page the quality check rejected (a replayed frame caught mid-swap on a loaded machine)."""

    def answer(dialog):
        dialog.set_reason(reason)
        dialog.accept()

    panel.reason_requested.connect(answer)
    return answer


def test_space_captures_into_the_selected_slot_and_stays_on_it(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    first = panel.entry
    assert first.required and first.state == ItemState.TO_CAPTURE
    qtbot.waitUntil(lambda: panel.live_view.result is not None, timeout=TIMEOUT)
    assert "1280" in panel.info_label.text() and "fps" in panel.info_label.text()
    window.checklist.tree.setFocus()
    job, info = _capture_and_wait(qtbot, panel, lambda: qtbot.keyClick(window.checklist.tree, Qt.Key.Key_Space))
    assert job.item_id == first.item_id and info.item_id == first.item_id
    assert panel.last_latency_ms is not None
    # the checklist reloads; the selection stays on the document (page 2 goes there too)
    qtbot.waitUntil(lambda: _entry(window, first.item_id).pages == 1, timeout=TIMEOUT)
    assert panel.entry.item_id == first.item_id
    # the filmstrip of the document shows the page with its verdict
    qtbot.waitUntil(lambda: panel.filmstrip.count() == 1, timeout=TIMEOUT)
    assert panel.filmstrip.item(0).text().startswith("Page 1")
    assert not panel.filmstrip.item(0).icon().isNull()


def test_button_retake_reorder_and_delete(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    item = panel.entry.item_id
    _first_job, first = _capture_and_wait(qtbot, panel, panel.capture_button.click)
    qtbot.waitUntil(lambda: panel.entry.item_id == item and panel.filmstrip.count() == 1, timeout=TIMEOUT)
    _, second = _capture_and_wait(qtbot, panel, panel.capture)
    assert panel.entry.item_id == item  # capture stays on the document
    qtbot.waitUntil(lambda: panel.filmstrip.page_ids() == [first.id, second.id], timeout=TIMEOUT)
    # reorder (as a drag does)
    with qtbot.waitSignal(panel.pages_loaded, timeout=TIMEOUT):
        panel.filmstrip.move_page(1, 0)
    assert panel.filmstrip.page_ids() == [second.id, first.id]
    # retake the current page: the new one takes its place
    panel.filmstrip.setCurrentRow(1)
    panel.retake_button.click()  # asks first
    retake, third = _capture_and_wait(qtbot, panel, lambda: qtbot.keyClick(panel.confirm_box, Qt.Key.Key_Return))
    assert retake.replaces == first.id
    qtbot.waitUntil(lambda: panel.filmstrip.page_ids() == [second.id, third.id], timeout=TIMEOUT)
    # delete
    panel.filmstrip.setCurrentRow(0)
    panel.delete_button.click()  # asks first: Enter deletes
    qtbot.keyClick(panel.confirm_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.filmstrip.page_ids() == [third.id], timeout=TIMEOUT)


def test_auto_capture_fires_once_per_page(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    attached = []
    panel.page_attached.connect(lambda job, info: attached.append(job))
    panel.auto_button.setChecked(True)
    qtbot.waitUntil(lambda: len(attached) >= 1, timeout=20000)
    assert attached[0].auto
    first_frame = attached[0].frame_number
    qtbot.wait(800)  # the page is still held: no second capture of it
    assert all(j.frame_number == first_frame for j in attached[:1]) and len(attached) == 1
    panel.auto_button.setChecked(False)


def test_auto_capture_rule_needs_a_change_between_captures():
    rule = AutoCaptureRule(still_s=0.5)
    quad = ((0, 0), (10, 0), (10, 10), (0, 10))
    assert not any(rule.feed(0.0, quad, False, 0.1, t / 10) for t in range(20))  # no change yet
    assert not rule.feed(0.1, quad, False, 0.1, 2.0)  # a page is put down
    fired = [rule.feed(0.001, quad, False, 0.1, 2.1 + t / 10) for t in range(20)]
    assert fired.count(True) == 1  # once, after half a second of stillness
    assert not rule.feed(0.001, None, False, 0.1, 5.0)  # no page: never
    rule.feed(0.2, None, False, float("nan"), 6.0)  # the hand swaps pages
    assert [rule.feed(0.0, quad, True, 0.1, 6.1 + t / 10) for t in range(10)].count(True) == 0  # cut off


def _answer(qtbot, panel, reason: str | None):
    qtbot.waitUntil(lambda: panel.reason_dialog is not None, timeout=TIMEOUT)
    dialog = panel.reason_dialog
    if reason is None:
        dialog.reject()
    else:
        dialog.set_reason(reason)
        assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.accept()
    return dialog


def test_a_rejected_page_needs_an_override_reason(qtbot, open_window, dark_folder, show_order):
    window = open_window(f"replay:{dark_folder}")
    show_order(window)
    panel = window.capture_panel
    item = panel.entry.item_id
    with qtbot.waitSignal(panel.capture_failed, timeout=TIMEOUT):
        panel.capture()
        _answer(qtbot, panel, None)  # the clerk declines: nothing is attached
    assert _entry(window, item).pages == 0
    with qtbot.waitSignal(panel.page_attached, timeout=TIMEOUT) as blocker:
        panel.capture()
        _answer(qtbot, panel, "原件如此")
    job, info = blocker.args
    assert info.verdict == "reject" and job.override_reason == "原件如此"
    assert panel.entry.item_id == item
    qtbot.waitUntil(lambda: panel.filmstrip.count() == 1, timeout=TIMEOUT)
    assert "Rejected" in panel.filmstrip.item(0).text()
    assert "原件如此" in panel.filmstrip.item(0).toolTip()


def test_late_entry_asks_for_a_reason(qtbot, open_window, video, clock, show_order):
    clock.advance(days=3)  # step 1 finished 2026-11-02: its documents are past 48 hours
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    with qtbot.waitSignal(panel.page_attached, timeout=TIMEOUT) as blocker:
        panel.capture()
        _answer(qtbot, panel, "客户补交")
    assert blocker.args[0].late_reason == "客户补交"


def test_send_is_refused_with_the_missing_list_then_accepted(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    with qtbot.waitSignal(panel.send_refused, timeout=TIMEOUT) as refused:
        panel.send_button.click()
    missing = refused.args[0].missing
    assert len(missing) == window.checklist.checklist.required_missing > 1
    for step, _doc, _name in missing:
        assert f"{step}. " in panel.last_message
    panel.message_box.accept()
    # capture each missing document, moving on with N after each page
    answer_rejects(panel)  # this test is about sending, not about the verdict of a frame
    seen = set()
    for _ in missing:
        qtbot.waitUntil(
            lambda: panel.entry is not None and panel.entry.item_id not in seen and not panel.jobs, timeout=TIMEOUT
        )
        seen.add(panel.entry.item_id)
        _capture_and_wait(qtbot, panel, panel.capture)
        qtbot.waitUntil(lambda: _entry(window, panel.entry.item_id).pages >= 1, timeout=TIMEOUT)
        window.checklist.select_next_missing()
    qtbot.waitUntil(lambda: window.checklist.checklist.required_missing == 0, timeout=TIMEOUT)
    with qtbot.waitSignal(panel.sent, timeout=TIMEOUT) as sent:
        panel.send_button.click()
    assert sent.args[0].sent_items == len(missing)
    panel.message_box.accept()


def test_id_card_front_and_back_become_one_page(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    panel.id_card_button.setChecked(True)
    item = panel.entry.item_id
    front = panel.capture()
    qtbot.waitUntil(
        lambda: front.processed is not None and "Turn the card over" in panel.message_label.text(), timeout=TIMEOUT
    )
    job, info = _capture_and_wait(qtbot, panel, panel.capture)
    assert job.side == "back" and info.item_id == item
    assert job.processed.metadata["id_card"] is True
    assert job.processed.height > job.processed.width  # an A4 page with both sides


def test_unplugged_camera_shows_a_message_and_retry_recovers(qtbot, open_window, tmp_path, video):
    missing = tmp_path / "gone.avi"
    window = open_window(f"replay:{missing}")
    panel = window.capture_panel
    panel.feed.grabber_options = {"reconnect_attempts": 2, "reconnect_delays": (0.05,)}
    panel.retry_camera()
    qtbot.waitUntil(lambda: panel.live_view.retry_button.isVisible(), timeout=TIMEOUT)
    assert "could not be opened" in panel.live_view.message
    assert panel.capture() is None
    missing.write_bytes(video.read_bytes())  # plugged back in
    panel.live_view.retry_button.click()
    qtbot.waitUntil(lambda: panel.feed.latest() is not None, timeout=TIMEOUT)
    assert not panel.live_view.retry_button.isVisible() and panel.live_view.message == ""


def test_storage_errors_are_shown_plainly(qtbot, open_window, video, monkeypatch, show_order):
    from archivist_desktop.services import capture as capture_service
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.ui import capture_panel

    def full(*args, **kwargs):
        raise KnownError("the disk is full: 0 MB free in the data directory")

    monkeypatch.setattr(capture_panel, "attach_processed", full)
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    with qtbot.waitSignal(panel.capture_failed, timeout=TIMEOUT) as failed:
        panel.capture()
    assert "disk is full" in failed.args[1] and "disk is full" in panel.message_label.text()
    assert capture_service.attach_processed is not full


@pytest.fixture(scope="module")
def cover_sheet_folder(tmp_path_factory):
    """An image folder with a cover sheet carrying the Code 128 barcode of work order WO202611000124."""
    zxingcpp = pytest.importorskip("zxingcpp")
    folder = tmp_path_factory.mktemp("cover")
    symbol = np.array(
        zxingcpp.write_barcode_to_image(
            zxingcpp.create_barcode("WO202611000124", zxingcpp.BarcodeFormat.Code128), scale=3
        )
    )
    frame = np.full((960, 1280, 3), 60, np.uint8)
    frame[120:860, 330:950] = 245  # the sheet on the desk mat
    h, w = symbol.shape[:2]
    frame[250 : 250 + h, 640 - w // 2 : 640 - w // 2 + w] = cv2.cvtColor(symbol, cv2.COLOR_GRAY2BGR)
    cv2.imwrite(str(folder / "0001.png"), frame)
    return folder


def test_cover_sheet_barcode_selects_the_work_order(qtbot, open_window, cover_sheet_folder, show_order):
    window = open_window(f"replay:{cover_sheet_folder}")
    # the clerk has another order open; the cover sheet under the camera switches to its order
    # (the barcode is read from the live view off the GUI thread, a few times a second; a code
    # already seen is looked at again after 3 s, so it does not matter when the first read came)
    show_order(window, "WO202611000123")
    qtbot.waitUntil(
        lambda: (
            window.checklist.checklist is not None
            and window.checklist.checklist.order.work_order_no == "WO202611000124"
            and window.capture_panel.work_order_no == "WO202611000124"
        ),
        timeout=TIMEOUT,
    )


def test_camera_settings_dialog_saves_the_choice(qtbot, open_window, video, station, show_order):
    from archivist_desktop.ui.capture_dialogs import CameraChoice, CameraSettingsDialog

    window = open_window(f"replay:{video}")
    dialog = CameraSettingsDialog(CameraChoice("sim", "", "auto", "F12", False), window, probe=False)
    qtbot.addWidget(dialog)
    dialog.camera_box.setCurrentIndex(1)
    dialog.replay_edit.setText(str(video))
    dialog.resolution_box.setCurrentIndex(dialog.resolution_box.findData("1280x960"))
    dialog.pedal_edit.setKeySequence("F9")
    choice = dialog.choice()
    assert choice == CameraChoice(f"replay:{video}", "1280x960", "auto", "F9", False)
    window.apply_camera_choice(choice)
    qtbot.waitUntil(lambda: station.settings["pedal_key"] == "F9", timeout=TIMEOUT)
    assert station.settings["camera"] == f"replay:{video}"
    show_order(window)
    _capture_and_wait(qtbot, window.capture_panel, lambda: qtbot.keyClick(window, Qt.Key.Key_F9))


def test_a_capture_in_flight_still_attaches_when_the_camera_goes(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    with qtbot.waitSignal(panel.page_attached, timeout=TIMEOUT) as blocker:
        job = panel.capture()
        panel.feed.stop()  # unplugged right after the shutter
    assert blocker.args[0] is job and blocker.args[1].item_id == job.item_id


def test_the_filmstrip_follows_pages_written_elsewhere(qtbot, station, user_of, runner):
    """The panel on its own (no window, no camera): a write it did not make reloads its slot's filmstrip."""
    from archivist_desktop.services.capture import work_order_by_number
    from archivist_desktop.services.changes import Changes
    from archivist_desktop.services.demo import demo_page_jpeg
    from archivist_desktop.services.orders import get_checklist
    from archivist_desktop.services.pages import add_page
    from archivist_desktop.ui.camera_feed import CameraConfig
    from archivist_desktop.ui.capture_panel import CapturePanel

    panel = CapturePanel(station, runner, user_of("clerk"), CameraConfig("sim"))
    qtbot.addWidget(panel)
    order = work_order_by_number(station, ORDER_NO)
    entry = get_checklist(station, order).steps[0].entries[0]
    panel.set_order(order, ORDER_NO)
    with qtbot.waitSignal(panel.pages_loaded, timeout=TIMEOUT):
        panel.set_entry(entry)
    assert panel.filmstrip.count() == 0
    # another station's page of this slot arrives (as a sync pass pulls it): the runner says pages changed
    page = add_page(
        station,
        user_of("clerk2"),
        entry.item_id,
        demo_page_jpeg("page", ORDER_NO, 0, (310, 438)),
        width=310,
        height=438,
        verdict="accept",
    )
    with qtbot.waitSignal(panel.pages_loaded, timeout=TIMEOUT):
        runner.archive_changed.emit(Changes.from_tables(["pages"]), None)
    assert panel.filmstrip.page_ids() == [page.id] and not panel.filmstrip.item(0).icon().isNull()
    # its own writes do not reload it (it places its pages itself)
    with qtbot.assertNotEmitted(panel.pages_loaded, wait=200):
        runner.archive_changed.emit(Changes.CAPTURE, panel)
    panel.stop()
