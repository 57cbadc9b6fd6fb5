"""Page detection: the page quadrilateral of an overhead document-camera frame.

The frame is analysed on a reduced copy.  Several cues propose page regions
(lightness, colour distance from the desk mat seen at the frame border, both
classes of each, and closed edge contours); every proposal is turned into a quad
whose four edges are then located precisely by fitting lines to step edges found
on short profiles across each edge (robust to a hand, a shadow or glare covering
part of an edge).  The best-supported, largest proposal wins; the final corners are
refined on profiles sampled from the full-resolution frame.

Conventions: BGR input, points as (x, y) in input-frame pixels (OpenCV pixel
centres), quads clockwise from the page's top-left corner.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Literal, overload

import cv2
import numpy as np

__all__ = ["PageDetection", "detect_page", "order_quad", "quad_angle_deg", "quad_iou", "reduce_image"]


@dataclasses.dataclass(frozen=True)
class PageDetection:
    """Result of :func:`detect_page`.

    Attributes
    ----------
    quad : ndarray, shape (4, 2), float64
        Page corners (x, y) in input pixels, clockwise from the top-left.  The whole
        image when ``found`` is False.
    found : bool
        Whether a page boundary was found (False: the page fills the frame or the
        input is an already cropped scan).
    cut_off : bool
        The page runs over the frame border on one to three sides.
    confidence : float
        0…1: share of edge samples that support the fitted edges.
    edge_contrast : tuple of 4 float
        Median grey-level step across each edge (top, right, bottom, left); NaN
        for an edge lying on the frame border.
    method : str
        Which cue produced the quad (for the process metadata).
    edges_on_border : tuple of 4 bool
        Which edges (top, right, bottom, left) lie on the frame border rather than
        on the page's own edge.
    candidate : ndarray or None
        When ``found`` is False: the best page-like quad that did not pass the edge
        test (input pixels), for a ``page_uncertain`` report; else None.
    """

    quad: np.ndarray
    found: bool
    cut_off: bool
    confidence: float
    edge_contrast: tuple[float, float, float, float]
    method: str
    edges_on_border: tuple[bool, bool, bool, bool] = (False, False, False, False)
    candidate: np.ndarray | None = None


# --------------------------------------------------------------------------- helpers


def reduce_image(image: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    """Reduced copy with the given long side (never enlarged) and its scale factor.

    Halves by exact 2x2 averaging (OpenCV's fast area path) while the image is at
    least twice too large, then finishes with bilinear interpolation (a factor
    below 2, so no aliasing to speak of).  About 7 ms for 13 MP → 1280 px, against
    70 ms for a single area resize.

    Returns
    -------
    reduced : ndarray
    scale : float
        Reduced pixels per input pixel (along x).
    """
    h, w = image.shape[:2]
    target = long_side / max(h, w)
    if target >= 1.0:
        return image, 1.0
    img = image
    while max(img.shape[:2]) >= 2 * long_side:
        ih, iw = img.shape[:2]
        img = cv2.resize(img[: ih - ih % 2, : iw - iw % 2], (iw // 2, ih // 2), interpolation=cv2.INTER_AREA)
    nw = max(1, round(w * target))
    nh = max(1, round(h * target))
    if (nw, nh) != img.shape[1::-1]:
        img = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
    return img, nw / w


def order_quad(pts: np.ndarray) -> np.ndarray:
    """Order four points clockwise (y down) starting from the top-left one.

    Parameters
    ----------
    pts : array_like, shape (4, 2)
        Points (x, y).

    Returns
    -------
    ndarray, shape (4, 2), float64

    Examples
    --------
    >>> order_quad([[10, 0], [0, 0], [0, 5], [10, 5]]).tolist()
    [[0.0, 0.0], [10.0, 0.0], [10.0, 5.0], [0.0, 5.0]]
    """
    p = np.asarray(pts, np.float64).reshape(-1, 2)
    if p.shape != (4, 2):
        raise ValueError(f"expected 4 points, got shape {p.shape}")
    c = p.mean(axis=0)
    ang = np.arctan2(p[:, 1] - c[1], p[:, 0] - c[0])
    p = p[np.argsort(ang)]  # clockwise on screen (y down)
    start = int(np.argmin(p[:, 0] + p[:, 1]))
    return np.roll(p, -start, axis=0)


def quad_iou(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard index (intersection over union) of two convex quadrilaterals."""
    pa = order_quad(a).astype(np.float32)
    pb = order_quad(b).astype(np.float32)
    inter, _ = cv2.intersectConvexConvex(pa, pb)
    ua = cv2.contourArea(pa) + cv2.contourArea(pb) - inter
    return float(inter / ua) if ua > 0 else 0.0


def quad_angle_deg(quad: np.ndarray, ignore: tuple[bool, bool, bool, bool] = (False,) * 4) -> float:
    """Rotation of a page quad, degrees counter-clockwise positive.

    The mean of the directions of the edges (top and bottom against the x axis, left
    and right against the y axis), which cancels symmetric keystone.  Edges flagged
    in ``ignore`` (top, right, bottom, left; e.g. lying on the frame border) are left
    out.
    """
    q = np.asarray(quad, np.float64)
    tl, tr, br, bl = q
    angs = []
    for k, (a, b, horizontal) in enumerate(((tl, tr, True), (tr, br, False), (bl, br, True), (tl, bl, False))):
        if ignore[k]:
            continue
        d = b - a
        angs.append(math.atan2(-d[1], d[0]) if horizontal else math.atan2(d[0], d[1]))
    if not angs:
        return 0.0
    return math.degrees(float(np.mean(angs)))


def _line_intersection(l1, l2):
    (p1, d1), (p2, d2) = l1, l2
    m = np.array([[d1[0], -d2[0]], [d1[1], -d2[1]]])
    det = np.linalg.det(m)
    if abs(det) < 1e-9:
        return None
    t = np.linalg.solve(m, p2 - p1)
    return p1 + t[0] * d1


def _is_convex_quad(q: np.ndarray, min_angle=45.0) -> bool:
    for i in range(4):
        a, b, c = q[i - 1], q[i], q[(i + 1) % 4]
        v1, v2 = a - b, c - b
        n1, n2 = np.linalg.norm(v1), np.linalg.norm(v2)
        if n1 < 1e-6 or n2 < 1e-6:
            return False
        ang = math.degrees(math.acos(np.clip(np.dot(v1, v2) / (n1 * n2), -1, 1)))
        if not (min_angle <= ang <= 180 - min_angle):
            return False
    cross = []
    for i in range(4):
        u = q[(i + 1) % 4] - q[i]
        v = q[(i + 2) % 4] - q[(i + 1) % 4]
        cross.append(u[0] * v[1] - u[1] * v[0])
    return all(c > 0 for c in cross) or all(c < 0 for c in cross)


# --------------------------------------------------------------------------- proposals


def _contour_quad(contour: np.ndarray) -> list[np.ndarray]:
    """Quads for a region outline: its convex hull simplified to four corners, and
    four lines fitted robustly to the outline (ignores a hand or an object merged
    with the page, which bends the hull)."""
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    q0 = None
    used_eps = 1.0
    for eps in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * peri, True)
        if len(approx) == 4:
            q0 = order_quad(approx.reshape(4, 2))
            used_eps = eps
            break
        if len(approx) < 4:
            break
    if q0 is None:
        q0 = order_quad(cv2.boxPoints(cv2.minAreaRect(hull)))
    out = [q0]
    a_c = cv2.contourArea(contour)
    a_q = cv2.contourArea(q0.astype(np.float32))
    if used_eps <= 0.02 and a_q > 0 and abs(a_c - a_q) < 0.03 * a_q:
        return out  # the outline is a clean quadrilateral
    pts = contour.reshape(-1, 2).astype(np.float64)
    if len(pts) > 1200:
        pts = pts[:: len(pts) // 600]
    # distance of every outline point to every side of q0
    dists = []
    for i in range(4):
        a, b = q0[i], q0[(i + 1) % 4]
        d = b - a
        ln = max(np.hypot(*d), 1e-9)
        t = np.clip(((pts - a) @ d) / ln**2, 0, 1)
        proj = a + t[:, None] * d
        dists.append(np.hypot(*(pts - proj).T))
    side = np.argmin(np.stack(dists), axis=0)
    lines = []
    tol = 0.006 * peri
    for i in range(4):
        sp = pts[side == i]
        if len(sp) < 6:
            return out
        line, _ = _robust_line(sp, np.ones(len(sp)), tol / 2.5)
        if line is None:
            return out
        lines.append(line)
    q1 = _lines_to_quad(lines)
    if q1 is not None and _is_convex_quad(q1) and np.abs(q1 - q0).max() > 0.01 * peri:
        out.append(order_quad(q1))
    return out


def _mask_quads(mask: np.ndarray, min_area: float, max_touch: int = 3) -> list[np.ndarray]:
    h, w = mask.shape
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=4)
    order = np.argsort(-stats[1:, cv2.CC_STAT_AREA]) + 1
    out = []
    for lab in order[:2]:
        x, y, bw, bh, area = stats[lab]
        if area < min_area:
            break
        touch = (x <= 1) + (y <= 1) + (x + bw >= w - 1) + (y + bh >= h - 1)
        if touch > max_touch:
            continue
        comp = (labels[y : y + bh, x : x + bw] == lab).astype(np.uint8)
        cnts, _ = cv2.findContours(comp, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE, offset=(int(x), int(y)))
        if not cnts:
            continue
        out.extend(_contour_quad(max(cnts, key=cv2.contourArea)))
    return out


