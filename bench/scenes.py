"""Synthetic document-camera scenes with ground truth.

Renders an official-looking Chinese page (title, body text, a ruled table, a red
seal, a handwritten-style signature) and places it on a desk mat as an overhead
document camera would see it: known rotation, keystone, uneven light, a hand or
shadow at the edge, glare, blur (Gaussian, motion, defocus), sensor noise and JPEG
compression, at 5, 8 or 13 MP.  Deterministic from a seed.

Usage::

    from scenes import SceneSpec, make_scene, make_text_page
    scene = make_scene(SceneSpec(seed=3, megapixels=13, mat="textured", rotation=7.5))
    scene.image, scene.quad, scene.angle

Needs Pillow (declared in the ``bench``/``dev`` extras) and a CJK font from
``fonts-noto-cjk`` (falls back to any TrueType font with a warning-free ASCII text
if none is installed).
"""

from __future__ import annotations

import dataclasses
import functools
import math
from pathlib import Path

import cv2
import numpy as np

__all__ = ["FRAME_SIZES", "MATS", "Scene", "SceneSpec", "finish", "make_scene", "make_text_page", "render_page"]

FRAME_SIZES = {5: (2592, 1944), 8: (3264, 2448), 13: (4208, 3120)}
MATS = ("dark", "light", "textured", "low_contrast")

_FONT_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts")]

_SENTENCES = (
    "根据供电营业规则和国家有关规定，经双方协商一致，签订本供用电合同。"
    "用电人申请新装高压用电，用电地址位于本市经济技术开发区工业园内。"
    "供电人按照用电人申请的容量和用电性质，确定供电方案并予以答复。"
    "受电工程竣工后，用电人应向供电人提出竣工检验申请，并提交相关资料。"
    "计量装置安装在产权分界点，电能表及互感器由供电人负责校验和维护。"
    "电费按月结算，用电人应在规定期限内足额交清电费，逾期按约定计收违约金。"
    "本合同一式两份，双方各执一份，自双方签字盖章之日起生效，有效期五年。"
    "客户档案资料应当真实完整，扫描件分辨率不低于二百点每英寸，彩色存档。"
    "现场勘查发现配电室位置符合要求，进线电缆路径清晰，具备接入条件。"
    "营业厅工作人员核对身份证明和产权证明原件后，将复印件归入客户档案。"
)


@functools.cache
def _font_path(kind: str = "serif") -> str | None:
    names = {
        "serif": ["NotoSerifCJK-Regular.ttc", "NotoSansCJK-Regular.ttc"],
        "sans": ["NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"],
    }[kind]
    for d in _FONT_DIRS:
        for n in names:
            p = d / n
            if p.is_file():
                return str(p)
    for d in _FONT_DIRS:
        for p in d.rglob("*CJK*"):
            return str(p)
    return None


@functools.lru_cache(maxsize=64)
def _font(kind: str, size: int):
    from PIL import ImageFont

    path = _font_path(kind)
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size, index=2 if path.endswith(".ttc") else 0)  # index 2: Simplified Chinese


def _text(rng: np.random.Generator, n: int) -> str:
    start = int(rng.integers(0, len(_SENTENCES) - n))
    return _SENTENCES[start : start + n]


