"""The simulated document camera: rendered pages on a desk mat, for demos and tests.

What it shows, over and over: a white A4 page with a title (sometimes a red header),
lines of text-like glyphs, sometimes a table, and a red seal lies still on a dark desk
mat; then a hand comes in from the bottom edge, pulls the page out, brings the next
page in, and leaves.  Everything is a pure function of ``(seed, frame index)``, so two
sources with the same seed deliver identical frames, and :meth:`SimulatedSource.scene`
tells a test where the page is in any frame.

Cost: each page is drawn once, rotated once, and then pasted; a still frame is one
copy of a cached image.  1280×960 runs at well over 100 fps on one core; 13 MP
(4160×3120) stays within a 15 fps budget except for the one frame that draws a new page.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from .base import Pacer, SourceInfo
from .spec import SIM_DEFAULT_SIZE, SIM_MAX_PIXELS

__all__ = ["PHASES", "SimScene", "SimulatedSource"]

#: Phases of one page cycle, in order.
PHASES = ("still", "hand_in", "page_out", "page_in", "hand_out")
# where each swap phase ends, as a fraction of the swap time
_SWAP_SPLITS = (0.2, 0.45, 0.75, 1.0)

_A4_MM = (210.0, 297.0)
_PAPER = (236, 240, 243)  # BGR, slightly warm white
_INK = (45, 42, 40)
_RED = (40, 38, 205)
_SKIN = (150, 182, 226)
_SKIN_EDGE = (112, 140, 188)
_DESK = (58, 64, 56)


@dataclass(frozen=True)
class SimScene:
    """Ground truth of one simulated frame.

    Attributes
    ----------
    frame_index : int
        0-based index of the frame since :meth:`SimulatedSource.open`.
    page_no : int
        0-based number of the page in view (or being moved).
    phase : str
        One of :data:`PHASES`.
    corners : tuple of 4 (x, y) or None
        The page corners in frame pixels, clockwise from the page's top-left
        (DESIGN.md §4 convention); ``None`` when no page is in view.
    hand : bool
        Whether the hand is in the frame.
    """

    frame_index: int
    page_no: int
    phase: str
    corners: tuple[tuple[float, float], ...] | None
    hand: bool


@dataclass
class _Page:
    patch: np.ndarray  # rotated page, BGR
    mask: np.ndarray  # uint8 (h, w), 255 on the page
    x0: int  # patch top-left in the frame at rest
    y0: int
    corners: np.ndarray  # (4, 2) float, at rest


def _smooth(t: float) -> float:
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


class SimulatedSource:
    """A deterministic simulated document camera.

    Parameters
    ----------
    width, height : int, default 1280, 960
        Frame size in pixels (up to :data:`~archivist_desktop.camera.spec.SIM_MAX_PIXELS`).
    fps : float, default 15
        Frame rate; frames are paced at it when ``realtime``.
    seed : int, default 0
        Chooses the pages' content and poses.
    realtime : bool, default True
        ``False`` renders as fast as asked (tests, benchmarks).
    hold : float, default 4.0
        Seconds a page lies still.
    swap : float, default 2.5
        Seconds the hand takes to swap pages.

    Examples
    --------
    >>> src = SimulatedSource(640, 480, realtime=False)
    >>> src.open(); ok, frame = src.read(); src.close()
    >>> ok, frame.shape, frame.dtype
    (True, (480, 640, 3), dtype('uint8'))
    """

    def __init__(
        self,
        width: int = SIM_DEFAULT_SIZE[0],
        height: int = SIM_DEFAULT_SIZE[1],
        *,
        fps: float = 15.0,
        seed: int = 0,
        realtime: bool = True,
        hold: float = 4.0,
        swap: float = 2.5,
    ):
        if not (isinstance(width, int) and isinstance(height, int)) or width < 64 or height < 64:
            raise ValueError(f"simulated frame size must be at least 64×64 pixels, got {width}×{height}")
        if width * height > SIM_MAX_PIXELS:
            raise ValueError(f"simulated frame {width}×{height} exceeds {SIM_MAX_PIXELS / 1e6:.0f} MP")
        if not fps > 0:
            raise ValueError(f"fps must be positive, got {fps!r}")
        if hold < 0 or swap <= 0:
            raise ValueError("hold must be >= 0 and swap > 0 seconds")
        self.width, self.height = width, height
        self.fps = float(fps)
        self.seed = int(seed)
        self.realtime = realtime
        self.hold, self.swap = float(hold), float(swap)
        self.name = "simulated camera"
        self._info: SourceInfo | None = None
        self._pacer = Pacer(0)
        self._index = 0
        self._desk: np.ndarray | None = None
        self._pages: dict[int, _Page] = {}
        self._still: tuple[int, np.ndarray] | None = None
        # page size in pixels: A4 portrait filling ~84 % of the shorter fit
        scale = min(0.84 * height / _A4_MM[1], 0.84 * width / _A4_MM[0])
        self._px_per_mm = scale
        self._page_size = (max(8, round(_A4_MM[0] * scale)), max(8, round(_A4_MM[1] * scale)))

    # -- FrameSource ------------------------------------------------------------------

    @property
    def info(self) -> SourceInfo | None:
        return self._info

    def open(self) -> None:
        self._index = 0
        if self._desk is None:
            self._desk = self._render_desk()
        self._pacer = Pacer(self.fps if self.realtime else 0)
        self._info = SourceInfo(self.width, self.height, "", self.fps, "SIM", self.name, None)

    def read(self) -> tuple[bool, np.ndarray | None]:
        if self._info is None:
            return False, None
        self._pacer.wait()
        frame = self.render(self._index)
        self._index += 1
        return True, frame

    def close(self) -> None:
        self._info = None
        self._still = None

    def __repr__(self) -> str:
        return f"SimulatedSource({self.width}, {self.height}, seed={self.seed})"

    # -- timeline ---------------------------------------------------------------------

    @property
    def frames_per_page(self) -> int:
        """Frames of one page cycle (still + swap)."""
        return max(1, round((self.hold + self.swap) * self.fps))

    def _timeline(self, index: int) -> tuple[int, str, float]:
        """``(page_no, phase, progress 0..1 within the phase)`` of a frame."""
        if index < 0:
            raise ValueError("frame index must be >= 0")
        cycle = self.frames_per_page
        page_no, k = divmod(index, cycle)
        hold_frames = round(self.hold * self.fps)
        if k < hold_frames:
            return page_no, "still", k / max(1, hold_frames)
        u = (k - hold_frames) / max(1, cycle - hold_frames)
        start = 0.0
        for phase, end in zip(PHASES[1:], _SWAP_SPLITS, strict=True):
            if u < end:
                return page_no, phase, (u - start) / (end - start)
            start = end
        return page_no, "hand_out", 1.0  # pragma: no cover - u < 1 always

    def _pose(self, index: int) -> tuple[int, str, float, int, tuple[float, float] | None]:
        """``(page_no shown, phase, page y-offset, page index drawn, hand (x, y) or None)``."""
        page_no, phase, t = self._timeline(index)
        if phase == "still":
            return page_no, phase, 0.0, page_no, None
        old, new = self._page(page_no), self._page(page_no + 1)
        if phase == "hand_in":
            grip = self._grip(old, 0.0)
            start = (grip[0] + 0.1 * self.width, self.height * 1.35)
            s = _smooth(t)
            return (
                page_no,
                phase,
                0.0,
                page_no,
                (start[0] + (grip[0] - start[0]) * s, start[1] + (grip[1] - start[1]) * s),
            )
        # the page is fully out for the last / first fifth of these phases: an empty desk
        if phase == "page_out":
            off = self._out_offset(old) * _smooth(t / 0.8)
            return page_no, phase, off, page_no, self._grip(old, off)
        if phase == "page_in":
            off = self._out_offset(new) * (1.0 - _smooth((t - 0.2) / 0.8))
            return page_no + 1, phase, off, page_no + 1, self._grip(new, off)
        grip = self._grip(new, 0.0)
        end = (grip[0] + 0.1 * self.width, self.height * 1.35)
        s = _smooth(t)
        return (
            page_no + 1,
            phase,
            0.0,
            page_no + 1,
            (grip[0] + (end[0] - grip[0]) * s, grip[1] + (end[1] - grip[1]) * s),
        )

    def _grip(self, page: _Page, offset: float) -> tuple[float, float]:
        """Where the palm sits when holding a page: near the middle of its bottom edge."""
        bottom_mid = (page.corners[2] + page.corners[3]) / 2
        return float(bottom_mid[0]), float(bottom_mid[1] - 0.05 * self._page_size[1] + offset)

    def _out_offset(self, page: _Page) -> float:
        """Downward shift that takes the page fully out of the frame."""
        return float(self.height - page.y0 + 2)

    def scene(self, index: int) -> SimScene:
        """Ground truth of frame ``index`` (0-based since :meth:`open`)."""
        page_no, phase, offset, drawn, hand = self._pose(index)
        page = self._page(drawn)
        corners = page.corners + np.array([0.0, offset])
        visible = corners[:, 1].min() < self.height
        return SimScene(
            frame_index=index,
            page_no=page_no,
            phase=phase,
            corners=tuple((float(x), float(y)) for x, y in corners) if visible else None,
            hand=hand is not None and hand[1] - 0.12 * min(self.width, self.height) < self.height,
        )

    # -- rendering --------------------------------------------------------------------

    def render(self, index: int) -> np.ndarray:
        """Render frame ``index`` (0-based): a fresh ``(H, W, 3)`` BGR ``uint8`` array."""
        if self._desk is None:
            self._desk = self._render_desk()
        page_no, phase, offset, drawn, hand = self._pose(index)
        if phase == "still":
            if self._still is None or self._still[0] != page_no:
                still = self._desk.copy()
                self._paste(still, self._page(page_no), 0)
                self._still = (page_no, still)
                self._forget_pages(keep_from=page_no)
            return self._still[1].copy()
        frame = self._desk.copy()
        self._paste(frame, self._page(drawn), offset)
        if hand is not None:
            self._draw_hand(frame, hand)
        return frame

    def _forget_pages(self, keep_from: int) -> None:
        for k in [k for k in self._pages if k < keep_from]:
            del self._pages[k]

    def _render_desk(self) -> np.ndarray:
        """A dark desk mat with a fine texture and a soft vignette."""
        rng = np.random.default_rng([self.seed, 1_000_003])
        w, h = self.width, self.height
        tile = rng.integers(-7, 8, size=(64, 64, 1), dtype=np.int16)
        tile = cv2.GaussianBlur(tile.astype(np.float32), (3, 3), 0).astype(np.int16)[..., None]
        reps = (math.ceil(h / 64), math.ceil(w / 64), 1)
        texture = np.tile(tile, reps)[:h, :w]
        vignette = np.array([[0.82, 0.95, 0.84], [0.95, 1.05, 0.95], [0.80, 0.92, 0.78]], np.float32)
        shade = cv2.resize(vignette, (w, h), interpolation=cv2.INTER_LINEAR)
        desk = np.empty((h, w, 3), np.uint8)
        for c in range(3):
            desk[..., c] = np.clip(_DESK[c] * shade + texture[..., 0], 0, 255)
        return desk

    def _page(self, page_no: int) -> _Page:
        page = self._pages.get(page_no)
        if page is None:
            page = self._pages[page_no] = self._render_page(page_no)
        return page

    def _render_page(self, page_no: int) -> _Page:
        rng = np.random.default_rng([self.seed, page_no])
        pw, ph = self._page_size
        img = self._draw_page_content(rng, page_no)
        # pose at rest: a small rotation and an offset from the frame centre
        angle = float(rng.uniform(-4.0, 4.0))
        cx = self.width / 2 + float(rng.uniform(-0.05, 0.05)) * self.width
        cy = self.height / 2 + float(rng.uniform(-0.02, 0.02)) * self.height
        rad = math.radians(angle)
        cos, sin = abs(math.cos(rad)), abs(math.sin(rad))
        bw, bh = math.ceil(pw * cos + ph * sin) + 2, math.ceil(pw * sin + ph * cos) + 2
        m = cv2.getRotationMatrix2D((pw / 2, ph / 2), angle, 1.0)
        m[0, 2] += bw / 2 - pw / 2
        m[1, 2] += bh / 2 - ph / 2
        patch = cv2.warpAffine(img, m, (bw, bh), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
        alpha = cv2.warpAffine(np.full((ph, pw), 255, np.uint8), m, (bw, bh), flags=cv2.INTER_LINEAR)
        mask = np.where(alpha >= 128, 255, 0).astype(np.uint8)
        x0, y0 = round(cx - bw / 2), round(cy - bh / 2)
        x0 = min(max(x0, 1), max(1, self.width - bw - 1))
        y0 = min(max(y0, 1), max(1, self.height - bh - 1))
        rect = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float64)  # TL, TR, BR, BL
        corners = rect @ m[:, :2].T + m[:, 2] + (x0, y0)
        return _Page(patch, mask, x0, y0, corners)

    def _draw_page_content(self, rng: np.random.Generator, page_no: int) -> np.ndarray:
        """One A4 page: title, text lines, maybe a table, a signature line and a red seal."""
        pw, ph = self._page_size
        mm = self._px_per_mm
        # paper colour with a gentle lighting gradient: a 2×2 image stretched to the page
        paper = np.clip(np.array(_PAPER) + rng.integers(-4, 5, size=3), 0, 255)
        light = np.array([[0.97, 1.0], [0.93, 0.97]])[..., None]
        corners = np.clip(paper * light, 0, 255).astype(np.uint8)
        img = cv2.resize(corners, (pw, ph), interpolation=cv2.INTER_LINEAR)

        font = cv2.FONT_HERSHEY_SIMPLEX
        base_h = cv2.getTextSize("x", font, 1.0, 1)[0][1]
        left, right, top = 25 * mm, pw - 22 * mm, 28 * mm
        aa = cv2.LINE_AA

        def words(n_chars: int) -> str:
            out, length = [], 0
            while length < n_chars:
                w = "".join(rng.choice(list(string.ascii_lowercase), size=int(rng.integers(2, 10))))
                out.append(w)
                length += len(w) + 1
            return " ".join(out)

        def line(text: str, x: float, y: float, x_height_mm: float, color, bold: bool = False) -> None:
            scale = x_height_mm * mm / base_h
            thick = max(1, round(scale * (2.2 if bold else 1.3)))
            cv2.putText(img, text, (round(x), round(y)), font, scale, color, thick, aa)

        def fit(n_chars: int, width: float, x_height_mm: float) -> str:
            scale = x_height_mm * mm / base_h
            text = words(n_chars)
            while text and cv2.getTextSize(text, font, scale, 1)[0][0] > width:
                text = text[: int(len(text) * 0.9)].rstrip()
            return text

        # header
        red_header = rng.random() < 0.4
        title = fit(24, right - left - 40 * mm, 3.6).upper()
        scale = 3.6 * mm / base_h
        tw = cv2.getTextSize(title, font, scale, 1)[0][0]
        line(title, (pw - tw) / 2, top, 3.6, _RED if red_header else _INK, bold=True)
        y = top + 9 * mm
        if red_header:
            cv2.line(img, (round(left), round(y)), (round(right), round(y)), _RED, max(1, round(0.8 * mm)), aa)
            y += 8 * mm
        # body text and maybe a table
        pitch = 7.0 * mm
        has_table = rng.random() < 0.5
        body_end = ph - 70 * mm
        table_at = y + pitch * int(rng.integers(4, 9)) if has_table else None
        sample = string.ascii_lowercase + " " * 5
        char_w = cv2.getTextSize(sample, font, 2.4 * mm / base_h, 1)[0][0] / len(sample)
        chars_per_line = max(10, int((right - left) / max(char_w, 1e-3) * 1.05))
        while y < body_end:
            if table_at is not None and y >= table_at:
                rows, cols = int(rng.integers(3, 6)), int(rng.integers(3, 5))
                row_h = 9 * mm
                t_bottom = min(y + rows * row_h, body_end)
                thick = max(1, round(0.35 * mm))
                for r in range(rows + 1):
                    yy = round(min(y + r * row_h, t_bottom))
                    cv2.line(img, (round(left), yy), (round(right), yy), _INK, thick)
                for c in range(cols + 1):
                    xx = round(left + (right - left) * c / cols)
                    cv2.line(img, (xx, round(y)), (xx, round(t_bottom)), _INK, thick)
                for r in range(rows):
                    for c in range(cols):
                        if y + (r + 1) * row_h > t_bottom:
                            break
                        cell = fit(10, (right - left) / cols - 4 * mm, 2.2)
                        line(cell, left + (right - left) * c / cols + 2 * mm, y + r * row_h + 6 * mm, 2.2, _INK)
                y = t_bottom + pitch
                table_at = None
                continue
            indent = 8 * mm if rng.random() < 0.15 else 0.0
            n = chars_per_line if rng.random() > 0.15 else int(chars_per_line * rng.uniform(0.3, 0.8))
            line(fit(n, right - left - indent, 2.4), left + indent, y, 2.4, _INK)
            y += pitch * (1.6 if rng.random() < 0.08 else 1.0)
        # signature and date
        sig_y = ph - 45 * mm
        line("signature:", pw * 0.52, sig_y, 2.4, _INK)
        cv2.line(
            img,
            (round(pw * 0.70), round(sig_y + 1 * mm)),
            (round(right), round(sig_y + 1 * mm)),
            _INK,
            max(1, round(0.3 * mm)),
        )
        line(f"2026-{1 + page_no % 12:02d}-{1 + (page_no * 7) % 28:02d}", pw * 0.62, sig_y + 10 * mm, 2.4, _INK)
        line(f"- {page_no + 1} -", pw / 2 - 5 * mm, ph - 12 * mm, 2.2, _INK)
        self._draw_seal(img, rng, (pw * 0.68, sig_y - 2 * mm))
        return img

    def _draw_seal(self, img: np.ndarray, rng: np.random.Generator, centre: tuple[float, float]) -> None:
        """A round red seal (42 mm) with a star and an arc of glyphs, blended over the ink."""
        mm = self._px_per_mm
        r = 21 * mm
        cx, cy = centre[0] + rng.uniform(-4, 4) * mm, centre[1] + rng.uniform(-4, 4) * mm
        x0, y0 = max(0, int(cx - r - 2)), max(0, int(cy - r - 2))
        x1, y1 = min(img.shape[1], int(cx + r + 3)), min(img.shape[0], int(cy + r + 3))
        if x1 <= x0 or y1 <= y0:
            return
        roi = img[y0:y1, x0:x1]
        layer = roi.copy()
        c = (round(cx - x0), round(cy - y0))
        aa = cv2.LINE_AA
        cv2.circle(layer, c, round(r - 0.6 * mm), _RED, max(1, round(1.2 * mm)), aa)
        star = [
            (c[0] + 0.3 * r * math.sin(k * 4 * math.pi / 5), c[1] - 0.3 * r * math.cos(k * 4 * math.pi / 5))
            for k in range(5)
        ]
        cv2.fillPoly(layer, [np.round(np.array(star)).astype(np.int32)], _RED, aa)
        # an arc of "characters" along the top
        n = 10
        for k in range(n):
            a = math.radians(200 + 140 * k / (n - 1))
            gx, gy = c[0] + 0.7 * r * math.cos(a), c[1] + 0.7 * r * math.sin(a)
            s = 0.09 * r
            box = cv2.boxPoints(((gx, gy), (2 * s, 2 * s), math.degrees(a) + 90))
            cv2.polylines(layer, [np.round(box).astype(np.int32)], True, _RED, max(1, round(0.5 * mm)), aa)
        cv2.addWeighted(layer, 0.85, roi, 0.15, 0, dst=roi)

    def _paste(self, frame: np.ndarray, page: _Page, offset: float) -> None:
        """Lay a page on the frame, shifted down by ``offset`` pixels, clipped to the frame."""
        x0, y0 = page.x0, page.y0 + round(offset)
        h, w = page.patch.shape[:2]
        fy0, fy1 = max(0, y0), min(self.height, y0 + h)
        fx0, fx1 = max(0, x0), min(self.width, x0 + w)
        if fy1 <= fy0 or fx1 <= fx0:
            return
        py0, px0 = fy0 - y0, fx0 - x0
        region = (slice(py0, py0 + fy1 - fy0), slice(px0, px0 + fx1 - fx0))
        cv2.copyTo(page.patch[region], page.mask[region], frame[fy0:fy1, fx0:fx1])  # in place

    def _draw_hand(self, frame: np.ndarray, palm: tuple[float, float]) -> None:
        """A flat hand (palm, four fingers, thumb) and forearm coming from the bottom edge."""
        u = min(self.width, self.height)
        px, py = palm
        aa = cv2.LINE_AA
        elbow = (px + 0.12 * self.width, py + 0.9 * self.height)
        parts: list[tuple[str, tuple[Any, ...]]] = []  # (kind, args) drawn twice: edge colour, then skin

        def pt(x: float, y: float) -> tuple[int, int]:
            return (round(x), round(y))

        parts.append(("line", (pt(px, py + 0.05 * u), pt(*elbow), round(0.15 * u))))
        parts.append(("ellipse", (pt(px, py), (round(0.075 * u), round(0.09 * u)))))
        for k, dx in enumerate((-0.05, -0.017, 0.017, 0.05)):
            tip = (px + dx * u * 1.4, py - (0.17 if k in (1, 2) else 0.15) * u)
            parts.append(("line", (pt(px + dx * u, py - 0.05 * u), pt(*tip), round(0.03 * u))))
        parts.append(("line", (pt(px - 0.06 * u, py + 0.02 * u), pt(px - 0.13 * u, py - 0.05 * u), round(0.035 * u))))
        for color, grow in ((_SKIN_EDGE, max(2, round(0.006 * u))), (_SKIN, 0)):
            for kind, args in parts:
                if kind == "line":
                    a, b, t = args
                    cv2.line(frame, a, b, color, max(1, t + grow), aa)
                else:
                    c, (ax, ay) = args
                    cv2.ellipse(frame, c, (ax + grow // 2, ay + grow // 2), 0, 0, 360, color, -1, aa)
