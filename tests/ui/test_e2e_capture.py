"""End to end: the real application in a subprocess, demo data, a replay camera, one capture, a clean exit;
then the command line checks that the page was stored and the archive verifies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2


def _video(path: Path) -> Path:
    from archivist_desktop.camera import SimulatedSource

    src = SimulatedSource(1280, 960, realtime=False, hold=3.0, swap=1.0, fps=10)
    src.open()
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10.0, (1280, 960))
    for _ in range(30):
        writer.write(src.read()[1])
    writer.release()
    src.close()
    return path


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "archivist_desktop", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_app_starts_captures_a_page_and_exits_cleanly(tmp_path):
    video = _video(tmp_path / "desk.avi")
    data = tmp_path / "station"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        ARCHIVIST_AUTOLOGIN_USER="clerk",
        ARCHIVIST_AUTOLOGIN_PASSWORD="demo",
        ARCHIVIST_E2E_CAPTURE_AFTER_S="1.5",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "archivist_desktop", "--demo", "--data-dir", str(data), "--camera", f"replay:{video}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    stats = _cli("stats", "--json", data_dir=data)
    assert stats.returncode == 0, stats.stderr
    counts = json.loads(stats.stdout)
    assert counts.get("pages", 0) >= 1, counts
    verify = _cli("verify", data_dir=data)
    assert verify.returncode == 0, verify.stdout + verify.stderr
