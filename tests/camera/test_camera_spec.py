"""Camera SPEC parsing (DESIGN.md §7)."""

from __future__ import annotations

import pytest

from archivist_desktop.camera import (
    CameraSpec,
    DeviceSource,
    FrameSource,
    ReplaySource,
    SimulatedSource,
    open_source,
    parse_spec,
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("0", CameraSpec("device", index=0)),
        ("1", CameraSpec("device", index=1)),
        (" 12 ", CameraSpec("device", index=12)),
        ("/dev/video2", CameraSpec("device", path="/dev/video2")),
        (
            "/dev/v4l/by-id/usb-Doc_Cam-video-index0",
            CameraSpec("device", path="/dev/v4l/by-id/usb-Doc_Cam-video-index0"),
        ),
        ("replay:/data/scans", CameraSpec("replay", path="/data/scans")),
        ("replay:C:\\videos\\desk.avi", CameraSpec("replay", path="C:\\videos\\desk.avi")),
        ("REPLAY:rel/path with spaces.avi", CameraSpec("replay", path="rel/path with spaces.avi")),
        ("sim", CameraSpec("sim", width=1280, height=960)),
        ("Sim:4160x3120", CameraSpec("sim", width=4160, height=3120)),
        ("sim:640X480", CameraSpec("sim", width=640, height=480)),
    ],
)
def test_valid_specs(text, expected):
    assert parse_spec(text) == expected
    assert CameraSpec.parse(text) == expected
    assert parse_spec(str(expected)) == expected  # str() round-trips


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-1", "0 or more"),
        ("100", "out of range"),
        ("/dev/sda", "not a video device"),
        ("/dev/video", "not a video device"),
        ("replay:", "needs a path"),
        ("replay", "needs a path"),
        ("sim:", "bad simulated camera size"),
        ("sim:big", "bad simulated camera size"),
        ("sim:10x10", "each side"),
        ("sim:8000x8000", "MP"),
        ("usb", "unknown camera SPEC"),
        ("http://cam/stream", "unknown camera SPEC"),
        ("C:\\video.avi", "unknown camera SPEC"),
    ],
)
def test_bad_specs_say_what_is_expected(text, fragment):
    with pytest.raises(ValueError, match=fragment) as err:
        parse_spec(text)
    assert text.strip() in str(err.value) or fragment in str(err.value)


def test_non_string_spec():
    with pytest.raises(ValueError, match="string"):
        parse_spec(0)  # type: ignore[arg-type]


def test_spec_properties():
    assert parse_spec("3").device == 3
    assert parse_spec("/dev/video1").device == "/dev/video1"
    assert parse_spec("sim").device is None
    assert parse_spec("sim:800x600").size == (800, 600)
    assert str(parse_spec("sim:1280x960")) == "sim"


def test_open_source_picks_the_class_and_does_not_open(tmp_path):
    dev = open_source("0", width=4160, height=3120, backend="any")
    assert isinstance(dev, DeviceSource) and dev.info is None
    assert (dev.device, dev.width, dev.height, dev.backend_name) == (0, 4160, 3120, "any")
    rep = open_source(f"replay:{tmp_path}", fps=5, loop=False)
    assert isinstance(rep, ReplaySource) and not rep.loop and rep.fps_override == 5
    sim = open_source("sim:640x480", seed=3)
    assert isinstance(sim, SimulatedSource) and (sim.width, sim.height, sim.seed) == (640, 480, 3)
    assert (open_source("sim", width=800, height=600).width, open_source("sim").width) == (800, 1280)
    assert all(isinstance(s, FrameSource) for s in (dev, rep, sim))
    with pytest.raises(ValueError):
        open_source("nonsense")
