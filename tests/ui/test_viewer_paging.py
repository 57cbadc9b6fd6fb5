"""Paging through a multi-page material in the viewer (#19): a two-page PDF in the review queue shows a
"page n of N" bar; PgDn / the ▶ button render page 2 off the GUI thread and show it; after the last
page PgDn goes on to the next page in the queue, PgUp comes back."""

from __future__ import annotations

import pytest
from materials_helpers import page_down_to_second, pixels, send_materials

from archivist_desktop.ui.main_window import REVIEW
from archivist_desktop.ui.qt import Qt

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

LV = "WO202611000124"  # clerk2's; one review gate
TIMEOUT = 15000


@pytest.fixture
def sent_pdf(station, user_of, mfiles):
    """contract.pdf (2 pages) in the LV order's first document, every document captured, sent."""
    return send_materials(station, user_of, mfiles, ("contract.pdf",))["contract.pdf"]


def test_pgdn_pages_through_a_pdf_in_the_review_viewer(qtbot, make_window, sent_pdf):
    window = make_window("supervisor")
    window.show_workspace(REVIEW)
    review = window.review
    qtbot.waitUntil(lambda: review.queue is not None and review.viewer.image_width > 0, timeout=TIMEOUT)
    # the summary counts the born-digital PDF by what it is, not by the raw code of "no verdict"
    counts = review.counts_label.text()
    assert "files without an image check 1" in counts and "none" not in counts, counts
    rows = [n for n, e in enumerate(review.model.entries) if e.page_id == sent_pdf]
    assert len(rows) == 1 and len(review.model.entries) >= 2
    review.select_row(rows[0])
    viewer = review.viewer
    qtbot.waitUntil(lambda: viewer.page_id == sent_pdf and viewer.image_width > 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: viewer.page_count == 2 and viewer.pager.isVisible(), timeout=TIMEOUT)
    # PgDn: page 2 of the PDF (rendered on the loader's thread), the queue stays on the PDF
    page1 = page_down_to_second(qtbot, viewer, TIMEOUT)
    assert review.current_entry().page_id == sent_pdf and viewer.page_id == sent_pdf

    # the ◀ button back to page 1, ▶ to page 2 again
    viewer.prev_page_button.click()
    qtbot.waitUntil(lambda: viewer.shown_page_no == 1, timeout=TIMEOUT)
    assert pixels(viewer) == page1 and viewer.page_label.text() == "Page 1 of 2"
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