def render_page(
    seed: int,
    width_mm: float = 210.0,
    height_mm: float = 297.0,
    px_per_mm: float = 8.0,
    *,
    paper=(238, 240, 242),
    content: str = "full",
) -> np.ndarray:
    """Render a page as BGR ``uint8``.

    ``content``: ``"full"`` (text, table, seal, signature), ``"text"`` (body text only)
    or ``"blank"``.
    """
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    W = int(round(width_mm * px_per_mm))
    H = int(round(height_mm * px_per_mm))
    img = Image.new("RGB", (W, H), tuple(int(c) for c in paper[::-1]))
    if content == "blank":
        return np.asarray(img)[:, :, ::-1].copy()
    d = ImageDraw.Draw(img)
    mm = px_per_mm
    margin_x = 22 * mm
    y = 20 * mm
    ink = (25, 25, 30)
    landscape = width_mm > height_mm
    if content == "full":
        title = ("供用电合同", "高压新装业务受理单", "现场勘查工作单", "竣工检验意见单", "客户信息登记表")[seed % 5]
        f = _font("sans", max(8, int(7.5 * mm)))
        tw = d.textlength(title, font=f)
        d.text(((W - tw) / 2, y), title, font=f, fill=(180, 20, 20) if seed % 3 == 0 else ink)
        y += 14 * mm
    fsize = max(6, int(rng.uniform(3.6, 4.6) * mm))
    f = _font("serif", fsize)
    line_h = fsize * rng.uniform(1.6, 1.9)
    chars_per_line = int((W - 2 * margin_x) / fsize)
    n_lines = int(rng.integers(6, 10)) if content == "full" else int((H - y - 25 * mm) / line_h)
    for i in range(n_lines):
        n = chars_per_line - (2 if i % 5 == 0 else 0) - (int(rng.integers(0, chars_per_line // 2)) if i % 5 == 4 else 0)
        x0 = margin_x + (2 * fsize if i % 5 == 0 else 0)
        d.text((x0, y), _text(rng, max(1, n)), font=f, fill=ink)
        y += line_h
    if content == "full":
        # A ruled table with text in its cells.
        y += 4 * mm
        rows = int(rng.integers(4, 7)) if not landscape else 4
        cols = 4
        tx0, tx1 = margin_x, W - margin_x
        row_h = 9 * mm
        col_w = (tx1 - tx0) / cols
        lw = max(1, int(round(0.35 * mm)))
        fcell = _font("serif", max(6, int(3.8 * mm)))
        for r in range(rows + 1):
            yy = y + r * row_h
            d.line([(tx0, yy), (tx1, yy)], fill=ink, width=lw)
        for c in range(cols + 1):
            xx = tx0 + c * col_w
            d.line([(xx, y), (xx, y + rows * row_h)], fill=ink, width=lw)
        for r in range(rows):
            for c in range(cols):
                d.text(
                    (tx0 + c * col_w + 2 * mm, y + r * row_h + 2.2 * mm),
                    _text(rng, int(rng.integers(2, 6))),
                    font=fcell,
                    fill=ink,
                )
        y += rows * row_h + 8 * mm
        for _ in range(int(rng.integers(2, 5))):
            if y > H - 60 * mm:
                break
            d.text((margin_x, y), _text(rng, chars_per_line - int(rng.integers(0, 8))), font=f, fill=ink)
            y += line_h
        # Signature: smooth random strokes in blue-black ink.
        sx, sy = W - margin_x - 60 * mm, H - 48 * mm
        fl = _font("serif", fsize)
        d.text((sx - 22 * mm, sy + 4 * mm), "签字：", font=fl, fill=ink)
        pts = []
        t = np.linspace(0, 1, 120)
        amp = rng.uniform(4, 8) * mm
        for k in range(3):
            ph = rng.uniform(0, 6.28)
            xs = sx + t * 45 * mm + k * 3 * mm
            ys = (
                sy + 8 * mm + amp * np.sin(2 * np.pi * (2 + k) * t + ph) * np.exp(-t) + rng.normal(0, 0.15 * mm, t.size)
            )
            pts.append(list(zip(xs.tolist(), ys.tolist(), strict=True)))
        for p in pts:
            d.line(p, fill=(110, 40, 30), width=max(1, int(0.5 * mm)), joint="curve")
        # Red seal: ring, star, text on an arc, overlapping the signature area.
        cx, cy, rad = W - margin_x - 25 * mm, H - 55 * mm, 19 * mm
        seal = Image.new("RGBA", (W, H), (0, 0, 0, 0))
        sd = ImageDraw.Draw(seal)
        red = (215, 30, 35, 190)
        sd.ellipse([cx - rad, cy - rad, cx + rad, cy + rad], outline=red, width=max(2, int(1.2 * mm)))
        star = []
        for k in range(10):
            rr = 6 * mm if k % 2 == 0 else 2.4 * mm
            a = -math.pi / 2 + k * math.pi / 5
            star.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
        sd.polygon(star, fill=red)
        fs = _font("sans", max(6, int(4.2 * mm)))
        label = "国网供电公司业务专用章"
        for k, ch in enumerate(label):
            a = math.radians(-200 + k * 220 / (len(label) - 1))
            px, py = cx + 0.72 * rad * math.cos(a), cy + 0.72 * rad * math.sin(a)
            sd.text((px - 2 * mm, py - 2 * mm), ch, font=fs, fill=red)
        img = Image.alpha_composite(img.convert("RGBA"), seal).convert("RGB")
    return np.asarray(img)[:, :, ::-1].copy()


@dataclasses.dataclass(frozen=True)
class SceneSpec:
    """What to render.  Every field has a default; ``seed`` drives all random choices.

    rotation: page rotation in degrees, CCW positive (None: random within ±15).
    keystone: relative corner displacement of the camera tilt (None: random ≤ 0.02).
    blur: None, ("gaussian", sigma_px), ("motion", length_px) or ("defocus", radius_px),
    in frame pixels.
    """

    seed: int = 0
    megapixels: int = 13
    mat: str = "dark"
    page_mm: tuple[float, float] = (210.0, 297.0)
    content: str = "full"
    rotation: float | None = None
    keystone: float | None = None
    fov_mm: float = 500.0
    light: float = 0.25
    hand: bool = False
    shadow: bool = False
    glare: bool = False
    cut_off: bool = False
    blur: tuple | None = None
    noise: float = 2.0
    jpeg_quality: int | None = 88
    exposure: float = 1.0
    with_page: bool = True  # False: the empty desk mat (no page under the camera)


@dataclasses.dataclass(frozen=True)
class Scene:
    image: np.ndarray  # BGR uint8 frame
    quad: np.ndarray  # (4, 2) true page corners in frame pixels, clockwise from top-left
    angle: float  # page rotation, degrees CCW positive
    spec: SceneSpec
    px_per_mm: float  # frame pixels per mm at the desk (true effective resolution / 25.4)


def _mat(kind: str, w: int, h: int, rng: np.random.Generator) -> np.ndarray:
    sw, sh = max(8, w // 8), max(8, h // 8)
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    if kind == "dark":
        base = np.array([48, 52, 44], np.float32) * rng.uniform(0.7, 1.3)
        m = np.broadcast_to(base, (sh, sw, 3)).copy()
        m += rng.normal(0, 2.0, (sh, sw, 1)).astype(np.float32)
        # cutting-mat grid lines
        step = int(rng.integers(30, 60))
        grid = ((xx % step) < 1) | ((yy % step) < 1)
        m[grid] += 18
    elif kind == "light":
        base = np.array([196, 204, 206], np.float32) + rng.uniform(-8, 8, 3).astype(np.float32)
        m = np.broadcast_to(base, (sh, sw, 3)).copy() + rng.normal(0, 1.5, (sh, sw, 1)).astype(np.float32)
    elif kind == "textured":
        f = rng.uniform(0.04, 0.08)
        ang = rng.uniform(-0.3, 0.3)
        u = xx * math.cos(ang) + yy * math.sin(ang)
        v = -xx * math.sin(ang) + yy * math.cos(ang)
        warp = cv2.GaussianBlur(rng.normal(0, 1, (sh, sw)).astype(np.float32), (0, 0), 6) * 60
        grain = np.sin(v * f + warp) * 0.5 + 0.5
        streak = cv2.GaussianBlur(rng.normal(0, 1, (sh, sw)).astype(np.float32), (0, 0), sigmaX=25, sigmaY=1.5) * 3
        t = np.clip(grain * 0.7 + streak * 0.3, 0, 1)[:, :, None]
        dark = np.array([40, 70, 120], np.float32)
        light = np.array([90, 140, 190], np.float32)
        m = dark * (1 - t) + light * t + rng.normal(0, 4, (sh, sw, 1)).astype(np.float32)
        _ = u
    elif kind == "low_contrast":
        base = np.array([212, 214, 214], np.float32) + rng.uniform(-4, 4, 3).astype(np.float32)
        m = np.broadcast_to(base, (sh, sw, 3)).copy() + rng.normal(0, 1.5, (sh, sw, 1)).astype(np.float32)
    else:
        raise ValueError(f"unknown mat {kind!r}")
    m = cv2.resize(np.clip(m, 0, 255).astype(np.uint8), (w, h), interpolation=cv2.INTER_LINEAR)
    return m


def _blur(img: np.ndarray, blur: tuple) -> np.ndarray:
    kind, amount = blur[0], blur[1]
    if kind == "gaussian":
        return cv2.GaussianBlur(img, (0, 0), float(amount))
    if kind == "motion":
        L = int(round(amount))
        k = np.zeros((L + 2, L + 2), np.float32)
        k[(L + 2) // 2, 1 : L + 1] = 1.0
        ang = blur[2] if len(blur) >= 3 else 0.0
        M = cv2.getRotationMatrix2D(((L + 1) / 2, (L + 1) / 2), float(ang), 1.0)
        k = cv2.warpAffine(k, M, k.shape[::-1], flags=cv2.INTER_LINEAR)
        k /= k.sum()
        return cv2.filter2D(img, -1, k, borderType=cv2.BORDER_REPLICATE)
    if kind == "defocus":
        r = float(amount)
        n = int(math.ceil(r)) * 2 + 3
        yy, xx = np.mgrid[0:n, 0:n] - (n - 1) / 2
        # anti-aliased disc
        k = np.clip(r + 0.5 - np.hypot(xx, yy), 0, 1).astype(np.float32)
        k /= k.sum()
        return cv2.filter2D(img, -1, k, borderType=cv2.BORDER_REPLICATE)
    raise ValueError(f"unknown blur {kind!r}")


def make_scene(spec: SceneSpec) -> Scene:
    """Render one frame with its ground truth (see :class:`SceneSpec`)."""
    rng = np.random.default_rng(spec.seed * 7919 + 17)
    W, H = FRAME_SIZES[spec.megapixels]
    ppm = W / spec.fov_mm
    pw_mm, ph_mm = spec.page_mm
    page_ppm = ppm * 1.15
    paper = tuple(float(c) for c in np.array([236, 239, 241]) + rng.uniform(-6, 4, 3))
    page = render_page(spec.seed, pw_mm, ph_mm, page_ppm, paper=paper, content=spec.content)
    ph_px, pw_px = page.shape[:2]
    angle = float(rng.uniform(-15, 15)) if spec.rotation is None else float(spec.rotation)
    ks = float(rng.uniform(0, 0.02)) if spec.keystone is None else float(spec.keystone)
    # page mm -> frame px: scale, rotate (CCW on screen), translate
    a = math.radians(angle)
    cx = W / 2 + rng.uniform(-0.06, 0.06) * W
    cy = H / 2 + rng.uniform(-0.05, 0.05) * H
    if spec.cut_off:
        side = int(rng.integers(0, 4))
        # move the page so that 8–20 % of it lies outside the frame
        over = rng.uniform(0.08, 0.2)
        if side == 0:
            cx = W - (0.5 - over) * pw_mm * ppm
        elif side == 1:
            cx = (0.5 - over) * pw_mm * ppm
        elif side == 2:
            cy = H - (0.5 - over) * ph_mm * ppm
        else:
            cy = (0.5 - over) * ph_mm * ppm
    R = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
    corners_mm = np.array(
        [[-pw_mm / 2, -ph_mm / 2], [pw_mm / 2, -ph_mm / 2], [pw_mm / 2, ph_mm / 2], [-pw_mm / 2, ph_mm / 2]]
    )
    corners = (corners_mm * ppm) @ R.T + [cx, cy]
    # keystone: a camera tilt, i.e. a homography of the desk plane
    src_f = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
    d = ks * W
    direction = int(rng.integers(0, 4))
    dst_f = src_f.copy()
    if direction == 0:  # top edge shorter
        dst_f[0, 0] += d
        dst_f[1, 0] -= d
    elif direction == 1:
        dst_f[3, 0] += d
        dst_f[2, 0] -= d
    elif direction == 2:
        dst_f[0, 1] += d
        dst_f[3, 1] -= d
    else:
        dst_f[1, 1] += d
        dst_f[2, 1] -= d
    K = cv2.getPerspectiveTransform(src_f, dst_f)
    quad = cv2.perspectiveTransform(corners.reshape(1, 4, 2).astype(np.float64), K).reshape(4, 2)
    # page raster -> frame homography; page pixel centres at 0..n-1, page boundary at -0.5
    src_p = np.float32([[-0.5, -0.5], [pw_px - 0.5, -0.5], [pw_px - 0.5, ph_px - 0.5], [-0.5, ph_px - 0.5]])
    Hpf = cv2.getPerspectiveTransform(src_p, quad.astype(np.float32))
    frame = _mat(spec.mat, W, H, rng)
    # soft page edge alpha for realistic antialiasing; paper thickness gives a faint shadow
    warped = cv2.warpPerspective(page, Hpf, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    mask = cv2.warpPerspective(np.full((ph_px, pw_px), 255, np.uint8), Hpf, (W, H), flags=cv2.INTER_LINEAR)
    shadow = cv2.GaussianBlur(mask, (0, 0), 0.004 * W)
    shadow = cv2.warpAffine(shadow, np.float32([[1, 0, 0.002 * W], [0, 1, 0.003 * W]]), (W, H))
    if spec.with_page:
        f = frame.astype(np.float32) * (1 - 0.35 * shadow[:, :, None].astype(np.float32) / 255)
        al = mask[:, :, None].astype(np.float32) / 255
        f = f * (1 - al) + warped.astype(np.float32) * al
    else:
        f = frame.astype(np.float32)
    # hand (skin blob with fingers) reaching over one page edge, with its own soft shadow
    if spec.hand:
        hm = np.zeros((H // 4, W // 4), np.uint8)
        e = int(rng.integers(0, 4))
        q4 = quad / 4
        p0, p1 = q4[e], q4[(e + 1) % 4]
        t = rng.uniform(0.3, 0.7)
        edge_pt = p0 + t * (p1 - p0)
        c = q4.mean(axis=0)
        out = edge_pt - c
        out /= np.linalg.norm(out)
        palm = edge_pt + out * 0.16 * min(W, H) / 4
        ang = math.degrees(math.atan2(out[1], out[0]))
        cv2.ellipse(hm, (int(palm[0]), int(palm[1])), (int(0.09 * W / 4), int(0.06 * W / 4)), ang, 0, 360, 255, -1)
        for k in range(4):
            fa = math.radians(ang + 180 + (k - 1.5) * 14)
            tip = palm + np.array([math.cos(fa), math.sin(fa)]) * 0.14 * W / 4
            cv2.line(hm, (int(palm[0]), int(palm[1])), (int(tip[0]), int(tip[1])), 255, int(0.018 * W / 4))
        hm = cv2.resize(cv2.GaussianBlur(hm, (5, 5), 0), (W, H), interpolation=cv2.INTER_LINEAR)
        hs = cv2.warpAffine(
            cv2.GaussianBlur(hm, (0, 0), 0.01 * W), np.float32([[1, 0, 0.012 * W], [0, 1, 0.012 * W]]), (W, H)
        )
        f *= 1 - 0.45 * hs[:, :, None].astype(np.float32) / 255
        skin = np.array([120, 150, 205], np.float32) * rng.uniform(0.85, 1.1)
        ha = hm[:, :, None].astype(np.float32) / 255
        f = f * (1 - ha) + skin * ha
    # uneven light: linear gradient + vignetting, amplitude spec.light
    sw, sh = W // 16, H // 16
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    gdir = rng.uniform(0, 2 * math.pi)
    lin = (xx / sw - 0.5) * math.cos(gdir) + (yy / sh - 0.5) * math.sin(gdir)
    vig = (xx / sw - 0.5) ** 2 + (yy / sh - 0.5) ** 2
    illum = 1.0 + spec.light * (0.8 * lin - 0.6 * vig)
    if spec.shadow:
        # the camera head's / an arm's soft shadow across one side
        sx = rng.uniform(0.1, 0.35)
        illum *= 1 - 0.35 * (1 / (1 + np.exp(-(sx * sw - xx) / (0.03 * sw))))
    illum = cv2.resize(illum.astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR)
    f *= (illum * spec.exposure)[:, :, None]
    if spec.glare:
        gx, gy = quad.mean(axis=0) + rng.uniform(-0.2, 0.2, 2) * [W / 3, H / 3]
        sig = rng.uniform(0.02, 0.035) * W
        gsw, gsh = W // 8, H // 8
        yy, xx = np.mgrid[0:gsh, 0:gsw].astype(np.float32)
        blob = np.exp(-(((xx * 8 - gx) ** 2) / (2 * sig**2) + ((yy * 8 - gy) ** 2) / (2 * (0.6 * sig) ** 2)))
        blob = cv2.resize(blob, (W, H), interpolation=cv2.INTER_LINEAR)
        f += 400 * blob[:, :, None]
    img = np.clip(f, 0, 255).astype(np.uint8)
    clean = Scene(img, quad, angle, spec, ppm)
    return finish(clean, spec.blur, spec.noise, spec.jpeg_quality)


def finish(scene: Scene, blur: tuple | None, noise: float, jpeg_quality: int | None) -> Scene:
    """Apply optics and sensor effects (blur, noise, JPEG) to a composed scene.

    ``make_scene`` calls it; benchmarks call it again on a clean composite (a spec
    with ``blur=None, noise=0, jpeg_quality=None``) to get many degraded variants of
    one frame cheaply.
    """
    img = scene.image
    H, W = img.shape[:2]
    rng = np.random.default_rng(scene.spec.seed * 31 + 7 + (0 if blur is None else int(blur[1] * 10)))
    if blur is not None:
        img = _blur(img, blur)
    if noise > 0:
        n = rng.normal(0, noise, (H // 2, W // 2, 1)).astype(np.float32)
        n = cv2.resize(n, (W, H), interpolation=cv2.INTER_NEAREST)[:, :, None]
        img = np.clip(img.astype(np.float32) + n, 0, 255).astype(np.uint8)
    if jpeg_quality:
        _ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(jpeg_quality)])
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    spec = dataclasses.replace(scene.spec, blur=blur, noise=noise, jpeg_quality=jpeg_quality)
    return Scene(img, scene.quad, scene.angle, spec, scene.px_per_mm)


def make_text_page(
    seed: int,
    angle: float,
    *,
    px_per_mm: float = 6.0,
    page_mm=(210.0, 297.0),
    content: str = "full",
    noise: float = 2.0,
    jpeg_quality: int | None = 90,
) -> np.ndarray:
    """A cropped scan of a page whose content is rotated by ``angle`` (CCW positive).

    The page is rendered straight, rotated about its centre with
    ``cv2.getRotationMatrix2D(centre, angle, 1)`` (corners filled with paper colour),
    plus noise and JPEG compression: the skew benchmark's input.
    """
    page = render_page(seed, page_mm[0], page_mm[1], px_per_mm, content=content)
    h, w = page.shape[:2]
    M = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)
    paper = tuple(int(v) for v in np.median(page.reshape(-1, 3), axis=0))
    img = cv2.warpAffine(page, M, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=paper)
    rng = np.random.default_rng(seed + 99991)
    if noise > 0:
        img = np.clip(img.astype(np.float32) + rng.normal(0, noise, (*img.shape[:2], 1)), 0, 255).astype(np.uint8)
    if jpeg_quality:
        _ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(jpeg_quality)])
        img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return img
