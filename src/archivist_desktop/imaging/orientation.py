"""Page orientation: which of 0/90/180/270° turns the page content upright.

Works on a reduced copy of the (cropped, deskewed) page, in two steps:

1. **Axis** (0/180 against 90/270): text lines make the ink's projection profile
   across the lines spiky (ink rows and blank gaps between lines) and the profile
   along them flat.  The page is cut into tiles; each inked tile votes with the log
   ratio of the profile contrast across rows to that across columns.
2. **Sense** (0 against 180) from the text lines themselves: lines are found by
   smearing ink along the text direction; in each line the row profile has a dense
   core (x-height of Latin script) with ascenders above and descenders below.
   Ascenders (b d f h k l t, capitals, i-dots) are several times more frequent than
   descenders (g j p q y), so upright lines carry more ink above the core than
   below.  Lines also start at a common left margin and end ragged at the right.

   With ``use_ocr=True`` (and the OCR engine installed) the sense is instead decided by
   the text-direction classifier of the OCR engine (PP-OCR ch_ppocr_mobile_v2.0_cls, 0 or
   180 per line): the page is turned so its lines run along the rows, the OCR detector
   finds the text lines, and up to :data:`_MAX_VOTES` of the widest line crops vote with
   their classifier scores.

Status (bench/bench_orientation.py): the axis is right on every shared real photo and
generated page turned four ways; the ink-profile sense (0 against 180) is NOT reliable
(about chance on handwriting, Chinese and cards); the classifier vote is measured by the
same bench (``--ocr``).

:func:`detect_orientation` returns the turn of the content (counter-clockwise
positive, like ``skew_deg``) and a confidence; :func:`upright` applies the correction.
"""

from __future__ import annotations

import dataclasses
import math

import cv2
import numpy as np

from .io import as_gray8

__all__ = ["Orientation", "detect_orientation", "upright"]

_LONG_SIDE = 900  # analysis size (long side, px)
_OCR_LONG_SIDE = 1280  # size the OCR detector sees (long side, px)
_MAX_VOTES = 24  # widest text lines that vote on 0/180


@dataclasses.dataclass(frozen=True)
class Orientation:
    """Result of :func:`detect_orientation`.

    Attributes
    ----------
    turn : int
        0, 90, 180 or 270: the content is rotated by this many degrees counter-clockwise
        (``np.rot90(upright_page, turn // 90)`` looks like the input).
    confidence : float
        0…1; 0 when there was no text to judge (``turn`` is then 0).
    axis_score : float
        > 0: text lines run along the rows of the input, < 0: along its columns.
    sense_score : float
        > 0: the lines (in their horizontal reading) look upright, < 0: upside down.
    n_lines : int
        Text lines that voted on the sense.
    """

    turn: int
    confidence: float
    axis_score: float
    sense_score: float
    n_lines: int


