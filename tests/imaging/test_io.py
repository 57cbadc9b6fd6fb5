import struct
import zlib

import cv2
import numpy as np
import pytest

from archivist_desktop.imaging import ImageError, as_bgr8, load_image
from archivist_desktop.imaging.io import decode_image, image_size_from_header


def _png_bytes(img):
    ok, buf = cv2.imencode(".png", img)
    assert ok
    return buf.tobytes()


def _huge_png(w, h):
    """A valid 1-bit grey PNG of w x h pixels (tiny on disk)."""

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x00" * ((w + 7) // 8)
    comp = zlib.compressobj(9)
    raw = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", raw)
        + chunk(b"IEND", b"")
    )


def test_empty_file(tmp_path):
    p = tmp_path / "empty.jpg"
    p.write_bytes(b"")
    with pytest.raises(ImageError, match="empty file"):
        load_image(p)


def test_missing_file(tmp_path):
    with pytest.raises(ImageError, match="no such file"):
        load_image(tmp_path / "nope.png")


def test_not_an_image(tmp_path):
    p = tmp_path / "notes.jpg"
    p.write_text("this is not a picture")
    with pytest.raises(ImageError, match="cannot decode"):
        load_image(p)


def test_truncated_jpeg(tmp_path):
    img = (np.random.default_rng(0).random((200, 300, 3)) * 255).astype(np.uint8)
    _ok, buf = cv2.imencode(".jpg", img)
    data = buf.tobytes()
    p = tmp_path / "cut.jpg"
    p.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(ImageError, match="truncated JPEG"):
        load_image(p)
    p.write_bytes(data)
    assert load_image(p).shape == (200, 300, 3)


def test_truncated_png(tmp_path):
    data = _png_bytes(np.full((50, 60, 3), 128, np.uint8))
    p = tmp_path / "cut.png"
    p.write_bytes(data[:-20])
    with pytest.raises(ImageError):
        load_image(p)


def test_one_pixel_image_is_refused(tmp_path):
    p = tmp_path / "dot.png"
    p.write_bytes(_png_bytes(np.zeros((1, 1, 3), np.uint8)))
    with pytest.raises(ImageError, match="too small"):
        load_image(p)


def test_100_megapixel_image_refused_before_decoding(tmp_path):
    p = tmp_path / "huge.png"
    p.write_bytes(_huge_png(10_000, 10_000))
    assert p.stat().st_size < 200_000
    assert image_size_from_header(p.read_bytes()) == (10_000, 10_000)
    with pytest.raises(ImageError, match="too large"):
        load_image(p)


def test_limit_is_a_parameter(tmp_path):
    p = tmp_path / "a.png"
    p.write_bytes(_png_bytes(np.zeros((100, 100, 3), np.uint8)))
    with pytest.raises(ImageError, match="too large"):
        load_image(p, max_pixels=5000)


def test_sixteen_bit_and_grey_inputs(tmp_path):
    g16 = (np.arange(64 * 64, dtype=np.uint32).reshape(64, 64) * 16).astype(np.uint16)
    p = tmp_path / "g16.png"
    p.write_bytes(_png_bytes(g16))
    img = load_image(p)
    assert img.dtype == np.uint8 and img.shape == (64, 64, 3)
    np.testing.assert_array_equal(img[:, :, 0], (g16 >> 8).astype(np.uint8))
    g8 = np.tile(np.arange(64, dtype=np.uint8), (64, 1))
    p2 = tmp_path / "g8.png"
    p2.write_bytes(_png_bytes(g8))
    img2 = load_image(p2)
    assert img2.shape == (64, 64, 3)
    np.testing.assert_array_equal(img2[:, :, 1], g8)


@pytest.mark.parametrize(
    "shape,dtype",
    [
        ((20, 30), np.uint8),
        ((20, 30), np.uint16),
        ((20, 30, 1), np.uint8),
        ((20, 30, 3), np.uint16),
        ((20, 30, 4), np.uint8),
        ((20, 30, 3), np.float32),
    ],
)
def test_as_bgr8_shapes_and_dtypes(shape, dtype):
    src = np.ones(shape, dtype)
    before = src.copy()
    out = as_bgr8(src)
    assert out.shape == (20, 30, 3) and out.dtype == np.uint8
    np.testing.assert_array_equal(src, before)


@pytest.mark.parametrize(
    "bad", [np.zeros((5, 5, 2), np.uint8), np.zeros((0, 4), np.uint8), np.zeros((4, 4), np.int64), "img"]
)
def test_as_bgr8_rejects(bad):
    with pytest.raises(ValueError):
        as_bgr8(bad)


def test_header_sizes_for_common_formats():
    img = np.zeros((37, 53, 3), np.uint8)
    for ext in (".png", ".jpg", ".bmp", ".tiff", ".webp"):
        ok, buf = cv2.imencode(ext, img)
        assert ok
        assert image_size_from_header(buf.tobytes()) == (53, 37), ext
    assert decode_image(cv2.imencode(".webp", img)[1].tobytes()).shape == (37, 53, 3)
