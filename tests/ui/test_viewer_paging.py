"""Paging through a multi-page material in the viewer (#19): a two-page PDF in the review queue shows a
"page n of N" bar; PgDn / the ▶ button render page 2 off the GUI thread and show it; after the last
page PgDn goes on to the next page in the queue, PgUp comes back."""

from __future__ import annotations

import pytest

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.capture import attach_files, send_for_review, work_order_by_number
from archivist_desktop.services.orders import get_checklist
from archivist_desktop.services.users import create_user
from archivist_desktop.ui.main_window import REVIEW
from archivist_desktop.ui.qt import Qt
from sample_data import capture_required
from test_materials import material_files

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LV = "WO202611000124"  # clerk2's; one review gate
TIMEOUT = 15000


@pytest.fixture(scope="module")
def mfiles(tmp_path_factory):
    return material_files(tmp_path_factory.mktemp("paging"))


@pytest.fixture
def sent_pdf(station, user_of, mfiles):
    """contract.pdf (2 pages) in the LV order's first document, every document captured, sent."""
    create_user(station, "supervisor", "pw", Role.SUPERVISOR, "陈静", "营业一班")
    clerk = user_of("clerk2")
    entry = get_checklist(station, work_order_by_number(station, LV)).steps[0].entries[0]
    (attached,) = attach_files(station, clerk, LV, entry.document_type, [mfiles["contract.pdf"]], late_reason="补录")
    assert attached.ok, attached
    capture_required(station, clerk, LV)
    send_for_review(station, clerk, work_order_by_number(station, LV))
    return attached.page_id


def _pixels(viewer):
    image = viewer._pixmap.toImage()
    return image.width(), image.height(), bytes(image.constBits())[: image.sizeInBytes()]


def test_pgdn_pages_through_a_pdf_in_the_review_viewer(qtbot, make_window, sent_pdf):
    window = make_window("supervisor")
    window.show_workspace(REVIEW)
    review = window.review
    qtbot.waitUntil(lambda: review.queue is not None and review.viewer.image_width > 0, timeout=TIMEOUT)
    rows = [n for n, e in enumerate(review.model.entries) if e.page_id == sent_pdf]
    assert len(rows) == 1 and len(review.model.entries) >= 2
    review.select_row(rows[0])
    viewer = review.viewer
    qtbot.waitUntil(lambda: viewer.page_id == sent_pdf and viewer.image_width > 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: viewer.page_count == 2 and viewer.pager.isVisible(), timeout=TIMEOUT)
    assert viewer.page_label.text() == "Page 1 of 2"
    assert not viewer.prev_page_button.isEnabled() and viewer.next_page_button.isEnabled()
    page1 = _pixels(viewer)

    # PgDn: page 2 of the PDF (rendered on the loader's thread), the queue stays on the PDF
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    assert viewer.page_no == 2 and viewer.page_label.text() == "Page 2 of 2"
    qtbot.waitUntil(lambda: viewer.shown_page_no == 2, timeout=TIMEOUT)
    assert _pixels(viewer) != page1
    assert review.current_entry().page_id == sent_pdf and viewer.page_id == sent_pdf
    assert viewer.prev_page_button.isEnabled() and not viewer.next_page_button.isEnabled()

    # the ◀ button back to page 1, ▶ to page 2 again
    viewer.prev_page_button.click()
    qtbot.waitUntil(lambda: viewer.shown_page_no == 1, timeout=TIMEOUT)
    assert _pixels(viewer) == page1 and viewer.page_label.text() == "Page 1 of 2"
    viewer.next_page_button.click()
    qtbot.waitUntil(lambda: viewer.shown_page_no == 2, timeout=TIMEOUT)

    # zooming in on page 2 loads page 2 at full size, not page 1
    viewer.actual_size()
    viewer.zoom_in()
    qtbot.wait(500)
    assert viewer.shown_page_no == 2 and viewer.page_no == 2

    # after the last page PgDn goes on to the next page in the queue (before the first, PgUp to the
    # previous one), and back to the PDF the other way; the bar is gone on a camera page
    last = rows[0] == len(review.model.entries) - 1
    if last:  # no next page in the queue: leave from page 1 with PgUp
        qtbot.keyClick(viewer, Qt.Key.Key_PageUp)
        assert viewer.page_no == 1 and viewer.page_id == sent_pdf
    away, back = (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown) if last else (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
    neighbour = review.model.entries[rows[0] + (-1 if last else 1)].page_id
    qtbot.keyClick(viewer, away)
    qtbot.waitUntil(lambda: viewer.page_id == neighbour and viewer.image_width > 0, timeout=TIMEOUT)
    assert review.current_entry().page_id == neighbour
    assert not viewer.pager.isVisible() and viewer.page_no == 1
    qtbot.keyClick(viewer, back)
    qtbot.waitUntil(lambda: viewer.page_id == sent_pdf and viewer.pager.isVisible(), timeout=TIMEOUT)
    assert viewer.page_no == 1 and viewer.page_label.text() == "Page 1 of 2"
