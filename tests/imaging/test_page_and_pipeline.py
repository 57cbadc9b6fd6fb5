import math

import cv2
import numpy as np
import pytest

from archivist_desktop.imaging import detect_page, load_profile, order_quad, process_frame, quad_iou
from archivist_desktop.imaging.page import quad_angle_deg


@pytest.mark.parametrize(
    "kw",
    [
        dict(seed=1, mat="dark", rotation=7.0),
        dict(seed=2, mat="light", rotation=-4.0),
        dict(seed=3, mat="textured", rotation=12.0),
        dict(seed=4, mat="low_contrast", rotation=-9.0),
        dict(seed=5, mat="light", rotation=3.0, hand=True),
        dict(seed=6, mat="low_contrast", rotation=-2.0, shadow=True, light=0.4),
        dict(seed=7, mat="dark", rotation=5.0, glare=True),
        dict(seed=8, mat="textured", rotation=-6.0, page_mm=(297.0, 210.0)),
    ],
)
def test_detection_on_generated_scenes(make, kw):
    sc = make(**kw)
    before = sc.image.copy()
    det = detect_page(sc.image)
    np.testing.assert_array_equal(sc.image, before)
    assert det.found and not det.cut_off
    assert quad_iou(det.quad, sc.quad) >= 0.98
    assert abs(quad_angle_deg(det.quad) - sc.angle) < 0.3


def test_cut_off_page(make):
    sc = make(seed=21, mat="dark", rotation=4.0, cut_off=True)
    r = process_frame(sc.image)
    assert r.page_found and r.cut_off and "cut_off" in r.reasons
    # the visible edges still give the rotation
    assert abs(r.skew_deg - sc.angle) < 0.5


def test_empty_mat_is_no_page(make):
    sc = make(seed=22, mat="textured", with_page=False)
    r = process_frame(sc.image)
    assert "no_page" in r.reasons and r.verdict == "reject"


def test_cropped_scan_is_the_whole_page():
    from scenes import make_text_page

    img = make_text_page(5, 0.0, px_per_mm=4.0)
    det = detect_page(img)
    assert not det.found
    h, w = img.shape[:2]
    assert np.allclose(det.quad, [[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, h - 0.5], [-0.5, h - 0.5]])


def test_detect_page_validates():
    with pytest.raises(ValueError):
        detect_page(np.zeros((100, 100), np.uint8))
    with pytest.raises(ValueError):
        detect_page(np.zeros((8, 8, 3), np.uint8))


def test_order_quad_and_iou():
    q = order_quad([[10, 10], [0, 10], [0, 0], [10, 0]])
    assert q.tolist() == [[0, 0], [10, 0], [10, 10], [0, 10]]
    assert quad_iou(q, q) == pytest.approx(1.0)
    assert quad_iou(q, q + np.array([5, 0])) == pytest.approx(50 / 150)


def test_pipeline_on_generated_frame(make):
    sc = make(seed=31, mat="dark", rotation=6.5, keystone=0.015)
    r = process_frame(sc.image, load_profile("default"))
    assert quad_iou(np.array(r.quad), sc.quad) >= 0.98
    assert abs(r.skew_deg - sc.angle) < 0.15
    # an A4 page: output aspect √2, content now straight, colour kept
    h, w = r.page.shape[:2]
    assert h / w == pytest.approx(297 / 210, rel=0.02)
    from archivist_desktop.imaging import estimate_skew

    assert abs(estimate_skew(cv2.resize(r.page, None, fx=0.5, fy=0.5)).angle) < 0.1
    assert (
        r.page.ndim == 3 and np.abs(r.page[:, :, 2].astype(int) - r.page[:, :, 0]).max() > 60
    )  # the red seal survives
    assert r.dpi == pytest.approx(sc.px_per_mm * 25.4, rel=0.03)
    assert "blurry" not in r.reasons and r.sharpness > 0.3
    assert r.metadata["profile"] == "default" and len(r.metadata["homography"]) == 3
    assert r.elapsed_ms > 0


@pytest.mark.parametrize("blur", [("gaussian", 2.0), ("motion", 12.0, 30.0), ("defocus", 4.0)])
def test_blurred_frames_are_flagged(make, blur):
    from scenes import finish

    sc = make(seed=41, mat="light", rotation=2.0, blur=None, noise=0.0, jpeg_quality=None)
    # 5 MP: blur amounts scaled from the 13 MP thresholds (σ 3, motion 18, defocus 6)
    r = process_frame(finish(sc, blur, 2.0, 88).image)
    assert "blurry" in r.reasons and r.verdict in ("warn", "reject")
    sharp = process_frame(finish(sc, None, 2.0, 88).image)
    assert "blurry" not in sharp.reasons


def test_dark_and_glare_frames(make):
    dark = process_frame(make(seed=51, mat="dark", rotation=1.0, exposure=0.3).image)
    assert "too_dark" in dark.reasons and dark.verdict == "reject"
    glare = process_frame(make(seed=52, mat="dark", rotation=1.0, glare=True).image)
    assert "glare" in glare.reasons


def test_grey_16bit_and_tiny_inputs(make):
    sc = make(seed=61, mat="dark", rotation=3.0)
    small = cv2.resize(sc.image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    rg = process_frame(grey)
    r16 = process_frame(small.astype(np.uint16) * 257)
    assert rg.page_found and r16.page_found
    assert abs(rg.skew_deg - sc.angle) < 0.3 and abs(r16.skew_deg - sc.angle) < 0.3
    with pytest.raises(ValueError, match="too small"):
        process_frame(np.zeros((1, 1, 3), np.uint8))
    with pytest.raises(ValueError):
        process_frame(np.zeros((10, 10, 5), np.uint8))


def test_scans_from_shared_dataset(datasets):
    import csv

    with open(datasets / "skew" / "deskew-tests" / "angles.csv") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows[:5]:
        img = cv2.imread(str(datasets / "skew" / "deskew-tests" / row["file"]))
        r = process_frame(img)
        # listed values are whole degrees good to ~0.6°; the content is rotated by -value
        assert abs(r.skew_deg + float(row["expected_angle_deg"])) < 1.0, row["file"]
        assert not math.isnan(r.sharpness)
