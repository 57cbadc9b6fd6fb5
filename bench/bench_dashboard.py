"""Dashboard, search and reminder counts at 100 000 work orders / 1 000 000 pages (issue 8).

Reuses the station that ``bench/bench_store.py`` builds (cached under bench/out/).  Prints JSON.

* ``dashboard_first_paint``: from the Dashboard widget's creation (offscreen, 1400×900) to the first
  paint event of its charts with data: the live queries on the database worker (totals, teams, the
  kept summary), building the four charts, painting.  The summary (per period, coverage, on-time)
  is the kept one; ``summary_refresh`` times recomputing it, which the Dashboard does afterwards on
  its own worker thread.
* ``search_*``: :func:`services.search.search` by 户号 (exact and prefix), customer name, work-order number.
* ``reminder_counts_*``: the six counts and "escalated" for the station, a clerk and a team lead.

    .venv/bin/python bench/bench_dashboard.py [--repeat 7] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select

from archivist_desktop.domain.permissions import Role
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.dashboard import dashboard, drill_down, refresh_summary
from archivist_desktop.services.reminders import reminders
from archivist_desktop.services.search import search
from archivist_desktop.services.users import UserInfo, get_user
from archivist_desktop.store.models import Customer, Page, WorkOrder


def stats(samples: list[float], target: float | None = None) -> dict:
    out = {"median_ms": round(statistics.median(samples), 1), "max_ms": round(max(samples), 1), "runs": len(samples)}
    if target is not None:
        out["target_ms"] = target
        out["ok"] = max(samples) <= target
    return out


def timed(fn, repeat: int, target: float | None = None) -> dict:
    fn()  # warm
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return stats(samples, target)


def first_paint(archive: Archive, repeat: int) -> dict:
    from functools import partial

    from archivist_desktop.ui.dashboard import DashboardPanel, DashboardSource
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication, QEvent, QObject

    app = QApplication.instance() or QApplication(["bench"])
    runner = OperationRunner()
    source = DashboardSource(
        partial(dashboard, archive),
        partial(refresh_summary, archive),
        lambda c, k, p: drill_down(archive, c, k, period=p),
    )

    class PaintWatch(QObject):
        painted = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt name
            if event.type() == QEvent.Type.Paint and panel.board is not None:
                self.painted = True
            return False

    samples = []
    for n in range(repeat + 1):
        t0 = time.perf_counter()
        panel = DashboardPanel(runner, source, archive.policy.tz, True)
        panel.resize(1400, 900)
        watch = PaintWatch()
        for box in panel.boxes.values():
            box.view.viewport().installEventFilter(watch)
        panel.show()
        panel.refresh()
        while not watch.painted:
            app.processEvents()
            time.sleep(0.001)
        elapsed = (time.perf_counter() - t0) * 1000
        if n:  # the first run is the warm-up
            samples.append(elapsed)
        assert panel.board.summary is not None and panel.board.totals.pages > 0
        panel.close()
        panel.deleteLater()
        app.processEvents()
    runner.shutdown()
    return stats(samples, 1000)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--data-dir", type=Path, default=Path(__file__).resolve().parent / "out" / "store-100000-10")
    args = ap.parse_args()
    if not (args.data_dir / "archive.sqlite3").exists():
        sys.exit(f"{args.data_dir} has no station: run bench/bench_store.py first (it builds it, ~9 min)")
    archive = Archive(args.data_dir)
    with archive.read_session() as s:
        sizes = {
            "work_orders": s.execute(select(func.count()).select_from(WorkOrder)).scalar_one(),
            "page_rows": s.execute(select(func.count()).select_from(Page)).scalar_one(),
        }
        nos = s.execute(select(Customer.customer_no).order_by(func.random()).limit(50)).scalars().all()
        names = s.execute(select(Customer.name).order_by(func.random()).limit(50)).scalars().all()
        orders = s.execute(select(WorkOrder.work_order_no).order_by(func.random()).limit(50)).scalars().all()
    rng = random.Random(8)
    clerk = get_user(archive, "clerk")
    lead = UserInfo("", "bench-lead", "bench lead", Role.TEAM_LEAD, clerk.team)

    t0 = time.perf_counter()
    refresh_summary(archive)
    summary_s = round(time.perf_counter() - t0, 1)
    results = {
        "benchmark": "dashboard_search_reminders",
        "data": sizes,
        "summary_refresh_seconds": summary_s,
        "dashboard_live_queries": timed(lambda: dashboard(archive), args.repeat),
        "dashboard_first_paint": first_paint(archive, args.repeat),
        "search_customer_no_exact": timed(lambda: search(archive, rng.choice(nos)), args.repeat, 200),
        "search_customer_no_prefix": timed(lambda: search(archive, rng.choice(nos)[:8]), args.repeat, 200),
        "search_customer_name": timed(lambda: search(archive, rng.choice(names)[:2]), args.repeat, 200),
        "search_work_order_no": timed(lambda: search(archive, rng.choice(orders)), args.repeat, 200),
        "reminder_counts_station": timed(lambda: reminders(archive, None, item_limit=0), args.repeat, 500),
        "reminder_counts_clerk": timed(lambda: reminders(archive, clerk, item_limit=0), args.repeat, 500),
        "reminder_counts_team_lead": timed(lambda: reminders(archive, lead, item_limit=0), args.repeat, 500),
        "drill_down_overdue_team": timed(lambda: drill_down(archive, "overdue", clerk.team), 3),
    }
    archive.close()
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
