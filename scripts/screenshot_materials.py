#!/usr/bin/env python3
"""Screenshots of born-digital files (#19) in the Capture filmstrip and the review viewer, Chinese
interface, 1366x728 under Xvfb:

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshot_materials.py [--out docs/screenshots]

Builds a throw-away station (the tests' sample feed and material files), attaches a two-page PDF and an
MP4 into the first document of WO202611000123 as the clerk (the same service as File → Attach files…),
and saves ``materials-capture.png`` (the filmstrip with their badges).  Then every document is
captured, the order sent for review, and the supervisor's review workspace shows the PDF on its second
page (``materials-review-pdf.png``) and the video playing in the viewer (``materials-review-video.png``,
paused after a second; when Qt Multimedia cannot be loaded, the poster with "Open in the system player").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from settle import settler

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

NUMBER = "WO202611000123"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = ap.parse_args()
    from archivist_desktop.domain.permissions import Role
    from archivist_desktop.services.capture import attach_files, send_for_review, work_order_by_number
    from archivist_desktop.services.orders import get_checklist
    from archivist_desktop.services.users import create_user, get_user
    from archivist_desktop.ui.i18n import Translations, apply_cjk_font
    from archivist_desktop.ui.main_window import REVIEW, MainWindow, WindowOptions
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication
    from sample_data import capture_required, sample_feed
    from stations import open_station
    from test_materials import material_files

    app = QApplication(sys.argv[:1])
    apply_cjk_font(app)
    Translations(app).install("zh_CN")
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="shot-materials-"))
    files = material_files(tmp / "files")
    ok = True

    settle = settler(app)

    def save(window, name: str) -> None:
        """The window as on the screen (the video is drawn in a native child window that ``grab`` misses)."""
        path = args.out / name
        window.raise_()
        settle(0.3)
        window.screen().grabWindow(window.winId()).save(str(path))
        print(path)

    with open_station(tmp / "data", users=("clerk",), feed=sample_feed()) as station:
        archive = station.archive
        create_user(archive, "supervisor", "pw", Role.SUPERVISOR, "陈静", "营业一班")
        clerk = get_user(archive, "clerk")
        entry = get_checklist(archive, work_order_by_number(archive, NUMBER)).steps[0].entries[0]
        pages = {}
        for name in ("contract.pdf", "survey.mp4"):
            (attached,) = attach_files(
                archive, clerk, NUMBER, entry.document_type, [files[name]], late_reason="客户补交"
            )
            assert attached.ok, attached
            pages[name] = attached.page_id
        runner = OperationRunner()

        # the Capture filmstrip: the PDF's first page with "2 页", the video's poster with "▶ 0:02"
        window = MainWindow(archive, runner, clerk, WindowOptions(False, "sim:1280x960", "zh_CN"))
        window.resize(1366, 728)
        window.show()
        settle(20, lambda: window.order_model.total is not None)
        model = window.order_model
        row = next(model.row_at(n) for n in range(model.rowCount()) if model.row_at(n).work_order_no == NUMBER)
        window.order_list.select_order(row.id, row.work_order_no)
        panel = window.capture_panel
        settle(20, lambda: panel.entry is not None and panel.feed.latest() is not None)
        window.checklist.select_item(entry.item_id)  # the slot holding them (not the next one missing)
        ok &= settle(20, lambda: panel.filmstrip.count() == 2 and len(panel.filmstrip.materials) == 2)
        panel.filmstrip.setCurrentRow(1)  # the video selected: Ctrl+Shift+O opens it in the system player
        settle(2)
        save(window, "materials-capture.png")
        print(
            "filmstrip:", [panel.filmstrip.item(n).text().replace("\n", " | ") for n in range(panel.filmstrip.count())]
        )
        window.close()
        settle(1)

        capture_required(archive, clerk, NUMBER)
        send_for_review(archive, clerk, work_order_by_number(archive, NUMBER))
        window = MainWindow(archive, runner, get_user(archive, "supervisor"), WindowOptions(False, "", "zh_CN"))
        window.resize(1366, 728)
        window.show()
        window.show_workspace(REVIEW)
        review = window.review
        settle(20, lambda: review.queue is not None and review.model.rowCount() > 0)

        def select(page_id: str) -> bool:
            rows = [n for n, e in enumerate(review.model.entries) if e.page_id == page_id]
            review.select_row(rows[0])
            return settle(20, lambda: review.viewer.page_id == page_id and review.viewer.image_width > 0)

        ok &= select(pages["contract.pdf"])
        ok &= settle(10, lambda: review.viewer.page_count == 2)
        review.viewer.next_material_page()
        ok &= settle(20, lambda: review.viewer.shown_page_no == 2)
        settle(1)
        save(window, "materials-review-pdf.png")

        ok &= select(pages["survey.mp4"])
        playback = review.playback
        settle(10, lambda: not playback.button.isHidden())
        if playback.available:
            playback.button.click()
            ok &= settle(20, lambda: playback.playing_page == pages["survey.mp4"])
            player = playback.player
            ok &= settle(20, lambda: player.player.position() >= 1000)
            player.player.pause()
            settle(1)
            print("player:", player.time_label.text())
        else:
            settle(1)
        save(window, "materials-review-video.png")
        window.close()
        settle(1)
        runner.shutdown()
    print("ok" if ok else "SOMETHING DID NOT SHOW (timed out)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
