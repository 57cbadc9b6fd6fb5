"""Reading and writing image files with bad-input handling.

:func:`decode_image` (and :func:`load_image`, the one decode entry point of attach and
process) reads the width and height every page of the file *declares* from its header,
without decoding, and refuses the file when any page is too large: a small file declaring
a huge image (a "decompression bomb") is refused in milliseconds, before OpenCV allocates
its pixels.  Headers are read for every format OpenCV decodes: JPEG, PNG, WebP, BMP, GIF,
TIFF and BigTIFF (every page), JPEG 2000 (JP2 and raw codestream), PNM/PAM/PFM, Radiance
HDR, Sun raster and AVIF.  A file whose size cannot be read from its header is not decoded at all
(``cannot decode``).  As a second line of defence ``OPENCV_IO_MAX_IMAGE_PIXELS`` is set
before OpenCV is first imported (unless already set).

A multi-page TIFF is refused, saying so (``multi-page TIFF``): one file is one page, and
OpenCV would silently keep only the first page.  Split it into one file per page.

Truncated JPEG and PNG files (which OpenCV would return half grey) are refused: a JPEG
without an end-of-image marker after its last scan is ``truncated``; a JPEG whose compressed
data ends early but has an end-of-image marker appended (libjpeg then fills the rest with
grey and only prints a warning) is ``corrupt``: Pillow's libjpeg decodes it at half scale, then
again with filler bytes inserted before the end marker; a complete file never reads them (the
pixels are the same), a truncated one does (the missing blocks come out different).  Every decoded image is
normalised to 8-bit BGR.
"""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

#: Largest accepted image (pixels).  Document cameras give 5–16 MP; 64 MP leaves
#: room for stitched scans while a 100 MP bomb is refused before decoding.
DEFAULT_MAX_PIXELS = 64_000_000
# Second line of defence: OpenCV's own limit, read once when OpenCV loads (its default is 2**30).
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(4 * DEFAULT_MAX_PIXELS))

import cv2  # noqa: E402  (after the environment variable above)
import numpy as np  # noqa: E402

from archivist_desktop.errors import BadInput  # noqa: E402

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


#: at most this many TIFF pages (IFDs) are read; a longer chain is refused as damaged
_MAX_TIFF_PAGES = 10_000


def _tiff_pages(data: bytes) -> list[tuple[int, int]] | None:
    """(width, height) of every page (IFD) of a TIFF or BigTIFF file; ``None`` when damaged."""
    endian = "<" if data[:2] == b"II" else ">"
    try:
        (version,) = struct.unpack(endian + "H", data[2:4])
        if version == 42:
            (off,) = struct.unpack(endian + "I", data[4:8])
            count_fmt, entry_size, off_fmt, value_at = "H", 12, "I", 8
        elif version == 43:  # BigTIFF: 8-byte offsets and counts, 20-byte entries
            off_size, _zero, off = struct.unpack(endian + "HHQ", data[4:16])
            if off_size != 8:
                return None
            count_fmt, entry_size, off_fmt, value_at = "Q", 20, "Q", 12
        else:
            return None
        count_len = struct.calcsize(count_fmt)
        pages: list[tuple[int, int]] = []
        seen: set[int] = set()
        while off:
            if off in seen or len(pages) >= _MAX_TIFF_PAGES:
                return None
            seen.add(off)
            (count,) = struct.unpack(endian + count_fmt, data[off : off + count_len])
            w = h = 0
            for k in range(count):
                e = off + count_len + entry_size * k
                tag, typ = struct.unpack(endian + "HH", data[e : e + 4])
                if tag not in (256, 257):
                    continue
                v = e + value_at
                if typ == 3:  # SHORT
                    (val,) = struct.unpack(endian + "H", data[v : v + 2])
                elif typ == 4:  # LONG
                    (val,) = struct.unpack(endian + "I", data[v : v + 4])
                elif typ == 16:  # LONG8 (BigTIFF)
                    (val,) = struct.unpack(endian + "Q", data[v : v + 8])
                else:
                    return None
                if tag == 256:
                    w = val
                else:
                    h = val
            if not (w and h):
                return None
            pages.append((int(w), int(h)))
            next_at = off + count_len + entry_size * count
            (off,) = struct.unpack(endian + off_fmt, data[next_at : next_at + struct.calcsize(off_fmt)])
        return pages or None
    except struct.error:
        return None


