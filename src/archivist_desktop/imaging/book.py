"""Book mode: one camera frame of an open book becomes its pages, in reading order.

:func:`process_book` runs the ordinary pipeline (:func:`~.pipeline.process_frame`: page found,
cropped, deskewed, judged) on the frame, splits a two-page spread at its gutter
(:func:`~.spread.split_spread`), removes fingers at each page's margins
(:func:`~.spread.remove_fingers`) and flattens each page's curvature (:func:`~.dewarp.dewarp_page`).
Each page keeps the spread's quality verdict; what book mode did is recorded under
``metadata["book"]``.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from .dewarp import dewarp_page
from .pipeline import PageResult, process_frame
from .profiles import Profile
from .spread import find_gutter, remove_fingers

__all__ = ["process_book"]


def process_book(frame: np.ndarray, profile: Profile | None = None) -> list[PageResult]:
    """The pages of an open book in a frame: one or two :class:`PageResult`, left page first.

    Examples
    --------
    >>> frame = np.full((600, 800, 3), 40, np.uint8)
    >>> frame[100:500, 250:530] = 235
    >>> [r.page.shape[:2] for r in process_book(frame)]
    [(400, 280)]
    """
    t0 = time.perf_counter()
    spread = process_frame(frame, profile)
    page = spread.page
    gut = find_gutter(page)
    parts = [page] if gut is None else [page[:, : gut.x], page[:, gut.x :]]
    out: list[PageResult] = []
    for i, part in enumerate(parts):
        clean, finger_share = remove_fingers(np.ascontiguousarray(part))
        dw = dewarp_page(clean)
        meta = dict(spread.metadata)
        meta["book"] = {
            "page": i + 1,
            "of": len(parts),
            "gutter_x": None if gut is None else gut.x,
            "gutter": None if gut is None else {"depth": gut.depth, "kind": gut.kind},
            "fingers_filled": finger_share,
            "dewarp": dw.as_dict(),
        }
        out.append(
            dataclasses.replace(
                spread,
                page=np.ascontiguousarray(dw.image),
                metadata=meta,
                elapsed_ms=(time.perf_counter() - t0) * 1e3,
            )
        )
    return out