#: Smallest document, as a share of the frame's area: an ID-1 card whose long side spans 15 % of
#: the frame's width covers about 1.9 % of a 4:3 frame.
MIN_PAGE_AREA = 0.012


def _line_quads(small: np.ndarray, min_area_frac: float, keep: int = 4) -> list[np.ndarray]:
    """Quads made of four straight edges seen as line segments (LSD), in ``small`` pixels.

    Finds a document whose region merges with a hand, a thumb or a desk object (the region cues
    see one blob then), and a small card or receipt: two pairs of roughly parallel lines, the
    pairs roughly perpendicular, whose sides are covered by segments over a good share of their
    length (a thumb over a corner or an edge leaves the rest).  Best covered first.
    """
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    g, f = reduce_image(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), 640)
    g = cv2.GaussianBlur(cv2.cvtColor(g, cv2.COLOR_BGR2GRAY), (3, 3), 0)
    gh, gw = g.shape[:2]
    diag = math.hypot(gw, gh)
    segs = cv2.createLineSegmentDetector().detect(g)[0]
    if segs is None:
        return []
    segs = segs.reshape(-1, 4).astype(np.float64)
    lengths = np.hypot(segs[:, 2] - segs[:, 0], segs[:, 3] - segs[:, 1])
    segs, lengths = segs[lengths >= 0.03 * diag], lengths[lengths >= 0.03 * diag]
    if len(segs) < 4:
        return []
    # group collinear segments into lines: (unit normal, offset, member segments)
    lines: list[list] = []
    for k in np.argsort(-lengths):
        x0, y0, x1, y1 = segs[k]
        d = np.array([x1 - x0, y1 - y0]) / lengths[k]
        n = np.array([-d[1], d[0]])
        c = float(n @ (x0, y0))
        for line in lines:
            ln, lc = line[0], line[1]
            dot = float(ln @ n)
            if abs(dot) > math.cos(math.radians(2.0)) and abs(lc - math.copysign(1, dot) * c) < 0.006 * diag:
                line[2].append(segs[k])
                line[3] += lengths[k]
                break
        else:
            lines.append([n, c, [segs[k]], float(lengths[k])])
    lines.sort(key=lambda L: -L[3])
    lines = [L for L in lines[:24] if L[3] >= 0.05 * diag]

    def angle(L) -> float:
        return math.atan2(L[0][1], L[0][0]) % math.pi

    def cover(L, a: np.ndarray, b: np.ndarray) -> float:
        """Share of the side a→b that the line's segments cover."""
        d = b - a
        ln2 = float(d @ d)
        if ln2 < 1.0:
            return 0.0
        spans = []
        for x0, y0, x1, y1 in L[2]:
            t0, t1 = sorted((float(((x0, y0) - a) @ d) / ln2, float(((x1, y1) - a) @ d) / ln2))
            t0, t1 = max(t0, 0.0), min(t1, 1.0)
            if t1 > t0:
                spans.append((t0, t1))
        spans.sort()
        total, end = 0.0, 0.0
        for t0, t1 in spans:
            if t1 > end:
                total += t1 - max(t0, end)
                end = t1
        return total

    def meet(A, B) -> np.ndarray | None:
        m = np.array([A[0], B[0]])
        if abs(np.linalg.det(m)) < 1e-6:
            return None
        return np.linalg.solve(m, [A[1], B[1]])

    pairs = []
    for i in range(len(lines)):
        for j in range(i + 1, len(lines)):
            da = abs(angle(lines[i]) - angle(lines[j]))
            da = min(da, math.pi - da)
            if da > math.radians(12):
                continue
            # far enough apart (measured at the first line's middle)
            sep = abs(float(lines[j][0] @ np.mean(lines[i][2], axis=0)[:2]) - lines[j][1])
            if sep > 0.06 * min(gw, gh):
                pairs.append((i, j))
    found: list[tuple[float, np.ndarray]] = []
    for a in range(len(pairs)):
        for b in range(a + 1, len(pairs)):
            (i, j), (k, m) = pairs[a], pairs[b]
            if len({i, j, k, m}) < 4:
                continue
            da = abs(angle(lines[i]) - angle(lines[k]))
            da = min(da, math.pi - da)
            if abs(da - math.pi / 2) > math.radians(25):
                continue
            corners = [
                meet(lines[i], lines[k]),
                meet(lines[k], lines[j]),
                meet(lines[j], lines[m]),
                meet(lines[m], lines[i]),
            ]
            if any(c is None for c in corners):
                continue
            q = order_quad(np.array(corners))
            if not _is_convex_quad(q, 45.0):
                continue
            if np.any(q < -0.05 * diag) or np.any(q[:, 0] > gw * 1.05) or np.any(q[:, 1] > gh * 1.05):
                continue
            area = cv2.contourArea(q.astype(np.float32))
            if area < min_area_frac * gw * gh or area > 0.97 * gw * gh:
                continue
            side_lines = [lines[i], lines[k], lines[j], lines[m]]
            covers = []
            for e in range(4):
                a_, b_ = q[e], q[(e + 1) % 4]
                mid = (a_ + b_) / 2
                best = max(side_lines, key=lambda L: -abs(float(L[0] @ mid) - L[1]))
                covers.append(cover(best, a_, b_))
            if min(covers) < 0.25 or float(np.mean(covers)) < 0.5:
                continue
            found.append((float(np.mean(covers)), q))
    found.sort(key=lambda x: -x[0])
    out: list[np.ndarray] = []
    for _score, q in found:
        if all(quad_iou(q, u) < 0.9 for u in out):
            out.append(q)
        if len(out) >= keep:
            break
    return [(q + 0.5) / f - 0.5 for q in out]


