"""Helpers for the camera tests: real recordings written with OpenCV into tmp_path.

Imported by the test modules as ``camhelpers`` (pytest puts this folder on sys.path).

Every frame carries its index as an 8-bit code of black/white blocks along the top
edge, so a test can tell which recorded frame it got (MJPG keeps such blocks intact).
"""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np

SIZE = (320, 240)  # (width, height)
BLOCK = 40  # 8 blocks of 40 px = 320 px


def make_frame(index: int, size: tuple[int, int] = SIZE) -> np.ndarray:
    """A BGR frame with ``index`` (0–255) coded in the top band and a textured body."""
    w, h = size
    yy, xx = np.mgrid[0:h, 0:w]
    frame = np.empty((h, w, 3), np.uint8)
    frame[..., 0] = 60 + (xx * 80 // w)
    frame[..., 1] = 70 + (yy * 60 // h)
    frame[..., 2] = 90 + (index * 37) % 100
    frame[:BLOCK] = 0
    for bit in range(8):
        if (index >> bit) & 1:
            frame[4 : BLOCK - 4, bit * BLOCK + 4 : (bit + 1) * BLOCK - 4] = 255
    cv2.putText(frame, str(index), (20, h - 30), cv2.FONT_HERSHEY_SIMPLEX, 2, (0, 0, 255), 4)
    return frame


def decode_index(frame: np.ndarray) -> int:
    """The index :func:`make_frame` coded into ``frame``."""
    value = 0
    for bit in range(8):
        block = frame[8 : BLOCK - 8, bit * BLOCK + 8 : (bit + 1) * BLOCK - 8]
        if block.mean() > 128:
            value |= 1 << bit
    return value


def write_video(
    path: Path, count: int, fps: float = 30.0, size: tuple[int, int] = SIZE, frames: list[np.ndarray] | None = None
) -> Path:
    """Write an MJPG .avi of ``count`` coded frames (or the given ``frames``)."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    assert writer.isOpened(), "this OpenCV cannot write MJPG .avi"
    for _i, frame in enumerate(frames if frames is not None else (make_frame(i, size) for i in range(count))):
        writer.write(frame)
    writer.release()
    assert path.stat().st_size > 0
    return path


def write_folder(folder: Path, indices, name: str = "{:04d}.jpg", size: tuple[int, int] = SIZE) -> list[Path]:
    """Write coded frames ``indices`` as images named by ``name.format(index)``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in indices:
        p = folder / name.format(i)
        assert cv2.imwrite(str(p), make_frame(i, size))
        paths.append(p)
    return paths


def wait_until(predicate, timeout: float = 5.0, interval: float = 0.01) -> bool:
    """Poll ``predicate`` until true or ``timeout`` seconds passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
