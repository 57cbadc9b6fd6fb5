"""Imaging use cases: process image files into checked pages, read barcodes.

Thin wrappers over :mod:`archivist_desktop.imaging` shared by the CLI and (later) the
GUI.  They work file by file: a bad file gives a result with ``ok=False`` and an
error message, never an exception, so a batch always completes.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from archivist_desktop.imaging import (
    ImageError,
    PageResult,
    Profile,
    encode_jpeg,
    load_image,
    load_profile,
    process_frame,
    read_barcodes,
)

__all__ = ["BarcodeFile", "ProcessedFile", "load_profile", "process_files", "read_barcode_files"]


@dataclasses.dataclass(frozen=True)
class ProcessedFile:
    """One input file's outcome (the JSON line of ``archivist-desktop process``)."""

    path: str
    ok: bool
    error: str | None
    page_quad: tuple[tuple[float, float], ...] | None
    skew_deg: float
    sharpness: float
    dpi: float | None
    verdict: str
    reasons: tuple[str, ...]
    elapsed_ms: float
    output: str | None
    metadata: dict | None = None
    orientation: int | None = None  # turn corrected (0/90/180/270 CCW), None when not checked

    def as_json_dict(self) -> dict:
        """The documented JSON contract (NaN becomes null)."""

        def num(v):
            return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 4)

        return {
            "path": self.path,
            "ok": self.ok,
            "error": self.error,
            "page_quad": None if self.page_quad is None else [[round(x, 2), round(y, 2)] for x, y in self.page_quad],
            "skew_deg": round(self.skew_deg, 4),
            "sharpness": num(self.sharpness),
            "dpi": num(self.dpi),
            "verdict": self.verdict,
            "reasons": list(self.reasons),
            "elapsed_ms": round(self.elapsed_ms, 2),
            "output": self.output,
            "orientation": self.orientation,
        }


@dataclasses.dataclass(frozen=True)
class BarcodeFile:
    path: str
    ok: bool
    error: str | None
    codes: tuple[dict, ...]
    elapsed_ms: float

    def as_json_dict(self) -> dict:
        d: dict[str, Any] = {"path": self.path, "codes": list(self.codes)}
        if not self.ok:
            d["error"] = self.error
        return d


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _failed(path: str, error: str, elapsed_ms: float = 0.0) -> ProcessedFile:
    return ProcessedFile(path, False, error, None, 0.0, float("nan"), None, "reject", (), elapsed_ms, None)


def process_file(path: str | Path, profile: Profile, out_dir: Path | None = None) -> ProcessedFile:
    """Load, process and optionally write one page; never raises for bad input."""
    p = str(path)
    try:
        frame = load_image(path)
    except ImageError as exc:
        return _failed(p, str(exc))
    except MemoryError:
        return _failed(p, f"{p}: not enough memory to decode")
    try:
        result: PageResult = process_frame(frame, profile)
    except ValueError as exc:
        return _failed(p, f"{p}: {exc}")
    result = _upright(result)
    output = None
    if out_dir is not None:
        target = Path(out_dir) / (Path(p).stem + ".jpg")
        n = 1
        while target.exists():
            target = Path(out_dir) / f"{Path(p).stem}-{n}.jpg"
            n += 1
        try:
            _write_atomic(target, encode_jpeg(result.page, profile.jpeg_quality))
        except OSError as exc:
            return dataclasses.replace(
                _from_result(p, result, None), ok=False, error=f"{target}: cannot write ({exc.strerror or exc})"
            )
        output = str(target)
    return _from_result(p, result, output)


def _upright(r: PageResult) -> PageResult:
    """The page turned upright (0/90/180/270) when the OCR engine is installed (issue #16).

    The axis comes from the ink profile, 0 against 180 from the OCR text-direction classifier
    (``bench/bench_orientation.py --ocr``); without the engine the page is left as it is (the
    profile's 0/180 is not reliable).  Recorded in ``metadata["orientation"]``.
    """
    from archivist_desktop.imaging import ocr
    from archivist_desktop.imaging.orientation import detect_orientation, upright

    if not ocr.available():
        return r
    t0 = time.perf_counter()
    o = detect_orientation(r.page, use_ocr=True)
    applied = o.turn != 0 and o.n_lines >= 3
    meta = dict(r.metadata or {})
    meta["orientation"] = {
        "turn": o.turn if applied else 0,
        "detected": o.turn,
        "confidence": o.confidence,
        "lines": o.n_lines,
        "applied": applied,
        "ms": round((time.perf_counter() - t0) * 1000, 1),
    }
    page = upright(r.page, o.turn) if applied else r.page
    return dataclasses.replace(r, page=page, metadata=meta)


def _from_result(path: str, r: PageResult, output: str | None) -> ProcessedFile:
    return ProcessedFile(
        path=path,
        ok=True,
        error=None,
        page_quad=r.quad,
        skew_deg=r.skew_deg,
        sharpness=r.sharpness,
        dpi=r.dpi,
        verdict=r.verdict,
        reasons=r.reasons,
        elapsed_ms=r.elapsed_ms,
        output=output,
        metadata=r.metadata,
        orientation=(r.metadata or {}).get("orientation", {}).get("turn"),
    )


def process_files(
    paths: Iterable[str | Path], profile: str | Profile = "default", out_dir: str | Path | None = None
) -> Iterator[ProcessedFile]:
    """Process image files one after another, yielding a result per file.

    Parameters
    ----------
    paths : iterable of path
    profile : str or Profile
        Profile name (``resources/profiles/<name>.toml``) or a loaded profile.
    out_dir : path, optional
        Where to write processed pages as JPEG (``<stem>.jpg``; never overwrites).

    Raises
    ------
    ValueError
        Only for an unknown or invalid profile (before any file is touched).
    """
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    out = Path(out_dir) if out_dir is not None else None
    for p in paths:
        yield process_file(p, prof, out)


def read_barcode_files(paths: Iterable[str | Path]) -> Iterator[BarcodeFile]:
    """Read the barcodes of image files, one result per file."""
    for path in paths:
        p = str(path)
        try:
            img = load_image(path)
        except ImageError as exc:
            yield BarcodeFile(p, False, str(exc), (), 0.0)
            continue
        t = time.perf_counter()
        codes = read_barcodes(img)
        yield BarcodeFile(p, True, None, tuple(c.as_dict() for c in codes), (time.perf_counter() - t) * 1e3)


def ocr_files(
    paths: Iterable[str | Path], *, threads: int | None = None, max_side: int | None = None
) -> Iterator[dict[str, Any]]:
    """The text of image files (``archivist-desktop ocr``), one JSON-ready dict per file.

    ``{"path", "ok": True, "text", "lines", "elapsed_ms", "engine"}``, or ``{"path", "ok": False,
    "error"}`` for a file that cannot be read.  Raises ``ocr.OcrUnavailable`` (a ``KnownError``)
    when the OCR engine is not installed, before any file is read.
    """
    from archivist_desktop.errors import KnownError
    from archivist_desktop.imaging import ocr

    if threads is not None:
        ocr.set_threads(threads)
    if not ocr.available():
        raise ocr.OcrUnavailable("the OCR engine (rapidocr-onnxruntime) is not installed: run scripts/setup.sh")
    for path in paths:
        try:
            img = load_image(path)
            result = ocr.recognise(img) if max_side is None else ocr.recognise(img, max_side=max_side)
        except KnownError as exc:
            yield {"path": str(path), "ok": False, "error": str(exc)}
            continue
        yield {"path": str(path), "ok": True, **result.to_json()}
