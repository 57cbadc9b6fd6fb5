"""OCR engine (imaging/ocr.py) and ``archivist-desktop ocr --json``: Chinese text of a generated
page read back, boxes and confidences, the JSON contract, bad input, normalise() and cer().

One generated page (130 dpi, 1075×1520) is recognised once per module; the CLI test OCRs the
same page from a file.
"""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from archivist_desktop.imaging import ocr

pytestmark = pytest.mark.skipif(not ocr.available(), reason="rapidocr-onnxruntime is not installed")


@pytest.fixture(scope="module")
def page():
    from textpages import document_types, make_page, random_fields

    tid, did, _name = document_types()[0]
    image, truth = make_page(tid, did, fields=random_fields(3), seed=3, dpi=130)
    return image, truth


@pytest.fixture(scope="module")
def result(page):
    return ocr.recognise(page[0])


@pytest.fixture(scope="module")
def page_file(page, tmp_path_factory):
    path = tmp_path_factory.mktemp("ocr") / "page.png"
    assert cv2.imwrite(str(path), page[0])
    return path


def test_chinese_page_read_back(page, result):
    _image, truth = page
    assert ocr.cer(truth, result.text) <= 0.05
    from textpages import random_fields

    fields = random_fields(3)
    text = ocr.normalise(result.text)
    # the customer's name and 户号 are read exactly
    assert ocr.normalise(fields["customer_name"]) in text
    assert fields["account_no"] in text


def test_boxes_inside_the_image_and_confidences(page, result):
    h, w = page[0].shape[:2]
    assert len(result.lines) >= 10
    for line in result.lines:
        assert line.text
        assert len(line.box) == 4
        for x, y in line.box:
            assert 0 <= x <= w and 0 <= y <= h
        assert 0.0 <= line.confidence <= 1.0
    assert result.elapsed_ms > 0
    assert result.engine.startswith("rapidocr-onnxruntime")
    # text = the lines in reading order: every line's text is in it
    for line in result.lines:
        assert line.text in result.text


def test_gray_input_gives_the_same_lines(page, result):
    gray = cv2.cvtColor(page[0], cv2.COLOR_BGR2GRAY)
    # a strip of the top of the page (small: fast); its lines are among the full page's
    strip = np.ascontiguousarray(gray[: gray.shape[0] // 5])
    r = ocr.recognise(strip)
    assert r.lines
    full = ocr.normalise(result.text)
    assert ocr.cer(r.text, full[: len(ocr.normalise(r.text)) + 40]) < 1.0
    assert ocr.normalise(r.lines[0].text) in full


def test_cli_ocr_json_contract(page, page_file, capsys):
    from archivist_desktop.cli import main

    assert main(["ocr", "--json", str(page_file)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    doc = json.loads(out[0])
    assert {"path", "text", "lines", "elapsed_ms"} <= set(doc)
    assert doc["path"] == str(page_file)
    assert ocr.cer(page[1], doc["text"]) <= 0.05
    assert isinstance(doc["elapsed_ms"], (int, float)) and doc["elapsed_ms"] > 0
    assert doc["lines"]
    for line in doc["lines"]:
        assert set(line) >= {"text", "box", "confidence"}
        assert isinstance(line["text"], str)
        assert len(line["box"]) == 4 and all(len(pt) == 2 for pt in line["box"])
        assert 0.0 <= line["confidence"] <= 1.0


def test_cli_missing_file_exits_1(tmp_path, capsys):
    from archivist_desktop.cli import main

    missing = tmp_path / "no-such-page.jpg"
    assert main(["ocr", "--json", str(missing)]) == 1
    captured = capsys.readouterr()
    assert str(missing) in captured.err
    doc = json.loads(captured.out.strip().splitlines()[0])
    assert doc["path"] == str(missing) and doc.get("error")


def test_cli_not_an_image_exits_1(tmp_path, capsys):
    from archivist_desktop.cli import main

    bad = tmp_path / "notes.jpg"
    bad.write_text("not an image", encoding="utf-8")
    assert main(["ocr", "--json", str(bad)]) == 1
    assert str(bad) in capsys.readouterr().err


def test_recognise_file_missing_raises_bad_input(tmp_path):
    from archivist_desktop.errors import BadInput

    with pytest.raises(BadInput):
        ocr.recognise_file(tmp_path / "missing.png")


def test_tiny_image_is_bad_input():
    from archivist_desktop.errors import BadInput

    with pytest.raises(BadInput):
        ocr.recognise(np.zeros((4, 4), np.uint8))


def test_normalise_full_and_half_width_alike():
    assert ocr.normalise("户号：1234，地址；北京（海淀）") == ocr.normalise("户号:1234,地址;北京(海淀)")
    assert ocr.normalise("ＡＢＣ１２３") == "ABC123"
    assert ocr.normalise("“电费”。") == ocr.normalise('"电费".')
    assert ocr.normalise("户号 ：  12\n地址 ：北京") == "户号:12地址:北京"
    assert ocr.normalise("No  12\tA") == "No 12 A"


def test_cer_known_values():
    assert ocr.cer("用电申请表", "用电申请表") == 0.0
    assert ocr.cer("用电申请表", "用电申请衣") == pytest.approx(0.2)
    assert ocr.cer("用电申请表", "用电申请") == pytest.approx(0.2)
    assert ocr.cer("abcd", "") == 1.0
    assert ocr.cer("", "") == 0.0
    assert ocr.cer("", "x") == 1.0
    assert ocr.cer("户号：12", "户号:12") == 0.0  # punctuation width does not count
    assert ocr.cer("ab", "abcd") == pytest.approx(1.0)  # insertions count against the truth's length
