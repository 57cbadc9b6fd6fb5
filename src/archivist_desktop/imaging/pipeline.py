"""The capture pipeline: frame → page quad → one warp (crop + deskew) → quality verdict.

:func:`process_frame` is the entry point; it follows DESIGN §4: everything is
analysed on a reduced copy, the full-resolution frame is resampled once, and the
processing parameters are recorded in :attr:`PageResult.metadata`.
"""

from __future__ import annotations

import dataclasses
import math
import time
from typing import Any

import cv2
import numpy as np

from .io import MIN_SIDE, as_bgr8
from .page import detect_page, quad_angle_deg, reduce_image
from .profiles import REASONS, Profile
from .quality import (
    SHARPNESS_PX_PER_MM,
    QualityMetrics,
    estimate_dpi,
    measure_exposure,
    measure_sharpness,
    verdict,
)
from .skew import estimate_skew
from .warp import page_homography, page_size, scale_quad, warp_page

__all__ = ["PIPELINE_VERSION", "PageResult", "process_frame"]

PIPELINE_VERSION = 1
_TILE = 128  # side of a sharpness tile at 8 px/mm (16 mm)


@dataclasses.dataclass(frozen=True)
class PageResult:
    """Outcome of :func:`process_frame` (plain data, safe to hand to any thread).

    Attributes
    ----------
    page : ndarray
        The cropped, deskewed page, ``(h, w, 3)`` ``uint8`` BGR, full resolution.
    quad : tuple of 4 (x, y)
        Page corners in frame pixels, clockwise from the page's top-left.
    page_found : bool
        False when no page boundary was visible (the whole frame is the page).
    cut_off : bool
    skew_deg : float
        Rotation of the page content in the frame, degrees CCW positive.
    sharpness : float
        Edge steepness at 8 px/mm (≈0.5 sharp, below ~0.25 blurred); NaN if blank.
    dpi : float or None
        Effective resolution of the page.
    page_format : str or None
    verdict : str
        ``accept``, ``warn`` or ``reject``.
    reasons : tuple of str
        From :data:`~archivist_desktop.imaging.profiles.REASONS`.
    metrics : QualityMetrics
    metadata : dict
        Processing parameters (profile, homography, angles, scales, versions, timings).
    elapsed_ms : float
    """

    page: np.ndarray
    quad: tuple[tuple[float, float], ...]
    page_found: bool
    cut_off: bool
    skew_deg: float
    sharpness: float
    dpi: float | None
    page_format: str | None
    verdict: str
    reasons: tuple[str, ...]
    metrics: QualityMetrics
    metadata: dict[str, Any]
    elapsed_ms: float


