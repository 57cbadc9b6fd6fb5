"""Bad input: image bombs and corrupt images, hostile work-order feeds, binary or deeply nested TOML,
a corrupt settings file, read-only data directories, missing keyrings, refused central passwords.

Each is refused with one clear line and nothing half-written.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest

from archivist_desktop.imaging import ImageError, load_image
from archivist_desktop.imaging.io import decode_image, image_size_from_header

# --- images ----------------------------------------------------------------------------------------


def bigtiff_bomb(path: Path, w: int = 30000, h: int = 30000, max_bytes: int = 2_600_000) -> int:
    """A BigTIFF declaring ``w`` x ``h`` 8-bit grey pixels in one deflate strip of zeros (a few MB on disk).

    Decoded by plain ``cv2.imdecode`` it allocates w*h bytes (900 MB for the default).
    """
    comp = zlib.compressobj(9)
    chunk = b"\0" * (1 << 22)
    parts, done, out = [], 0, 0
    while done < w * h and out < max_bytes:
        n = min(len(chunk), w * h - done)
        c = comp.compress(chunk[:n])
        parts.append(c)
        out += len(c)
        done += n
    parts.append(comp.flush())
    strip = b"".join(parts)
    entries = [
        (256, 16, 1, w),  # ImageWidth, LONG8
        (257, 16, 1, h),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 8),  # Compression: deflate
        (262, 3, 1, 1),  # Photometric: black is zero
        (273, 16, 1, 0),  # StripOffsets (filled below)
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 16, 1, h),  # RowsPerStrip
        (279, 16, 1, len(strip)),  # StripByteCounts
    ]
    ifd_at = 16
    data_at = ifd_at + 8 + 20 * len(entries) + 8
    ifd = struct.pack("<Q", len(entries))
    for tag, typ, count, val in entries:
        ifd += struct.pack("<HHQQ", tag, typ, count, data_at if tag == 273 else val)
    ifd += struct.pack("<Q", 0)
    body = b"II" + struct.pack("<HHHQ", 43, 8, 0, ifd_at) + ifd + strip
    path.write_bytes(body)
    return len(body)


def test_bigtiff_bomb_refused_fast_and_small(tmp_path):
    """A BigTIFF declaring 30000x30000 is refused from its header: < 1 s, < 200 MB peak (whole process)."""
    bomb = tmp_path / "bomb.tif"
    size = bigtiff_bomb(bomb)
    assert size < 3_000_000
    assert image_size_from_header(bomb.read_bytes()) == (30000, 30000)
    script = textwrap.dedent(
        f"""
        import json, resource, time
        from archivist_desktop.imaging import ImageError, load_image
        t = time.perf_counter()
        try:
            load_image({str(bomb)!r})
            message = None
        except ImageError as exc:
            message = str(exc)
        elapsed = time.perf_counter() - t
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({{"message": message, "elapsed": elapsed, "peak_mb": peak_mb}}))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["message"] is not None and "image too large (30000x30000" in result["message"]
    assert "\n" not in result["message"]
    assert result["elapsed"] < 1.0, result
    assert result["peak_mb"] < 200, result


def _declaring(fmt: str, w: int, h: int) -> bytes:
    """A small file of format ``fmt`` whose header declares ``w`` x ``h`` pixels (the data is junk)."""
    junk = b"\0" * 4096
    if fmt == "pnm":
        return f"P5\n{w} {h}\n255\n".encode() + junk
    if fmt == "pam":
        return f"P7\nWIDTH {w}\nHEIGHT {h}\nDEPTH 1\nMAXVAL 255\nTUPLTYPE GRAYSCALE\nENDHDR\n".encode() + junk
    if fmt == "pfm":
        return f"Pf\n{w} {h}\n-1.0\n".encode() + junk
    if fmt == "hdr":
        return f"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y {h} +X {w}\n".encode() + junk
    if fmt == "j2k":
        siz = struct.pack(">HHIIIIIIIIH", 41, 0, w, h, 0, 0, w, h, 0, 0, 1) + b"\x07\x01\x01"
        return b"\xff\x4f\xff\x51" + siz + junk
    if fmt == "jp2":
        ihdr = struct.pack(">I4sIIHBBBB", 22, b"ihdr", h, w, 1, 7, 7, 0, 0)
        jp2h = struct.pack(">I4s", 8 + len(ihdr), b"jp2h") + ihdr
        return b"\x00\x00\x00\x0cjP  \r\n\x87\n" + struct.pack(">I4s4sI4s", 20, b"ftyp", b"jp2 ", 0, b"jp2 ") + jp2h
    if fmt == "ras":
        return b"\x59\xa6\x6a\x95" + struct.pack(">IIIIIII", w, h, 8, w * h, 1, 0, 0) + junk
    if fmt == "tiff":
        entries = [(256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 8), (262, 3, 1, 1), (273, 4, 1, 8), (279, 4, 1, 1)]
        ifd = struct.pack("<H", len(entries))
        for tag, typ, count, val in entries:
            ifd += struct.pack("<HHII", tag, typ, count, val)
        return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + junk
    if fmt == "png":
        ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\0" * 4 + junk
    raise AssertionError(fmt)


