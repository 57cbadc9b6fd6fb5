"""Cheap analysis of live-view frames: page quad, sharpness and motion.

Runs on every preview frame (~1280 px), so it works on a 320 px copy, uses the
fast page detection (no edge fitting) and measures sharpness on a central crop.
Auto-capture fires when ``motion`` has been low for a moment after a change and the
page is found and sharp.
"""

from __future__ import annotations

import dataclasses
import time

import cv2
import numpy as np

from .io import as_bgr8
from .page import detect_page, reduce_image
from .quality import measure_sharpness

__all__ = ["PreviewAnalysis", "analyse_preview"]

_THUMB = (64, 48)


@dataclasses.dataclass(frozen=True)
class PreviewAnalysis:
    """Result of :func:`analyse_preview`.

    Attributes
    ----------
    quad : tuple of 4 (x, y) or None
        Page corners in preview-frame pixels, clockwise from the top-left; None when
        no page boundary is visible.
    cut_off : bool
    sharpness : float
        Edge steepness on the page (relative: preview scale, not 8 px/mm); NaN
        when there are no edges.
    motion : float
        Mean absolute change from the previous frame's thumbnail, 0…1 (0 for the
        first frame).
    thumb : ndarray
        ``(48, 64)`` ``float32`` thumbnail; pass it as ``previous`` next time.
    elapsed_ms : float
    """

    quad: tuple[tuple[float, float], ...] | None
    cut_off: bool
    sharpness: float
    motion: float
    thumb: np.ndarray
    elapsed_ms: float


def analyse_preview(frame: np.ndarray, previous: np.ndarray | None = None, *, long_side: int = 320) -> PreviewAnalysis:
    """Analyse one live-view frame.

    Parameters
    ----------
    frame : ndarray
        ``(H, W, 3)`` ``uint8`` BGR preview frame.  Not modified.
    previous : ndarray, optional
        ``thumb`` of the previous result, for the motion measure.
    long_side : int
        Analysis size.

    Returns
    -------
    PreviewAnalysis

    Examples
    --------
    >>> f = np.full((480, 640, 3), 40, np.uint8); f[80:400, 200:440] = 230
    >>> a = analyse_preview(f)
    >>> a.quad is not None, a.motion
    (True, 0.0)
    """
    t0 = time.perf_counter()
    img = as_bgr8(frame)
    if min(img.shape[:2]) < 16:
        raise ValueError(f"preview frame too small: {img.shape[1]}x{img.shape[0]}")
    small, s = reduce_image(img, long_side)
    det = detect_page(img, reduced=small, refine_full=False, fast=True)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    thumb = cv2.resize(gray, _THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)
    motion = 0.0
    if previous is not None:
        if previous.shape != thumb.shape:
            raise ValueError(f"previous thumbnail has shape {previous.shape}, expected {thumb.shape}")
        motion = float(np.mean(np.abs(thumb - previous))) / 255.0
    # Sharpness on the central half of the page's bounding box (or of the frame).
    q = (det.quad + 0.5) * s - 0.5
    x0, y0 = np.maximum(q.min(axis=0), 0)
    x1, y1 = np.minimum(q.max(axis=0), [small.shape[1] - 1, small.shape[0] - 1])
    cx, cy, hw, hh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 4, (y1 - y0) / 4
    crop = gray[int(cy - hh) : int(cy + hh) + 1, int(cx - hw) : int(cx + hw) + 1]
    sharp = measure_sharpness(crop, min_contrast=30.0, min_edges=30) if crop.size else float("nan")
    quad = tuple((float(x), float(y)) for x, y in det.quad) if det.found else None
    return PreviewAnalysis(quad, det.cut_off, sharp, motion, thumb, (time.perf_counter() - t0) * 1e3)
