"""Writers never lose each other's pages: several processes writing to one station at once.

Real processes of the command line (``attach --user NAME --password-stdin``) against one data dir:
the page number and the page order are assigned under the write lock (``BEGIN IMMEDIATE``); the
same image again is skipped with a note (so a run killed with SIGKILL can be re-run); a long
import commits in batches, so an attach at a counter gets through while it runs; a database held
busy too long is one clear error, never a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import pytest

from archivist_desktop.services.archive import Archive, KnownError
from archivist_desktop.services.capture import work_order_by_number
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.users import get_user
from archivist_desktop.services.verify import verify
from archivist_desktop.store.db import DB_FILE, DatabaseBusy
from archivist_desktop.store.models import ChecklistItem, Page
from sample_data import CST, sample_feed
from stations import PASSWORD, open_station
from test_capture_services import page_frame

LV = "WO202611000124"  # low-voltage residential: its application form is waiting for pages
DOC = "application_form"


def cli(data: Path, *args: str, user: str | None = None) -> list[str]:
    argv = [sys.executable, "-m", "archivist_desktop", *args, "--data-dir", str(data)]
    return [*argv, "--user", user, "--password-stdin"] if user else argv


def start_attach(data: Path, files: list[Path], user: str = "clerk") -> subprocess.Popen:
    proc = subprocess.Popen(
        cli(
            data, "attach", "--work-order", LV, "--document", DOC, "--late-reason", "补录", *map(str, files), user=user
        ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None
    proc.stdin.write(PASSWORD + "\n")
    proc.stdin.close()
    proc.stdin = None  # written and closed: communicate() reads only
    return proc


def finish(proc: subprocess.Popen, timeout: float = 240) -> tuple[int, dict, str]:
    out, err = proc.communicate(timeout=timeout)
    assert "Traceback" not in err, err
    lines = out.strip().splitlines()
    return proc.returncode, (json.loads(lines[-1]) if lines else {}), err


def scans(folder: Path, seeds: range) -> list[Path]:
    paths = []
    for seed in seeds:
        path = folder / f"scan{seed}.jpg"
        cv2.imwrite(str(path), page_frame(seed), [cv2.IMWRITE_JPEG_QUALITY, 85])
        paths.append(path)
    return paths


def document(data: Path) -> tuple[list[str], list[Page]]:
    """The page order of the LV application form, and its pages by number."""
    with Archive(data) as a:
        order_id = work_order_by_number(a, LV)
        with a.read_session() as s:
            item = s.query(ChecklistItem).filter_by(work_order_id=order_id, document_type=DOC).one()
            pages = s.query(Page).filter_by(item_id=item.id).order_by(Page.seq).all()
            return json.loads(item.page_order or "[]"), pages


@pytest.fixture
def data(tmp_path) -> Path:
    with open_station(tmp_path / "data", users=("clerk", "clerk2", "admin"), feed=sample_feed()):
        pass
    return tmp_path / "data"


def test_three_concurrent_attach_processes_keep_all_six_pages(tmp_path, data):
    files = scans(tmp_path, range(6))
    procs = [start_attach(data, files[2 * k : 2 * k + 2], user=("clerk", "clerk2", "clerk")[k]) for k in range(3)]
    results = [finish(p) for p in procs]
    for code, summary, err in results:
        assert code == 0, (summary, err)
        assert all(p["ok"] and "skipped" not in p for p in summary["pages"]), summary
    attached = {p["page_id"] for _c, summary, _e in results for p in summary["pages"]}
    order, pages = document(data)
    assert len(attached) == 6 and set(order) == attached and len(order) == 6
    assert [p.seq for p in pages] == [1, 2, 3, 4, 5, 6]  # each number given once
    # each process's two files in the order it attached them
    for _c, summary, _e in results:
        first, second = (p["page_id"] for p in summary["pages"])
        assert order.index(first) < order.index(second)
    run = subprocess.run(cli(data, "verify"), capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr


#: one writer process: add ``n`` small pages to one document as fast as it can, after "go" on stdin
WRITER = r"""
import sys
from pathlib import Path
from archivist_desktop.services.archive import Archive
from archivist_desktop.services.pages import add_page
from archivist_desktop.services.users import get_user
data, item, k, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with Archive(data) as a:
    clerk = get_user(a, "clerk")
    sys.stdin.readline()
    for j in range(n):
        add_page(a, clerk, item, f"process {k} page {j} ".encode() * 20)
