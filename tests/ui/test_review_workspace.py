"""The Review workspace: the queue, the viewer by keyboard, decisions, and the rescan loop with a clerk."""

from __future__ import annotations

import pytest
from test_capture import answer_rejects

from archivist_desktop.domain.permissions import Role
from archivist_desktop.domain.review import FlagReason
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.capture import send_for_review, slot_pages, work_order_by_number
from archivist_desktop.services.users import create_user
from archivist_desktop.store.models import ChecklistItem
from archivist_desktop.ui.main_window import REVIEW
from archivist_desktop.ui.qt import QDialogButtonBox, Qt
from sample_data import capture_required

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LV = "WO202611000124"  # clerk2's; one review gate (team)
TIMEOUT = 15000


@pytest.fixture
def sent_lv(station, user_of):
    create_user(station, "supervisor", "pw", Role.SUPERVISOR, "陈静", "营业一班")
    items = capture_required(station, user_of("clerk2"), LV, size=(1240, 1754))  # larger than the viewer
    send_for_review(station, user_of("clerk2"), work_order_by_number(station, LV))
    return items


def _review(qtbot, window):
    window.show_workspace(REVIEW)
    review = window.review
    qtbot.waitUntil(lambda: review.queue is not None and review.viewer.image_width > 0, timeout=TIMEOUT)
    return review


def _state(station, item_id):
    with station.read_session() as s:
        return ItemState(s.get(ChecklistItem, item_id).state)


def test_flag_rescan_and_approve_through_the_gui(qtbot, windows, station, sent_lv, user_of):
    supervisor = windows("supervisor")
    review = _review(qtbot, supervisor)
    assert {e.item_id for e in review.model.entries} == set(sent_lv)
    entry = review.current_entry()
    assert review.approve_button.isEnabled()
    # F opens the flag dialog; the reason and a comment go to the clerk
    qtbot.keyClick(review.table, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: getattr(review, "flag_dialog", None) is not None, timeout=TIMEOUT)
    dialog = review.flag_dialog
    dialog.set_reason(FlagReason.BLURRY, "印章处模糊")
    with qtbot.waitSignal(review.decided, timeout=TIMEOUT):
        dialog.box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert entry.item_id not in {e.item_id for e in review.model.entries}
    assert _state(station, entry.item_id) == ItemState.TO_CAPTURE

    # the clerk who captured it sees the task: in the reminders and above the live view, with the image
    clerk = windows("clerk2")
    qtbot.waitUntil(
        lambda: any(
            i.item_id == entry.item_id and i.rescan_reason == "blurry"
            for i in clerk.reminder_panel.reminders.items["to_capture"]
        ),
        timeout=TIMEOUT,
    )
    model = clerk.order_model
    row = next(model.row_at(n) for n in range(model.rowCount()) if model.row_at(n).work_order_no == LV)
    clerk.order_list.select_order(row.id, row.work_order_no)
    panel = clerk.capture_panel
    qtbot.waitUntil(lambda: any(e.item_id == entry.item_id for e in clerk.checklist.entries()), timeout=TIMEOUT)
    clerk.checklist.select_item(entry.item_id)
    qtbot.waitUntil(lambda: panel.rescan_banner.isVisibleTo(panel) and panel.feed.latest() is not None, timeout=TIMEOUT)
    assert "印章处模糊" in panel.rescan_label.text() and not panel.rescan_image.pixmap().isNull()
    # rescan: Space captures; the new page takes the flagged page's place
    clerk.checklist.tree.setFocus()
    answer_rejects(panel)  # about the rescan loop, not the verdict of a replayed frame
    with qtbot.waitSignal(panel.page_attached, timeout=TIMEOUT):
        qtbot.keyClick(clerk.checklist.tree, Qt.Key.Key_Space)
    pages = slot_pages(station, entry.item_id)
    assert len(pages) == 1 and pages[0].page_id != entry.page_id and pages[0].captured_by == "clerk2"
    with qtbot.waitSignal(panel.sent, timeout=TIMEOUT):
        panel.send_for_review()

    # the supervisor approves the new page with A; the document moves on
    supervisor.activateWindow()
    qtbot.waitUntil(supervisor.isActiveWindow, timeout=TIMEOUT)
    review.reload()
    qtbot.waitUntil(lambda: any(e.page_id == pages[0].page_id for e in review.model.entries), timeout=TIMEOUT)
    row_no = next(n for n, e in enumerate(review.model.entries) if e.page_id == pages[0].page_id)
    review.select_row(row_no)
    assert review.approve_button.isEnabled()
    with qtbot.waitSignal(review.decided, timeout=TIMEOUT):
        qtbot.keyClick(review.table, Qt.Key.Key_A)
    assert _state(station, entry.item_id) == ItemState.REVIEWED


def test_nobody_approves_their_own_capture(qtbot, windows, station, sent_lv):
    clerk = windows("clerk2")
    review = clerk.review
    clerk.show_workspace(REVIEW)
    qtbot.waitUntil(lambda: review.queue is not None, timeout=TIMEOUT)
    assert review.model.entries == []  # nothing clerk2 may decide
    review.mine_check.setChecked(False)
    qtbot.waitUntil(lambda: len(review.model.entries) == len(sent_lv), timeout=TIMEOUT)
    entry = review.current_entry()
    assert not entry.can_decide and "captured" in entry.refusal
    assert not review.approve_button.isEnabled()
    qtbot.keyClick(review.table, Qt.Key.Key_A)  # ignored
    qtbot.wait(200)
    assert _state(station, entry.item_id) == ItemState.SENT


def test_the_viewer_zooms_pans_and_rotates_by_keyboard(qtbot, windows, sent_lv):
    review = _review(qtbot, windows("supervisor"))
    viewer = review.viewer
    viewer.setFocus()
    assert viewer.fitting
    qtbot.keyClick(viewer, Qt.Key.Key_1)
    assert viewer.scale() == pytest.approx(1.0)
    qtbot.keyClick(viewer, Qt.Key.Key_Plus)
    assert viewer.scale() == pytest.approx(1.25)
    before = viewer.pan
    qtbot.keyClick(viewer, Qt.Key.Key_Down)
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.pan.y() < before.y() and viewer.pan.x() < before.x()
    qtbot.keyClick(viewer, Qt.Key.Key_Minus)
    assert viewer.scale() == pytest.approx(1.0)
    qtbot.keyClick(viewer, Qt.Key.Key_R)
    assert viewer.rotation == 90
    qtbot.keyClick(viewer, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    assert viewer.rotation == 0
    qtbot.keyClick(viewer, Qt.Key.Key_0)
    assert viewer.fitting and viewer.scale() < 1.0
    # N / P walk the queue
    first = review.current_entry().page_id
    qtbot.keyClick(review.table, Qt.Key.Key_N)
    assert review.current_entry().page_id != first
    qtbot.keyClick(review.table, Qt.Key.Key_P)
    assert review.current_entry().page_id == first
