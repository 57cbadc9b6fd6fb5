"""The Archive workspace, offscreen: receive a hand-over by scanning, file a volume, box it, see a DA/T 22
refusal, shelve the box, and open a box by typing its scanned label into the scan field."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.users import create_user, get_user
from archivist_desktop.store.models import ChecklistItem, WorkOrder
from sample_data import capture_required, review_to_end

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")  # offscreen platform

HV, LV = "WO202611000123", "WO202611000124"


@pytest.fixture
def room(station):
    for name, role in (("collector", Role.COLLECTOR), ("supervisor", Role.SUPERVISOR), ("archivist", Role.ARCHIVIST)):
        create_user(station, name, "pw-123456", role, name)
    users = {n: get_user(station, n) for n in ("clerk", "clerk2", "collector", "supervisor", "archivist")}
    for no, clerk in ((HV, users["clerk"]), (LV, users["clerk2"])):
        items = capture_required(station, clerk, no)
        send_for_review(station, clerk, work_order_by_number(station, no))
        review_to_end(station, items, [u for u in users.values() if u != clerk])
    return station


def item_states(archive, no) -> set[str]:
    with archive.read_session() as s:
        wid = s.execute(select(WorkOrder.id).where(WorkOrder.work_order_no == no)).scalar_one()
        return set(
            s.execute(
                select(ChecklistItem.state).where(ChecklistItem.work_order_id == wid, ChecklistItem.state != "waiting")
            ).scalars()
        )


def test_archive_workspace_from_hand_over_to_shelf(qtbot, room, make_window, tmp_path):
    from archivist_desktop.ui.main_window import ARCHIVE

    window = make_window("archivist")
    window.show_workspace(ARCHIVE)
    ws = window.archive_room
    qtbot.waitUntil(lambda: ws.snapshot is not None and ws.inbox_table.rowCount() > 0)
    assert {ws.inbox_table.item(r, 0).text() for r in range(ws.inbox_table.rowCount())} == {HV, LV}

    # a handheld scanner types the work-order number and Enter
    qtbot.keyClicks(ws.scan_edit, HV)
    qtbot.keyClick(ws.scan_edit, "\r")
    qtbot.waitUntil(lambda: ws.last_receipt is not None and ws.pending_list.count() == 1)
    assert item_states(room, HV) == {"received"}
    assert ws.receipt_button.isEnabled() and HV in ws.receipt_label.text()
    ws.save_receipt(tmp_path / "receipt.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "receipt.pdf").exists() and "saved" in ws.message.text())

    # the LV order is picked from the list and received with Ctrl+R
    ws.inbox_table.selectAll()
    ws.receive_selected()
    qtbot.waitUntil(lambda: ws.pending_list.count() == 2 and ws.inbox_table.rowCount() == 0)

    # file both customers into volumes
    for _ in range(2):
        ws.pending_list.setCurrentRow(0)
        count = ws.volumes_table.rowCount()
        ws.file_selected_customer()
        qtbot.waitUntil(lambda count=count: ws.volumes_table.rowCount() == count + 1)
    codes = [ws.volumes_table.item(r, 0).text() for r in range(ws.volumes_table.rowCount())]
    assert codes == ["Z109-YK-2026-D30-0001", "Z109-YK-2026-Y-0001"]

    # the permanent volume into a new box
    ws.select_volume("Z109-YK-2026-Y-0001")
    ws.box_target.clear()
    ws.put_selected_in_box()
    qtbot.waitUntil(lambda: ws.current_box is not None and ws.box_target.text() == "Z109-2026-Y-H0001")
    # the 30-year volume into the same box: refused, and the message says why (DA/T 22)
    ws.select_volume("Z109-YK-2026-D30-0001")
    ws.put_selected_in_box()
    qtbot.waitUntil(lambda: "DA/T 22" in ws.message.text())
    assert "retention" in ws.message.text() and "Y" in ws.message.text() and "D30" in ws.message.text()
    assert item_states(room, LV) == {"received"}

    # shelve the box: asked first (archiving is for good); Esc keeps it off the shelf, Enter shelves
    ws.shelf_edit.setText("a01-3-5-2")
    ws.set_shelf_of_current_box()
    question = ws.shelve_question
    assert question is not None and "Z109-2026-Y-H0001" in question.text() and "1 volume" in question.text()
    question.reject()
    qtbot.waitUntil(lambda: ws.shelve_question is None)
    assert ws.current_box is not None and not ws.current_box.shelf and item_states(room, HV) != {"archived"}
    ws.set_shelf_of_current_box()
    ws.shelve_question.defaultButton().click()
    qtbot.waitUntil(lambda: ws.current_box is not None and ws.current_box.shelf == "A01-03-05-2")
    assert item_states(room, HV) == {"archived"}

    # elsewhere, a box label is scanned into the search field: the box opens
    ws.tabs.setCurrentIndex(0)
    ws.current_box = None
    qtbot.keyClicks(ws.scan_edit, "z109-2026-y-h0001")
    with qtbot.waitSignal(ws.box_opened, timeout=5000) as opened:
        qtbot.keyClick(ws.scan_edit, "\r")
    assert opened.args == ["Z109-2026-Y-H0001"]
    assert ws.tabs.currentIndex() == 2 and ws.box_volumes.rowCount() == 1
    assert ws.box_volumes.item(0, 0).text() == "Z109-YK-2026-Y-0001"
    ws.save_label(tmp_path / "label.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "label.pdf").exists() and "Label saved" in ws.message.text())

    # an unknown label says so
    qtbot.keyClicks(ws.scan_edit, "NOPE-123")
    qtbot.keyClick(ws.scan_edit, "\r")
    qtbot.waitUntil(lambda: "Nothing found" in ws.message.text())


def test_a_clerk_is_told_plainly_that_the_archive_room_is_for_archivists(qtbot, room, make_window):
    from archivist_desktop.ui.main_window import ARCHIVE

    window = make_window("clerk")
    window.show_workspace(ARCHIVE)
    ws = window.archive_room
    qtbot.waitUntil(lambda: ws.inbox_table.rowCount() > 0)
    ws.inbox_table.selectAll()
    ws.receive_selected()
    qtbot.waitUntil(lambda: "only an archivist" in ws.message.text())


def test_a_box_label_under_the_document_camera_opens_the_box(qtbot, room, make_window, tmp_path):
    """The printed label (rendered, rasterised) lies on the desk under the camera: the box opens."""
    import subprocess

    import cv2

    from archivist_desktop.services.boxes import put_in_box, render_box_labels
    from archivist_desktop.services.records import build_volumes, hand_over
    from archivist_desktop.ui.main_window import ARCHIVE

    archivist = get_user(room, "archivist")
    hand_over(room, archivist, work_order_nos=[HV])
    with room.read_session() as s:
        customer = s.execute(select(WorkOrder.customer_id).where(WorkOrder.work_order_no == HV)).scalar_one()
    (volume, *_) = build_volumes(room, archivist, customer)
    box = put_in_box(room, archivist, volume.archival_code)
    pdf = render_box_labels(room, [box.box_no], "100x50", tmp_path / "label.pdf")
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(pdf), str(tmp_path / "label")], check=True)
    label = cv2.imread(str(tmp_path / "label.png"))
    frame = cv2.cvtColor(cv2.cvtColor(label, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    desk = cv2.copyMakeBorder(frame, 120, 120, 160, 160, cv2.BORDER_CONSTANT, value=(60, 60, 60))
    folder = tmp_path / "desk"
    folder.mkdir()
    cv2.imwrite(str(folder / "0001.png"), desk)

    room.settings.set("camera", f"replay:{folder}")
    window = make_window("archivist")
    window.show_workspace(ARCHIVE)
    ws = window.archive_room
    opened = qtbot.waitSignal(ws.box_opened, timeout=20_000)
    opened.wait()  # the live view reads the label a few times a second, off the GUI thread
    assert opened.args == [box.box_no]
    assert window.current_workspace() == ARCHIVE and ws.current_box.box_no == box.box_no
    window.close()
