"""Images derived from a page or a camera frame: live-view copies, thumbnails, the ID-card page.

Every reduction goes through :func:`~archivist_desktop.imaging.page.reduce_image` (exact 2×2
averaging steps, then one bilinear step), so the live view, the barcode read and the filmstrip
thumbnails share one fast, alias-free path.  Inputs are validated (a clear ``ValueError``) and
never modified.
"""

from __future__ import annotations

import cv2
import numpy as np

from .page import reduce_image

__all__ = [
    "ID_CARD_MM",
    "THUMB_LONG_SIDE",
    "THUMB_QUALITY",
    "merge_id_card",
    "preview_image",
    "thumbnail_from_jpeg",
    "thumbnail_jpeg",
]

#: long side of a filmstrip / review thumbnail, in pixels
THUMB_LONG_SIDE = 240
#: JPEG quality of thumbnails (small files, decoded often)
THUMB_QUALITY = 80
#: an ID-1 card (ISO/IEC 7810), width × height in millimetres
ID_CARD_MM = (85.6, 53.98)
_A4_MM = (210.0, 297.0)


def _check_image(image: np.ndarray, name: str = "image") -> np.ndarray:
    """``image`` itself when it is a non-empty ``uint8`` grey or BGR array, else ``ValueError``."""
    if not isinstance(image, np.ndarray):
        raise ValueError(f"{name}: expected a NumPy array, got {type(image).__name__}")
    if image.dtype != np.uint8:
        raise ValueError(f"{name}: expected dtype uint8, got {image.dtype}")
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (1, 3)):
        raise ValueError(f"{name}: expected an (H, W) or (H, W, 3) image, got shape {image.shape}")
    if image.size == 0:
        raise ValueError(f"{name}: empty image")
    return image


def _check_long_side(long_side: int) -> int:
    if int(long_side) < 1:
        raise ValueError(f"long_side must be a positive number of pixels, got {long_side}")
    return int(long_side)


def preview_image(image: np.ndarray, long_side: int = 1280) -> np.ndarray:
    """The image reduced to at most ``long_side`` pixels on its long side (for the live view, barcodes).

    Parameters
    ----------
    image : ndarray
        ``(H, W)`` or ``(H, W, 3)`` ``uint8`` frame.  Not modified.
    long_side : int
        Largest allowed long side; a smaller image is never enlarged.

    Returns
    -------
    ndarray
        A new C-contiguous array when reduced; otherwise ``image`` itself (when it is already
        C-contiguous) — treat the result as read-only.

    Raises
    ------
    ValueError
        When ``image`` is not a non-empty ``uint8`` grey or BGR array, or ``long_side < 1``.

    Examples
    --------
    >>> frame = np.zeros((3120, 4208, 3), np.uint8)
    >>> preview_image(frame).shape
    (949, 1280, 3)
    >>> small = np.zeros((480, 640, 3), np.uint8)
    >>> preview_image(small) is small
    True
    """
    image = _check_image(image)
    reduced, _scale = reduce_image(image, _check_long_side(long_side))
    return np.ascontiguousarray(reduced)


