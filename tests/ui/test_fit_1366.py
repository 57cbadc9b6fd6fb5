"""Issue 17 item 5: the capture desk with a rescan task open (the banner with the flagged page above the
live view) still fits a 1366x768 counter PC (1366x728 above the taskbar) with the status bar on screen."""

from __future__ import annotations

import pytest

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.capture import send_for_review, slot_pages, work_order_by_number
from archivist_desktop.services.review import decide
from archivist_desktop.services.users import create_user
from archivist_desktop.ui.main_window import CAPTURE
from sample_data import capture_required

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen platform

WIDTH, HEIGHT = 1366, 728
LV = "WO202611000124"  # clerk2's


def test_the_capture_desk_with_a_rescan_banner_fits_1366x728(qtbot, station, user_of, make_window):
    supervisor = create_user(station, "supervisor", "pw", Role.SUPERVISOR, "陈静", "营业一班")
    items = capture_required(station, user_of("clerk2"), LV)
    send_for_review(station, user_of("clerk2"), work_order_by_number(station, LV))
    page = slot_pages(station, items[0])[0]
    decide(station, supervisor, page.page_id, "flag", "blurry", "印章处模糊，请把整页放平后重新拍摄")

    window = make_window("clerk2")
    assert window.current_workspace() == CAPTURE
    model = window.order_model
    row = next(model.row_at(n) for n in range(model.rowCount()) if model.row_at(n).work_order_no == LV)
    window.order_list.select_order(row.id, row.work_order_no)
    qtbot.waitUntil(lambda: any(e.item_id == items[0] for e in window.checklist.entries()))
    window.checklist.select_item(items[0])
    panel = window.capture_panel
    qtbot.waitUntil(lambda: panel.rescan_banner.isVisibleTo(panel))
    qtbot.wait(50)
    hint = window.minimumSizeHint()
    # the height: the desk's own (the checklist header's width with long English values is another matter)
    assert hint.height() <= HEIGHT, hint
    window.resize(WIDTH, HEIGHT)
    qtbot.waitUntil(lambda: window.size().height() == HEIGHT)
    bar = window.statusBar()
    assert bar.isVisible() and window.rect().contains(bar.geometry())
    assert window.user_label.isVisible()
    assert panel.live_view.height() >= panel.live_view.minimumHeight()
    window.close()
