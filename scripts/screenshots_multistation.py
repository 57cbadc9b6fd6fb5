"""Screenshots of issue 14, in the Chinese interface, made on real stations of one PostgreSQL centre.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_multistation.py [--out docs/screenshots]

Starts its own PostgreSQL server (tests/pgserver.py, loopback), creates the units c01 → hall01, the
station logins st_counter, st_review and st_counter2 (hall01) and the people 王芳 (wang, clerk) and
陈静 (chen, supervisor) centrally, and imports the sample work orders centrally into hall01.  Then:

* ``review-other-station.png``: the counter station (its own data dir) captures the documents of
  WO202611000124 and sends them; after a sync of each station, the review station — which holds the
  page rows only — opens the Review workspace signed in as 陈静; the viewer fetches the page from the
  centre and shows it.
* ``status-set-aside.png``: a second counter station imports the same work orders locally before its
  first sync; the centre refuses those rows (duplicate work-order and customer numbers), the station
  sets them aside, and its status bar says "● N 条记录被搁置" (bottom right of the window).

Each station has its own data dir and its own plaintext keyring in a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from settle import settler

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))

STATION_PASSWORD = "station-pw-shot-3"
PEOPLE_PASSWORD = "correct-horse-42"
ORDER = "WO202611000124"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="shots-multistation-"))
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(work / "xdg")

    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.capture import send_for_review, work_order_by_number
    from archivist_desktop.services.central_users import add_unit, add_user, init_central_with_unit
    from archivist_desktop.services.orders import import_orders
    from archivist_desktop.services.sync import import_orders_central, init_central, login_central, sync
    from archivist_desktop.services.users import authenticate
    from archivist_desktop.ui.i18n import Translations, apply_cjk_font
    from archivist_desktop.ui.main_window import REVIEW, MainWindow, WindowOptions
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication
    from pgserver import PgServer
    from sample_data import capture_required, sample_feed

    app = QApplication.instance() or QApplication([])
    apply_cjk_font(app)
    Translations(app).install("zh_CN")
    args.out.mkdir(parents=True, exist_ok=True)

    def wait(cond, timeout=60.0) -> None:
        end = time.perf_counter() + timeout
        while not cond():
            app.processEvents()
            time.sleep(0.01)
            if time.perf_counter() > end:
                raise TimeoutError

    settle = settler(app)

    pg = PgServer()
    pg.init()
    pg.start()
    try:
        pg.create_database("central")
        admin = pg.admin_url("central")
        init_central(admin)
        add_unit(admin, "c01", "客户服务中心")
        add_unit(admin, "hall01", "第一营业厅", parent="c01")
        for login in ("st_counter", "st_review", "st_counter2"):
            init_central_with_unit(admin, login=login, login_password=STATION_PASSWORD, unit="hall01")
        add_user(admin, "wang", PEOPLE_PASSWORD, "clerk", "hall01", display_name="王芳", team="营业一班")
        add_user(admin, "chen", PEOPLE_PASSWORD, "supervisor", "hall01", display_name="陈静", team="营业一班")
        feed = sample_feed()
        for record in feed["work_orders"]:
            record["unit"], record["assignee"] = "hall01", "wang"
        with Archive(work / "admin-desk") as desk:
            import_orders_central(desk, admin, feed)

        def station(login: str) -> Archive:
            archive = Archive(work / login)
            archive.settings.set("language", "zh_CN")
            archive.settings.set("camera", "sim:1280x960")
            bare = pg.url(login, STATION_PASSWORD, "central").replace(f":{STATION_PASSWORD}@", "@")
            login_central(archive, bare, login, STATION_PASSWORD)
            return archive

        # the counter captures and sends; the review station receives the rows, not the bytes
        counter = station("st_counter")
        sync(counter)
        wang = authenticate(counter, "wang", PEOPLE_PASSWORD)
        capture_required(counter, wang, ORDER, size=(1240, 1754))
        send_for_review(counter, wang, work_order_by_number(counter, ORDER))
        sync(counter)
        counter.close()

        review = station("st_review")
        sync(review)
        chen = authenticate(review, "chen", PEOPLE_PASSWORD)
        runner = OperationRunner()
        window = MainWindow(review, runner, chen, WindowOptions(False, "sim:1280x960", "zh_CN"))
        window.resize(1560, 960)
        window.show()
        window.show_workspace(REVIEW)
        ws = window.review
        wait(lambda: ws.queue is not None and ws.viewer.image_width > 0)
        window.sync.sync_now()  # the status bar shows this station's own pass, as after a periodic one
        wait(lambda: window.sync.state == "synced")
        settle(2.0)
        window.grab().save(str(args.out / "review-other-station.png"))
        print("review station:", len(ws.model.entries), "pages waiting, shown:", ws.viewer.page_id)
        window.close()
        runner.shutdown()
        review.close()

        # a second counter station imported the same orders locally: the centre refuses those rows
        counter2 = station("st_counter2")
        import_orders(counter2, sample_feed())
        counts = sync(counter2)
        print("second counter:", len(counts.rejected), "rows set aside")
        wang2 = authenticate(counter2, "wang", PEOPLE_PASSWORD)
        runner = OperationRunner()
        window = MainWindow(counter2, runner, wang2, WindowOptions(False, "sim:1280x960", "zh_CN"))
        window.resize(1560, 960)
        window.show()
        wait(lambda: window.sync.state == "set_aside")
        settle(2.0)
        window.grab().save(str(args.out / "status-set-aside.png"))
        print("status bar:", window.sync_indicator.text())
        window.close()
        runner.shutdown()
        counter2.close()
    finally:
        pg.cleanup()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
