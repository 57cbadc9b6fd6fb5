"""Box labels (DA/T 22): a 100×50 mm front label, a 30×100 mm spine strip, an A4 sheet of labels.

One painting path for paper and PDF: :func:`prepare_device` sets the page of any
``QPagedPaintDevice`` (a ``QPrinter`` from the print dialog or a ``QPdfWriter``) and
:func:`paint_labels` paints on it.  :func:`render_labels_pdf` is those two on a ``QPdfWriter``.

Barcodes are vector rectangles: Code 128 of the box number (ASCII, python-barcode computes the
modules) and a QR code of the box's archival codes (UTF-8, segno computes the modules), each
with its quiet zone.  Chinese text uses a CJK font (Noto Sans CJK SC where installed).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from archivist_desktop.domain.records import BoxLabelData
from archivist_desktop.domain.text import printable

#: label sizes in millimetres (width, height) of one label
SIZES = {"100x50": (100.0, 50.0), "spine": (30.0, 100.0), "a4": (100.0, 50.0)}
#: the A4 sheet: 2 × 5 labels of 100×50 mm, centred
A4 = (210.0, 297.0)
A4_GRID = (2, 5)
CJK_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK JP",
]
CODE128_QUIET = 10  # modules each side
QR_QUIET = 4  # modules each side
PDF_DPI = 1200


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new offscreen ``QGuiApplication`` for command-line rendering."""
    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and os.name != "nt":
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["archivist-desktop"])
    assert isinstance(app, QGuiApplication), "a QCoreApplication cannot render: start a QGuiApplication"
    return app


def check_size(size: str) -> str:
    if size not in SIZES:
        raise ValueError(f"unknown label size {size!r}: use {', '.join(SIZES)}")
    return size


def page_size_mm(size: str) -> tuple[float, float]:
    return A4 if check_size(size) == "a4" else SIZES[size]


def prepare_device(device: QPagedPaintDevice, size: str) -> None:
    """Give ``device`` (``QPrinter`` or ``QPdfWriter``) the page of ``size`` with no margins."""
    w, h = page_size_mm(size)
    page = QPageSize(QSizeF(w, h), QPageSize.Unit.Millimeter, f"label {size}", QPageSize.SizeMatchPolicy.ExactMatch)
    layout = QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    layout.setMinimumMargins(QMarginsF(0, 0, 0, 0))
    device.setPageLayout(layout)
    if hasattr(device, "setFullPage"):  # QPrinter: paint from the paper's corner
        device.setFullPage(True)


def prepare_a4(device: QPagedPaintDevice) -> None:
    """An A4 portrait page with no margins (the painting keeps its own)."""
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )
    layout.setMinimumMargins(QMarginsF(0, 0, 0, 0))
    device.setPageLayout(layout)
    if hasattr(device, "setFullPage"):
        device.setFullPage(True)


class _Canvas:
    """Millimetre drawing helpers over a painter on a device of ``dpi`` dots per inch."""

    def __init__(self, painter: QPainter, dpi: float, origin: tuple[float, float] = (0.0, 0.0)):
        self.p = painter
        self.k = dpi / 25.4
        self.ox, self.oy = origin

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF((self.ox + x) * self.k, (self.oy + y) * self.k, w * self.k, h * self.k)

    def font(self, height_mm: float, bold: bool = False) -> QFont:
        f = QFont()
        f.setFamilies(CJK_FAMILIES)
        f.setPixelSize(max(1, round(height_mm * self.k)))
        f.setBold(bold)
        return f

    def text(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        s: str,
        size: float,
        bold: bool = False,
        align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    ) -> None:
        s = printable(s)  # no bidirectional overrides or other controls reach the paper
        font = self.font(size, bold)
        # shrink to fit: a long organisation name or box number must never be clipped
        while size > 1.2 and QFontMetricsF(font).horizontalAdvance(s) > w * self.k:
            size *= 0.92
            font = self.font(size, bold)
        self.p.setFont(font)
        self.p.setPen(QColor("black"))
        self.p.drawText(self.rect(x, y, w, h), int(align), s)

    def frame(self, x: float, y: float, w: float, h: float, line_mm: float = 0.3) -> None:
        pen = QPen(QColor("black"))
        pen.setWidthF(line_mm * self.k)
        self.p.setPen(pen)
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRect(self.rect(x, y, w, h))

    def fill(self, r: QRectF) -> None:
        self.p.fillRect(r, QColor("black"))


def code128_modules(text: str) -> str:
    """The bar/space modules of ``text`` as Code 128 ('1' = bar), with check symbol and stop."""
    import barcode

    if not text.isascii():
        raise ValueError("a Code 128 box number must be ASCII")
    return barcode.get("code128", text).build()[0]


