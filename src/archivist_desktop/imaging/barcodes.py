"""Barcode reading: zbar (pyzbar) and zxing-cpp, merged to one result per symbol.

Both decoders run on the grey image.  zxing-cpp results are only kept when valid
(checksums and error correction passed); zbar results of symbologies without a
strong checksum are not enabled at all, which keeps false positives out.  When
both decoders read the same symbol (same symbology family and overlapping
outlines) the zxing-cpp reading wins: it honours ECI / Shift-JIS charsets and Code
128 FNC4 extended characters, where zbar transcodes lossily.
"""

from __future__ import annotations

import ctypes
import dataclasses

import cv2
import numpy as np

from .io import as_gray8

__all__ = ["DEFAULT_FORMATS", "Barcode", "read_barcodes"]

#: Symbologies read by default (names as reported in :attr:`Barcode.format`).
DEFAULT_FORMATS: tuple[str, ...] = ("Code128", "QRCode", "DataMatrix", "EAN13", "EAN8", "UPCA", "UPCE")


@dataclasses.dataclass(frozen=True)
class Barcode:
    """One decoded symbol.

    Attributes
    ----------
    format : str
        Symbology, one of :data:`DEFAULT_FORMATS`.
    text : str
        Decoded content (plain text; control characters kept as is).
    quad : tuple of 4 (x, y)
        Outline in input-image pixels, clockwise from the symbol's top-left.
    decoder : str
        ``"zxing-cpp"`` or ``"zbar"``.
    """

    format: str
    text: str
    quad: tuple[tuple[float, float], ...]
    decoder: str

    def as_dict(self) -> dict:
        return {"format": self.format, "text": self.text, "quad": [[round(x, 1), round(y, 1)] for x, y in self.quad]}


# --------------------------------------------------------------------------- zxing-cpp

_ZX_NAMES = {
    "Code128": "Code128",
    "QRCode": "QRCode",
    "DataMatrix": "DataMatrix",
    "EAN13": "EAN13",
    "EAN8": "EAN8",
    "UPCA": "UPCA",
    "UPCE": "UPCE",
}


def _zx_formats(formats):
    import zxingcpp

    return tuple(getattr(zxingcpp.BarcodeFormat, _ZX_NAMES[name]) for name in formats)


def _zx_format_name(fmt) -> str:
    s = str(fmt).replace(" ", "").replace("-", "").replace("BarcodeFormat.", "")
    for name in DEFAULT_FORMATS:
        if s.lower() == name.lower():
            return name
    return s


