"""Multi-station benchmark (issue 14): every role on its own station, one PostgreSQL centre.

Starts its own PostgreSQL server (the tests' helper, loopback only) and prints JSON::

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_multistation.py           # the full run
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_multistation.py --quick   # small sizes

Three parts, each on its own central database:

* ``review``: a counter station captures 13 MP pages (4208×3120 JPEG, ≈ 1.5 MB, the frames of
  bench_review.py) and pushes them; a review station (another data dir, another station login of
  the same hall) pulls the rows only.  ``first_view_ms``: a page never seen on the review station,
  requested through the review viewer's loader (ui/page_viewer.py PageLoader → services/review.py
  decode_page → the page's bytes fetched from the centre, hash-checked, decoded at a reduced scale for
  fit-to-window) until the loader hands over the QImage.  Target median ≤ 200 ms.
  ``next_prefetched_ms``: the real Review workspace walking its queue with "next" after its own
  decode-ahead (which fetches from the centre too) has the next page: "next" to the end of the
  viewer's paint.  Target median ≤ 30 ms.
* ``first_sync``: the centre holds ``--orders`` work orders (customers, steps, checklist items) spread
  over 10 halls, written with COPY through the admin URL; a new station of one hall logs in and syncs
  for the first time.  It must pull exactly its hall's share.  Target ≤ 10 s for 10 000 of 100 000.
* ``push``: ``--stations`` stations (each its own process and data dir, own login) push
  ``--push-pages`` pages of ``--page-mb`` MB at once, against one station alone first; the ratio of the
  pages/s, the median over ``--push-rounds`` such pairs.  No station may end with an error, pending
  or set-aside rows; the centre's page count must equal the sum of the stations'.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

HALLS = [f"hall{n:02d}" for n in range(1, 11)]
STATION_PASSWORD = "station-pw-bench-9"
PEOPLE_PASSWORD = "correct-horse-42"
CST = timezone(timedelta(hours=8))


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(ordered), 1),
        "p90": round(ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))], 1),
        "max": round(ordered[-1], 1),
        "n": len(ordered),
    }


def _keyring_env(work: Path) -> None:
    """Each run its own plaintext keyring (station passwords), never the user's real one."""
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(work / "xdg")


def _count(url: str, table: str, where: str = "") -> int:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        return conn.execute(f"SELECT count(*) FROM {table} {where}").fetchone()[0]


# --------------------------------------------------------------------------- review station


