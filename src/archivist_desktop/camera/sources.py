"""Frame sources: a real device, a replayed recording, the simulated camera; and the factory.

All three deliver ``(H, W, 3)`` BGR ``uint8`` frames (see :mod:`.base` for the
conventions) and are read by one :class:`~archivist_desktop.camera.grabber.Grabber`
thread.  Device and replay sources read through ``cv2.VideoCapture``, so a replay
exercises the same OpenCV read path as a camera.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path

import cv2
import numpy as np

from .base import (
    EndOfStream,
    FrameSource,
    Pacer,
    SourceInfo,
    SourceOpenError,
    fourcc_code,
    fourcc_to_str,
)
from .sim import SimulatedSource
from .spec import SIM_DEFAULT_SIZE, CameraSpec, parse_spec

__all__ = [
    "BACKENDS",
    "IMAGE_SUFFIXES",
    "MSMF_HW_TRANSFORMS_ENV",
    "DeviceSource",
    "ReplaySource",
    "SimulatedSource",
    "default_backend",
    "open_source",
    "resolve_backend",
]

log = logging.getLogger(__name__)

#: Backend names accepted by :class:`DeviceSource` and :func:`resolve_backend`.
BACKENDS: dict[str, int] = {
    "any": cv2.CAP_ANY,
    "dshow": cv2.CAP_DSHOW,
    "msmf": cv2.CAP_MSMF,
    "v4l2": cv2.CAP_V4L2,
    "ffmpeg": cv2.CAP_FFMPEG,
}
if hasattr(cv2, "CAP_AVFOUNDATION"):
    BACKENDS["avfoundation"] = cv2.CAP_AVFOUNDATION

#: Media Foundation's hardware transforms make many USB cameras open slowly (seconds)
#: or deliver at reduced rates; OpenCV reads this variable once, before its first MSMF
#: capture, so we set it at import on Windows and again before opening with MSMF.
MSMF_HW_TRANSFORMS_ENV = "OPENCV_VIDEOIO_MSMF_ENABLE_HW_TRANSFORMS"

#: File name endings read as still images by the replay source.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".jp2", ".pgm", ".ppm")

#: Replay pacing when the file does not say its frame rate (image folders).
DEFAULT_REPLAY_FPS = 15.0


def _disable_msmf_hw_transforms() -> None:
    os.environ[MSMF_HW_TRANSFORMS_ENV] = "0"


if sys.platform == "win32":  # before any capture of this process exists
    _disable_msmf_hw_transforms()


def default_backend(platform: str | None = None) -> str:
    """The backend a device is opened with when none is chosen.

    Windows: ``"dshow"`` (DirectShow: fast to open, honours MJPG and the frame size);
    Linux: ``"v4l2"``; elsewhere ``"any"``.

    Parameters
    ----------
    platform : str, optional
        A ``sys.platform`` value; default the running one.
    """
    platform = sys.platform if platform is None else platform
    if platform == "win32":
        return "dshow"
    if platform.startswith("linux"):
        return "v4l2"
    return "any"


def resolve_backend(name: str | int = "auto", platform: str | None = None) -> tuple[str, int]:
    """Turn a backend choice into ``(name, cv2.CAP_* constant)``.

    Parameters
    ----------
    name : str or int
        ``"auto"`` (the platform default, see :func:`default_backend`), one of
        :data:`BACKENDS` (``"dshow"``, ``"msmf"``, ``"v4l2"``, ``"any"`` …), or a
        ``cv2.CAP_*`` integer.
    platform : str, optional
        A ``sys.platform`` value; default the running one.

    Raises
    ------
    ValueError
        For an unknown name.
    """
    if isinstance(name, int):
        for key, value in BACKENDS.items():
            if value == name:
                return key, value
        return f"api{name}", name
    key = str(name).strip().lower()
    if key in ("", "auto", "default"):
        key = default_backend(platform)
    if key not in BACKENDS:
        raise ValueError(f"unknown camera backend {name!r}; choose auto, {', '.join(BACKENDS)}")
    return key, BACKENDS[key]


def _backend_available(api: int) -> bool:
    if api == cv2.CAP_ANY:
        return True
    try:
        return bool(cv2.videoio_registry.hasBackend(api))
    except Exception:  # noqa: BLE001 - an old binding without the registry: just try
        return True


def _as_bgr8(img: np.ndarray | None) -> np.ndarray | None:
    """Bring a decoded image to BGR ``uint8``; ``None`` if it cannot be."""
    if img is None or not isinstance(img, np.ndarray) or img.size == 0:
        return None
    if img.dtype == np.uint16:
        img = (img >> 8).astype(np.uint8)
    elif img.dtype != np.uint8:
        return None
    if img.ndim == 2:
        return cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    if img.ndim == 3 and img.shape[2] == 1:
        return cv2.cvtColor(img[:, :, 0], cv2.COLOR_GRAY2BGR)
    if img.ndim == 3 and img.shape[2] == 4:
        return cv2.cvtColor(img, cv2.COLOR_BGRA2BGR)
    if img.ndim == 3 and img.shape[2] == 3:
        return img
    return None


def _read_props(
    cap: cv2.VideoCapture, description: str, *, fps: float | None = None, frame_count: int | None = None
) -> SourceInfo:
    reported_fps = cap.get(cv2.CAP_PROP_FPS)
    if not reported_fps or reported_fps != reported_fps or reported_fps < 0:
        reported_fps = 0.0
    try:
        backend = cap.getBackendName()
    except cv2.error:
        backend = "unknown"
    return SourceInfo(
        width=int(cap.get(cv2.CAP_PROP_FRAME_WIDTH) or 0),
        height=int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT) or 0),
        fourcc=fourcc_to_str(cap.get(cv2.CAP_PROP_FOURCC)),
        fps=float(fps if fps is not None else reported_fps),
        backend=backend,
        description=description,
        frame_count=frame_count,
    )


def _with_frame_size(info: SourceInfo | None, frame: np.ndarray) -> SourceInfo | None:
    """The info with the frame's real size, when the backend reported another one."""
    if info is None or frame is None or frame.ndim < 2:
        return info
    h, w = frame.shape[:2]
    if (w, h) == (info.width, info.height):
        return info
    return SourceInfo(w, h, info.fourcc, info.fps, info.backend, info.description, info.frame_count)


