"""Text put on paper and into PDFs: names come from the business system and from people, so
invisible controls that reorder or hide what is printed are removed first.

>>> printable("\u202eGNP.exe\u202c 张三")
'GNP.exe 张三'
>>> printable("a\u2066b\u2069c\u200ed\u200f")
'abcd'
>>> printable("line one\\nline\\x00 two")
'line one line two'
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "printable"]

#: bidirectional embedding, override and isolate controls, and the direction marks
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)] + ["\u200e", "\u200f", "\u061c"]
)
_REMOVE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BREAKS = re.compile(r"[\t\r\n]+")


def printable(text: object) -> str:
    """``text`` without bidirectional controls and other control characters (line breaks become spaces)."""
    s = "" if text is None else str(text)
    return _REMOVE.sub("", _BREAKS.sub(" ", s))
