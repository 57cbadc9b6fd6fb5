"""What the materials GUI tests share: attaching born-digital files for review, and paging a viewer."""

from __future__ import annotations

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.capture import attach_files, send_for_review, work_order_by_number
from archivist_desktop.services.orders import get_checklist
from archivist_desktop.services.users import create_user
from archivist_desktop.ui.qt import Qt
from sample_data import capture_required

LV = "WO202611000124"  # clerk2's; one review gate


def answer_late(panel, reason: str = "test: 补录") -> None:
    """Every "why is this late/rejected" prompt of the capture panel is answered with ``reason``."""

    def answer(dialog):
        dialog.set_reason(reason)
        dialog.accept()

    panel.reason_requested.connect(answer)


def send_materials(station, user_of, mfiles, names) -> dict[str, str]:
    """The files ``names`` attached into the LV order's first documents, one each, every document
    captured, sent for review, with a supervisor 陈静 to review them. Returns {file name: page id}."""
    create_user(station, "supervisor", "pw", Role.SUPERVISOR, "陈静", "营业一班")
    clerk = user_of("clerk2")
    entries = get_checklist(station, work_order_by_number(station, LV)).steps[0].entries
    pages = {}
    for entry, name in zip(entries, names, strict=False):
        (attached,) = attach_files(station, clerk, LV, entry.document_type, [mfiles[name]], late_reason="补录")
        assert attached.ok, attached
        pages[name] = attached.page_id
    assert len(pages) == len(names)
    capture_required(station, clerk, LV)
    send_for_review(station, clerk, work_order_by_number(station, LV))
    return pages


def pixels(viewer):
    """What the viewer shows now, to compare one page's picture with another's."""
    image = viewer._pixmap.toImage()
    return image.width(), image.height(), bytes(image.constBits())[: image.sizeInBytes()]


def page_down_to_second(qtbot, viewer, timeout: int):
    """The viewer shows page 1 of a 2-page file: PgDn shows page 2, whose picture differs.
    Returns page 1's pixels."""
    assert viewer.page_label.text() == "Page 1 of 2"
    assert not viewer.prev_page_button.isEnabled() and viewer.next_page_button.isEnabled()
    page1 = pixels(viewer)
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    assert viewer.page_no == 2 and viewer.page_label.text() == "Page 2 of 2"
    qtbot.waitUntil(lambda: viewer.shown_page_no == 2, timeout=timeout)
    assert pixels(viewer) != page1
    assert viewer.prev_page_button.isEnabled() and not viewer.next_page_button.isEnabled()
    return page1
