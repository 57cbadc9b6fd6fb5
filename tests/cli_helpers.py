"""Running the command line in-process as a signed-in person (tests/stations.py's password on stdin)."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence

from stations import PASSWORD


def signed_main(argv: Sequence[str], password: str = PASSWORD) -> int:
    """``main(argv)`` run as its ``--user``: ``--password-stdin`` with ``password`` on stdin."""
    from archivist_desktop.cli import main

    stdin = sys.stdin
    sys.stdin = io.StringIO(password + "\n")
    try:
        return main([*argv, "--password-stdin"])
    finally:
        sys.stdin = stdin
