import ast
import csv

import cv2
import numpy as np
import pytest

from archivist_desktop.imaging import read_barcodes


def test_pyzbar_reference_images(datasets):
    base = datasets / "barcodes" / "pyzbar"
    expected: dict[str, list] = {}
    with open(base / "expected.csv") as fh:
        for row in csv.DictReader(fh):
            expected.setdefault(row["file"], [])
            if row["type"]:
                data = ast.literal_eval(row["data_python_bytes_literal"]).decode("utf-8")
                expected[row["file"]].append((row["type"], data, int(row["rect_left"]), int(row["rect_top"])))
    for name, symbols in expected.items():
        img = cv2.imread(str(base / name))
        codes = read_barcodes(img)
        assert len(codes) == len(symbols), name
        for typ, data, left, top in symbols:
            fmt = {"CODE128": "Code128", "QRCODE": "QRCode"}[typ]
            match = [c for c in codes if c.format == fmt and c.text == data]
            assert match, (name, data)
            # the quad lies on the symbol
            q = np.array(match[0].quad) if len(match) == 1 else None
            if q is not None:
                assert abs(q[:, 0].min() - left) < 40 and abs(q[:, 1].min() - top) < 40


def test_no_duplicates_and_no_false_positives(datasets):
    base = datasets / "barcodes" / "zxing-cpp-samples"
    for p in sorted((base / "falsepositives-2").glob("*.webp"))[:8]:
        img = cv2.imread(str(p))
        assert read_barcodes(img) == [], p.name
    img = cv2.imread(str(base / "qrcode-2" / "1.png"))
    if img is not None:
        codes = read_barcodes(img)
        assert len({(c.format, c.text) for c in codes}) == len(codes)


def test_barcode_on_a_generated_page():
    import zxingcpp

    qr = np.asarray(zxingcpp.create_barcode("ARCH-2024-000123", zxingcpp.BarcodeFormat.QRCode).to_image(scale=6))
    code = np.asarray(
        zxingcpp.create_barcode("BOX0042", zxingcpp.BarcodeFormat.Code128).to_image(scale=3, add_quiet_zones=True)
    )
    page = np.full((900, 700, 3), 235, np.uint8)
    page[100 : 100 + qr.shape[0], 80 : 80 + qr.shape[1]] = qr[:, :, None] if qr.ndim == 2 else qr[:, :, :3]
    ch, cw = code.shape[:2]
    page[600 : 600 + ch, 200 : 200 + cw] = code[:, :, None] if code.ndim == 2 else code[:, :, :3]
    M = cv2.getRotationMatrix2D((350, 450), 7.0, 1.0)
    photo = cv2.warpAffine(page, M, (700, 900), borderValue=(60, 60, 60))
    photo = cv2.GaussianBlur(photo, (0, 0), 0.8)
    codes = read_barcodes(photo)
    assert sorted((c.format, c.text) for c in codes) == [("Code128", "BOX0042"), ("QRCode", "ARCH-2024-000123")]
    qr_code = next(c for c in codes if c.format == "QRCode")
    cx, cy = np.mean(qr_code.quad, axis=0)
    assert 80 < cx < 80 + qr.shape[1] + 40 and 100 < cy < 100 + qr.shape[0] + 40


def test_validation():
    with pytest.raises(ValueError):
        read_barcodes(np.zeros((20, 20), np.float32))
    with pytest.raises(ValueError):
        read_barcodes(np.zeros((20, 20), np.uint8), formats=("Aztec",))
    assert read_barcodes(np.full((64, 64), 255, np.uint8)) == []
