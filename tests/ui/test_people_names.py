"""People by their names, not their login names (issue 17 item 10): the review queue's clerk column, the
page details, the decision history, the "rescan task went to …" message and the clerk's rescan banner
say 李娜 and 陈静, never clerk2 and supervisor."""

from __future__ import annotations

import pytest

from archivist_desktop.domain.permissions import Role
from archivist_desktop.domain.review import FlagReason
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.users import create_user
from archivist_desktop.store.models import User
from archivist_desktop.ui.main_window import REVIEW
from archivist_desktop.ui.qt import QDialogButtonBox, Qt
from sample_data import capture_required

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LV = "WO202611000124"
TIMEOUT = 15000


def test_review_and_rescan_name_people_by_their_names(qtbot, station, user_of, make_window, open_document):
    from sqlalchemy import select

    create_user(station, "supervisor", "pw", Role.SUPERVISOR, "陈静", "营业一班")
    with station.session() as s:  # the clerk who captured, with a name people know
        s.execute(select(User).where(User.username == "clerk2")).scalar_one().display_name = "李娜"
    capture_required(station, user_of("clerk2"), LV)
    send_for_review(station, user_of("clerk2"), work_order_by_number(station, LV))

    supervisor = make_window("supervisor")
    supervisor.show_workspace(REVIEW)
    review = supervisor.review
    qtbot.waitUntil(lambda: review.queue is not None and review.viewer.image_width > 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: review.model.index(0, 5).data() == "李娜", timeout=TIMEOUT)
    assert "李娜" in review.details.text() and "clerk2" not in review.details.text()

    entry = review.current_entry()
    qtbot.keyClick(review.table, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: getattr(review, "flag_dialog", None) is not None, timeout=TIMEOUT)
    review.flag_dialog.set_reason(FlagReason.BLURRY, "印章处模糊")
    with qtbot.waitSignal(review.decided, timeout=TIMEOUT):
        review.flag_dialog.box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "李娜" in review.status.text() and "clerk2" not in review.status.text()

    # the clerk's rescan banner names the reviewer
    clerk = make_window("clerk2")
    open_document(clerk, LV, entry.item_id)
    panel = clerk.capture_panel
    qtbot.waitUntil(lambda: "陈静" in panel.rescan_label.text(), timeout=TIMEOUT)
    assert "supervisor" not in panel.rescan_label.text() and "印章处模糊" in panel.rescan_label.text()
    clerk.close()
    supervisor.close()
