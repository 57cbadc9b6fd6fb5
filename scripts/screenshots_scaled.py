"""Screenshots of every workspace at a given screen size, scale factor and language, demo data.

    # 1366x768 at 125 % (Windows' usual setting on a 14" counter PC), Chinese:
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_scaled.py --scale 1.25
    # 1920x1080 at 100 %, English:
    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshots_scaled.py \\
        --screen 1920x1080 --lang en --prefix 1920-en

Seeds a fresh demo station in a temporary directory, signs in as the team lead (every workspace has
something to show), sizes the window to the screen less a 40 px taskbar (in device pixels: at 125 %
a 1366x728 area is 1093x582 logical pixels) and saves ``<prefix>-<workspace>.png`` (device pixels)
for each workspace, the capture desk with the first work order open, and the review queue as the
supervisor sees it (``<prefix>-review-supervisor.png``).  Prints one JSON line per shot
with the window's minimum size in logical pixels and whether it fits the area (``fits``); widgets
whose text is clipped are not detected: look at the pictures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from settle import settler

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

WORKSPACES = ("capture", "review", "archive", "dashboard")
TASKBAR = 40


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    ap.add_argument("--user", default="lead")
    ap.add_argument("--screen", default="1366x768", help="screen size in device pixels, WxH")
    ap.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR (1.25 = 125 %%)")
    ap.add_argument("--lang", default="zh_CN", help="zh_CN or en")
    ap.add_argument("--prefix", default=None, help="file name prefix (default 1366-125 for 1366x768 at 1.25)")
    args = ap.parse_args()
    width, height = (int(v) for v in args.screen.lower().split("x"))
    prefix = args.prefix or f"{width}-{round(args.scale * 100)}"
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)  # read when the application starts

    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.demo import seed_demo
    from archivist_desktop.services.users import get_user
    from archivist_desktop.ui.i18n import Translations, apply_cjk_font
    from archivist_desktop.ui.main_window import CAPTURE, REVIEW, MainWindow, WindowOptions
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication

    app = QApplication(sys.argv[:1])
    apply_cjk_font(app)
    translations = Translations(app)
    translations.install(args.lang)
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="shots-scaled-"))
    archive = Archive(work / "data")
    seed_demo(archive)
    runner = OperationRunner()
    area_w, area_h = round(width / args.scale), round((height - TASKBAR) / args.scale)

    settle = settler(app)

    def shot(widget, name: str, **extra) -> None:
        hint = widget.minimumSizeHint()
        line = {
            "shot": f"{prefix}-{name}",
            "scale": args.scale,
            "lang": translations.language,
            "min_w": hint.width(),
            "min_h": hint.height(),
            "w": widget.width(),
            "h": widget.height(),
            "area": [area_w, area_h],
            "fits": hint.width() <= area_w and hint.height() <= area_h,
        }
        print(json.dumps({**line, **extra}, ensure_ascii=False))
        widget.grab().save(str(args.out / f"{prefix}-{name}.png"))

    def open_first_order(window) -> None:
        model = window.order_model
        if model.rowCount():
            row = model.row_at(0)
            window.open_work_order(row.id, row.work_order_no)
            settle(1.5)

    options = WindowOptions(True, "sim:1280x960", translations.language)
    window = MainWindow(archive, runner, get_user(archive, args.user), options)
    window.resize(area_w, area_h)
    window.show()
    settle(3)
    for index, name in enumerate(WORKSPACES):
        window.show_workspace(index)
        if index == CAPTURE:
            open_first_order(window)
        settle(3)
        shot(window, name, workspace=name)
    # the team lead decides no page: the review queue as the supervisor sees it (File → Switch user…)
    window = window.replace_with(get_user(archive, "supervisor"))
    settle(2)
    window.show_workspace(REVIEW)
    settle(3)
    shot(window, "review-supervisor", workspace="review", user="supervisor")
    window.close()
    settle(0.5)
    runner.shutdown(final=archive.close)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
