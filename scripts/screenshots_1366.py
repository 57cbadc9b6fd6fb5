"""Screenshots at 1366x768 (1366x728 above the taskbar), Chinese interface, demo data.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_1366.py [--out docs/screenshots]

Seeds a fresh demo station in a temporary directory, signs in as the team lead (every workspace has
something to show), resizes the window to 1366x728 and saves ``1366-<workspace>.png`` for each workspace
(the capture desk with the first work order open).  Then: a page flagged for rescan by the supervisor,
and File → Switch user… (the same window's camera handed over) to the clerk who captured it, on that
document: ``1366-capture-rescan.png``; and the first-run wizard of a station without users on its
administrator page: ``1366-first-run-admin.png``.  Prints one JSON line per shot with the window's
minimum size (``min_h`` must stay <= 700 for the workspaces, <= 728 with the rescan banner).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from settle import settler

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

WORKSPACES = ("capture", "review", "archive", "dashboard")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    ap.add_argument("--user", default="lead")
    args = ap.parse_args()
    import numpy as np

    from archivist_desktop.domain.workflow import Reminder
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.capture_flow import CaptureTarget
    from archivist_desktop.services.demo import seed_demo
    from archivist_desktop.services.review import decide, review_queue
    from archivist_desktop.services.users import get_user
    from archivist_desktop.ui.first_run import ADMIN_PAGE, FirstRunWizard
    from archivist_desktop.ui.i18n import Translations, apply_cjk_font
    from archivist_desktop.ui.main_window import CAPTURE, MainWindow, WindowOptions
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication

    app = QApplication(sys.argv[:1])
    apply_cjk_font(app)
    translations = Translations(app)
    translations.install("zh_CN")
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="shots-1366-"))
    archive = Archive(work / "data")
    seed_demo(archive)
    runner = OperationRunner()

    settle = settler(app)

    def shot(widget, name: str, **extra) -> None:
        hint = widget.minimumSizeHint()
        if not hint.isValid():  # a wizard has no hint: its set minimum
            hint = widget.minimumSize()
        line = {"shot": name, "min_w": hint.width(), "min_h": hint.height(), "w": widget.width(), "h": widget.height()}
        print(json.dumps({**line, **extra}, ensure_ascii=False))
        widget.grab().save(str(args.out / f"1366-{name}.png"))

    def open_order(window, work_order_no: str, item_id: str | None = None) -> None:
        model = window.order_model
        rows = [model.row_at(n) for n in range(model.rowCount())]
        row = next((r for r in rows if r.work_order_no == work_order_no), rows[0] if rows else None)
        if row is None:
            return
        window.open_work_order(row.id, row.work_order_no)
        settle(1.5)
        if item_id is not None:
            window.checklist.select_item(item_id)
            settle(1.5)

    window = MainWindow(archive, runner, get_user(archive, args.user), WindowOptions(True, "sim:1280x960", "zh_CN"))
    window.resize(1366, 728)
    window.show()
    settle(3)
    for index, name in enumerate(WORKSPACES):
        window.show_workspace(index)
        if index == CAPTURE:
            open_order(window, "")
        settle(3)
        shot(window, name, workspace=name)

    # a rescan: the supervisor flags a page, the clerk who took it signs in (Ctrl+L) and opens the document
    queue = review_queue(archive, get_user(archive, "supervisor"))
    entry = next(iter(queue.entries), None)
    if entry is not None:
        decide(archive, get_user(archive, "supervisor"), entry.page_id, "flag", "blurry", "印章处模糊，请放平后重拍")
        feed = window.capture_panel.feed
        window = window.replace_with(get_user(archive, entry.captured_by))
        settle(2)
        window.show_workspace(CAPTURE)
        open_order(window, entry.work_order_no, entry.item_id)
        settle(2)
        shot(
            window,
            "capture-rescan",
            user=entry.captured_by,
            banner=window.capture_panel.rescan_banner.isVisible(),
            same_camera=window.capture_panel.feed is feed,
        )
        # the reminders of that clerk: the rescan listed under 待重拍
        window.reminder_panel.show_category(Reminder.TO_RESCAN)
        settle(2)
        shot(window, "reminder-rescan", user=entry.captured_by)
        # the reject prompt: a frame of the empty desk through the capture flow, as the shutter gives it
        panel = window.capture_panel
        if panel.entry is not None and panel.work_order_id is not None:
            blank = np.full((960, 1280, 3), 60, np.uint8)
            target = CaptureTarget(panel.entry.item_id, panel.work_order_id, panel.target_label.text())
            panel._do(panel.flow.shutter(target, blank, 0))
            if settle(20, lambda: panel.reason_dialog is not None):
                settle(0.5)
                shot(panel.reason_dialog, "reject-prompt")
                panel.reason_dialog.reject()
                settle(1)
    window.close()

    # the first-run wizard of a fresh station (no users): the administrator page
    fresh = Archive(work / "fresh")
    wizard = FirstRunWizard(fresh, runner, translations)
    wizard.show()
    settle(1)
    wizard.next()
    wizard.station_page.name_edit.setText("城东营业厅 1号窗口")
    wizard.next()
    settle(1)
    wizard.next()
    settle(1)
    wizard.next()
    settle(0.5)
    if wizard.currentId() == ADMIN_PAGE:
        page = wizard.admin_page
        page.display_edit.setText("张敏")
        page.password_edit.setText("counter")
        settle(0.5)
    shot(wizard, "first-run-admin", page=wizard.currentId())
    wizard.reject()
    settle(0.5)
    runner.shutdown(final=lambda: (archive.close(), fresh.close()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