# --------------------------------------------------------------------------------------
# a real device


class DeviceSource:
    """A camera through ``cv2.VideoCapture(index_or_path, backend)``.

    Opening sets, in this order, the FOURCC (``MJPG`` by default: USB 2 cameras give
    their high resolutions only compressed), the frame width and height, the frame
    rate and a one-frame driver buffer (where the backend supports it), then reads back
    what the camera really accepted; the first frame read corrects the size if the
    driver reported something else.

    Parameters
    ----------
    device : int or str
        Device index (``0``) or device node (``"/dev/video2"``).  Any string OpenCV
        accepts works, which is how the tests feed a video file through this class.
    backend : str or int, default "auto"
        ``"auto"`` = DirectShow on Windows, V4L2 on Linux, any elsewhere;
        ``"msmf"`` selects Media Foundation with hardware transforms off.
        See :func:`resolve_backend`.
    width, height : int, optional
        Requested frame size in pixels; ``None`` keeps the camera's default.
    fps : float, optional
        Requested frame rate.
    fourcc : str or None, default "MJPG"
        Requested pixel format; ``None`` keeps the camera's default.
    buffer_size : int or None, default 1
        ``CAP_PROP_BUFFERSIZE`` (frames queued in the driver); ``None`` leaves it.
    """

    def __init__(
        self,
        device: int | str,
        *,
        backend: str | int = "auto",
        width: int | None = None,
        height: int | None = None,
        fps: float | None = None,
        fourcc: str | None = "MJPG",
        buffer_size: int | None = 1,
    ):
        if isinstance(device, bool) or not isinstance(device, (int, str)):
            raise ValueError(f"device must be an index or a path, got {device!r}")
        if isinstance(device, int) and device < 0:
            raise ValueError(f"device index must be 0 or more, got {device}")
        for label, value in (("width", width), ("height", height)):
            if value is not None and (not isinstance(value, int) or value <= 0):
                raise ValueError(f"{label} must be a positive integer, got {value!r}")
        if fps is not None and not fps > 0:
            raise ValueError(f"fps must be positive, got {fps!r}")
        self._fourcc = fourcc_code(fourcc) if fourcc else None  # validates early
        self.device = device
        self.backend_name, self.api = resolve_backend(backend)
        self.width, self.height, self.fps = width, height, fps
        self.fourcc = fourcc
        self.buffer_size = buffer_size
        self.name = f"camera {device}"
        self._cap: cv2.VideoCapture | None = None
        self._info: SourceInfo | None = None

    @property
    def info(self) -> SourceInfo | None:
        return self._info

    def open(self) -> None:
        self.close()
        if self.api == cv2.CAP_MSMF:
            _disable_msmf_hw_transforms()
        if not _backend_available(self.api):
            raise SourceOpenError(
                f"Cannot open {self.name}: this OpenCV build has no {self.backend_name.upper()} "
                f"backend (choose another camera backend in the settings)."
            )
        try:
            cap = cv2.VideoCapture(self.device, self.api)
        except cv2.error as exc:
            raise SourceOpenError(f"Cannot open {self.name} through {self.backend_name.upper()}: {exc}") from exc
        if not cap.isOpened():
            cap.release()
            raise SourceOpenError(
                f"Cannot open {self.name} through {self.backend_name.upper()}: no such camera, "
                f"or another program is using it. Check the USB cable and close other camera programs."
            )
        # Order matters: many drivers only offer the large sizes once MJPG is chosen.
        if self._fourcc is not None:
            cap.set(cv2.CAP_PROP_FOURCC, self._fourcc)
        if self.width:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        if self.height:
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        if self.fps:
            cap.set(cv2.CAP_PROP_FPS, self.fps)
        if self.buffer_size:
            cap.set(cv2.CAP_PROP_BUFFERSIZE, self.buffer_size)  # False where unsupported: fine
        self._cap = cap
        self._info = _read_props(cap, self.name)
        wanted = (self.width, self.height)
        if all(wanted) and wanted != (self._info.width, self._info.height):
            log.info(
                "%s: asked for %dx%d, camera delivers %dx%d", self.name, *wanted, self._info.width, self._info.height
            )

    def read(self) -> tuple[bool, np.ndarray | None]:
        if self._cap is None:
            return False, None
        try:
            ok, frame = self._cap.read()
        except cv2.error as exc:
            log.debug("%s: read raised %s", self.name, exc)
            return False, None
        if ok and frame is not None:
            self._info = _with_frame_size(self._info, frame)
        return bool(ok), frame

    def close(self) -> None:
        cap, self._cap = self._cap, None
        self._info = None
        if cap is not None:
            try:
                cap.release()
            except cv2.error:  # pragma: no cover - a driver that fails on release
                pass

    def __repr__(self) -> str:
        return f"DeviceSource({self.device!r}, backend={self.backend_name!r})"


