"""Perspective crop and deskew in one resampling.

The page quadrilateral is mapped to an upright rectangle and the residual text skew
is folded into the same homography, so the full-resolution frame is resampled
exactly once (DESIGN §4).
"""

from __future__ import annotations

import math

import cv2
import numpy as np

__all__ = ["page_homography", "page_size", "scale_quad", "warp_page"]


def scale_quad(quad: np.ndarray, s: float) -> np.ndarray:
    """Map points between an image and a copy resized by ``s`` (OpenCV pixel centres)."""
    return (np.asarray(quad, np.float64) + 0.5) * s - 0.5


def page_size(quad: np.ndarray) -> tuple[int, int]:
    """Output (width, height) in pixels for a page quad: the longer of each pair of
    opposite edges, so that no resolution is lost."""
    q = np.asarray(quad, np.float64)
    if q.shape != (4, 2):
        raise ValueError(f"expected a (4, 2) quad, got {q.shape}")
    tl, tr, br, bl = q
    w = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    h = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    return max(1, int(round(w))), max(1, int(round(h)))


def page_homography(
    quad: np.ndarray,
    size: tuple[int, int],
    residual_deg: float = 0.0,
    *,
    expand: bool = False,
) -> tuple[np.ndarray, tuple[int, int]]:
    """Homography from frame pixels to the upright, deskewed page.

    Parameters
    ----------
    quad : ndarray, shape (4, 2)
        Page corners (x, y) in frame pixels, clockwise from the top-left; they are the
        page *boundary* (the outer edges of the border pixels).
    size : (int, int)
        Page (width, height) in output pixels before the residual rotation.
    residual_deg : float
        Skew of the content left after rectifying the quad, degrees CCW positive;
        the page is rotated by ``-residual_deg`` about its centre.
    expand : bool
        Grow the output so that the rotated page is not clipped (used when the whole
        frame is the page); otherwise the size is kept.

    Returns
    -------
    H : ndarray, shape (3, 3)
        For ``cv2.warpPerspective(frame, H, out_size)``.
    out_size : (int, int)
    """
    w, h = int(size[0]), int(size[1])
    if w < 1 or h < 1:
        raise ValueError(f"invalid page size {size}")
    src = np.asarray(quad, np.float32).reshape(4, 2)
    dst = np.array([[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, h - 0.5], [-0.5, h - 0.5]], np.float32)
    Hq = cv2.getPerspectiveTransform(src, dst).astype(np.float64)
    if abs(residual_deg) < 1e-9:
        return Hq, (w, h)
    c = ((w - 1) / 2.0, (h - 1) / 2.0)
    R = np.eye(3)
    R[:2] = cv2.getRotationMatrix2D(c, -float(residual_deg), 1.0)
    ow, oh = w, h
    if expand:
        a = math.radians(residual_deg)
        ow = int(math.ceil(abs(w * math.cos(a)) + abs(h * math.sin(a))))
        oh = int(math.ceil(abs(w * math.sin(a)) + abs(h * math.cos(a))))
        R[0, 2] += (ow - w) / 2.0
        R[1, 2] += (oh - h) / 2.0
    return R @ Hq, (ow, oh)


def warp_page(
    image: np.ndarray,
    H: np.ndarray,
    out_size: tuple[int, int],
    *,
    fill: tuple[int, int, int] | None = None,
    interpolation: int = cv2.INTER_LINEAR,
) -> np.ndarray:
    """Resample ``image`` (BGR or grey ``uint8``) through ``H`` into ``out_size``.

    Areas outside the frame are filled with ``fill`` (BGR), or by replicating the
    frame's border when ``fill`` is None.  The input is not modified.
    """
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise ValueError("warp_page expects a uint8 image")
    if fill is None:
        return cv2.warpPerspective(image, H, out_size, flags=interpolation, borderMode=cv2.BORDER_REPLICATE)
    return cv2.warpPerspective(
        image, H, out_size, flags=interpolation, borderMode=cv2.BORDER_CONSTANT, borderValue=tuple(int(v) for v in fill)
    )
