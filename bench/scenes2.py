"""A second, independent family of generated document-camera scenes with ground truth.

Written separately from ``bench/scenes.py`` (a different generator, different
drawing code, different distributions) so that the page detector and the verdicts
can be checked on scenes they were not developed on.  Everything is drawn with
OpenCV (``cv2.putText`` text, no fonts needed) from one ``numpy.random.Generator``
seeded by the scene's seed.

What varies (every field of :class:`Spec2` left ``None`` is drawn from the seed):

* **kind** – ``a4``, ``a4_landscape``, ``a5``, ``card`` (ID-1, 85.6 × 54 mm, rounded
  corners, its long side 15–45 % of the frame's long side), ``receipt`` (80 mm roll,
  120–260 mm long), ``yellowed`` (aged A4/A5 paper with stains) or ``none`` (no page);
* **mat** – ``wood`` (grain), ``cloth`` (woven), ``light_grey``, ``white``,
  ``cluttered`` (a mid-tone mat with a pen, a phone and a coin beside the page);
* **light** – ``even``, ``gradient``, ``warm`` (tinted), ``glare`` (a specular spot),
  ``low`` (dim, strong sensor noise);
* **occluder** – ``none``, ``thumb_edge``, ``thumb_corner`` (a thumb over an edge or a
  corner, the hand running towards the frame border), ``hand_edge`` (a larger hand);
* **pose** – rotation within ±15°, camera tilt (keystone up to 4 %), placement;
  ``cut_off`` moves the page partly past a frame border;
* **blur** – ``None`` (sharp optics), ``gaussian``, ``motion`` or ``defocus``, its
  amount set in millimetres on the page (so it means the same at every scale) with a
  floor in frame pixels (so it is visible at every resolution);
* **resolution** – 5–13 MP, aspect 4:3 or 3:2.

Usage::

    from scenes2 import Spec2, make_scene2
    sc = make_scene2(Spec2(seed=4, kind="card", mat="wood"))
    sc.image, sc.quad, sc.blurred, sc.cut_off, sc.no_page

The truth ``quad`` is the page's corner quad in frame pixels (OpenCV pixel centres,
so a page covering pixels 0..W-1 has corners at -0.5 and W-0.5), clockwise from the
page's top-left corner; for the rounded ID card it is the quad of the card's edge
lines.  ``None`` when there is no page.
"""

from __future__ import annotations

import dataclasses
import math

import cv2
import numpy as np

__all__ = ["BLURS", "KINDS", "LIGHTS", "MATS2", "OCCLUDERS", "Scene2", "Spec2", "make_scene2", "render_document"]

KINDS = ("a4", "a4_landscape", "a5", "card", "receipt", "yellowed", "none")
MATS2 = ("wood", "cloth", "light_grey", "white", "cluttered")
LIGHTS = ("even", "gradient", "warm", "glare", "low")
OCCLUDERS = ("none", "thumb_edge", "thumb_corner", "hand_edge")
BLURS = ("gaussian", "motion", "defocus")

#: Blur amounts drawn per kind: (millimetres on the page, floor in frame pixels).
BLUR_MM = {"gaussian": ((0.30, 0.60), 2.2), "motion": ((2.0, 4.0), 12.0), "defocus": ((0.8, 1.5), 4.5)}

_WORDS = (
    "contract supply account meter customer address power line station transformer cable "
    "service order date total amount signature archive volume record number section item "
    "rate period capacity voltage inspection report approved office branch district"
).split()


@dataclasses.dataclass(frozen=True)
class Spec2:
    """What to generate; ``None`` fields are drawn from ``seed``."""

    seed: int
    kind: str | None = None
    mat: str | None = None
    light: str | None = None
    occluder: str | None = None
    blur: str | None = None  # "sharp" or one of BLURS; None: drawn (about 1 in 3 blurred)
    cut_off: bool | None = None
    megapixels: float | None = None
    rotation: float | None = None
    table: bool | None = None


@dataclasses.dataclass
class Scene2:
    """A generated frame and its truth."""

    image: np.ndarray  # (H, W, 3) uint8 BGR
    quad: np.ndarray | None  # (4, 2) float64 corners or None (no page)
    blurred: bool
    cut_off: bool
    no_page: bool
    kind: str
    mat: str
    light: str
    occluder: str
    blur: str  # "sharp" or the blur kind
    blur_px: float  # blur amount in frame pixels (sigma, length or radius); 0 when sharp
    blur_mm: float
    rotation: float
    px_per_mm: float
    megapixels: float
    size_mm: tuple[float, float] | None  # (width, height) of the document, mm
    seed: int


# --------------------------------------------------------------------------- documents


