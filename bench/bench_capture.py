"""Capture benchmark: shutter-to-thumbnail latency and GUI event-loop gaps on a 13 MP camera.

Run from the repository root (offscreen is fine)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_capture.py           # 60 s of live view
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_capture.py --quick   # 15 s
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_capture.py --compare # OCR off, then on (60 s each)

What it does: renders a 4208×3120 MJPG video of the simulated document camera (pages put down,
held, swapped), replays it at 10 fps through the real camera layer (``replay:`` SPEC), opens the
real main window on a fresh archive with the sample work orders, selects a work order and presses
the shutter every 2 s.  A 5 ms GUI timer records the gaps between its ticks (the longest gap is how
long the GUI thread was blocked).  Prints one JSON document.

Figures:
  shutter_to_thumbnail_ms: from the shutter (newest frame taken) to the page's thumbnail in the
      filmstrip slot, after crop/deskew/quality on the runner's compute lane and the database write.  Target ≤ 300.
  event_loop_gap_ms.max: largest interval between 5 ms timer ticks during live view with captures.  Target ≤ 50.
  ocr (``--ocr on``, the application's default): the main window's background OCR of every page
      attached (services/page_text.BackgroundOcr, one worker process at lowered priority) runs during
      the live view.  ocr.pages_done: pages whose text was stored during the live view;
      ocr.pages_per_minute: pages_done / minutes of live view; ocr.pending_at_end: pages attached but
      without text when the live view ended; ocr.seconds_per_page: from enqueue to text stored
      (queueing included), the worker round trip (bytes in, result out: decode + OCR + IPC) and the
      engine's own OCR time (``page_texts.elapsed_ms``), each median / p90 / max, the first page
      (worker start and model load) apart.  ``--ocr off`` turns the ``background_ocr`` setting off.
  ``--compare``: the same bench with OCR off, then on, in two child processes one after the other on
      the same video, and the on/off ratios of the shutter → thumbnail median and the largest gap.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

import cv2  # noqa: E402

W, H, FPS = 4208, 3120, 10.0
BIG_GAP_MS = 30.0  # gaps over this are attributed to what came just before them
NEAR_S = 1.5


def make_video(path: Path, frames: int) -> None:
    from archivist_desktop.camera import SimulatedSource

    src = SimulatedSource(W, H, fps=FPS, realtime=False, hold=2.5, swap=1.0, seed=3)
    src.open()
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), FPS, (W, H))
    for _ in range(frames):
        writer.write(src.read()[1])
    writer.release()
    src.close()


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else None


def stats(values: list[float], ndigits: int = 2) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "median": None, "p90": None, "max": None}
    return {
        "n": len(values),
        "median": round(statistics.median(values), ndigits),
        "p90": round(pct(values, 0.9), ndigits),
        "max": round(max(values), ndigits),
    }


def attribute(big_gaps: list[tuple[float, float]], shots: list[float], stored: list[float]) -> dict:
    """How many gaps over BIG_GAP_MS ended within NEAR_S after a shutter, after a page's text was stored
    (the GUI reloading the filmstrip, checklist and order list), or after neither."""

    def near(t: float, events: list[float]) -> bool:
        return any(0.0 <= t - e <= NEAR_S for e in events)

    after_shot = [ms for t, ms in big_gaps if near(t, shots)]
    after_text = [ms for t, ms in big_gaps if near(t, stored)]
    neither = [ms for t, ms in big_gaps if not near(t, shots) and not near(t, stored)]
    return {
        "n": len(big_gaps),
        "within_1_5s_after_shutter": stats(after_shot, 1),
        "within_1_5s_after_text_stored": stats(after_text, 1),
        "after_neither": stats(neither, 1),
    }


def compare(args: argparse.Namespace, duration: float) -> int:
    """OCR off, then on: two child processes one after the other on the same video."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-capture-video-"))
    video = Path(args.video) if args.video else tmp / "desk-13mp.avi"
    t0 = time.perf_counter()
    if not args.video:
        make_video(video, 35)
    video_s = time.perf_counter() - t0
    runs: dict[str, dict] = {}
    for mode in ("off", "on"):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--ocr", mode, "--seconds", str(duration)]
        cmd += ["--interval", str(args.interval), "--video", str(video)]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            print(json.dumps({"error": f"the run with OCR {mode} failed", "status": done.returncode}))
            return 1
        runs[mode] = json.loads(done.stdout[done.stdout.index("{") :])

    def ratio(key: str, sub: str) -> float | None:
        a, b = runs["on"][key][sub], runs["off"][key][sub]
        return round(a / b, 2) if a and b else None

    result = {
        "benchmark": "capture_with_background_ocr",
        "compare": ["off", "on"],
        "video_render_s": round(video_s, 1),
        "runs": runs,
        "on_over_off": {
            "shutter_to_thumbnail_median": ratio("shutter_to_thumbnail_ms", "median"),
            "shutter_to_thumbnail_p90": ratio("shutter_to_thumbnail_ms", "p90"),
            "event_loop_gap_max": ratio("event_loop_gap_ms", "max"),
            "event_loop_gap_p99": ratio("event_loop_gap_ms", "p99"),
        },
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


class OcrProbe:
    """Times the main window's background OCR: first enqueue, worker round trip and text stored per page
    (wrappers around the BackgroundOcr's own enqueue / worker call / on_ready; nothing else changes)."""

    def __init__(self, worker) -> None:
        self.worker = worker
        self.enqueued: dict[str, float] = {}
        self.stored: dict[str, float] = {}
        self.round_trip: list[tuple[float, float]] = []  # (start, seconds) of each worker call
        self.engine_ms: list[float] = []
        self._lock = threading.Lock()
        enqueue, run, ready = worker.enqueue, worker._run_in_worker, worker.on_ready

        def probe_enqueue(page_ids):
            ids = list(page_ids)
            now = time.perf_counter()
            with self._lock:
                for pid in ids:
                    self.enqueued.setdefault(pid, now)
            return enqueue(ids)

        def probe_run(data: bytes):
            t = time.perf_counter()
            out = run(data)
            with self._lock:
                self.round_trip.append((t, time.perf_counter() - t))
                self.engine_ms.append(float(out.get("elapsed_ms", 0.0)))
            return out

        def probe_ready(pid: str):
            with self._lock:
                self.stored.setdefault(pid, time.perf_counter())
            if ready is not None:
                ready(pid)

        worker.enqueue, worker._run_in_worker, worker.on_ready = probe_enqueue, probe_run, probe_ready

    def summary(self, start: float, end: float, attached: int, elapsed: float) -> dict:
        with self._lock:
            done = {p: t for p, t in self.stored.items() if start <= t <= end}
            latency = [done[p] - self.enqueued[p] for p in sorted(done, key=done.get) if p in self.enqueued]
            # worker calls that ended within the live view
            trips = [s for t, s in self.round_trip if t + s <= end]
            engine = [ms / 1e3 for (t, s), ms in zip(self.round_trip, self.engine_ms, strict=True) if t + s <= end]
            # the dispatcher (in this process) storing the text and the content findings after each worker call:
            # pages are done one at a time, so the n-th text stored follows the n-th worker call
            ends = sorted(t + s for t, s in self.round_trip)
            stored = sorted(self.stored.values())
            store = [b - a for a, b in zip(ends, stored, strict=False) if b <= end]
        first = {
            "enqueue_to_stored": round(latency[0], 2) if latency else None,
            "worker_round_trip": round(trips[0], 2) if trips else None,  # includes the worker's start
            "engine": round(engine[0], 2) if engine else None,
        }
        return {
            "pages_done": len(done),
            "pages_per_minute": round(len(done) / (elapsed / 60.0), 2),
            "pending_at_end": max(0, attached - len(done)),
            "seconds_per_page_median": round(statistics.median(trips[1:]), 2) if len(trips) > 1 else None,
            "seconds_per_page": {
                "enqueue_to_stored": stats(latency[1:]),
                "worker_round_trip": stats(trips[1:]),
                "engine": stats(engine[1:]),
                "store_in_gui_process": stats(store, 3),
                "first_page": first,
            },
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="15 s of live view instead of 60 s")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between captures")
    parser.add_argument(
        "--ocr", choices=("on", "off"), default="on", help="background OCR of attached pages (default: on, as the app)"
    )
    parser.add_argument("--compare", action="store_true", help="run with OCR off, then on, and give the ratios")
    parser.add_argument("--video", default="", help="an already rendered 13 MP MJPG replay (internal, --compare)")
    args = parser.parse_args()
    duration = args.seconds or (15.0 if args.quick else 60.0)
    if args.compare:
        return compare(args, duration)

    from datetime import datetime

    from archivist_desktop.domain.permissions import Role
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.orders import import_orders
    from archivist_desktop.services.users import create_user, get_user
    from archivist_desktop.ui.main_window import MainWindow
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication, QTimer
    from sample_data import CST, FixedClock, sample_feed

    tmp = Path(tempfile.mkdtemp(prefix="bench-capture-"))
    video = Path(args.video) if args.video else tmp / "desk-13mp.avi"
    t0 = time.perf_counter()
    if not args.video:
        make_video(video, 35)  # 3.5 s, looped
    video_s = time.perf_counter() - t0

    archive = Archive(tmp / "data", clock=FixedClock(datetime(2026, 11, 4, 9, 0, tzinfo=CST)))
    create_user(archive, "clerk", "bench-pass-1", Role.CLERK, "王芳", "营业一班")
    import_orders(archive, sample_feed())
    archive.settings.set("camera", f"replay:{video}")
    archive.settings.set("background_ocr", args.ocr == "on")
    app = QApplication.instance() or QApplication([])
    runner = OperationRunner()
    window = MainWindow(archive, runner, get_user(archive, "clerk"))
    window.resize(1560, 960)
    ocr_worker = window.page_text.worker
    probe = OcrProbe(ocr_worker) if ocr_worker is not None else None
    window.show()
    gc.collect()
    gc.freeze()  # as the application does after sign-in (ui/app.py)
    panel = window.capture_panel
    # any reason dialog (none expected with the fixed clock) is answered at once
    panel.reason_requested.connect(lambda d: (d.set_reason("bench"), d.accept()))

    gaps: list[float] = []
    big_gaps: list[tuple[float, float]] = []  # (end, ms) of each gap over BIG_GAP_MS
    shots: list[float] = []
    state = {"last": None, "measuring": False, "captures": 0, "refused": 0, "start": None}

    def tick():
        now = time.perf_counter()
        if state["measuring"] and state["last"] is not None:
            gaps.append((now - state["last"]) * 1e3)
            if gaps[-1] > BIG_GAP_MS:
                big_gaps.append((now, gaps[-1]))
        state["last"] = now

    ticker = QTimer()
    ticker.setTimerType(ticker.timerType().PreciseTimer)
    ticker.setInterval(5)
    ticker.timeout.connect(tick)
    ticker.start()

    def wait(predicate, timeout):
        end = time.monotonic() + timeout
        while not predicate() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.002)
        return predicate()

    assert wait(lambda: window.order_model.rowCount() > 0, 20), "work orders did not load"
    row = window.order_model.row_at(0)
    window.order_list.select_order(row.id, row.work_order_no)
    assert wait(
        lambda: panel.entry is not None and panel.feed.latest() is not None and panel.live_view.result is not None, 30
    ), "camera or checklist did not come up"
    wait(lambda: False, 1.0)  # settle

    def shoot():
        shots.append(time.perf_counter())
        if panel.capture() is not None:
            state["captures"] += 1
        else:
            state["refused"] += 1

    shooter = QTimer()
    shooter.setInterval(int(args.interval * 1000))
    shooter.timeout.connect(shoot)
    previews0 = panel.feed.previews
    state["measuring"] = True
    cpu0 = time.process_time()
    load0 = os.getloadavg()[0]
    start = time.perf_counter()
    shooter.start()
    wait(lambda: False, duration)
    shooter.stop()
    state["measuring"] = False
    end = time.perf_counter()
    elapsed = end - start
    cpu = time.process_time() - cpu0
    load1 = os.getloadavg()[0]
    previews = panel.feed.previews - previews0
    attached_in_run = len(panel.latencies)
    wait(lambda: not panel.jobs, 20)
    info = panel.feed.info
    grab_fps = panel.feed.grabber.stats().fps if panel.feed.grabber else 0.0
    window.close()
    runner.shutdown(final=archive.close)
    lat = panel.latencies
    ocr: dict = {"requested": args.ocr, "enabled": probe is not None}
    if args.ocr == "on" and probe is None:
        ocr["why_not"] = "background OCR unavailable (rapidocr-onnxruntime not installed?)"
    if probe is not None:
        from archivist_desktop.services.page_text import WORKER_NICE

        ocr["worker_nice"] = WORKER_NICE
        ocr.update(probe.summary(start, end, attached_in_run, elapsed))
    result = {
        "ocr": ocr,
        "camera": info.summary() if info else None,
        "frame": f"{W}x{H} MJPG replay at {FPS:g} fps",
        "live_view_s": round(elapsed, 1),
        "captures": len(lat),
        "capture_refused": state["refused"],
        "shutter_to_thumbnail_ms": {
            "median": round(statistics.median(lat), 1) if lat else None,
            "p90": round(pct(lat, 0.9), 1) if lat else None,
            "max": round(max(lat), 1) if lat else None,
            "target": 300,
        },
        "event_loop_gap_ms": {
            "max": round(max(gaps), 1) if gaps else None,
            "p99": round(pct(gaps, 0.99), 1) if gaps else None,
            "median": round(statistics.median(gaps), 1) if gaps else None,
            "timer_interval": 5,
            "target_max": 50,
        },
        "gaps_over_30ms": attribute(big_gaps, shots, list(probe.stored.values()) if probe else []),
        "live_view_fps": round(previews / elapsed, 1),
        "grab_fps": round(grab_fps, 1),
        "video_render_s": round(video_s, 1),
        "cpu_count": os.cpu_count(),
        "process_cpu_cores": round(cpu / elapsed, 2),  # CPU used by this process (grab, preview, capture, GUI)
        "load_average_1min": [round(load0, 2), round(load1, 2)],  # other work on the machine skews the figures
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
