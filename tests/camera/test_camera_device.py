"""The device source and the probe.  No camera here: DeviceSource is driven through a
video file (the same cv2.VideoCapture calls), and a missing device must fail fast."""

from __future__ import annotations

import time

import cv2
import pytest
from camhelpers import SIZE, decode_index, write_video

from archivist_desktop.camera import (
    DeviceSource,
    GrabberState,
    SourceOpenError,
    default_backend,
    list_devices,
    resolve_backend,
)
from archivist_desktop.camera.sources import MSMF_HW_TRANSFORMS_ENV

MISSING_INDEX = 57  # no machine running these tests has 58 cameras


@pytest.mark.parametrize(
    "platform,name,api",
    [
        ("win32", "dshow", cv2.CAP_DSHOW),
        ("linux", "v4l2", cv2.CAP_V4L2),
        ("darwin", "any", cv2.CAP_ANY),
    ],
)
def test_default_backend_per_platform(platform, name, api):
    assert default_backend(platform) == name
    assert resolve_backend("auto", platform) == (name, api)


def test_backend_choices():
    assert resolve_backend("MSMF", "win32") == ("msmf", cv2.CAP_MSMF)
    assert resolve_backend("dshow", "linux") == ("dshow", cv2.CAP_DSHOW)
    assert resolve_backend(cv2.CAP_V4L2) == ("v4l2", cv2.CAP_V4L2)
    with pytest.raises(ValueError, match="unknown camera backend"):
        resolve_backend("directx")


def test_device_source_reads_back_what_is_delivered(tmp_path):
    """The same open/set/read-back path as a camera, on a file: the requested size and
    FOURCC are not honoured, and the info says what really comes."""
    path = write_video(tmp_path / "cam.avi", 6, fps=20)
    src = DeviceSource(str(path), backend="any", width=1920, height=1080, fps=30)
    src.open()
    info = src.info
    assert (info.width, info.height) == SIZE
    assert info.fourcc == "MJPG" and info.fps == 20
    assert info.backend == "FFMPEG" and info.description == f"camera {path}"
    assert "320×240 MJPG 20.0 fps" in info.summary()
    ok, frame = src.read()
    assert ok and frame.shape == (SIZE[1], SIZE[0], 3) and decode_index(frame) == 0
    src.close()
    assert src.info is None and src.read() == (False, None)


def test_missing_device_index_fails_fast_and_clearly():
    t0 = time.monotonic()
    with pytest.raises(SourceOpenError) as err:
        DeviceSource(MISSING_INDEX).open()
    assert time.monotonic() - t0 < 5
    message = str(err.value)
    assert f"camera {MISSING_INDEX}" in message and "Check the USB cable" in message


def test_missing_device_node_fails_fast():
    t0 = time.monotonic()
    with pytest.raises(SourceOpenError, match="/dev/video97"):
        DeviceSource("/dev/video97").open()
    assert time.monotonic() - t0 < 5


def test_msmf_turns_hardware_transforms_off(monkeypatch):
    monkeypatch.delenv(MSMF_HW_TRANSFORMS_ENV, raising=False)
    src = DeviceSource(MISSING_INDEX, backend="msmf")
    with pytest.raises(SourceOpenError):  # no such camera, or (Linux) no MSMF at all
        src.open()
    import os

    assert os.environ[MSMF_HW_TRANSFORMS_ENV] == "0"


def test_bad_device_options():
    with pytest.raises(ValueError, match="FOURCC"):
        DeviceSource(0, fourcc="MJPEG")
    with pytest.raises(ValueError, match="0 or more"):
        DeviceSource(-1)
    with pytest.raises(ValueError, match="width"):
        DeviceSource(0, width=0)
    with pytest.raises(ValueError, match="backend"):
        DeviceSource(0, backend="directx")


def test_grabber_on_a_missing_camera_fails_with_a_message(grabbers):
    g = grabbers(DeviceSource(MISSING_INDEX), reconnect_attempts=2, reconnect_delays=[0.05]).start()
    assert g.wait_for_frame(timeout=5) is None
    assert not g.is_alive
    status = g.status
    assert status.state is GrabberState.FAILED
    assert f"camera {MISSING_INDEX}" in status.message and "2 attempts" in status.message


def test_list_devices_is_bounded_and_never_raises():
    t0 = time.monotonic()
    found = list_devices(max_index=4, time_budget=3)
    assert isinstance(found, list) and time.monotonic() - t0 < 5
    assert all(d.index < 4 and d.spec == str(d.index) for d in found)
    # the index walk used off Linux, and a bad backend name, are safe too
    assert isinstance(list_devices(max_index=3, backend="any", platform="win32", time_budget=2), list)
    assert isinstance(list_devices(max_index=2, backend="nonsense"), list)
