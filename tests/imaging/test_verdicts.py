"""Honest verdicts (issue 16): no silent whole-frame accept on a camera frame, cropped
scans stay whole pages, undefined sharpness is never sharp, yellowed paper is paper,
and the dpi comes from the document class (receipt roll, ID-1 card).

Scenes come from the second, independent generator (bench/scenes2.py).
"""

from __future__ import annotations

import functools
import math

import cv2
import numpy as np
import pytest

from archivist_desktop.imaging import measure_sharpness, process_frame
from archivist_desktop.imaging.profiles import Profile
from archivist_desktop.imaging.quality import estimate_dpi


@functools.lru_cache(maxsize=16)
def _scene(**kw):
    from scenes2 import Spec2, make_scene2

    return make_scene2(Spec2(**kw))


def _document(kind: str, ppm: float, seed: int = 0, table: bool = False):
    from scenes2 import render_document

    return render_document(kind, np.random.default_rng(seed), ppm, table)


def _on_desk(doc, alpha, frame_wh, at, desk=(70, 85, 95)):
    """``doc`` pasted axis-aligned with its top-left pixel at ``at`` on a plain desk."""
    w, h = frame_wh
    f = np.empty((h, w, 3), np.float32)
    f[:] = desk
    x, y = at
    dh, dw = doc.shape[:2]
    a = alpha[:, :, None]
    f[y : y + dh, x : x + dw] = f[y : y + dh, x : x + dw] * (1 - a) + doc.astype(np.float32) * a
    n = np.random.default_rng(1).normal(0, 2.0, f.shape).astype(np.float32)
    return np.clip(f + n, 0, 255).astype(np.uint8)


# --------------------------------------------------------------------------- no silent fallback


def test_frame_with_desk_and_no_findable_page_is_never_accept():
    # Paper torn into an irregular (non-quadrilateral) shape on a desk: no page quad
    # can be found, and the border clearly shows desk.
    doc, _ = _document("a4", 5.0, seed=3)
    h, w = 1500, 2000
    frame = np.full((h, w, 3), (60, 75, 90), np.uint8)
    mask = np.zeros((h, w), np.uint8)
    t = np.linspace(0, 2 * math.pi, 17, endpoint=False)
    rad = 520 + 160 * np.random.default_rng(5).random(len(t))
    pts = np.stack([1000 + rad * np.cos(t), 750 + 0.9 * rad * np.sin(t)], axis=1).astype(np.int32)
    cv2.fillPoly(mask, [pts], 1)
    big = cv2.resize(doc, (w, h))
    frame[mask > 0] = big[mask > 0]
    r = process_frame(frame)
    assert not r.page_found  # the precondition of this test: the shape is no page
    assert r.verdict != "accept"
    assert {"no_page", "page_uncertain"} & set(r.reasons)


@pytest.mark.parametrize("seed", [20006, 20013])
def test_empty_desks_of_the_second_family_are_never_accept(seed):
    sc = _scene(seed=seed, kind="none", megapixels=5.0)
    assert sc.no_page
    r = process_frame(sc.image)
    assert r.verdict != "accept"
    if not r.page_found:
        assert {"no_page", "page_uncertain"} & set(r.reasons)


_FOUND_IN_TEXT = pytest.mark.xfail(
    strict=True, reason="detector bug (issue 16): a quad on the text lines of a cropped scan is taken as the page"
)
_CANDIDATE_ONLY = pytest.mark.xfail(
    strict=True,
    reason="pipeline bug (issue 16): a failed candidate alone gives page_uncertain though no desk is at the border",
)
# (seed, table): A4 pages rendered by scenes2.render_document at 8.5 px/mm, nothing else
# in the image.  The marks record the failures measured at the time of writing.
_SCANS = [
    pytest.param(0, False, marks=_FOUND_IN_TEXT),
    pytest.param(1, False, marks=_FOUND_IN_TEXT),
    pytest.param(2, False, marks=_CANDIDATE_ONLY),
    pytest.param(3, False, marks=_FOUND_IN_TEXT),
    pytest.param(4, False, marks=_CANDIDATE_ONLY),
    pytest.param(5, False, marks=_FOUND_IN_TEXT),
    pytest.param(6, False, marks=_FOUND_IN_TEXT),
    pytest.param(7, False, marks=_FOUND_IN_TEXT),
    pytest.param(0, True),
    pytest.param(1, True),
    pytest.param(2, True, marks=_FOUND_IN_TEXT),
    pytest.param(3, True, marks=_CANDIDATE_ONLY),
    pytest.param(4, True, marks=_CANDIDATE_ONLY),
    pytest.param(5, True, marks=_CANDIDATE_ONLY),
    pytest.param(6, True, marks=_CANDIDATE_ONLY),
    pytest.param(7, True),
]