# --------------------------------------------------------------------------------------
# replay of a recording


_TRAILING_NUMBER = re.compile(r"^(\D*)(\d+)(\D*)$")  # the first digit run is the only one


def _natural_key(name: str) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def image_sequence_pattern(names: list[str]) -> str | None:
    """The printf pattern of file names that form a numbered sequence, or ``None``.

    The names qualify when each has one run of digits, all share prefix and suffix, and
    the numbers are distinct.  Gaps are allowed (the reader reopens past them).

    >>> image_sequence_pattern(["0001.jpg", "0002.jpg", "0003.jpg"])
    '%04d.jpg'
    >>> image_sequence_pattern(["p9.png", "p10.png"])
    'p%d.png'
    >>> image_sequence_pattern(["a.jpg", "b.jpg"]) is None
    True
    """
    if not names:
        return None
    parts = []
    for name in names:
        m = _TRAILING_NUMBER.match(name)
        if not m or "%" in name:
            return None
        parts.append(m.groups())
    prefixes = {p for p, _, _ in parts}
    suffixes = {s for _, _, s in parts}
    if len(prefixes) != 1 or len(suffixes) != 1:
        return None
    digits = [d for _, d, _ in parts]
    if len({int(d) for d in digits}) != len(digits):
        return None
    widths = {len(d) for d in digits}
    padded = any(len(d) > 1 and d.startswith("0") for d in digits)
    if padded:
        if len(widths) != 1:
            return None
        number = f"%0{widths.pop()}d"
    elif len(widths) == 1 and len(digits) > 1 and min(widths) > 1:
        number = f"%0{min(widths)}d"  # e.g. 10..99: fixed width without zeros to show
    else:
        number = "%d"
    return f"{prefixes.pop()}{number}{suffixes.pop()}"


