"""The grab loop on real recordings: newest frame only, corrupt frames skipped, faults
driving running → reconnecting → failed / running, and a clean stop."""

from __future__ import annotations

import itertools
import shutil
import threading
import time

import numpy as np
import pytest
from camhelpers import decode_index, make_frame, wait_until, write_folder, write_video

from archivist_desktop.camera import Grabber, GrabberState, ReplaySource, open_source

FAST_RETRY = dict(reconnect_delays=[0.05], failure_pause=0.01)


class StateLog:
    """Collects state changes (called in the grab thread)."""

    def __init__(self):
        self.items = []
        self._lock = threading.Lock()

    def __call__(self, status):
        with self._lock:
            self.items.append(status)

    @property
    def states(self) -> list[str]:
        with self._lock:
            return [s.state.value for s in self.items]

    def compact(self) -> list[str]:
        out = []
        for s in self.states:
            if not out or out[-1] != s:
                out.append(s)
        return out


def test_slow_consumer_always_gets_the_newest_frame(tmp_path, grabbers):
    fps, count = 50.0, 200
    path = write_video(tmp_path / "live.avi", count, fps=fps)
    g = grabbers(ReplaySource(path, loop=True)).start()
    first = g.wait_for_frame(timeout=5)
    assert first is not None and g.state is GrabberState.RUNNING
    seen = []
    for _ in range(10):
        time.sleep(0.1)  # a consumer much slower than the camera
        number, stamp, frame = g.latest()
        age = time.monotonic() - stamp
        seen.append(number)
        assert age < 1 / fps + 0.25, f"frame {number} is {age:.3f} s old"
        assert decode_index(frame) == (number - 1) % count  # slot holds the frame of that number
        assert not frame.flags.writeable
    assert all(b > a for a, b in itertools.pairwise(seen)), seen  # never backwards, never repeated
    assert max(b - a for a, b in itertools.pairwise(seen)) > 1, seen  # frames it was too slow for are gone
    stats = g.stats()
    assert stats.fps == pytest.approx(fps, rel=0.3) and stats.corrupt == 0
    assert g.stop() and not g.is_alive
    assert g.state is GrabberState.STOPPED


def test_wait_for_frame_and_frame_callback_in_grab_thread(tmp_path, grabbers):
    path = write_video(tmp_path / "v.avi", 30, fps=60)
    calls = []
    g = grabbers(
        ReplaySource(path, loop=True), on_frame=lambda f: calls.append((threading.current_thread().name, f.number))
    )
    g.start()
    a = g.wait_for_frame(timeout=5)
    b = g.wait_for_frame(newer_than=a.number, timeout=5)
    assert b.number > a.number and b.timestamp >= a.timestamp
    assert g.wait_for_frame(newer_than=10**9, timeout=0.05) is None
    g.stop()
    assert calls and {name for name, _ in calls} == {"camera-grab"}
    numbers = [n for _, n in calls]
    assert numbers == list(range(1, len(numbers) + 1))