def _read_zxing(gray: np.ndarray, formats, thorough: bool = True) -> list[Barcode]:
    import zxingcpp

    out = []
    found = zxingcpp.read_barcodes(
        gray,
        formats=_zx_formats(formats),
        text_mode=zxingcpp.TextMode.Plain,
        try_rotate=thorough,
        try_invert=thorough,
    )
    for b in found:
        if not b.valid:
            continue
        p = b.position
        quad = tuple((float(q.x), float(q.y)) for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
        out.append(Barcode(_zx_format_name(b.format), b.text, quad, "zxing-cpp"))
    return out


# --------------------------------------------------------------------------- zbar

# 8-bit grey as zbar names it ("Y800", the format pyzbar uses); zbar does not know
# "L800" and then skips some symbols (6 QR codes of the shared sets that pyzbar reads).
_Y800 = ord("Y") | ord("8") << 8 | ord("0") << 16 | ord("0") << 24

_ZBAR_NAMES = {
    "Code128": "CODE128",
    "QRCode": "QRCODE",
    "EAN13": "EAN13",
    "EAN8": "EAN8",
    "UPCA": "UPCA",
    "UPCE": "UPCE",
}


def _read_zbar(gray: np.ndarray, formats) -> list[Barcode]:
    # pyzbar.decode() crashes on symbols whose orientation zbar reports as unknown
    # (ValueError: 4294967295 is not a valid ZBarOrientation), so the scan is driven
    # through pyzbar's ctypes wrapper directly.
    from pyzbar import wrapper as zw

    wanted = {zw.ZBarSymbol[_ZBAR_NAMES[f]]: f for f in formats if f in _ZBAR_NAMES}
    if not wanted:
        return []
    g = np.ascontiguousarray(gray)
    h, w = g.shape
    data = g.tobytes()
    scanner = zw.zbar_image_scanner_create()
    image = zw.zbar_image_create()
    out: list[Barcode] = []
    try:
        zw.zbar_image_scanner_set_config(scanner, zw.ZBarSymbol.NONE, zw.ZBarConfig.CFG_ENABLE, 0)
        for sym in wanted:
            zw.zbar_image_scanner_set_config(scanner, sym, zw.ZBarConfig.CFG_ENABLE, 1)
        zw.zbar_image_set_format(image, _Y800)
        zw.zbar_image_set_size(image, w, h)
        zw.zbar_image_set_data(image, ctypes.cast(data, ctypes.c_void_p), len(data), None)  # type: ignore[arg-type]  # bytes are cast at runtime; the stub omits them
        if zw.zbar_scan_image(scanner, image) < 0:
            return []
        sym = zw.zbar_image_first_symbol(image)
        while sym:
            typ = sym.contents.type
            fmt = None
            for zs, name in wanted.items():
                if int(zs) == int(typ):
                    fmt = name
            if fmt is not None:
                raw = ctypes.string_at(zw.zbar_symbol_get_data(sym), zw.zbar_symbol_get_data_length(sym))
                pts = np.array(
                    [
                        (zw.zbar_symbol_get_loc_x(sym, i), zw.zbar_symbol_get_loc_y(sym, i))
                        for i in range(zw.zbar_symbol_get_loc_size(sym))
                    ],
                    np.float32,
                )
                text = raw.decode("utf-8", errors="replace")
                out.append(Barcode(fmt, text, _outline_quad(pts), "zbar"))
            sym = zw.zbar_symbol_next(sym)
    finally:
        zw.zbar_image_destroy(image)
        zw.zbar_image_scanner_destroy(scanner)
    return out


def _outline_quad(pts: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Clockwise quad from the top-left around a zbar location polygon."""
    if len(pts) == 0:
        return ((0.0, 0.0),) * 4
    if len(pts) < 3 or cv2.contourArea(cv2.convexHull(pts)) < 1.0:
        # Linear symbols: zbar reports points on scan lines; use an axis-aligned box.
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        box = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
    else:
        box = cv2.boxPoints(cv2.minAreaRect(pts)).astype(np.float32)
    from .page import order_quad

    return tuple((float(x), float(y)) for x, y in order_quad(box))


# --------------------------------------------------------------------------- merge


def _family(fmt: str) -> str:
    return "EANUPC" if fmt in ("EAN13", "EAN8", "UPCA", "UPCE") else fmt


def _same_symbol(a: Barcode, b: Barcode) -> bool:
    if _family(a.format) != _family(b.format):
        return False
    pa = np.array(a.quad, np.float32)
    pb = np.array(b.quad, np.float32)

    # Overlap test tolerant to thin (linear) outlines: a's centre inside b's padded
    # box or vice versa.
    def inside(p, q):
        x0, y0 = q.min(axis=0) - 8
        x1, y1 = q.max(axis=0) + 8
        c = p.mean(axis=0)
        return x0 <= c[0] <= x1 and y0 <= c[1] <= y1

    return inside(pa, pb) or inside(pb, pa)


def read_barcodes(image: np.ndarray, formats: tuple[str, ...] | list[str] = DEFAULT_FORMATS) -> list[Barcode]:
    """Read all barcodes in an image, one result per symbol.

    Parameters
    ----------
    image : ndarray
        ``(H, W)`` grey or ``(H, W, 3)`` BGR ``uint8`` image (camera frame or page).
    formats : sequence of str
        Symbologies to read, a subset of :data:`DEFAULT_FORMATS`.

    Returns
    -------
    list of Barcode
        Sorted top-to-bottom, left-to-right.  Quads are in ``image`` pixels (x, y),
        clockwise from the symbol's top-left.

    Raises
    ------
    ValueError
        For a wrong shape or dtype, or an unknown format name.

    Examples
    --------
    >>> read_barcodes(np.full((64, 64), 255, np.uint8))
    []
    """
    gray = as_gray8(image)
    unknown = [f for f in formats if f not in DEFAULT_FORMATS]
    if unknown:
        raise ValueError(f"unknown barcode format(s) {unknown}; known: {', '.join(DEFAULT_FORMATS)}")
    if not formats or min(gray.shape) < 8:
        return []
    # Pass 1: zxing-cpp upright, dark-on-light only (fast), plus zbar (which scans
    # both directions).  Pass 2, only when nothing was read: zxing-cpp also trying
    # rotated and inverted symbols (several times slower).
    results = _read_zxing(gray, formats, thorough=False)
    zbar = _read_zbar(gray, formats)
    if not results and not zbar:
        results = _read_zxing(gray, formats, thorough=True)
    for z in zbar:
        if any(_same_symbol(z, r) for r in results):
            continue
        results.append(z)
    # Two decoders may still report the same content at one place twice (e.g. a
    # zbar duplicate from another scan direction): keep the first.
    unique: list[Barcode] = []
    for r in results:
        if any(r.format == u.format and r.text == u.text and _same_symbol(r, u) for u in unique):
            continue
        unique.append(r)
    unique.sort(key=lambda b: (min(p[1] for p in b.quad), min(p[0] for p in b.quad)))
    return unique
