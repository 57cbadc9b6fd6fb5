import cv2
import numpy as np
import pytest

from archivist_desktop.imaging import Profile, analyse_preview, estimate_skew, measure_sharpness
from archivist_desktop.imaging.quality import estimate_dpi, measure_exposure, verdict


@pytest.mark.parametrize("angle", [-9.3, -4.05, -0.4, 0.0, 0.73, 3.3, 8.8])
def test_skew_on_generated_pages(angle):
    from scenes import make_text_page

    img = make_text_page(int(abs(angle) * 100), angle, px_per_mm=5.0)
    before = img.copy()
    est = estimate_skew(img)
    np.testing.assert_array_equal(img, before)
    assert abs(est.angle - angle) < 0.1
    assert est.confidence > 0.3


@pytest.mark.parametrize("angle", [-7.5, 2.25, 6.0])
def test_skew_on_jdeskew_straight_page(datasets, angle):
    img = cv2.imread(str(datasets / "skew" / "jdeskew-straight" / "images" / "test.png"), cv2.IMREAD_GRAYSCALE)
    h, w = img.shape
    M = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), angle, 1.0)
    rot = cv2.warpAffine(img, M, (w, h), borderValue=255)
    assert abs(estimate_skew(rot).angle - angle) < 0.15


def test_skew_validates_and_handles_blank():
    with pytest.raises(ValueError):
        estimate_skew(np.zeros((50, 50), np.float32))
    with pytest.raises(ValueError):
        estimate_skew(np.zeros((50, 50), np.uint8), max_angle=90)
    blank = estimate_skew(np.full((300, 300), 240, np.uint8))
    assert blank.angle == 0.0 and blank.confidence == 0.0


def test_sharpness_orders_blur_levels():
    rng = np.random.default_rng(0)
    img = np.full((300, 300), 235, np.uint8)
    for _ in range(60):
        x, y = rng.integers(10, 280, 2)
        cv2.rectangle(img, (int(x), int(y)), (int(x) + 12, int(y) + 3), 20, -1)
        cv2.rectangle(img, (int(y), int(x)), (int(y) + 3, int(x) + 12), 20, -1)
    s0 = measure_sharpness(img)
    s1 = measure_sharpness(cv2.GaussianBlur(img, (0, 0), 1.5))
    s2 = measure_sharpness(cv2.GaussianBlur(img, (0, 0), 3.0))
    assert s0 > 0.4 > s1 > s2
    assert np.isnan(measure_sharpness(np.full((100, 100), 200, np.uint8)))


def test_exposure_measures():
    page = np.full((400, 300, 3), 225, np.uint8)
    cv2.putText(page, "TEXT", (40, 200), cv2.FONT_HERSHEY_SIMPLEX, 2, (20, 20, 20), 4)
    paper, clipped, glare, ink = measure_exposure(page)
    assert paper == pytest.approx(225, abs=1) and clipped == 0 and glare == 0 and ink > 0.005
    lit = page.copy()
    cv2.circle(lit, (150, 100), 30, (255, 255, 255), -1)
    assert measure_exposure(lit)[2] > 0.01
    with pytest.raises(ValueError):
        measure_exposure(page[:, :, 0])


def test_dpi_guess_and_verdict():
    prof = Profile()
    # A4 page 2480 px long on a 4208 px frame (~480 mm field): 212 dpi, A4
    dpi, fmt = estimate_dpi(1754, 2480, 4208, prof)
    assert fmt == "A4" and dpi == pytest.approx(212.1, abs=0.5)
    # an A3 page filling the frame
    assert estimate_dpi(2800, 3960, 4208, prof)[1] == "A3"
    # an ID card
    assert estimate_dpi(540, 856, 4208, prof)[1] == "ID1"
    assert estimate_dpi(1000, 1000, 4208, prof) == (None, None)
    calibrated = Profile(camera_px_per_mm=10.0)
    assert estimate_dpi(2100, 2970, 4208, calibrated) == (pytest.approx(254.0), "A4")
    assert verdict([], prof) == "accept"
    assert verdict(["low_dpi"], prof) == "warn"
    assert verdict(["low_dpi", "blurry"], prof) == "reject"
    assert verdict(["blurry"], prof, blurry_severity="warn") == "warn"
    with pytest.raises(ValueError):
        verdict(["smudged"], prof)


def test_preview(make):
    sc = make(seed=71, mat="dark", rotation=5.0)
    f = cv2.resize(sc.image, (1280, 960), interpolation=cv2.INTER_AREA)
    a = analyse_preview(f)
    assert a.quad is not None and a.motion == 0.0 and a.sharpness > 0.2
    from archivist_desktop.imaging import quad_iou

    truth = (sc.quad + 0.5) * (1280 / sc.image.shape[1]) - 0.5
    assert quad_iou(np.array(a.quad), truth) > 0.95
    still = analyse_preview(f, a.thumb)
    moved = analyse_preview(np.roll(f, 60, axis=1), a.thumb)
    assert still.motion < 0.002 < moved.motion
    with pytest.raises(ValueError):
        analyse_preview(f, np.zeros((3, 3), np.float32))