def display_pixels(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """The image fitted into ``width`` × ``height`` (aspect kept, never enlarged) as 32-bit B, G, R, X pixels.

    That is the memory order of Qt's ``Format_RGB32`` on little-endian machines, which the live view
    draws without a conversion: scaling and converting here, on the preview thread with OpenCV, keeps
    Qt's shared image thread pool free for the GUI thread's own painting (a smooth ``QImage.scaled``
    or a BGR888 ``drawImage`` splits its work over that pool, and the GUI waited behind it).

    Parameters
    ----------
    image : ndarray
        ``(H, W)`` or ``(H, W, 3)`` ``uint8`` preview (BGR).  Not modified.
    width, height : int
        The room in device pixels; ``0`` (not known yet) keeps that side's size.

    Returns
    -------
    ndarray
        A new C-contiguous ``(h, w, 4)`` ``uint8`` array, the fourth channel 255.

    Examples
    --------
    >>> display_pixels(np.zeros((949, 1280, 3), np.uint8), 640, 640).shape
    (474, 640, 4)
    >>> display_pixels(np.zeros((480, 640), np.uint8), 0, 0).shape
    (480, 640, 4)
    """
    image = _check_image(image)
    h, w = image.shape[:2]
    scale = min(width / w if 0 < width < w else 1.0, height / h if 0 < height < h else 1.0)
    if scale < 1.0:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    code = cv2.COLOR_GRAY2BGRA if image.ndim == 2 else cv2.COLOR_BGR2BGRA
    return np.ascontiguousarray(cv2.cvtColor(image, code))


def thumbnail_jpeg(page: np.ndarray, long_side: int = THUMB_LONG_SIDE, quality: int = THUMB_QUALITY) -> bytes:
    """A small JPEG of a page image, at most ``long_side`` pixels on its long side.

    Parameters
    ----------
    page : ndarray
        ``(H, W)`` or ``(H, W, 3)`` ``uint8`` page (BGR).  Not modified.
    long_side : int
        Long side of the thumbnail; a smaller page is not enlarged.
    quality : int
        JPEG quality, 1…100.

    Returns
    -------
    bytes
        The JPEG file.

    Raises
    ------
    ValueError
        For an invalid page, ``long_side`` or ``quality``, or when encoding fails.

    Examples
    --------
    >>> page = np.full((3508, 2480, 3), 245, np.uint8)
    >>> jpeg = thumbnail_jpeg(page)
    >>> jpeg[:2] == b"\\xff\\xd8", cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR).shape
    (True, (240, 170, 3))
    """
    page = _check_image(page, "page")
    if not 1 <= int(quality) <= 100:
        raise ValueError(f"quality must be 1…100, got {quality}")
    small, _scale = reduce_image(page, _check_long_side(long_side))
    ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError("the thumbnail could not be encoded as JPEG")
    return buf.tobytes()


def thumbnail_from_jpeg(jpeg: bytes, long_side: int = THUMB_LONG_SIDE, quality: int = THUMB_QUALITY) -> bytes:
    """A small JPEG of a stored page JPEG (decoded at a quarter of its size, which is fast).

    Parameters
    ----------
    jpeg : bytes
        An encoded image (JPEG, or anything OpenCV decodes).  Not modified.
    long_side, quality : int
        As for :func:`thumbnail_jpeg`.

    Returns
    -------
    bytes

    Raises
    ------
    ValueError
        When ``jpeg`` is empty or cannot be decoded.

    Examples
    --------
    >>> ok, buf = cv2.imencode(".jpg", np.full((1600, 1200, 3), 200, np.uint8))
    >>> thumb = thumbnail_from_jpeg(buf.tobytes())
    >>> cv2.imdecode(np.frombuffer(thumb, np.uint8), cv2.IMREAD_COLOR).shape
    (240, 180, 3)
    >>> thumbnail_from_jpeg(b"not an image")
    Traceback (most recent call last):
    ...
    ValueError: the page image could not be decoded
    """
    if not isinstance(jpeg, (bytes, bytearray, memoryview)):
        raise ValueError(f"expected encoded image bytes, got {type(jpeg).__name__}")
    if len(jpeg) == 0:
        raise ValueError("the page image is empty")
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_REDUCED_COLOR_4)
    if image is None:
        raise ValueError("the page image could not be decoded")
    return thumbnail_jpeg(image, long_side, quality)


def merge_id_card(front: np.ndarray, back: np.ndarray, dpi: float = 300.0) -> np.ndarray:
    """Front and back of an ID card, one above the other, on a white A4 page.

    Each side is scaled to the card's real width (85.6 mm) at ``dpi``; a portrait crop of the
    (landscape) card is turned a quarter clockwise first.

    Parameters
    ----------
    front, back : ndarray
        ``(H, W)`` or ``(H, W, 3)`` ``uint8`` crops of the card's two sides (BGR).  Not modified.
    dpi : float
        Resolution of the page (A4 at 300 dpi is 2480 × 3508 pixels).

    Returns
    -------
    ndarray
        ``(H, W, 3)`` ``uint8`` BGR A4 page, portrait.

    Raises
    ------
    ValueError
        When a side is not a non-empty ``uint8`` grey or BGR image, or ``dpi`` is not positive.

    Examples
    --------
    >>> front = np.full((540, 856, 3), (200, 120, 60), np.uint8)
    >>> back = np.full((856, 540, 3), (60, 120, 200), np.uint8)  # a portrait crop: turned
    >>> page = merge_id_card(front, back, dpi=100)
    >>> page.shape
    (1169, 827, 3)
    >>> page[300, 413].tolist(), page[560, 413].tolist()
    ([200, 120, 60], [60, 120, 200])
    """
    sides = [_check_image(front, "front"), _check_image(back, "back")]
    if not dpi > 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    a4_w, a4_h = round(_A4_MM[0] / 25.4 * dpi), round(_A4_MM[1] / 25.4 * dpi)
    card_w = round(ID_CARD_MM[0] / 25.4 * dpi)
    page = np.full((a4_h, a4_w, 3), 255, np.uint8)
    y = round(30 / 25.4 * dpi)
    for side in sides:
        if side.ndim == 2 or side.shape[2] == 1:
            side = cv2.cvtColor(side, cv2.COLOR_GRAY2BGR)
        h, w = side.shape[:2]
        if w < h:  # a portrait crop of a landscape card
            side = cv2.rotate(side, cv2.ROTATE_90_CLOCKWISE)
            h, w = w, h
        scaled = cv2.resize(side, (card_w, max(1, round(h * card_w / w))), interpolation=cv2.INTER_AREA)
        x = (a4_w - card_w) // 2
        if y < a4_h:
            part = scaled[: a4_h - y]
            page[y : y + part.shape[0], x : x + card_w] = part
        y += scaled.shape[0] + round(20 / 25.4 * dpi)
    return page