def draw_code128(c: _Canvas, text: str, x: float, y: float, w: float, h: float, vertical: bool = False) -> None:
    """Bars of ``text`` filling the box (x, y, w, h) in mm, quiet zones included; ``vertical``
    runs the code from top to bottom (for the spine strip)."""
    modules = code128_modules(text)
    total = len(modules) + 2 * CODE128_QUIET
    length = h if vertical else w
    m = length / total
    run_start = None
    for i, bit in enumerate(modules + "0"):
        if bit == "1" and run_start is None:
            run_start = i
        elif bit != "1" and run_start is not None:
            a = (CODE128_QUIET + run_start) * m
            b = (CODE128_QUIET + i) * m
            c.fill(c.rect(x, y + a, w, b - a) if vertical else c.rect(x + a, y, b - a, h))
            run_start = None


def qr_matrix(payload: str) -> list[list[bool]]:
    import segno

    qr = segno.make_qr(payload, encoding="utf-8", error="m", boost_error=False)
    return [[bool(v) for v in row] for row in qr.matrix]


def draw_qr(c: _Canvas, payload: str, x: float, y: float, side: float) -> None:
    matrix = qr_matrix(payload)
    n = len(matrix) + 2 * QR_QUIET
    m = side / n
    for r, row in enumerate(matrix):
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                c.fill(c.rect(x + (QR_QUIET + start) * m, y + (QR_QUIET + r) * m, (col - start) * m, m))
            else:
                col += 1


def _fields(label: BoxLabelData) -> list[tuple[str, str]]:
    t = label.texts
    return [
        (t.fonds, label.fonds),
        (t.year, str(label.year)),
        (t.retention, f"{label.retention_zh}（{label.retention_code}）"),
        (t.items, label.item_range or "—"),
        (t.box, label.box_no),
    ]


def paint_front(c: _Canvas, label: BoxLabelData) -> None:
    """A 100×50 mm label at the canvas origin."""
    t = label.texts
    c.frame(1, 1, 98, 48)
    c.text(4, 2.5, 22, 7, t.title, 5.0, bold=True)
    c.text(27, 2.5, 42, 7, label.organisation, 3.0)
    y = 10.0
    for name, value in _fields(label):
        c.text(4, y, 17, 4.6, name, 2.9)
        c.text(21, y, 47, 4.6, value, 3.1, bold=name == t.box)
        y += 4.6
    draw_qr(c, label.qr_payload, 69, 3, 28)
    draw_code128(c, label.box_no, 4, 34, 92, 10)
    c.text(4, 44.2, 92, 4, label.box_no, 2.8, align=Qt.AlignmentFlag.AlignCenter)


def paint_spine(c: _Canvas, label: BoxLabelData) -> None:
    """A 30×100 mm spine strip at the canvas origin."""
    t = label.texts
    c.frame(0.8, 0.8, 28.4, 98.4)
    c.text(2, 2, 26, 5.5, t.title, 4.2, bold=True, align=Qt.AlignmentFlag.AlignCenter)
    y = 8.0
    for name, value in _fields(label)[:4]:
        c.text(2.5, y, 25, 3.0, name, 2.2)
        c.text(2.5, y + 2.8, 25, 3.4, value, 2.8, bold=True)
        y += 6.4
    c.text(2.5, y, 25, 3.0, t.box, 2.2)
    c.text(1.5, y + 2.8, 27, 3.4, label.box_no, 2.6, bold=True)
    draw_qr(c, label.qr_payload, 4, 40.5, 22)
    draw_code128(c, label.box_no, 6, 63, 18, 35.5, vertical=True)


def paint_labels(device: QPagedPaintDevice, labels: Sequence[BoxLabelData], size: str) -> None:
    """Paint ``labels`` on ``device`` (already prepared with :func:`prepare_device`): one label a page,
    or 2 × 5 labels a page on the A4 sheet."""
    check_size(size)
    if not labels:
        raise ValueError("no labels to paint")
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("could not start painting on the printer or PDF file")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        dpi = device.logicalDpiX()
        if size == "a4":
            cols, rows = A4_GRID
            lw, lh = SIZES["a4"]
            left, top = (A4[0] - cols * lw) / 2, (A4[1] - rows * lh) / 2
            per_page = cols * rows
            for i, label in enumerate(labels):
                if i and i % per_page == 0:
                    device.newPage()
                k = i % per_page
                paint_front(_Canvas(painter, dpi, (left + (k % cols) * lw, top + (k // cols) * lh)), label)
        else:
            for i, label in enumerate(labels):
                if i:
                    device.newPage()
                (paint_front if size == "100x50" else paint_spine)(_Canvas(painter, dpi), label)
    finally:
        painter.end()


def render_labels_pdf(labels: Sequence[BoxLabelData], size: str, path: Path) -> Path:
    """Write the labels to a PDF file through the printing path."""
    ensure_gui_app()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Archivist Desktop")
    writer.setTitle(f"box labels {', '.join(label.box_no for label in labels)}")
    prepare_device(writer, size)
    paint_labels(writer, labels, size)
    del writer  # closes the file
    return path
