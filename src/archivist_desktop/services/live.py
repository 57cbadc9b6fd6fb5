"""Live-view and camera helpers for the GUI's capture workspace (no Qt, no database).

The GUI may import only ``services`` (DESIGN.md §2), so this module is the one door to the
camera layer and to the cheap preview analysis: the Qt adapters (``ui/camera_feed.py``,
``ui/capture_dialogs.py``) build on what is re-exported or wrapped here.  Everything is plain
functions on NumPy arrays or bytes, safe to call from any thread.
"""

from __future__ import annotations

import numpy as np

from archivist_desktop.camera import (
    GrabbedFrame,
    Grabber,
    GrabberState,
    GrabberStatus,
    SourceInfo,
    list_devices,
    open_source,
    parse_spec,
)
from archivist_desktop.imaging import read_barcodes
from archivist_desktop.imaging.derive import display_pixels, preview_image
from archivist_desktop.imaging.preview import PreviewAnalysis, analyse_preview

__all__ = [
    "BACKEND_CHOICES",
    "GrabbedFrame",
    "Grabber",
    "GrabberState",
    "GrabberStatus",
    "PreviewAnalysis",
    "SourceInfo",
    "analyse_preview",
    "barcode_texts",
    "display_pixels",
    "list_devices",
    "open_source",
    "parse_spec",
    "preview_image",
]

#: camera backends offered in the settings dialog (see camera.sources.resolve_backend)
BACKEND_CHOICES = ("auto", "dshow", "msmf", "v4l2", "gstreamer", "ffmpeg", "any")


def barcode_texts(frame: np.ndarray, long_side: int = 1600) -> list[str]:
    """Texts of the barcodes visible in a camera frame (reduced first: a cover sheet's barcode is large)."""
    try:
        return [b.text for b in read_barcodes(preview_image(frame, long_side))]
    except ValueError:
        return []
