"""Orientation benchmark: accuracy of 0/90/180/270° detection, and its cost.

Cases: the shared real photos (``../shared/datasets/real-photos``), each page cut out
along its true quad and turned by 0/90/180/270°; and generated pages
(``scenes.render_page``, full and text-only content, with a small residual skew)
turned the same way; and document pages with Chinese text (``textpages.make_page``, photo-like,
every K-th document type, seeds not looked at) turned the same way.  ``--ocr`` decides 0/180 by
the OCR engine's text-direction classifier (``detect_orientation(use_ocr=True)``) and measures
the ink-profile sense beside it on the same cases.  Prints one JSON object::

    .venv/bin/python bench/bench_orientation.py [--generated N] [--textpages N] [--ocr] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import cv2
import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from archivist_desktop.imaging.orientation import detect_orientation  # noqa: E402

REAL = (REPO / ".." / "shared" / "datasets" / "real-photos").resolve()
ANGLES = (0, 90, 180, 270)


def real_pages(max_side: int = 1600) -> list[tuple[str, str, np.ndarray]]:
    """(id, kind, upright page) for every shared real photo, cut along its true quad."""
    out = []
    truth = json.loads((REAL / "truth.json").read_text())
    for e in truth:
        img = cv2.imread(str(REAL / e["file"]), cv2.IMREAD_COLOR)
        h, w = img.shape[:2]
        q = np.asarray(e["quad"], np.float32)
        q[:, 0] = np.clip(q[:, 0], 0, w - 1)
        q[:, 1] = np.clip(q[:, 1], 0, h - 1)
        pw = int(round(max(np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[2] - q[3]))))
        ph = int(round(max(np.linalg.norm(q[3] - q[0]), np.linalg.norm(q[2] - q[1]))))
        s = min(1.0, max_side / max(pw, ph))
        pw, ph = max(16, int(pw * s)), max(16, int(ph * s))
        dst = np.float32([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]])
        page = cv2.warpPerspective(img, cv2.getPerspectiveTransform(q, dst), (pw, ph), flags=cv2.INTER_AREA)
        out.append((e["id"], e["kind"], page))
    return out


def generated_pages(n: int) -> list[tuple[str, str, np.ndarray]]:
    from scenes import make_text_page

    out = []
    rng = np.random.default_rng(7)
    for seed in range(n):
        content = "full" if seed % 2 == 0 else "text"
        landscape = seed % 5 == 3
        page_mm = (297.0, 210.0) if landscape else (210.0, 297.0)
        angle = float(rng.uniform(-0.4, 0.4))  # residual skew after deskew
        img = make_text_page(1000 + seed, angle, px_per_mm=4.0, page_mm=page_mm, content=content)
        out.append((f"gen{seed}", "generated", img))
    return out


def text_pages(n: int) -> list[tuple[str, str, np.ndarray]]:
    """``n`` photo-like Chinese document pages (every K-th document type), 100 dpi-ish size."""
    from textpages import document_types, make_page, random_fields

    types = document_types()
    step = max(1, len(types) // max(1, n))
    out = []
    for j in range(n):
        tid, did, _name = types[(j * step + 1) % len(types)]
        seed = 700 + j
        img, _truth = make_page(tid, did, fields=random_fields(seed), seed=seed, photo=True)
        out.append((f"{tid}/{did}", "textpage", img))
    return out


def run(pages, verbose: bool = False, use_ocr: bool = False) -> dict:
    per_kind: dict[str, list[int]] = {}
    per_angle: dict[int, list[int]] = {a: [0, 0] for a in ANGLES}
    ms: list[float] = []
    wrong = []
    axis_ok = 0
    for pid, kind, page in pages:
        for a in ANGLES:
            img = np.ascontiguousarray(np.rot90(page, a // 90))
            t = time.perf_counter()
            o = detect_orientation(img, use_ocr=use_ocr)
            ms.append((time.perf_counter() - t) * 1e3)
            ok = o.turn == a
            axis_ok += (o.turn - a) % 180 == 0
            k = per_kind.setdefault(kind, [0, 0])
            k[0] += ok
            k[1] += 1
            per_angle[a][0] += ok
            per_angle[a][1] += 1
            if not ok:
                wrong.append({"id": pid, "true": a, "got": o.turn, "axis": o.axis_score, "sense": o.sense_score})
            if verbose:
                print(pid, kind, a, o, file=sys.stderr)
    total = sum(v[0] for v in per_kind.values()), sum(v[1] for v in per_kind.values())
    return {
        "accuracy": round(total[0] / max(1, total[1]), 4),
        "correct": total[0],
        "cases": total[1],
        "axis_accuracy": round(axis_ok / max(1, total[1]), 4),
        "per_kind": {
            k: {"correct": v[0], "cases": v[1], "accuracy": round(v[0] / v[1], 4)} for k, v in per_kind.items()
        },
        "per_angle": {str(a): {"correct": v[0], "cases": v[1]} for a, v in per_angle.items()},
        "ms_median": round(statistics.median(ms), 2) if ms else None,
        "ms_max": round(max(ms), 2) if ms else None,
        "wrong": wrong,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--generated", type=int, default=24, help="generated pages (each turned 4 ways)")
    ap.add_argument("--textpages", type=int, default=12, help="Chinese document pages (each turned 4 ways)")
    ap.add_argument("--ocr", action="store_true", help="0/180 by the OCR text-direction classifier, profile beside")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    sets = {}
    if REAL.is_dir():
        sets["real"] = real_pages()
    sets["generated"] = generated_pages(args.generated)
    if args.textpages:
        sets["textpages"] = text_pages(args.textpages)
    result: dict = {}
    for name, pages in sets.items():
        if args.ocr:
            from archivist_desktop.imaging import ocr

            ocr.set_threads(2)
            result[name] = {"ocr": run(pages, args.verbose, True), "profile": run(pages, args.verbose, False)}
        else:
            result[name] = run(pages, args.verbose)
    print(json.dumps({"orientation": result}, indent=1))


if __name__ == "__main__":
    main()
