"""The simulated document camera: deterministic, shows a page, cheap enough for live use."""

from __future__ import annotations

import time

import cv2
import numpy as np
import pytest

from archivist_desktop.camera import SimulatedSource, frame_problem, open_source
from archivist_desktop.camera.sim import PHASES


def opened(**options) -> SimulatedSource:
    src = SimulatedSource(realtime=False, **options)
    src.open()
    return src


def test_same_seed_same_frames_other_seed_other_pages():
    a, b, c = opened(seed=7), opened(seed=7), opened(seed=8)
    for i in (0, 70, 80, 95):  # still, page_out, page_in, hand_out
        assert np.array_equal(a.render(i), b.render(i))
    assert not np.array_equal(a.render(0), c.render(0))
    ok1, f1 = a.read()
    ok2, f2 = b.read()
    assert ok1 and ok2 and np.array_equal(f1, f2)


def test_frame_shows_a_page_where_the_scene_says():
    src = opened(width=1280, height=960, seed=1)
    ok, frame = src.read()
    assert ok and frame.shape == (960, 1280, 3) and frame.dtype == np.uint8
    assert frame_problem(frame) is None
    scene = src.scene(0)
    assert scene.phase == "still" and scene.page_no == 0 and not scene.hand
    quad = np.array(scene.corners, np.float32)
    # the page is the big bright region; its outline matches the ground truth corners
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    _, bright = cv2.threshold(grey, 170, 255, cv2.THRESH_BINARY)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((25, 25), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    page = max(contours, key=cv2.contourArea)
    assert cv2.contourArea(page) == pytest.approx(cv2.contourArea(quad), rel=0.03)
    assert abs(cv2.pointPolygonTest(quad, tuple(page[:, 0].mean(axis=0).tolist()), True)) > 200
    # clockwise from top-left in (x, y): TL above BL, TR right of TL
    (tl, tr, br, bl) = quad
    assert tl[1] < bl[1] and tr[0] > tl[0] and br[1] > tr[1]
    # an A4 page (1 : √2)
    w, h = np.linalg.norm(tr - tl), np.linalg.norm(bl - tl)
    assert h / w == pytest.approx(2**0.5, rel=0.01)
    # a red seal on it
    b, g, r = cv2.split(frame)
    red = (r.astype(int) - g > 90) & (r.astype(int) - b > 90)
    assert red.sum() > 500


def test_page_cycle_goes_through_the_phases_and_swaps_pages():
    src = opened(hold=1.0, swap=1.0, fps=15)
    scenes = [src.scene(i) for i in range(src.frames_per_page + 1)]
    order = [p for i, p in enumerate(s.phase for s in scenes) if i == 0 or p != scenes[i - 1].phase]
    assert order == [*list(PHASES), "still"]
    assert scenes[0].page_no == 0 and scenes[-1].page_no == 1
    assert any(s.hand for s in scenes) and any(s.corners is None for s in scenes)  # page out of view
    moving_at = next(
        i
        for i, s in enumerate(scenes)
        if s.phase == "page_out" and s.corners and s.corners[0][1] > scenes[0].corners[0][1] + 100
    )
    still, moving = src.render(0), src.render(moving_at)
    assert np.abs(still.astype(int) - moving).mean() > 5
    assert not np.array_equal(src.render(0), src.render(len(scenes) - 1))  # a new page


def test_realtime_pacing_and_fresh_arrays():
    src = SimulatedSource(320, 240, fps=30)
    src.open()
    t0 = time.monotonic()
    frames = [src.read()[1] for _ in range(7)]
    elapsed = time.monotonic() - t0
    src.close()
    assert elapsed >= 6 / 30 * 0.9
    assert len({id(f) for f in frames}) == 7
    assert src.read() == (False, None)  # closed


def test_cheap_at_1280x960():
    src = opened(width=1280, height=960)
    src.render(0)  # the first page
    t0 = time.perf_counter()
    for i in range(60, 90):  # the swap: the expensive frames
        src.render(i)
    per_frame = (time.perf_counter() - t0) / 30
    assert per_frame < 1 / 15, per_frame


def test_13_megapixel_frames():
    src = open_source("sim:4160x3120", realtime=False)
    src.open()
    ok, frame = src.read()
    assert ok and frame.shape == (3120, 4160, 3)
    assert frame_problem(frame) is None
    src.close()


@pytest.mark.parametrize(
    "kwargs", [dict(width=10, height=10), dict(fps=0), dict(swap=0), dict(width=8000, height=8000)]
)
def test_bad_options(kwargs):
    with pytest.raises(ValueError):
        SimulatedSource(**kwargs)
