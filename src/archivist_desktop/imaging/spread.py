"""Two-page spreads and the fingers holding a book open.

:func:`find_gutter` looks for the fold between two facing pages in a cropped page image: a
narrow, dark (shadowed) valley of the *paper* brightness (the text is removed by a grey
closing first, so dark print does not count) in the middle band of the image, or, on an evenly
lit scan, a wide ink-free band between two text blocks.  :func:`split_spread` cuts there and
returns the pages in reading order (left, then right: horizontal text).  A portrait image is
never a spread.

:func:`remove_fingers` fills skin-coloured regions that touch the image margin (a hand holding
the page flat) with the paper colour; pixels outside those regions are not touched.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

__all__ = ["Gutter", "find_gutter", "remove_fingers", "split_spread"]

_LONG = 800


@dataclasses.dataclass(frozen=True)
class Gutter:
    """The fold of a spread: column ``x`` (input pixels), ``depth`` (darkening of the paper,
    0-1) and how it was found (``shadow`` or ``gap``)."""

    x: int
    depth: float
    kind: str


def _small_grey(image: np.ndarray) -> tuple[np.ndarray, float]:
    g = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    h, w = g.shape
    s = min(1.0, _LONG / max(h, w))
    if s < 1.0:
        g = cv2.resize(g, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    return g, s


def find_gutter(image: np.ndarray, *, min_aspect: float = 1.05, min_depth: float = 0.08) -> Gutter | None:
    """The fold between two facing pages of a (cropped) spread, or ``None`` for a single page.

    Parameters
    ----------
    image : ndarray
        BGR or grey ``uint8`` page image.
    min_aspect : float
        Width over height below which the image is a single page.
    min_depth : float
        Least darkening of the paper at the fold, relative to the paper on either side.
    """
    g, s = _small_grey(image)
    h, w = g.shape
    if w < min_aspect * h or w < 40:
        return None
    # paper brightness without print: a closing wider than a stroke removes the text
    k = max(5, (h // 60) | 1)
    paper = cv2.morphologyEx(g, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    # the median down a column is the paper there (print covers less than half of any column),
    # a fold or its shadow runs the whole height and stays dark
    band = g[int(h * 0.1) : int(h * 0.9)].astype(np.float32)
    col = np.convolve(np.median(band, axis=0), np.ones(3) / 3, mode="same")
    lo, hi = int(w * 0.35), int(w * 0.65)
    xs = np.arange(lo, hi)
    # the valley against the paper a little to each side
    off = max(6, w // 12)
    left = np.array([np.median(col[max(0, x - 2 * off) : max(1, x - off // 2)]) for x in xs])
    right = np.array([np.median(col[min(w - 1, x + off // 2) : min(w, x + 2 * off)]) for x in xs])
    ref = np.minimum(left, right)
    depth = (ref - col[lo:hi]) / np.maximum(ref, 1.0)
    i = int(np.argmax(depth))
    if depth[i] >= min_depth:
        return Gutter(int(round((xs[i] + 0.5) / s - 0.5)), float(depth[i]), "shadow")
    # an evenly lit scan: a wide column without ink in the middle, with text on both sides
    ink = (paper.astype(np.int16) - g.astype(np.int16)) > 40
    dens = ink[int(h * 0.1) : int(h * 0.9)].mean(axis=0)
    dens = np.convolve(dens, np.ones(5) / 5, mode="same")
    empty = dens[lo:hi] < max(0.002, 0.3 * float(np.median(dens)))
    if empty.any() and w >= 1.25 * h:
        runs = np.flatnonzero(np.diff(np.r_[0, empty.astype(np.int8), 0]))
        starts, ends = runs[0::2], runs[1::2]
        j = int(np.argmax(ends - starts))
        if ends[j] - starts[j] >= w * 0.02:
            side = max(8, w // 10)
            xc = lo + (starts[j] + ends[j]) // 2
            if dens[max(0, xc - 3 * side) : xc - side].mean() > 0.01 and dens[xc + side : xc + 3 * side].mean() > 0.01:
                return Gutter(int(round((xc + 0.5) / s - 0.5)), 0.0, "gap")
    return None


def split_spread(image: np.ndarray, **kwargs: float) -> list[np.ndarray]:
    """The pages of a spread in reading order (left, right); ``[image]`` when it is one page.

    The pages are views into ``image`` (no copy).  Keyword arguments go to :func:`find_gutter`.

    Examples
    --------
    >>> one = np.full((300, 200, 3), 230, np.uint8)
    >>> len(split_spread(one))
    1
    """
    gut = find_gutter(image, **kwargs)
    if gut is None:
        return [image]
    return [image[:, : gut.x], image[:, gut.x :]]


def _skin_mask(bgr: np.ndarray) -> np.ndarray:
    ycc = cv2.cvtColor(bgr, cv2.COLOR_BGR2YCrCb)
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    cr, cb = ycc[:, :, 1], ycc[:, :, 2]
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    m = (cr >= 140) & (cr <= 180) & (cb >= 80) & (cb <= 130) & (sat >= 50) & (val >= 60) & ((hue <= 25) | (hue >= 165))
    return m.astype(np.uint8) * 255


def remove_fingers(image: np.ndarray, *, min_area: float = 0.002, max_area: float = 0.2) -> tuple[np.ndarray, float]:
    """Fill skin-coloured regions touching the margin of a page image with the paper colour.

    Parameters
    ----------
    image : ndarray
        BGR ``uint8`` page.  Not modified.
    min_area, max_area : float
        Share of the image a region must cover to be a finger (smaller: noise; larger: the
        page itself is skin-coloured, e.g. kraft paper, and nothing is filled).

    Returns
    -------
    (ndarray, float)
        The page (the input object when nothing was found) and the share of pixels filled.
    """
    if image.ndim != 3 or image.shape[2] != 3:
        return image, 0.0
    h, w = image.shape[:2]
    s = min(1.0, _LONG / max(h, w))
    small = (
        cv2.resize(image, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
        if s < 1
        else image
    )
    sh, sw = small.shape[:2]
    skin = _skin_mask(small)
    skin = cv2.morphologyEx(skin, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    skin = cv2.morphologyEx(skin, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    if skin.mean() / 255.0 > 0.5:
        return image, 0.0  # skin-coloured paper or a close-up of a hand: not fingers at a margin
    n, lab, st, _ = cv2.connectedComponentsWithStats(skin, connectivity=8)
    mb = max(2, min(sh, sw) // 100)
    sel = np.zeros(n, bool)
    for i in range(1, n):
        x, y, bw, bh, area = st[i]
        touches = x <= mb or y <= mb or x + bw >= sw - mb or y + bh >= sh - mb
        if touches and min_area * sh * sw <= area <= max_area * sh * sw:
            sel[i] = True
    if not sel.any():
        return image, 0.0
    mask = sel[lab].astype(np.uint8) * 255
    mask = cv2.dilate(mask, np.ones((5, 5), np.uint8))  # the finger's shadowed rim
    paper_px = small[(mask == 0) & (skin == 0)]
    grey = cv2.cvtColor(paper_px.reshape(-1, 1, 3), cv2.COLOR_BGR2GRAY).ravel()
    bright = paper_px[grey >= np.percentile(grey, 60)] if len(grey) else paper_px
    colour = np.median(bright, axis=0) if len(bright) else np.array([230, 230, 230])
    full = cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST) if s < 1 else mask
    out = image.copy()
    out[full > 0] = colour.astype(np.uint8)
    return out, float((full > 0).mean())
