"""Content findings in the CAPTURE filmstrip (#18): a page whose text says it is another document, or
whose ID number fails its check digit, shows its badge in the capture panel's filmstrip as soon as the
background OCR has stored its text and content check, without the clerk touching anything.

The page is captured through the real camera path (replayed video); its text is then stored the way
the background OCR's dispatcher thread stores it (``services.page_text.store_text``, which runs the
content check), on a thread of its own, and the window is told through the signal the background OCR
worker emits (``PageTextWorker.ready``).  A second test runs the real OCR worker process on a small
generated page.
"""

from __future__ import annotations

import threading
import time

import pytest

from archivist_desktop.services import page_text
from archivist_desktop.ui.filmstrip import VERDICT_COLOURS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TIMEOUT = 20000
BOX = [[0, 0], [10, 0], [10, 10], [0, 10]]
#: the front of a resident ID card (the check digit of its number is right)
CARD_FRONT = [
    "姓名 张伟",
    "性别 男 民族 汉",
    "出生 1949 年 12 月 31 日",
    "住址 杭州市解放路1号",
    "公民身份号码 11010519491231002X",
]


def _raw(lines: list[str]) -> dict:
    return {
        "text": "\n".join(lines),
        "lines": [{"text": t, "box": BOX, "confidence": 0.99} for t in lines],
        "elapsed_ms": 1.0,
        "engine": "test",
    }


def _store_in_background(window, page_id: str, lines: list[str]) -> threading.Thread:
    """What the background OCR's dispatcher thread does once the worker process has read a page."""

    def run() -> None:
        page_text.store_text(window.archive, page_id, _raw(lines))
        window.page_text.ready.emit(page_id)

    thread = threading.Thread(target=run, name="test-page-ocr")
    thread.start()
    return thread


def _capture(qtbot, panel):
    def keep_rejected(dialog):  # a replayed frame caught mid-swap on a loaded machine
        dialog.set_reason("test: frame taken while the page moved")
        dialog.accept()

    panel.reason_requested.connect(keep_rejected)
    with qtbot.waitSignal(panel.page_attached, timeout=TIMEOUT) as blocker:
        panel.capture()
    panel.reason_requested.disconnect(keep_rejected)
    _job, info = blocker.args
    return info


def test_a_misfiled_page_gets_its_badge_in_the_capture_filmstrip(qtbot, open_window, video, show_order):
    window = open_window(f"replay:{video}")
    show_order(window)
    panel = window.capture_panel
    assert panel.entry.document_type == "application_form"
    qtbot.waitUntil(lambda: panel.live_view.result is not None, timeout=TIMEOUT)
    first = _capture(qtbot, panel)
    qtbot.waitUntil(lambda: panel.filmstrip.count() == 1 and not panel.flow.busy, timeout=TIMEOUT)
    time.sleep(0.3)  # the next frame differs from the first
    second = _capture(qtbot, panel)
    qtbot.waitUntil(lambda: panel.filmstrip.page_ids() == [first.id, second.id], timeout=TIMEOUT)
    assert "wrong document?" not in panel.filmstrip.item(1).text()

    # the background OCR reads page 1 as the application form it is and page 2 as an ID card
    threads = [
        _store_in_background(window, first.id, ["高压用电申请书", "客户名称：杭州宏达机械厂", "户号：3300012345"]),
        _store_in_background(window, second.id, CARD_FRONT),
    ]
    for t in threads:
        t.join(10)
    qtbot.waitUntil(lambda: second.id in panel.filmstrip.findings, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "wrong document?" in panel.filmstrip.item(1).text(), timeout=TIMEOUT)
    page1, page2 = panel.filmstrip.item(0), panel.filmstrip.item(1)
    assert "wrong document?" not in page1.text()
    assert page2.background().color() == VERDICT_COLOURS["warn"]
    assert "Possibly misfiled: looks like “ID or business licence”" in page2.toolTip()
    assert [f.looks_like for f in panel.filmstrip.findings[second.id]] == ["identity_proof"]
    assert "Page 2" in panel.message_label.text()  # the clerk is told, without a click
    assert panel.entry.document_type == "application_form"  # and stays on the slot

    # a page captured after it keeps the badge of page 2 (the strip is redrawn from the finding)
    time.sleep(0.3)
    _capture(qtbot, panel)
    qtbot.waitUntil(lambda: panel.filmstrip.count() == 3, timeout=TIMEOUT)
    assert "wrong document?" in panel.filmstrip.item(1).text()

    # an ID card filed where one belongs, but its number fails the GB 11643 check digit
    card = next(e for e in window.checklist.entries() if e.document_type == "identity_proof")
    assert window.checklist.select_item(card.item_id)
    qtbot.waitUntil(lambda: panel.entry.item_id == card.item_id and panel.filmstrip.count() == 0, timeout=TIMEOUT)
    time.sleep(0.3)
    id_page = _capture(qtbot, panel)
    qtbot.waitUntil(lambda: panel.filmstrip.page_ids() == [id_page.id], timeout=TIMEOUT)
    bad = [*CARD_FRONT[:-1], "公民身份号码 110105194912310023"]
    _store_in_background(window, id_page.id, bad).join(10)
    qtbot.waitUntil(lambda: "details differ" in panel.filmstrip.item(0).text(), timeout=TIMEOUT)
    (finding,) = panel.filmstrip.findings[id_page.id]
    assert (finding.reason, finding.field, finding.found) == ("field_mismatch", "id_number", "110105194912310023")
    assert "110105194912310023" in panel.filmstrip.item(0).toolTip()


@pytest.mark.skipif(not page_text.ocr_available(), reason="rapidocr-onnxruntime not installed")
def test_real_background_ocr_marks_a_misfiled_page(qtbot, open_window, show_order, tmp_path, monkeypatch):
    """The window's own background OCR (a worker process) reads an ID card's front captured into the
    application form's slot; the capture filmstrip marks it without anyone reloading anything."""
    import cv2

    from test_page_text import text_page

    folder = tmp_path / "card"
    folder.mkdir()
    cv2.imwrite(str(folder / "0001.jpg"), text_page(("居民身份证", "姓名 张伟", "公民身份号码 11010519491231002X")))
    monkeypatch.setenv("ARCHIVIST_BACKGROUND_OCR", "1")
    window = open_window(f"replay:{folder}")
    assert window.page_text.worker is not None
    show_order(window)
    panel = window.capture_panel
    assert panel.entry.document_type == "application_form"
    started = time.monotonic()
    page = _capture(qtbot, panel)
    qtbot.waitUntil(lambda: panel.filmstrip.page_ids() == [page.id], timeout=TIMEOUT)
    qtbot.waitUntil(lambda: "wrong document?" in panel.filmstrip.item(0).text(), timeout=60000)
    assert [f.looks_like for f in panel.filmstrip.findings[page.id]] == ["identity_proof"]
    assert time.monotonic() - started < 60
    from archivist_desktop.store.models import PageText

    with window.archive.read_session() as s:
        row = s.get(PageText, page.id)
        assert row is not None and row.engine != "test" and "身份" in row.text  # really read by the OCR
    assert window.page_text.worker._pool is not None  # in the worker process, not on the GUI thread
