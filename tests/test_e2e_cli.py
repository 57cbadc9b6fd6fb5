"""End to end on the command line, each step a separate run of the real program: a work order from
its import through capture, sending, review, hand-over, filing, boxing and shelving to a box label
whose barcode gives the box back — and the archive still verifies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import zxingcpp

from sample_data import sample_feed

LV = "WO202611000124"  # low-voltage residential: one review gate (team)


ADMIN_PASSWORD = "root-secret-2026"
#: the people added with ``users add`` (which enforces the password policy)
PASSWORD = "station-password-2026"


def run(data: Path, *args: str, stdin: str | None = None) -> dict | list:
    """One run of the program; a command acting as ``--user`` gets the password on stdin."""
    if "--user" in args and stdin is None:
        who = args[args.index("--user") + 1]
        stdin = (ADMIN_PASSWORD if who == "admin" else PASSWORD) + "\n"
        args = (*args, "--password-stdin")
    proc = subprocess.run(
        [sys.executable, "-m", "archivist_desktop", *args, "--data-dir", str(data)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"{args}: {proc.stdout[-2000:]} {proc.stderr[-2000:]}"
    out = proc.stdout.strip()
    return json.loads(out.splitlines()[-1]) if out.startswith(("{", "[")) else {}


def page_images(folder: Path, n: int) -> list[Path]:
    from archivist_desktop.camera import SimulatedSource

    src = SimulatedSource(1600, 1200, realtime=False, hold=0.1, swap=0.1, fps=10, seed=5)
    src.open()
    paths = []
    for k in range(n):
        _ok, frame = src.read()
        path = folder / f"page{k}.jpg"
        cv2.imwrite(str(path), frame)
        paths.append(path)
        for _ in range(3):
            src.read()
    src.close()
    return paths


def test_a_work_order_from_import_to_a_shelved_box_label(tmp_path):
    data = tmp_path / "station"
    # the first administrator of a station without users (one password line), then the people, by that admin
    run(data, "users", "add", "--name", "admin", "--role", "admin", "--password-stdin", stdin=ADMIN_PASSWORD + "\n")
    for name, role, team in (
        ("clerk2", "clerk", "营业一班"),
        ("collector", "collector", "营业一班"),
        ("archivist", "archivist", "档案室"),
    ):
        run(
            data,
            "users",
            "add",
            "--name",
            name,
            "--role",
            role,
            "--team",
            team,
            "--user",
            "admin",
            "--password-stdin",
            stdin=f"{ADMIN_PASSWORD}\n{PASSWORD}\n",
        )
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(sample_feed(), ensure_ascii=False), encoding="utf-8")
    assert run(data, "import-orders", str(feed), "--user", "admin")["created"] == 2

    # the documents the LV order needs now: its completed step's required documents
    lv = next(t for t in run(data, "templates", "--json")["templates"] if t["id"] == "lv_residential_new_connection")
    needed = [d["id"] for d in lv["steps"][0]["documents"] if d["required"]]
    images = page_images(tmp_path, len(needed))
    for doc, image in zip(needed, images, strict=True):
        attached = run(
            data,
            "attach",
            "--work-order",
            LV,
            "--document",
            doc,
            "--user",
            "clerk2",
            "--override-reason",
            "e2e: simulated camera frame",
            "--late-reason",
            "e2e: the sample order is weeks old",
            str(image),
        )
        assert attached["pages"][0]["ok"], attached
    assert run(data, "send", "--work-order", LV, "--user", "clerk2")["sent_items"] == len(needed)

    queue = run(data, "review-queue", "--user", "collector", "--json")
    assert queue["waiting"] == len(needed)
    for item_id in {e["item_id"] for e in queue["entries"]}:
        decisions = run(data, "review", "--user", "collector", "--document", item_id)["decisions"]
        assert decisions[-1]["item_state"] == "reviewed"

    receipt = tmp_path / "receipt.pdf"
    run(data, "hand-over", "--work-order", LV, "--user", "archivist", "--receipt", str(receipt))
    assert receipt.read_bytes().startswith(b"%PDF")
    filed = run(data, "file", "--customer", "3300067890", "--user", "archivist")
    codes = [v["archival_code"] for v in filed]
    assert len(codes) == 1
    box = run(data, "box", "put", "--volume", codes[0], "--user", "archivist")
    box_no = box["box_no"]
    run(data, "box", "shelf", "--box", box_no, "--location", "A01-01-02-3", "--user", "archivist")
    assert run(data, "boxes", "--json", "--user", "archivist") == [
        {"box_no": box_no, "shelf": "A01-01-02-3", "volumes": codes}
    ]

    label = tmp_path / "label.pdf"
    run(data, "label", "--box", box_no, "--size", "100x50", "--out", str(label), "--user", "archivist")
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(label), str(tmp_path / "label")], check=True)
    read = {(r.format.name, r.text) for r in zxingcpp.read_barcodes(cv2.imread(str(tmp_path / "label.png")))}
    assert ("Code128", box_no) in read
    assert ("QRCode", "\n".join(codes)) in read
    assert (
        "verified"
        in subprocess.run(
            [sys.executable, "-m", "archivist_desktop", "verify", "--data-dir", str(data)],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    )