@pytest.mark.parametrize("fmt", ["pnm", "pam", "pfm", "hdr", "j2k", "jp2", "ras", "tiff", "png"])
def test_every_format_is_sized_before_decoding(fmt):
    data = _declaring(fmt, 20000, 20000)
    assert image_size_from_header(data) == (20000, 20000)
    with pytest.raises(ImageError, match=r"image too large \(20000x20000"):
        decode_image(data)


@pytest.mark.parametrize("ext", [".png", ".jpg", ".bmp", ".tiff", ".webp", ".jp2", ".ppm", ".pgm", ".pam", ".hdr"])
def test_real_files_of_every_format_still_decode(ext):
    img = (np.random.default_rng(3).random((41, 57, 3)) * 255).astype(np.uint8)
    src = img.astype(np.float32) / 255 if ext == ".hdr" else img
    if ext == ".pgm":
        src = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    ok, buf = cv2.imencode(ext, src)
    assert ok
    data = buf.tobytes()
    assert image_size_from_header(data) == (57, 41)
    assert decode_image(data).shape == (41, 57, 3)


def test_unsized_format_is_not_decoded():
    """A format whose size cannot be read from its header is never handed to OpenCV."""
    with pytest.raises(ImageError, match="cannot decode"):
        decode_image(b"\x76\x2f\x31\x01" + b"\0" * 4096)  # OpenEXR magic


def test_multi_page_tiff_is_refused_saying_so(tmp_path):
    pages = [np.full((40, 60), v, np.uint8) for v in (10, 120, 240)]
    ok, buf = cv2.imencodemulti(".tiff", pages)
    assert ok
    p = tmp_path / "three.tiff"
    p.write_bytes(buf.tobytes())
    with pytest.raises(ImageError, match=r"multi-page TIFF \(3 pages\) refused") as info:
        load_image(p)
    assert "\n" not in str(info.value)
    # one page is fine
    ok, one = cv2.imencode(".tiff", pages[1])
    assert decode_image(one.tobytes()).shape == (40, 60, 3)


def test_multi_page_tiff_with_a_huge_second_page_is_refused_as_too_large():
    first = _declaring("tiff", 100, 100)
    # chain a second IFD declaring 20000x20000 after the first
    entries = [(256, 4, 1, 20000), (257, 4, 1, 20000), (258, 3, 1, 8), (262, 3, 1, 1)]
    second_at = len(first)
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, val in entries:
        ifd += struct.pack("<HHII", tag, typ, count, val)
    ifd += struct.pack("<I", 0)
    data = bytearray(first + ifd)
    next_ptr = 8 + 2 + 12 * 6
    data[next_ptr : next_ptr + 4] = struct.pack("<I", second_at)
    with pytest.raises(ImageError, match=r"image too large \(20000x20000"):
        decode_image(bytes(data))


def _noise_jpeg(shape=(600, 800, 3), **params) -> bytes:
    img = cv2.GaussianBlur((np.random.default_rng(5).random(shape) * 255).astype(np.uint8), (0, 0), 1.5)
    flags = [v for kv in params.items() for v in (getattr(cv2, kv[0]), kv[1])]
    ok, buf = cv2.imencode(".jpg", img, flags)
    assert ok
    return buf.tobytes()


@pytest.mark.parametrize("params", [{}, {"IMWRITE_JPEG_PROGRESSIVE": 1}, {"IMWRITE_JPEG_RST_INTERVAL": 4}])
@pytest.mark.parametrize("cut", [0.3, 0.7, 0.95])
def test_truncated_jpeg_with_end_marker_appended_is_corrupt(tmp_path, params, cut):
    data = _noise_jpeg(**params)
    assert decode_image(data).shape == (600, 800, 3)  # the complete file is fine
    p = tmp_path / "cut.jpg"
    p.write_bytes(data[: int(len(data) * cut)] + b"\xff\xd9")
    # plain OpenCV returns a full-size image with a grey bottom
    assert cv2.imdecode(np.frombuffer(p.read_bytes(), np.uint8), cv2.IMREAD_COLOR) is not None
    with pytest.raises(ImageError, match=r"corrupt JPEG|truncated JPEG|cannot decode") as info:
        load_image(p)
    assert "\n" not in str(info.value)
    if not params:
        assert "corrupt JPEG" in str(info.value)


def test_complete_jpegs_with_trailing_bytes_still_decode():
    data = _noise_jpeg()
    assert decode_image(data + b"\0" * 16).shape == (600, 800, 3)
