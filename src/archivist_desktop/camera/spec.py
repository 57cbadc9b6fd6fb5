"""Camera SPEC strings (DESIGN.md §7): which camera to use, as typed on the command line.

=====================  =====================================================
SPEC                   meaning
=====================  =====================================================
``0``, ``1``, …        device index (DirectShow/Media Foundation on Windows,
                       V4L2 on Linux)
``/dev/video2``        a Linux video device node; ``/dev/v4l/by-id/…`` and
                       ``/dev/v4l/by-path/…`` (stable names) are accepted too
``replay:PATH``        a video file, an image file or an image folder, read
                       through OpenCV like a live camera
``sim``                the simulated document camera (1280×960)
``sim:WxH``            the simulated camera at W×H pixels, e.g. ``sim:4160x3120``
=====================  =====================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SIM_DEFAULT_SIZE", "SIM_MAX_PIXELS", "CameraSpec", "parse_spec"]

#: Size of ``sim`` without an explicit ``:WxH``, (width, height).
SIM_DEFAULT_SIZE = (1280, 960)
#: Largest simulated frame (pixels); 13 MP cameras are the top of the usual range.
SIM_MAX_PIXELS = 24_000_000
_SIM_MIN_SIDE = 160
_SIM_MAX_SIDE = 8192
_MAX_INDEX = 99

_HELP = (
    "expected a device index (0, 1, …), a device path (/dev/video0), "
    "replay:PATH (video file or image folder), sim or sim:WxH (e.g. sim:1280x960)"
)
_DEVICE_PATH = re.compile(r"^/dev/(video\d+|v4l/by-(id|path)/\S+)$")
_SIZE = re.compile(r"^(\d+)\s*[xX×*]\s*(\d+)$")


@dataclass(frozen=True)
class CameraSpec:
    """A parsed camera SPEC.

    Attributes
    ----------
    kind : {"device", "replay", "sim"}
    index : int or None
        Device index for ``kind == "device"`` given as a number.
    path : str or None
        Device node (``"/dev/video2"``) for a device given by path, or the replay path.
    width, height : int or None
        Simulated frame size for ``kind == "sim"``.
    """

    kind: str
    index: int | None = None
    path: str | None = None
    width: int | None = None
    height: int | None = None

    @classmethod
    def parse(cls, text: str) -> CameraSpec:
        """Same as :func:`parse_spec`."""
        return parse_spec(text)

    @property
    def device(self) -> int | str | None:
        """What ``cv2.VideoCapture`` takes for a device: the index or the node path."""
        if self.kind != "device":
            return None
        return self.index if self.index is not None else self.path

    @property
    def size(self) -> tuple[int, int] | None:
        """``(width, height)`` of a ``sim`` spec."""
        if self.width is None or self.height is None:
            return None
        return (self.width, self.height)

    def __str__(self) -> str:
        if self.kind == "device":
            return str(self.index) if self.index is not None else str(self.path)
        if self.kind == "replay":
            return f"replay:{self.path}"
        if self.size is None or self.size == SIM_DEFAULT_SIZE:
            return "sim"
        return f"sim:{self.width}x{self.height}"


def parse_spec(text: str) -> CameraSpec:
    """Parse a camera SPEC string.

    Parameters
    ----------
    text : str
        ``"0"``, ``"/dev/video2"``, ``"replay:PATH"``, ``"sim"`` or ``"sim:WxH"``.
        Surrounding whitespace is ignored; ``replay`` and ``sim`` are case-insensitive.

    Returns
    -------
    CameraSpec

    Raises
    ------
    ValueError
        With the accepted forms, if ``text`` is none of them.

    Examples
    --------
    >>> parse_spec("1")
    CameraSpec(kind='device', index=1, path=None, width=None, height=None)
    >>> str(parse_spec("SIM:4160x3120"))
    'sim:4160x3120'
    """
    if not isinstance(text, str):
        raise ValueError(f"camera SPEC must be a string, got {type(text).__name__}; {_HELP}")
    s = text.strip()
    if not s:
        raise ValueError(f"empty camera SPEC; {_HELP}")

    if s.isdigit() and s.isascii():
        index = int(s)
        if index > _MAX_INDEX:
            raise ValueError(f"camera index {index} is out of range 0–{_MAX_INDEX}")
        return CameraSpec("device", index=index)
    if s.lstrip("-").isdigit():
        raise ValueError(f"camera index must be 0 or more, got {s!r}")

    if s.startswith("/dev/"):
        if not _DEVICE_PATH.match(s):
            raise ValueError(f"{s!r} is not a video device node (expected /dev/videoN)")
        return CameraSpec("device", path=s)

    head, sep, rest = s.partition(":")
    kind = head.lower()
    if kind == "replay":
        path = rest.strip()
        if not sep or not path:
            raise ValueError("replay needs a path: replay:PATH (a video file or an image folder)")
        return CameraSpec("replay", path=path)
    if kind == "sim":
        if not sep:
            return CameraSpec("sim", width=SIM_DEFAULT_SIZE[0], height=SIM_DEFAULT_SIZE[1])
        m = _SIZE.match(rest.strip())
        if not m:
            raise ValueError(f"bad simulated camera size {rest!r}: expected sim:WxH, e.g. sim:1280x960")
        w, h = int(m.group(1)), int(m.group(2))
        if not (_SIM_MIN_SIDE <= w <= _SIM_MAX_SIDE and _SIM_MIN_SIDE <= h <= _SIM_MAX_SIDE):
            raise ValueError(f"simulated camera size {w}x{h}: each side must be {_SIM_MIN_SIDE}–{_SIM_MAX_SIDE} pixels")
        if w * h > SIM_MAX_PIXELS:
            raise ValueError(
                f"simulated camera size {w}x{h} is {w * h / 1e6:.1f} MP; at most {SIM_MAX_PIXELS / 1e6:.0f} MP"
            )
        return CameraSpec("sim", width=w, height=h)
    raise ValueError(f"unknown camera SPEC {text!r}: {_HELP}")
