"""Text skew estimation by projection profiles with a coarse-to-fine angle search.

Ink pixels (dark against their local background) are projected on the normal of a
candidate text direction; straight text lines and ruled lines give a spiky profile,
whose energy (sum of squared bin counts) peaks at the true angle.  Points are binned
with linear interpolation so that the energy is a smooth function of the angle and
its peak can be located to a few hundredths of a degree.
"""

from __future__ import annotations

import dataclasses
import math

import cv2
import numpy as np

from .io import as_gray8

__all__ = ["SkewEstimate", "estimate_skew", "ink_mask"]


@dataclasses.dataclass(frozen=True)
class SkewEstimate:
    """Result of :func:`estimate_skew`.

    Attributes
    ----------
    angle : float
        Rotation of the content, degrees counter-clockwise positive (the angle that
        ``cv2.getRotationMatrix2D`` would take to produce it from straight content;
        rotate by ``-angle`` to deskew).  0 when nothing could be measured.
    confidence : float
        0…1: how far the profile-energy peak stands above the energy of other angles.
    n_points : int
        Number of ink pixels used.
    """

    angle: float
    confidence: float
    n_points: int


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Binary mask (``uint8``, 0/255) of pixels clearly darker than their surroundings.

    Parameters
    ----------
    gray : ndarray
        ``(H, W)`` ``uint8`` grey image.
    """
    if gray.ndim != 2 or gray.dtype != np.uint8:
        raise ValueError("ink_mask expects an (H, W) uint8 image")
    block = max(15, (max(gray.shape) // 40) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 18)


def _energy(x: np.ndarray, y: np.ndarray, angles_deg: np.ndarray, bin_px: float) -> np.ndarray:
    """Profile energy (sum of squared bin counts) for each angle.

    Points are histogrammed into bins of ``bin_px / 4`` and the histogram smoothed
    with a triangle of half-width ``bin_px``, which equals binning into ``bin_px``
    bins with linear interpolation (to within a quarter bin), so that the energy is
    a smooth function of the angle.
    """
    sub = 4
    r = float(np.sqrt(np.max(x * x + y * y))) + 2.0 * bin_px
    nb = int(math.ceil(2 * r / bin_px * sub))
    tri = np.concatenate([np.arange(1, sub + 1), np.arange(sub - 1, 0, -1)]).astype(np.float32)
    scale = sub / bin_px
    out = np.empty(len(angles_deg))
    for k, a in enumerate(np.radians(np.asarray(angles_deg, np.float64))):
        p = x * np.float32(math.sin(a) * scale) + y * np.float32(math.cos(a) * scale)
        p += np.float32(r * scale)
        hist = np.bincount(p.astype(np.int32), minlength=nb).astype(np.float32)
        h = np.convolve(hist, tri, mode="valid")
        out[k] = float(h @ h)
    return out


def _subsample(arrs, limit):
    n = len(arrs[0])
    stride = max(1, -(-n // limit))
    return [a[::stride] for a in arrs]


def estimate_skew(image: np.ndarray, *, max_angle: float = 15.0, margin: float = 0.02) -> SkewEstimate:
    """Estimate the skew of text (and ruled lines) in a page image.

    Parameters
    ----------
    image : ndarray
        ``(H, W)`` grey or ``(H, W, 3)`` BGR ``uint8`` page, ideally 800–1600 px on
        the long side (text lines a few pixels high or more).  Not modified.
    max_angle : float
        Search range, ± degrees (≤ 45).
    margin : float
        Share of each side ignored (frame and page edges).

    Returns
    -------
    SkewEstimate
        ``angle`` in degrees, counter-clockwise positive.

    Raises
    ------
    ValueError
        For a wrong shape, dtype or range.

    Examples
    --------
    >>> page = np.full((400, 600), 255, np.uint8)
    >>> page[100:104, 50:550] = 0; page[200:204, 50:550] = 0
    >>> M = cv2.getRotationMatrix2D((300, 200), 3.0, 1.0)
    >>> rotated = cv2.warpAffine(page, M, (600, 400), borderValue=255)
    >>> round(estimate_skew(rotated).angle, 1)
    3.0
    """
    gray = as_gray8(image)
    if not 0 < max_angle <= 45:
        raise ValueError(f"max_angle must be in (0, 45], got {max_angle}")
    h, w = gray.shape
    if min(h, w) < 32:
        return SkewEstimate(0.0, 0.0, 0)
    ink = ink_mask(gray)
    mx, my = int(margin * w), int(margin * h)
    sub = ink[my : h - my, mx : w - mx]
    sh, sw = sub.shape
    ys, xs = np.nonzero(sub)
    n = len(xs)
    if n < 200:
        return SkewEstimate(0.0, 0.0, n)
    x = (xs - sw / 2).astype(np.float32)
    y = (ys - sh / 2).astype(np.float32)
    # Coarse: 1° steps, 2-px bins, on a subsample.
    xc, yc = _subsample((x, y), 6000)
    coarse = np.arange(-max_angle, max_angle + 1e-9, 1.0)
    e = _energy(xc, yc, coarse, 2.0)
    k = int(np.argmax(e))
    a0 = float(coarse[k])
    base = float(np.median(e))
    # Medium: 0.1° steps within ±1°.
    xm, ym = _subsample((x, y), 20000)
    med = a0 + np.arange(-1.0, 1.0 + 1e-9, 0.1)
    em = _energy(xm, ym, med, 1.0)
    a1 = float(med[int(np.argmax(em))])
    # Fine: 0.02° steps within ±0.1°, all points, then a parabola through the top three.
    xf, yf = _subsample((x, y), 50000)
    fine = a1 + np.arange(-0.1, 0.1 + 1e-9, 0.02)
    ef = _energy(xf, yf, fine, 1.0)
    k = int(np.argmax(ef))
    angle = float(fine[k])
    if 0 < k < len(fine) - 1:
        y0, y1, y2 = (float(v) for v in ef[k - 1 : k + 2])  # Python floats: the angle stays a float
        den = y0 - 2 * y1 + y2
        if den < 0:
            angle += 0.02 * 0.5 * (y0 - y2) / den
    peak = float(e.max())
    conf = 0.0 if peak <= 0 else float(np.clip((peak - base) / peak * 1.5, 0.0, 1.0))
    return SkewEstimate(angle, conf, int(n))