def bench_review(pg, work: Path, pages: int) -> dict:
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.capture import send_for_review, work_order_by_number
    from archivist_desktop.services.central_users import add_unit, add_user, init_central_with_unit
    from archivist_desktop.services.orders import get_checklist
    from archivist_desktop.services.page_bytes import is_remote_only
    from archivist_desktop.services.pages import add_page
    from archivist_desktop.services.review import decode_page, review_queue
    from archivist_desktop.services.sync import import_orders_central, init_central, login_central, sync
    from archivist_desktop.services.users import authenticate
    from archivist_desktop.store.models import Page
    from archivist_desktop.ui.operations import OperationRunner
    from archivist_desktop.ui.page_viewer import PageLoader
    from archivist_desktop.ui.qt import QApplication
    from archivist_desktop.ui.review import ReviewWorkspace
    from bench_review import H, W, page_jpegs
    from sample_data import sample_feed

    app = QApplication.instance() or QApplication([])
    pg.create_database("review")
    admin = pg.admin_url("review")
    init_central(admin)
    add_unit(admin, "c01", "客户服务中心")
    add_unit(admin, "hall01", "第一营业厅", parent="c01")
    for login in ("st_counter", "st_review"):
        init_central_with_unit(admin, login=login, login_password=STATION_PASSWORD, unit="hall01")
    add_user(admin, "wang", PEOPLE_PASSWORD, "clerk", "hall01", display_name="王芳", team="营业一班")
    add_user(admin, "chen", PEOPLE_PASSWORD, "supervisor", "hall01", display_name="陈静", team="营业一班")
    feed = sample_feed()
    for record in feed["work_orders"]:
        record["unit"], record["assignee"] = "hall01", "wang"
    with Archive(work / "review-admin") as desk:
        import_orders_central(desk, admin, feed)

    def station(login: str) -> Archive:
        archive = Archive(work / login)
        bare = pg.url(login, STATION_PASSWORD, "review").replace(f":{STATION_PASSWORD}@", "@")
        login_central(archive, bare, login, STATION_PASSWORD)
        sync(archive)
        return archive

    t0 = time.perf_counter()
    jpegs = page_jpegs(pages)
    make_s = time.perf_counter() - t0
    counter = station("st_counter")
    wang = authenticate(counter, "wang", PEOPLE_PASSWORD)
    order_id = work_order_by_number(counter, "WO202611000124")
    entries = [e for st in get_checklist(counter, order_id).steps for e in st.entries if e.state.value == "to_capture"]
    for n, data in enumerate(jpegs):
        add_page(
            counter,
            wang,
            entries[n % len(entries)].item_id,
            data,
            width=W,
            height=H,
            verdict="accept",
            process_meta={"metrics": {"sharpness": float(n)}},
        )
    send_for_review(counter, wang, order_id)
    t0 = time.perf_counter()
    pushed = sync(counter)
    push_s = time.perf_counter() - t0
    assert pushed.pending == 0, pushed
    counter.close()

    review = station("st_review")
    chen = authenticate(review, "chen", PEOPLE_PASSWORD)
    order = [e.page_id for e in review_queue(review, chen).entries]
    assert len(order) == pages, (len(order), pages)
    with review.read_session() as s:
        remote = [p for p in s.query(Page).all() if is_remote_only(review, p)]
    assert len(remote) == pages  # rows pulled, no bytes: every view below fetches from the centre

    # first view: the tail of the queue, each page requested once through the viewer's loader
    half = pages // 2
    cold_ids = order[half:]
    loader = PageLoader(lambda pid, side: decode_page(review, chen, pid, side))
    got: dict[str, float] = {}
    loader.loaded.connect(lambda pid, _level, _img: got.__setitem__(pid, time.perf_counter()))
    failed: list[str] = []
    loader.failed.connect(lambda pid, err: failed.append(f"{pid}: {err}"))
    loader.unavailable.connect(lambda pid: failed.append(f"{pid}: unavailable"))
    first_view = []
    for pid in cold_ids:
        start = time.perf_counter()
        assert loader.request(pid) is None
        end = start + 30
        while pid not in got and not failed:
            app.processEvents()
            time.sleep(0.0005)
            assert time.perf_counter() < end, "first view timed out"
        assert not failed, failed
        first_view.append((got[pid] - start) * 1e3)
    loader.shutdown()

    # next page with the workspace's decode-ahead, on the head of the queue (never fetched yet)
    worker = OperationRunner()
    ws = ReviewWorkspace(review, worker, chen, CST, True)
    ws.resize(1400, 900)
    ws.show()
    shown: dict[str, float] = {}
    ws.page_shown.connect(lambda pid, ms: shown.__setitem__(pid, ms))

    def wait(cond, timeout=60.0):
        end = time.perf_counter() + timeout
        while not cond():
            app.processEvents()
            time.sleep(0.001)
            if time.perf_counter() > end:
                raise TimeoutError

    ws.reload()
    wait(lambda: ws.queue is not None and ws.viewer.image_width > 0)
    walk = [e.page_id for e in ws.model.entries][:half]
    nxt_ms = []
    for n in range(len(walk) - 1):
        nxt = walk[n + 1]
        wait(lambda nxt=nxt: ws.loader.cached(nxt) is not None)
        wait(lambda: not ws.runner.pending)
        time.sleep(0.05)
        app.processEvents()
        shown.pop(nxt, None)
        ws.next()
        wait(lambda nxt=nxt: nxt in shown)
        nxt_ms.append(shown[nxt])
    ws.shutdown()
    worker.shutdown()
    ws.close()
    review.close()
    first = summary(first_view)
    nxt_summary = summary(nxt_ms)
    return {
        "page": {
            "width": W,
            "height": H,
            "jpeg_mb_median": round(statistics.median(len(j) for j in jpegs) / 2**20, 2),
            "pages": pages,
            "made_in_s": round(make_s, 1),
        },
        "counter_push_s": round(push_s, 2),
        "pages_pulled_as_rows_only": len(remote),
        "first_view_ms": first,
        "next_prefetched_ms": nxt_summary,
        "ratio_first_view_over_next": round(first["median"] / max(nxt_summary["median"], 0.1), 1),
        "target_first_view_ms": 200,
        "target_next_prefetched_ms": 30,
        "first_view_within_target": first["median"] <= 200,
        "next_within_target": nxt_summary["median"] <= 30,
    }


