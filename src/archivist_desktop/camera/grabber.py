"""The grab loop: one thread reads a frame source and always offers the newest frame.

A camera that is not read keeps old frames in its driver queue; a preview or capture
that takes those shows the past.  The :class:`Grabber` reads continuously in its own
thread and keeps exactly one frame, the newest, in a slot with a frame number and a
timestamp.  Consumers (the preview, the capture service) take it with
:meth:`Grabber.latest` or wait for a newer one with :meth:`Grabber.wait_for_frame`.

Faults: corrupt frames are skipped and counted; when reads fail repeatedly (camera
unplugged, file gone) the grabber reports ``reconnecting`` with a message for the user,
reopens the source with backoff, and reports ``running`` again or, after the last
attempt, ``failed``.  Nothing raises out of the thread.  Frames already handed out are
never touched again (they are read-only arrays), so a fault never damages a page that
is being captured.

State diagram::

    opening ──► running ◄──► reconnecting ──► failed
       │           │
       │           └──► ended      (a non-looping replay finished)
       └──► reconnecting           (first open failed: retried the same way)
    any ──► stopped                (stop() was called)
"""

from __future__ import annotations

import collections
import itertools
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

import numpy as np
import tenacity

from .base import EndOfStream, FrameSource, SourceInfo, frame_problem

__all__ = ["GrabbedFrame", "Grabber", "GrabberState", "GrabberStats", "GrabberStatus"]

log = logging.getLogger(__name__)


class _GiveUp(Exception):
    """Ends the reconnect attempts early: the source ended, or :meth:`Grabber.stop` was called."""


class GrabberState(str, Enum):
    """Where the grab loop is; the values are stable strings for logs and settings."""

    OPENING = "opening"
    RUNNING = "running"
    RECONNECTING = "reconnecting"
    FAILED = "failed"
    ENDED = "ended"
    STOPPED = "stopped"


@dataclass(frozen=True)
class GrabberStatus:
    """One state change, as reported to ``on_state`` and by :attr:`Grabber.status`.

    Attributes
    ----------
    state : GrabberState
    message : str
        A plain English sentence for the user (the UI may build a translated one from
        the other fields instead).
    source : str
        The source's name (``"camera 0"``).
    attempt, max_attempts : int
        Reconnect attempt just made and the limit (0 outside reconnecting/failed).
    retry_in : float
        Seconds until the next attempt (reconnecting only).
    error : str
        Technical detail of the last fault (``""`` when none).
    info : SourceInfo or None
        What the source delivers (running only).
    """

    state: GrabberState
    message: str
    source: str
    attempt: int = 0
    max_attempts: int = 0
    retry_in: float = 0.0
    error: str = ""
    info: SourceInfo | None = None


@dataclass(frozen=True)
class GrabberStats:
    """Counters of a grabber; a snapshot.

    Attributes
    ----------
    frames : int
        Good frames delivered (the number of the newest frame).
    corrupt : int
        Frames skipped as unusable.
    read_failures : int
        Failed reads (``ok`` false or an exception).
    reconnects : int
        Successful reconnections.
    fps : float
        Delivered frame rate over the last ~2 s (0.0 until two frames arrived).
    last_frame_at : float or None
        ``time.monotonic()`` of the newest frame.
    corrupt_reasons : dict
        Count per reason (``"all black"``, ``"truncated JPEG"`` …).
    """

    frames: int
    corrupt: int
    read_failures: int
    reconnects: int
    fps: float
    last_frame_at: float | None
    corrupt_reasons: dict = field(default_factory=dict)


class GrabbedFrame(NamedTuple):
    """The newest frame: unpacks as ``(number, timestamp, image)``.

    ``number`` counts good frames from 1, across reconnections; ``timestamp`` is the
    ``time.monotonic()`` when the frame was read; ``image`` is a read-only
    ``(H, W, 3)`` BGR ``uint8`` array (copy it to draw on it).
    """

    number: int
    timestamp: float
    image: np.ndarray


def _sentence(text: str) -> str:
    text = text.strip() or "Unknown error"
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


StateCallback = Callable[[GrabberStatus], None]
FrameCallback = Callable[[GrabbedFrame], None]


