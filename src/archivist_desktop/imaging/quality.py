"""Quality measures of a rectified page and the verdict.

All measures take the page after perspective correction.  Sharpness is measured at
a fixed physical scale (:data:`SHARPNESS_PX_PER_MM`, about 200 dpi) so that it
means the same for every camera and page size.
"""

from __future__ import annotations

import dataclasses
import math

import cv2
import numpy as np

from .io import as_gray8
from .profiles import REASONS, Profile

__all__ = [
    "PAGE_FORMATS_MM",
    "RECEIPT_WIDTHS_MM",
    "SHARPNESS_PX_PER_MM",
    "QualityMetrics",
    "estimate_dpi",
    "measure_exposure",
    "measure_sharpness",
    "verdict",
]

#: Scale at which sharpness is measured: 8 px/mm ≈ 203 dpi (DA/T 31's floor).
SHARPNESS_PX_PER_MM = 8.0

#: Known page formats (short side, long side) in millimetres.
PAGE_FORMATS_MM: dict[str, tuple[float, float]] = {
    "A5": (148.0, 210.0),
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "ID1": (53.98, 85.6),
    "letter": (215.9, 279.4),
}


#: Widths of till-receipt rolls (mm), the document class of a long, narrow page.
RECEIPT_WIDTHS_MM: dict[str, float] = {"receipt_80": 80.0, "receipt_58": 57.5}


@dataclasses.dataclass(frozen=True)
class QualityMetrics:
    """Measured quality of one page (all plain floats, ``nan`` when not measurable)."""

    sharpness: float
    sharpness_tiles: int
    paper_level: float
    clipped_fraction: float
    glare_fraction: float
    ink_fraction: float
    dpi: float | None
    page_format: str | None


def measure_sharpness(gray: np.ndarray, *, min_contrast: float = 40.0, min_edges: int = 150) -> float:
    """Edge steepness of a grey page region at :data:`SHARPNESS_PX_PER_MM`.

    For every pixel on a strong edge, the gradient magnitude (per pixel) is divided
    by the local step height (max − min in a 7×7 window); the 90th percentile of
    this ratio is taken per gradient direction (4 bins) and the *smallest* over the
    directions is returned, so that motion blur, which only softens edges across
    its direction, is caught.  A perfectly sharp step gives about 0.5; a Gaussian
    blur of σ pixels gives about 0.4/σ.

    Parameters
    ----------
    gray : ndarray
        ``(H, W)`` ``uint8`` grey (BGR is converted), sampled at about 8 px/mm.
    min_contrast : float
        Smallest local step (grey levels) that counts as an edge.
    min_edges : int
        Fewer edge pixels in a direction bin than this and the bin is ignored.

    Returns
    -------
    float
        The sharpness, or ``nan`` when the region has too few edges (blank).

    Examples
    --------
    >>> img = np.full((64, 64), 230, np.uint8); img[:, 32:] = 30; img[32:, :] = 30
    >>> round(measure_sharpness(img, min_edges=10), 2)
    0.5
    """
    g = as_gray8(gray)
    if min(g.shape) < 8:
        return float("nan")
    gf = g.astype(np.float32)
    gx = cv2.Sobel(gf, cv2.CV_32F, 1, 0, ksize=3, scale=0.125)
    gy = cv2.Sobel(gf, cv2.CV_32F, 0, 1, ksize=3, scale=0.125)
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7))
    contrast = cv2.dilate(g, k).astype(np.float32) - cv2.erode(g, k).astype(np.float32)
    mag = cv2.magnitude(gx, gy)
    sel = contrast >= min_contrast
    if int(sel.sum()) < min_edges:
        return float("nan")
    ratio = mag[sel] / contrast[sel]
    gxs, gys = np.abs(gx[sel]), np.abs(gy[sel])
    # direction bins: 0 ≈ horizontal gradient, 2 ≈ vertical, 1 and 3 the diagonals
    t = np.float32(math.tan(math.pi / 8))
    horiz = gys <= t * gxs
    vert = gxs <= t * gys
    diag = ~(horiz | vert)
    same = (gx[sel] * gy[sel]) > 0
    vals = []
    for m in (horiz, vert, diag & same, diag & ~same):
        r = ratio[m]
        if len(r) >= min_edges:
            kth = int(0.9 * (len(r) - 1))
            vals.append(float(np.partition(r, kth)[kth]))
    return min(vals) if vals else float("nan")


