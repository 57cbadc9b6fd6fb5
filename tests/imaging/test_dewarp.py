"""Book mode imaging: flattening a curved page, splitting a spread, removing fingers (synthetic pages)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from archivist_desktop.imaging.book import process_book
from archivist_desktop.imaging.dewarp import dewarp_page, find_text_lines, line_fit_residual
from archivist_desktop.imaging.spread import find_gutter, remove_fingers, split_spread

WORDS = "abcdefghkmnoprstuvwxyz"


def text_page(h: int = 900, w: int = 700, seed: int = 0, ink: int = 30) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = np.full((h, w, 3), 235, np.uint8)
    y = 70
    while y < h - 60:
        x = 50
        while x < w - 80:
            word = "".join(rng.choice(list(WORDS), int(rng.integers(2, 8))))
            cv2.putText(img, word, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (ink, ink, ink), 2, cv2.LINE_AA)
            x += cv2.getTextSize(word, cv2.FONT_HERSHEY_SIMPLEX, 0.6, 2)[0][0] + 14
        y += 30
    return img


def cylinder(img: np.ndarray, amp: float = 0.06) -> np.ndarray:
    """Bend the page like a sheet rising towards the right-hand gutter (known field)."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = amp * h * (xx / w) ** 2 * (1.0 + 0.8 * (yy / h - 0.5))
    return cv2.remap(img, xx, yy - d, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


@pytest.fixture(scope="module")
def flat() -> np.ndarray:
    return text_page()


def test_curved_page_is_flattened(flat):
    curved = cylinder(flat)
    before = line_fit_residual(find_text_lines(curved), curved.shape[0])
    r = dewarp_page(curved)
    assert r.changed and r.reason == "flattened"
    after = line_fit_residual(find_text_lines(r.image), curved.shape[0])
    assert after <= 0.5 * before, (before, after)
    assert r.image.shape == curved.shape
    assert len(find_text_lines(r.image)) >= 0.8 * len(find_text_lines(flat))


def test_flat_page_is_returned_unchanged(flat):
    r = dewarp_page(flat)
    assert not r.changed and r.image is flat
    blank = np.full((300, 200, 3), 240, np.uint8)
    assert dewarp_page(blank).image is blank


def test_spread_splits_in_reading_order():
    left, right = text_page(600, 420, seed=1, ink=20), text_page(600, 420, seed=2, ink=90)
    spread = np.hstack([left, right])
    # the fold: a shadow darkening towards the middle
    x = np.arange(spread.shape[1], dtype=np.float32)
    shade = 1.0 - 0.45 * np.exp(-(((x - 420) / 12.0) ** 2))
    spread = (spread.astype(np.float32) * shade[None, :, None]).astype(np.uint8)
    gut = find_gutter(spread)
    assert gut is not None and abs(gut.x - 420) <= 8
    pages = split_spread(spread)
    assert len(pages) == 2
    # reading order: the left page (darker ink) first
    assert pages[0].mean() < pages[1].mean()
    assert split_spread(left)[0] is left  # a single (portrait) page is not split


def test_finger_at_the_margin_is_removed_text_kept(flat):
    page = flat.copy()
    skin = (120, 150, 205)  # BGR of a light skin tone
    cv2.ellipse(page, (0, 450), (70, 28), 0, 0, 360, skin, -1)  # a thumb over the left margin
    out, share = remove_fingers(page)
    assert share > 0
    roi = out[440:460, 0:45].reshape(-1, 3).astype(int)
    assert np.abs(roi - np.array([235, 235, 235])).max() <= 12  # paper colour now
    # text away from the finger is not touched
    assert np.array_equal(out[:, 150:], page[:, 150:])
    clean, share0 = remove_fingers(flat)
    assert share0 == 0 and clean is flat


def test_process_book_gives_two_flat_pages_left_first():
    left, right = cylinder(text_page(600, 420, seed=3), 0.05), text_page(600, 420, seed=4)
    spread = np.hstack([left, right])
    x = np.arange(spread.shape[1], dtype=np.float32)
    spread = (spread.astype(np.float32) * (1 - 0.45 * np.exp(-(((x - 420) / 12.0) ** 2)))[None, :, None]).astype(
        np.uint8
    )
    frame = np.full((800, 1100, 3), 45, np.uint8)
    frame[100:700, 130:970] = spread
    pages = process_book(frame)
    assert [p.metadata["book"]["page"] for p in pages] == [1, 2]
    assert pages[0].metadata["book"]["dewarp"]["changed"]
    assert not pages[1].metadata["book"]["dewarp"]["changed"]
