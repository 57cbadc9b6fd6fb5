"""Where the application finds its resources and keeps its data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "ArchivistDesktop"


def resources_dir() -> Path:
    """``$ARCHIVIST_RESOURCES``, else the installed bundle's (PyInstaller), else the source tree's ``resources/``."""
    env = os.environ.get("ARCHIVIST_RESOURCES")
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    if bundle and (Path(bundle) / "resources").is_dir():
        return Path(bundle) / "resources"
    source = Path(__file__).resolve().parents[2] / "resources"
    if source.is_dir():
        return source
    raise FileNotFoundError("cannot find the resources directory; set ARCHIVIST_RESOURCES")


def default_data_dir() -> Path:
    """``$ARCHIVIST_DATA_DIR``, else the per-user data directory."""
    env = os.environ.get("ARCHIVIST_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def data_dir_from_args(args) -> Path:
    value = getattr(args, "data_dir", None)
    return Path(value).expanduser() if value else default_data_dir()
