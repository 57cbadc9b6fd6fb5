"""What every frame source shares: the protocol, its info record, errors, pacing, frame checks.

Conventions of the whole camera layer
-------------------------------------
* Frames are NumPy ``uint8`` arrays of shape ``(H, W, 3)`` in OpenCV's **BGR** channel order.
* Points and sizes are **(x, y)** / **(width, height)** in frame pixels, as OpenCV takes
  them; array indexing is ``frame[y, x]``.
* Times are ``time.monotonic()`` seconds.
* Nothing here imports Qt or another ``archivist_desktop`` package but the stdlib-only
  ``archivist_desktop.errors`` (DESIGN.md §2).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

from archivist_desktop.errors import KnownError

__all__ = [
    "CameraError",
    "EndOfStream",
    "FrameSource",
    "Pacer",
    "SourceInfo",
    "SourceOpenError",
    "fourcc_code",
    "fourcc_to_str",
    "frame_problem",
]


class CameraError(KnownError):
    """A camera problem caused by the environment (device missing, file gone, in use …).

    Not a bug: the message is written for the person at the desk and can be shown as is.
    """


class SourceOpenError(CameraError):
    """A frame source could not be opened; the message says which and why."""


class EndOfStream(CameraError):
    """A finite source (a non-looping replay) has delivered its last frame.

    Raised by :meth:`FrameSource.read`; the grabber then ends instead of reconnecting.
    """


@dataclass(frozen=True)
class SourceInfo:
    """What a source really delivers, read back after opening.

    Attributes
    ----------
    width, height : int
        Delivered frame size in pixels (after the first frame: the frame's real shape).
    fourcc : str
        Four-character pixel format / codec the device or file reports (``"MJPG"``,
        ``"YUYV"`` …); ``""`` when the backend does not say.
    fps : float
        Frame rate the device or file reports (or the replay pacing rate); 0.0 when unknown.
        The rate really achieved is measured by the grabber (:attr:`GrabberStats.fps`).
    backend : str
        OpenCV backend name (``"DSHOW"``, ``"MSMF"``, ``"V4L2"``, ``"FFMPEG"``,
        ``"CV_IMAGES"``), ``"imdecode"`` for the file-by-file folder reader, ``"SIM"`` for
        the simulated camera.
    description : str
        Human-readable name of the source (``"camera 0"``, ``"replay of scans/"`` …).
    frame_count : int or None
        Number of frames of a finite recording, ``None`` for live sources.
    """

    width: int
    height: int
    fourcc: str
    fps: float
    backend: str
    description: str
    frame_count: int | None = None

    def summary(self) -> str:
        """One line for a status bar, e.g. ``"1280×960 MJPG 15.0 fps (DSHOW)"``."""
        parts = [f"{self.width}×{self.height}"]
        if self.fourcc:
            parts.append(self.fourcc)
        if self.fps > 0:
            parts.append(f"{self.fps:.1f} fps")
        return " ".join(parts) + f" ({self.backend})"


@runtime_checkable
class FrameSource(Protocol):
    """A camera-like source of BGR frames.

    A source is opened, read repeatedly, closed, and may be opened again (that is how
    the grabber reconnects).  Sources are not thread-safe: one thread (the grab thread)
    calls all of their methods.

    Attributes
    ----------
    name : str
        Human-readable name, usable before :meth:`open` (``"camera 0"``).
    info : SourceInfo or None
        What the source delivers; ``None`` while closed.
    """

    name: str

    @property
    def info(self) -> SourceInfo | None: ...

    def open(self) -> None:
        """Open (or reopen) the source.

        Raises
        ------
        SourceOpenError
            With a message for the user when the device or file cannot be opened.
        """

    def read(self) -> tuple[bool, np.ndarray | None]:
        """Return the next frame, blocking at most about one frame interval.

        Returns
        -------
        ok : bool
            ``False`` when the source failed (device unplugged, file gone).
        frame : ndarray or None
            ``(H, W, 3)`` BGR ``uint8``, a fresh array the caller may keep.  May be
            ``None`` or damaged even when ``ok`` is true (a corrupt frame to skip).

        Raises
        ------
        EndOfStream
            A finite source has no more frames.
        """

    def close(self) -> None:
        """Release the device or file; safe to call when already closed."""


def frame_problem(frame: object) -> str | None:
    """Say why a frame is unusable, or return ``None`` for a good frame.

    A good frame is a non-empty ``(H, W, 3)`` ``uint8`` array that is neither all black
    (a camera warming up, a dropped USB transfer) nor a truncated JPEG (libjpeg fills the
    missing bottom rows with mid-grey ``128``: the last row is then exactly 128 in every
    channel).  Cheap: a strided sample first, the full array only when the sample is black.

    Parameters
    ----------
    frame : object
        Whatever a source's ``read()`` returned.

    Returns
    -------
    str or None
        A short reason (``"no frame"``, ``"all black"``, ``"truncated JPEG"`` …) or ``None``.

    Examples
    --------
    >>> import numpy as np
    >>> frame_problem(np.zeros((4, 4, 3), np.uint8))
    'all black'
    >>> frame_problem(np.full((4, 4, 3), 200, np.uint8)) is None
    True
    """
    if frame is None:
        return "no frame"
    if not isinstance(frame, np.ndarray):
        return f"not an array ({type(frame).__name__})"
    if frame.dtype != np.uint8:
        return f"wrong dtype {frame.dtype}"
    if frame.ndim != 3 or frame.shape[2] != 3:
        return f"wrong shape {frame.shape}"
    if frame.shape[0] < 2 or frame.shape[1] < 2:
        return f"too small {frame.shape}"
    step = max(1, min(frame.shape[0], frame.shape[1]) // 64)
    if not frame[::step, ::step].any() and not frame.any():
        return "all black"
    last = frame[-1]
    if last.min() == 128 and last.max() == 128:
        return "truncated JPEG"
    return None


def fourcc_to_str(value: float | int) -> str:
    """Decode OpenCV's ``CAP_PROP_FOURCC`` number into its four characters.

    Returns ``""`` for 0, NaN or non-printable codes.

    >>> fourcc_to_str(1196444237)
    'MJPG'
    """
    try:
        if value is None or math.isnan(value):
            return ""
        code = int(value)
    except (TypeError, ValueError, OverflowError):
        return ""
    if code <= 0:
        return ""
    text = "".join(chr((code >> (8 * i)) & 0xFF) for i in range(4))
    if not all(32 <= ord(c) < 127 for c in text):
        return ""
    return text.rstrip("\x00")


def fourcc_code(text: str) -> int:
    """Encode a four-character code (``"MJPG"``) as OpenCV's integer.

    Raises
    ------
    ValueError
        If ``text`` is not four printable ASCII characters.
    """
    if len(text) != 4 or not all(32 <= ord(c) < 127 for c in text):
        raise ValueError(f"a FOURCC is four ASCII characters, e.g. 'MJPG'; got {text!r}")
    return sum(ord(c) << (8 * i) for i, c in enumerate(text))


class Pacer:
    """Release frames at a steady rate, as a live camera does.

    ``wait()`` sleeps until the next frame is due.  A consumer that falls more than one
    frame behind is not paid back with a burst: the schedule restarts from now, the way a
    camera drops the frames nobody took.

    Parameters
    ----------
    fps : float
        Frames per second; ``<= 0`` disables pacing.
    clock, sleep : callable
        Injected for tests; default ``time.monotonic`` and ``time.sleep``.
    """

    def __init__(
        self, fps: float, *, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ):
        self.period = 1.0 / fps if fps and fps > 0 else 0.0
        self._clock = clock
        self._sleep = sleep
        self._next: float | None = None

    def reset(self) -> None:
        """Forget the schedule (after reopening a source)."""
        self._next = None

    def wait(self) -> None:
        """Sleep until the next frame is due."""
        if self.period <= 0:
            return
        now = self._clock()
        if self._next is None:
            self._next = now
        delay = self._next - now
        if delay > 0:
            self._sleep(delay)
        elif delay < -self.period:
            self._next = now
        self._next += self.period
