"""OCR benchmark (issue #18): character error rate and time of RapidOCR, tesseract beside it.

Prints one JSON object.  Parts:

* **generated**: a page of every document type (``bench/textpages.py``, each its own customer
  fields and seed ``500 + i``: not the seeds the generator was looked at with), clean at 200 dpi and
  photo-like (``photo=True``: perspective on a desk, blur, noise, JPEG).  CER after ``normalise()``:
  mean, median, max and the share of pages at or below 2 %.  ``--photo-every K`` photographs every
  K-th type (photo pages take as long as clean ones; K=1 is every type).
* **real**: CER on the shared real photos transcribed by hand in ``bench/data/ocr_truth/*.txt``
  (``# image:`` path under the shared datasets, optional ``# crop: x0 y0 x1 y1``).
* **page_13mp**: OCR time per 13 MP camera frame (4208×3120: a generated page, photographed,
  enlarged onto a desk so that it fills the frame's height) at several ``max_side`` values, with
  the CER beside each: median and max seconds over ``--frames`` frames.
* **tesseract** (``tesseract IMG stdout -l chi_sim+eng``, when on PATH with chi_sim): on the
  first ``--peer-pages`` clean and photo pages of the same run, CER and seconds beside RapidOCR's
  on the same pages.

    .venv/bin/python bench/bench_ocr.py --quick        # a handful of pages, 1 frame per max_side
    nice .venv/bin/python bench/bench_ocr.py           # every document type (~15 min loaded)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO / "src"))

from archivist_desktop.imaging import ocr  # noqa: E402
from textpages import document_types, make_page, random_fields  # noqa: E402

DATASETS = (REPO / ".." / "shared" / "datasets").resolve()
TRUTH_DIR = BENCH / "data" / "ocr_truth"
MAX_SIDES = (1600, 2000, 2400, 3000)
FRAME = (3120, 4208)  # h, w of a 13 MP document-camera frame


def _summary(cers: list[float]) -> dict:
    if not cers:
        return {"pages": 0}
    return {
        "pages": len(cers),
        "cer_mean": round(statistics.fmean(cers), 4),
        "cer_median": round(statistics.median(cers), 4),
        "cer_max": round(max(cers), 4),
        "share_le_2pct": round(sum(c <= 0.02 for c in cers) / len(cers), 4),
    }


def _tesseract_ok() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "chi_sim" in langs.split()


def _tesseract(image: np.ndarray) -> tuple[str, float]:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "page.png"
        cv2.imwrite(str(p), image)
        t = time.perf_counter()
        out = subprocess.run(
            ["tesseract", str(p), "stdout", "-l", "chi_sim+eng"],
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "OMP_THREAD_LIMIT": str(ocr._thread_count())},
        ).stdout
        return out, time.perf_counter() - t


def generated(types: list[tuple[str, str, str]], photo_every: int, peer_pages: int, tess: bool) -> dict:
    res: dict = {}
    worst: list[dict] = []
    peer: dict[str, dict[str, list[float]]] = {}
    for kind in ("clean", "photo"):
        cers: list[float] = []
        secs: list[float] = []
        n_peer = 0
        pc: dict[str, list[float]] = {"rapidocr_cer": [], "rapidocr_s": [], "tesseract_cer": [], "tesseract_s": []}
        for i, (tid, did, _name) in enumerate(types):
            if kind == "photo" and i % photo_every:
                continue
            seed = 500 + i
            img, truth = make_page(tid, did, fields=random_fields(seed), seed=seed, photo=kind == "photo")
            r = ocr.recognise(img)
            c = ocr.cer(truth, r.text)
            cers.append(c)
            secs.append(r.elapsed_ms / 1000)
            worst.append({"page": f"{tid}/{did}", "kind": kind, "cer": round(c, 4)})
            print(f"bench_ocr: {kind} {tid}/{did} cer={c:.4f} {r.elapsed_ms / 1000:.1f}s", file=sys.stderr, flush=True)
            if tess and n_peer < peer_pages:
                n_peer += 1
                t_text, t_s = _tesseract(img)
                pc["rapidocr_cer"].append(c)
                pc["rapidocr_s"].append(r.elapsed_ms / 1000)
                pc["tesseract_cer"].append(ocr.cer(truth, t_text))
                pc["tesseract_s"].append(t_s)
        res[kind] = {**_summary(cers), "s_median": round(statistics.median(secs), 2) if secs else None}
        if tess:
            peer[kind] = pc
    worst.sort(key=lambda w: -w["cer"])
    res["worst"] = worst[:8]
    if tess:
        res["tesseract_beside"] = {
            kind: {
                "pages": len(pc["rapidocr_cer"]),
                **{
                    f"{k}_{'mean' if k.endswith('cer') else 'median'}": round(
                        (statistics.fmean if k.endswith("cer") else statistics.median)(v), 4
                    )
                    for k, v in pc.items()
                    if v
                },
            }
            for kind, pc in peer.items()
        }
    return res


def _truth_files() -> list[tuple[Path, tuple[int, int, int, int] | None, str]]:
    out = []
    for f in sorted(TRUTH_DIR.glob("*.txt")):
        image = None
        crop = None
        body = []
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.startswith("# image:"):
                image = DATASETS / line.split(":", 1)[1].strip()
            elif line.startswith("# crop:"):
                x0, y0, x1, y1 = (int(v) for v in line.split(":", 1)[1].split())
                crop = (x0, y0, x1, y1)
            elif not line.startswith("#"):
                body.append(line)
        if image is not None:
            out.append((image, crop, "\n".join(body).strip()))
    return out


def real(tess: bool) -> dict:
    rows = []
    for image, crop, truth in _truth_files():
        if not image.is_file():
            rows.append({"image": image.name, "skipped": "image not found"})
            continue
        img = cv2.imread(str(image), cv2.IMREAD_COLOR)
        if crop:
            x0, y0, x1, y1 = crop
            img = img[y0:y1, x0:x1]
        r = ocr.recognise(img)
        row = {
            "image": image.name,
            "crop": list(crop) if crop else None,
            "truth_chars": len(ocr.normalise(truth)),
            "rapidocr_cer": round(ocr.cer(truth, r.text), 4),
            "rapidocr_s": round(r.elapsed_ms / 1000, 2),
        }
        if tess:
            t_text, t_s = _tesseract(img)
            row["tesseract_cer"] = round(ocr.cer(truth, t_text), 4)
            row["tesseract_s"] = round(t_s, 2)
        rows.append(row)
    return {"pages": rows}


def frame_13mp(page: np.ndarray, seed: int) -> np.ndarray:
    """A photographed page enlarged to fill the height of a 4208×3120 frame, on a wooden desk."""
    rng = np.random.default_rng(seed)
    fh, fw = FRAME
    desk = np.empty((fh, fw, 3), np.uint8)
    desk[:] = (60, 95, 140)  # brown desk (BGR)
    desk = cv2.add(desk, rng.integers(0, 25, (fh, fw, 3), dtype=np.uint8))
    desk = cv2.GaussianBlur(desk, (0, 0), 3)
    h, w = page.shape[:2]
    s = 0.96 * fh / h
    big = cv2.resize(page, (round(w * s), round(h * s)), interpolation=cv2.INTER_CUBIC)
    bh, bw = big.shape[:2]
    y0, x0 = (fh - bh) // 2, (fw - bw) // 2
    desk[y0 : y0 + bh, x0 : x0 + bw] = big
    return desk


def page_13mp(types: list[tuple[str, str, str]], frames: int) -> dict:
    pages = []
    step = max(1, len(types) // max(1, frames))
    for j in range(frames):
        tid, did, _name = types[(j * step + 3) % len(types)]
        seed = 900 + j
        img, truth = make_page(tid, did, fields=random_fields(seed), seed=seed, photo=True)
        pages.append((frame_13mp(img, seed), truth))
    out = {}
    for ms in MAX_SIDES:
        secs = []
        cers = []
        for frame, truth in pages:
            t = time.perf_counter()
            r = ocr.recognise(frame, max_side=ms)
            secs.append(time.perf_counter() - t)
            cers.append(ocr.cer(truth, r.text))
            print(f"bench_ocr: 13MP max_side={ms} cer={cers[-1]:.4f} {secs[-1]:.1f}s", file=sys.stderr, flush=True)
        out[str(ms)] = {
            "frames": len(secs),
            "s_median": round(statistics.median(secs), 2),
            "s_max": round(max(secs), 2),
            "cer_mean": round(statistics.fmean(cers), 4),
            "cer_max": round(max(cers), 4),
        }
    return {"frame": f"{FRAME[1]}x{FRAME[0]}", "default_max_side": ocr.DEFAULT_MAX_SIDE, "by_max_side": out}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="5 document types, 1 frame per max_side, 2 peer pages")
    ap.add_argument("--photo-every", type=int, default=1, metavar="K", help="photograph every K-th type (default 1)")
    ap.add_argument("--frames", type=int, default=3, metavar="N", help="13 MP frames per max_side (default 3)")
    ap.add_argument("--peer-pages", type=int, default=8, metavar="N", help="pages per kind OCR'd by tesseract too")
    ap.add_argument("--threads", type=int, default=2, help="onnxruntime threads (default 2)")
    ap.add_argument("--no-tesseract", action="store_true")
    ap.add_argument("--skip", default="", help="comma list of parts to skip: generated,real,13mp")
    args = ap.parse_args()
    ocr.set_threads(args.threads)
    types = document_types()
    if args.quick:
        types = types[:: max(1, len(types) // 5)][:5]
        args.frames = 1
        args.peer_pages = min(args.peer_pages, 2)
    tess = not args.no_tesseract and _tesseract_ok()
    skip = set(filter(None, args.skip.split(",")))
    t0 = time.perf_counter()
    result: dict = {
        "engine": ocr.engine_name(),
        "threads": args.threads,
        "document_types": len(types),
        "tesseract": "tesseract chi_sim+eng" if tess else None,
    }
    if "real" not in skip:
        result["real"] = real(tess)
    if "13mp" not in skip:
        result["page_13mp"] = page_13mp(types, args.frames)
    if "generated" not in skip:
        result["generated"] = generated(types, max(1, args.photo_every), args.peer_pages, tess)
    result["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps({"ocr": result}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
