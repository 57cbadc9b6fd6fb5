"""Chinese + English text recognition (OCR) of a page image, with line boxes and confidences.

The engine is RapidOCR (``rapidocr-onnxruntime``): PaddleOCR's PP-OCRv4 detection and
recognition models and the ch_ppocr_mobile_v2.0 text-direction classifier, run by
onnxruntime.  The models ship inside the wheel; nothing is downloaded at run time.
The package declares a dependency on ``opencv-python``, which clashes with our
``opencv-python-headless`` (same ``cv2`` module): it is installed with ``--no-deps`` by
``scripts/setup.sh`` and ``installer/build.sh`` and works unchanged with the headless build.

One engine per process, created lazily on first use; calls are serialised by a lock (the
engine keeps per-call state), so :func:`recognise` is safe from any thread.  onnxruntime
runs with a small, fixed number of threads (:data:`DEFAULT_THREADS`, ``ARCHIVIST_OCR_THREADS``
or :func:`set_threads` before first use) so that OCR in the background leaves the GUI a core.

Images larger than ``max_side`` on their long side are reduced before OCR (a 13 MP camera
page then OCRs in seconds with the same character error rate, see ``bench/bench_ocr.py``);
boxes are given in the pixels of the image passed in.

>>> normalise("户号：  1234,\\n地址 ：北京")
'户号:1234,地址:北京'
>>> cer("用电申请表", "用电申请衣")
0.2
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
import time
import unicodedata
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ..errors import BadInput, KnownError
from .io import load_image
from .seals import without_red_seals

__all__ = [
    "DEFAULT_MAX_SIDE",
    "DEFAULT_THREADS",
    "OcrLine",
    "OcrResult",
    "OcrUnavailable",
    "available",
    "cer",
    "classify_directions",
    "engine_name",
    "normalise",
    "recognise",
    "recognise_file",
    "set_threads",
]

#: Long side (px) an image is reduced to before OCR; chosen by bench/bench_ocr.py (8 photographed
#: pages in 4208×3120 frames: 2000 → CER 3.3 % mean, 3.8 s median; 2400 → 4.1 %, 6.4 s; 1600 → 3.8 %,
#: 3.6 s; 3000 → 3.2 %, 7.1 s; 2 threads on a loaded 2-core machine).
DEFAULT_MAX_SIDE = 2000
#: onnxruntime intra-op threads per model (1 leaves the other core of a 2-core station to the GUI).
DEFAULT_THREADS = 1

_lock = threading.Lock()
_engine: Any = None
_threads: int | None = None


class OcrUnavailable(KnownError):
    """The OCR engine (rapidocr-onnxruntime) is not installed in this environment."""


@dataclasses.dataclass(frozen=True)
class OcrLine:
    """One detected text line."""

    text: str
    box: tuple[tuple[float, float], ...]  # 4 corner points (x, y) in the input image's pixels
    confidence: float  # 0..1

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "box": [[round(x, 1), round(y, 1)] for x, y in self.box],
            "confidence": round(self.confidence, 4),
        }


@dataclasses.dataclass(frozen=True)
class OcrResult:
    """The text of one image."""

    text: str  # lines joined by "\n" in reading order
    lines: tuple[OcrLine, ...]
    elapsed_ms: float
    engine: str

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "lines": [line.to_json() for line in self.lines],
            "elapsed_ms": round(self.elapsed_ms, 1),
            "engine": self.engine,
        }


def available() -> bool:
    """True when the OCR engine and its models are installed."""
    try:
        import rapidocr_onnxruntime  # type: ignore[import-untyped]
    except (ImportError, OSError):  # not installed, or onnxruntime's library fails to load
        return False
    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    return models.is_dir() and any(models.glob("*.onnx"))


def engine_name() -> str:
    """E.g. ``"rapidocr-onnxruntime 1.4.4 PP-OCRv4"``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("rapidocr-onnxruntime")
    except PackageNotFoundError:
        v = "?"
    return f"rapidocr-onnxruntime {v} PP-OCRv4"


def set_threads(n: int) -> None:
    """Threads per onnxruntime session; takes effect when the engine is first created."""
    global _threads
    if n < 1:
        raise BadInput(f"OCR threads must be at least 1, not {n}")
    with _lock:
        if _engine is not None and n != _threads:
            _reset_locked()
        _threads = n


def _reset_locked() -> None:
    global _engine
    _engine = None


def _thread_count() -> int:
    if _threads is not None:
        return _threads
    env = os.environ.get("ARCHIVIST_OCR_THREADS", "")
    if env.strip().isdigit() and int(env) >= 1:
        return int(env)
    return DEFAULT_THREADS


def _get_engine_locked() -> Any:
    global _engine, _threads
    if _engine is None:
        if not available():
            raise OcrUnavailable("the OCR engine is not installed (pip install --no-deps rapidocr-onnxruntime)")
        from rapidocr_onnxruntime import RapidOCR

        n = _thread_count()
        _threads = n
        # max_side_len: we reduce the image ourselves (see recognise); never again inside.
        _engine = RapidOCR(
            intra_op_num_threads=n,
            inter_op_num_threads=1,
            max_side_len=100_000,
            print_verbose=False,
        )
    return _engine


def _as_bgr(image: np.ndarray) -> np.ndarray:
    if image.dtype != np.uint8:
        raise BadInput(f"OCR needs an 8-bit image, not {image.dtype}")
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.ndim == 3 and image.shape[2] == 3:
        return image
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    if image.ndim == 3 and image.shape[2] == 1:
        return cv2.cvtColor(image[:, :, 0], cv2.COLOR_GRAY2BGR)
    raise BadInput(f"OCR needs a gray or BGR image, not shape {image.shape}")


