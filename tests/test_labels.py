"""Box labels: rendered through the printing path to PDF, rasterised at 300 dpi with pdftoppm and
decoded with both zxing-cpp and pyzbar: the exact box number (Code 128) and the exact archival codes
(QR, UTF-8); the Chinese text is there with an embedded CJK font."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import cv2
import pytest
import zxingcpp
from pyzbar import pyzbar
from sqlalchemy import select

from archivist_desktop.domain.records import BoxLabelData
from archivist_desktop.printing.labels import paint_labels, prepare_device, render_labels_pdf
from archivist_desktop.services.boxes import box_label, put_in_box, render_box_labels, set_shelf
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.records import build_volumes, hand_over
from archivist_desktop.store.models import WorkOrder
from sample_data import capture_required, review_to_end
from stations import PASSWORD

HV, LV = "WO202611000123", "WO202611000124"


@pytest.fixture(autouse=True)
def _qt(qapp):
    """Painting needs a Qt application; pytest-qt's QApplication, never a bare QGuiApplication, so that
    widget tests later in the same process still work."""
    return qapp


def decode(png: Path) -> tuple[dict, dict]:
    """{format: [texts]} from zxing-cpp and from pyzbar."""
    image = cv2.imread(str(png))
    zx: dict[str, list[str]] = {}
    for r in zxingcpp.read_barcodes(image):
        zx.setdefault(r.format.name, []).append(r.text)
    zb: dict[str, list[str]] = {}
    for r in pyzbar.decode(image):
        zb.setdefault(r.type, []).append(r.data.decode("utf-8"))
    return zx, zb


def rasterise(pdf: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(pdf), str(pdf.with_suffix(""))], check=True)
    return sorted(pdf.parent.glob(pdf.stem + "-*.png"))


def assert_decodes(png: Path, labels: list[BoxLabelData]) -> None:
    zx, zb = decode(png)
    boxes = sorted(label.box_no for label in labels)
    payloads = sorted(label.qr_payload for label in labels)
    assert sorted(zx.get("Code128", [])) == boxes, zx
    assert sorted(zx.get("QRCode", [])) == payloads, zx
    # zbar reports each distinct symbol; the labels on one sheet are of different boxes
    assert sorted(zb.get("CODE128", [])) == boxes, zb
    assert sorted(zb.get("QRCODE", [])) == payloads, zb


@pytest.fixture
def boxes(archive, feed, make_station):
    """Two real boxes from the services: HV (permanent, shelved) and LV (30 years, boxed)."""
    station = make_station(feed=feed)
    station.add("clerk", "clerk2", "collector", "supervisor", "archivist")
    users = station.users
    out = []
    for no, clerk in ((HV, users["clerk"]), (LV, users["clerk2"])):
        items = capture_required(archive, clerk, no)
        send_for_review(archive, clerk, work_order_by_number(archive, no))
        review_to_end(archive, items, [u for n, u in users.items() if u != clerk])
        hand_over(archive, users["archivist"], work_order_nos=[no])
        with archive.read_session() as s:
            customer = s.execute(select(WorkOrder.customer_id).where(WorkOrder.work_order_no == no)).scalar_one()
        (vol,) = build_volumes(archive, users["archivist"], customer)
        out.append(put_in_box(archive, users["archivist"], vol.archival_code))
    set_shelf(archive, users["archivist"], out[0].box_no, "A01-03-05-2")
    return out


@pytest.mark.parametrize("size", ["100x50", "spine"])
def test_single_labels_decode_exactly(archive, boxes, tmp_path, size):
    pdf = render_box_labels(archive, [boxes[0].box_no], size, tmp_path / f"{size}.pdf")
    (png,) = rasterise(pdf)
    label = box_label(archive, boxes[0].box_no)
    assert label.archival_codes == ("Z109-YK-2026-Y-0001",) and label.box_no == "Z109-2026-Y-H0001"
    assert_decodes(png, [label])
    h, w = cv2.imread(str(png)).shape[:2]
    expected = (591, 1181) if size == "100x50" else (1181, 354)  # 300 dpi
    assert abs(h - expected[0]) <= 2 and abs(w - expected[1]) <= 2


def test_a4_sheet_from_the_command_line(archive, boxes, tmp_path):
    out = tmp_path / "sheet.pdf"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "archivist_desktop",
            "label",
            "--data-dir",
            str(archive.data_dir),
            "--box",
            boxes[0].box_no,
            boxes[1].box_no,
            "--size",
            "a4",
            "--out",
            str(out),
            "--user",
            "archivist",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["pdf"] == str(out)
    (png,) = rasterise(out)
    assert_decodes(png, [box_label(archive, b.box_no) for b in boxes])
    listing = subprocess.run(
        [
            sys.executable,
            "-m",
            "archivist_desktop",
            "boxes",
            "--json",
            "--data-dir",
            str(archive.data_dir),
            "--user",
            "archivist",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
    )
    assert json.loads(listing.stdout) == [
        {"box_no": "Z109-2026-D30-H0001", "shelf": None, "volumes": ["Z109-YK-2026-D30-0001"]},
        {"box_no": "Z109-2026-Y-H0001", "shelf": "A01-03-05-2", "volumes": ["Z109-YK-2026-Y-0001"]},
    ]
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "archivist_desktop",
            "label",
            "--data-dir",
            str(archive.data_dir),
            "--box",
            "NOPE",
            "--size",
            "a4",
            "--out",
            str(out),
            "--user",
            "archivist",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and "no box NOPE" in bad.stderr


def test_chinese_text_is_rendered_with_an_embedded_cjk_font(archive, boxes, tmp_path):
    pdf = render_box_labels(archive, [boxes[0].box_no], "100x50", tmp_path / "zh.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts and " yes " in fonts  # embedded
    text = unicodedata.normalize(
        "NFKC", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )
    for word in ("档案盒", "全宗号", "年度", "保管期限", "起止卷号", "盒号", "永久", "国网示范市供电公司"):
        assert word in text


@pytest.mark.parametrize("size", ["100x50", "spine"])
def test_the_print_dialog_path_paints_the_same_labels(qapp, tmp_path, size):
    """A QPrinter (what the print dialog and preview hand over) through prepare_device + paint_labels."""
    from PySide6.QtPrintSupport import QPrinter

    codes = tuple(f"Z109-营销-2026-D30-{i:04d}" for i in range(1, 21))  # dense, and UTF-8
    label = BoxLabelData("Z109-2026-D30-H0002", "Z109", "国网示范市供电公司", 2026, "D30", "30年", "0001–0020", codes)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    prepare_device(printer, size)
    paint_labels(printer, [label], size)
    del printer
    (png,) = rasterise(tmp_path / "printer.pdf")
    assert_decodes(png, [label])
    # and the PDF writer path gives the same codes
    (png2,) = rasterise(render_labels_pdf([label], size, tmp_path / "writer.pdf"))
    assert_decodes(png2, [label])