# --------------------------------------------------------------------------- first sync of a hall station


def fill_centre(admin_url: str, orders: int, rules_dir: Path, seed: int = 7) -> dict:
    """``orders`` work orders over the 10 halls straight into the central tables (COPY, admin URL):
    customers, work orders, step completions and checklist items as the import would make them."""
    import psycopg

    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.orders import current_step, item_rows

    with Archive(rules_dir) as rules:  # the templates and deadline policy a station imports with
        templates, policy = dict(rules.templates), rules.policy
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    naive = lambda t: t.astimezone(UTC).replace(tzinfo=None) if t else None  # noqa: E731
    types = sorted(templates)
    counts = {"customers": 0, "work_orders": 0, "step_completions": 0, "checklist_items": 0}
    cols = {
        "customers": ("id", "customer_no", "name", "address", "phone", "updated_at", "version", "unit"),
        "work_orders": (
            "id",
            "work_order_no",
            "customer_id",
            "business_type",
            "created_at",
            "assignee",
            "team",
            "current_step",
            "current_step_started_at",
            "current_step_warn_at",
            "current_step_due_at",
            "updated_at",
            "version",
            "unit",
        ),
        "step_completions": ("work_order_id", "step", "completed_at"),
        "checklist_items": (
            "id",
            "work_order_id",
            "step",
            "document_type",
            "required",
            "state",
            "step_completed_at",
            "due_at",
            "assignee",
            "team",
            "page_order",
            "updated_at",
            "version",
        ),
    }
    rows: dict[str, list[tuple]] = {t: [] for t in cols}
    for k in range(orders):
        unit = HALLS[k % len(HALLS)]
        template = templates[types[rng.randrange(len(types))]]
        created = now - timedelta(days=rng.uniform(0, 720))
        completed: dict[int, datetime] = {}
        t = created
        for step in template.steps[: rng.randint(0, len(template.steps))]:
            t = min(t + timedelta(hours=rng.uniform(1, 120)), now)
            completed[step.number] = t
        cur = current_step(template, created, completed, policy)
        cid, wid = str(uuid.uuid4()), str(uuid.uuid4())
        clerk, team = f"clerk{k % 20}", f"营业{k % 5 + 1}班"
        rows["customers"].append((cid, f"{4400000000 + k}", f"客户{k}", "", "", naive(now), 1, unit))
        rows["work_orders"].append(
            (
                wid,
                f"WO{9000000000 + k}",
                cid,
                template.id,
                naive(created),
                clerk,
                team,
                cur.number,
                naive(cur.started_at),
                naive(cur.warn_at),
                naive(cur.due_at),
                naive(now),
                1,
                unit,
            )
        )
        rows["step_completions"].extend((wid, sn, naive(st)) for sn, st in completed.items())
        for item in item_rows(template, completed):
            rows["checklist_items"].append(
                (
                    str(uuid.uuid4()),
                    wid,
                    item["step"],
                    item["document_type"],
                    item["required"],
                    item["state"],
                    naive(item["step_completed_at"]),
                    naive(item["due_at"]),
                    clerk,
                    team,
                    "[]",
                    naive(now),
                    1,
                )
            )
    t0 = time.perf_counter()
    with psycopg.connect(admin_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        # a bulk load: the rows carry the change_seq the per-row trigger would stamp (numbers taken
        # from the same sequence), and triggers are off for this session only (the rows are
        # consistent by construction; the trigger per row would make this load minutes long)
        seq = conn.execute("SELECT nextval('change_seq')").fetchone()[0]
        conn.execute("SET session_replication_role = replica")
        for table, names in cols.items():
            batch = rows[table]
            with conn.cursor().copy(f"COPY {table} ({', '.join(names)}, change_seq) FROM STDIN") as copy:
                for i in range(0, len(batch), 20000):  # COPY text, in large writes
                    lines = []
                    for row in batch[i : i + 20000]:
                        seq += 1
                        lines.append("\t".join(map(_copy_text, row)) + f"\t{seq}\n")
                    copy.write("".join(lines))
            counts[table] = len(batch)
        conn.execute("SET session_replication_role = origin")
        conn.execute("SELECT setval('change_seq', %s)", (seq,))
        conn.commit()
        conn.autocommit = True
        conn.execute("ANALYZE")
    counts["copy_seconds"] = round(time.perf_counter() - t0, 1)  # type: ignore[assignment]
    return counts


def _copy_text(value) -> str:
    """One value in COPY's text format (the generated values hold no tab, newline or backslash)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def bench_first_sync(pg, work: Path, orders: int) -> dict:
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.central_users import add_unit, init_central_with_unit
    from archivist_desktop.services.sync import init_central, local_stats, login_central, sync

    pg.create_database("halls")
    admin = pg.admin_url("halls")
    init_central(admin)
    add_unit(admin, "c01", "客户服务中心")
    for n, hall in enumerate(HALLS, 1):
        add_unit(admin, hall, f"第{n}营业厅", parent="c01")
    init_central_with_unit(admin, login="st_new", login_password=STATION_PASSWORD, unit="hall03")
    t0 = time.perf_counter()
    made = fill_centre(admin, orders, work / "rules")
    fill_s = time.perf_counter() - t0
    own = _count(admin, "work_orders", "WHERE unit = 'hall03'")
    own_items = _count(
        admin, "checklist_items c", "JOIN work_orders w ON w.id = c.work_order_id WHERE w.unit = 'hall03'"
    )
    with Archive(work / "st_new") as station:
        bare = pg.url("st_new", STATION_PASSWORD, "halls").replace(f":{STATION_PASSWORD}@", "@")
        login_central(station, bare, "st_new", STATION_PASSWORD)
        steps: list[tuple[str, int, int]] = []
        t0 = time.perf_counter()
        result = sync(station, progress=lambda phase, done, total: steps.append((phase, done, total)))
        seconds = time.perf_counter() - t0
        stats = local_stats(station)
        unit = station.settings["station_unit"]
    assert stats["work_orders"] == own, (stats, own)
    return {
        "centre": {
            "work_orders": made["work_orders"],
            "customers": made["customers"],
            "checklist_items": made["checklist_items"],
            "step_completions": made["step_completions"],
            "halls": len(HALLS),
            "generated_and_copied_s": round(fill_s, 1),
            "of_which_copy_s": made["copy_seconds"],
        },
        "station_unit": unit,
        "pulled": {k: v for k, v in result.pulled.items() if v},
        "local_work_orders": stats["work_orders"],
        "hall_work_orders_at_centre": own,
        "hall_checklist_items_at_centre": own_items,
        "share_of_centre": round(stats["work_orders"] / made["work_orders"], 3),
        "progress_reports": len(steps),
        "seconds": round(seconds, 2),
        "work_orders_per_second": round(stats["work_orders"] / seconds),
        "target_seconds": 10,
        "within_target": seconds <= 10,
    }


# --------------------------------------------------------------------------- stations pushing at once


def _push_station(data_dir: str, url: str, index: int, pages: int, page_mb: float, ready, go, results) -> None:
    """One station (its own process, its own login and hall): sign in to the centre and receive its
    clerk, capture ``pages`` pages, wait for the start, sync, report when its push ran."""
    try:
        os.environ["XDG_DATA_HOME"] = str(Path(data_dir) / "xdg")  # each station PC its own keyring
        from archivist_desktop.services.archive import Archive
        from archivist_desktop.services.orders import get_checklist, import_orders, list_work_orders
        from archivist_desktop.services.pages import add_page
        from archivist_desktop.services.sync import local_stats, login_central, sync
        from archivist_desktop.services.users import authenticate

        created = datetime(2026, 11, 2, 9, 0, tzinfo=CST)
        feed = {
            "work_orders": [
                {
                    "work_order_no": f"WP{index:02d}{k:06d}",
                    "customer_no": f"{5500000000 + index * 10**6 + k}",
                    "customer_name": f"客户{index}-{k}",
                    "business_type": "name_change",
                    "created_at": created.isoformat(),
                    "steps": [{"step": 1, "completed_at": (created + timedelta(hours=2)).isoformat()}],
                }
                for k in range(max(1, pages // 3))
            ]
        }
        with Archive(Path(data_dir)) as station:
            login_central(station, url, f"st_push{index}", STATION_PASSWORD)
            sync(station)  # the clerk, created centrally, arrives
            import_orders(station, feed)  # a local import: the orders belong to the station's hall
            clerk = authenticate(station, f"clerk_s{index}", PEOPLE_PASSWORD)
            slots = [
                e.item_id
                for row in list_work_orders(station, limit=len(feed["work_orders"])).rows
                for s in get_checklist(station, row.id).steps
                for e in s.entries
                if e.state.value == "to_capture"
            ]
            size = int(page_mb * 2**20)
            for k in range(pages):  # random bytes: as incompressible as JPEG, and all different
                add_page(station, clerk, slots[k % len(slots)], os.urandom(size))
            own_pages = local_stats(station)["pages"]
            ready.put(index)
            go.wait()
            t0, cpu0 = time.perf_counter(), time.process_time()
            result = sync(station)
            t1, cpu1 = time.perf_counter(), time.process_time()
            push_start, push_end = result.phases["push"]
            results.put(
                {
                    "index": index,
                    "start": t0,
                    "end": t1,
                    "push_start": push_start,
                    "push_end": push_end,
                    "pending": result.pending,
                    "rejected": len(result.rejected),
                    "pages": own_pages,
                    "pushed_pages": result.pushed.get("pages", 0),
                    "client_cpu_s": cpu1 - cpu0,
                    "error": "",
                }
            )
    except Exception as exc:  # noqa: BLE001 - reported in the JSON
        results.put({"index": index, "error": f"{type(exc).__name__}: {exc}"})
        try:
            ready.put(index)
        except Exception:  # noqa: BLE001
            pass


def _cpu_busy() -> float | None:
    """Seconds of CPU time the whole machine has spent busy so far (``/proc/stat``), or ``None``."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    ticks = [int(v) for v in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _hash_mb(_: int) -> float:
    import hashlib

    data, t0 = os.urandom(2**20), time.perf_counter()
    for _n in range(200):
        hashlib.sha256(data).digest()
    return 200 / (time.perf_counter() - t0)


def cpu_parallelism(ctx, processes: int) -> float:
    """How much more CPU work ``processes`` busy processes get done than one, on this machine now (the
    ceiling of any speed-up from stations in parallel when the centre runs on the same machine)."""
    with ctx.Pool(1) as pool:
        one = sum(pool.map(_hash_mb, range(1)))
    with ctx.Pool(processes) as pool:
        many = sum(pool.map(_hash_mb, range(processes)))
    return round(many / one, 2)


class _WaitSampler:
    """What the centre's sessions wait on while the stations push (``pg_stat_activity``, every 20 ms)."""

    def __init__(self, admin_url: str):
        import threading
        from collections import Counter

        self.counts: Counter = Counter()
        self.samples = 0
        self._done = threading.Event()
        self._url = admin_url
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self._url, autocommit=True) as conn:
            while not self._done.wait(0.02):
                rows = conn.execute(
                    "SELECT coalesce(wait_event_type || ':' || wait_event, 'cpu') FROM pg_stat_activity"
                    " WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()"
                ).fetchall()
                self.samples += 1
                self.counts.update(r[0] for r in rows)

    def stop(self) -> None:
        self._done.set()
        self._thread.join(timeout=5)

    def top(self, n: int = 6) -> dict[str, float]:
        """The most frequent states, as the mean number of sessions in each per sample."""
        return {k: round(v / max(1, self.samples), 2) for k, v in self.counts.most_common(n)}