def _tiff_size(data: bytes) -> tuple[int, int] | None:
    pages = _tiff_pages(data)
    return max(pages, key=lambda p: p[0] * p[1]) if pages else None


def _jp2_size(data: bytes) -> tuple[int, int] | None:
    """JPEG 2000: the ``ihdr`` box of a JP2 file, or the SIZ marker of a raw codestream."""
    if data[:4] == b"\xff\x4f\xff\x51":
        xsiz, ysiz, xo, yo = struct.unpack(">IIII", data[8:24])
        return xsiz - xo, ysiz - yo
    i = data.find(b"ihdr", 0, 4096)
    if i < 0:
        j = data.find(b"\xff\x4f\xff\x51")
        return _jp2_size(data[j:]) if j >= 0 else None
    h, w = struct.unpack(">II", data[i + 4 : i + 12])
    return w, h


def _header_tokens(data: bytes, n: int) -> list[bytes]:
    """The first ``n`` whitespace-separated tokens of a Netpbm header (``#`` comments skipped)."""
    tokens: list[bytes] = []
    for line in data[:4096].split(b"\n"):
        tokens.extend(line.split(b"#", 1)[0].split())
        if len(tokens) >= n:
            break
    return tokens[:n]


def _pnm_size(data: bytes) -> tuple[int, int] | None:
    """PBM/PGM/PPM (P1–P6), PFM (PF, Pf) and PAM (P7)."""
    if data[:2] == b"P7":
        w = h = 0
        for line in data[:4096].split(b"\n")[1:]:
            parts = line.split()
            if parts[:1] == [b"WIDTH"] and len(parts) > 1:
                w = int(parts[1])
            elif parts[:1] == [b"HEIGHT"] and len(parts) > 1:
                h = int(parts[1])
            elif parts[:1] == [b"ENDHDR"]:
                break
        return (w, h) if w and h else None
    tokens = _header_tokens(data, 3)
    if len(tokens) < 3:
        return None
    return int(tokens[1]), int(tokens[2])


def _hdr_size(data: bytes) -> tuple[int, int] | None:
    """Radiance HDR: header lines, an empty line, then ``-Y H +X W`` (or another orientation)."""
    head = data[:8192]
    blank = head.find(b"\n\n")
    if blank < 0:
        return None
    parts = head[blank + 2 :].split(b"\n", 1)[0].split()
    if len(parts) != 4:
        return None
    first, second = int(parts[1]), int(parts[3])
    return (second, first) if parts[0][1:] == b"Y" else (first, second)


def _ispe_size(data: bytes) -> tuple[int, int] | None:
    """AVIF/HEIF: the largest ``ispe`` (image spatial extents) property in the meta box."""
    sizes = []
    at = data.find(b"ispe", 0, 1 << 16)
    while at >= 0:
        w, h = struct.unpack(">II", data[at + 8 : at + 16])
        sizes.append((w, h))
        at = data.find(b"ispe", at + 4, 1 << 16)
    return max(sizes, key=lambda p: p[0] * p[1]) if sizes else None


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
        Recognised: JPEG, PNG, GIF, BMP, WebP, TIFF and BigTIFF (the largest page), JPEG 2000,
        PNM/PAM/PFM, Radiance HDR, Sun raster, AVIF/HEIF.
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
        if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
            return _tiff_size(data)
        if data[:4] == b"\xff\x4f\xff\x51" or data[:12] == b"\x00\x00\x00\x0cjP  \r\n\x87\n":
            return _jp2_size(data)
        if data[:1] == b"P" and data[1:2] in (b"1", b"2", b"3", b"4", b"5", b"6", b"7", b"F", b"f"):
            return _pnm_size(data)
        if data[:10] == b"#?RADIANCE" or data[:6] == b"#?RGBE":
            return _hdr_size(data)
        if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis", b"heic", b"heix", b"mif1", b"msf1"):
            return _ispe_size(data)
        if data[:4] == b"\x59\xa6\x6a\x95":  # Sun raster
            w, h = struct.unpack(">II", data[4:12])
            return w, h
    except (struct.error, ValueError):
        return None
    return None


