"""Orientation detection: the text-line axis (0/180 against 90/270) on real photos and
generated pages turned by 0/90/180/270°, and the turn convention of ``upright``."""

from __future__ import annotations

import numpy as np
import pytest

from archivist_desktop.imaging.orientation import detect_orientation, upright


@pytest.fixture(scope="module")
def real(datasets):
    from bench_orientation import real_pages

    return real_pages()


def test_axis_of_real_photos_turned_four_ways(real):
    wrong = []
    for pid, _kind, page in real:
        for a in (0, 90, 180, 270):
            o = detect_orientation(np.rot90(page, a // 90))
            if (o.turn - a) % 180:
                wrong.append((pid, a, o.turn))
    assert wrong == []


def test_axis_of_generated_pages_turned_four_ways():
    from bench_orientation import generated_pages

    wrong = []
    for pid, _kind, page in generated_pages(6):
        for a in (0, 90, 180, 270):
            o = detect_orientation(np.rot90(page, a // 90))
            if (o.turn - a) % 180:
                wrong.append((pid, a, o.turn))
    assert wrong == []


def test_blank_page_is_left_alone():
    o = detect_orientation(np.full((600, 400, 3), 235, np.uint8))
    assert (o.turn, o.confidence, o.n_lines) == (0, 0.0, 0)


def test_upright_undoes_a_turn():
    page = np.arange(6 * 4 * 3, dtype=np.uint8).reshape(6, 4, 3)
    for k in range(4):
        assert np.array_equal(upright(np.rot90(page, k), 90 * k), page)
