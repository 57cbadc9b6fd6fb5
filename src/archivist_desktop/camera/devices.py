"""Which cameras are plugged in: a bounded probe through ``cv2.VideoCapture``.

OpenCV cannot list cameras, so we try to open them: on Linux the ``/dev/videoN``
nodes that exist (metadata nodes of UVC cameras fail to open and are left out), on
Windows and elsewhere the indices ``0 … max_index-1`` until two in a row are missing.
The probe never raises and stops when its time budget is spent.  Friendly device names
(from Qt Multimedia) are added by the UI layer, not here.
"""

from __future__ import annotations

import glob
import logging
import re
import sys
import time
from dataclasses import dataclass

import cv2

from .sources import resolve_backend

__all__ = ["DeviceInfo", "list_devices"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceInfo:
    """A camera that opened during the probe.

    Attributes
    ----------
    index : int
        Device index for ``cv2.VideoCapture`` (the N of ``/dev/videoN`` on Linux).
    backend : str
        Backend the probe used (``"dshow"``, ``"v4l2"`` …).
    path : str or None
        Device node on Linux, else ``None``.
    """

    index: int
    backend: str
    path: str | None = None

    @property
    def spec(self) -> str:
        """The camera SPEC that selects this device (``"0"``)."""
        return str(self.index)


def _linux_indices() -> list[tuple[int, str]]:
    found = []
    for node in glob.glob("/dev/video*"):
        m = re.fullmatch(r"/dev/video(\d+)", node)
        if m:
            found.append((int(m.group(1)), node))
    return sorted(found)


def list_devices(
    max_index: int = 10, backend: str | int = "auto", *, time_budget: float = 5.0, platform: str | None = None
) -> list[DeviceInfo]:
    """Probe for cameras; never raises.

    Parameters
    ----------
    max_index : int, default 10
        Indices probed are below this (on Linux: existing nodes below it).
    backend : str or int, default "auto"
        As for :class:`~archivist_desktop.camera.sources.DeviceSource`.
    time_budget : float, default 5.0
        Stop probing after this many seconds (DirectShow takes ~0.5 s per camera).
    platform : str, optional
        A ``sys.platform`` value; default the running one.

    Returns
    -------
    list of DeviceInfo
        In index order.
    """
    platform = sys.platform if platform is None else platform
    try:
        name, api = resolve_backend(backend, platform)
    except ValueError:
        log.warning("unknown camera backend %r; probing with any", backend)
        name, api = "any", cv2.CAP_ANY
    if platform.startswith("linux"):
        candidates: list[tuple[int, str | None]] = [(i, p) for i, p in _linux_indices() if i < max_index]
        stop_after_misses = None
    else:
        candidates = [(i, None) for i in range(max(0, max_index))]
        stop_after_misses = 2
    found: list[DeviceInfo] = []
    deadline = time.monotonic() + time_budget
    misses = 0
    level = _quiet_opencv()
    try:
        for index, path in candidates:
            if time.monotonic() > deadline:
                log.info("camera probe stopped at index %d: time budget %.1f s spent", index, time_budget)
                break
            cap = None
            try:
                cap = cv2.VideoCapture(index, api)
                ok = cap.isOpened()
            except Exception:  # noqa: BLE001 - a driver that throws is a missing camera
                ok = False
            finally:
                if cap is not None:
                    try:
                        cap.release()
                    except Exception:  # noqa: BLE001
                        pass
            if ok:
                found.append(DeviceInfo(index, name, path))
                misses = 0
            else:
                misses += 1
                if stop_after_misses is not None and misses >= stop_after_misses:
                    break
    finally:
        _restore_opencv(level)
    return found


def _quiet_opencv() -> int | None:
    """Silence OpenCV's 'cannot open camera' warnings during the probe."""
    try:
        level = cv2.utils.logging.getLogLevel()
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
        return level
    except Exception:  # noqa: BLE001 - a binding without the logging module
        return None


def _restore_opencv(level: int | None) -> None:
    if level is not None:
        try:
            cv2.utils.logging.setLogLevel(level)
        except Exception:  # noqa: BLE001
            pass