def _page_count(data: bytes) -> int:
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return len(_tiff_pages(data) or ())
    return 1


def _jpeg_scan_end(data: bytes) -> int | None:
    """Offset of the end-of-image marker closing the last scan (entropy-coded data never holds FF D9)."""
    sos = data.rfind(b"\xff\xda")
    if sos < 0:
        return None
    end = data.find(b"\xff\xd9", sos)
    return end if end >= 0 else None


def _pillow_pixels(data: bytes) -> bytes | None:
    """The pixels Pillow's libjpeg decodes at half scale (DCT scaling: every coefficient is still read)."""
    from PIL import Image  # Pillow discards libjpeg's warnings (OpenCV prints them on stderr)

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.draft(im.mode, ((im.width + 1) // 2, (im.height + 1) // 2))
            im.load()
            return im.tobytes()
    except (OSError, ValueError, SyntaxError):
        return None


def _jpeg_data_ends_early(data: bytes) -> bool:
    """Whether the last scan's compressed data ends before the image does (an end marker appended to a cut file).

    libjpeg fills data missing before a marker with zero bits and only warns.  Decoded again with
    filler bytes inserted before the end-of-image marker, a complete file gives the same pixels (the
    decoder never reads past its last block: the filler is skipped as extraneous bytes); a cut file
    reads the filler as image data and gives different pixels.
    """
    end = _jpeg_scan_end(data)
    if end is None:
        return False
    decoded = _pillow_pixels(data)
    if decoded is None:
        return False  # Pillow cannot read it: OpenCV decides
    for filler in (b"\xff\x00" * 32, b"\x5a" * 64):  # all one bits (a stuffed FF), then a mixed pattern
        if _pillow_pixels(data[:end] + filler + data[end:]) != decoded:
            return True
    return False


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
    if size is None:
        # never decode what we cannot size first: the header is the only defence against a bomb
        raise ImageError(f"{name}: cannot decode (not a supported image format, or its header is damaged)")
    w, h = size
    if w * h > max_pixels:
        raise ImageError(f"{name}: image too large ({w}x{h} = {w * h / 1e6:.0f} MP; limit {max_pixels / 1e6:.0f} MP)")
    pages = _page_count(data)
    if pages > 1:
        raise ImageError(
            f"{name}: multi-page TIFF ({pages} pages) refused: attach one file per page (split it, e.g. tiffsplit)"
        )
    problem = _truncation_problem(data)
    if problem:
        raise ImageError(f"{name}: {problem}")
    if data[:3] == b"\xff\xd8\xff" and _jpeg_data_ends_early(data):
        raise ImageError(f"{name}: corrupt JPEG (its compressed data ends before the image does)")
    buf = np.frombuffer(data, np.uint8)
    flags = cv2.IMREAD_ANYDEPTH | cv2.IMREAD_ANYCOLOR
    try:
        img = cv2.imdecode(buf, flags)
    except cv2.error as exc:
        raise ImageError(f"{name}: cannot decode ({str(exc).strip().splitlines()[-1]})") from None
    if img is None:
        raise ImageError(f"{name}: cannot decode (damaged image data)")
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