def measure_exposure(bgr: np.ndarray) -> tuple[float, float, float, float]:
    """Paper level, clipped fraction, glare fraction and ink fraction of a page.

    Parameters
    ----------
    bgr : ndarray
        ``(H, W, 3)`` ``uint8`` page, best at 2–4 px/mm (it is not resized).

    Returns
    -------
    paper_level : float
        90th percentile of grey (0–255): the brightness of the paper.
    clipped_fraction : float
        Share of pixels clipped at white in every channel (≥ 250).
    glare_fraction : float
        Share of the page covered by compact clipped blobs that are much brighter
        than the paper around them (specular reflections).
    ink_fraction : float
        Share of pixels that are ink (darker than their surroundings).
    """
    if bgr.ndim != 3 or bgr.shape[2] != 3 or bgr.dtype != np.uint8:
        raise ValueError("measure_exposure expects an (H, W, 3) uint8 BGR page")
    h, w = bgr.shape[:2]
    g = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    hist = np.bincount(g.ravel(), minlength=256).cumsum()
    paper = float(np.searchsorted(hist, 0.9 * hist[-1]))
    clipped = (bgr.min(axis=2) >= 250).astype(np.uint8)
    clipped_frac = float(clipped.mean())
    glare = 0.0
    if 0 < clipped_frac < 0.5:
        # Paper level around each pixel, ignoring the clipped blobs themselves.
        n, labels, stats, _c = cv2.connectedComponentsWithStats(clipped, connectivity=8)
        min_area = max(4, int(0.0003 * h * w))
        area = 0
        for i in range(1, n):
            x, y, bw, bh, a = stats[i]
            if a < min_area:
                continue
            # compact blob (not a thin white line) whose surroundings are not clipped
            if a < 0.3 * bw * bh:
                continue
            # The paper around it (a ring one blob-size out) must be clearly below
            # clipping: a specular highlight, not paper that is merely bright.
            pad = max(2, int(max(bw, bh)))
            x0, y0, x1, y1 = max(0, x - pad), max(0, y - pad), min(w, x + bw + pad), min(h, y + bh + pad)
            ring = g[y0:y1, x0:x1][labels[y0:y1, x0:x1] != i]
            if ring.size and float(np.median(ring)) < 238:
                area += a
        glare = area / float(h * w)
    block = max(15, (max(h, w) // 40) | 1)
    ink = cv2.adaptiveThreshold(g, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 25)
    ink_frac = float(np.count_nonzero(ink)) / ink.size
    return paper, clipped_frac, glare, ink_frac


def estimate_dpi(
    page_w_px: float,
    page_h_px: float,
    frame_long_px: float,
    profile: Profile,
    *,
    is_whole_image: bool = False,
    cut_off: bool = False,
) -> tuple[float | None, str | None]:
    """Effective resolution (dpi) and guessed paper format of a page.

    With a calibrated camera (``profile.camera_px_per_mm``) the dpi is exact and the
    format is the known one nearest in size.  Otherwise the format is guessed from
    the page's aspect ratio (A-series, ID-1 card, letter); A5/A4/A3 — which share a
    shape — are told apart by the desk length the camera typically sees
    (``profile.field_of_view_mm``).  A fixed ``profile.page_format`` skips the guess.

    Returns
    -------
    dpi : float or None
        ``None`` when the format cannot be guessed.
    format : str or None
    """
    short, long_ = sorted((float(page_w_px), float(page_h_px)))
    if short <= 0:
        return None, None
    if profile.camera_px_per_mm > 0 and not is_whole_image:
        ppm = profile.camera_px_per_mm
        mm_long = long_ / ppm
        fmt = min(PAGE_FORMATS_MM, key=lambda f: abs(math.log(PAGE_FORMATS_MM[f][1] / mm_long)))
        return ppm * 25.4, fmt
    if cut_off and not is_whole_image:
        # Only part of the page is visible: its shape says nothing; use the camera's
        # typical desk scale.
        return frame_long_px / profile.field_of_view_mm * 25.4, None
    if profile.page_format != "auto":
        if profile.page_format not in PAGE_FORMATS_MM:
            raise ValueError(f"unknown page format {profile.page_format!r}")
        fmt = profile.page_format
        return long_ / PAGE_FORMATS_MM[fmt][1] * 25.4, fmt
    ratio = long_ / short
    expected_ppm = frame_long_px / profile.field_of_view_mm
    if ratio >= 1.9 and not is_whole_image:
        # A till receipt or ticket: long and narrow; its width is the roll's (80 or
        # 57.5 mm), whichever gives the scale nearest the camera's typical one.
        width = min(RECEIPT_WIDTHS_MM.values(), key=lambda wd: abs(math.log((short / wd) / expected_ppm)))
        fmt = next(k for k, v in RECEIPT_WIDTHS_MM.items() if v == width)
        return short / width * 25.4, fmt
    # The shape tells the family (A-series, ID-1 card, letter); A5, A4 and A3 share
    # one shape and are told apart by the camera's typical scale.
    shapes = {name: lg / sh for name, (sh, lg) in PAGE_FORMATS_MM.items()}
    near = [f for f, r in shapes.items() if abs(ratio / r - 1) < 0.045]
    if not near:
        return None, None
    if is_whole_image:
        # A cropped scan: nothing tells the physical size; A4 is the common case.
        fmt = "A4" if "A4" in near else near[0]
    else:
        fmt = min(near, key=lambda f: abs(math.log((long_ / PAGE_FORMATS_MM[f][1]) / expected_ppm)))
    return long_ / PAGE_FORMATS_MM[fmt][1] * 25.4, fmt


def verdict(reasons: list[str], profile: Profile, *, blurry_severity: str | None = None) -> str:
    """``accept``, ``warn`` or ``reject`` for a list of reasons, by the profile's severities."""
    worst = "accept"
    for r in reasons:
        if r not in REASONS:
            raise ValueError(f"unknown reason {r!r}")
        sev = blurry_severity if (r == "blurry" and blurry_severity) else profile.severity[r]
        if sev == "reject":
            return "reject"
        worst = "warn"
    return worst
