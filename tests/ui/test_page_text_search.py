"""The one search field finds pages by their text (#18), and the page opens with the matches outlined:
a real page, really OCR'd, searched through the service the field calls, shown in the dialog."""

from __future__ import annotations

from functools import partial

import cv2
import pytest
from sqlalchemy import select

from archivist_desktop.services import page_text
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.review import decode_page
from archivist_desktop.services.search import search
from archivist_desktop.services.users import authenticate
from archivist_desktop.store.models import Page
from archivist_desktop.ui.search import PageHitDialog
from cli_helpers import signed_main
from stations import PASSWORD, open_station

pytestmark = [
    pytest.mark.skipif(not page_text.ocr_available(), reason="rapidocr-onnxruntime not installed"),
    pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints"),  # offscreen platform
]
LV = "WO202611000124"


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    from sample_data import sample_feed
    from test_page_text import text_page

    tmp = tmp_path_factory.mktemp("text_search")
    data, image = tmp / "data", tmp / "page.jpg"
    cv2.imwrite(str(image), text_page())
    with open_station(data, users=("clerk",), feed=sample_feed()):
        pass
    args = ["attach", "--work-order", LV, "--document", "application_form", "--user", "clerk"]
    args += ["--late-reason", "补录", "--override-reason", "test", str(image), "--data-dir", str(data)]
    assert signed_main(args) in (0, 1)
    archive = Archive(data)
    with archive.read_session() as s:
        (page_id,) = s.execute(select(Page.id)).scalars()
    page_text.ocr_page(archive, page_id)
    yield archive, page_id
    archive.close()


def test_the_search_field_finds_a_page_by_its_text(station):
    archive, page_id = station
    hits = search(archive, "用电申请")
    pages = [h for h in hits if h.kind == "page"]
    assert [h.id for h in pages] == [page_id]
    hit = pages[0]
    assert "王芳" in hit.title and "用电申请" in hit.subtitle and hit.matched == "text" and hit.boxes
    assert not [h for h in search(archive, "北京天安门") if h.kind == "page"]


def test_the_page_opens_with_the_match_outlined(qtbot, station):
    archive, page_id = station
    user = authenticate(archive, "clerk", PASSWORD)
    (hit,) = [h for h in search(archive, "用电申请") if h.kind == "page"]
    dialog = PageHitDialog(hit, partial(decode_page, archive, user))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.viewer.page_id == page_id and bool(dialog.viewer.highlights), timeout=10_000)
    assert dialog.viewer.highlights == hit.boxes
    # the outline is painted where the words are: the box's centre on screen is tinted yellow
    shot = dialog.viewer.grab().toImage()
    (x0, y0), _, (x2, _y2), _ = hit.boxes[0]
    s = dialog.viewer.scale()
    w, h = dialog.viewer._full_size
    cx = dialog.viewer.width() / 2 + (-w / 2 + (x0 + x2) / 2) * s
    top = dialog.viewer.height() / 2 + (-h / 2 + y0) * s
    colour = shot.pixelColor(int(cx), int(top))  # on the outline's top edge
    assert colour.red() > 150 and colour.blue() < 120, colour.name()
    dialog.close()
