"""Undo of an approval in the review workspace (issue 17): Ctrl+Z right after approving appends a
withdrawal (the approval row stays, audited) and the page is back in the queue; once the document has
been handed over to the archive room, the approval stands."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from archivist_desktop.domain.permissions import Role
from archivist_desktop.domain.workflow import ItemState
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.users import create_user
from archivist_desktop.store.models import AuditEvent, ChecklistItem, Review
from archivist_desktop.ui.main_window import REVIEW
from archivist_desktop.ui.qt import Qt
from sample_data import capture_required

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LV = "WO202611000124"  # clerk2's; one review gate
TIMEOUT = 15000


def _state(station, item_id) -> ItemState:
    with station.read_session() as s:
        return ItemState(s.get(ChecklistItem, item_id).state)


def _decisions(station, page_id) -> list[str]:
    with station.read_session() as s:
        return sorted(s.execute(select(Review.decision).where(Review.page_id == page_id)).scalars())


def test_ctrl_z_takes_an_approval_back_until_the_document_is_handed_over(qtbot, station, user_of, make_window):
    from archivist_desktop.services.records import hand_over

    create_user(station, "supervisor", "pw", Role.SUPERVISOR, "陈静", "营业一班")
    create_user(station, "archivist", "pw", Role.ARCHIVIST, "刘洋")
    capture_required(station, user_of("clerk2"), LV)
    send_for_review(station, user_of("clerk2"), work_order_by_number(station, LV))

    window = make_window("supervisor")
    window.show_workspace(REVIEW)
    review = window.review
    qtbot.waitUntil(lambda: review.queue is not None and review.viewer.image_width > 0, timeout=TIMEOUT)
    assert not review.undo_button.isEnabled()
    entry = review.current_entry()
    with qtbot.waitSignal(review.decided, timeout=TIMEOUT):
        qtbot.keyClick(review.table, Qt.Key.Key_A)
    assert entry.page_id not in {e.page_id for e in review.model.entries}
    assert _state(station, entry.item_id) == ItemState.REVIEWED  # its only page, its only gate
    assert review.undo_button.isEnabled()

    # Ctrl+Z: the page is back in the queue, selected, the document waits for review again
    qtbot.keyClick(review.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: (e := review.current_entry()) is not None and e.page_id == entry.page_id and e.can_decide,
        timeout=TIMEOUT,
    )
    assert _state(station, entry.item_id) == ItemState.SENT
    assert _decisions(station, entry.page_id) == ["approve", "withdraw"]  # appended, nothing deleted
    with station.read_session() as s:
        actions = set(s.execute(select(AuditEvent.action).where(AuditEvent.entity_id == entry.page_id)).scalars())
    assert {"approve", "withdraw_approval"} <= actions
    assert "1" in review.status.text() and not review.undo_button.isEnabled()
    qtbot.waitUntil(lambda: "approval taken back" in review.history.text(), timeout=TIMEOUT)

    # approved again, and this time handed over before the reviewer thinks better of it: it stands
    qtbot.waitUntil(lambda: review._decidable() is not None, timeout=TIMEOUT)
    with qtbot.waitSignal(review.decided, timeout=TIMEOUT):
        qtbot.keyClick(review.table, Qt.Key.Key_A)
    hand_over(station, user_of("archivist"), item_ids=[entry.item_id])
    qtbot.keyClick(review.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "not taken back" in review.status.text(), timeout=TIMEOUT)
    assert _state(station, entry.item_id) == ItemState.RECEIVED
    assert _decisions(station, entry.page_id) == ["approve", "approve", "withdraw"]
    assert entry.page_id not in {e.page_id for e in review.model.entries}


def test_a_whole_document_approval_is_taken_back_by_its_reviewer_only(station, user_of):
    from archivist_desktop.domain.permissions import PermissionDenied
    from archivist_desktop.services.archive import KnownError
    from archivist_desktop.services.review import approve_document, review_queue, withdraw_approvals

    create_user(station, "supervisor", "pw", Role.SUPERVISOR, "陈静", "营业一班")
    create_user(station, "supervisor2", "pw", Role.SUPERVISOR, "周敏", "营业一班")
    items = capture_required(station, user_of("clerk2"), LV)
    send_for_review(station, user_of("clerk2"), work_order_by_number(station, LV))
    item = items[0]
    approved = approve_document(station, user_of("supervisor"), item)
    assert _state(station, item) == ItemState.REVIEWED
    ids = [r.review_id for r in approved]
    with pytest.raises(PermissionDenied):
        withdraw_approvals(station, user_of("supervisor2"), ids)
    withdrawn = withdraw_approvals(station, user_of("supervisor"), ids)
    assert {r.page_id for r in withdrawn} == {r.page_id for r in approved}
    assert _state(station, item) == ItemState.SENT
    queue = review_queue(station, user_of("supervisor"))
    assert {r.page_id for r in approved} <= {e.page_id for e in queue.entries}
    with pytest.raises(KnownError, match="taken back already"):
        withdraw_approvals(station, user_of("supervisor"), ids)