@pytest.mark.parametrize(("seed", "table"), _SCANS)
def test_cropped_scan_without_desk_stays_a_whole_page_and_is_accepted(seed, table):
    doc, _ = _document("a4", 8.5, seed=seed, table=table)  # 216 dpi as A4
    r = process_frame(doc)
    assert not r.page_found, np.round(r.quad).tolist()
    assert r.page.shape[:2] == doc.shape[:2]
    assert "page_uncertain" not in r.reasons and "no_page" not in r.reasons
    assert r.page_format == "A4" and r.dpi == pytest.approx(8.5 * 25.4, rel=0.01)
    assert r.verdict == "accept", r.reasons


# --------------------------------------------------------------------------- sharpness


def test_undefined_sharpness_of_a_blank_region_is_nan():
    assert math.isnan(measure_sharpness(np.full((200, 200), 235, np.uint8)))
    assert math.isnan(measure_sharpness(np.full((6, 6), 235, np.uint8)))


def test_blank_page_on_desk_is_never_sharp():
    h, w = 1200, 1600
    frame = np.full((h, w, 3), 55, np.uint8)
    frame[200:1000, 500:1070] = 236  # a blank sheet: no edges of its own to measure
    r = process_frame(frame)
    assert r.page_found
    assert not r.sharpness >= Profile().sharpness_warn  # NaN or low, never sharp
    assert "blurry" in r.reasons and r.verdict != "accept"


def test_undefined_sharpness_of_a_page_with_ink_is_blurry():
    # A cropped scan of faint pencil-grey text: ink, but no edge strong enough to
    # measure (local contrast below 40 grey levels), so the sharpness is undefined.
    img = np.full((1400, 1000, 3), 235, np.uint8)
    for i in range(30):
        cv2.putText(img, f"faint pencil notes line {i}", (60, 60 + 40 * i), 0, 0.9, (203, 203, 203), 2, cv2.LINE_AA)
    r = process_frame(img)
    assert math.isnan(r.sharpness) and math.isnan(r.metrics.sharpness)
    assert "no_page" not in r.reasons
    assert "blurry" in r.reasons and r.verdict != "accept"


def test_a_sharp_page_taken_from_further_away_is_low_dpi_not_blurry():
    # the same sharp scene of the second family at 13 and at 3 megapixels (6.8 and 3.3 px/mm):
    # the print is thinner in pixels, which the raw measure takes for blur (0.32 -> 0.24)
    values, reasons = {}, {}
    for mp in (13.0, 3.0):
        spec = {"kind": "a4", "mat": "cloth", "light": "even", "occluder": "none", "cut_off": False}
        r = process_frame(_scene(seed=9, blur="sharp", megapixels=mp, **spec).image)
        assert r.page_found and "blurry" not in r.reasons, (mp, r.sharpness)
        values[mp], reasons[mp] = r.sharpness, r.reasons
    assert "low_dpi" in reasons[3.0]
    assert values[3.0] == pytest.approx(values[13.0], rel=0.15)


def test_tiny_image_is_never_sharp():
    img = np.full((20, 28, 3), 230, np.uint8)
    cv2.circle(img, (14, 10), 3, (30, 30, 30), -1)
    r = process_frame(img)
    assert math.isnan(r.sharpness)
    assert "blurry" in r.reasons and r.verdict != "accept"


# --------------------------------------------------------------------------- yellowed paper


@pytest.mark.parametrize("seed", [31, 32])
def test_yellowed_page_on_desk_is_not_no_page(seed):
    sc = _scene(seed=seed, kind="yellowed", megapixels=5.0, blur="sharp", cut_off=False, occluder="none")
    r = process_frame(sc.image)
    assert r.page_found
    assert "no_page" not in r.reasons


@pytest.mark.parametrize(("seed", "mat"), [(5, "wood"), (6, "cloth")])
def test_blurred_yellowed_page_in_low_light_is_a_blurry_page_not_no_page(seed, mat):
    # its print washed out by the blur and its paper dim: still lighter than the desk around it
    sc = _scene(seed=seed, kind="yellowed", mat=mat, light="low", megapixels=5.0, blur="gaussian", occluder="none")
    r = process_frame(sc.image)
    assert r.page_found
    assert "no_page" not in r.reasons
    assert "blurry" in r.reasons and r.verdict != "accept"


