"""Sync benchmark (issue 5): push 1 000 pages of 1.5 MB to PostgreSQL; pull 10 000 work orders.

Starts its own PostgreSQL server (the tests' helper) on this machine.  Prints JSON.

    .venv/bin/python bench/bench_sync.py [--pages 1000] [--page-mb 1.5] [--orders 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from archivist_desktop.domain.permissions import Role  # noqa: E402
from archivist_desktop.services.archive import Archive  # noqa: E402
from archivist_desktop.services.orders import get_checklist, import_orders, list_work_orders  # noqa: E402
from archivist_desktop.services.pages import add_page  # noqa: E402
from archivist_desktop.services.sync import central_stats, import_orders_central, init_central, local_stats, sync  # noqa: E402
from archivist_desktop.services.users import create_user  # noqa: E402
from pgserver import PgServer  # noqa: E402


def feed(n: int, start: int = 0) -> dict:
    rng = random.Random(n)
    created = datetime(2026, 11, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    types = ["hv_new_connection", "lv_residential_new_connection", "name_change", "transfer"]
    return {
        "work_orders": [
            {
                "work_order_no": f"WO{start + k:010d}",
                "customer_no": f"{3300000000 + start + k}",
                "customer_name": f"客户{k}",
                "business_type": types[k % len(types)],
                "created_at": created.isoformat(),
                "assignee": "clerk",
                "team": "营业一班",
                "steps": [{"step": 1, "completed_at": (created + timedelta(hours=rng.randint(1, 50))).isoformat()}],
            }
            for k in range(n)
        ]
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--page-mb", type=float, default=1.5)
    ap.add_argument("--orders", type=int, default=10000)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    pg = PgServer()
    pg.init()
    pg.start()
    try:
        pg.create_database("central")
        init_central(pg.admin_url("central"), login="station", login_password="station-pw")
        url = pg.url("station", "station-pw", "central")

        # push: one station with N pages of M MB (random bytes: as incompressible as JPEG)
        with Archive(work / "push") as station:
            import_orders(station, feed(max(1, args.pages // 5)))
            clerk = create_user(station, "clerk", "pw", Role.CLERK)
            size = int(args.page_mb * 1024 * 1024)
            slots = []
            for row in list_work_orders(station, limit=args.pages).rows:
                slots.extend(
                    e.item_id
                    for s in get_checklist(station, row.id).steps
                    for e in s.entries
                    if e.state.value == "to_capture"
                )
            for k in range(args.pages):
                add_page(station, clerk, slots[k % len(slots)], os.urandom(size))
            t0 = time.perf_counter()
            pushed = sync(station, url)
            push_s = time.perf_counter() - t0
            assert pushed.pending == 0 and local_stats(station) == central_stats(url)

        # pull: N work orders made centrally, pulled by a fresh station
        with Archive(work / "admin") as admin:
            import_orders_central(admin, url, feed(args.orders, start=10**6))
        with Archive(work / "pull") as station:
            t0 = time.perf_counter()
            pulled = sync(station, url)
            pull_s = time.perf_counter() - t0
        result = {
            "benchmark": "sync_postgresql",
            "push": {
                "pages": args.pages,
                "page_mb": args.page_mb,
                "seconds": round(push_s, 2),
                "pages_per_second": round(args.pages / push_s, 1),
                "mb_per_second": round(args.pages * args.page_mb / push_s, 1),
                "goal_pages_per_second": 30,
            },
            "pull": {
                "work_orders": pulled.pulled.get("work_orders", 0),
                "checklist_items": pulled.pulled.get("checklist_items", 0),
                "seconds": round(pull_s, 2),
                "goal_seconds": 5,
            },
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        pg.cleanup()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