class Grabber:
    """Read a :class:`~archivist_desktop.camera.base.FrameSource` in a thread of its own.

    The thread opens the source itself (opening a camera can take seconds), so
    :meth:`start` returns at once.  The thread is not a daemon: call :meth:`stop`
    (or use the grabber as a context manager) before the application exits.

    Parameters
    ----------
    source : FrameSource
        Not yet opened (it is opened in the grab thread), or open already.
    on_frame : callable, optional
        ``on_frame(GrabbedFrame)`` for every new good frame, **called in the grab
        thread**: keep it short (e.g. emit a queued Qt signal); a slow callback slows the
        grab rate, an exception in it is logged and ignored.
    on_state : callable, optional
        ``on_state(GrabberStatus)`` on every state change and reconnect attempt, in the
        grab thread, with the same rules.
    reconnect_attempts : int, default 10
        Attempts to reopen after a fault (and to open at start) before ``failed``.
    reconnect_delays : sequence of float, default (0.5, 1, 2, 4)
        Seconds before attempt 1, 2, …; the last value repeats.  Attempt 1 at start is
        immediate.
    failures_before_reconnect : int, default 3
        Consecutive failed reads that mean the source is lost.
    failure_pause : float, default 0.05
        Pause after a failed read, so that a few failures span a moment, not microseconds.
    first_frame_timeout : float, default 5.0
        An (re)opened source must deliver a good frame within this time to count as back.
    name : str, default "camera-grab"
        Thread name.

    Examples
    --------
    >>> from archivist_desktop.camera import Grabber, open_source
    >>> with Grabber(open_source("sim", realtime=False)) as g:   # doctest: +SKIP
    ...     number, timestamp, frame = g.wait_for_frame(timeout=5)
    """

    def __init__(
        self,
        source: FrameSource,
        *,
        on_frame: FrameCallback | None = None,
        on_state: StateCallback | None = None,
        reconnect_attempts: int = 10,
        reconnect_delays: Sequence[float] = (0.5, 1.0, 2.0, 4.0),
        failures_before_reconnect: int = 3,
        failure_pause: float = 0.05,
        first_frame_timeout: float = 5.0,
        name: str = "camera-grab",
    ):
        if reconnect_attempts < 1:
            raise ValueError("reconnect_attempts must be >= 1")
        if not reconnect_delays or any(d < 0 for d in reconnect_delays):
            raise ValueError("reconnect_delays must be a non-empty sequence of seconds >= 0")
        if failures_before_reconnect < 1:
            raise ValueError("failures_before_reconnect must be >= 1")
        self.source = source
        self._on_frame = on_frame
        self._on_state = on_state
        self.reconnect_attempts = int(reconnect_attempts)
        self.reconnect_delays = tuple(float(d) for d in reconnect_delays)
        self.failures_before_reconnect = int(failures_before_reconnect)
        self.failure_pause = float(failure_pause)
        self.first_frame_timeout = float(first_frame_timeout)

        self._lock = threading.Lock()
        self._new_frame = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=False)
        self._started = False

        self._latest: GrabbedFrame | None = None
        self._frames = 0
        self._corrupt = 0
        self._corrupt_reasons: collections.Counter[str] = collections.Counter()
        self._read_failures = 0
        self._reconnects = 0
        self._times: collections.deque[float] = collections.deque(maxlen=64)
        self._status = GrabberStatus(GrabberState.OPENING, f"Opening {source.name}…", source.name)
        self._callback_errors = 0
        self._info: SourceInfo | None = None
        self._finished = False  # the grab thread has ended

    # -- public API (any thread) -------------------------------------------------------

    def start(self) -> Grabber:
        """Start the grab thread (once).  Returns ``self``."""
        with self._lock:
            if self._started:
                raise RuntimeError("a Grabber can be started once; make a new one to restart")
            self._started = True
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the thread to stop, wait up to ``timeout`` seconds for it, close the source.

        Returns
        -------
        bool
            ``True`` when the thread has ended.  ``False`` if it is still inside a
            driver call (it closes the source and ends as soon as that call returns).
        """
        self._stop.set()
        with self._lock:
            self._new_frame.notify_all()
        if not self._started:
            return True
        if threading.current_thread() is self._thread:
            return False  # called from a callback: the loop ends after it returns
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def __enter__(self) -> Grabber:
        if not self._started:
            self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def is_alive(self) -> bool:
        """Whether the grab thread is running."""
        return self._thread.is_alive()

    @property
    def status(self) -> GrabberStatus:
        """The latest state change."""
        with self._lock:
            return self._status

    @property
    def state(self) -> GrabberState:
        """Shortcut for ``status.state``."""
        return self.status.state

    @property
    def info(self) -> SourceInfo | None:
        """What the source delivers (read back from the device) since it last started running."""
        with self._lock:
            return self._info

    def latest(self) -> GrabbedFrame | None:
        """The newest good frame as ``(number, timestamp, image)``, or ``None`` before the first.

        During ``reconnecting`` this is the last frame before the fault: check
        :attr:`state` before capturing from it.
        """
        with self._lock:
            return self._latest

    def wait_for_frame(self, newer_than: int = 0, timeout: float | None = None) -> GrabbedFrame | None:
        """Wait for a frame numbered above ``newer_than``.

        Returns ``None`` on timeout, after :meth:`stop`, or when the grab loop has ended
        (``failed``/``ended``) without such a frame.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            while self._latest is None or self._latest.number <= newer_than:
                if self._stop.is_set() or self._finished:
                    return None
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                self._new_frame.wait(remaining)
            return self._latest

    def stats(self) -> GrabberStats:
        """A snapshot of the counters and the measured frame rate."""
        with self._lock:
            times = [t for t in self._times if t >= self._times[-1] - 2.0] if self._times else []
            fps = (len(times) - 1) / (times[-1] - times[0]) if len(times) >= 2 and times[-1] > times[0] else 0.0
            return GrabberStats(
                self._frames,
                self._corrupt,
                self._read_failures,
                self._reconnects,
                fps,
                self._latest.timestamp if self._latest else None,
                dict(self._corrupt_reasons),
            )

    # -- the grab thread --------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._set_status(GrabberState.OPENING, f"Opening {self.source.name}…")
            if self._connect(initial=True):
                self._loop()
        except BaseException as exc:
            log.exception("camera grab loop crashed")
            self._set_status(
                GrabberState.FAILED, f"The camera stopped because of an internal error ({exc!r}).", error=repr(exc)
            )
        finally:
            try:
                self.source.close()
            except Exception:
                log.exception("closing %s failed", self.source.name)
            if self.state not in (GrabberState.FAILED, GrabberState.ENDED):
                self._set_status(GrabberState.STOPPED, f"{self._name_cap} stopped.")
            with self._lock:
                self._finished = True
                self._new_frame.notify_all()

    @property
    def _name_cap(self) -> str:
        name = self.source.name
        return name[:1].upper() + name[1:]

    def _loop(self) -> None:
        consecutive = 0
        while not self._stop.is_set():
            try:
                ok, frame = self.source.read()
                error = "" if ok else "read returned no frame"
            except EndOfStream as exc:
                self._set_status(GrabberState.ENDED, str(exc), error=str(exc))
                return
            except Exception as exc:  # noqa: BLE001 - a driver error is a failed read
                ok, frame, error = False, None, f"{type(exc).__name__}: {exc}"
            if not ok:
                with self._lock:
                    self._read_failures += 1
                consecutive += 1
                if consecutive < self.failures_before_reconnect:
                    self._stop.wait(self.failure_pause)
                    continue
                consecutive = 0
                self._set_status(
                    GrabberState.RECONNECTING,
                    f"{self._name_cap} stopped delivering frames ({error}). Reconnecting…",
                    error=error,
                    max_attempts=self.reconnect_attempts,
                )
                if not self._connect(initial=False):
                    return
                continue
            consecutive = 0
            self._accept(frame)

    def _accept(self, frame: np.ndarray | None) -> bool:
        """Publish a good frame; count a bad one.  Returns whether it was good."""
        reason = frame_problem(frame)
        if reason is not None:
            with self._lock:
                self._corrupt += 1
                self._corrupt_reasons[reason] += 1
            log.debug("%s: skipped a frame (%s)", self.source.name, reason)
            return False
        assert frame is not None  # frame_problem names a missing frame
        frame.flags.writeable = False
        now = time.monotonic()
        with self._lock:
            self._frames += 1
            grabbed = GrabbedFrame(self._frames, now, frame)
            self._latest = grabbed
            self._times.append(now)
            self._new_frame.notify_all()
        if self._on_frame is not None:
            self._call(self._on_frame, grabbed)
        return True

    def _connect(self, initial: bool) -> bool:
        """Open (initial) or reopen the source until it delivers a frame.

        Returns ``True`` once running; ``False`` when failed, ended or stopped.  The attempts,
        the backoff between them (``reconnect_delays``) and the limit (``reconnect_attempts``)
        are a :mod:`tenacity` policy; the waits are ``stop()``-interruptible.
        """
        if not initial and self._stop.wait(self.reconnect_delays[0]):
            return False  # a reconnect waits before its first attempt too
        numbers = itertools.count(1)

        def attempt_open() -> str:
            """One open; ``""`` once running, else why not.  Raises :class:`_GiveUp` when ended or stopped."""
            attempt = next(numbers)
            error = ""
            try:
                self.source.close()
                self.source.open()
                error = self._await_first_frame()
            except EndOfStream as exc:
                self._set_status(GrabberState.ENDED, str(exc), error=str(exc))
                raise _GiveUp from exc
            except Exception as exc:  # noqa: BLE001 - SourceOpenError and driver errors alike
                error = str(exc) or type(exc).__name__
            if self._stop.is_set():
                raise _GiveUp
            if not error:
                first = initial and attempt == 1
                info = self.source.info
                with self._lock:
                    if not first:
                        self._reconnects += 1
                detail = f": {info.summary()}" if info else ""
                self._set_status(
                    GrabberState.RUNNING,
                    f"{self._name_cap} {'is running' if first else 'is back'}{detail}.",
                    info=info,
                    attempt=attempt if attempt > 1 or not initial else 0,
                )
            return error

        def delay_after(state: tenacity.RetryCallState) -> float:
            return self.reconnect_delays[min(state.attempt_number, len(self.reconnect_delays) - 1)]

        def report_retry(state: tenacity.RetryCallState) -> None:
            error = state.outcome.result() if state.outcome is not None else ""
            retry_in = state.next_action.sleep if state.next_action is not None else 0.0
            self._set_status(
                GrabberState.RECONNECTING,
                f"{_sentence(error)} Attempt {state.attempt_number} of {self.reconnect_attempts} failed; "
                f"trying again in {retry_in:g} s.",
                attempt=state.attempt_number,
                max_attempts=self.reconnect_attempts,
                retry_in=retry_in,
                error=error,
            )

        def pause(seconds: float) -> None:
            if self._stop.wait(seconds):
                raise _GiveUp

        retryer = tenacity.Retrying(
            retry=tenacity.retry_if_result(bool),  # a non-empty error string: try again
            stop=tenacity.stop_after_attempt(self.reconnect_attempts),
            wait=delay_after,
            sleep=pause,
            before_sleep=report_retry,
            retry_error_callback=lambda state: state.outcome.result() if state.outcome is not None else "",
        )
        try:
            error = retryer(attempt_open)
        except _GiveUp:
            return False
        if not error:
            return True
        self._set_status(
            GrabberState.FAILED,
            f"{self._name_cap} could not be opened after {self.reconnect_attempts} attempts. {_sentence(error)}",
            attempt=self.reconnect_attempts,
            max_attempts=self.reconnect_attempts,
            error=error,
        )
        return False

    def _await_first_frame(self) -> str:
        """Read until one good frame arrives; ``""`` on success, else why not."""
        deadline = time.monotonic() + self.first_frame_timeout
        failures, corrupt = 0, 0
        while not self._stop.is_set():
            try:
                ok, frame = self.source.read()
            except EndOfStream:
                raise
            except Exception as exc:  # noqa: BLE001
                ok, frame = False, None
                last = f"{type(exc).__name__}: {exc}"
            else:
                last = "read returned no frame"
            if ok:
                if self._accept(frame):
                    return ""
                corrupt += 1
            else:
                failures += 1
                with self._lock:
                    self._read_failures += 1
                if failures >= self.failures_before_reconnect:
                    return f"opened, but reading failed ({last})"
                self._stop.wait(self.failure_pause)
            if time.monotonic() > deadline:
                return f"opened, but no usable frame within {self.first_frame_timeout:g} s" + (
                    f" ({corrupt} corrupt)" if corrupt else ""
                )
        return "stopped"

    def _set_status(self, state: GrabberState, message: str, **fields) -> None:
        status = GrabberStatus(state, message, self.source.name, **fields)
        with self._lock:
            self._status = status
            if status.info is not None:
                self._info = status.info
        level = logging.WARNING if state in (GrabberState.RECONNECTING, GrabberState.FAILED) else logging.INFO
        log.log(level, "%s", message)
        if self._on_state is not None:
            self._call(self._on_state, status)

    def _call(self, callback: Callable, arg) -> None:
        try:
            callback(arg)
        except Exception:
            self._callback_errors += 1
            if self._callback_errors <= 3:
                log.exception("camera callback %r failed", callback)
