"""The capture desk as a clerk drives it (issue 17): pages stay in the selected document, N moves on,
the reject prompt shows the page, Space captures from a text field, ID-card mode follows the document,
retake and delete ask first."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from archivist_desktop.ui.qt import QApplication, QLineEdit, QMessageBox, Qt

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ORDER_NO = "WO202611000123"
TIMEOUT = 15000


@pytest.fixture(scope="module")
def empty_desk(tmp_path_factory):
    """The desk mat with no page on it: the quality check rejects the frame."""
    folder = tmp_path_factory.mktemp("empty")
    cv2.imwrite(str(folder / "0001.jpg"), np.full((960, 1280, 3), 60, np.uint8))
    return folder


def _keep_rejects(panel):
    def answer(dialog):
        dialog.set_reason("test: frame taken mid-swap")
        dialog.accept()

    panel.reason_requested.connect(answer)


def _capture(qtbot, panel, trigger):
    with qtbot.waitSignal(panel.page_attached, timeout=TIMEOUT) as blocker:
        trigger()
    return blocker.args


def _entry(window, item_id):
    return next(e for e in window.checklist.entries() if e.item_id == item_id)


def test_two_captures_stay_in_one_document_and_n_moves_on(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    _keep_rejects(panel)
    first = panel.entry
    assert "(page 1)" in panel.target_label.text() and first.name_en in panel.target_label.text()
    _capture(qtbot, panel, panel.capture)
    qtbot.waitUntil(lambda: _entry(window, first.item_id).pages == 1, timeout=TIMEOUT)
    qtbot.wait(300)
    assert panel.entry.item_id == first.item_id  # still on the same document
    assert "(page 2)" in panel.target_label.text()
    thumb, step_cell = panel.filmstrip.item(0), window.checklist.model.item(0, 0)
    _job, info = _capture(qtbot, panel, panel.capture)
    assert info.item_id == first.item_id
    qtbot.waitUntil(lambda: _entry(window, first.item_id).pages == 2, timeout=TIMEOUT)
    assert panel.entry.item_id == first.item_id and panel.entry.pages == 2  # the panel has the new state
    qtbot.waitUntil(lambda: panel.filmstrip.count() == 2, timeout=TIMEOUT)
    qtbot.wait(300)
    # drawn again only where it changed: the first thumbnail and the checklist's rows stay as they were
    assert panel.filmstrip.item(0) is thumb and window.checklist.model.item(0, 0) is step_cell
    # N moves on to the next missing document
    window.checklist.tree.setFocus()
    qtbot.keyClick(window.checklist.tree, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: panel.entry.item_id != first.item_id, timeout=TIMEOUT)
    assert panel.entry.required and panel.entry.pages == 0


def test_auto_capture_never_changes_documents(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    _keep_rejects(panel)
    item = panel.entry.item_id
    attached = []
    panel.page_attached.connect(lambda job, info: attached.append(info))
    panel.auto_button.setChecked(True)
    qtbot.waitUntil(lambda: len(attached) >= 2, timeout=30000)
    panel.auto_button.setChecked(False)
    assert {info.item_id for info in attached} == {item}
    assert panel.entry.item_id == item


def test_the_reject_prompt_shows_the_page_and_enter_does_not_keep_it(qtbot, open_window, empty_desk, show_order):
    window = open_window(f"replay:{empty_desk}")
    show_order(window)
    panel = window.capture_panel
    item = panel.entry.item_id
    with qtbot.waitSignal(panel.capture_failed, timeout=TIMEOUT):
        panel.capture()
        qtbot.waitUntil(lambda: panel.reason_dialog is not None, timeout=TIMEOUT)
        dialog = panel.reason_dialog
        assert dialog.picture_label.isVisibleTo(dialog) and not dialog.picture_label.pixmap().isNull()
        assert "rejected" in dialog.text_label.text()
        # what the clerk did: Down (a suggestion) then Enter -> not kept
        dialog.reason_box.setFocus()
        qtbot.keyClick(dialog.reason_box, Qt.Key.Key_Down)
        assert dialog.reason()
        qtbot.keyClick(dialog.reason_box, Qt.Key.Key_Return)
    assert _entry(window, item).pages == 0
    # kept on purpose: marked in the filmstrip and in the checklist
    with qtbot.waitSignal(panel.page_attached, timeout=TIMEOUT):
        panel.capture()
        qtbot.waitUntil(lambda: panel.reason_dialog is not None, timeout=TIMEOUT)
        panel.reason_dialog.set_reason("原件即为此状态")
        panel.reason_dialog.accept()
    qtbot.waitUntil(lambda: panel.filmstrip.count() == 1, timeout=TIMEOUT)
    assert "Rejected · kept" in panel.filmstrip.item(0).text()
    qtbot.waitUntil(lambda: _entry(window, item).rejected_kept == 1, timeout=TIMEOUT)
    tree = window.checklist.tree
    state = tree.currentIndex().siblingAtColumn(2).data()
    assert "rejected, kept" in state


def test_space_in_the_search_field_captures(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    panel = window.capture_panel
    focus = QApplication.focusWidget()
    assert not isinstance(focus, QLineEdit)  # at start the focus is not in the filter
    show_order(window)
    _keep_rejects(panel)
    search = window.order_list.search_edit
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    text = search.text()
    _job, info = _capture(qtbot, panel, lambda: qtbot.keyClick(search, Qt.Key.Key_Space))
    assert info.item_id == panel.entry.item_id
    assert search.text() == text  # no space typed
    qtbot.keyClick(search, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert search.text() == text + " "  # Shift+Space still types one


def test_id_card_mode_goes_off_when_the_checklist_moves_to_an_ordinary_form(qtbot, open_window, video, show_order):
    from archivist_desktop.services.capture_flow import is_id_document

    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    entries = window.checklist.entries()
    id_doc = next(e for e in entries if is_id_document(e.document_type, e.name_zh))
    form = next(e for e in entries if not is_id_document(e.document_type, e.name_zh))
    window.checklist.select_item(id_doc.item_id)
    qtbot.waitUntil(lambda: panel.entry.item_id == id_doc.item_id)
    panel.id_card_button.setChecked(True)
    window.checklist.select_item(form.item_id)
    qtbot.waitUntil(lambda: panel.entry.item_id == form.item_id)
    assert not panel.id_card_button.isChecked() and not panel.flow.id_card
    job = panel.capture()
    assert job is not None and job.side is None  # an ordinary page, not an ID front


def test_retake_and_delete_ask_first(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    _keep_rejects(panel)
    _, first = _capture(qtbot, panel, panel.capture)
    qtbot.waitUntil(lambda: panel.filmstrip.page_ids() == [first.id], timeout=TIMEOUT)
    panel.filmstrip.setCurrentRow(0)
    # retake: a question first, nothing captured until it is answered
    panel.retake_button.click()
    box = panel.confirm_box
    assert box is not None and "page 1" in box.text().lower() and not panel.jobs
    with qtbot.waitSignal(panel.page_attached, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert "Retaking page 1" in panel.message_label.text()
    second = blocker.args[1]
    assert blocker.args[0].replaces == first.id
    qtbot.waitUntil(lambda: panel.filmstrip.page_ids() == [second.id], timeout=TIMEOUT)
    # delete: Esc keeps the page, Enter deletes it
    panel.filmstrip.setCurrentRow(0)
    panel.filmstrip.setFocus()
    qtbot.keyClick(panel.filmstrip, Qt.Key.Key_Delete)
    box = panel.confirm_box
    assert isinstance(box, QMessageBox)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.wait(300)
    assert panel.filmstrip.page_ids() == [second.id]
    panel.delete_button.click()
    qtbot.keyClick(panel.confirm_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.filmstrip.page_ids() == [], timeout=TIMEOUT)


def test_a_sent_document_takes_no_capture_and_its_pages_cannot_change(qtbot, station, user_of, open_window, video):
    """Once sent for review, a document's Capture, Retake and Delete are greyed out and say why; Space is
    refused at once in the desk's words, not after the frame was processed (issue 17 item 8)."""
    from archivist_desktop.domain.workflow import ItemState
    from archivist_desktop.services.capture import send_for_review, work_order_by_number
    from sample_data import capture_required

    clerk = user_of("clerk")
    items = capture_required(station, clerk, ORDER_NO)
    send_for_review(station, clerk, work_order_by_number(station, ORDER_NO))
    window = open_window(f"replay:{video}")
    model = window.order_model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=TIMEOUT)
    row = next(model.row_at(n) for n in range(model.rowCount()) if model.row_at(n).work_order_no == ORDER_NO)
    window.order_list.select_order(row.id, row.work_order_no)
    panel = window.capture_panel
    qtbot.waitUntil(lambda: panel.feed.latest() is not None and bool(window.checklist.entries()), timeout=TIMEOUT)
    assert window.checklist.select_item(items[0])
    qtbot.waitUntil(lambda: panel.entry is not None and panel.entry.item_id == items[0], timeout=TIMEOUT)
    assert panel.entry.state == ItemState.SENT
    qtbot.waitUntil(lambda: panel.filmstrip.count() >= 1, timeout=TIMEOUT)  # its pages are shown
    panel.filmstrip.setCurrentRow(0)
    assert not panel.capture_button.isEnabled()
    assert not panel.retake_button.isEnabled() and not panel.delete_button.isEnabled()
    assert "sent on" in panel.delete_button.toolTip()
    assert "takes no more pages" in panel.target_label.text()
    attached = []
    panel.page_attached.connect(lambda job, info: attached.append(info))
    window.checklist.tree.setFocus()
    qtbot.keyClick(window.checklist.tree, Qt.Key.Key_Space)
    assert panel.message_label.text() == panel.target_label.text() and not panel.jobs
    qtbot.wait(500)
    assert attached == []
