"""Live-view and camera helpers for the GUI's capture workspace (no Qt, no database).

The GUI may import only ``services`` (DESIGN.md §2), so this module is the one door to the
camera layer and to the cheap preview analysis: the Qt adapters in ``ui/capture`` build on
what is re-exported or wrapped here.  Everything is plain functions on NumPy arrays or bytes,
safe to call from any thread.
"""
from __future__ import annotations

import cv2
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
from archivist_desktop.imaging.preview import PreviewAnalysis, analyse_preview
from archivist_desktop.services.capture import JPEG_QUALITY, ProcessedPage, make_thumbnail, merge_id_card

__all__ = [
    "GrabbedFrame", "Grabber", "GrabberState", "GrabberStatus", "SourceInfo", "PreviewAnalysis",
    "analyse_preview", "list_devices", "open_source", "parse_spec", "preview_frame", "barcode_texts",
    "page_thumbnail", "merge_id_card_pages", "BACKEND_CHOICES",
]

#: camera backends offered in the settings dialog (see camera.sources.resolve_backend)
BACKEND_CHOICES = ("auto", "dshow", "msmf", "v4l2", "gstreamer", "ffmpeg", "any")


def preview_frame(frame: np.ndarray, long_side: int = 1280) -> np.ndarray:
    """A copy of ``frame`` (BGR) reduced to at most ``long_side`` pixels on its long side."""
    h, w = frame.shape[:2]
    scale = long_side / max(h, w)
    if scale >= 1.0:
        return np.ascontiguousarray(frame)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    # INTER_AREA straight from 13 MP costs ~65 ms; a bilinear step to twice the size and an exact
    # 2:1 area step cost ~12 ms and look the same at preview size.
    if scale < 0.5:
        frame = cv2.resize(frame, (size[0] * 2, size[1] * 2), interpolation=cv2.INTER_LINEAR)
    return cv2.resize(frame, size, interpolation=cv2.INTER_AREA)


def barcode_texts(frame: np.ndarray, long_side: int = 1600) -> list[str]:
    """Texts of the barcodes visible in a camera frame (reduced first: a cover sheet's barcode is large)."""
    small = preview_frame(frame, long_side)
    try:
        return [b.text for b in read_barcodes(small)]
    except ValueError:
        return []


def page_thumbnail(jpeg: bytes) -> bytes:
    """A small JPEG thumbnail of a stored page JPEG (decoded at reduced size)."""
    data = np.frombuffer(jpeg, np.uint8)
    img = cv2.imdecode(data, cv2.IMREAD_REDUCED_COLOR_4)
    if img is None:
        return b""
    return make_thumbnail(img)


def merge_id_card_pages(front: ProcessedPage, back: ProcessedPage) -> ProcessedPage:
    """One page with the front above the back (:func:`services.capture.merge_id_card`).

    The verdict is the worse of the two sides, the reasons the union of both, each side's
    process metadata kept under ``front`` / ``back``.
    """
    images = []
    for side in (front, back):
        img = cv2.imdecode(np.frombuffer(side.jpeg, np.uint8), cv2.IMREAD_COLOR)
        if img is None:
            raise ValueError("a side of the ID card could not be decoded")
        images.append(img)
    merged = merge_id_card(images[0], images[1])
    ok, buf = cv2.imencode(".jpg", merged, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ValueError("the merged ID card page could not be encoded")
    rank = {"accept": 0, "warn": 1, "reject": 2}
    verdict = max((front.verdict, back.verdict), key=lambda v: rank.get(v, 1))
    reasons = tuple(dict.fromkeys(front.reasons + back.reasons))
    h, w = merged.shape[:2]
    meta = {"id_card": True, "front": front.metadata, "back": back.metadata,
            "profile": front.metadata.get("profile", "default")}
    return ProcessedPage(buf.tobytes(), make_thumbnail(merged), w, h, verdict, reasons,
                         min(front.sharpness, back.sharpness), front.dpi, front.quad, meta,
                         front.elapsed_ms + back.elapsed_ms)
