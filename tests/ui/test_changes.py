"""What changed, announced once: a decision in the Review workspace updates the reminder panel and the
dashboard of the same window by itself — no F5, no timer, only the runner's archive_changed."""

from __future__ import annotations

import pytest

from archivist_desktop.domain.permissions import Role
from archivist_desktop.domain.review import FlagReason
from archivist_desktop.domain.workflow import Reminder
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.dashboard import dashboard
from archivist_desktop.services.users import create_user
from archivist_desktop.ui.main_window import DASHBOARD, REVIEW
from archivist_desktop.ui.qt import QDialogButtonBox
from sample_data import capture_required

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)")  # offscreen

LV = "WO202611000124"  # clerk2's; one review gate (team)
TIMEOUT = 15000


@pytest.fixture
def supervisor_window(qtbot, make_window, station, user_of):
    create_user(station, "supervisor", "pw", Role.SUPERVISOR, "陈静", "营业一班")
    items = capture_required(station, user_of("clerk2"), LV)
    send_for_review(station, user_of("clerk2"), work_order_by_number(station, LV))
    window = make_window("supervisor")
    # nothing may refresh on a clock here: only what the decisions announce
    window.hub.live_timer.stop()
    window.hub.watcher.timer.stop()
    window.sync._timer.stop()
    assert len(items) >= 2
    yield window
    window.close()


def _count(window, category: Reminder) -> int:
    return window.reminder_panel.reminders.counts.get(category.value, 0)


def test_a_review_decision_updates_reminders_and_dashboard_without_a_refresh(qtbot, supervisor_window, station):
    window = supervisor_window
    refreshes = []
    window.refresh_action.triggered.connect(lambda: refreshes.append("F5"))
    changes = []
    window.runner.archive_changed.connect(lambda c, initiator: changes.append((c, initiator)))

    # the dashboard has been looked at once; then the supervisor works in the Review workspace
    window.show_workspace(DASHBOARD)
    panel = window.hub.panel
    qtbot.waitUntil(lambda: panel.board is not None, timeout=TIMEOUT)
    window.show_workspace(REVIEW)
    review = window.review
    qtbot.waitUntil(
        lambda: review.queue is not None and review.viewer.image_width > 0 and review.approve_button.isEnabled(),
        timeout=TIMEOUT,
    )
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=TIMEOUT)
    to_hand_over = _count(window, Reminder.TO_HAND_OVER)
    flagged = sum(t.flagged_pages for t in panel.board.teams)

    # approve: the document is reviewed, so it is waiting to be handed over — in this window's reminders
    with qtbot.waitSignal(
        window.reminder_panel.reminders_loaded,
        timeout=TIMEOUT,
        check_params_cb=lambda r: r.counts.get(Reminder.TO_HAND_OVER.value, 0) == to_hand_over + 1,
    ):
        with qtbot.waitSignal(review.decided, timeout=TIMEOUT):
            review.approve()
    assert changes and changes[0][1] is review and changes[0][0].reviews and changes[0][0].reminders
    # … and the (hidden) dashboard reloaded its live figures by itself: they are the database's now
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=TIMEOUT)
    fresh = dashboard(station)
    assert panel.board.totals == fresh.totals and panel.board.teams == fresh.teams

    # flag the next page: the team's flagged pages go up on the dashboard, without F5 or a timer
    qtbot.waitUntil(
        lambda: (
            review.approve_button.isEnabled()
            and review.viewer.page_id is not None
            and review.viewer.page_id == review.current_entry().page_id
        ),
        timeout=TIMEOUT,
    )
    review.flag()
    qtbot.waitUntil(lambda: getattr(review, "flag_dialog", None) is not None, timeout=TIMEOUT)
    review.flag_dialog.set_reason(FlagReason.BLURRY, "")
    with qtbot.waitSignal(
        panel.loaded,
        timeout=TIMEOUT,
        check_params_cb=lambda board: sum(t.flagged_pages for t in board.teams) == flagged + 1,
    ):
        review.flag_dialog.box.button(QDialogButtonBox.StandardButton.Ok).click()
    assert len(changes) == 2
    assert refreshes == []
    assert not window.hub.live_timer.isActive() and not window.hub.watcher.timer.isActive()
