"""Red seals (公章, 业务专用章) on a page: where they are, and the page without them for OCR.

A seal is a roundish blob of saturated red ink, at least 4 % of the page's short side across and at
most half of it, with some fill (a ring with text inside, not a thin red rule).  Found on the page
reduced to 400 px on its long side, so it is cheap.  Red text lines (a 红头 title) are long and thin,
not roundish: they are not seals and stay.

OCR reads a seal's ring text as words of the page ("国网…供电公司业务专用章" inserted in the middle of a
form's text), so :func:`without_red_seals` gives the page with the red ink inside the seals turned
into the paper's colour; black text printed over a seal is dark, not red, and stays.

>>> page = np.full((800, 600, 3), 245, np.uint8)
>>> _ = cv2.circle(page, (420, 600), 70, (40, 40, 210), 8)
>>> [tuple(int(v) for v in box) for box in red_seal_boxes(page)]
[(342, 522, 500, 680)]
>>> clean = without_red_seals(page)
>>> int(clean[600, 350, 2]), int(clean[600, 350, 1])  # the ring's red pixel is now paper
(245, 245)
>>> red_seal_boxes(np.full((100, 100, 3), 255, np.uint8))
[]
"""

from __future__ import annotations

import cv2
import numpy as np

#: the long side the seal search works at
SEARCH_SIDE = 400


def red_seal_boxes(image: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The boxes ``(x0, y0, x1, y1)`` (pixels of ``image``) of the red seals on a BGR page image."""
    if image is None or image.ndim != 3 or image.shape[2] < 3 or image.size == 0:
        return []
    h, w = image.shape[:2]
    f = min(1.0, SEARCH_SIDE / max(h, w))
    small = cv2.resize(image[:, :, :3], (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    red = (((hue <= 10) | (hue >= 165)) & (sat >= 90) & (val >= 70)).astype(np.uint8) * 255
    mask = cv2.morphologyEx(red, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    short = min(small.shape[:2])
    boxes = []
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if min(bw, bh) < 0.04 * short or max(bw, bh) > 0.5 * short:
            continue
        if not 0.6 <= bw / bh <= 1.6:
            continue
        if area < 0.15 * bw * bh:  # a thin red line, not a ring with text inside
            continue
        pad = 2  # the search image's pixels: the seal's soft edge
        x0, y0 = max(0, int((x - pad) / f)), max(0, int((y - pad) / f))
        x1, y1 = min(w, int(np.ceil((x + bw + pad) / f))), min(h, int(np.ceil((y + bh + pad) / f)))
        boxes.append((x0, y0, x1, y1))
    return boxes


def without_red_seals(image: np.ndarray) -> np.ndarray:
    """``image`` (BGR) with the red ink inside its seals turned into the paper's colour; ``image``
    itself (not a copy) when it has no seal."""
    boxes = red_seal_boxes(image)
    if not boxes:
        return image
    out = image[:, :, :3].copy()
    for x0, y0, x1, y1 in boxes:
        patch = out[y0:y1, x0:x1].astype(np.int16)
        b, g, r = patch[:, :, 0], patch[:, :, 1], patch[:, :, 2]
        # red ink, faint edges included: red well above both green and blue (grey and black are not)
        ink = (r - np.maximum(g, b)) > 35
        if not ink.any() or ink.all():
            continue
        paper = np.median(patch[~ink], axis=0)
        view = out[y0:y1, x0:x1]
        view[ink] = paper.astype(np.uint8)
    return out