def test_a_dark_empty_shape_on_a_lighter_desk_is_never_a_good_page():
    frame = np.full((1500, 2000, 3), (150, 160, 170), np.uint8)
    frame[300:1200, 600:1300] = (40, 42, 45)  # a dark, empty rectangle: a phone, a shadow
    r = process_frame(frame)
    assert r.verdict != "accept" and {"no_page", "too_dark"} & set(r.reasons)


@pytest.mark.parametrize("seed", [9, 10, 11])
def test_yellowed_cropped_scan_is_not_no_page(seed):
    doc, _ = _document("yellowed_a4", 6.0, seed=seed)
    hsv = cv2.cvtColor(doc, cv2.COLOR_BGR2HSV)
    assert float(np.median(hsv[:, :, 1])) > 45  # clearly yellow (HSV saturation about 50-80)
    r = process_frame(doc)
    assert "no_page" not in r.reasons


# --------------------------------------------------------------------------- document class and dpi


def test_receipt_gets_the_receipt_class_and_its_dpi():
    p = Profile()
    w, h = 3264, 2448
    ppm = w / p.field_of_view_mm  # the camera's typical scale
    doc, alpha = _document("receipt", ppm, seed=4)
    frame = _on_desk(doc, alpha, (w, h), (1200, (h - doc.shape[0]) // 2))
    r = process_frame(frame)
    assert r.page_found and not r.cut_off
    assert r.page_format == "receipt_80"
    assert r.dpi == pytest.approx(ppm * 25.4, rel=0.03)
    # far from A4's guess (a long side of 297 mm would give about half)
    assert r.dpi > 1.3 * (max(doc.shape[:2]) / 297.0 * 25.4)


def test_estimate_dpi_receipt_widths():
    p = Profile()
    # 80 mm roll at 14 px/mm on a frame whose typical scale is 12.5 px/mm
    dpi, fmt = estimate_dpi(80 * 14, 230 * 14, 6000, p)
    assert fmt == "receipt_80" and dpi == pytest.approx(14 * 25.4, rel=1e-6)
    dpi, fmt = estimate_dpi(57.5 * 12, 160 * 12, 6000, p)
    assert fmt == "receipt_58" and dpi == pytest.approx(12 * 25.4, rel=1e-6)


@pytest.mark.parametrize(
    "frac",
    [
        0.18,
        0.25,
        0.40,
    ],
)
def test_id_card_gets_the_card_class(frac):
    w, h = 3000, 2250
    ppm = frac * w / 85.6  # the card's long side is this share of the frame's
    doc, alpha = _document("card", ppm, seed=2)
    frame = _on_desk(doc, alpha, (w, h), ((w - doc.shape[1]) // 2, (h - doc.shape[0]) // 3))
    r = process_frame(frame)
    assert r.page_found and not r.cut_off
    assert r.page_format == "ID1"
    assert r.dpi == pytest.approx(ppm * 25.4, rel=0.03)


_CARD_MISSED = pytest.mark.xfail(strict=True, reason="detector (issue 16): card quad wrong (IoU < 0.9) in this scene")


@pytest.mark.parametrize(
    "seed",
    [
        pytest.param(40, marks=_CARD_MISSED),
        pytest.param(41, marks=_CARD_MISSED),
        42,
        43,
        pytest.param(44, marks=_CARD_MISSED),
        45,
        46,
        47,
    ],
)
def test_id_card_scenes_of_the_second_family_get_the_card_class(seed):
    from archivist_desktop.imaging import quad_iou

    sc = _scene(seed=seed, kind="card", megapixels=5.0, blur="sharp", cut_off=False, occluder="none")
    r = process_frame(sc.image)
    assert r.page_found and quad_iou(np.array(r.quad), sc.quad) >= 0.9
    assert r.page_format == "ID1"
    assert r.dpi == pytest.approx(sc.px_per_mm * 25.4, rel=0.05)


# --------------------------------------------------------------------------- one faint edge


def test_a_quad_with_one_edge_much_fainter_than_the_others_is_no_page_edge():
    from archivist_desktop.imaging.page import _one_faint_edge

    # a shading line across a page (contrast 5.7) beside three real edges: not a page's outline
    assert _one_faint_edge((22.4, 12.5, 64.5, 5.7), (False,) * 4)
    # edges of uneven strength, none far below the others: a page under uneven light
    assert not _one_faint_edge((22.4, 12.5, 64.5, 9.0), (False,) * 4)
    assert not _one_faint_edge((30.0, 25.0, 28.0, 20.0), (False,) * 4)
    # a page running past the frame (an edge on the border has no contrast of its own)
    assert not _one_faint_edge((22.4, 12.5, float("nan"), 5.7), (False, False, True, False))
