"""Issue 14's CLI contract, end to end: every role on its own station, one PostgreSQL centre.

Every step is a real ``archivist-desktop`` run (a subprocess), people acting with ``--user NAME
--password-stdin``; each station has its own data directory and its own keyring
(``PlaintextKeyring`` under a per-station ``XDG_DATA_HOME``).  The work orders are imported centrally
from an *importer* data directory whose first administrator ``importer`` is made there
(``users add --role admin``, the bootstrap of a station without users): ``import-orders --central``
acts as an administrator of the PC it runs on, and that PC is never a station of the centre.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import pikepdf
import psycopg
import pytest

from archivist_desktop.store.db import DB_FILE

pytestmark = pytest.mark.postgres

LOGIN_PASSWORD = "station-login-pw-1"
PEOPLE_PASSWORD = "correct-horse-42"
IMPORTER_PASSWORD = "import-admin-pass-1"
LOGINS = {"st_counter": "hall01", "st_review": "hall01", "st_archive": "c01", "st_hall2": "hall02"}
PEOPLE = (("wang", "clerk", "hall01"), ("chen", "supervisor", "hall01"), ("liu", "archivist", "c01"),
          ("zhao", "clerk", "hall02"))  # fmt: skip
HALL01_ORDER, HALL02_ORDER = "WO202612000001", "WO202612000002"
HALL01_CUSTOMER = "3300100001"


class Cli:
    """``archivist-desktop`` as a subprocess, on one data directory with its own keyring."""

    def __init__(self, root: Path, name: str):
        self.data_dir = root / name
        self.env = {
            **os.environ,
            "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
            "XDG_DATA_HOME": str(root / f"xdg-{name}"),
            "QT_QPA_PLATFORM": "offscreen",
        }

    def run(self, *args: str, stdin: str = "", status: int | None = 0) -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "archivist_desktop", *args, "--data-dir", str(self.data_dir)]
        proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=300, env=self.env)
        if status is not None:
            assert proc.returncode == status, f"{args}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        return proc

    def json(self, *args: str, stdin: str = "") -> dict | list:
        return json.loads(self.run(*args, stdin=stdin).stdout)

    def acting(self, user: str, *args: str, status: int | None = 0, password: str = PEOPLE_PASSWORD):
        return self.run(*args, "--user", user, "--password-stdin", stdin=password + "\n", status=status)

    def acting_json(self, user: str, *args: str) -> dict | list:
        return json.loads(self.acting(user, *args).stdout)

    def sync(self) -> dict:
        return self.json("sync", "--json")


def _feed() -> dict:
    """Two name_change orders, one per hall, step 1 just completed."""
    now = datetime.now(UTC).replace(microsecond=0)
    orders = []
    for no, customer, name, unit, clerk in (
        (HALL01_ORDER, HALL01_CUSTOMER, "王建国", "hall01", "wang"),
        (HALL02_ORDER, "3300200002", "李卫东", "hall02", "zhao"),
    ):
        orders.append(
            {
                "work_order_no": no,
                "customer_no": customer,
                "customer_name": name,
                "address": "杭州市解放路1号",
                "phone": "13800000000",
                "business_type": "name_change",
                "created_at": (now - timedelta(hours=2)).isoformat(),
                "assignee": clerk,
                "team": "营业一班",
                "unit": unit,
                "steps": [{"step": 1, "completed_at": (now - timedelta(hours=1)).isoformat()}],
            }
        )
    return {"work_orders": orders}


def _frames(folder: Path, n: int, seed: int) -> list[Path]:
    """``n`` real JPEG pages from the simulated document camera."""
    from archivist_desktop.camera import SimulatedSource

    src = SimulatedSource(1600, 1200, realtime=False, hold=0.1, swap=0.1, fps=10, seed=seed)
    src.open()
    paths = []
    try:
        for k in range(n):
            _ok, frame = src.read()
            path = folder / f"page-{seed}-{k}.jpg"
            cv2.imwrite(str(path), frame)
            paths.append(path)
            for _ in range(3):
                src.read()
    finally:
        src.close()
    return paths


def _audit(cli: Cli, action: str) -> list[tuple[str, str, str]]:
    with sqlite3.connect(cli.data_dir / DB_FILE) as conn:
        return conn.execute(
            "SELECT actor, entity_type, entity_id FROM audit_events WHERE action = ? ORDER BY seq", (action,)
        ).fetchall()


def test_every_role_on_its_own_station_through_the_cli(pg, tmp_path):
    name = f"central_{uuid.uuid4().hex[:10]}"
    pg.create_database(name)
    admin = pg.admin_url(name)
    operator = Cli(tmp_path, "operator")  # the database administrator's shell (no data of its own)

    # --- the centre: schema, units, station logins, people, two orders ------------------------------
    operator.run("central", "init", "--url", admin)
    operator.run("central", "units", "add", "--url", admin, "--code", "c01", "--name", "客户服务中心")
    for code, hall in (("hall01", "第一营业厅"), ("hall02", "第二营业厅")):
        operator.run("central", "units", "add", "--url", admin, "--code", code, "--name", hall, "--parent", "c01")
    for login, unit in LOGINS.items():
        operator.run("central", "init", "--url", admin, "--password-stdin", "--create-login", login,
                     "--unit", unit, stdin=f"\n{LOGIN_PASSWORD}\n")  # fmt: skip
    for username, role, unit in PEOPLE:
        operator.run("central", "users", "add", "--url", admin, "--name", username, "--role", role, "--unit", unit,
                     "--team", "营业一班", "--password-stdin", stdin=f"\n{PEOPLE_PASSWORD}\n")  # fmt: skip
    importer = Cli(tmp_path, "importer")
    importer.run("users", "add", "--name", "importer", "--role", "admin", "--password-stdin",
                 stdin=IMPORTER_PASSWORD + "\n")  # fmt: skip
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(_feed(), ensure_ascii=False), encoding="utf-8")
    imported = json.loads(
        importer.acting("importer", "import-orders", str(feed), "--central", admin, password=IMPORTER_PASSWORD).stdout
    )
    assert imported["created"] == 2

    # --- every station: central login and a first sync ---------------------------------------------
    stations = {login: Cli(tmp_path, login) for login in LOGINS}
    for login, cli in stations.items():
        cli.run("central", "login", "--url", pg.url(login, None, name), "--user", login, "--password-stdin",
                stdin=LOGIN_PASSWORD + "\n")  # fmt: skip
        assert cli.sync()["pending"] == 0
    counter, review, archive_room, hall2 = (stations[k] for k in ("st_counter", "st_review", "st_archive", "st_hall2"))

    stats = {login: cli.json("stats", "--json") for login, cli in stations.items()}
    assert {login: s["work_orders"] for login, s in stats.items()} == {
        "st_counter": 1, "st_review": 1, "st_archive": 2, "st_hall2": 1,
    }  # fmt: skip

    template = next(t for t in counter.json("templates", "--json")["templates"] if t["id"] == "name_change")
    needed = [d["id"] for d in template["steps"][0]["documents"] if d["required"]]
    images = _frames(tmp_path, len(needed) + 1, seed=5)
    attach = ("--override-reason", "scenario: simulated camera frame")

    # --- zhao (hall02) cannot attach to the hall01 order, even where both orders are -----------------
    refused = archive_room.acting(
        "zhao", "attach", "--work-order", HALL01_ORDER, "--document", needed[0], *attach, str(images[0]), status=1
    )
    assert "hall02" in refused.stderr and "hall01" in refused.stderr, refused.stderr
    assert hall2.acting("zhao", "attach", "--work-order", HALL01_ORDER, "--document", needed[0], *attach,
                        str(images[0]), status=None).returncode == 1  # fmt: skip

    # --- wang attaches the step-1 required documents at the counter and sends them ----------------
    page_of: dict[str, str] = {}
    for doc, image in zip(needed, images, strict=False):
        out = counter.acting_json(
            "wang", "attach", "--work-order", HALL01_ORDER, "--document", doc, *attach, str(image)
        )
        assert out["pages"][0]["ok"], out
        page_of[doc] = out["pages"][0]["page_id"]
    assert counter.acting_json("wang", "send", "--work-order", HALL01_ORDER)["sent_items"] == len(needed)
    assert counter.sync()["pending"] == 0
    review.sync()

    # --- chen at the review station: the queue, the same bytes as at the counter, flag one, approve the rest
    queue = review.acting_json("chen", "review-queue", "--json")
    assert sorted(e["page_id"] for e in queue["entries"]) == sorted(page_of.values())
    flagged_doc, flagged = needed[0], page_of[needed[0]]
    at_review = review.acting_json("chen", "download", "--page", flagged, "--out", str(tmp_path / "at-review.jpg"))
    counter.acting_json("chen", "download", "--page", flagged, "--out", str(tmp_path / "at-counter.jpg"))
    review_bytes = (tmp_path / "at-review.jpg").read_bytes()
    assert review_bytes == (tmp_path / "at-counter.jpg").read_bytes()
    assert hashlib.sha256(review_bytes).hexdigest() == at_review["sha256"]
    assert ("chen", "page", flagged) in _audit(review, "download")
    denied = counter.acting("wang", "download", "--page", flagged, "--out", str(tmp_path / "no.jpg"), status=1)
    assert "download" in denied.stderr and not (tmp_path / "no.jpg").exists()

    review.acting_json("chen", "review", "--page", flagged, "--flag", "blurry", "--comment", "重拍，太模糊")
    items = {e["page_id"]: e["item_id"] for e in queue["entries"]}
    for doc in needed[1:]:
        review.acting_json("chen", "review", "--document", items[page_of[doc]])
    assert review.sync()["pending"] == 0
    counter.sync()

    # --- wang's reminders carry the rescan; the recapture replaces the flagged page ----------------
    to_capture = counter.acting_json("wang", "reminders", "--json")["items"]["to_capture"]
    (entry,) = [i for i in to_capture if i["item_id"] == items[flagged]]
    assert entry["rescan"] == {
        "reason": "blurry", "comment": "重拍，太模糊", "reviewer": "chen", "flagged_page_id": flagged,
    }  # fmt: skip
    out = counter.acting_json(
        "wang", "attach", "--work-order", HALL01_ORDER, "--document", flagged_doc, *attach, str(images[-1])
    )
    recaptured = out["pages"][0]["page_id"]
    assert out["pages"][0]["ok"] and recaptured != flagged
    assert counter.acting_json("wang", "send", "--work-order", HALL01_ORDER)["sent_items"] == 1
    counter.sync()
    review.sync()
    queue = review.acting_json("chen", "review-queue", "--json")
    assert [e["page_id"] for e in queue["entries"]] == [recaptured]
    review.acting_json("chen", "review", "--page", recaptured)
    review.sync()

    # --- the archive room: hand-over, file, export --pdfa, one page per document -------------------
    archive_room.sync()
    handed = archive_room.acting_json("liu", "hand-over", "--work-order", HALL01_ORDER)
    assert handed["documents"] == len(needed)
    volumes = archive_room.acting_json("liu", "file", "--customer", HALL01_CUSTOMER)
    (volume,) = volumes
    pdf = tmp_path / "volume.pdf"
    exported = archive_room.acting_json(
        "liu", "export", "--volume", volume["archival_code"], "--out", str(pdf), "--pdfa"
    )
    assert exported["documents"] == len(needed) and exported["pages"] == len(needed)
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) == len(needed)
    archive_room.sync()

    # --- verify everywhere; hall02 holds its one customer and no pages ----------------------------
    for cli in stations.values():
        cli.sync()
        assert cli.json("verify", "--json")["ok"]
    central = operator.json("verify", "--central", admin, "--json")
    assert central["ok"], central
    hall2_stats = hall2.json("stats", "--json")
    assert hall2_stats["customers"] == 1 and hall2_stats["pages"] == 0
    assert archive_room.json("stats", "--json")["customers"] == 2
    assert operator.json("central", "stats", "--url", admin, "--json")["customers"] == 2
    with psycopg.connect(pg.url("st_hall2", LOGIN_PASSWORD, name), autocommit=True) as conn:
        assert conn.execute("select count(*) from customers").fetchone()[0] == 1
