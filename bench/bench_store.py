"""Scale benchmark of the local store (issue 2).

Builds (once, cached under bench/out/) a station with 100 000 work orders and 1 000 000 page
rows through ``archivist-desktop demo-data``'s service, then times the work-order list's first
screen, a 户号 filter, a customer-name filter and the station's reminder counts.  Prints JSON.

    .venv/bin/python bench/bench_store.py [--orders 100000] [--pages-per-order 10] [--repeat 15]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from archivist_desktop.services.archive import Archive
from archivist_desktop.services.demo import generate_bulk
from archivist_desktop.services.orders import list_work_orders
from archivist_desktop.services.reminders import reminders
from archivist_desktop.services.users import get_user
from archivist_desktop.store.models import ChecklistItem, Customer, Page, WorkOrder


def timed(fn, repeat: int) -> dict:
    fn()  # warm: first call pays for imports and page cache
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return {"median_ms": round(statistics.median(samples), 2), "max_ms": round(max(samples), 2), "runs": repeat}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument("--pages-per-order", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--data-dir", type=Path)
    args = ap.parse_args()
    data_dir = args.data_dir or Path(__file__).resolve().parent / "out" / f"store-{args.orders}-{args.pages_per_order}"
    archive = Archive(data_dir)
    build_s = None
    with archive.read_session() as s:
        have = s.execute(select(func.count()).select_from(WorkOrder)).scalar_one()
    if have < args.orders:
        t0 = time.perf_counter()
        generate_bulk(
            archive,
            args.orders - have,
            args.pages_per_order,
            progress=lambda d, t: print(f"\rgenerating {d}/{t}", end="", file=sys.stderr),
        )
        print(file=sys.stderr)
        build_s = round(time.perf_counter() - t0, 1)
    with archive.read_session() as s:
        sizes = {
            "work_orders": s.execute(select(func.count()).select_from(WorkOrder)).scalar_one(),
            "page_rows": s.execute(select(func.count()).select_from(Page)).scalar_one(),
            "checklist_items": s.execute(select(func.count()).select_from(ChecklistItem)).scalar_one(),
        }
        customer_nos = (
            s.execute(select(Customer.customer_no).order_by(func.random()).limit(args.repeat + 1)).scalars().all()
        )
        names = s.execute(select(Customer.name).order_by(func.random()).limit(args.repeat + 1)).scalars().all()
    rng = random.Random(7)
    clerk = get_user(archive, "clerk")

    def first_screen():
        page = list_work_orders(archive, limit=100)
        assert len(page.rows) == 100

    def by_customer_no():
        no = rng.choice(customer_nos)
        page = list_work_orders(archive, search=no, limit=100)
        assert any(r.customer_no == no for r in page.rows)

    def by_customer_no_prefix():
        list_work_orders(archive, search=rng.choice(customer_nos)[:7], limit=100)

    def by_name():
        list_work_orders(archive, search=rng.choice(names)[:2], limit=100)

    results = {
        "benchmark": "store_scale",
        "data": sizes,
        "build_seconds": build_s,
        "work_order_list_first_screen": timed(first_screen, args.repeat),
        "filter_by_customer_no": timed(by_customer_no, args.repeat),
        "filter_by_customer_no_prefix": timed(by_customer_no_prefix, args.repeat),
        "filter_by_customer_name": timed(by_name, args.repeat),
        "reminder_counts_station": timed(lambda: reminders(archive, None, item_limit=0), args.repeat),
        "reminder_counts_clerk": timed(lambda: reminders(archive, clerk, item_limit=0), args.repeat),
        "reminders_station_with_50_items": timed(lambda: reminders(archive, None, item_limit=50), args.repeat),
        "targets_ms": {
            "work_order_list_first_screen": 100,
            "filter_by_customer_no": 100,
            "reminder_counts_station": 500,
        },
    }
    archive.close()
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
