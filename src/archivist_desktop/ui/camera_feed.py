"""Qt adapter over the camera layer: a grabber plus a preview thread that feeds the live view.

Threads (DESIGN.md §2: the GUI thread never waits):

* the grabber's own thread reads the camera and keeps the newest frame;
* the preview thread takes the newest frame, reduces it to ~1280 px, runs the cheap preview
  analysis (quad, sharpness, motion) and wraps it in a ``QImage``; it hands one result at a time
  to the GUI and takes the next frame only once the GUI has shown the previous one, so frames
  are dropped, never queued;
* a dedicated one-thread barcode executor reads cover-sheet barcodes a few times a second, always
  on the newest frame and never more than one read at a time.  It stays beside the preview loop
  rather than on the operation runner's compute lane (``ui/operations.py``): that lane processes
  captured pages, and a page must never queue behind a barcode read.

Results reach the GUI thread by queued signals (a frozen dataclass or plain text).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from archivist_desktop.services.live import (
    GrabbedFrame,
    Grabber,
    GrabberState,
    GrabberStatus,
    PreviewAnalysis,
    SourceInfo,
    analyse_preview,
    barcode_texts,
    display_pixels,
    open_source,
    preview_image,
)
from archivist_desktop.ui.qt import QImage, QObject, Signal

log = logging.getLogger(__name__)

PREVIEW_LONG_SIDE = 1280
BARCODE_INTERVAL_S = 0.5  # two reads a second find a cover sheet quickly and cost little CPU


@dataclass(frozen=True)
class CameraConfig:
    """What to open: a camera SPEC and the requested size/backend (``0`` = the camera's default)."""

    spec: str
    width: int = 0
    height: int = 0
    backend: str = "auto"
    fps: float | None = None

    @staticmethod
    def parse_resolution(text: str) -> tuple[int, int]:
        try:
            w, h = (int(v) for v in text.lower().replace("×", "x").split("x"))
            return (w, h) if w > 0 and h > 0 else (0, 0)
        except ValueError:
            return 0, 0


@dataclass(frozen=True)
class PreviewResult:
    """One analysed preview frame, ready to paint."""

    number: int
    timestamp: float
    image: QImage  # scaled for the live view's current size (quad coordinates are in preview_size)
    analysis: PreviewAnalysis
    preview_size: tuple[int, int]  # the analysed preview frame (w, h), ~1280 px long side
    frame_size: tuple[int, int]  # full camera frame (w, h)
    elapsed_ms: float


class CameraFeed(QObject):
    """Runs one camera: grab thread, preview thread, barcode reads.

    Signals:
        status_changed(object): a :class:`GrabberStatus` (state, message for the user, info).
        preview_ready(object): a :class:`PreviewResult`; call :meth:`preview_shown` once painted.
        barcode_seen(str): a barcode's text in the live view (throttled, repeats included).
    """

    status_changed = Signal(object)
    preview_ready = Signal(object)
    barcode_seen = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.config: CameraConfig | None = None
        self.grabber: Grabber | None = None
        self._preview_thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._shown = threading.Event()
        self._barcodes: ThreadPoolExecutor | None = None
        self._barcode_future: Future | None = None
        self.read_barcodes = True
        #: the live view's size in device pixels; previews are scaled to it off the GUI thread
        self.display_size: tuple[int, int] = (0, 0)
        self.previews = 0
        #: set while a capture is being processed: the preview waits, so the page gets the CPU
        self.capture_busy = threading.Event()
        #: extra keyword arguments for :class:`Grabber` (reconnect attempts and delays)
        self.grabber_options: dict = {}

    # -- control (GUI thread) -----------------------------------------------------------

    def start(self, config: CameraConfig) -> None:
        """(Re)open the camera described by ``config``; errors arrive as a ``failed`` status."""
        self.stop()
        self.config = config
        self._stop = threading.Event()
        self._shown = threading.Event()
        self._shown.set()
        try:
            source = open_source(
                config.spec,
                width=config.width or None,
                height=config.height or None,
                backend=config.backend or "auto",
                fps=config.fps,
            )
        except (ValueError, OSError) as exc:
            self.status_changed.emit(
                GrabberStatus(
                    GrabberState.FAILED, f"Camera setting {config.spec!r}: {exc}", config.spec, error=str(exc)
                )
            )
            return
        self.grabber = Grabber(source, on_state=self.status_changed.emit, **self.grabber_options)
        self._barcodes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archivist-barcode")
        self._preview_thread = threading.Thread(
            target=self._preview_loop,
            args=(self.grabber, self._stop, self._shown),
            name="archivist-preview",
            daemon=False,
        )
        self.grabber.start()
        self._preview_thread.start()

    def retry(self) -> None:
        if self.config is not None:
            self.start(self.config)

    def stop(self) -> None:
        """Stop the threads (waits for them; a driver call may take a moment)."""
        self._stop.set()
        self._shown.set()
        if self._preview_thread is not None:
            self._preview_thread.join(5.0)
            self._preview_thread = None
        if self.grabber is not None:
            self.grabber.stop()
            self.grabber = None
        if self._barcodes is not None:
            self._barcodes.shutdown(wait=True, cancel_futures=True)
            self._barcodes = None
            self._barcode_future = None

    @property
    def state(self) -> GrabberState | None:
        return self.grabber.state if self.grabber is not None else None

    @property
    def info(self) -> SourceInfo | None:
        return self.grabber.info if self.grabber is not None else None

    def latest(self) -> GrabbedFrame | None:
        """The newest full-resolution frame while the camera runs, else ``None``."""
        if self.grabber is None or self.grabber.state != GrabberState.RUNNING:
            return None
        return self.grabber.latest()

    def preview_shown(self) -> None:
        """The GUI painted the last preview: the preview thread may deliver the next."""
        self._shown.set()

    # -- preview thread -----------------------------------------------------------------

    def _preview_loop(self, grabber: Grabber, stop: threading.Event, shown: threading.Event) -> None:
        last = 0
        previous: np.ndarray | None = None
        last_barcode = 0.0
        while not stop.is_set():
            if not shown.wait(0.1) or self.capture_busy.is_set():
                stop.wait(0.01)
                continue
            grabbed = grabber.wait_for_frame(last, timeout=0.2)
            if grabbed is None:
                stop.wait(0.05)  # the grab loop ended or reconnects: do not spin
                continue
            if stop.is_set():
                break
            last = grabbed.number
            t0 = time.perf_counter()
            try:
                small = preview_image(grabbed.image, PREVIEW_LONG_SIDE)
                analysis = analyse_preview(small, previous)
                previous = analysis.thumb
                h, w = small.shape[:2]
                # scaled and in the paint's own pixel format here, not in the GUI thread's paint (and not
                # with QImage.scaled: its smooth scaling queues on the thread pool the GUI paints with)
                pixels = display_pixels(small, *self.display_size)
                ph, pw = pixels.shape[:2]
                image = QImage(pixels.data, pw, ph, pixels.strides[0], QImage.Format.Format_RGB32).copy()
            except Exception:
                log.exception("preview of frame %d failed", grabbed.number)
                continue
            fh, fw = grabbed.image.shape[:2]
            shown.clear()
            self.previews += 1
            self.preview_ready.emit(
                PreviewResult(
                    grabbed.number,
                    grabbed.timestamp,
                    image,
                    analysis,
                    (w, h),
                    (fw, fh),
                    (time.perf_counter() - t0) * 1e3,
                )
            )
            now = time.monotonic()
            due = now - last_barcode >= BARCODE_INTERVAL_S
            idle = self._barcode_future is None or self._barcode_future.done()
            if self.read_barcodes and not self.capture_busy.is_set() and due and self._barcodes is not None and idle:
                last_barcode = now
                try:
                    self._barcode_future = self._barcodes.submit(self._read_barcodes, grabbed.image, stop)
                except RuntimeError:  # shut down meanwhile
                    pass

    def _read_barcodes(self, frame: np.ndarray, stop: threading.Event) -> None:
        try:
            texts = barcode_texts(frame)
        except Exception:
            log.exception("barcode read failed")
            return
        if not stop.is_set():
            for text in texts:
                self.barcode_seen.emit(text)
