"""Replay sources read real recordings (MJPG .avi, image folders) through OpenCV."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest
from camhelpers import SIZE, decode_index, make_frame, write_folder, write_video

from archivist_desktop.camera import EndOfStream, ReplaySource, SourceOpenError, frame_problem
from archivist_desktop.camera.sources import image_sequence_pattern


def read_all(src: ReplaySource, limit: int = 1000) -> list:
    """Everything a non-looping source delivers, ``None`` for a corrupt frame."""
    out = []
    while len(out) < limit:
        try:
            ok, frame = src.read()
        except EndOfStream:
            return out
        assert ok, "a replay of an intact recording never fails"
        out.append(None if frame_problem(frame) else frame)
    raise AssertionError("no EndOfStream")


def test_video_file_size_count_order_and_info(tmp_path):
    path = write_video(tmp_path / "desk.avi", 12, fps=25)
    src = ReplaySource(path, loop=False, realtime=False)
    src.open()
    info = src.info
    assert (info.width, info.height) == SIZE
    assert info.fourcc == "MJPG" and info.fps == 25 and info.frame_count == 12
    assert info.backend  # FFMPEG here; MSMF on some Windows builds
    frames = read_all(src)
    src.close()
    assert len(frames) == 12
    assert all(f.shape == (SIZE[1], SIZE[0], 3) and f.dtype == np.uint8 for f in frames)
    assert [decode_index(f) for f in frames] == list(range(12))
    assert src.info is None  # closed


def test_video_loops_and_reopens(tmp_path):
    path = write_video(tmp_path / "loop.avi", 5)
    src = ReplaySource(path, loop=True, realtime=False)
    src.open()
    got = [decode_index(src.read()[1]) for _ in range(12)]
    src.close()
    assert got == [0, 1, 2, 3, 4] * 2 + [0, 1]


def test_replay_is_paced_like_a_camera(tmp_path):
    path = write_video(tmp_path / "paced.avi", 10, fps=40)
    src = ReplaySource(path, loop=False)  # realtime at the file's 40 fps
    src.open()
    t0 = time.monotonic()
    frames = read_all(src)
    elapsed = time.monotonic() - t0
    src.close()
    assert len(frames) == 10
    assert elapsed >= 9 / 40 * 0.9, elapsed
    fast = ReplaySource(path, fps=400, loop=False)  # an explicit rate wins
    fast.open()
    assert fast.info.fps == 400
    fast.close()


def test_image_sequence_reads_through_videocapture(tmp_path):
    write_folder(tmp_path / "seq", range(1, 9))  # 0001.jpg … 0008.jpg
    src = ReplaySource(tmp_path / "seq", loop=False, realtime=False)
    src.open()
    assert src.info.backend == "CV_IMAGES"
    assert src.info.description.endswith("%04d.jpg")
    assert (src.info.width, src.info.height, src.info.frame_count) == (*SIZE, 8)
    assert [decode_index(f) for f in read_all(src)] == list(range(1, 9))
    src.close()


def test_image_sequence_with_gap_and_late_start(tmp_path):
    """OpenCV's sequence reader stops at gaps and only finds starts at 0/1: we reopen past them."""
    write_folder(tmp_path / "seq", [7, 8, 9, 11, 12, 30], name="p{}.png")
    src = ReplaySource(tmp_path / "seq", loop=False, realtime=False)
    src.open()
    assert src.info.backend == "CV_IMAGES"
    assert [decode_index(f) for f in read_all(src)] == [7, 8, 9, 11, 12, 30]
    src.close()


