"""A rescan row in the clerk's reminders is short (and elided in the narrow panel); its tooltip holds it all: the
document, the rescan reason, the reviewer's whole comment and who flagged it, by name (issue 17)."""

from __future__ import annotations

import pytest

from archivist_desktop.domain.permissions import Role
from archivist_desktop.domain.workflow import Reminder
from archivist_desktop.services.capture import send_for_review, slot_pages, work_order_by_number
from archivist_desktop.services.review import decide
from archivist_desktop.services.users import create_user
from archivist_desktop.ui.qt import Qt
from sample_data import capture_required

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LV = "WO202611000124"  # clerk2's
TIMEOUT = 15000
COMMENT = "第二页印章处模糊，客户签名被手指挡住了一半，请重新拍摄整页并确认四角完整"


def test_a_rescan_row_tooltip_has_the_document_reason_comment_and_reviewer(qtbot, station, user_of, make_window):
    from archivist_desktop.ui.models import ReminderItemsModel

    create_user(station, "supervisor", "pw", Role.SUPERVISOR, "陈静", "营业一班")
    items = capture_required(station, user_of("clerk2"), LV)
    send_for_review(station, user_of("clerk2"), work_order_by_number(station, LV))
    flagged = items[0]
    decide(station, user_of("supervisor"), slot_pages(station, flagged)[0].page_id, "flag", "blurry", COMMENT)

    window = make_window("clerk2")
    panel = window.reminder_panel
    panel.show_category(Reminder.TO_RESCAN)
    model = panel.items_model
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=TIMEOUT)
    item = model.item_at(0)
    assert item.item_id == flagged and item.rescan_reviewer == "supervisor"

    # the row shows the document and the reason (elided in the narrow panel), never the comment
    shown = model.data(model.index(0, ReminderItemsModel.WHAT))
    assert "Blurred" in shown and COMMENT not in shown
    document = item.document_name_en
    for column in (ReminderItemsModel.CUSTOMER, ReminderItemsModel.WHAT, ReminderItemsModel.DUE):
        qtbot.waitUntil(lambda c=column: "陈静" in model.data(model.index(0, c), Qt.ItemDataRole.ToolTipRole))
        tip = model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole)
        assert document in tip and LV in tip and item.customer_name in tip
        assert COMMENT in tip  # the whole comment, not cut
        assert "Blurred" in tip  # the rescan reason's label
        assert "supervisor" not in tip  # the reviewer by name
