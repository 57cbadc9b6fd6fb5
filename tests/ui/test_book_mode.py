"""Book mode in the Capture workspace: one captured spread becomes two pages, left page first."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from tests.imaging.test_dewarp import cylinder, text_page

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TIMEOUT = 20000


@pytest.fixture(scope="module")
def spread_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spread")
    left, right = cylinder(text_page(1200, 840, seed=5), 0.05), text_page(1200, 840, seed=6)
    spread = np.hstack([left, right])
    x = np.arange(spread.shape[1], dtype=np.float32)
    shade = 1 - 0.45 * np.exp(-(((x - 840) / 20.0) ** 2))
    spread = (spread.astype(np.float32) * shade[None, :, None]).astype(np.uint8)
    frame = np.full((1500, 2100, 3), 45, np.uint8)
    frame[150:1350, 210:1890] = spread
    cv2.imwrite(str(folder / "0001.jpg"), frame)
    return folder


def test_book_mode_turns_one_spread_into_two_pages(qtbot, open_window, spread_folder, show_order):
    window = open_window(f"replay:{spread_folder}")
    show_order(window)
    panel = window.capture_panel

    def answer(dialog):  # a synthetic page may be judged low-resolution: keep it
        dialog.set_reason("test: synthetic spread")
        dialog.accept()

    panel.reason_requested.connect(answer)
    panel.book_action.trigger()  # Ctrl+K's action
    assert panel.book_button.isChecked()
    attached = []
    panel.page_attached.connect(lambda job, info: attached.append((job, info)))
    qtbot.waitUntil(lambda: panel.capture_button.isEnabled(), timeout=TIMEOUT)
    panel.capture()
    qtbot.waitUntil(lambda: len(attached) == 2, timeout=TIMEOUT)
    (j1, i1), (j2, i2) = attached
    assert j1.processed.metadata["book"]["page"] == 1 and j2.processed.metadata["book"]["page"] == 2
    assert i1.seq < i2.seq  # reading order in the slot
    assert j1.processed.metadata["book"]["dewarp"]["changed"]  # the curved left page was flattened
