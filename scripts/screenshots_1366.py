"""Screenshots of every workspace at 1366x768 (1366x728 above the taskbar), Chinese interface, demo data.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_1366.py [--out docs/screenshots]

Seeds a fresh demo station in a temporary directory, signs in as the team lead (every workspace has
something to show), resizes the window to 1366x728 and saves ``1366-<workspace>.png`` for each workspace.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

WORKSPACES = ("capture", "review", "archive", "dashboard")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    ap.add_argument("--user", default="lead")
    args = ap.parse_args()
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.demo import seed_demo
    from archivist_desktop.services.users import get_user
    from archivist_desktop.ui.i18n import Translations, apply_cjk_font
    from archivist_desktop.ui.main_window import MainWindow, WindowOptions
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication

    app = QApplication(sys.argv[:1])
    apply_cjk_font(app)
    Translations(app).install("zh_CN")
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="shots-1366-"))
    archive = Archive(work / "data")
    seed_demo(archive)
    runner = OperationRunner()
    window = MainWindow(archive, runner, get_user(archive, args.user), WindowOptions(True, "sim:1280x960", "zh_CN"))
    window.resize(1366, 728)
    window.show()

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    settle(3)
    for index, name in enumerate(WORKSPACES):
        window.show_workspace(index)
        settle(3)
        hint = window.minimumSizeHint()
        print(
            f'{{"workspace": "{name}", "min_w": {hint.width()}, "min_h": {hint.height()}, '
            f'"w": {window.width()}, "h": {window.height()}}}'
        )
        window.grab().save(str(args.out / f"1366-{name}.png"))
    window.close()
    runner.shutdown(final=archive.close)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
