"""Flagging the page of a PDF the viewer shows (#19): the supervisor pages to page 2 of a 2-page PDF with
PgDn and presses F; the flag dialog and the status say page 2, the rescan task records part 2, and the
clerk's rescan banner says "PDF page 2"."""

from __future__ import annotations

import pytest
from materials_helpers import LV, page_down_to_second, send_materials

from archivist_desktop.domain.review import FlagReason
from archivist_desktop.services.review import rescan_tasks
from archivist_desktop.store.models import RescanTask, Review
from archivist_desktop.ui.main_window import REVIEW
from archivist_desktop.ui.qt import QDialogButtonBox, Qt

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TIMEOUT = 15000


def test_flag_page_2_of_a_pdf_and_the_clerk_is_told_which_page(
    qtbot, make_window, station, user_of, mfiles, open_document
):
    pdf = send_materials(station, user_of, mfiles, ("contract.pdf",))["contract.pdf"]
    supervisor = make_window("supervisor")
    supervisor.show_workspace(REVIEW)
    review = supervisor.review
    qtbot.waitUntil(lambda: review.queue is not None and review.viewer.image_width > 0, timeout=TIMEOUT)
    (row,) = [n for n, e in enumerate(review.model.entries) if e.page_id == pdf]
    review.select_row(row)
    viewer = review.viewer
    qtbot.waitUntil(lambda: viewer.page_id == pdf and viewer.image_width > 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: viewer.page_count == 2 and viewer.pager.isVisible(), timeout=TIMEOUT)
    page_down_to_second(qtbot, viewer, TIMEOUT)
    entry = review.current_entry()
    assert entry.page_id == pdf

    # F: the flag is about the page on screen, and the dialog says so
    qtbot.keyClick(review.table, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: getattr(review, "flag_dialog", None) is not None, timeout=TIMEOUT)
    dialog = review.flag_dialog
    assert dialog.part == 2
    assert dialog.part_label is not None and dialog.part_label.text() == "The flag is about page 2 of 2 of this file."
    dialog.set_reason(FlagReason.BLURRY, "第二页模糊")
    with qtbot.waitSignal(review.decided, timeout=TIMEOUT):
        dialog.box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert review.status.text().startswith("Flagged page 2:")

    (task,) = rescan_tasks(station, item_id=entry.item_id)
    assert (task.page_id, task.part, task.part_format) == (pdf, 2, "PDF")
    with station.read_session() as s:
        row = s.get(RescanTask, task.task_id)
        assert row.part == 2 and s.get(Review, row.review_id).part == 2

    # the clerk's rescan banner names the page
    clerk = make_window("clerk2")
    open_document(clerk, LV, entry.item_id)
    panel = clerk.capture_panel
    qtbot.waitUntil(lambda: panel.rescan_banner.isVisibleTo(panel), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "PDF page 2:" in panel.rescan_label.text(), timeout=TIMEOUT)
    assert "第二页模糊" in panel.rescan_label.text()
    # and so does the reminder of the rescan
    from archivist_desktop.domain.workflow import Reminder

    reminders = clerk.reminder_panel
    reminders.show_category(Reminder.TO_RESCAN)
    items = reminders.items_model
    qtbot.waitUntil(lambda: items.rowCount() >= 1, timeout=TIMEOUT)
    tips = [items.data(items.index(n, 0), Qt.ItemDataRole.ToolTipRole) or "" for n in range(items.rowCount())]
    assert any("Page 2 of the file" in tip for tip in tips), tips
    clerk.close()
    supervisor.close()
