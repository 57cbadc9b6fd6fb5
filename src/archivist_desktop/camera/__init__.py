"""Camera layer: frame sources and the grab loop.  NumPy and OpenCV only: no Qt, no other
``archivist_desktop`` package (DESIGN.md §2).

Frames are ``(H, W, 3)`` BGR ``uint8`` arrays; points are ``(x, y)`` in frame pixels.

Typical use (the UI wraps this in a Qt adapter)::

    from archivist_desktop.camera import Grabber, open_source

    grabber = Grabber(open_source("0", width=4160, height=3120),
                      on_frame=..., on_state=...).start()
    number, timestamp, frame = grabber.latest()
    ...
    grabber.stop()
"""

from .base import CameraError, EndOfStream, FrameSource, SourceInfo, SourceOpenError, frame_problem
from .devices import DeviceInfo, list_devices
from .grabber import GrabbedFrame, Grabber, GrabberState, GrabberStats, GrabberStatus
from .sim import SimScene, SimulatedSource
from .sources import DeviceSource, ReplaySource, default_backend, open_source, resolve_backend
from .spec import CameraSpec, parse_spec

__all__ = [
    "CameraError",
    "CameraSpec",
    "DeviceInfo",
    "DeviceSource",
    "EndOfStream",
    "FrameSource",
    "GrabbedFrame",
    "Grabber",
    "GrabberState",
    "GrabberStats",
    "GrabberStatus",
    "ReplaySource",
    "SimScene",
    "SimulatedSource",
    "SourceInfo",
    "SourceOpenError",
    "default_backend",
    "frame_problem",
    "list_devices",
    "open_source",
    "parse_spec",
    "resolve_backend",
]
