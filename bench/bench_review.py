"""Review benchmark: how long the next 13 MP page takes to appear in the viewer.

Run from the repository root (offscreen is fine)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_review.py            # 24 pages
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_review.py --pages 8  # quicker

What it does: stores ``--pages`` real-size page JPEGs (4208×3120 frames of the simulated document
camera, encoded at quality 90 — the size a 13 MP capture is), sends them for review, opens the real
Review workspace (1400×900 window) as a supervisor and walks the queue with "next".  Before each
step it waits until the workspace has cached the next page ahead (its own prefetch, off the GUI
thread), then measures from "next" to the end of the viewer's paint of that page.

Figures (milliseconds, median / p90 / max):
  next_cached_ms: the case the issue asks for — "next" after the cache-ahead finished.  Target ≤ 150.
  next_cold_ms: "next" with an empty cache (the page is decoded at 1/2 scale off the GUI thread).
  baseline_full_decode_ms: the naive way — cv2.imdecode of the full 13 MP JPEG, QImage, QPixmap on
      the GUI thread, the way a simple viewer does it; the ratio shows what the reduced decode and
      the cache-ahead save.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

W, H = 4208, 3120


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else None


def summary(values):
    return {
        "median": round(statistics.median(values), 1),
        "p90": round(pct(values, 0.9), 1),
        "max": round(max(values), 1),
        "n": len(values),
    }


def page_jpegs(n: int) -> list[bytes]:
    from archivist_desktop.camera import SimulatedSource

    src = SimulatedSource(W, H, fps=10, realtime=False, hold=0.1, swap=0.1, seed=11)
    src.open()
    out = []
    for _ in range(n):
        _ok, frame = src.read()
        _ok, buf = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 90])
        out.append(buf.tobytes())
        for _ in range(2):
            src.read()
    src.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=24)
    args = parser.parse_args()

    from datetime import datetime

    from archivist_desktop.domain.permissions import Role
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.capture import send_for_review, work_order_by_number
    from archivist_desktop.services.orders import get_checklist, import_orders
    from archivist_desktop.services.pages import add_page
    from archivist_desktop.services.users import create_user
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication, QImage, QPixmap
    from archivist_desktop.ui.review import ReviewWorkspace
    from sample_data import CST, FixedClock, sample_feed

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(Path(tmp) / "data", clock=FixedClock(datetime(2026, 11, 4, 9, 0, tzinfo=CST)))
        import_orders(archive, sample_feed())
        clerk = create_user(archive, "clerk", "pw", Role.CLERK, team="营业一班")
        supervisor = create_user(archive, "supervisor", "pw", Role.SUPERVISOR, team="营业一班")
        order_id = work_order_by_number(archive, "WO202611000123")
        entries = [
            e for st in get_checklist(archive, order_id).steps for e in st.entries if e.state.value == "to_capture"
        ]
        jpegs = page_jpegs(args.pages)
        for n, data in enumerate(jpegs):
            add_page(
                archive,
                clerk,
                entries[n % len(entries)].item_id,
                data,
                width=W,
                height=H,
                verdict="accept",
                process_meta={"metrics": {"sharpness": float(n)}},
            )
        for e in entries[len(jpegs) :]:  # every required document needs a page before sending
            add_page(
                archive,
                clerk,
                e.item_id,
                jpegs[0],
                width=W,
                height=H,
                verdict="accept",
                process_meta={"metrics": {"sharpness": 1000.0}},
            )
        send_for_review(archive, clerk, order_id)

        worker = OperationRunner()
        ws = ReviewWorkspace(archive, worker, supervisor, CST, True)
        ws.resize(1400, 900)
        ws.show()
        shown: dict[str, float] = {}
        ws.page_shown.connect(lambda pid, ms: shown.__setitem__(pid, ms))

        def wait(cond, timeout=30.0):
            end = time.perf_counter() + timeout
            while not cond():
                app.processEvents()
                time.sleep(0.001)
                if time.perf_counter() > end:
                    raise TimeoutError

        ws.reload()
        wait(lambda: ws.queue is not None and ws.viewer.image_width > 0)
        order = [e.page_id for e in ws.model.entries][: args.pages]

        def step(cached: bool) -> float:
            row = ws.table.currentIndex().row()
            nxt = order[row + 1]
            if cached:
                wait(lambda: ws.loader.cached(nxt) is not None)
                wait(lambda: not ws.runner.pending)  # history/strip loads of the previous page done
                time.sleep(0.05)
                app.processEvents()
            else:
                ws.loader._cache.clear()
                wait(lambda: not ws.loader._inflight)
                ws.loader._cache.clear()
            shown.pop(nxt, None)
            ws.next()
            wait(lambda: nxt in shown)
            return shown[nxt]

        cached, cold = [], []
        for n in range(len(order) - 1):
            if ws.table.currentIndex().row() >= len(order) - 1:
                break
            (cached if n % 2 == 0 else cold).append(step(cached=n % 2 == 0))

        baseline = []
        for data in jpegs[: min(8, len(jpegs))]:
            t0 = time.perf_counter()
            img = cv2.cvtColor(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
            q = QImage(img.data, img.shape[1], img.shape[0], img.strides[0], QImage.Format.Format_RGB888)
            QPixmap.fromImage(q)
            baseline.append((time.perf_counter() - t0) * 1e3)

        ws.shutdown()
        worker.shutdown()
        ws.close()
        archive.close()
    result = {
        "page": {"width": W, "height": H, "jpeg_kb_median": round(statistics.median(len(j) for j in jpegs) / 1024)},
        "next_cached_ms": summary(cached),
        "next_cold_ms": summary(cold),
        "baseline_full_decode_ms": summary(baseline),
        "ratio_baseline_over_cached": round(statistics.median(baseline) / statistics.median(cached), 1),
        "target_next_cached_ms": 150,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
