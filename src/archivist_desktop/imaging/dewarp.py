"""Flatten the curvature of a bound page from its text lines.

A page of an open book bends towards the gutter, so its text lines are curves.  This module
finds the text lines on a reduced copy, fits one smooth vertical displacement field to all of
them and resamples the full-resolution page once (:func:`cv2.remap`) so the lines come out
straight.  The model is the text-line disparity model of Leptonica's dewarper (D. Bloomberg,
"Textline-based page dewarping", leptonica.org/dewarping.html) in a least-squares form: every
line ``l`` is ``y = c_l + D(x, y)`` with one offset ``c_l`` per line and a field

    D(u, v) = sum_{i=1..3, j=0..2} a_ij u^i v^j          (u, v: page coordinates in [-0.5, 0.5])

i.e. a cubic in x (the sheet's cross-section, as in page-dewarp's cubic-sheet model) whose
coefficients vary quadratically down the page (perspective and a tilted spine).  The field is
fitted robustly (iteratively re-weighted), evaluated only over the extent of the text it was
fitted to, and anchored at the text's centre column (that column does not move).

A flat page is never made worse: with too few lines, or when the field is smaller than a pixel,
or does not explain the bending markedly better than straight lines, the input is returned
unchanged (the same array object).
"""

from __future__ import annotations

import dataclasses
import time

import cv2
import numpy as np

__all__ = ["DewarpResult", "TextLine", "dewarp_page", "find_text_lines", "line_fit_residual"]

_ANALYSIS_LONG_SIDE = 1000


@dataclasses.dataclass(frozen=True)
class TextLine:
    """A text line's centre line: ``points`` ``(n, 2)`` (x, y) in the image's pixels, x increasing."""

    points: np.ndarray

    @property
    def width(self) -> float:
        return float(self.points[-1, 0] - self.points[0, 0]) if len(self.points) else 0.0


@dataclasses.dataclass(frozen=True)
class DewarpResult:
    """Outcome of :func:`dewarp_page`.

    Attributes
    ----------
    image : ndarray
        The flattened page (the input object itself when ``changed`` is False).
    changed : bool
    reason : str
        ``flattened``, ``few_lines``, ``flat`` (no curvature found) or ``no_gain``.
    lines : int
        Text lines used.
    residual_before, residual_after : float
        Median RMS distance of the lines' points from a straight line fitted to each, over the
        page height, before and as predicted after the correction (NaN without lines).
    max_shift_px : float
        Largest vertical displacement applied, full-resolution pixels.
    elapsed_ms : float
    """

    image: np.ndarray
    changed: bool
    reason: str
    lines: int
    residual_before: float
    residual_after: float
    max_shift_px: float
    elapsed_ms: float

    def as_dict(self) -> dict[str, object]:
        d = dataclasses.asdict(self)
        d.pop("image")
        return d


