#!/usr/bin/env python3
"""Screenshot of a misfiled page marked in the CAPTURE filmstrip (#18), Chinese interface, under Xvfb:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_capture_findings.py [OUT.png]

Builds a throw-away station (the tests' sample feed), signs in as the clerk, opens WO202611000123 on
the simulated camera with 用电申请书 selected, captures one page from the camera and attaches a
generated resident ID card front (File → Attach files…, the same service).  The window's own
background OCR (a worker process) reads both; the content check flags the ID card as
``wrong_document`` and the filmstrip shows it.  The shot is taken once the badge is there, with the
page's tooltip text printed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from settle import settler

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))


def main(out: str) -> int:
    os.environ["ARCHIVIST_BACKGROUND_OCR"] = "1"
    import cv2

    from archivist_desktop.services.users import get_user
    from archivist_desktop.ui.i18n import Translations, apply_cjk_font
    from archivist_desktop.ui.main_window import MainWindow, WindowOptions
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication
    from sample_data import sample_feed
    from stations import open_station
    from test_page_text import text_page

    app = QApplication(sys.argv[:1])
    apply_cjk_font(app)
    Translations(app).install("zh_CN")
    tmp = Path(tempfile.mkdtemp(prefix="shot-capture-findings-"))
    card = tmp / "身份证正面.jpg"
    cv2.imwrite(str(card), text_page(("居民身份证", "姓名 张伟", "公民身份号码 11010519491231002X")))
    with open_station(tmp / "data", users=("clerk",), feed=sample_feed()) as station:
        archive = station.archive
        runner = OperationRunner()
        window = MainWindow(archive, runner, get_user(archive, "clerk"), WindowOptions(False, "sim:1280x960", "zh_CN"))
        window.resize(1366, 728)
        window.show()

        settle = settler(app)

        settle(20, lambda: window.order_model.total is not None)
        model = window.order_model
        row = next(
            model.row_at(n) for n in range(model.rowCount()) if model.row_at(n).work_order_no == "WO202611000123"
        )
        window.order_list.select_order(row.id, row.work_order_no)
        panel = window.capture_panel
        settle(20, lambda: panel.entry is not None and panel.feed.latest() is not None)
        settle(2)

        def answer(dialog) -> None:  # late entry / a kept page: the clerk's reason
            dialog.set_reason("客户补交材料")
            dialog.accept()

        panel.reason_requested.connect(answer)
        panel.capture()
        settle(20, lambda: panel.filmstrip.count() == 1)
        panel.attach_paths([card])
        settle(30, lambda: panel.filmstrip.count() == 2)
        found = settle(90, lambda: any(panel.filmstrip.findings.values()) and "疑似" in panel.message_label.text())
        settle(1)
        strip = panel.filmstrip
        flagged = [n for n, pid in enumerate(strip.page_ids()) if pid in strip.findings]
        if flagged:
            print("tooltip:", strip.item(flagged[0]).toolTip())
        strip.clearSelection()  # the badge's colour, not the selection's
        settle(0.5)
        window.grab().save(out)
        print(out, "badge shown" if found else "NO BADGE (timed out)")
        window.close()
        settle(1)
        runner.shutdown()
    return 0 if found else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/capture-wrong-document.png"))
