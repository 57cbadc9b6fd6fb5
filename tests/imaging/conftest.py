"""Fixtures for the imaging tests: the scene generator and the shared datasets."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "bench") not in sys.path:
    sys.path.insert(0, str(REPO / "bench"))

DATASETS = (REPO / ".." / "shared" / "datasets").resolve()


@pytest.fixture(scope="session")
def datasets() -> Path:
    if not DATASETS.is_dir():
        pytest.skip(f"shared datasets not found at {DATASETS} (expected ../shared/datasets next to the repo)")
    return DATASETS


@functools.lru_cache(maxsize=32)
def scene(**kw):
    """A cached generated scene (5 MP unless told): ``scene(seed=1, mat="dark")``."""
    from scenes import SceneSpec, make_scene

    kw.setdefault("megapixels", 5)
    return make_scene(SceneSpec(**kw))


@pytest.fixture(scope="session")
def make():
    return scene
