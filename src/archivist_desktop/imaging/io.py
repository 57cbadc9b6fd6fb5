"""Reading and writing image files with bad-input handling.

:func:`load_image` checks the declared pixel count *before* decoding, so a huge image
is refused without allocating its pixels, detects truncated JPEG/PNG files (which
OpenCV would otherwise return half grey), and normalises every decoded image to
8-bit BGR.
"""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np

from archivist_desktop.errors import BadInput

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "MIN_SIDE",
    "ImageError",
    "as_bgr8",
    "decode_image",
    "encode_jpeg",
    "image_size_from_header",
    "load_image",
]

#: Largest accepted image (pixels).  Document cameras give 5–16 MP; 64 MP leaves
#: room for stitched scans while a 100 MP bomb is refused before decoding.
DEFAULT_MAX_PIXELS = 64_000_000
#: Smallest accepted side in pixels; smaller images cannot hold a readable page.
MIN_SIDE = 16


class ImageError(BadInput):
    """A file that cannot be used as an image (empty, truncated, not an image, too large)."""


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    n = len(data)
    while i + 9 < n:
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xFF,):
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (seglen,) = struct.unpack(">H", data[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", data[i + 5 : i + 9])
            return w, h
        if marker == 0xDA:  # start of scan before any frame header
            return None
        i += 2 + seglen
    return None


def _tiff_size(data: bytes) -> tuple[int, int] | None:
    endian = "<" if data[:2] == b"II" else ">"
    try:
        (off,) = struct.unpack(endian + "I", data[4:8])
        (count,) = struct.unpack(endian + "H", data[off : off + 2])
        w = h = None
        for k in range(count):
            e = off + 2 + 12 * k
            tag, typ = struct.unpack(endian + "HH", data[e : e + 4])
            if typ == 3:
                (val,) = struct.unpack(endian + "H", data[e + 8 : e + 10])
            else:
                (val,) = struct.unpack(endian + "I", data[e + 8 : e + 12])
            if tag == 256:
                w = val
            elif tag == 257:
                h = val
        if w and h:
            return int(w), int(h)
    except struct.error:
        return None
    return None


def image_size_from_header(data: bytes) -> tuple[int, int] | None:
    """Width and height declared in an image header, without decoding.

    Parameters
    ----------
    data : bytes
        The file content (only the first few kilobytes are needed for most formats).

    Returns
    -------
    (width, height) or None
        ``None`` when the format is not recognised or the header is damaged.
        Recognised: JPEG, PNG, GIF, BMP, WebP, TIFF.
    """
    try:
        if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        if data[:3] == b"\xff\xd8\xff":
            return _jpeg_size(data)
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return struct.unpack("<HH", data[6:10])
        if data[:2] == b"BM":
            w, h = struct.unpack("<ii", data[18:26])
            return abs(w), abs(h)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            chunk = data[12:16]
            if chunk == b"VP8X":
                w = int.from_bytes(data[24:27], "little") + 1
                h = int.from_bytes(data[27:30], "little") + 1
                return w, h
            if chunk == b"VP8L":
                b = int.from_bytes(data[21:25], "little")
                return (b & 0x3FFF) + 1, ((b >> 14) & 0x3FFF) + 1
            if chunk == b"VP8 ":
                w, h = struct.unpack("<HH", data[26:30])
                return w & 0x3FFF, h & 0x3FFF
        if data[:4] in (b"II*\x00", b"MM\x00*"):
            return _tiff_size(data)
    except struct.error:
        return None
    return None


def _truncation_problem(data: bytes) -> str | None:
    if data[:3] == b"\xff\xd8\xff":
        sos = data.rfind(b"\xff\xda")
        # Entropy-coded data never contains FF D9 (FF is stuffed), so the end-of-image
        # marker must follow the last start-of-scan.
        if sos < 0 or data.find(b"\xff\xd9", sos) < 0:
            return "truncated JPEG (no end-of-image marker after the last scan)"
    elif data[:8] == b"\x89PNG\r\n\x1a\n":
        if data.rfind(b"IEND") < 0:
            return "truncated PNG (no IEND chunk)"
    return None


def as_gray8(image: np.ndarray) -> np.ndarray:
    """The grey image of a ``uint8`` BGR ``(H, W, 3)`` or grey ``(H, W)`` array (grey input is returned as is).

    Raises ``ValueError`` for any other dtype or shape.
    """
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise ValueError("expected a uint8 NumPy image")
    if image.ndim == 3 and image.shape[2] == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if image.ndim == 2:
        return image
    raise ValueError(f"expected an (H, W) or (H, W, 3) image, got shape {image.shape}")


def as_bgr8(image: np.ndarray) -> np.ndarray:
    """Convert a decoded image to 8-bit, 3-channel BGR.

    Parameters
    ----------
    image : ndarray
        ``(H, W)`` grey, ``(H, W, 1)``, ``(H, W, 3)`` BGR or ``(H, W, 4)`` BGRA, of dtype
        ``uint8``, ``uint16`` or float in [0, 1].

    Returns
    -------
    ndarray
        ``(H, W, 3)`` ``uint8`` BGR.  The input is returned as is when it already is
        ``uint8`` BGR (fast path), never modified in place.

    Raises
    ------
    ValueError
        For other shapes or dtypes.

    Examples
    --------
    >>> as_bgr8(np.zeros((4, 5), np.uint16)).shape
    (4, 5, 3)
    """
    if not isinstance(image, np.ndarray):
        raise ValueError(f"expected a NumPy array, got {type(image).__name__}")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] not in (3, 4)):
        raise ValueError(f"expected an (H, W), (H, W, 3) or (H, W, 4) image, got shape {image.shape}")
    if image.size == 0:
        raise ValueError("empty image")
    if image.dtype == np.uint8:
        img8 = image
    elif image.dtype == np.uint16:
        img8 = (image >> 8).astype(np.uint8)
    elif image.dtype in (np.float32, np.float64):
        img8 = np.clip(np.nan_to_num(image) * 255.0 + 0.5, 0, 255).astype(np.uint8)
    else:
        raise ValueError(f"unsupported dtype {image.dtype}; expected uint8, uint16 or float")
    if img8.ndim == 2:
        return cv2.cvtColor(img8, cv2.COLOR_GRAY2BGR)
    if img8.shape[2] == 4:
        return cv2.cvtColor(img8, cv2.COLOR_BGRA2BGR)
    return img8 if img8 is image else np.ascontiguousarray(img8)


