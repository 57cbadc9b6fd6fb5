"""The numpydoc examples of ``archivist_desktop.imaging`` run as doctests, so they stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import archivist_desktop.imaging as imaging

MODULES = sorted(m.name for m in pkgutil.iter_modules(imaging.__path__, prefix="archivist_desktop.imaging."))


@pytest.mark.parametrize("name", MODULES)
def test_imaging_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} doctest examples failed in {name}"