"""


def test_writers_in_tight_loops_lose_nothing(data):
    """Three processes adding 20 pages each at full speed (before the write lock: 90 rows gave 58
    numbers and 46 pages in the order): every page numbered once and in the document's order."""
    with Archive(data) as a, a.read_session() as s:
        item = s.query(ChecklistItem).filter_by(work_order_id=work_order_by_number(a, LV), document_type=DOC).one().id
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data), item, str(k), "20"],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(3)
    ]
    time.sleep(2)  # all three started and signed in before any writes
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    errors = [p.communicate(timeout=240)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    order, pages = document(data)
    assert len(pages) == 60 and [p.seq for p in pages] == list(range(1, 61))
    assert sorted(order) == sorted(p.id for p in pages)
    with Archive(data) as a:
        assert verify(a).ok


def test_the_same_image_again_is_skipped_with_a_note(tmp_path, data):
    files = scans(tmp_path, range(2))
    code, first, _err = finish(start_attach(data, files))
    assert code == 0
    code, again, _err = finish(start_attach(data, [files[1], files[0]]))
    assert code == 0, again
    assert [p["skipped"] for p in again["pages"]] == ["already attached as page 2", "already attached as page 1"]
    assert [p["page_id"] for p in again["pages"]] == [p["page_id"] for p in reversed(first["pages"])]
    order, pages = document(data)
    assert order == [p["page_id"] for p in first["pages"]] and len(pages) == 2
    # the same bytes through the service, attaching once: refused, nothing added
    with Archive(data) as a:
        clerk = get_user(a, "clerk")
        with a.read_session() as s:
            page = s.get(Page, order[0])
            assert page is not None
            item_id, sha = page.item_id, page.sha256
        with pytest.raises(KnownError, match="already attached as page 1"):
            add_page(a, clerk, item_id, a.files.read(sha), once=True)
    assert len(document(data)[1]) == 2
    # two processes attaching the same new file at once: it is added once
    extra = scans(tmp_path, range(5, 6))
    both = [finish(p) for p in [start_attach(data, extra), start_attach(data, extra, user="clerk2")]]
    assert all(code == 0 for code, _s, _e in both), both
    notes = sorted(str(summary["pages"][0].get("skipped")) for _c, summary, _e in both)
    assert notes == ["None", "already attached as page 3"], both
    order, pages = document(data)
    assert len(order) == 3 and len(pages) == 3


def test_an_attach_killed_mid_way_can_be_run_again(tmp_path, data):
    files = scans(tmp_path, range(10, 14))
    proc = start_attach(data, files)
    db = sqlite3.connect(data / DB_FILE, timeout=30)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        (n,) = db.execute("SELECT count(*) FROM pages").fetchone()
        if n >= 1:
            break
        time.sleep(0.02)
    db.close()
    assert proc.poll() is None, "the attach finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    order_before, pages_before = document(data)
    assert 1 <= len(pages_before) < 4 and order_before == [p.id for p in pages_before]

    code, again, _err = finish(start_attach(data, files))
    assert code == 0, again
    skipped = [p for p in again["pages"] if "skipped" in p]
    assert [p["page_id"] for p in skipped] == order_before  # those already there: skipped, not duplicated
    order, pages = document(data)
    assert len(pages) == 4 and len(set(p.sha256 for p in pages)) == 4
    assert order == [p["page_id"] for p in again["pages"]] and [p.seq for p in pages] == [1, 2, 3, 4]
    run = subprocess.run(cli(data, "verify"), capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout + run.stderr


def big_feed(n: int) -> dict:
    created = datetime(2026, 11, 2, 9, 0, tzinfo=CST)
    return {
        "work_orders": [
            {
                "work_order_no": f"WB{k:012d}",
                "customer_no": f"{6600000000 + k}",
                "customer_name": f"客户{k}",
                "business_type": "name_change",
                "created_at": created.isoformat(),
                "steps": [{"step": 1, "completed_at": (created + timedelta(hours=2)).isoformat()}],
            }
            for k in range(n)
        ]
    }


def test_an_attach_gets_through_while_a_long_import_runs(tmp_path, data):
    files = scans(tmp_path, range(20, 21))
    feed = tmp_path / "big.json"
    feed.write_text(json.dumps(big_feed(5000)), encoding="utf-8")
    started = time.monotonic()
    importer = subprocess.Popen(
        cli(data, "import-orders", str(feed), user="admin"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert importer.stdin is not None
    importer.stdin.write(PASSWORD + "\n")
    importer.stdin.close()
    importer.stdin = None
    db = sqlite3.connect(data / DB_FILE, timeout=30)
    while db.execute("SELECT count(*) FROM work_orders").fetchone()[0] < 600:  # the first batch is in
        assert importer.poll() is None, importer.communicate()
        time.sleep(0.02)
    db.close()
    attach_start = time.monotonic()
    code, summary, err = finish(start_attach(data, files))
    attach_took = time.monotonic() - attach_start
    assert code == 0 and summary["pages"][0]["ok"], (summary, err)
    _out, err = importer.communicate(timeout=600)
    import_took = time.monotonic() - started
    assert importer.returncode == 0 and "Traceback" not in err, err
    assert started + import_took > attach_start + attach_took  # the attach finished while the import ran
    print(f"import of 5000 orders: {import_took:.1f} s; an attach meanwhile: {attach_took:.1f} s")
    assert attach_took < 10, attach_took  # processing the 12 MP scan included (about 3 s alone)
    with Archive(data) as a:
        assert verify(a).ok


def test_a_database_held_busy_is_retried_then_one_clear_error(tmp_path, data, caplog):
    holder = sqlite3.connect(data / DB_FILE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holding the write lock
    try:
        with Archive(data, busy_timeout_ms=200, write_attempts=3) as a:
            clerk = get_user(a, "clerk")
            order_id = work_order_by_number(a, LV)
            with a.read_session() as s:
                item = s.query(ChecklistItem).filter_by(work_order_id=order_id, document_type=DOC).one()
            with caplog.at_level(logging.WARNING), pytest.raises(DatabaseBusy) as caught:
                add_page(a, clerk, item.id, b"\xff\xd8 a page \xff\xd9")
        assert str(caught.value) == "the station database is busy (another program is writing); try again"
        assert isinstance(caught.value, KnownError)
        retries = [r.getMessage() for r in caplog.records if "database busy, retrying" in r.getMessage()]
        assert len(retries) == 2, retries
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # released: the same write goes through
    with Archive(data) as a:
        with a.read_session() as s:
            item = s.query(ChecklistItem).filter_by(work_order_id=work_order_by_number(a, LV), document_type=DOC).one()
        add_page(a, get_user(a, "clerk"), item.id, b"\xff\xd8 a page \xff\xd9")
        with a.read_session() as s:
            assert len(json.loads(s.get(ChecklistItem, item.id).page_order)) == 1