def _ink(gray: np.ndarray) -> np.ndarray:
    block = max(15, (max(gray.shape) // 30) | 1)
    ink = cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)
    # Drop a thin border (crop edges, shadows) and blobs too large to be characters.
    h, w = ink.shape
    b = max(2, int(0.03 * min(h, w)))
    ink[:b] = 0
    ink[-b:] = 0
    ink[:, :b] = 0
    ink[:, -b:] = 0
    _n, lab, st, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    big = min(h, w) * 0.12
    bad = (st[:, cv2.CC_STAT_AREA] < 3) | ((st[:, cv2.CC_STAT_WIDTH] > big) & (st[:, cv2.CC_STAT_HEIGHT] > big))
    bad[0] = True
    ink[bad[lab]] = 0
    return ink


def _axis_score(ink: np.ndarray, tile: int) -> float:
    h, w = ink.shape
    num = 0.0
    den = 0.0
    for y0 in range(0, h - tile // 2, tile):
        for x0 in range(0, w - tile // 2, tile):
            t = ink[y0 : y0 + tile, x0 : x0 + tile]
            n = int(t.sum())
            if n < 0.004 * t.size:
                continue
            r = t.sum(axis=1, dtype=np.float64)
            c = t.sum(axis=0, dtype=np.float64)
            a = r.std() / (r.mean() + 1e-9)
            b = c.std() / (c.mean() + 1e-9)
            wgt = math.sqrt(n)
            num += wgt * math.log((a + 0.05) / (b + 0.05))
            den += wgt
    return num / den if den else 0.0


def _text_height(ink: np.ndarray) -> float:
    _n, _lab, st, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    hs = st[1:, cv2.CC_STAT_HEIGHT]
    ws = st[1:, cv2.CC_STAT_WIDTH]
    keep = (hs >= 4) & (ws >= 2) & (hs < ink.shape[0] * 0.08)
    if keep.sum() < 5:
        return 0.0
    return float(np.median(hs[keep]))


def _sense_score(ink: np.ndarray) -> tuple[float, int]:
    """> 0 when horizontal lines of ``ink`` look upright; and the number of lines used."""
    xh = _text_height(ink)
    if xh <= 0:
        return 0.0, 0
    k = max(3, int(round(2.5 * xh)))
    smear = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    smear = cv2.morphologyEx(smear, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, lab, st, _ = cv2.connectedComponentsWithStats(smear, connectivity=8)
    asc_votes = []
    weights = []
    lefts = []
    rights = []
    for i in range(1, n):
        x, y, bw, bh, _a = st[i]
        if bw < 4 * xh or bh < 0.6 * xh or bh > 6 * xh:
            continue
        # Ink of this line (a band around the smeared blob, so ascenders and
        # descenders that the opening clipped still count).
        pad = int(round(1.2 * xh))
        y0, y1 = max(0, y - pad), min(ink.shape[0], y + bh + pad)
        band = ink[y0:y1, x : x + bw].astype(np.float64)
        inside = (lab[y0:y1, x : x + bw] == i).any(axis=0)
        band = band[:, inside]
        p = band.sum(axis=1)
        if p.sum() < 3 * xh:
            continue
        # Core: rows above 45 % of the peak, contiguous around the peak.
        pk = int(np.argmax(p))
        thr = 0.45 * p[pk]
        top = pk
        while top > 0 and p[top - 1] >= thr:
            top -= 1
        bot = pk
        while bot < len(p) - 1 and p[bot + 1] >= thr:
            bot += 1
        up = p[:top].sum()
        lo = p[bot + 1 :].sum()
        if up + lo <= 0:
            continue
        asc_votes.append((up - lo) / (up + lo))
        weights.append(bw)
        lefts.append(x)
        rights.append(x + bw)
    if not asc_votes:
        return 0.0, 0
    wv = np.asarray(weights, np.float64)
    asc = float(np.average(asc_votes, weights=wv))
    score = asc
    if len(lefts) >= 4:
        # Left margin aligned, right edge ragged (in units of the text height).
        sl = float(np.median(np.abs(np.asarray(lefts) - np.median(lefts)))) / xh
        sr = float(np.median(np.abs(np.asarray(rights) - np.median(rights)))) / xh
        score += 0.1 * float(np.tanh(sr - sl))
    return score, len(asc_votes)


def _line_crops(page: np.ndarray, boxes: list[np.ndarray]) -> list[tuple[np.ndarray, float]]:
    """(crop, width) of the widest roughly horizontal text-line boxes, straightened."""
    cands: list[tuple[float, float, np.ndarray]] = []
    for b in boxes:
        w = float(max(np.linalg.norm(b[1] - b[0]), np.linalg.norm(b[2] - b[3])))
        h = float(max(np.linalg.norm(b[3] - b[0]), np.linalg.norm(b[2] - b[1])))
        if h < 6 or w < 1.5 * h:  # a vertical line or a blob: no reading direction to judge
            continue
        cands.append((w, h, b))
    cands.sort(key=lambda c: -c[0])
    out: list[tuple[np.ndarray, float]] = []
    for w, h, b in cands[:_MAX_VOTES]:
        dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
        m = cv2.getPerspectiveTransform(b.astype(np.float32), dst)
        crop = cv2.warpPerspective(
            page, m, (int(round(w)), int(round(h))), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
        )
        out.append((crop, w))
    return out


def _sense_by_classifier(rows_page: np.ndarray) -> tuple[float, int]:
    """> 0 when the text lines (running along the rows) read upright, < 0 upside down; lines used.

    The score is the width-weighted mean over the lines of (v(line) - v(line turned 180°)) / 2, where
    v is +p when classified 0° and -p when classified 180° (p the classifier's score).
    """
    from . import ocr

    img = rows_page
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    elif img.shape[2] == 4:
        img = cv2.cvtColor(img, cv2.COLOR_BGRA2BGR)
    if img.dtype != np.uint8:
        img = cv2.cvtColor(as_gray8(rows_page), cv2.COLOR_GRAY2BGR)
    h, w = img.shape[:2]
    f = min(1.0, _OCR_LONG_SIDE / max(h, w))
    if f < 1.0:
        img = cv2.resize(img, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    crops = _line_crops(img, ocr.detect_boxes(img))
    if not crops:
        return 0.0, 0
    # Each line is classified as it is and turned by 180°: half the difference of the two signed
    # votes cancels the classifier's leaning to one answer on lines it cannot read.
    imgs = [c for c, _w in crops]
    votes = ocr.classify_directions(imgs + [np.ascontiguousarray(c[::-1, ::-1]) for c in imgs])
    n = len(imgs)
    num = 0.0
    den = 0.0
    for i, (_c, cw) in enumerate(crops):
        (l0, s0), (l1, s1) = votes[i], votes[n + i]
        v0 = s0 if l0 == 0 else -s0
        v1 = s1 if l1 == 0 else -s1
        num += cw * (v0 - v1) / 2
        den += cw
    return (num / den if den else 0.0), n


def detect_orientation(page_bgr: np.ndarray, *, use_ocr: bool = False) -> Orientation:
    """Detect the 0/90/180/270° turn of the content of a page.

    Parameters
    ----------
    page_bgr : ndarray
        The cropped, deskewed page (BGR, grey or BGRA; ``uint8`` or ``uint16``).
    use_ocr : bool
        Decide 0 against 180 with the OCR engine's text-direction classifier (about a
        second per page); without the engine installed the ink-profile sense is used.

    Returns
    -------
    Orientation
        ``turn`` degrees counter-clockwise; rotate by ``-turn`` (:func:`upright`) to correct.
    """
    gray = as_gray8(page_bgr)
    h, w = gray.shape[:2]
    f = min(1.0, _LONG_SIDE / max(h, w))
    if f < 1.0:
        gray = cv2.resize(gray, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    ink = _ink(gray)
    if ink.sum() < 50:
        return Orientation(0, 0.0, 0.0, 0.0, 0)
    tile = max(48, min(ink.shape) // 5)
    axis = _axis_score(ink, tile)
    sense_scale = 0.15
    sense, n_lines = 0.0, 0
    if use_ocr:
        from . import ocr

        if ocr.available():
            rows_page = page_bgr if axis >= 0 else np.ascontiguousarray(np.rot90(page_bgr, -1))
            sense, n_lines = _sense_by_classifier(rows_page)
            sense_scale = 0.5
    if n_lines == 0:
        lines = ink if axis >= 0 else np.ascontiguousarray(np.rot90(ink, -1))  # turn 90 → rows
        sense, n_lines = _sense_score(lines)
        sense_scale = 0.15
    if axis >= 0:
        turn = 0 if sense >= 0 else 180
    else:
        turn = 90 if sense >= 0 else 270
    conf = min(1.0, abs(axis) / 0.3) * min(1.0, abs(sense) / sense_scale)
    if turn == 0 and conf < 0.02:
        conf = 0.0
    return Orientation(turn, round(float(conf), 3), round(float(axis), 4), round(float(sense), 4), n_lines)


def upright(page: np.ndarray, turn: int) -> np.ndarray:
    """Undo a ``turn`` (degrees CCW, a multiple of 90) found by :func:`detect_orientation`."""
    k = (int(turn) // 90) % 4
    return page if k == 0 else np.ascontiguousarray(np.rot90(page, -k))
