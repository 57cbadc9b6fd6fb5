"""The screenshot scripts' one way of letting the window catch up: run Qt's events for a while."""

from __future__ import annotations

import time
from collections.abc import Callable


def settler(app) -> Callable[..., bool]:
    """``settle(seconds, until=...)``: process events for up to ``seconds``, sooner when ``until()`` holds."""

    def settle(seconds: float = 1.0, until: Callable[[], bool] = lambda: False) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            if until():
                return True
            time.sleep(0.02)
        return until()

    return settle
