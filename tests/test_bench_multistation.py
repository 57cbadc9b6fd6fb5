"""Smoke test of bench/bench_multistation.py: its quick run starts its own PostgreSQL, walks the three
parts (review station, first sync of a hall station, stations pushing at once) and prints JSON whose
counts are checked here (the timings are the bench's business, not the test's)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parents[1]


def test_quick_run_prints_the_figures_and_the_counts_add_up():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "bench_multistation.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout[done.stdout.index("{") :])
    assert result["benchmark"] == "multistation_postgresql" and result["quick"] is True

    review = result["review_station"]
    pages = review["page"]["pages"]
    assert (review["page"]["width"], review["page"]["height"]) == (4208, 3120)
    assert review["pages_pulled_as_rows_only"] == pages  # every view fetched the bytes from the centre
    assert review["first_view_ms"]["n"] == pages - pages // 2
    assert review["next_prefetched_ms"]["n"] == pages // 2 - 1
    for key in ("median", "p90", "max"):
        assert review["first_view_ms"][key] > 0 and review["next_prefetched_ms"][key] > 0
    assert {"target_first_view_ms", "target_next_prefetched_ms", "ratio_first_view_over_next"} <= set(review)

    hall = result["first_sync_new_hall_station"]
    centre = hall["centre"]
    assert centre["halls"] == 10 and centre["work_orders"] == centre["customers"] == 2000
    assert hall["station_unit"] == "hall03"
    # exactly its own hall's share: the work orders, their customers and checklist items, nothing else
    assert hall["local_work_orders"] == hall["hall_work_orders_at_centre"] == centre["work_orders"] // 10
    assert hall["pulled"]["work_orders"] == hall["pulled"]["customers"] == centre["work_orders"] // 10
    assert hall["pulled"]["checklist_items"] == hall["hall_checklist_items_at_centre"]
    assert hall["share_of_centre"] == 0.1 and hall["seconds"] > 0 and hall["progress_reports"] > 0

    push = result["stations_pushing_at_once"]
    assert len(push["rounds"]) == 1  # --quick: one pair of rounds
    one, together = push["rounds"][0]["one_station"], push["rounds"][0]["all_at_once"]
    assert push["no_error"] and one["errors"] == [] and together["errors"] == []
    per = push["pages_per_station"]
    # the one station pushes as many pages as all the others together: the same volume both ways
    assert one["pages"] == one["pushed_pages"] == 3 * per
    assert together["stations"] == 3 and together["pages"] == together["pushed_pages"] == 3 * per
    assert one["pending"] == together["pending"] == 0 and one["rejected"] == together["rejected"] == 0
    assert push["central_pages"] == push["sum_of_stations_pages"] == 6 * per and push["central_equals_sum"]
    assert result["central_server"].startswith("durable")
    assert push["ratio_all_over_one"] is not None and push["ratio_all_over_one"] > 0
