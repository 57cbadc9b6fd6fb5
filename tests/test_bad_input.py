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
        # VmHWM: this process's own peak (ru_maxrss would include the forking parent's RSS on Linux)
        try:
            with open("/proc/self/status") as f:
                peak_mb = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024
        except OSError:
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


# --- the work-order feed -------------------------------------------------------------------------


@pytest.fixture
def signed_in(tmp_path, monkeypatch):
    """A station with an admin; ``signed_in()`` → the arguments of a run as the admin (password on stdin)."""
    import io

    from stations import PASSWORD, open_station

    with open_station(tmp_path / "data", users=("admin",)):
        pass

    def as_admin():
        monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
        return ["--user", "admin", "--password-stdin", "--data-dir", str(tmp_path / "data")]

    return as_admin


def _rejected(archive, data) -> list[str]:
    from archivist_desktop.services.orders import FeedError, import_orders, list_work_orders

    with pytest.raises(FeedError) as info:
        import_orders(archive, data)
    assert list_work_orders(archive).total == 0  # nothing imported
    return [str(p) for p in info.value.problems]


def test_a_text_longer_than_its_column_names_record_and_field(archive, feed):
    feed["work_orders"][1]["customer_name"] = "名" * 201
    feed["work_orders"][0]["work_order_no"] = "W" * 41  # also breaks the number pattern: both said
    feed["work_orders"][0]["team"] = "班" * 65
    problems = _rejected(archive, feed)
    assert "work_orders[1].customer_name: 201 characters; at most 200" in problems
    assert "work_orders[0].work_order_no: 41 characters; at most 40" in problems
    assert "work_orders[0].team: 65 characters; at most 64" in problems
    feed["work_orders"][1]["customer_name"] = "名" * 200
    feed["work_orders"][0]["work_order_no"] = "WO202611000123"
    feed["work_orders"][0]["team"] = "班" * 64
    from archivist_desktop.services.orders import import_orders

    assert import_orders(archive, feed).created == 2  # exactly at the limit is fine


def test_nul_characters_are_refused(archive, feed):
    feed["work_orders"][0]["address"] = "杭州\x00市"
    feed["work_orders"][1]["steps"] = [{"step": 1, "completed_at": "2026-11-02T10:00:00+08:00", "no\x00te": 1}]
    problems = _rejected(archive, feed)
    assert "work_orders[0].address: contains a NUL character" in problems
    assert any(p.startswith("work_orders[1].steps[0].no") and "NUL" in p for p in problems)


def test_deep_nesting_is_refused(archive, feed, tmp_path):
    from archivist_desktop.services.orders import MAX_FEED_DEPTH, FeedError, read_feed_file

    deep: dict = {}
    node = deep
    for _ in range(MAX_FEED_DEPTH + 5):
        node["x"] = {}
        node = node["x"]
    feed["work_orders"][0]["extra"] = deep
    assert _rejected(archive, feed) == [f"nested deeper than {MAX_FEED_DEPTH} levels"]
    # a file nested beyond the JSON parser's recursion: one problem, no RecursionError
    bomb = tmp_path / "deep.json"
    bomb.write_text('{"work_orders": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    with pytest.raises(FeedError) as info:
        read_feed_file(bomb)
    assert [str(p) for p in info.value.problems] == [f"nested deeper than {MAX_FEED_DEPTH} levels"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("created_at", "0001-01-01T00:00:00+08:00"),
        ("created_at", "9999-12-31T23:59:59-10:00"),
        ("created_at", "1900-01-01T00:00:00+08:00"),
        ("contract_end", "9999-12-31"),
        ("steps", [{"step": 1, "completed_at": "2999-01-01T00:00:00+08:00"}]),
    ],
)
def test_dates_out_of_range_are_refused(archive, feed, field, value):
    feed["work_orders"][0][field] = value
    problems = _rejected(archive, feed)
    location = "work_orders[0].steps[0].completed_at" if field == "steps" else f"work_orders[0].{field}"
    assert any(p.startswith(location + ":") and "out of range" in p for p in problems), problems