def _reading_order(items: list[tuple[np.ndarray, str, float]]) -> list[list[int]]:
    """Indices of the boxes grouped into rows (top to bottom), each row left to right."""
    if not items:
        return []
    tops = [float(b[:, 1].min()) for b, _, _ in items]
    bottoms = [float(b[:, 1].max()) for b, _, _ in items]
    centres = [(t + b) / 2 for t, b in zip(tops, bottoms, strict=True)]
    order = sorted(range(len(items)), key=lambda i: centres[i])
    rows: list[list[int]] = []
    row_span: list[tuple[float, float]] = []
    for i in order:
        h = bottoms[i] - tops[i]
        if rows:
            top, bot = row_span[-1]
            overlap = min(bot, bottoms[i]) - max(top, tops[i])
            if overlap > 0.5 * min(h, bot - top):
                rows[-1].append(i)
                row_span[-1] = (min(top, tops[i]), max(bot, bottoms[i]))
                continue
        rows.append([i])
        row_span.append((tops[i], bottoms[i]))
    return [sorted(r, key=lambda i: float(items[i][0][:, 0].min())) for r in rows]


def recognise(image: np.ndarray, *, max_side: int = DEFAULT_MAX_SIDE, keep_seals: bool = False) -> OcrResult:
    """The text of a BGR or gray uint8 image; boxes in the pixels of ``image``.

    The red ink of seals is left out first (:func:`~archivist_desktop.imaging.seals.without_red_seals`:
    their ring text is not the page's text); ``keep_seals`` reads it too."""
    bgr = _as_bgr(np.asarray(image))
    h, w = bgr.shape[:2]
    if h < 8 or w < 8:
        raise BadInput(f"the image is too small for OCR ({w}×{h})")
    scale = 1.0
    if max_side and max(h, w) > max_side:
        scale = max_side / max(h, w)
        bgr = cv2.resize(bgr, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    t0 = time.perf_counter()
    if not keep_seals:
        bgr = without_red_seals(bgr)
    with _lock:
        engine = _get_engine_locked()
        raw, _elapse = engine(bgr)
    elapsed_ms = (time.perf_counter() - t0) * 1000.0
    items: list[tuple[np.ndarray, str, float]] = []
    for entry in raw or ():
        box = np.asarray(entry[0], dtype=np.float64).reshape(-1, 2) / scale
        text = str(entry[1]).strip()
        if not text:
            continue
        conf = min(1.0, max(0.0, float(entry[2])))
        box[:, 0] = np.clip(box[:, 0], 0, w)
        box[:, 1] = np.clip(box[:, 1], 0, h)
        items.append((box, text, conf))
    lines: list[OcrLine] = []
    texts: list[str] = []
    for row in _reading_order(items):
        parts = []
        for i in row:
            box, text, conf = items[i]
            lines.append(OcrLine(text, tuple((float(x), float(y)) for x, y in box), conf))
            parts.append(text)
        texts.append(" ".join(parts))
    return OcrResult("\n".join(texts), tuple(lines), elapsed_ms, engine_name())


def recognise_file(path: Path) -> OcrResult:
    """:func:`recognise` of an image file (``BadInput`` when it is missing or not an image)."""
    p = Path(path)
    if not p.is_file():
        raise BadInput(f"no such image file: {p}")
    return recognise(load_image(p))


def classify_directions(crops: list[np.ndarray]) -> list[tuple[int, float]]:
    """The text-direction classifier on text-line crops (BGR): (0 or 180, score 0..1) each."""
    if not crops:
        return []
    with _lock:
        engine = _get_engine_locked()
        _imgs, cls_res, _t = engine.text_cls([np.ascontiguousarray(c) for c in crops])
    return [(int(label), float(score)) for label, score in cls_res]


def detect_boxes(image: np.ndarray) -> list[np.ndarray]:
    """Text-line boxes (4×2 float arrays, image pixels) found by the detector alone."""
    bgr = _as_bgr(np.asarray(image))
    with _lock:
        engine = _get_engine_locked()
        boxes, _t = engine.text_det(bgr)
    if boxes is None:
        return []
    return [np.asarray(b, dtype=np.float32).reshape(4, 2) for b in boxes]


# -- comparing texts -------------------------------------------------------------------------

# Punctuation NFKC leaves apart that people treat as one (full-width forms are folded by NFKC).
_PUNCT = str.maketrans(
    {
        "。": ".",
        "、": ",",
        "，": ",",
        "：": ":",
        "；": ";",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "《": "<",
        "》": ">",
        "〈": "<",
        "〉": ">",
        "【": "[",
        "】": "]",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "—": "-",
        "–": "-",
        "―": "-",
        "－": "-",
        "〜": "~",
        "～": "~",
        "·": ".",
        "・": ".",
        "…": "...",
        "¥": "¥",
    }
)
_WS = re.compile(r"\s+")
# A space is dropped unless both neighbours are Latin letters or digits (Chinese has no word spaces).
_SPACE = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")


def normalise(text: str) -> str:
    """NFKC, full- and half-width punctuation alike, whitespace folded.

    Every whitespace run becomes one space, kept only between two Latin letters or digits
    (``"No 12 A"`` keeps its spaces, ``"户号 ： 12"`` becomes ``"户号:12"``).
    """
    s = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    s = _WS.sub(" ", s).strip()
    return _SPACE.sub("", s)


def _edit_distance(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(truth: str, hypothesis: str) -> float:
    """Character error rate: edit distance of the :func:`normalise`\\ d texts / length of the truth."""
    t, h = normalise(truth), normalise(hypothesis)
    if not t:
        return 0.0 if not h else 1.0
    return _edit_distance(t, h) / len(t)
