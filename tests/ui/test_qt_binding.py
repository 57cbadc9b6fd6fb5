"""The Qt binding keeps Python's reference counts balanced.

PySide6 6.12.0 released one reference to ``None`` too many on every call of a method that returns
void (``QFont.setBold``, ``QPainter.setPen``, ...).  On CPython 3.11, where ``None`` is not immortal,
the count then reaches zero during a long live view or print run and the interpreter aborts
("none_dealloc" / "bool_dealloc").  ``constraints.txt`` pins a good binding; this test fails on a bad one.
"""

from __future__ import annotations

import sys

import pytest

from archivist_desktop.ui.qt import QColor, QFont, QImage, QPainter, QPen, QPointF, QRectF, Qt

CALLS = 300  # few enough that a bad binding fails here instead of aborting the run


def _void_calls(painter: QPainter, font: QFont, image: QImage) -> object:
    font.setPixelSize(20)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QPen(QColor("black")))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(0, 0, 10, 10))
    painter.fillRect(QRectF(0, 0, 5, 5), QColor("white"))
    painter.drawImage(QPointF(0, 0), image)
    return (font.bold(), painter.isActive(), image.isNull())  # methods returning bool


@pytest.mark.parametrize("obj", [None, True, False], ids=["None", "True", "False"])
def test_void_methods_leave_reference_counts_alone(qapp, obj):
    target = QImage(64, 64, QImage.Format.Format_RGB32)
    small = QImage(8, 8, QImage.Format.Format_RGB32)
    painter = QPainter(target)
    font = QFont()
    try:
        _void_calls(painter, font, small)  # warm up caches
        before = sys.getrefcount(obj)
        for _ in range(CALLS):
            _void_calls(painter, font, small)
        after = sys.getrefcount(obj)
    finally:
        painter.end()
    # 8 void calls a round: a binding that loses a reference a call is off by 2 400
    assert abs(after - before) < CALLS // 4, f"reference count of {obj!r} moved by {after - before}"
