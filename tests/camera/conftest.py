"""Fixtures of the camera tests."""

from __future__ import annotations

import pytest

from archivist_desktop.camera import Grabber


@pytest.fixture
def grabbers():
    """Make grabbers that are stopped at teardown even when the test fails."""
    made: list[Grabber] = []

    def make(source, **options) -> Grabber:
        g = Grabber(source, **options)
        made.append(g)
        return g

    yield make
    for g in made:
        assert g.stop(timeout=5.0), "grab thread did not stop"
        assert not g.is_alive