def _checkpoint(admin_url: str) -> None:
    """Write the centre's dirty buffers out now (``CHECKPOINT``), so that a checkpoint the previous
    round made due does not fall into this one's timing."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def _push_round(
    ctx, work: Path, url: str, first: int, stations: int, pages: int, page_mb: float, admin_url: str
) -> dict:
    ready, results, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [
        ctx.Process(
            target=_push_station,
            args=(str(work / f"push{first + i}"), url, first + i, pages, page_mb, ready, go, results),
        )
        for i in range(stations)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=600)
    _checkpoint(admin_url)  # each round starts clean, not writing out the log of the one before
    busy0 = _cpu_busy()
    waits = _WaitSampler(admin_url)
    go.set()
    out = [results.get(timeout=1200) for _ in procs]
    busy1 = _cpu_busy()
    waits.stop()
    for p in procs:
        p.join(timeout=60)
    errors = [r["error"] for r in out if r.get("error")]
    if errors:
        return {"errors": errors}
    # the push: from the first station starting to push to the last one done (each sync then pulls)
    wall = max(r["push_end"] for r in out) - min(r["push_start"] for r in out)
    sync_wall = max(r["end"] for r in out) - min(r["start"] for r in out)
    each = sorted(r["push_end"] - r["push_start"] for r in out)
    total = sum(r["pages"] for r in out)
    return {
        "stations": stations,
        "pages": total,
        "push_seconds": round(wall, 2),
        "pages_per_second": round(total / wall, 1),
        "mb_per_second": round(total * page_mb / wall, 1),
        "station_push_seconds_min_max": [round(each[0], 2), round(each[-1], 2)],
        "whole_sync_seconds": round(sync_wall, 2),
        # how many of the machine's cores the syncs kept busy (stations and centre together), and the
        # stations' own share: a station that already keeps the machine busy alone leaves no room to gain
        "cores_busy_during_sync": round((busy1 - busy0) / sync_wall, 2) if busy1 is not None else None,
        "station_clients_cpu_s": round(sum(r["client_cpu_s"] for r in out), 2),
        "central_wait_events": waits.top(),
        "pushed_pages": sum(r["pushed_pages"] for r in out),
        "pending": sum(r["pending"] for r in out),
        "rejected": sum(r["rejected"] for r in out),
        "errors": [],
    }


def bench_push(pg, work: Path, stations: int, pages: int, page_mb: float, rounds: int = 5) -> dict:
    """``rounds`` pairs of rounds, one station alone then ``stations`` at once, each pair on fresh
    stations: the ratio is the median of the pairs' ratios (one pair alone swings with the machine)."""
    from archivist_desktop.services.central_users import add_unit, add_user, init_central_with_unit
    from archivist_desktop.services.sync import init_central

    pg.create_database("push")
    admin = pg.admin_url("push")
    init_central(admin)
    add_unit(admin, "c01", "客户服务中心")
    for i in range(rounds * (stations + 1)):  # each station its own hall, login and clerk, as in a company
        add_unit(admin, f"push{i}", f"营业厅{i}", parent="c01")
        init_central_with_unit(admin, login=f"st_push{i}", login_password=STATION_PASSWORD, unit=f"push{i}")
        add_user(admin, f"clerk_s{i}", PEOPLE_PASSWORD, "clerk", f"push{i}")
    url = pg.url(None, None, "push").replace(f"{pg.SUPERUSER}@", "")  # user and password per station
    ctx = mp.get_context("spawn")  # fresh interpreters: no Qt, no inherited connections
    pairs = []
    for r in range(rounds):
        first = r * (stations + 1)
        # the same volume both ways (a short push into an idle centre fits its buffers and says little)
        alone = _push_round(ctx, work, url, first, 1, pages * stations, page_mb, admin)
        together = _push_round(ctx, work, url, first + 1, stations, pages, page_mb, admin)
        ratio = (
            round(together["pages_per_second"] / alone["pages_per_second"], 2)
            if "pages_per_second" in alone and "pages_per_second" in together
            else None
        )
        pairs.append({"one_station": alone, "all_at_once": together, "ratio_all_over_one": ratio})
    ceiling = cpu_parallelism(ctx, min(stations, os.cpu_count() or 1))
    central_pages = _count(admin, "pages")
    central_blobs = _count(admin, "blobs")
    station_sum = sum(p[k].get("pages", 0) for p in pairs for k in ("one_station", "all_at_once"))
    ratios = [p["ratio_all_over_one"] for p in pairs]
    ratio = statistics.median(ratios) if None not in ratios else None
    return {
        "page_mb": page_mb,
        "pages_per_station": pages,
        "rounds": pairs,
        "ratios": ratios,
        "ratio_all_over_one": ratio,
        "one_station_pages_per_second_median": statistics.median(
            p["one_station"].get("pages_per_second", 0) for p in pairs
        ),
        "all_at_once_pages_per_second_median": statistics.median(
            p["all_at_once"].get("pages_per_second", 0) for p in pairs
        ),
        "cpu_parallelism_now": ceiling,
        "target_ratio": 1.5,
        "within_target": ratio is not None and ratio >= 1.5,
        "central_pages": central_pages,
        "central_blobs": central_blobs,
        "sum_of_stations_pages": station_sum,
        "central_equals_sum": central_pages == station_sum,
        "no_error": all(not p[k].get("errors") for p in pairs for k in ("one_station", "all_at_once")),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    ap.add_argument(
        "--fast", action="store_true", help="run the centre without fsync, as the test suite does (not durable)"
    )
    ap.add_argument("--review-pages", type=int, help="13 MP pages at the counter (default 24; quick 4)")
    ap.add_argument("--orders", type=int, help="work orders at the centre over 10 halls (default 100000; quick 2000)")
    ap.add_argument("--stations", type=int, help="stations pushing at once (default 8; quick 3)")
    ap.add_argument("--push-pages", type=int, help="pages per pushing station (default 40; quick 3)")
    ap.add_argument("--page-mb", type=float, default=1.5)
    ap.add_argument("--push-rounds", type=int, help="pairs of push rounds, the ratio their median (default 5; quick 1)")
    ap.add_argument("--parts", default="review,sync,push", help="which parts to run (comma-separated)")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    q = args.quick
    review_pages = args.review_pages or (4 if q else 24)
    orders = args.orders or (2000 if q else 100_000)
    stations = args.stations or (3 if q else 8)
    push_pages = args.push_pages or (3 if q else 40)
    push_rounds = args.push_rounds or (1 if q else 5)
    page_mb = 0.2 if q and args.page_mb == 1.5 else args.page_mb

    from pgserver import DURABLE, FAST, PgServer

    work = Path(tempfile.mkdtemp(prefix="bench-multistation-"))
    _keyring_env(work)
    # the centre as a company runs it (every commit on disk), unless --fast asks for the suite's server
    pg = PgServer(FAST if args.fast else DURABLE)
    pg.init()
    pg.start()
    t0 = time.perf_counter()
    try:
        push = bench_push(pg, work, stations, push_pages, page_mb, push_rounds) if "push" in parts else None
        first_sync = bench_first_sync(pg, work, orders) if "sync" in parts else None
        review = bench_review(pg, work, review_pages) if "review" in parts else None
        result = {
            "benchmark": "multistation_postgresql",
            "quick": q,
            "cpus": os.cpu_count(),
            "central_server": "fast (fsync off)" if args.fast else "durable (fsync on, synchronous_commit on)",
            "review_station": review,
            "first_sync_new_hall_station": first_sync,
            "stations_pushing_at_once": push,
            "total_seconds": round(time.perf_counter() - t0, 1),
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        pg.cleanup()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
