"""Soak run (issue 17): a long live view on a 13 MP camera, a capture every 2 s, auto-capture on.

Run from the repository root (not part of the CI suite: it takes half an hour)::

    .venv/bin/python bench/soak_capture.py                 # 30 minutes, re-executes itself under -X dev
    .venv/bin/python bench/soak_capture.py --minutes 2     # a short run

What it does: opens the real main window on a fresh archive with the sample work orders and the
simulated camera at 4208×3120 (``sim:4208x3120``), selects a document of the checklist, presses the
shutter every ``--interval`` seconds with auto-capture also on, and every ``--pages-per-document``
attached pages selects the next document itself, as a clerk would.  The document the clerk (this
script) last selected is the slot a page is meant for, whatever the application selects by itself; at
the end every page is looked up in the archive and must be in that slot.  Runs under
``python -X dev`` with faulthandler on (a crash prints every thread's stack and the process exits
non-zero).  Prints one JSON document; exit 0 only when no page
is in the wrong slot, none failed and the window closed cleanly.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between shutter presses")
    parser.add_argument("--pages-per-document", type=int, default=6)
    parser.add_argument("--camera", default="sim:4208x3120")
    parser.add_argument("--no-dev", action="store_true", help="do not re-execute under -X dev")
    args = parser.parse_args()
    if not sys.flags.dev_mode and not args.no_dev:
        os.execv(sys.executable, [sys.executable, "-X", "dev", *sys.argv])
    faulthandler.enable()

    from datetime import datetime

    from sqlalchemy import select

    from archivist_desktop.domain.permissions import Role
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.orders import import_orders
    from archivist_desktop.services.users import create_user, get_user
    from archivist_desktop.store.models import Page
    from archivist_desktop.ui.main_window import MainWindow
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.qt import QApplication, QTimer
    from sample_data import CST, FixedClock, sample_feed

    tmp = Path(tempfile.mkdtemp(prefix="soak-capture-"))
    archive = Archive(tmp / "data", clock=FixedClock(datetime(2026, 11, 4, 9, 0, tzinfo=CST)))
    create_user(archive, "clerk", "soak-pass-123", Role.CLERK, "王芳", "营业一班")
    import_orders(archive, sample_feed())
    archive.settings.set("camera", args.camera)
    archive.settings.set("auto_capture", True)
    app = QApplication.instance() or QApplication([])
    runner = OperationRunner()
    window = MainWindow(archive, runner, get_user(archive, "clerk"))
    window.resize(1366, 728)
    window.show()
    panel = window.capture_panel
    panel.reason_requested.connect(lambda d: (d.set_reason("soak"), d.accept()))

    def wait(predicate, timeout):
        end = time.monotonic() + timeout
        while not predicate() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.002)
        return predicate()

    assert wait(lambda: window.order_model.rowCount() > 0, 30), "work orders did not load"
    row = window.order_model.row_at(0)
    window.order_list.select_order(row.id, row.work_order_no)
    assert wait(lambda: panel.entry is not None and panel.feed.latest() is not None, 60), "no camera or checklist"

    state: dict = {"meant": panel.entry.item_id, "manual": 0, "auto": 0, "refused": 0}
    meant_by_job: dict[int, str] = {}
    attached: list[tuple[str, str]] = []  # (page id, slot meant when the shutter fired)
    from archivist_desktop.domain.permissions import Permission

    clerk = window.user
    documents = [  # the documents a clerk captures (a hand-over list is not theirs to upload)
        e.item_id
        for e in window.checklist.entries()
        if archive.permissions.allowed(clerk.role, e.document_type, Permission.UPLOAD)
    ]
    moves = {"count": 0, "since": 0}

    original_capture = panel.capture

    def capture(replaces=None, auto=False):
        meant = state["meant"]
        job = original_capture(replaces=replaces, auto=auto)
        if job is None:
            state["refused"] += 1
        else:
            meant_by_job[job.number] = meant
            state["auto" if auto else "manual"] += 1
        return job

    panel.capture = capture  # the auto-capture rule calls self.capture too

    def on_attached(job, info):
        if job is None or info is None:
            return
        attached.append((info.id, meant_by_job.get(job.number, "?")))
        moves["since"] += 1
        if moves["since"] >= args.pages_per_document:  # the clerk moves on to another document
            moves["since"] = 0
            moves["count"] += 1
            target = documents[moves["count"] % len(documents)]
            if window.checklist.select_item(target):
                state["meant"] = target

    panel.page_attached.connect(on_attached)
    failures: dict[str, int] = {}

    def on_failed(_job, text):
        failures[text] = failures.get(text, 0) + 1

    panel.capture_failed.connect(on_failed)

    shooter = QTimer()
    shooter.setInterval(int(args.interval * 1000))
    shooter.timeout.connect(lambda: panel.capture())
    start = time.perf_counter()
    shooter.start()
    wait(lambda: False, args.minutes * 60.0)
    shooter.stop()
    elapsed = time.perf_counter() - start
    wait(lambda: not panel.jobs, 60)
    previews = panel.feed.previews
    stuck: dict[str, int] = {}
    for job in panel.flow.jobs:
        stuck[job.state] = stuck.get(job.state, 0) + 1
    window.close()
    runner.shutdown(final=None)

    with archive.session() as s:
        slot_of = dict(s.execute(select(Page.id, Page.item_id)).all())
    wrong = [(pid, meant, slot_of.get(pid)) for pid, meant in attached if slot_of.get(pid) != meant]
    archive.close()
    result = {
        "camera": args.camera,
        "python_dev_mode": bool(sys.flags.dev_mode),
        "minutes": round(elapsed / 60, 1),
        "shutter_presses": state["manual"],
        "auto_captures": state["auto"],
        "refused": state["refused"],
        "pages_attached": len(attached),
        "captures_not_attached": state["manual"] + state["auto"] - len(attached),
        "document_changes_by_clerk": moves["count"],
        "pages_in_wrong_slot": len(wrong),
        "capture_failures": failures,
        "jobs_left_by_state": stuck,
        "wrong": wrong[:10],
        "live_view_previews": previews,
        "crash": False,  # a crash never reaches this line: faulthandler prints and the exit status is non-zero
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    lost = state["manual"] + state["auto"] - len(attached)
    return 0 if attached and not wrong and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
