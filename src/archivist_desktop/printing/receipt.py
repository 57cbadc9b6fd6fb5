"""The hand-over list (移交清单): the archive room's receipt for documents received, as an A4 PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPagedPaintDevice, QPainter, QPdfWriter

from archivist_desktop.printing.labels import _Canvas, ensure_gui_app, prepare_a4


@dataclass(frozen=True)
class ReceiptLine:
    work_order_no: str
    customer_no: str
    customer_name: str
    document: str
    pages: int


@dataclass(frozen=True)
class ReceiptData:
    hand_over_no: str
    organisation: str
    received_by: str
    from_team: str
    at: str
    lines: tuple[ReceiptLine, ...]


#: column (title, width in mm)
COLUMNS = (("序号", 12), ("工单号", 38), ("户号", 28), ("客户名称", 40), ("文件名称", 52), ("页数", 12))
ROW_H = 7.0
LEFT, TOP, BOTTOM = 14.0, 15.0, 282.0


def paint_receipt(device: QPagedPaintDevice, data: ReceiptData) -> None:
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("could not start painting the hand-over list")
    try:
        c = _Canvas(painter, device.logicalDpiX())
        width = sum(w for _, w in COLUMNS)
        page_no = 1

        def header(y: float) -> float:
            c.text(LEFT, y, width, 10, "档案移交清单", 6.0, bold=True, align=Qt.AlignmentFlag.AlignCenter)
            y += 12
            c.text(LEFT, y, width / 2, 5, f"移交单号：{data.hand_over_no}", 3.2)
            c.text(LEFT + width / 2, y, width / 2, 5, f"接收单位：{data.organisation}", 3.2)
            y += 6
            c.text(LEFT, y, width / 2, 5, f"移交班组：{data.from_team or '—'}", 3.2)
            c.text(LEFT + width / 2, y, width / 2, 5, f"接收时间：{data.at}", 3.2)
            y += 8
            x = LEFT
            for title, w in COLUMNS:
                c.frame(x, y, w, ROW_H, 0.25)
                c.text(x + 1, y, w - 2, ROW_H, title, 3.0, bold=True, align=Qt.AlignmentFlag.AlignCenter)
                x += w
            return y + ROW_H

        y = header(TOP)
        for n, line in enumerate(data.lines, 1):
            if y + ROW_H > BOTTOM - 30:
                c.text(LEFT, BOTTOM, width, 5, f"第 {page_no} 页", 2.8, align=Qt.AlignmentFlag.AlignCenter)
                device.newPage()
                page_no += 1
                y = header(TOP)
            x = LEFT
            for (_title, w), value in zip(
                COLUMNS,
                (str(n), line.work_order_no, line.customer_no, line.customer_name, line.document, str(line.pages)),
                strict=True,
            ):
                c.frame(x, y, w, ROW_H, 0.2)
                c.text(x + 1, y, w - 2, ROW_H, value, 2.9)
                x += w
            y += ROW_H
        y += 6
        pages = sum(line.pages for line in data.lines)
        c.text(LEFT, y, width, 5, f"共 {len(data.lines)} 份文件，{pages} 页。", 3.2)
        y += 10
        c.text(LEFT, y, width / 2, 6, "移交人（签字）：", 3.4)
        c.text(LEFT + width / 2, y, width / 2, 6, f"接收人（签字）：{data.received_by}", 3.4)
        c.text(LEFT, BOTTOM, width, 5, f"第 {page_no} 页", 2.8, align=Qt.AlignmentFlag.AlignCenter)
    finally:
        painter.end()


def render_receipt_pdf(data: ReceiptData, path: Path) -> Path:
    ensure_gui_app()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(600)
    writer.setCreator("Archivist Desktop")
    writer.setTitle(f"移交清单 {data.hand_over_no}")
    prepare_a4(writer)
    paint_receipt(writer, data)
    del writer
    return path