@overload
def _proposals(small: np.ndarray, fast: Literal[False] = ...) -> list[tuple[str, np.ndarray]]: ...
@overload
def _proposals(small: np.ndarray, fast: Literal[True]) -> list[tuple[str, np.ndarray, int]]: ...
def _proposals(
    small: np.ndarray, fast: bool = False
) -> list[tuple[str, np.ndarray]] | list[tuple[str, np.ndarray, int]]:
    """Candidate quads in ``small`` pixels from several segmentation cues, as ``(cue, quad)``.

    ``fast``: two cues only, on a 240-px copy, hull quads only (live preview); the candidates are
    ``(cue, quad, number of frame sides the region touches)``.
    """
    _h, _w = small.shape[:2]
    seg, s = reduce_image(small, 240 if fast else 320)
    seg = cv2.GaussianBlur(seg, (5, 5), 0)
    sh, sw = seg.shape[:2]
    lab = cv2.cvtColor(seg, cv2.COLOR_BGR2Lab)
    L = lab[:, :, 0]
    min_area = 0.04 * sh * sw
    k5 = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    k3 = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    masks: list[tuple[str, np.ndarray]] = []

    _, m = cv2.threshold(L, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks.append(("lightness", m))
    masks.append(("lightness_inv", 255 - m))

    # Colour distance from the desk mat, modelled on a strip along the frame border.
    b = max(2, round(0.03 * min(sh, sw)))
    border = np.concatenate(
        [lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3), lab[:, -b:].reshape(-1, 3)]
    ).astype(np.float32)
    mat = np.median(border, axis=0)
    labf = lab.astype(np.float32)
    dist = np.sqrt(((labf - mat) ** 2) @ np.array([0.5, 1.0, 1.0], np.float32))
    dist8 = cv2.normalize(dist, np.empty_like(dist), 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    _, m = cv2.threshold(dist8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks.append(("mat_distance", m))

    if fast:
        out_fast: list[tuple[str, np.ndarray, int]] = []
        for name, m in masks[:3]:
            m = cv2.morphologyEx(m, cv2.MORPH_OPEN, k5)
            m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, k5, iterations=2)
            n, labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=4)
            if n < 2:
                continue
            region = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
            x, y, bw, bh, area = stats[region]
            touch = (x <= 1) + (y <= 1) + (x + bw >= sw - 1) + (y + bh >= sh - 1)
            if area < min_area or touch > 3:
                continue
            cnts, _ = cv2.findContours((labels == region).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
            c = max(cnts, key=cv2.contourArea)
            hull = cv2.convexHull(c)
            approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
            if len(approx) != 4:
                continue
            q = order_quad(approx.reshape(4, 2))
            qa = cv2.contourArea(q.astype(np.float32))
            # a clean quadrilateral region, not the whole frame
            if qa > 0 and cv2.contourArea(c) > 0.93 * qa and qa < 0.97 * sh * sw:
                out_fast.append((name, (q + 0.5) / s - 0.5, int(touch)))
        return out_fast

    # Lightness against a broad local mean: follows uneven light.
    big = max(3, (min(sh, sw) // 2) | 1)
    m = cv2.adaptiveThreshold(L, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, big, -2)
    masks.append(("local_lightness", m))

    # Closed edge contours.
    med = float(np.median(cv2.morphologyEx(L, cv2.MORPH_GRADIENT, k3)))
    edges = cv2.Canny(L, max(4.0, 1.0 * med), max(10.0, 3.0 * med))
    edges = cv2.dilate(edges, k3)
    cnts, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    m = np.zeros_like(L)
    big_cnts = [c for c in cnts if cv2.contourArea(cv2.convexHull(c)) > min_area]
    big_cnts.sort(key=lambda c: -cv2.contourArea(c))
    for c in big_cnts[:3]:
        if cv2.contourArea(c) > 0.5 * cv2.contourArea(cv2.convexHull(c)):
            cv2.drawContours(m, [c], -1, 255, cv2.FILLED)
    masks.append(("edges", m))

    out: list[tuple[str, np.ndarray]] = []
    for name, m in masks:
        m = cv2.morphologyEx(m, cv2.MORPH_OPEN, k5)
        m = cv2.morphologyEx(m, cv2.MORPH_CLOSE, k5, iterations=2)
        for q in _mask_quads(m, min_area):
            out.append((name, (q + 0.5) / s - 0.5))
    # Deduplicate near-identical proposals.
    unique: list[tuple[str, np.ndarray]] = []
    for name, q in out:
        if _is_convex_quad(q, 20.0) and all(quad_iou(q, u) < 0.95 for _, u in unique):
            unique.append((name, q))
    return unique


# --------------------------------------------------------------------------- edge fitting

_EDGE_NAMES = ("top", "right", "bottom", "left")


class _Sampler:
    """Grey values at float positions of an image in another (analysis) scale."""

    def __init__(self, image: np.ndarray, scale: float):
        self.image = image
        self.scale = scale  # image pixels per analysis pixel

    def __call__(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        mx = (xs * self.scale).astype(np.float32)
        my = (ys * self.scale).astype(np.float32)
        v = cv2.remap(self.image, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        if v.ndim == 3:
            v = v.astype(np.float32) @ np.array([0.114, 0.587, 0.299], np.float32)
        return v.astype(np.float32)


def _border_edges(q: np.ndarray, w: int, h: int, margin: float) -> tuple[bool, bool, bool, bool]:
    """Which edges (top, right, bottom, left) of ``q`` run along the frame border."""
    out = []
    for i in range(4):
        a, b = q[i], q[(i + 1) % 4]
        on = (
            (a[0] <= margin and b[0] <= margin)
            or (a[1] <= margin and b[1] <= margin)
            or (a[0] >= w - 1 - margin and b[0] >= w - 1 - margin)
            or (a[1] >= h - 1 - margin and b[1] >= h - 1 - margin)
        )
        out.append(bool(on))
    return out[0], out[1], out[2], out[3]


def _fit_edges(
    sampler: _Sampler,
    q: np.ndarray,
    on_border: list[bool],
    radius: float,
    half_window: int,
    n_samples: int,
    step: float,
    n_tangential: int,
    sign_hint: list[float] | None = None,
):
    """Fit four edge lines near quad ``q``.

    Returns (lines, inlier_fractions, contrasts, signs, loose_fractions); a line is
    (point, unit direction); the loose fractions count samples within 1 % of the edge
    length of the line (a bowed or curled edge).
    """
    c = q.mean(axis=0)
    lines, fracs, contrasts, signs, loose = [], [], [], [], []
    offs = np.arange(-radius, radius + 1e-6, step, dtype=np.float64)
    k = half_window
    for i in range(4):
        a, b = q[i], q[(i + 1) % 4]
        d = b - a
        length = float(np.hypot(*d))
        t = d / max(length, 1e-9)
        n = np.array([t[1], -t[0]])
        if np.dot((a + b) / 2 - c, n) < 0:
            n = -n
        if on_border[i]:
            lines.append((a.copy(), t))
            fracs.append(1.0)
            contrasts.append(float("nan"))
            signs.append(0.0)
            loose.append(1.0)
            continue
        ts = np.linspace(0.05, 0.95, n_samples) * length
        tang = (np.arange(n_tangential) - (n_tangential - 1) / 2) * max(1.0, 0.25 * length / n_samples)
        base = a[None, :] + ts[:, None] * t[None, :]  # (N, 2)
        # positions (N, T, M)
        px = base[:, None, None, 0] + tang[None, :, None] * t[0] + offs[None, None, :] * n[0]
        py = base[:, None, None, 1] + tang[None, :, None] * t[1] + offs[None, None, :] * n[1]
        N, T, M = px.shape
        vals = sampler(px.reshape(N * T, M), py.reshape(N * T, M)).reshape(N, T, M).mean(axis=1)
        cs = np.concatenate([np.zeros((N, 1), np.float32), np.cumsum(vals, axis=1)], axis=1)
        idx = np.arange(k, M - k)
        inner = (cs[:, idx] - cs[:, idx - k]) / k  # mean of the k values before (inside)
        outer = (cs[:, idx + k] - cs[:, idx]) / k  # mean of the k values from idx (outside)
        step_v = inner - outer
        if sign_hint is not None and sign_hint[i] != 0:
            sgn = sign_hint[i]
        else:
            j = np.argmax(np.abs(step_v), axis=1)
            sgn = 1.0 if np.sum(step_v[np.arange(N), j]) >= 0 else -1.0
        sv = sgn * step_v
        j = np.argmax(sv, axis=1)
        best = sv[np.arange(N), j]
        # sub-sample peak by a parabola through the neighbours
        jm = np.clip(j - 1, 0, sv.shape[1] - 1)
        jp = np.clip(j + 1, 0, sv.shape[1] - 1)
        y0, y1, y2 = sv[np.arange(N), jm], best, sv[np.arange(N), jp]
        den = y0 - 2 * y1 + y2
        frac = np.where(np.abs(den) > 1e-6, 0.5 * (y0 - y2) / np.where(np.abs(den) > 1e-6, den, 1), 0.0)
        frac = np.clip(frac, -0.5, 0.5)
        # The step between sample idx-1 and idx lies at offset (idx - 0.5).
        pos = offs[0] + (idx[j] - 0.5 + frac) * step
        pts = base + pos[:, None] * n[None, :]
        # Plateau contrast: mean level 1–3 windows inside minus 1–3 windows outside.  A
        # step edge (page against mat) keeps it; a ruled line (a table border) has the
        # same level on both sides and loses it.
        col = np.clip(idx[j], 0, M)
        i_lo, i_hi = np.clip(col - 3 * k, 0, M), np.clip(col - k, 0, M)
        o_lo, o_hi = np.clip(col + k, 0, M), np.clip(col + 3 * k, 0, M)
        rows = np.arange(N)
        plateau = sgn * (
            (cs[rows, i_hi] - cs[rows, i_lo]) / np.maximum(i_hi - i_lo, 1)
            - (cs[rows, o_hi] - cs[rows, o_lo]) / np.maximum(o_hi - o_lo, 1)
        )
        ok = (best > 0) & (plateau > 0.5 * best)
        if ok.sum() < 4:
            return None
        tol = max(0.75 * step, 0.6)
        line, frac_in = _robust_line(pts[ok], best[ok], tol=tol)
        if line is None:
            return None
        lines.append(line)
        fracs.append(frac_in * ok.mean())
        # Support of a curled or bowed edge: samples on the step edge within a
        # tolerance that grows with the edge (1 % of its length).
        p0, dv = line
        res = np.abs((pts[:, 0] - p0[0]) * dv[1] - (pts[:, 1] - p0[1]) * dv[0])
        loose.append(float(np.mean(ok & (res < max(2.5 * tol, 0.008 * length)))))
        contrasts.append(float(np.median(plateau[ok])))
        signs.append(sgn)
    return lines, fracs, contrasts, signs, loose


def _robust_line(pts: np.ndarray, weights: np.ndarray, tol: float):
    """RANSAC line through ``pts`` (scored by weighted inliers), refined by least squares."""
    n = len(pts)
    if n < 4:
        return None, 0.0
    rng = np.random.default_rng(12345)
    i, j = rng.integers(0, n, size=(2, 48))
    keep = i != j
    i, j = i[keep], j[keep]
    d = pts[j] - pts[i]
    ln = np.hypot(d[:, 0], d[:, 1])
    keep = ln > 1e-6
    i, d, ln = i[keep], d[keep], ln[keep]
    if len(i) == 0:
        return None, 0.0
    nrm = np.stack([-d[:, 1], d[:, 0]], axis=1) / ln[:, None]  # (K, 2)
    r = np.abs((pts[None, :, :] - pts[i][:, None, :]) @ nrm[:, :, None])[:, :, 0]  # (K, N)
    inl_all = r < 2.5 * tol
    best = int(np.argmax(inl_all @ weights))
    inl = inl_all[best]
    if inl.sum() < 3:
        return None, 0.0
    for _ in range(3):
        vx, vy, x0, y0 = cv2.fitLine(pts[inl].astype(np.float32), cv2.DIST_L2, 0, 0.01, 0.01).ravel()
        nv = np.array([-vy, vx], np.float64)
        res = np.abs((pts - np.array([x0, y0])) @ nv)
        new = res < 2.5 * tol
        if new.sum() < 3 or np.array_equal(new, inl):
            break
        inl = new
    return (np.array([x0, y0], np.float64), np.array([vx, vy], np.float64)), float(inl.mean())


def _lines_to_quad(lines) -> np.ndarray | None:
    pts = []
    for i in range(4):
        p = _line_intersection(lines[i - 1], lines[i])
        if p is None:
            return None
        pts.append(p)
    # corner i is between edge i-1 and edge i: edges were (tl->tr), (tr->br), ...
    # so intersection of edge i-1 and edge i is corner i.
    return np.array(pts)


def _edge_gate(q, on_border, fracs, contrasts, area_frac: float) -> tuple[bool, float]:
    """Whether the fitted edges of ``q`` are those of a page, and their support.

    The support is the length-weighted share of profile samples that lie on the
    fitted straight step edges, over the edges not on the frame border.  One edge
    may be weak (curled, bowed, a hand or a thumb over it) as long as the page as a
    whole is well supported; an edge with no support at all, or no step across it,
    is no page edge.  ``area_frac``: the quad's share of the frame (a quad with a
    single edge of its own must cover a good part of the frame).
    """
    relax = 1.0
    real = [i for i in range(4) if not on_border[i]]
    if not real:
        return False, 0.0
    lengths = np.array([float(np.hypot(*(q[(i + 1) % 4] - q[i]))) for i in real])
    f = np.array([fracs[i] for i in real])
    support = float((f * lengths).sum() / max(lengths.sum(), 1e-9))
    cmin = min(contrasts[i] for i in real)
    if cmin < 3.0 or f.min() < 0.18 * relax:
        return False, support
    if len(real) == 1:
        return bool(f[0] >= 0.75 and contrasts[real[0]] >= 10.0 and area_frac >= 0.3), support
    need = 0.62 if len(real) == 4 else 0.68
    # two weak edges on one page: a shape that merely overlaps the page
    if np.sort(f)[1] < 0.4 * relax:
        return False, support
    return bool(support >= need * relax), support


def _one_faint_edge(contrasts, on_border, share: float = 0.3) -> bool:
    """Whether one edge of a fully visible quad is a much fainter step than its other three.

    A page's edges all separate paper from desk; a step several times fainter than the others is
    a shading or fold line across the page (the page's real edge lies beyond it), not an edge.
    Asked of quads of a tenth of the frame or more: a card's or receipt's thin edge on a light
    mat is faint on its own, and shading lines run across pages and books, not across cards.
    """
    if any(on_border):
        return False
    c = [float(x) for x in contrasts]
    if any(math.isnan(x) for x in c):
        return False
    weakest = min(range(4), key=lambda i: c[i])
    others = sorted(c[i] for i in range(4) if i != weakest)
    return c[weakest] < share * others[1]


def _refine(sampler, q, w, h, margin, passes):
    on_border = _border_edges(q, w, h, margin)
    res = None
    signs = None
    for radius, hw, n, step, nt in passes:
        res = _fit_edges(sampler, q, on_border, radius, hw, n, step, nt, signs)
        if res is None:
            return None
        lines, signs = res[0], res[3]
        nq = _lines_to_quad(lines)
        if nq is None or not _is_convex_quad(nq):
            return None
        q = nq
    return q, on_border, res


def _extend_to_mat(lab: np.ndarray, q: np.ndarray, on_border, max_share: float = 0.2) -> np.ndarray | None:
    """Move an edge that stops at a line of print out to the document's real edge.

    A light card or receipt on a light mat: its own edge is a faint step, a line of print near it
    a strong one, and the fit may take the print.  Outside such an edge lies paper, not mat.  For
    every edge not on the frame border, the colour just outside it (a band 2–5 px out, the median
    along the middle 70 % of the edge, so a thumb or a gap in the print does not count) is
    compared with the paper inside the quad and the mat outside it.  When it is paper and the
    band just inside is print (its darker quarter darker than outside: a glare spot on the mat
    beside a real edge looks like paper too, but has no print inside), the edge moves out to
    where the profile turns to mat (at most ``max_share`` of the quad's size) and stays mat for
    4 px.  Returns the new quad, or ``None`` when no edge moved.
    """
    h, w = lab.shape[:2]
    qi = np.round(q).astype(np.int32)
    inside = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(inside, qi, 1)
    if inside.sum() < 100:
        return None
    paper = np.median(lab[inside == 1], axis=0)
    ring = cv2.dilate(inside, cv2.getStructuringElement(cv2.MORPH_RECT, (41, 41))) - cv2.dilate(
        inside, cv2.getStructuringElement(cv2.MORPH_RECT, (13, 13))
    )
    if ring.sum() < 100:
        return None
    mat = np.median(lab[ring == 1], axis=0)
    if float(np.linalg.norm(paper - mat)) < 6.0:  # paper and mat alike: no way to tell
        return None
    centre = q.mean(axis=0)
    size = math.sqrt(max(cv2.contourArea(q.astype(np.float32)), 1.0))
    lines = []
    moved = False
    for i in range(4):
        a, b = q[i], q[(i + 1) % 4]
        d = (b - a) / max(float(np.hypot(*(b - a))), 1e-9)
        n = np.array([-d[1], d[0]])
        if float(n @ ((a + b) / 2 - centre)) < 0:
            n = -n
        shift = 0.0
        if not on_border[i]:
            ts = np.linspace(0.15, 0.85, 32)
            offs = np.arange(-5, max(8, int(max_share * size)) + 1, dtype=np.float64)
            pts = a + ts[:, None, None] * (b - a) + offs[None, :, None] * n
            mx = pts[..., 0].astype(np.float32)
            my = pts[..., 1].astype(np.float32)
            prof = np.stack(
                [cv2.remap(lab[:, :, c], mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE) for c in range(3)],
                axis=-1,
            )
            dark = np.percentile(prof[:, :, 0], 25, axis=0)  # lightness, darker quarter along the edge
            prof = np.median(prof, axis=0)  # (offsets, 3)
            to_paper = np.linalg.norm(prof - paper, axis=1)
            to_mat = np.linalg.norm(prof - mat, axis=1)
            mat_like = to_mat < to_paper
            just_in, just_out = offs < 0, (offs >= 2) & (offs <= 5)
            # the edge runs along print (dark just inside), with paper right outside it
            on_print = float(dark[just_in].min()) < float(dark[just_out].min()) - 0.15 * abs(paper[0] - mat[0])
            if on_print and not mat_like[just_out].any():
                for k in range(int(np.argmax(offs > 5)), len(offs) - 4):
                    if mat_like[k : k + 4].all():
                        shift = float(offs[k]) - 0.5
                        break
        if shift > 0:
            moved = True
        lines.append((a + shift * n, d))
    if not moved:
        return None
    nq = _lines_to_quad(lines)
    if nq is None or not _is_convex_quad(nq):
        return None
    return nq


# --------------------------------------------------------------------------- entry point


def detect_page(
    image: np.ndarray,
    *,
    reduced: np.ndarray | None = None,
    analysis_long_side: int = 1024,
    refine_full: bool = True,
    cut_off_margin: float = 0.004,
    fast: bool = False,
) -> PageDetection:
    """Find the page quadrilateral in a document-camera frame.

    Parameters
    ----------
    image : ndarray
        ``(H, W, 3)`` ``uint8`` BGR frame (full resolution).  Not modified.
    reduced : ndarray, optional
        A reduced copy of ``image`` (same aspect) to analyse, e.g. shared with other
        analysis steps; made with :func:`reduce_image` when not given.
    analysis_long_side : int
        Long side of the reduced copy when ``reduced`` is not given.
    refine_full : bool
        Refine the corners on profiles sampled from the full-resolution frame
        (sub-pixel at analysis scale; off for the live preview).
    cut_off_margin : float
        Share of the frame's long side within which an edge counts as lying on
        the frame border.
    fast : bool
        Live-preview mode: fewer cues on a 240-px copy, no edge fitting (corners
        good to about 1 % of the frame).

    Returns
    -------
    PageDetection
        ``quad`` in ``image`` pixels (x, y), clockwise from the page's top-left.

    Raises
    ------
    ValueError
        If ``image`` is not an ``(H, W, 3)`` ``uint8`` array of at least 16 px a side.

    Examples
    --------
    >>> frame = np.full((480, 640, 3), 40, np.uint8)
    >>> frame[100:380, 200:420] = 230
    >>> det = detect_page(frame)
    >>> det.found, np.round(det.quad, 1).tolist()  # the page boundary, between pixels
    (True, [[199.5, 99.5], [419.5, 99.5], [419.5, 379.5], [199.5, 379.5]])
    """
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] != 3:
        raise ValueError("detect_page expects an (H, W, 3) uint8 BGR image")
    H, W = image.shape[:2]
    if min(H, W) < 16:
        raise ValueError(f"image too small for page detection: {W}x{H}")
    if reduced is None:
        reduced, _ = reduce_image(image, analysis_long_side)
    h, w = reduced.shape[:2]
    s = w / W  # reduced pixels per frame pixel
    whole = np.array([[-0.5, -0.5], [W - 0.5, -0.5], [W - 0.5, H - 0.5], [-0.5, H - 0.5]], np.float64)
    if fast:
        fast_props = _proposals(reduced, fast=True)
        if not fast_props:
            return PageDetection(whole, False, False, 0.0, (float("nan"),) * 4, "whole_image")
        name, q, touch = max(fast_props, key=lambda p: (p[2] == 0, cv2.contourArea(p[1].astype(np.float32))))
        qf = order_quad((q + 0.5) / s - 0.5)
        ob = _border_edges(qf, W, H, max(2.0, cut_off_margin * max(W, H)) * 2)
        return PageDetection(qf, True, bool(touch) and not all(ob), 0.5, (float("nan"),) * 4, name + "_fast", ob)
    gray = cv2.cvtColor(reduced, cv2.COLOR_BGR2GRAY)
    sampler = _Sampler(gray, 1.0)
    margin = max(1.5, cut_off_margin * max(w, h))
    diag = math.hypot(w, h)
    coarse = [(max(8.0, 0.03 * diag), 3, 32, 1.0, 3)]
    fine = [(4.0, 2, 64, 0.5, 3)]
    full_cands: list[tuple[Any, ...]] = []  # (score, cue, quad, on_border, fracs, contrasts, signs, support)
    border_cands: list[tuple[Any, ...]] = []
    uncertain: tuple[float, np.ndarray] | None = None  # best candidate that failed the gate

    def consider(name: str, q: np.ndarray) -> None:
        nonlocal uncertain
        # Coarse then fine edge fit for every proposal; the edge test looks at the
        # fine fit (a curled or covered edge gains support once located precisely).
        r = _refine(sampler, q, w, h, margin, coarse)
        if r is None:
            return
        loose = r[2][4]
        r = _refine(sampler, r[0], w, h, margin, fine)
        if r is None:
            return
        rq, on_border, (_lines, fracs, contrasts, signs, _fine_loose) = r
        # the edge test takes the coarse fit's support (wide profiles, tolerance 1 %
        # of the edge length) or the fine fit's, whichever is higher per edge
        loose = [max(a, b) for a, b in zip(loose, fracs, strict=True)]
        area = cv2.contourArea(rq.astype(np.float32))
        if area < MIN_PAGE_AREA * w * h or area > 0.995 * w * h:
            return
        ok, support = _edge_gate(rq, on_border, loose, contrasts, area / (w * h))
        # and the precisely located edges must be straight steps over a good part
        # (text lines and blocks inside a page give ragged edges)
        ok = ok and _edge_gate(rq, on_border, fracs, contrasts, area / (w * h))[1] >= 0.4
        ok = ok and not (area >= 0.1 * w * h and _one_faint_edge(contrasts, on_border))
        if not ok:
            real_n = sum(not b for b in on_border)
            if real_n >= 2 and support >= 0.3 and (uncertain is None or area * support > uncertain[0]):
                uncertain = (area * support, rq)
            return
        cand = (area * (0.5 + support), name, rq, on_border, fracs, contrasts, signs, support)
        (full_cands if not any(on_border) else border_cands).append(cand)

    for name, q in _proposals(reduced):
        consider(name, q)
    if not full_cands and not border_cands:
        # Quads of line segments only where no region cue found a page (they cost time, and
        # four lines may also be edges of different objects that happen to meet)
        for q in _line_quads(reduced, MIN_PAGE_AREA):
            consider("lines", q)
    # A fully visible page beats a quad running over the frame border (which may be
    # a strip of desk mat between the page and the border) unless it is much smaller
    # (a block inside a page that runs past the frame); ruled boxes inside a page are
    # no candidates, their edges have no plateau contrast.  One score for every cue:
    # area times the length-weighted share of edge samples on a straight step edge.
    biggest_border = max((cv2.contourArea(c[2].astype(np.float32)) for c in border_cands), default=0.0)
    full_cands = [c for c in full_cands if cv2.contourArea(c[2].astype(np.float32)) >= 0.35 * biggest_border]

    def _shares_edges(fc, bc) -> bool:
        # a page running past the frame whose own edges are also edges of the fully
        # visible quad: that quad's remaining edge is a step inside the page
        shared = [False] * 4
        for i in range(4):
            if bc[3][i]:
                continue
            m = (bc[2][i] + bc[2][(i + 1) % 4]) / 2
            a, b = fc[2][i], fc[2][(i + 1) % 4]
            d = b - a
            u = float(np.clip(np.dot(m - a, d) / max(float(np.dot(d, d)), 1e-9), 0, 1))
            shared[i] = float(np.hypot(*(m - (a + u * d)))) < 0.01 * diag
        if sum(shared) < 2 or bc[7] < fc[7] - 0.05:
            return False
        # the unshared edge is a weaker step than the page's own edges
        c_sh = float(np.median([fc[5][i] for i in range(4) if shared[i]]))
        return max(fc[5][i] for i in range(4) if not shared[i]) < 0.7 * c_sh

    full_cands = [fc for fc in full_cands if not any(_shares_edges(fc, bc) for bc in border_cands)]
    best = None
    for pool in (full_cands, border_cands):
        if pool:
            best = max(pool, key=lambda c: c[0])
            break
    if best is None:
        cq = None if uncertain is None else order_quad((uncertain[1] + 0.5) / s - 0.5)
        return PageDetection(whole, False, False, 0.0, (float("nan"),) * 4, "whole_image", candidate=cq)
    _, name, q, on_border, fracs, contrasts, signs, conf = best
    wider = _extend_to_mat(
        cv2.cvtColor(cv2.GaussianBlur(reduced, (3, 3), 0), cv2.COLOR_BGR2Lab).astype(np.float32), q, on_border
    )
    if wider is not None:
        r = _refine(sampler, wider, w, h, margin, fine)
        if r is not None and cv2.contourArea(r[0].astype(np.float32)) > cv2.contourArea(q.astype(np.float32)):
            q, on_border, (_lines, fracs, contrasts, signs, _fine_loose) = r
            name += "+edge"
    q_full = (q + 0.5) / s - 0.5
    if refine_full and s < 0.999:
        fs = _Sampler(image, 1.0)
        # Profiles across each edge at (near) full resolution: ±3 reduced pixels.
        step_f = max(0.5, 0.5 / s) if s > 0.5 else 1.0
        hw = max(2, int(round(1.5 / s / step_f)))
        for radius_r in (4.0, 2.0):
            res = _fit_edges(fs, q_full, on_border, radius_r / s, hw, 96, step_f, 5, signs)
            if res is None:
                break
            nq = _lines_to_quad(res[0])
            if nq is None or not _is_convex_quad(nq) or np.abs(nq - q_full).max() > 6.0 / s:
                break
            q_full = nq
            fracs = res[1]
    all_border = all(on_border)
    cut = (any(on_border) and not all_border) or bool(
        np.any(q_full < -margin / s)
        or np.any(q_full[:, 0] > W - 1 + margin / s)
        or np.any(q_full[:, 1] > H - 1 + margin / s)
    )
    real = [i for i in range(4) if not on_border[i]]
    conf = float(np.mean([fracs[i] for i in real])) if real else 0.0
    if conf < 0.3:
        # at full resolution the edges are no straight steps: no page boundary
        return PageDetection(whole, False, False, 0.0, (float("nan"),) * 4, "whole_image", candidate=order_quad(q_full))
    qo = order_quad(q_full)
    ob = _border_edges(qo, W, H, margin / s)
    if not any(ob):
        ob = (False,) * 4
    c0, c1, c2, c3 = (float(c) for c in contrasts)
    return PageDetection(qo, True, cut, conf, (c0, c1, c2, c3), name, ob)