def _put(img, text, org, scale, colour, thick=1, font=cv2.FONT_HERSHEY_SIMPLEX):
    cv2.putText(img, text, (int(org[0]), int(org[1])), font, scale, colour, max(1, int(thick)), cv2.LINE_AA)


def _sentence(rng, n_words):
    return " ".join(_WORDS[int(i)] for i in rng.integers(0, len(_WORDS), n_words))


def _text_block(img, rng, x0, y0, x1, y1, ppm, ink, cap_mm=2.4, gap_mm=5.5):
    """Lines of words filling a box, ragged right, paragraph breaks."""
    scale = cap_mm * ppm / 22.0
    thick = max(1, round(0.22 * ppm * cap_mm / 2.4))
    y = y0 + cap_mm * ppm
    while y < y1:
        if rng.random() < 0.12:
            y += gap_mm * ppm * 0.6  # paragraph gap
        x = x0 + (rng.random() < 0.15) * 8 * ppm
        line_end = x1 - rng.uniform(0, 0.45 if rng.random() < 0.2 else 0.05) * (x1 - x0)
        while True:
            w = _WORDS[int(rng.integers(0, len(_WORDS)))]
            (tw, _th), _ = cv2.getTextSize(w, cv2.FONT_HERSHEY_SIMPLEX, scale, thick)
            if x + tw > line_end:
                break
            _put(img, w, (x, y), scale, ink, thick)
            x += tw + 0.45 * cap_mm * ppm * 2
        y += gap_mm * ppm


def _table(img, rng, x0, y0, x1, rows, ppm, ink):
    cols = int(rng.integers(3, 6))
    row_h = rng.uniform(7.0, 9.5) * ppm
    lw = max(1, round(0.3 * ppm))
    xs = np.linspace(x0, x1, cols + 1)
    for r in range(rows + 1):
        y = int(y0 + r * row_h)
        cv2.line(img, (int(x0), y), (int(x1), y), ink, lw, cv2.LINE_AA)
    for x in xs:
        cv2.line(img, (int(x), int(y0)), (int(x), int(y0 + rows * row_h)), ink, lw, cv2.LINE_AA)
    for r in range(rows):
        for c in range(cols):
            if rng.random() < 0.8:
                _put(
                    img,
                    _sentence(rng, 1)[:8] if r else _WORDS[int(rng.integers(0, len(_WORDS)))][:6].upper(),
                    (xs[c] + 1.5 * ppm, y0 + (r + 0.7) * row_h),
                    2.2 * ppm / 22.0,
                    ink,
                    max(1, round(0.2 * ppm)),
                )
    return y0 + rows * row_h