def test_import_orders_cli_lists_the_problem_in_one_line_each(tmp_path, capsys, signed_in):
    from archivist_desktop.cli import main
    from sample_data import sample_feed

    feed = sample_feed()
    feed["work_orders"][1]["customer_name"] = "x" * 201
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed, ensure_ascii=False), encoding="utf-8")
    assert main(["import-orders", str(path), *signed_in()]) == 1
    first, *problems = capsys.readouterr().err.splitlines()
    assert first == "archivist-desktop: 1 problem(s) in the work-order feed"
    assert problems == ["  work_orders[1].customer_name: 201 characters; at most 200"]
    # a binary file
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main(["import-orders", str(path), *signed_in()]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("archivist-desktop: ")


# --- TOML rules files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b'id = "x"\nname_zh = "\xff\xfe"\n', "not UTF-8"),
        (b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "nested too deeply"),
        (b"a = " + b"{b = " * 50_000 + b"1" + b"}" * 50_000 + b"\n", "nested too deeply"),
    ],
)
def test_templates_check_refuses_binary_and_deep_toml_in_one_line(tmp_path, capsys, content, message):
    from archivist_desktop.cli import main

    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    assert main(["templates", "--check", str(path)]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [f"{path}: " + out.out.split(": ", 1)[1].strip()]
    assert message in out.out and "Traceback" not in out.err


def test_resources_loaded_by_load_config_refuse_binary_toml(tmp_path):
    from archivist_desktop.domain.permissions import parse_matrix
    from archivist_desktop.domain.templates import TemplateError
    from archivist_desktop.errors import describe
    from archivist_desktop.services.archive import load_config

    path = tmp_path / "permissions.toml"
    for content in (b"\x00\x01\x02binary", b"a = " + b"[" * 100_000 + b"]" * 100_000):
        path.write_bytes(content)
        with pytest.raises(TemplateError) as info:
            load_config(path, parse_matrix)
        assert "\n" not in describe(info.value) and str(path) in describe(info.value)


# --- a corrupt settings.json -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b'{"station_name": "A", ', b"\xff\xfe\x00garbage", b'["a list"]', b'"text"', b"\x00" * 64]
)
def test_a_corrupt_settings_file_is_kept_as_bad_and_doctor_fails(tmp_path, content, caplog):
    from archivist_desktop.cli import main
    from archivist_desktop.services.archive import Archive
    from archivist_desktop.services.doctor import diagnose
    from archivist_desktop.store.settings import Settings

    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_bytes(content)
    # doctor reads it without moving it, and fails on it
    report = diagnose(data, cameras=False)
    assert not report.ok and report.check("settings").status == "error"
    assert "settings.json is " in report.check("settings").detail
    assert (data / "settings.json").read_bytes() == content
    # the program keeps it as settings.json.bad, says so, and goes on with the defaults
    with caplog.at_level("WARNING"), Archive(data) as archive:
        assert archive.settings["camera"] == "sim"
        assert archive.settings.problem and "kept as settings.json.bad" in archive.settings.problem
    assert "kept as settings.json.bad" in caplog.text
    assert (data / "settings.json.bad").read_bytes() == content  # never reset silently
    report = diagnose(data, cameras=False)
    check = report.check("settings")
    assert not report.ok and check.status == "error" and "settings.json.bad" in check.detail
    assert "\n" not in check.detail
    assert main(["doctor", "--no-cameras", "--data-dir", str(data)]) == 1
    # a second corrupt file does not overwrite the first
    (data / "settings.json").write_bytes(b"{")
    assert Settings.load(data).problem
    assert (data / "settings.json.bad").read_bytes() == content
    assert (data / "settings.json.bad.2").read_bytes() == b"{"
    # once repaired (or deleted), doctor is content again
    (data / "settings.json.bad").unlink()
    (data / "settings.json.bad.2").unlink()
    assert diagnose(data, cameras=False).check("settings").status == "ok"


def test_a_good_settings_file_is_read_and_not_set_aside(tmp_path):
    from archivist_desktop.store.settings import Settings

    data = tmp_path / "data"
    s = Settings.load(data)
    s.set("station_name", "窗口一")
    s.save()
    again = Settings.load(data)
    assert again["station_name"] == "窗口一" and again.problem is None
    assert not list(data.glob("settings.json.bad*"))


# --- a read-only or full data directory ------------------------------------------------------------


def _cli(data: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "archivist_desktop", *args, "--data-dir", str(data)]
    return subprocess.run(cmd, capture_output=True, text=True, input=stdin, timeout=120)