def test_corrupt_frames_are_skipped_and_counted(tmp_path, grabbers):
    paths = write_folder(tmp_path / "scans", range(12))
    paths[2].write_bytes(b"")  # 0-byte file
    data = paths[5].read_bytes()
    paths[5].write_bytes(data[: len(data) * 2 // 3])  # truncated JPEG (grey bottom)
    paths[9].write_bytes(data[:200])  # truncated to its headers
    got = []
    g = grabbers(
        ReplaySource(tmp_path / "scans", loop=False, realtime=False),
        on_frame=lambda f: got.append(decode_index(f.image)),
    )
    g.start()
    assert wait_until(lambda: not g.is_alive)
    assert g.state is GrabberState.ENDED and "finished" in g.status.message
    assert got == [0, 1, 3, 4, 6, 7, 8, 10, 11]
    stats = g.stats()
    assert (stats.frames, stats.corrupt) == (9, 3)
    assert stats.corrupt_reasons.get("truncated JPEG") == 1


def test_black_frames_in_a_video_are_skipped(tmp_path, grabbers):
    frames = [make_frame(i) for i in range(6)]
    frames[1] = np.zeros_like(frames[1])  # a camera warming up / a dropped transfer
    frames[4] = np.zeros_like(frames[4])
    path = write_video(tmp_path / "black.avi", 6, frames=frames)
    got = []
    g = grabbers(ReplaySource(path, loop=False, realtime=False), on_frame=lambda f: got.append(decode_index(f.image)))
    g.start()
    assert wait_until(lambda: not g.is_alive)
    assert got == [0, 2, 3, 5]
    assert g.stats().corrupt_reasons == {"all black": 2}


def test_end_of_a_non_looping_replay_ends_cleanly(tmp_path, grabbers):
    path = write_video(tmp_path / "short.avi", 5, fps=100)
    log = StateLog()
    g = grabbers(ReplaySource(path, loop=False), on_state=log)
    g.start()
    assert wait_until(lambda: not g.is_alive)
    assert log.compact() == ["opening", "running", "ended"]
    assert g.status.message == "Replay of short.avi finished after 5 frames."
    assert g.latest().number == 5 and decode_index(g.latest().image) == 4  # last frame kept


def test_folder_deleted_mid_run_reconnects_then_fails(tmp_path, grabbers):
    folder = tmp_path / "pages"
    write_folder(folder, range(20))
    log = StateLog()
    g = grabbers(ReplaySource(folder, fps=100, loop=True), on_state=log, reconnect_attempts=3, **FAST_RETRY)
    g.start()
    held = g.wait_for_frame(newer_than=3, timeout=5)  # a frame a capture is working on
    before = held.image.copy()
    shutil.rmtree(folder)
    assert wait_until(lambda: g.state is GrabberState.FAILED, timeout=5), log.states
    assert log.compact() == ["opening", "running", "reconnecting", "failed"]
    reconnecting = [s for s in log.items if s.state is GrabberState.RECONNECTING]
    assert "stopped delivering frames" in reconnecting[0].message
    assert [s.attempt for s in reconnecting[1:]] == [1, 2]
    assert "no longer exists" in reconnecting[1].error or "no such file" in reconnecting[1].error
    failed = g.status
    assert failed.attempt == failed.max_attempts == 3
    assert "could not be opened after 3 attempts" in failed.message and str(folder) in failed.message
    # nothing captured is lost: the frame handed out is intact and the last frame is kept
    assert np.array_equal(held.image, before)
    assert g.latest().number >= held.number
    assert wait_until(lambda: not g.is_alive)


def test_folder_restored_recovers_to_running(tmp_path, grabbers):
    folder = tmp_path / "pages"
    write_folder(folder, range(10))
    log = StateLog()
    numbers = []
    g = grabbers(
        ReplaySource(folder, fps=100, loop=True),
        on_state=log,
        reconnect_attempts=200,
        on_frame=lambda f: numbers.append(f.number),
        **FAST_RETRY,
    )
    g.start()
    g.wait_for_frame(timeout=5)
    shutil.rmtree(folder)
    assert wait_until(lambda: g.state is GrabberState.RECONNECTING, timeout=5)
    frozen = g.latest().number
    time.sleep(0.2)
    assert g.latest().number == frozen  # no frames while the source is gone
    write_folder(tmp_path / "new", range(10))
    (tmp_path / "new").rename(folder)  # back in one step, as when a share reconnects
    assert wait_until(lambda: g.state is GrabberState.RUNNING, timeout=5), log.states
    assert g.status.message.endswith("is back: 320×240 100.0 fps (CV_IMAGES).") and g.status.attempt >= 1
    assert g.wait_for_frame(newer_than=frozen, timeout=5) is not None
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > frozen  # numbering continues
    assert g.stats().reconnects == 1
    assert log.compact()[:4] == ["opening", "running", "reconnecting", "running"]


def test_video_file_vanishing_and_coming_back(tmp_path, grabbers):
    """A looping replay reopens its file at the end; a vanished file is a lost camera."""
    path = write_video(tmp_path / "cam.avi", 8, fps=100)
    spare = tmp_path / "spare.avi"
    shutil.copy(path, spare)
    log = StateLog()
    g = grabbers(open_source(f"replay:{path}"), on_state=log, reconnect_attempts=200, **FAST_RETRY)
    g.start()
    g.wait_for_frame(timeout=5)
    path.unlink()
    assert wait_until(lambda: g.state is GrabberState.RECONNECTING, timeout=5), log.states
    shutil.copy(spare, tmp_path / "incoming.avi")
    (tmp_path / "incoming.avi").rename(path)
    assert wait_until(lambda: g.state is GrabberState.RUNNING, timeout=5), log.states
    n = g.latest().number
    assert g.wait_for_frame(newer_than=n, timeout=5) is not None


def test_source_missing_at_start_retries_then_fails(tmp_path, grabbers):
    log = StateLog()
    g = grabbers(ReplaySource(tmp_path / "nowhere.avi"), on_state=log, reconnect_attempts=3, **FAST_RETRY)
    g.start()
    assert wait_until(lambda: not g.is_alive)
    assert log.states == ["opening", "reconnecting", "reconnecting", "failed"]
    assert g.status.message.startswith(
        f"Replay of {tmp_path / 'nowhere.avi'} could not be opened after 3 attempts. Cannot replay"
    )
    assert "no such file or folder" in g.status.error
    assert g.latest() is None and g.wait_for_frame(timeout=1) is None


def test_stop_is_prompt_even_while_waiting_to_reconnect(tmp_path, grabbers):
    g = grabbers(ReplaySource(tmp_path / "nowhere"), reconnect_attempts=5, reconnect_delays=[30.0])
    g.start()
    assert wait_until(lambda: g.state is GrabberState.RECONNECTING)
    t0 = time.monotonic()
    assert g.stop(timeout=5)
    assert time.monotonic() - t0 < 1.0
    assert not g.is_alive and g.state is GrabberState.STOPPED
    assert not [t for t in threading.enumerate() if t.name == "camera-grab"]


def test_failing_callbacks_do_not_stop_the_camera(grabbers, caplog):
    def broken(_):
        raise RuntimeError("consumer bug")

    g = grabbers(open_source("sim:320x240", realtime=False), on_frame=broken, on_state=broken)
    g.start()
    first = g.wait_for_frame(timeout=5)
    assert g.wait_for_frame(newer_than=first.number + 20, timeout=5) is not None
    assert g.state is GrabberState.RUNNING
    assert "consumer bug" in caplog.text


def test_context_manager_and_single_start():
    with Grabber(open_source("sim:320x240")) as g:
        _number, _stamp, frame = g.wait_for_frame(timeout=5)
        assert frame.shape == (240, 320, 3) and g.info.backend == "SIM"
        with pytest.raises(RuntimeError):
            g.start()
    assert not g.is_alive and g.state is GrabberState.STOPPED


def test_stop_before_start_and_bad_options():
    g = Grabber(open_source("sim"))
    assert g.stop() and g.latest() is None and g.state is GrabberState.OPENING
    with pytest.raises(ValueError):
        Grabber(open_source("sim"), reconnect_attempts=0)
    with pytest.raises(ValueError):
        Grabber(open_source("sim"), reconnect_delays=[])