def _imread(path: Path) -> np.ndarray | None:
    """Read an image file; works with non-ASCII paths on Windows too."""
    try:
        data = np.fromfile(str(path), dtype=np.uint8)
    except OSError:
        return None
    if data.size == 0:
        return None
    try:
        return cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    except cv2.error:
        return None


class ReplaySource:
    """A recording played back like a live camera.

    ``path`` may be

    * a **video file**: read with ``cv2.VideoCapture(path)``, paced at the file's
      frame rate (or ``fps``);
    * an **image folder**: its images in natural sort order.  When the names form a
      numbered sequence (``0001.jpg``, ``0002.jpg`` …) they are read with OpenCV's
      image-sequence capture (``cv2.CAP_IMAGES``), the same ``VideoCapture`` path as a
      camera; otherwise (or when OpenCV cannot open the names) file by file with
      ``cv2.imdecode``.  Each image is shown for ``hold`` seconds (default one frame);
    * a single **image file**: shown as a still camera view.

    Unreadable images (a 0-byte file, a broken JPEG) come back as ``(True, None)``, a
    corrupt frame for the grabber to skip; a file or folder that has vanished gives
    ``(False, None)``, a failed read like an unplugged camera.  Without ``loop`` the end
    of the recording raises :class:`EndOfStream`; with it, playback starts again from
    the top (re-listing the folder, reopening the file).

    Parameters
    ----------
    path : str or Path
    fps : float, optional
        Delivery rate; default the file's rate, :data:`DEFAULT_REPLAY_FPS` for images.
    loop : bool, default True
    realtime : bool, default True
        Pace frames at ``fps``; ``False`` delivers as fast as they decode (tests, benches).
    hold : float, optional
        Seconds each image of a folder stays in view (repeated frames); default one frame.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        fps: float | None = None,
        loop: bool = True,
        realtime: bool = True,
        hold: float | None = None,
    ):
        if fps is not None and not fps > 0:
            raise ValueError(f"fps must be positive, got {fps!r}")
        if hold is not None and hold < 0:
            raise ValueError(f"hold must be >= 0 seconds, got {hold!r}")
        self.path = Path(os.path.expanduser(str(path)))
        self.fps_override = fps
        self.loop = loop
        self.realtime = realtime
        self.hold = hold
        self.name = f"replay of {self.path}"
        self._info: SourceInfo | None = None
        self._pacer = Pacer(0)
        self._is_open = False
        # video state
        self._cap: cv2.VideoCapture | None = None
        self._video_frames = 0
        # image state
        self._files: list[Path] = []
        self._pattern: str | None = None
        self._index = 0  # next file to deliver
        self._seq_cap: cv2.VideoCapture | None = None
        self._seq_cap_start = -1  # file index the sequence capture was opened at
        self._repeat_left = 0
        self._held: np.ndarray | None = None

    # -- FrameSource ------------------------------------------------------------------

    @property
    def info(self) -> SourceInfo | None:
        return self._info

    @property
    def is_folder(self) -> bool:
        return self.path.is_dir()

    def open(self) -> None:
        self.close()
        if not self.path.exists():
            raise SourceOpenError(f"Cannot replay {self.path}: no such file or folder.")
        if self.path.is_dir() or self.path.suffix.lower() in IMAGE_SUFFIXES:
            self._open_images()
        else:
            self._open_video()
        assert self._info is not None  # set by _open_images / _open_video
        self._pacer = Pacer(self._info.fps if self.realtime else 0)
        self._is_open = True

    def read(self) -> tuple[bool, np.ndarray | None]:
        if not self._is_open:
            return False, None
        self._pacer.wait()
        ok, frame = self._read_image() if self._files else self._read_video()
        if frame is not None:
            self._info = _with_frame_size(self._info, frame)
        return ok, frame

    def close(self) -> None:
        for cap in (self._cap, self._seq_cap):
            if cap is not None:
                cap.release()
        self._cap = self._seq_cap = None
        self._seq_cap_start = -1
        self._files = []
        self._held = None
        self._repeat_left = 0
        self._index = 0
        self._info = None
        self._is_open = False

    def __repr__(self) -> str:
        return f"ReplaySource({str(self.path)!r}, loop={self.loop})"

    # -- video ------------------------------------------------------------------------

    def _open_video_capture(self) -> cv2.VideoCapture | None:
        try:
            cap = cv2.VideoCapture(str(self.path))
        except cv2.error:
            return None
        if not cap.isOpened():
            cap.release()
            return None
        return cap

    def _open_video(self) -> None:
        cap = self._open_video_capture()
        if cap is None:
            raise SourceOpenError(f"Cannot replay {self.path}: OpenCV cannot read this video file.")
        count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        self._cap = cap
        self._video_frames = 0
        info = _read_props(cap, self.name, frame_count=count if count > 0 else None)
        fps = self.fps_override or info.fps or DEFAULT_REPLAY_FPS
        self._info = SourceInfo(
            info.width, info.height, info.fourcc, fps, info.backend, info.description, info.frame_count
        )

    def _read_video(self) -> tuple[bool, np.ndarray | None]:
        for _ in range(2):
            if self._cap is None:
                return False, None
            try:
                ok, frame = self._cap.read()
            except cv2.error:
                ok, frame = False, None
            if ok:
                self._video_frames += 1
                return True, _as_bgr8(frame)
            # end of the file (or a broken one)
            if not self.loop:
                raise EndOfStream(f"Replay of {self.path.name} finished after {self._video_frames} frames.")
            if self._video_frames == 0:
                return False, None  # reopened but nothing to read
            self._cap.release()
            self._cap = self._open_video_capture()  # reopen: notices a vanished file
            self._video_frames = 0
        return False, None

    # -- images -----------------------------------------------------------------------

    def _list_images(self) -> list[Path]:
        if self.path.is_dir():
            try:
                entries = [p for p in self.path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()]
            except OSError:
                return []
            return sorted(entries, key=lambda p: _natural_key(p.name))
        return [self.path]

    def _open_images(self) -> None:
        if not self.path.exists():
            raise SourceOpenError(f"Cannot replay {self.path}: it no longer exists.")
        files = self._list_images()
        if not files:
            raise SourceOpenError(
                f"Cannot replay {self.path}: the folder holds no images ({', '.join(IMAGE_SUFFIXES)})."
            )
        pattern = image_sequence_pattern([p.name for p in files]) if len(files) > 1 else None
        if pattern is not None and "%" in str(self.path):
            pattern = None
        self._files = files
        self._pattern = pattern
        self._index = 0
        first = None
        backend = "imdecode"
        if pattern is not None:
            # OpenCV takes the first file's name and derives the sequence from its digits.
            cap = cv2.VideoCapture(str(files[0]), cv2.CAP_IMAGES)
            if cap.isOpened():
                self._seq_cap, self._seq_cap_start = cap, 0
                backend = cap.getBackendName()
            else:
                cap.release()
                if _imread(files[0]) is not None:
                    self._pattern = None  # a good file OpenCV's sequence reader cannot open
                else:
                    backend = "CV_IMAGES"  # the first file is broken: skipped when read
        # probe the size from the first readable image
        for p in files[: min(len(files), 8)]:
            first = _as_bgr8(_imread(p))
            if first is not None:
                break
        if first is None and len(files) <= 8:
            raise SourceOpenError(f"Cannot replay {self.path}: none of its images can be read.")
        h, w = first.shape[:2] if first is not None else (0, 0)
        fps = self.fps_override or DEFAULT_REPLAY_FPS
        description = self.name if self.path.is_dir() else f"replay of image {self.path}"
        if self._pattern:
            description = f"replay of {self.path / self._pattern}"
        self._info = SourceInfo(w, h, "", fps, backend, description, len(files))
        self._held = None
        self._repeat_left = 0

    def _repeats(self) -> int:
        if not self.hold:
            return 1
        return max(1, round(self.hold * (self._info.fps if self._info else DEFAULT_REPLAY_FPS)))

    def _read_image(self) -> tuple[bool, np.ndarray | None]:
        if self._repeat_left > 0 and self._held is not None:
            self._repeat_left -= 1
            return True, self._held.copy()
        if self._index >= len(self._files):
            if not self.loop:
                raise EndOfStream(f"Replay of {self.path.name} finished after {len(self._files)} images.")
            try:
                self._open_images()  # re-list: the folder may have changed or vanished
            except SourceOpenError:
                return False, None
        i = self._index
        if self._pattern is not None:
            ok, frame = self._read_sequence(i)
        else:
            frame = _as_bgr8(_imread(self._files[i]))
            ok = frame is not None or self._files[i].exists()
        if not ok:
            return False, None
        self._index = i + 1
        if frame is not None:
            self._held = frame
            self._repeat_left = self._repeats() - 1
            return True, frame.copy() if self._repeat_left else frame
        return True, None

    def _read_sequence(self, i: int) -> tuple[bool, np.ndarray | None]:
        """Read file ``i`` through the image-sequence capture, reopening it where needed.

        OpenCV's sequence stops at the first gap or unreadable file; we then reopen at
        the file we need.  Returns ``(False, None)`` when that file is gone.
        """
        for _ in range(2):
            cap = self._seq_cap
            fresh = cap is not None and self._seq_cap_start == i
            if cap is None:
                cap = cv2.VideoCapture(str(self._files[i]), cv2.CAP_IMAGES)
                if not cap.isOpened():
                    cap.release()
                    return (self._files[i].exists(), None)  # unreadable → corrupt; gone → failed
                self._seq_cap, self._seq_cap_start, fresh = cap, i, True
            try:
                ok, frame = cap.read()
            except cv2.error:
                ok, frame = False, None
            if ok:
                return True, _as_bgr8(frame)
            cap.release()
            self._seq_cap, self._seq_cap_start = None, -1
            if fresh:
                return (self._files[i].exists(), None)
            # the sequence ended before file i: open again at file i
        return (self._files[i].exists(), None)  # pragma: no cover - loop always returns


# --------------------------------------------------------------------------------------
# the factory


def open_source(
    spec: str | CameraSpec,
    *,
    width: int | None = None,
    height: int | None = None,
    fps: float | None = None,
    fourcc: str | None = "MJPG",
    backend: str | int = "auto",
    buffer_size: int | None = 1,
    loop: bool = True,
    realtime: bool = True,
    hold: float | None = None,
    seed: int = 0,
) -> FrameSource:
    """Make the frame source a camera SPEC names (not yet opened: the grabber opens it).

    Parameters
    ----------
    spec : str or CameraSpec
        See :mod:`.spec`: ``"0"``, ``"/dev/video2"``, ``"replay:PATH"``, ``"sim"``, ``"sim:WxH"``.
    width, height : int, optional
        Device: requested frame size.  Sim: frame size when the SPEC gives none.
    fps : float, optional
        Device: requested rate.  Replay: pacing rate (default the file's).  Sim: frame
        rate (default 15).
    fourcc, backend, buffer_size
        Device only; see :class:`DeviceSource`.
    loop, realtime, hold
        Replay only (``realtime`` also applies to sim); see :class:`ReplaySource`.
    seed : int
        Sim only: which pages are drawn.

    Raises
    ------
    ValueError
        For a malformed SPEC or option.
    """
    if not isinstance(spec, CameraSpec):
        spec = parse_spec(spec)
    if spec.kind == "device":
        assert spec.device is not None  # parse_spec sets it for a device spec
        return DeviceSource(
            spec.device, backend=backend, width=width, height=height, fps=fps, fourcc=fourcc, buffer_size=buffer_size
        )
    if spec.kind == "replay":
        assert spec.path is not None  # parse_spec sets it for a replay spec
        return ReplaySource(spec.path, fps=fps, loop=loop, realtime=realtime, hold=hold)
    if spec.kind == "sim":
        if spec.size and spec.size != SIM_DEFAULT_SIZE:
            w, h = spec.size  # an explicit sim:WxH wins
        elif width and height:
            w, h = width, height
        else:
            w, h = spec.size or SIM_DEFAULT_SIZE
        return SimulatedSource(w, h, fps=fps or 15.0, seed=seed, realtime=realtime)
    raise ValueError(f"unknown camera kind {spec.kind!r}")  # pragma: no cover