@pytest.fixture
def small_disk(tmp_path):
    """A 20 MB file system of its own (tmpfs; needs root), unmounted afterwards."""
    import os

    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("mount is not permitted here")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def _station_with_a_page_file(root: Path) -> tuple[Path, Path]:
    from sample_data import sample_feed
    from stations import open_station

    data = root / "data"
    with open_station(data, users=("clerk",), feed=sample_feed()):
        pass
    page = root.parent / "page.jpg"
    img = np.full((1200, 900, 3), 255, np.uint8)
    cv2.putText(img, "PAGE 1", (100, 600), cv2.FONT_HERSHEY_SIMPLEX, 5, (0, 0, 0), 8)
    cv2.imwrite(str(page), img)
    return data, page


def _assert_one_line_storage_error(out: subprocess.CompletedProcess) -> None:
    assert out.returncode == 1, (out.returncode, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("archivist-desktop: cannot ") and "nothing was saved" in lines[0], lines[0]
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr


def test_read_only_and_full_data_dir_are_one_line_each(small_disk):
    from stations import PASSWORD

    data, page = _station_with_a_page_file(small_disk)
    attach = ("attach", "--work-order", "WO202611000123", "--document", "application_form", "--user", "clerk")
    attach = (*attach, "--late-reason", "补录测试", "--password-stdin", str(page))
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        _assert_one_line_storage_error(_cli(data, *attach, stdin=PASSWORD + "\n"))
        _assert_one_line_storage_error(_cli(data, "verify"))
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    with open(small_disk / "fill", "wb") as fh:  # fill the disk
        try:
            while True:
                fh.write(b"\0" * (1 << 16))
        except OSError:
            pass
    _assert_one_line_storage_error(_cli(data, *attach, stdin=PASSWORD + "\n"))
    (small_disk / "fill").unlink()
    # room again: the same attach works, and nothing half-written was left behind
    out = _cli(data, *attach, stdin=PASSWORD + "\n")
    assert out.returncode == 0, out.stderr
    assert _cli(data, "verify").returncode == 0


def test_storage_errors_are_recognised_through_wrappers():
    import errno
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from archivist_desktop.errors import StorageError, as_storage_error, describe, is_known

    wrapped = OperationalError("INSERT …", {}, sqlite3.OperationalError("attempt to write a readonly database"))
    storage = as_storage_error(wrapped)
    assert isinstance(storage, StorageError) and is_known(storage)
    assert describe(storage) == "cannot use the station's database: the database is read-only (a read-only data " \
        "directory?); nothing was saved"  # fmt: skip
    try:
        try:
            raise OSError(errno.EROFS, "Read-only file system", "/x/pages/ab.jpg")
        except OSError as exc:
            raise RuntimeError("while saving") from exc
    except RuntimeError as chained:
        assert describe(as_storage_error(chained)) == "cannot write /x/pages/ab.jpg: the file system is read-only; " \
            "nothing was saved"  # fmt: skip
    assert as_storage_error(OSError(errno.ENOENT, "No such file")) is None


# --- keyring, central password, TLS ----------------------------------------------------------------


@pytest.fixture
def keyring_backend():
    """``keyring_backend(instance)`` for this test; the previous backend is restored afterwards."""
    import keyring

    before = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(before)


def test_a_missing_keyring_is_one_line(keyring_backend):
    from keyring.backends import fail

    from archivist_desktop.errors import describe
    from archivist_desktop.sync.central import CentralError, parse_url, store_password

    keyring_backend(fail.Keyring())
    with pytest.raises(CentralError) as info:
        store_password(parse_url("postgresql://station@db.example.org/archive"), "secret")
    message = describe(info.value)
    assert message.startswith("the password cannot be kept: no usable keyring (Keyring: ")
    assert "\n" not in message and "secret" not in message


def test_doctor_warns_about_the_plaintext_keyring(tmp_path, keyring_backend):
    from keyring.backends import fail
    from keyrings.alt.file import PlaintextKeyring

    from archivist_desktop.services.doctor import check_keyring

    keyring_backend(PlaintextKeyring())
    check = check_keyring()
    assert check.status == "warning" and not check.essential
    assert "PlaintextKeyring" in check.detail and "tests only" in check.detail
    keyring_backend(fail.Keyring())
    assert check_keyring().status == "warning" and "no usable keyring" in check_keyring().detail


def _connect_params(url: str, **kwargs) -> dict:
    """The parameters psycopg would be called with (SQLAlchemy's do_connect event; the connection is not made)."""
    from sqlalchemy import event

    from archivist_desktop.sync.central import connect

    engine = connect(url, password="x", **kwargs)
    seen: dict = {}

    @event.listens_for(engine, "do_connect")
    def _capture(dialect, record, cargs, cparams):
        seen.update(cparams)
        raise ConnectionAbortedError("captured")

    with pytest.raises(Exception, match="captured"):
        engine.connect()
    engine.dispose()
    return seen


def test_tls_is_required_for_a_central_database_over_the_network():
    assert _connect_params("postgresql://station@db.example.org/archive")["sslmode"] == "require"
    assert _connect_params("postgresql://station@10.1.2.3:5433/archive")["sslmode"] == "require"
    # this machine: no default (a local socket or loopback is not the network)
    for local in (
        "postgresql://station@127.0.0.1/archive",
        "postgresql://station@localhost/a",
        "postgresql://s@[::1]/a",
    ):
        assert "sslmode" not in _connect_params(local), local
    # the setting and the URL win
    assert _connect_params("postgresql://s@db.example.org/a", sslmode="verify-full")["sslmode"] == "verify-full"
    assert _connect_params("postgresql://s@db.example.org/a?sslmode=disable")["sslmode"] == "disable"


@pytest.fixture(scope="module")
def pg():
    from pgserver import PgServer

    server = PgServer()
    server.init()
    server.start()
    yield server
    server.cleanup()


def test_a_wrong_central_password_is_exit_1_password_refused(pg, tmp_path, monkeypatch):
    import io

    from archivist_desktop.cli import main
    from archivist_desktop.services.sync import open_central
    from archivist_desktop.sync.central import PasswordRefused, is_auth_failure
    from pgserver import PgServer

    url = pg.url(PgServer.SUPERUSER, None)
    with pytest.raises(PasswordRefused, match="password refused") as info:
        open_central(url, password="wrong-password")
    assert is_auth_failure(info.value.__cause__)
    assert "wrong-password" not in str(info.value)
    with pytest.raises(PasswordRefused):
        open_central(pg.url("nobody_here", None), password="x")  # an unknown user is refused the same way
    data = tmp_path / "data"
    monkeypatch.setattr(sys, "stdin", io.StringIO("wrong-password\n"))
    argv = ["central", "login", "--url", url, "--user", PgServer.SUPERUSER, "--password-stdin", "--data-dir", str(data)]
    assert main(argv) == 1
    # …while a server that is not there is still exit 2 (cannot reach)
    down = f"postgresql://{PgServer.SUPERUSER}@127.0.0.1:1/postgres"
    monkeypatch.setattr(sys, "stdin", io.StringIO("any\n"))
    assert main(["central", "login", "--url", down, "--user", PgServer.SUPERUSER, "--password-stdin",
                 "--data-dir", str(data)]) == 2  # fmt: skip


def test_wrong_password_message_on_the_command_line(pg, tmp_path):
    from pgserver import PgServer

    out = _cli(
        tmp_path / "data",
        "central", "login", "--url", pg.url(PgServer.SUPERUSER, None), "--user", PgServer.SUPERUSER,
        "--password-stdin",
        stdin="wrong-password\n",
    )  # fmt: skip
    assert out.returncode == 1, out.stderr
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith("archivist-desktop: password refused by the central database") and "wrong" not in line


def test_central_init_with_a_wrong_administrator_password_says_password_refused(pg, tmp_path):
    from pgserver import PgServer

    out = _cli(
        tmp_path / "data",
        "central", "init", "--url", pg.url(PgServer.SUPERUSER, None), "--password-stdin",
        stdin="wrong-password\n",
    )  # fmt: skip
    assert out.returncode == 1, out.stderr
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith("archivist-desktop: password refused by the central database") and "wrong" not in line
    down = _cli(
        tmp_path / "data",
        "central", "init", "--url", f"postgresql://{PgServer.SUPERUSER}@127.0.0.1:1/postgres", "--password-stdin",
        stdin="any\n",
    )  # fmt: skip
    assert down.returncode == 2 and "cannot reach" in down.stderr, down.stderr


def test_doctor_and_the_first_run_test_say_password_refused(pg):
    from archivist_desktop.services.doctor import parse_central_login, try_central_login
    from pgserver import PgServer

    login = parse_central_login(pg.url(PgServer.SUPERUSER, None), PgServer.SUPERUSER)
    check = try_central_login(login, "wrong-password")
    assert check.status == "warning" and check.data["password_refused"] is True
    assert check.detail.startswith("password refused by ") and "wrong-password" not in check.detail
    assert try_central_login(login, PgServer.PASSWORD).data["reachable"] is True
