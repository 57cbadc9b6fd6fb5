"""Page text (#18): attach → OCR stored → full-text search finds it (CLI contract), 1–2 character
queries, the background worker process, and the highlight boxes of a hit."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import select

from archivist_desktop.services import page_text
from archivist_desktop.services.archive import Archive
from archivist_desktop.store.models import Page, PageText
from cli_helpers import signed_main
from stations import open_station

LV = "WO202611000124"
LINES = ("低压居民用电申请表", "客户名称 王芳", "用电地址 杭州市中山路8号")

pytestmark = pytest.mark.skipif(not page_text.ocr_available(), reason="rapidocr-onnxruntime not installed")


def text_page(lines=LINES) -> np.ndarray:
    """A small white page with big Chinese lines on a dark desk (about 1 MP)."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = next((p for p in Path("/usr/share/fonts").rglob("NotoSansCJK-Regular.ttc")), None) or next(
        Path("/usr/share/fonts").rglob("*CJK*")
    )
    font = ImageFont.truetype(str(font_path), 44, index=2 if str(font_path).endswith(".ttc") else 0)
    page = Image.new("RGB", (820, 1160), (245, 245, 245))
    draw = ImageDraw.Draw(page)
    for i, line in enumerate(lines):
        draw.text((70, 120 + i * 110), line, fill=(20, 20, 20), font=font)
    frame = np.full((1250, 1000, 3), (45, 45, 50), np.uint8)
    frame[45:1205, 90:910] = cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)
    return frame


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    """One station with one attached page OCR'd by ``ocr-pending`` (module-wide: OCR costs seconds)."""
    from sample_data import sample_feed

    tmp = tmp_path_factory.mktemp("page_text")
    data = tmp / "data"
    image = tmp / "page.jpg"
    cv2.imwrite(str(image), text_page())
    with open_station(data, users=("clerk",), feed=sample_feed()):
        pass
    args = ["attach", "--work-order", LV, "--document", "application_form", "--user", "clerk"]
    args += ["--late-reason", "补录", "--override-reason", "test", str(image), "--data-dir", str(data)]
    assert signed_main(args) in (0, 1)
    with Archive(data) as a, a.read_session() as s:
        pages = list(s.execute(select(Page.id)).scalars())
    assert len(pages) == 1
    return data, pages[0]


def run_json(capsys, argv) -> object:
    capsys.readouterr()
    status = signed_main(argv)
    out = capsys.readouterr()
    assert status == 0, out.err
    return json.loads(out.out)


def test_ocr_pending_stores_the_text_and_search_finds_it(station, capsys):
    data, page_id = station
    done = run_json(capsys, ["ocr-pending", "--user", "clerk", "--json", "--data-dir", str(data)])
    assert done["done"] == 1 and done["failed"] == {} and done["pages"] == [page_id]  # type: ignore[index]
    with Archive(data) as a, a.read_session() as s:
        row = s.get(PageText, page_id)
        assert row is not None and "申请" in row.text and row.engine.startswith("rapidocr")
        lines = json.loads(row.lines)
        assert lines and all(len(li["box"]) == 4 and 0 <= li["confidence"] <= 1 for li in lines)
        assert isinstance(json.loads(row.findings), list)
        assert page_text.pending_page_ids(a) == []
    # four characters: the FTS5 trigram index
    hits = run_json(capsys, ["search", "--text", "用电申请", "--json", "--user", "clerk", "--data-dir", str(data)])
    assert isinstance(hits, list) and [h["page_id"] for h in hits] == [page_id]
    hit = hits[0]
    assert set(hit) >= {"page_id", "customer", "work_order", "document", "snippet", "boxes"}
    assert hit["work_order"] == LV and "王芳" in hit["customer"] and "用电申请" in hit["snippet"]
    (x0, y0), (x1, _), (_, y2), _ = hit["boxes"][0]
    assert x1 > x0 and y2 > y0  # a real box on the page
    # two characters: LIKE on the text; one character too; nothing for absent text
    for q in ("申请", "王"):
        found = run_json(capsys, ["search", "--text", q, "--json", "--user", "clerk", "--data-dir", str(data)])
        assert [h["page_id"] for h in found] == [page_id], q  # type: ignore[union-attr]
    none = run_json(capsys, ["search", "--text", "北京天安门", "--json", "--user", "clerk", "--data-dir", str(data)])
    assert none == []
    # the search field's search is still there without --text
    plain = run_json(capsys, ["search", "3300067890", "--json", "--user", "clerk", "--data-dir", str(data)])
    assert plain and plain[0]["kind"] == "customer"  # type: ignore[index]


def test_match_boxes_cover_the_matched_part_of_a_line():
    line = {"text": "ABCDEFGHIJ", "box": [[0, 0], [100, 0], [100, 10], [0, 10]], "confidence": 0.9}
    (box,) = page_text.match_boxes([line], "CDE")
    assert [round(x) for x, _ in box] == [20, 50, 50, 20]
    assert page_text.snippet("一二三四五", "三") == "一二三四五"


def test_the_background_worker_reads_a_new_page_in_its_own_process(station, tmp_path):
    data, _ = station
    from archivist_desktop.services.capture import attach_files
    from archivist_desktop.services.users import authenticate
    from stations import PASSWORD

    image = tmp_path / "second.jpg"
    cv2.imwrite(str(image), text_page(("电费结算协议书", "户号 3300067890")))
    with Archive(data) as a:
        user = authenticate(a, "clerk", PASSWORD)
        (r,) = attach_files(a, user, LV, "application_form", [image], override_reason="test", late_reason="补录")
        assert r.ok and r.page_id
        ready: list[str] = []
        worker = page_text.BackgroundOcr(a, ready.append)
        try:
            worker.enqueue([r.page_id])
            assert worker.wait_idle(120)
            assert worker._pool is not None  # the OCR ran in the worker process, not in this one
        finally:
            worker.close()
        assert ready == [r.page_id]
        assert [h.page_id for h in page_text.search_text(a, "结算协议")] == [r.page_id]


def test_the_pdfa_export_has_an_invisible_text_layer_and_the_page_image_unchanged(station, tmp_path):
    import shutil
    import subprocess

    import pikepdf

    from archivist_desktop.printing.pdf_export import ExportDocument, ExportVolume, export_volume_pdf
    from archivist_desktop.services.page_bytes import ensure_local, page_by_id

    data, page_id = station
    with Archive(data) as a:
        if page_text.pending_page_ids(a, page_ids=[page_id]):
            page_text.ocr_page(a, page_id)
        path = ensure_local(a, page_by_id(a, page_id))
        lines = page_text.lines_of_pages(a, [page_id])
    assert lines[0]
    volume = ExportVolume(
        "TEST-2026-D30-0001", "测试卷", "营业厅", (ExportDocument("申请表", (path,)),), page_lines=lines
    )
    out = export_volume_pdf(volume, tmp_path / "v.pdf", pdfa=True)
    with pikepdf.open(out) as pdf:
        (image,) = [v for v in pdf.pages[0].Resources.XObject.values() if v.Subtype == "/Image"]
        assert image.read_raw_bytes() == path.read_bytes()  # the stored JPEG, byte for byte
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    extracted = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "用电申请" in extracted.replace(" ", "")