def _grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def _reduce(grey: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    h, w = grey.shape[:2]
    s = min(1.0, long_side / max(h, w))
    if s < 1.0:
        grey = cv2.resize(grey, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    return grey, s


def _ink_mask(grey: np.ndarray) -> np.ndarray:
    """Dark strokes on the local paper: 255 where ink."""
    h, w = grey.shape
    k = max(15, (min(h, w) // 20) | 1)
    bg = cv2.morphologyEx(grey, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k // 2 | 1, k // 2 | 1)))
    bg = cv2.GaussianBlur(bg, (0, 0), k / 4)
    norm = grey.astype(np.float32) / np.maximum(bg.astype(np.float32), 1.0)
    ink = (norm < 0.78).astype(np.uint8) * 255
    # ink must also be darker than the paper by a visible margin (no noise on a dark fold)
    ink[(bg.astype(np.int16) - grey.astype(np.int16)) < 25] = 0
    return ink


def find_text_lines(image: np.ndarray, min_width_frac: float = 0.12) -> list[TextLine]:
    """Centre lines of the text lines of a page image (BGR or grey), in its pixels.

    Characters are found as dark strokes on the local paper, joined along the line direction by
    a horizontal closing sized to the median character height, and every elongated blob at
    least ``min_width_frac`` of the page wide becomes a line, sampled every few pixels at the
    mean height of its ink.
    """
    grey = _grey(image)
    small, s = _reduce(grey, _ANALYSIS_LONG_SIDE)
    h, w = small.shape
    ink = _ink_mask(small)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return []
    hs = stats[1:, cv2.CC_STAT_HEIGHT]
    ws = stats[1:, cv2.CC_STAT_WIDTH]
    areas = stats[1:, cv2.CC_STAT_AREA]
    glyph = (hs >= 3) & (hs < h * 0.05) & (ws < w * 0.2) & (areas >= 4)
    if glyph.sum() < 20:
        return []
    xh = float(np.median(hs[glyph]))
    keep = np.zeros(n, bool)
    keep[1:] = glyph
    chars = (keep[lab]).astype(np.uint8) * 255
    kw = max(3, int(round(xh * 2.5)))
    joined = cv2.morphologyEx(chars, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (kw, 1)))
    joined = cv2.morphologyEx(
        joined, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(1, int(xh * 0.3))))
    )
    m, lab2, st2, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    lines: list[TextLine] = []
    step = max(3, int(round(xh)))
    for i in range(1, m):
        x0, y0, bw, bh = st2[i, :4]
        # a curved line's box is tall: judge its mean thickness, not its box
        if bw < w * min_width_frac or st2[i, cv2.CC_STAT_AREA] / bw > 2.2 * xh or bh > 0.25 * h:
            continue
        sub = (lab2[y0 : y0 + bh, x0 : x0 + bw] == i) & (chars[y0 : y0 + bh, x0 : x0 + bw] > 0)
        ys = np.arange(bh, dtype=np.float64)[:, None]
        pts = []
        for c0 in range(0, bw - step + 1, step):
            col = sub[:, c0 : c0 + step]
            cnt = col.sum()
            if cnt < 2:
                continue
            # the middle of the ink span in this slice (robust to ascenders/descenders)
            rows = np.nonzero(col.any(axis=1))[0]
            yc = 0.5 * (rows[0] + rows[-1]) if rows[-1] - rows[0] <= 1.6 * xh else float((col * ys).sum() / cnt)
            pts.append((x0 + c0 + step / 2.0, y0 + yc))
        if len(pts) >= 6:
            p = (np.asarray(pts, np.float64) + 0.5) / s - 0.5
            lines.append(TextLine(p))
    return lines


def _straight_rms(p: np.ndarray) -> float:
    a = np.polyfit(p[:, 0], p[:, 1], 1)
    r = p[:, 1] - np.polyval(a, p[:, 0])
    return float(np.sqrt(np.mean(r**2)))


def line_fit_residual(lines: list[TextLine], height: float) -> float:
    """Median over ``lines`` of the RMS distance of a line's points from its straight-line fit,
    over ``height`` (NaN without lines)."""
    if not lines or height <= 0:
        return float("nan")
    return float(np.median([_straight_rms(t.points) for t in lines]) / height)


def _design(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    cols = [u**i * v**j for i in (1, 2, 3) for j in (0, 1, 2)]
    return np.stack(cols, axis=-1)


def _fit_field(lines: list[TextLine], w: float, h: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Coefficients ``a`` (9) of D and the per-point residuals (px), or None."""
    us, vs, ys, idx = [], [], [], []
    for k, t in enumerate(lines):
        us.append(t.points[:, 0] / w - 0.5)
        vs.append(t.points[:, 1] / h - 0.5)
        ys.append(t.points[:, 1])
        idx.append(np.full(len(t.points), k))
    u, v, y, li = (np.concatenate(a) for a in (us, vs, ys, idx))
    nl = len(lines)
    a_mat = np.zeros((len(u), nl + 9))
    a_mat[np.arange(len(u)), li] = 1.0
    a_mat[:, nl:] = _design(u, v) * h  # coefficients in page heights
    wts = np.ones(len(u))
    sol = None
    for _ in range(4):
        sw = np.sqrt(wts)[:, None]
        sol, *_ = np.linalg.lstsq(a_mat * sw, y * sw[:, 0], rcond=None)
        r = y - a_mat @ sol
        mad = float(np.median(np.abs(r))) * 1.4826 + 1e-6
        wts = 1.0 / (1.0 + (r / (2.5 * mad)) ** 2)  # Cauchy weights
    assert sol is not None
    return sol[nl:], y - a_mat @ sol


def dewarp_page(
    image: np.ndarray,
    *,
    min_lines: int = 4,
    min_shift_px: float = 1.0,
    min_gain: float = 0.3,
) -> DewarpResult:
    """Flatten a curved page (BGR/grey ``uint8``); return it unchanged when it is flat.

    Parameters
    ----------
    image : ndarray
        The page, cropped (e.g. :attr:`PageResult.page`), full resolution.  Not modified.
    min_lines : int
        Fewer text lines than this: unchanged (``few_lines``).
    min_shift_px : float
        The field's largest displacement at the analysis scale (about 1000 px long side) below
        which the page counts as flat.
    min_gain : float
        Share by which the field must reduce the lines' straight-line residual.

    Examples
    --------
    >>> flat = np.full((400, 300, 3), 255, np.uint8)
    >>> dewarp_page(flat).changed
    False
    """
    t0 = time.perf_counter()
    if image.ndim not in (2, 3) or image.dtype != np.uint8:
        raise ValueError("dewarp_page expects an 8-bit grey or BGR image")
    H, W = image.shape[:2]
    lines = find_text_lines(image)
    before = line_fit_residual(lines, H)

    def unchanged(reason: str, after: float = float("nan")) -> DewarpResult:
        return DewarpResult(image, False, reason, len(lines), before, after, 0.0, (time.perf_counter() - t0) * 1e3)

    if len(lines) < min_lines:
        return unchanged("few_lines")
    fit = _fit_field(lines, W, H)
    if fit is None:
        return unchanged("few_lines")
    coef, _ = fit
    allp = np.concatenate([t.points for t in lines])
    u_lo, u_hi = allp[:, 0].min() / W - 0.5, allp[:, 0].max() / W - 0.5
    v_lo, v_hi = allp[:, 1].min() / H - 0.5, allp[:, 1].max() / H - 0.5
    u_c = float(np.median(allp[:, 0])) / W - 0.5

    def field(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        uc = np.clip(u, u_lo, u_hi)
        vc = np.clip(v, v_lo, v_hi)
        d = _design(uc, vc) @ coef - _design(np.full_like(uc, u_c), vc) @ coef
        return d * H  # px

    # residual the corrected lines would have (points moved by the field)
    after_vals = []
    for t in lines:
        p = t.points.copy()
        p[:, 1] -= field(p[:, 0] / W - 0.5, p[:, 1] / H - 0.5)
        after_vals.append(_straight_rms(p))
    after = float(np.median(after_vals)) / H
    # the field on a coarse grid (analysis scale)
    gs = max(8, max(H, W) // 64)
    gx = np.arange(0, W + gs, gs, dtype=np.float64)
    gy = np.arange(0, H + gs, gs, dtype=np.float64)
    uu, vv = np.meshgrid(gx / W - 0.5, gy / H - 0.5)
    dd = field(uu, vv)
    # only the bending counts as curvature: remove the best plane (shear/skew) before judging
    a_pl = np.c_[uu.ravel(), vv.ravel(), np.ones(uu.size)]
    pl, *_ = np.linalg.lstsq(a_pl, dd.ravel(), rcond=None)
    bend = float(np.abs(dd.ravel() - a_pl @ pl).max())
    scale = _ANALYSIS_LONG_SIDE / max(H, W)
    if bend * scale < min_shift_px:
        return unchanged("flat", after)
    if not (after <= before * (1.0 - min_gain)):
        return unchanged("no_gain", after)
    # inverse map: a flat output row y_f reads the source at y_s = y_f + D(u, y_s) (fixed point)
    ys = gy[:, None] + dd * 0
    for _ in range(4):
        ys = gy[:, None] + field(uu, ys / H - 0.5)
    map_y_small = ys.astype(np.float32)
    # grid node (i, j) sits at pixel (j*gs, i*gs): resize node grid to pixel grid exactly
    n_y, n_x = map_y_small.shape
    big = cv2.resize(map_y_small, ((n_x - 1) * gs + 1, (n_y - 1) * gs + 1), interpolation=cv2.INTER_LINEAR)
    map_y = np.ascontiguousarray(big[:H, :W])
    map_x = np.ascontiguousarray(np.broadcast_to(np.arange(W, dtype=np.float32)[None, :], (H, W)))
    out = cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    shift = float(np.abs(map_y - np.arange(H, dtype=np.float32)[:, None]).max())
    return DewarpResult(out, True, "flattened", len(lines), before, after, shift, (time.perf_counter() - t0) * 1e3)
