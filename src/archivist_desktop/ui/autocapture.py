"""When to capture automatically: a new page, still for a moment after a change, passing the checks.

Plain Python (no Qt), fed with one preview analysis at a time, so it is tested on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class AutoCaptureRule:
    """Fire once per page.

    The rule is *armed* by a change (motion above ``change``: a page put down, turned or
    swapped).  Armed, it fires when the motion has stayed below ``still`` for ``still_s``
    seconds while a whole page is seen (quad found, not cut off) with text edges
    (sharpness at least ``min_sharpness``).  Firing disarms it until the next change, so the same
    page is never captured twice in a row.
    """

    change: float = 0.02
    still: float = 0.006
    still_s: float = 0.6
    min_sharpness: float = 0.05
    armed: bool = False
    _still_since: float | None = None

    def reset(self, armed: bool = False) -> None:
        self.armed = armed
        self._still_since = None

    def checks_pass(self, quad, cut_off: bool, sharpness: float) -> bool:
        return quad is not None and not cut_off and not math.isnan(sharpness) and sharpness >= self.min_sharpness

    def feed(self, motion: float, quad, cut_off: bool, sharpness: float, now: float) -> bool:
        """Take one analysed preview frame; ``True`` means: capture now."""
        if motion >= self.change:
            self.armed = True
            self._still_since = None
            return False
        if motion > self.still or not self.checks_pass(quad, cut_off, sharpness):
            self._still_since = None
            return False
        if self._still_since is None:
            self._still_since = now
        if self.armed and now - self._still_since >= self.still_s:
            self.armed = False
            self._still_since = None
            return True
        return False

    @property
    def still_for(self) -> float | None:
        return self._still_since
