"""Ctrl+B with an empty box field reuses the open box of the volume's year and retention period
(issue 17), the one numbered last, instead of making a new box."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.users import create_user, get_user
from archivist_desktop.store.models import WorkOrder
from sample_data import capture_required, review_to_end

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen platform

HV = "WO202611000123"


@pytest.fixture
def volume(station):
    """The permanent volume of the HV customer, received and filed, not yet in a box."""
    from archivist_desktop.services.records import build_volumes, hand_over

    for name, role in (("collector", Role.COLLECTOR), ("supervisor", Role.SUPERVISOR), ("archivist", Role.ARCHIVIST)):
        create_user(station, name, "pw-123456", role, name)
    users = {n: get_user(station, n) for n in ("clerk", "clerk2", "collector", "supervisor", "archivist")}
    items = capture_required(station, users["clerk"], HV)
    send_for_review(station, users["clerk"], work_order_by_number(station, HV))
    review_to_end(station, items, [u for u in users.values() if u != users["clerk"]])
    hand_over(station, users["archivist"], work_order_nos=[HV])
    with station.read_session() as s:
        customer = s.execute(select(WorkOrder.customer_id).where(WorkOrder.work_order_no == HV)).scalar_one()
    (filed, *_) = build_volumes(station, users["archivist"], customer)
    return filed


def test_ctrl_b_with_an_empty_box_field_uses_the_open_box(qtbot, station, volume, make_window):
    from archivist_desktop.services.boxes import create_box
    from archivist_desktop.ui.main_window import ARCHIVE
    from archivist_desktop.ui.qt import Qt

    archivist = get_user(station, "archivist")
    kind = (volume.year, volume.retention, volume.organisation)
    create_box(station, archivist, *kind)  # H0001, open
    open_box = create_box(station, archivist, *kind)  # H0002, open and numbered last: the one to use
    # another retention period: not a candidate
    other = create_box(station, archivist, volume.year, "D30" if volume.retention != "D30" else "Y")
    assert open_box.box_no.endswith("H0002") and other.retention != volume.retention

    window = make_window("archivist")
    window.show_workspace(ARCHIVE)
    ws = window.archive_room
    qtbot.waitUntil(lambda: ws.snapshot is not None and ws.volumes_table.rowCount() > 0)
    ws.select_volume(volume.archival_code)
    ws.box_target.clear()
    ws.volumes_table.setFocus()
    qtbot.keyClick(ws.volumes_table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ws.current_box is not None and volume.archival_code in ws.message.text())

    assert ws.current_box.box_no == open_box.box_no
    assert [v.archival_code for v in ws.current_box.live_volumes] == [volume.archival_code]
    assert ws.box_target.text() == open_box.box_no
    message = ws.message.text()
    assert open_box.box_no in message and "open box" in message and "new box" not in message