def _paper_fill(small: np.ndarray) -> tuple[int, int, int]:
    b = max(1, min(small.shape[:2]) // 50)
    border = np.concatenate(
        [small[:b].reshape(-1, 3), small[-b:].reshape(-1, 3), small[:, :b].reshape(-1, 3), small[:, -b:].reshape(-1, 3)]
    )
    b_, g_, r_ = (int(v) for v in np.median(border, axis=0))
    return b_, g_, r_


def _border_shows_desk(small: np.ndarray) -> bool:
    """Whether a strip along some side of the frame differs from the paper in the
    middle (desk, a facing page or the gap of a book), i.e. the frame is no cropped scan."""
    h, w = small.shape[:2]
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2Lab).astype(np.float32)
    b = max(2, min(h, w) // 40)
    centre = np.median(lab[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4].reshape(-1, 3), axis=0)
    for strip in (lab[:b], lab[-b:], lab[:, :b], lab[:, -b:]):
        px = strip.reshape(-1, 3)
        # share of the strip's pixels far (Delta E > 30) from the paper colour
        far = np.sqrt(((px - centre) ** 2).sum(axis=1)) > 30.0
        if float(far.mean()) > 0.3:
            return True
    return False


def _lighter_than_around(small: np.ndarray, quad_small: np.ndarray, margin: float = 10.0) -> bool:
    """Whether the paper inside ``quad_small`` is lighter than the frame outside it (grey levels,
    90th percentiles, by more than ``margin``); ``False`` when too little of the frame is outside."""
    g = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    inside = np.zeros(g.shape, np.uint8)
    cv2.fillConvexPoly(inside, np.round(quad_small).astype(np.int32), 1)
    outside = g[inside == 0]
    if outside.size < 0.05 * g.size or not inside.any():
        return False
    return float(np.percentile(g[inside == 1], 90)) > float(np.percentile(outside, 90)) + margin


def _sharpness_of_page(
    page: np.ndarray, page_ppm: float, tiles_page: list[tuple[float, float]], resolution_known: bool = True
) -> tuple[float, int]:
    """Median sharpness over tiles centred at ``tiles_page`` (output-page pixels),
    measured at 8 px/mm; below that made comparable (:func:`_low_resolution_allowance`) when the
    resolution is known (a guess of it makes no allowance)."""
    f = min(1.0, SHARPNESS_PX_PER_MM / page_ppm) if page_ppm > 0 else 1.0
    tile_in = max(16, int(round(_TILE / f)))  # 16 mm at the measuring scale
    h, w = page.shape[:2]
    vals = []
    for cx, cy in tiles_page:
        x0 = int(np.clip(round(cx - tile_in / 2), 0, max(0, w - tile_in)))
        y0 = int(np.clip(round(cy - tile_in / 2), 0, max(0, h - tile_in)))
        crop = page[y0 : y0 + tile_in, x0 : x0 + tile_in]
        if crop.shape[0] < 8 or crop.shape[1] < 8:
            continue
        g = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
        if f < 0.999:
            g = cv2.resize(
                g,
                (max(8, int(round(g.shape[1] * f))), max(8, int(round(g.shape[0] * f)))),
                interpolation=cv2.INTER_AREA,
            )
        v = measure_sharpness(g, min_edges=60)
        if not math.isnan(v):
            vals.append(v)
    if not vals:
        return float("nan"), 0
    allowance = _low_resolution_allowance(page_ppm) if resolution_known else 1.0
    return float(np.median(vals)) * allowance, len(vals)


def _low_resolution_allowance(page_ppm: float) -> float:
    """Factor that makes a page measured below :data:`SHARPNESS_PX_PER_MM` comparable to one at it.

    Below 8 px/mm the tiles are measured at their own resolution: print strokes there are only a
    pixel or two wide, and the camera's own blur of about a pixel spans more of every stroke, so a
    sharp page scores lower than the same page taken closer (sharp pages of the second scene family
    score ≥ 0.31 at 8–11 px/mm and down to 0.26 at 5–6 px/mm, blurred ones ≤ 0.19 at every
    resolution).  The factor ``(8 / ppm) ** 0.35`` (1.18 at 5 px/mm) takes that out, so that one
    threshold means the same at every resolution; a low resolution is reported as ``low_dpi``,
    not a second time as ``blurry``.
    """
    if page_ppm <= 0 or page_ppm >= SHARPNESS_PX_PER_MM:
        return 1.0
    return float((SHARPNESS_PX_PER_MM / max(page_ppm, 2.0)) ** 0.35)


def _tile_centres(page_small: np.ndarray, tile_small: float, count: int = 8) -> np.ndarray:
    """Centres (x, y) of the ``count`` most textured tiles of a small page image."""
    t = max(4, int(round(tile_small)))
    g = cv2.cvtColor(page_small, cv2.COLOR_BGR2GRAY)
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    e = (cv2.morphologyEx(g, cv2.MORPH_GRADIENT, k) > 40).astype(np.float32)
    ny, nx = e.shape[0] // t, e.shape[1] // t
    if ny == 0 or nx == 0:
        return np.array([[g.shape[1] / 2, g.shape[0] / 2]])
    dens = e[: ny * t, : nx * t].reshape(ny, t, nx, t).mean(axis=(1, 3))
    order = np.argsort(-dens, axis=None)[:count]
    out = [((o % nx + 0.5) * t, (o // nx + 0.5) * t) for o in order if dens.flat[o] >= 0.01]
    return np.array(out, np.float64).reshape(-1, 2)


def _aligned_rectangle(quad: np.ndarray, angle_deg: float) -> np.ndarray:
    """The smallest rectangle rotated by ``angle_deg`` (CCW) that contains ``quad``."""
    a = math.radians(angle_deg)
    c = quad.mean(axis=0)
    # page axes in frame coordinates (y down): x axis (cos a, -sin a), y axis (sin a, cos a)
    ux = np.array([math.cos(a), -math.sin(a)])
    uy = np.array([math.sin(a), math.cos(a)])
    d = quad - c
    px, py = d @ ux, d @ uy
    x0, x1, y0, y1 = px.min(), px.max(), py.min(), py.max()
    return np.array([c + x * ux + y * uy for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))])


def process_frame(frame: np.ndarray, profile: Profile | None = None) -> PageResult:
    """Find, crop, deskew and check the page in a camera frame.

    Parameters
    ----------
    frame : ndarray
        ``(H, W, 3)`` BGR (or grey / BGRA, ``uint8`` or ``uint16``; converted) camera
        frame or scan, at full resolution.  Not modified.
    profile : Profile, optional
        Thresholds and options; the built-in defaults when omitted.

    Returns
    -------
    PageResult

    Raises
    ------
    ValueError
        If ``frame`` is not an image array or is smaller than 16 px a side.

    Examples
    --------
    >>> frame = np.full((600, 800, 3), 40, np.uint8)
    >>> frame[100:500, 250:530] = 235
    >>> r = process_frame(frame)
    >>> r.page_found, r.page.shape[:2]
    (True, (400, 280))
    """
    t0 = time.perf_counter()
    profile = profile or Profile()
    img = as_bgr8(frame)
    H_, W_ = img.shape[:2]
    if min(H_, W_) < MIN_SIDE:
        raise ValueError(f"image too small to process: {W_}x{H_} px (at least {MIN_SIDE} px a side)")
    timings: dict[str, float] = {}

    def lap(name: str, t: float) -> float:
        now = time.perf_counter()
        timings[name] = round((now - t) * 1e3, 2)
        return now

    small, s = reduce_image(img, profile.analysis_long_side)
    t = lap("reduce", t0)
    det = detect_page(img, reduced=small, cut_off_margin=profile.cut_off_margin)
    t = lap("detect", t)
    quad = det.quad
    if det.cut_off:
        # Only part of the page is visible: rectify the visible part as a rectangle
        # aligned with the page's own edges (the frame-border edge is not one).
        quad = _aligned_rectangle(quad, quad_angle_deg(quad, det.edges_on_border))
    pw, ph = page_size(quad)
    # The analysis page: the reduced frame rectified (cheap), for skew and exposure.
    sq = scale_quad(quad, s)
    spw, sph = page_size(sq)
    Hs, _ = page_homography(sq, (spw, sph))
    page_small = warp_page(small, Hs, (spw, sph))
    t = lap("analysis_page", t)
    max_skew = profile.max_skew_deg if not det.found else min(5.0, profile.max_skew_deg)
    sk = estimate_skew(page_small, max_angle=max_skew)
    residual = sk.angle if (sk.confidence >= 0.15 and abs(sk.angle) >= profile.min_residual_skew_deg) else 0.0
    t = lap("skew", t)
    fill = None if det.found else _paper_fill(small)
    Hf, out_size = page_homography(quad, (pw, ph), residual, expand=not det.found)
    page = warp_page(img, Hf, out_size, fill=fill)
    t = lap("warp", t)
    dpi, fmt = estimate_dpi(pw, ph, max(W_, H_), profile, is_whole_image=not det.found, cut_off=det.cut_off)
    ppm = (dpi / 25.4) if dpi else max(pw, ph) / 297.0
    # Tiles chosen on the small page, mapped to the output page through the frame.
    tile_small = _TILE / SHARPNESS_PX_PER_MM * ppm * (spw / max(pw, 1))
    centres = _tile_centres(page_small, tile_small)
    if len(centres):
        Hs_inv = np.linalg.inv(Hs)
        pts = cv2.perspectiveTransform(centres.reshape(-1, 1, 2), Hs_inv)  # small frame
        pts = (pts + 0.5) / s - 0.5  # full frame
        pts = cv2.perspectiveTransform(pts, Hf).reshape(-1, 2)
    else:
        pts = np.zeros((0, 2))
    sharp, ntiles = _sharpness_of_page(page, ppm, [tuple(p) for p in pts], resolution_known=dpi is not None)
    t = lap("sharpness", t)
    ex = (
        page_small
        if max(page_small.shape[:2]) <= 700
        else cv2.resize(page_small, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    )
    paper, clipped, glare, ink = measure_exposure(ex)
    t = lap("exposure", t)
    reasons: list[str] = []
    blurry_sev = None
    if not det.found:
        # No page boundary: the whole frame is the page if it looks like one (paper
        # with ink); an empty, dark or coloured desk mat is no page.
        # Yellowed or tinted paper is still paper: only a strongly coloured frame
        # (saturation above 110) is a mat rather than a page.
        sat = float(np.median(cv2.cvtColor(ex, cv2.COLOR_BGR2HSV)[:, :, 1]))
        if ink < profile.blank_ink_fraction or sat > 110 or paper < profile.dark_paper_level:
            reasons.append("no_page")
        elif det.candidate is not None or _border_shows_desk(small):
            # No silent fallback: a camera frame whose border shows desk is not a
            # cropped scan; the whole frame is reported as uncertain.
            reasons.append("page_uncertain")
    elif ink < profile.blank_ink_fraction and paper < profile.dark_paper_level and not _lighter_than_around(small, sq):
        # a dark, empty shape on the desk (a shadow, a dark object) is no page either; a dim
        # page (yellowed paper in low light, its print washed out by blur) is lighter than the
        # desk around it: a page, too dark (and blurry)
        reasons.append("no_page")
    if math.isnan(sharp):
        # Undefined sharpness (too few edges to measure) is never sharp.
        if "no_page" not in reasons:
            reasons.append("blurry")
            blurry_sev = "warn"
    elif sharp < profile.sharpness_warn:
        reasons.append("blurry")
        blurry_sev = "reject" if sharp < profile.sharpness_reject else "warn"
    if glare >= profile.glare_min_fraction:
        reasons.append("glare")
    if paper < profile.dark_paper_level and "no_page" not in reasons:
        reasons.append("too_dark")
    # A scan's paper may be pure white by design; a camera page clipped over most of
    # its area is overexposed.  Either is too bright when the ink is washed out.
    if clipped > profile.bright_clipped_fraction and (det.found or ink < profile.blank_ink_fraction):
        reasons.append("too_bright")
    if det.found and ink < profile.blank_ink_fraction:
        reasons.append("blank")
    if det.cut_off:
        reasons.append("cut_off")
    if dpi is not None and dpi < profile.min_dpi:
        reasons.append("low_dpi")
    reasons.sort(key=REASONS.index)
    v = verdict(reasons, profile, blurry_severity=blurry_sev)
    page_angle = quad_angle_deg(det.quad, det.edges_on_border) if det.found else 0.0
    skew_deg = page_angle + residual
    metrics = QualityMetrics(sharp, ntiles, paper, clipped, glare, ink, dpi, fmt)
    elapsed = (time.perf_counter() - t0) * 1e3
    metadata = {
        "pipeline_version": PIPELINE_VERSION,
        "profile": profile.name,
        "thresholds": profile.as_dict(),
        "frame_size": [W_, H_],
        "analysis_scale": s,
        "detection": {
            "found": det.found,
            "method": det.method,
            "confidence": det.confidence,
            "cut_off": det.cut_off,
            "edge_contrast": list(det.edge_contrast),
            "candidate": None if det.candidate is None else [[float(x), float(y)] for x, y in det.candidate],
        },
        "quad": [[float(x), float(y)] for x, y in det.quad],
        "warp_quad": [[float(x), float(y)] for x, y in quad],
        "page_angle_deg": page_angle,
        "residual_skew_deg": residual,
        "text_skew": {"angle_deg": sk.angle, "confidence": sk.confidence, "points": sk.n_points},
        "homography": Hf.tolist(),
        "output_size": list(out_size),
        "interpolation": "linear",
        "fill": "replicate" if fill is None else list(fill),
        "colour": "BGR, 8 bit, unchanged",
        "metrics": dataclasses.asdict(metrics),
        "opencv": cv2.__version__,
        "timings_ms": timings,
    }
    return PageResult(
        page=page,
        quad=tuple((float(x), float(y)) for x, y in det.quad),
        page_found=det.found,
        cut_off=det.cut_off,
        skew_deg=float(skew_deg),
        sharpness=float(sharp),
        dpi=None if dpi is None else float(dpi),
        page_format=fmt,
        verdict=v,
        reasons=tuple(reasons),
        metrics=metrics,
        metadata=metadata,
        elapsed_ms=elapsed,
    )