def test_folder_of_unnumbered_names_falls_back_to_file_by_file(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for i, name in enumerate(["c_licence.png", "a_form.jpg", "b_id card.png"]):
        cv2.imwrite(str(folder / name), make_frame(i))
    (folder / "notes.txt").write_text("not an image")
    src = ReplaySource(folder, loop=False, realtime=False)
    src.open()
    assert src.info.backend == "imdecode" and src.info.frame_count == 3
    assert [decode_index(f) for f in read_all(src)] == [1, 2, 0]  # a_, b_, c_
    src.close()


def test_corrupt_images_come_back_as_frames_to_skip(tmp_path):
    paths = write_folder(tmp_path / "bad", range(10))
    paths[3].write_bytes(b"")  # 0-byte file
    data = paths[6].read_bytes()
    paths[6].write_bytes(data[: len(data) // 2])  # truncated JPEG: grey bottom
    paths[8].write_bytes(data[:300])  # headers only: undecodable
    src = ReplaySource(tmp_path / "bad", loop=False, realtime=False)
    src.open()
    frames = read_all(src)
    src.close()
    assert len(frames) == 10
    assert [i for i, f in enumerate(frames) if f is None] == [3, 6, 8]
    assert [decode_index(f) for f in frames if f is not None] == [0, 1, 2, 4, 5, 7, 9]


def test_grey_and_16_bit_images_become_bgr8(tmp_path):
    folder = tmp_path / "kinds"
    folder.mkdir()
    cv2.imwrite(str(folder / "1.png"), cv2.cvtColor(make_frame(1), cv2.COLOR_BGR2GRAY))
    cv2.imwrite(str(folder / "2.png"), make_frame(2).astype(np.uint16) * 257)
    cv2.imwrite(str(folder / "3.png"), cv2.cvtColor(make_frame(3), cv2.COLOR_BGR2BGRA))
    src = ReplaySource(folder, loop=False, realtime=False)
    src.open()
    frames = read_all(src)
    src.close()
    assert [f.shape for f in frames] == [(SIZE[1], SIZE[0], 3)] * 3
    assert all(f.dtype == np.uint8 for f in frames)
    assert [decode_index(f) for f in frames] == [1, 2, 3]


def test_single_image_held_as_a_still_view(tmp_path):
    path = tmp_path / "page.jpg"
    cv2.imwrite(str(path), make_frame(42))
    src = ReplaySource(path, realtime=False, hold=1.0, fps=10)
    src.open()
    frames = [src.read()[1] for _ in range(25)]
    src.close()
    assert all(decode_index(f) == 42 for f in frames)
    assert len({id(f) for f in frames}) == 25  # fresh arrays, safe to keep


def test_hold_repeats_each_image(tmp_path):
    write_folder(tmp_path / "pages", range(3))
    src = ReplaySource(tmp_path / "pages", fps=10, hold=0.3, loop=False, realtime=False)
    src.open()
    assert [decode_index(f) for f in read_all(src)] == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    src.close()


def test_open_errors_are_clear(tmp_path):
    with pytest.raises(SourceOpenError, match="no such file or folder"):
        ReplaySource(tmp_path / "missing.avi").open()
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceOpenError, match="holds no images"):
        ReplaySource(tmp_path / "empty").open()
    (tmp_path / "fake.avi").write_bytes(b"this is not a video" * 10)
    with pytest.raises(SourceOpenError, match="cannot read this video"):
        ReplaySource(tmp_path / "fake.avi").open()
    with pytest.raises(ValueError):
        ReplaySource(tmp_path, fps=0)


def test_vanished_folder_is_a_failed_read(tmp_path):
    import shutil

    write_folder(tmp_path / "seq", range(6))
    src = ReplaySource(tmp_path / "seq", loop=True, realtime=False)
    src.open()
    assert src.read()[0] and src.read()[0]
    shutil.rmtree(tmp_path / "seq")
    assert src.read() == (False, None)
    src.close()
    with pytest.raises(SourceOpenError):
        src.open()


@pytest.mark.parametrize(
    "names,pattern",
    [
        (["0001.jpg", "0002.jpg", "0010.jpg"], "%04d.jpg"),
        (["img_1.png", "img_2.png", "img_10.png"], "img_%d.png"),
        (["p10.png", "p11.png"], "p%02d.png"),
        (["scan2024_001.jpg", "scan2024_002.jpg"], None),  # two digit runs: OpenCV would take 2024
        (["a.jpg", "b.jpg"], None),
        (["x1.jpg", "y2.jpg"], None),
        (["01.jpg", "1.jpg"], None),
        (["100%_1.jpg", "100%_2.jpg"], None),
    ],
)
def test_image_sequence_pattern(names, pattern):
    assert image_sequence_pattern(names) == pattern
