"""Output safety: CSV cells a spreadsheet would run are neutralised, LIKE wildcards in search terms are
literal, bidirectional controls never reach labels, receipts or PDFs."""

from __future__ import annotations

import csv
import io
import subprocess
import unicodedata

import cv2
import numpy as np
import pikepdf
import pytest

from archivist_desktop.domain.records import BoxLabelData
from archivist_desktop.domain.text import BIDI_CONTROLS, printable
from archivist_desktop.printing.labels import render_labels_pdf
from archivist_desktop.printing.pdf_export import ExportDocument, ExportVolume, export_volume_pdf
from archivist_desktop.printing.receipt import ReceiptData, ReceiptLine, render_receipt_pdf
from archivist_desktop.services.dashboard import DrillDown
from archivist_desktop.services.orders import import_orders, list_work_orders
from archivist_desktop.services.reports import csv_text, drill_table, table_of, write_csv
from archivist_desktop.services.search import search

HOSTILE = ("=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\ry", '=HYPERLINK("http://evil","点我")')


def _read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def test_formula_cells_are_neutralised(tmp_path):
    table = table_of(("name", "n", "when"), [(h, -5, None) for h in HOSTILE] + [("张三", 3, None)])
    rows = _read_csv(csv_text(table))
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE] + ["张三"]
    assert [r[1] for r in rows[1:]] == ["-5"] * len(HOSTILE) + ["3"]  # numbers stay numbers
    path = write_csv(tmp_path / "r.csv", table)
    assert _read_csv(path.read_bytes().decode("utf-8-sig")) == rows
    # headers too
    assert _read_csv(csv_text(table_of(("=x",), [])))[0] == ["'=x"]


def test_drill_down_export_of_a_hostile_customer_name(archive, feed, tmp_path):
    """The path of the GUI's and the CLI's drill-down CSV: a customer named like a formula."""
    feed["work_orders"][0]["customer_name"] = '=HYPERLINK("http://evil","点我")'
    import_orders(archive, feed)
    from archivist_desktop.services.dashboard import drill_down

    drill = drill_down(archive, "coverage", feed["work_orders"][0]["business_type"])
    assert isinstance(drill, DrillDown)
    text = csv_text(drill_table(drill))
    names = [r[2] for r in _read_csv(text)[1:]]
    assert names and all(not n.startswith(("=", "+", "-", "@")) for n in names)
    assert '\'=HYPERLINK("http://evil","点我")' in names


def test_like_wildcards_are_literal(archive, feed):
    import_orders(archive, feed)
    everything = list_work_orders(archive).total
    assert everything > 0
    for term in ("%", "_", "\\", "%%", "_%_"):
        assert search(archive, term) == (), term
        page = list_work_orders(archive, search=term)
        assert not page.rows, (term, everything)
    assert list_work_orders(archive, search="宏达").rows  # a real substring still matches


def test_like_wildcards_are_literal_in_volumes_boxes_and_hand_over(archive, feed, make_station):
    """volumes --search, boxes and the hand-over inbox: ``%`` and ``_`` match only themselves."""
    from sqlalchemy import select

    from archivist_desktop.services.boxes import list_boxes, put_in_box
    from archivist_desktop.services.capture import send_for_review, work_order_by_number
    from archivist_desktop.services.records import build_volumes, hand_over, hand_over_inbox, list_volumes
    from archivist_desktop.store.models import WorkOrder
    from sample_data import capture_required, review_to_end

    station = make_station(feed=feed)
    station.add("clerk", "collector", "supervisor", "archivist")
    users = station.users
    no, other = "WO202611000123", "WO202611000124"
    for wo in (no, other):
        items = capture_required(archive, users["clerk"], wo)
        send_for_review(archive, users["clerk"], work_order_by_number(archive, wo))
        review_to_end(archive, items, [u for n, u in users.items() if n != "clerk"])
    waiting = hand_over_inbox(archive)
    assert waiting
    for term in ("%", "_", "\\"):
        assert hand_over_inbox(archive, search=term) == [], term
    hand_over(archive, users["archivist"], work_order_nos=[no])
    with archive.read_session() as s:
        customer = s.execute(select(WorkOrder.customer_id).where(WorkOrder.work_order_no == no)).scalar_one()
    (vol,) = build_volumes(archive, users["archivist"], customer)
    box = put_in_box(archive, users["archivist"], vol.archival_code)
    assert list_volumes(archive) and list_boxes(archive)
    assert [v.archival_code for v in list_volumes(archive, search=vol.archival_code[:6])] == [vol.archival_code]
    assert [b.box_no for b in list_boxes(archive, search=box.box_no[-4:])] == [box.box_no]
    for term in ("%", "_", "%_%", "\\"):
        assert list_volumes(archive, search=term) == [], term
        assert list_boxes(archive, search=term) == [], term


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_printable_removes_every_bidi_control(control):
    assert printable(f"张{control}三") == "张三"


def _pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFKC", out)


def test_labels_and_receipts_carry_no_bidi_controls(qapp, tmp_path):
    org = "国网\u202e司公电供\u202c示范"
    label = BoxLabelData("Z109-2026-D30-H0002", "Z109", org, 2026, "D30", "30年", "0001–0020", ("Z109-1",))
    pdf = render_labels_pdf([label], "100x50", tmp_path / "label.pdf")
    text = _pdf_text(pdf)
    assert not set(text) & BIDI_CONTROLS
    assert "国网司公电供示范" in text.replace(" ", "").replace("\n", "")
    receipt = ReceiptData(
        "HO-2026-0001",
        "\u2067示范\u2069单位",
        "档案员",
        "营销\u200f班",
        "2026-11-04 09:00",
        (ReceiptLine("WO1", "3300012345", "张\u202e三\u202c丰", "身份证", 2),),
    )
    rpdf = render_receipt_pdf(receipt, tmp_path / "receipt.pdf")
    rtext = _pdf_text(rpdf).replace(" ", "").replace("\n", "")
    assert not set(rtext) & BIDI_CONTROLS
    assert "张三丰" in rtext and "示范单位" in rtext


def test_exported_volume_pdf_titles_carry_no_bidi_controls(tmp_path):
    page = tmp_path / "p.jpg"
    ok, buf = cv2.imencode(".jpg", np.full((200, 140, 3), 255, np.uint8))
    assert ok
    page.write_bytes(buf.tobytes())
    volume = ExportVolume(
        "Z109-YK-2026-Y-0001",
        "张三\u202egpj.exe\u202c 卷",
        "示范\u2066公司\u2069",
        (ExportDocument("身份证\u200e", (page,)),),
    )
    out = export_volume_pdf(volume, tmp_path / "v.pdf", pdfa=True)
    with pikepdf.open(out) as pdf:
        title = str(pdf.docinfo["/Title"])
        author = str(pdf.docinfo["/Author"])
        with pdf.open_outline() as outline:
            bookmarks = [item.title for item in outline.root]
        with pdf.open_metadata() as meta:
            xmp_title = meta.get("dc:title")
    for value in (title, author, *bookmarks, xmp_title):
        assert not set(str(value)) & BIDI_CONTROLS, value
    assert title == "张三gpj.exe 卷" and author == "示范公司" and bookmarks == ["身份证"]