def decode_image(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS, name: str = "image") -> np.ndarray:
    """Decode image bytes to 8-bit BGR with the checks of :func:`load_image`."""
    if not data:
        raise ImageError(f"{name}: empty file")
    size = image_size_from_header(data)
    if size is not None:
        w, h = size
        if w * h > max_pixels:
            raise ImageError(
                f"{name}: image too large ({w}x{h} = {w * h / 1e6:.0f} MP; limit {max_pixels / 1e6:.0f} MP)"
            )
    problem = _truncation_problem(data)
    if problem:
        raise ImageError(f"{name}: {problem}")
    buf = np.frombuffer(data, np.uint8)
    try:
        img = cv2.imdecode(buf, cv2.IMREAD_ANYDEPTH | cv2.IMREAD_ANYCOLOR)
    except cv2.error as exc:
        raise ImageError(f"{name}: cannot decode ({str(exc).strip().splitlines()[-1]})") from None
    if img is None:
        kind = "not a supported image format" if size is None else "damaged image data"
        raise ImageError(f"{name}: cannot decode ({kind})")
    if img.shape[0] * img.shape[1] > max_pixels:
        raise ImageError(f"{name}: image too large ({img.shape[1]}x{img.shape[0]})")
    if min(img.shape[:2]) < MIN_SIDE:
        raise ImageError(
            f"{name}: image too small ({img.shape[1]}x{img.shape[0]} px; at least {MIN_SIDE} px a side needed)"
        )
    try:
        return as_bgr8(img)
    except ValueError as exc:
        raise ImageError(f"{name}: {exc}") from exc


def load_image(path: str | Path, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """Read an image file as 8-bit BGR.

    Parameters
    ----------
    path : str or Path
        Image file (JPEG, PNG, TIFF, BMP, WebP, … anything OpenCV decodes).
    max_pixels : int
        Images declaring more pixels are refused before decoding.

    Returns
    -------
    ndarray
        ``(H, W, 3)`` ``uint8`` BGR; 16-bit images are reduced to 8 bits, grey and
        BGRA images converted, EXIF orientation applied.

    Raises
    ------
    ImageError
        (a ``ValueError``) for a missing, empty, truncated, undecodable, too large or
        too small (< 16 px a side) file, with a message naming the file and the cause.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ImageError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise ImageError(f"{p}: is a directory") from None
    except OSError as exc:
        raise ImageError(f"{p}: cannot read ({exc.strerror or exc})") from None
    return decode_image(data, max_pixels=max_pixels, name=str(p))


def encode_jpeg(bgr: np.ndarray, quality: int = 90) -> bytes:
    """Encode 8-bit BGR as JPEG bytes (4:2:0 chroma, optimised Huffman tables)."""
    if bgr.dtype != np.uint8:
        raise ValueError(f"expected uint8, got {bgr.dtype}")
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, int(quality), cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return buf.tobytes()