def _paper(rng, shape, colour, ppm, fibre=2.0):
    """Paper of a colour with faint low-frequency unevenness and fibre noise."""
    h, w = shape
    base = np.empty((h, w, 3), np.float32)
    base[:] = colour
    lo = rng.normal(0, 1, (max(2, h // 200), max(2, w // 200))).astype(np.float32)
    lo = cv2.resize(cv2.GaussianBlur(lo, (0, 0), 1.0), (w, h), interpolation=cv2.INTER_CUBIC)
    base += lo[:, :, None] * 2.0
    fib = np.empty((h, w), np.float32)
    cv2.randn(fib, 0.0, fibre)
    base += fib[:, :, None]
    return base


def render_document(kind: str, rng: np.random.Generator, ppm: float, table: bool) -> tuple[np.ndarray, np.ndarray]:
    """Render a document at ``ppm`` pixels per mm: (BGR uint8 image, alpha float32 0..1).

    Deterministic from ``rng`` (OpenCV's own noise generator is seeded from it)."""
    cv2.setRNGSeed(int(rng.integers(0, 2**31 - 1)))
    if kind in ("a4", "yellowed_a4"):
        wmm, hmm = 210.0, 297.0
    elif kind == "a4_landscape":
        wmm, hmm = 297.0, 210.0
    elif kind in ("a5", "yellowed_a5"):
        wmm, hmm = 148.0, 210.0
    elif kind == "card":
        wmm, hmm = 85.6, 53.98
    elif kind == "receipt":
        wmm, hmm = 80.0, float(rng.uniform(120.0, 260.0))
    else:
        raise ValueError(f"unknown document kind {kind!r}")
    W, H = int(round(wmm * ppm)), int(round(hmm * ppm))
    alpha = np.ones((H, W), np.float32)
    ink = tuple(int(v) for v in rng.integers(15, 45, 3))
    if kind.startswith("yellowed"):
        colour = (rng.uniform(140, 175), rng.uniform(190, 212), rng.uniform(208, 228))
        f = _paper(rng, (H, W), colour, ppm, fibre=3.0)
        # stains: brownish low-frequency blotches and foxing spots
        st = rng.random((max(2, H // 120), max(2, W // 120))).astype(np.float32)
        st = cv2.resize(st, (W, H), interpolation=cv2.INTER_CUBIC)
        st = np.clip((st - 0.7) * 3.0, 0, 1)
        f -= st[:, :, None] * np.array([40, 30, 18], np.float32)
        for _ in range(int(rng.integers(10, 40))):
            c = (int(rng.integers(0, W)), int(rng.integers(0, H)))
            cv2.circle(f, c, int(rng.uniform(0.3, 1.5) * ppm), (110, 140, 170), -1, cv2.LINE_AA)
        img = np.clip(f, 0, 255).astype(np.uint8)
        ink = (60, 50, 45)
    elif kind == "card":
        # ID-1 card: pale tinted background with a gradient and fine wavy security lines
        c0 = np.array([rng.uniform(200, 240), rng.uniform(205, 235), rng.uniform(190, 230)], np.float32)
        c1 = c0 - np.array(rng.uniform(10, 40, 3), np.float32)
        t = np.linspace(0, 1, W, dtype=np.float32)[None, :, None]
        f = c0 * (1 - t) + c1 * t + np.zeros((H, 1, 1), np.float32)
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        wave = np.sin((yy + 6 * ppm * np.sin(xx / (9 * ppm))) / (0.9 * ppm))
        f -= (wave > 0.92)[:, :, None] * 12.0
        img = np.clip(f, 0, 255).astype(np.uint8)
        # photo box, name and number lines
        px0, py0 = int(0.62 * W), int(0.18 * H)
        pw, ph = int(0.28 * W), int(0.62 * H)
        cv2.rectangle(img, (px0, py0), (px0 + pw, py0 + ph), (200, 200, 205), -1)
        cv2.ellipse(img, (px0 + pw // 2, py0 + int(0.4 * ph)), (pw // 4, ph // 4), 0, 0, 360, (120, 130, 150), -1)
        cv2.ellipse(img, (px0 + pw // 2, py0 + ph), (pw // 2, ph // 3), 0, 180, 360, (90, 90, 100), -1)
        for i in range(4):
            _put(
                img,
                _sentence(rng, 2),
                (0.07 * W, (0.25 + 0.13 * i) * H),
                1.9 * ppm / 22,
                ink,
                max(1, round(0.18 * ppm)),
            )
        digits = "".join(str(int(d)) for d in rng.integers(0, 10, 18))
        _put(img, digits, (0.07 * W, 0.88 * H), 2.6 * ppm / 22, ink, max(1, round(0.25 * ppm)))
        r = int(round(3.18 * ppm))  # ID-1 corner radius
        m = np.zeros((H, W), np.uint8)
        cv2.rectangle(m, (r, 0), (W - 1 - r, H - 1), 255, -1)
        cv2.rectangle(m, (0, r), (W - 1, H - 1 - r), 255, -1)
        for cx, cy in ((r, r), (W - 1 - r, r), (r, H - 1 - r), (W - 1 - r, H - 1 - r)):
            cv2.circle(m, (cx, cy), r, 255, -1, cv2.LINE_AA)
        alpha = m.astype(np.float32) / 255.0
        return img, alpha
    elif kind == "receipt":
        colour = (rng.uniform(238, 250), rng.uniform(236, 248), rng.uniform(232, 246))
        img = np.clip(_paper(rng, (H, W), colour, ppm, 1.5), 0, 255).astype(np.uint8)
        ink = (70, 60, 60)
        sc = 2.0 * ppm / 15.0
        th = max(1, round(0.18 * ppm))
        y = 10 * ppm
        _put(
            img,
            "STORE " + str(int(rng.integers(100, 999))),
            (0.25 * W, y),
            1.4 * sc,
            ink,
            th + 1,
            cv2.FONT_HERSHEY_PLAIN,
        )
        y += 7 * ppm
        while y < H - 25 * ppm:
            if rng.random() < 0.15:
                for x in np.arange(4 * ppm, W - 4 * ppm, 2.5 * ppm):
                    cv2.line(img, (int(x), int(y)), (int(x + 1.4 * ppm), int(y)), ink, th)
            else:
                item = _WORDS[int(rng.integers(0, len(_WORDS)))][:10].upper()
                _put(img, item, (5 * ppm, y), sc, ink, th, cv2.FONT_HERSHEY_PLAIN)
                _put(img, f"{rng.uniform(1, 300):7.2f}", (0.62 * W, y), sc, ink, th, cv2.FONT_HERSHEY_PLAIN)
            y += 4.5 * ppm
        # a barcode block at the bottom
        x = 12 * ppm
        while x < W - 12 * ppm:
            bw = rng.uniform(0.25, 0.9) * ppm
            cv2.rectangle(img, (int(x), int(H - 20 * ppm)), (int(x + bw), int(H - 8 * ppm)), ink, -1)
            x += bw + rng.uniform(0.25, 0.9) * ppm
        return img, alpha
    else:
        colour = (rng.uniform(228, 246), rng.uniform(230, 247), rng.uniform(230, 248))
        img = np.clip(_paper(rng, (H, W), colour, ppm), 0, 255).astype(np.uint8)
    # A-format page: heading, text, optional table, a page number
    mx = rng.uniform(16, 28) * ppm
    y = rng.uniform(14, 24) * ppm
    _put(img, _sentence(rng, 3).upper(), (mx, y + 5 * ppm), 4.5 * ppm / 22, ink, max(1, round(0.45 * ppm)))
    y += 12 * ppm
    bottom = H - rng.uniform(18, 30) * ppm
    if table:
        split = y + (bottom - y) * rng.uniform(0.25, 0.5)
        _text_block(img, rng, mx, y, W - mx, split, ppm, ink)
        end = _table(img, rng, mx, split + 4 * ppm, W - mx, int(rng.integers(3, 8)), ppm, ink)
        if end + 8 * ppm < bottom:
            _text_block(img, rng, mx, end + 4 * ppm, W - mx, bottom, ppm, ink)
    else:
        _text_block(img, rng, mx, y, W - mx, bottom, ppm, ink)
    _put(img, str(int(rng.integers(1, 40))), (W / 2, H - 10 * ppm), 2.4 * ppm / 22, ink)
    return img, alpha


# --------------------------------------------------------------------------- mats


def _mat(name: str, rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    """Desk mat of ``size`` (W, H), float32 BGR (H, W, 3)."""
    W, H = size
    lw, lh = max(8, W // 4), max(8, H // 4)
    if name == "wood":
        base = np.array([rng.uniform(40, 80), rng.uniform(75, 115), rng.uniform(110, 165)], np.float32)
        yy, xx = np.mgrid[0:lh, 0:lw].astype(np.float32)
        ang = rng.uniform(0, math.pi)
        u = xx * math.cos(ang) + yy * math.sin(ang)
        v = -xx * math.sin(ang) + yy * math.cos(ang)
        warp = cv2.GaussianBlur(rng.normal(0, 1, (lh, lw)).astype(np.float32), (0, 0), lw / 30) * lw / 8
        grain = np.sin((v + warp) / rng.uniform(3.0, 6.0)) * 0.5 + 0.5
        fine = cv2.GaussianBlur(rng.normal(0, 1, (lh, lw)).astype(np.float32), (0, 0), 0.7)
        g = 0.75 + 0.25 * grain + 0.05 * fine + 0.0 * u
        f = g[:, :, None] * base
    elif name == "cloth":
        base = np.array(
            [[110, 70, 40], [60, 110, 60], [60, 60, 140], [100, 100, 100]][int(rng.integers(0, 4))], np.float32
        ) * rng.uniform(0.7, 1.2)
        f = np.empty((lh, lw, 3), np.float32)
        f[:] = base
        lo = cv2.resize(rng.normal(0, 1, (8, 8)).astype(np.float32), (lw, lh), interpolation=cv2.INTER_CUBIC)
        f += lo[:, :, None] * 6
    elif name == "light_grey":
        f = np.empty((lh, lw, 3), np.float32)
        f[:] = rng.uniform(165, 200) + rng.uniform(-4, 4, 3)
    elif name == "white":
        f = np.empty((lh, lw, 3), np.float32)
        f[:] = rng.uniform(205, 228) + rng.uniform(-3, 3, 3)
    elif name == "cluttered":
        f = np.empty((lh, lw, 3), np.float32)
        f[:] = np.array([rng.uniform(60, 120), rng.uniform(60, 110), rng.uniform(50, 100)], np.float32)
        lo = cv2.resize(rng.normal(0, 1, (6, 6)).astype(np.float32), (lw, lh), interpolation=cv2.INTER_CUBIC)
        f += lo[:, :, None] * 8
    else:
        raise ValueError(f"unknown mat {name!r}")
    full = cv2.resize(f, (W, H), interpolation=cv2.INTER_LINEAR)
    if name == "cloth":
        # woven texture at full resolution: a tiled weave cell
        p = int(rng.integers(4, 8))
        cell = np.zeros((2 * p, 2 * p), np.float32)
        cell[:p, :p] = cell[p:, p:] = 1.0
        cell = cv2.GaussianBlur(cell, (0, 0), p / 4) - 0.5
        tile = np.tile(cell, (H // (2 * p) + 1, W // (2 * p) + 1))[:H, :W]
        full += tile[:, :, None] * rng.uniform(14, 26)
    n = np.empty((H, W), np.float32)
    cv2.randn(n, 0.0, 2.0)
    full += n[:, :, None]
    return full


def _clutter(f: np.ndarray, rng: np.random.Generator, ppm: float, keep_out: np.ndarray) -> None:
    """Draw a pen, a phone and a coin on the mat, away from ``keep_out`` (uint8 mask)."""
    H, W = f.shape[:2]
    for obj in ("pen", "phone", "coin"):
        for _try in range(30):
            cx, cy = rng.uniform(0, W), rng.uniform(0, H)
            ang = rng.uniform(0, 180)
            if obj == "pen":
                size = (140 * ppm, 9 * ppm)
            elif obj == "phone":
                size = (150 * ppm, 72 * ppm)
            else:
                size = (25 * ppm, 25 * ppm)
            box = cv2.boxPoints(((cx, cy), size, ang))
            m = np.zeros((H, W), np.uint8)
            cv2.fillConvexPoly(m, np.round(box).astype(np.int32), 1)
            if not (m & keep_out).any():
                break
        else:
            continue
        pts = np.round(box * 16).astype(np.int32)
        if obj == "pen":
            colour = [(120, 40, 20), (20, 20, 20), (30, 30, 160)][int(rng.integers(0, 3))]
            cv2.fillConvexPoly(f, pts, colour, cv2.LINE_AA, shift=4)
            cv2.line(f, tuple(np.round(box[0]).astype(int)), tuple(np.round(box[1]).astype(int)), (200, 200, 210), 2)
        elif obj == "phone":
            cv2.fillConvexPoly(f, pts, (25, 25, 28), cv2.LINE_AA, shift=4)
            inner = cv2.boxPoints(((cx, cy), (size[0] * 0.9, size[1] * 0.85), ang))
            cv2.fillConvexPoly(f, np.round(inner * 16).astype(np.int32), (60, 45, 40), cv2.LINE_AA, shift=4)
        else:
            cv2.circle(f, (int(cx), int(cy)), int(12 * ppm), (90, 160, 190), -1, cv2.LINE_AA)
        keep_out |= m


# --------------------------------------------------------------------------- hand


def _skin(rng):
    return np.array([rng.uniform(100, 150), rng.uniform(135, 175), rng.uniform(185, 230)], np.float32)


def _draw_hand(f, rng, quad, ppm, occluder):
    """A thumb (and the hand behind it) over an edge or corner of ``quad``."""
    H, W = f.shape[:2]
    q = np.asarray(quad, np.float64)
    c = q.mean(axis=0)
    # candidate attachment points whose outward direction leads to the nearest border
    if occluder == "thumb_corner":
        i = int(rng.integers(0, 4))
        p = q[i]
        out = p - c
        depth = rng.uniform(6, 14) * ppm
    else:
        i = int(rng.integers(0, 4))
        a, b = q[i], q[(i + 1) % 4]
        p = a + (b - a) * rng.uniform(0.25, 0.75)
        d = b - a
        out = np.array([d[1], -d[0]])  # outward normal for a clockwise quad (y down)
        depth = rng.uniform(5, 15) * ppm
    out = out / (np.linalg.norm(out) + 1e-9)
    tip = p - out * depth
    thumb_w = rng.uniform(17, 23) * ppm * (1.3 if occluder == "hand_edge" else 1.0)
    thumb_l = rng.uniform(55, 70) * ppm
    skin = _skin(rng)
    ang = math.degrees(math.atan2(out[1], out[0]))
    centre = tip + out * thumb_l / 2
    m = np.zeros((H, W), np.uint8)
    cv2.ellipse(
        m, (int(centre[0]), int(centre[1])), (int(thumb_l / 2), int(thumb_w / 2)), ang, 0, 360, 255, -1, cv2.LINE_AA
    )
    palm_c = (
        tip + out * (thumb_l + rng.uniform(25, 45) * ppm) + np.array([-out[1], out[0]]) * rng.uniform(-30, 30) * ppm
    )
    pr = (rng.uniform(45, 60) * ppm, rng.uniform(35, 50) * ppm)
    if occluder == "hand_edge":
        pr = (pr[0] * 1.5, pr[1] * 1.5)
    cv2.ellipse(m, (int(palm_c[0]), int(palm_c[1])), (int(pr[0]), int(pr[1])), ang, 0, 360, 255, -1, cv2.LINE_AA)
    a = cv2.GaussianBlur(m.astype(np.float32) / 255.0, (0, 0), max(1.0, 0.6 * ppm))
    # shading: darker towards the rim of the mask
    shade = cv2.GaussianBlur(a, (0, 0), max(2.0, 6 * ppm))
    col = skin[None, None, :] * (0.75 + 0.3 * shade[:, :, None])
    # a soft contact shadow on the page just beyond the thumb
    sh = cv2.GaussianBlur(a, (0, 0), max(2.0, 3 * ppm))
    f *= 1.0 - 0.35 * np.clip(sh - a, 0, 1)[:, :, None]
    f[:] = f * (1 - a[:, :, None]) + col * a[:, :, None]


# --------------------------------------------------------------------------- scene


def _resolve(spec: Spec2, rng: np.random.Generator) -> dict:
    kind = spec.kind or KINDS[int(rng.integers(0, len(KINDS)))]
    mat = spec.mat or MATS2[int(rng.integers(0, len(MATS2)))]
    light = spec.light or LIGHTS[int(rng.integers(0, len(LIGHTS)))]
    occ = spec.occluder or ("none" if rng.random() < 0.55 else OCCLUDERS[int(rng.integers(1, len(OCCLUDERS)))])
    if spec.blur is not None:
        blur = spec.blur
    else:
        blur = "sharp" if rng.random() < 0.65 else BLURS[int(rng.integers(0, len(BLURS)))]
    cut = spec.cut_off if spec.cut_off is not None else bool(rng.random() < 0.12)
    mp = spec.megapixels if spec.megapixels is not None else float(rng.uniform(5.0, 13.0))
    rot = spec.rotation if spec.rotation is not None else float(rng.uniform(-15.0, 15.0))
    table = spec.table if spec.table is not None else bool(rng.random() < 0.5)
    if kind == "none":
        occ, cut = "none", False
    return {
        "kind": kind,
        "mat": mat,
        "light": light,
        "occ": occ,
        "blur": blur,
        "cut": cut,
        "mp": mp,
        "rot": rot,
        "table": table,
    }


def make_scene2(spec: Spec2) -> Scene2:
    """Generate one scene of the second family (deterministic from ``spec``)."""
    rng = np.random.default_rng([spec.seed, 0x5CE2])
    cv2.setRNGSeed(int(rng.integers(0, 2**31 - 1)))
    p = _resolve(spec, rng)
    kind = p["kind"]
    aspect = (4 / 3, 3 / 2)[int(rng.integers(0, 2))]
    W = int(round(math.sqrt(p["mp"] * 1e6 * aspect) / 2) * 2)
    H = int(round(W / aspect / 2) * 2)
    # document size and scale
    doc_kind = kind
    if kind == "yellowed":
        doc_kind = ("yellowed_a4", "yellowed_a5")[int(rng.integers(0, 2))]
    sizes = {
        "a4": (210.0, 297.0),
        "yellowed_a4": (210.0, 297.0),
        "a4_landscape": (297.0, 210.0),
        "a5": (148.0, 210.0),
        "yellowed_a5": (148.0, 210.0),
        "card": (85.6, 53.98),
        "receipt": (80.0, 190.0),
    }
    rot = p["rot"]
    cr, sr = abs(math.cos(math.radians(rot))), abs(math.sin(math.radians(rot)))
    if kind == "none":
        ppm = W / rng.uniform(380.0, 520.0)
        wmm = hmm = 0.0
    else:
        wmm, hmm = sizes[doc_kind]
        if kind == "card":
            ppm = rng.uniform(0.15, 0.45) * W / wmm  # card long side 15–45 % of the frame's
        else:
            # the rotated page's bounding box fills 55–90 % of the frame in its tighter axis
            bw, bh = wmm * cr + hmm * sr, wmm * sr + hmm * cr
            ppm = rng.uniform(0.55, 0.9) * min(W / bw, H / bh)
            if kind == "receipt":
                ppm *= 190.0 / 260.0  # room for the longest roll
    mat = _mat(p["mat"], rng, (W, H))
    quad = None
    page_mask = np.zeros((H, W), np.uint8)
    cut = False
    if kind != "none":
        doc, alpha = render_document(doc_kind, rng, ppm, p["table"])
        Hd, Wd = doc.shape[:2]
        wmm, hmm = Wd / ppm, Hd / ppm
        # texture pixel -> page mm centred -> rotated -> placed -> camera tilt
        S = np.array([[1 / ppm, 0, -(Wd - 1) / 2 / ppm], [0, 1 / ppm, -(Hd - 1) / 2 / ppm], [0, 0, 1]])
        a = math.radians(rot)
        R = np.array([[math.cos(a), math.sin(a), 0], [-math.sin(a), math.cos(a), 0], [0, 0, 1]])  # CCW on screen
        corners_tex = np.array([[-0.5, -0.5], [Wd - 0.5, -0.5], [Wd - 0.5, Hd - 0.5], [-0.5, Hd - 0.5]])

        def proj(m, pts):
            ph = np.c_[pts, np.ones(len(pts))] @ m.T
            return ph[:, :2] / ph[:, 2:3]

        Rm = R @ S
        Rm[:2] *= ppm
        local = proj(Rm, corners_tex)
        lo, hi = local.min(axis=0), local.max(axis=0)
        margin = 0.02 * np.array([W, H])
        if p["cut"]:
            # push past one border by 10–30 % of the page's extent along that axis
            side = int(rng.integers(0, 4))
            ext = hi - lo
            cx = rng.uniform(margin[0] - lo[0], W - margin[0] - hi[0]) if W - 2 * margin[0] > ext[0] else W / 2
            cy = rng.uniform(margin[1] - lo[1], H - margin[1] - hi[1]) if H - 2 * margin[1] > ext[1] else H / 2
            over = rng.uniform(0.10, 0.30)
            if side == 0:
                cy = -lo[1] - over * ext[1]
            elif side == 1:
                cx = W - hi[0] + over * ext[0]
            elif side == 2:
                cy = H - hi[1] + over * ext[1]
            else:
                cx = -lo[0] - over * ext[0]
        else:
            cx = rng.uniform(margin[0] - lo[0], max(margin[0] - lo[0], W - margin[0] - hi[0]))
            cy = rng.uniform(margin[1] - lo[1], max(margin[1] - lo[1], H - margin[1] - hi[1]))
        T = np.array([[1, 0, cx], [0, 1, cy], [0, 0, 1]])
        # camera tilt: keystone about the frame centre
        k = rng.uniform(0.0, 0.04) * (1 if rng.random() < 0.5 else -1)
        kx = rng.uniform(-0.01, 0.01)
        K = np.array([[1, 0, 0], [0, 1, 0], [kx / W * 2, k / H * 2, 1]])
        C = np.array([[1, 0, -W / 2], [0, 1, -H / 2], [0, 0, 1]])
        Kf = np.linalg.inv(C) @ K @ C
        Hm = Kf @ T @ Rm
        quad = proj(Hm, corners_tex)
        # warp the document only into its bounding box
        x0, y0 = np.floor(quad.min(axis=0)).astype(int) - 2
        x1, y1 = np.ceil(quad.max(axis=0)).astype(int) + 2
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(W, x1), min(H, y1)
        Tb = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]]) @ Hm
        size = (x1 - x0, y1 - y0)
        d = cv2.warpPerspective(doc, Tb, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        al = cv2.warpPerspective(alpha, Tb, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0)
        roi = mat[y0:y1, x0:x1]
        # a faint drop shadow under the page
        sh = cv2.GaussianBlur(al, (0, 0), max(1.5, 1.2 * ppm))
        sh = np.roll(sh, (int(0.8 * ppm), int(0.8 * ppm)), axis=(0, 1))
        roi *= 1 - 0.25 * np.clip(sh - al, 0, 1)[:, :, None]
        roi[:] = roi * (1 - al[:, :, None]) + d.astype(np.float32) * al[:, :, None]
        page_mask[y0:y1, x0:x1] = (al > 0.01).astype(np.uint8)
        cut = bool(np.any(quad < -0.5) or np.any(quad[:, 0] > W - 0.5) or np.any(quad[:, 1] > H - 0.5))
    if p["mat"] == "cluttered":
        ko = cv2.dilate(page_mask, np.ones((9, 9), np.uint8))
        _clutter(mat, rng, ppm, ko)
    if quad is not None and p["occ"] != "none":
        _draw_hand(mat, rng, quad, ppm, p["occ"])
    # light
    lw, lh = max(8, W // 8), max(8, H // 8)
    yy, xx = np.mgrid[0:lh, 0:lw].astype(np.float32)
    xn, yn = xx / lw - 0.5, yy / lh - 0.5
    light = 1.0 - 0.12 * (xn**2 + yn**2)  # mild vignetting
    tint = np.ones(3, np.float32)
    glare = None
    noise_sd = rng.uniform(1.5, 3.0)
    if p["light"] == "gradient":
        ang = rng.uniform(0, 2 * math.pi)
        light = light * (1.0 + rng.uniform(0.2, 0.4) * (xn * math.cos(ang) + yn * math.sin(ang)))
    elif p["light"] == "warm":
        tint = np.array([rng.uniform(0.70, 0.82), rng.uniform(0.88, 0.95), 1.0], np.float32)
        light = light * rng.uniform(0.9, 1.05)
    elif p["light"] == "glare":
        gx, gy = rng.uniform(0.25, 0.75), rng.uniform(0.25, 0.75)
        if quad is not None:
            cq = quad.mean(axis=0) / np.array([W, H])
            gx, gy = np.clip(cq + rng.uniform(-0.12, 0.12, 2), 0.05, 0.95)
        glare = (gx, gy, rng.uniform(0.03, 0.07))
    elif p["light"] == "low":
        light = light * rng.uniform(0.35, 0.55)
        noise_sd = rng.uniform(5.0, 9.0)
    lf = cv2.resize(light.astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR)
    for ch in range(3):
        mat[:, :, ch] *= lf * tint[ch]
    if glare is not None:
        gx, gy, gr = glare
        r = gr * W
        x0, x1 = int(max(0, gx * W - 3 * r)), int(min(W, gx * W + 3 * r))
        y0, y1 = int(max(0, gy * H - 3 * r)), int(min(H, gy * H + 3 * r))
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        g = np.exp(-((xx - gx * W) ** 2 + (yy - gy * H) ** 2) / (2 * r * r)) * 220.0
        mat[y0:y1, x0:x1] += g[:, :, None]
    np.clip(mat, 0, 255, out=mat)
    img = mat.astype(np.uint8)
    del mat
    # optics: always a little blur; a blurred scene gets much more
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.4, 0.7))
    blur_px = blur_mm = 0.0
    if p["blur"] != "sharp":
        (lo_mm, hi_mm), floor_px = BLUR_MM[p["blur"]]
        blur_mm = float(rng.uniform(lo_mm, hi_mm))
        blur_px = max(blur_mm * ppm, floor_px * rng.uniform(1.0, 1.3))
        if p["blur"] == "gaussian":
            img = cv2.GaussianBlur(img, (0, 0), blur_px)
        elif p["blur"] == "motion":
            L = int(round(blur_px)) | 1
            kern = np.zeros((L, L), np.float32)
            a = rng.uniform(0, math.pi)
            c = (L - 1) / 2
            dx, dy = math.cos(a) * c, math.sin(a) * c
            cv2.line(
                kern,
                (int(round(c - dx)), int(round(c - dy))),
                (int(round(c + dx)), int(round(c + dy))),
                1.0,
                1,
                cv2.LINE_AA,
            )
            img = cv2.filter2D(img, -1, kern / kern.sum())
        else:
            R_ = int(round(blur_px))
            kern = np.zeros((2 * R_ + 1, 2 * R_ + 1), np.float32)
            cv2.circle(kern, (R_, R_), R_, 1.0, -1, cv2.LINE_AA)
            img = cv2.filter2D(img, -1, kern / kern.sum())
    # sensor noise and JPEG
    n = np.empty(img.shape, np.int16)
    cv2.randn(n, 0, noise_sd)
    img = np.clip(img.astype(np.int16) + n, 0, 255).astype(np.uint8)
    q = int(rng.integers(80, 96))
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
    if ok:
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return Scene2(
        image=img,
        quad=None if quad is None else quad.astype(np.float64),
        blurred=p["blur"] != "sharp",
        cut_off=cut,
        no_page=kind == "none",
        kind=kind,
        mat=p["mat"],
        light=p["light"],
        occluder=p["occ"],
        blur=p["blur"],
        blur_px=float(blur_px),
        blur_mm=float(blur_mm),
        rotation=float(rot),
        px_per_mm=float(ppm),
        megapixels=float(W * H / 1e6),
        size_mm=None if kind == "none" else (float(wmm), float(hmm)),
        seed=spec.seed,
    )


if __name__ == "__main__":  # write a few scenes for looking at: python bench/scenes2.py OUTDIR [N]
    import sys
    from pathlib import Path

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/scenes2")
    out.mkdir(parents=True, exist_ok=True)
    for s in range(int(sys.argv[2]) if len(sys.argv) > 2 else 12):
        sc = make_scene2(Spec2(seed=s))
        im = sc.image.copy()
        if sc.quad is not None:
            cv2.polylines(im, [np.round(sc.quad).astype(np.int32)], True, (0, 255, 0), 3)
        small = cv2.resize(im, None, fx=800 / im.shape[1], fy=800 / im.shape[1], interpolation=cv2.INTER_AREA)
        name = f"{s:03d}_{sc.kind}_{sc.mat}_{sc.light}_{sc.occluder}_{sc.blur}{'_cut' if sc.cut_off else ''}.jpg"
        cv2.imwrite(str(out / name), small)
        print(name, f"{sc.megapixels:.1f}MP ppm={sc.px_per_mm:.2f}")
