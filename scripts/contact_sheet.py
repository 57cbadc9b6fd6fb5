"""Contact sheet of the pipeline's outputs on the shared real photographs.

Each tile: the frame with the true quad (green) and the detected one (red), next to the
output page, captioned with the file, IoU, verdict and reasons.  Run from the repository
root::

    .venv/bin/python scripts/contact_sheet.py [docs/imaging/real-photos.png]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from archivist_desktop.imaging import load_image, load_profile, process_frame  # noqa: E402
from bench_imaging import raster_iou  # noqa: E402

BASE = (ROOT / ".." / "shared" / "datasets" / "real-photos").resolve()
T = 240  # tile side


def _fit(img: np.ndarray, side: int) -> np.ndarray:
    s = side / max(img.shape[:2])
    sm = cv2.resize(img, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
    out = np.full((side, side, 3), 96, np.uint8)
    out[: sm.shape[0], : sm.shape[1]] = sm
    return out


def main(argv: list[str]) -> int:
    out_path = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "imaging" / "real-photos.png"
    truth = json.loads((BASE / "truth.json").read_text())
    profile = load_profile("default")
    tiles = []
    for e in truth:
        img = load_image(BASE / e["file"])
        r = process_frame(img, profile)
        iou = raster_iou(r.quad, e["quad"], img.shape[1], img.shape[0])
        s = T / max(img.shape[:2])
        frame = _fit(img, T)
        cv2.polylines(frame, [np.round(np.array(e["quad"]) * s).astype(np.int32)], True, (0, 200, 0), 2)
        cv2.polylines(frame, [np.round(np.array(r.quad) * s).astype(np.int32)], True, (0, 0, 255), 2)
        tile = np.hstack([frame, _fit(r.page, T)])
        cap = np.full((34, 2 * T, 3), 255, np.uint8)
        cv2.putText(cap, f"{Path(e['file']).stem[:28]}  IoU {iou:.3f}", (4, 14), 0, 0.42, (0, 0, 0), 1, cv2.LINE_AA)
        cv2.putText(cap, f"{r.verdict}: {', '.join(r.reasons) or '-'}", (4, 29), 0, 0.42, (0, 0, 160), 1, cv2.LINE_AA)
        tiles.append(np.vstack([tile, cap]))
    cols = 4
    while len(tiles) % cols:
        tiles.append(np.full_like(tiles[0], 255))
    sheet = np.vstack([np.hstack(tiles[i : i + cols]) for i in range(0, len(tiles), cols)])
    out_path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(out_path), sheet, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    print(out_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
