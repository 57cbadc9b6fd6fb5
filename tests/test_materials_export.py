"""export --pdfa of a volume with a born-digital PDF and a video (#19): PDF/A-3b with the originals
embedded byte-identical as associated files, their pages / poster in the page sequence."""

from __future__ import annotations

import hashlib
import subprocess

import pikepdf
from sqlalchemy import select

from archivist_desktop.services.capture import attach_files, send_for_review, work_order_by_number
from archivist_desktop.services.orders import get_checklist
from archivist_desktop.services.records import build_volumes, export_volume, hand_over, volume_pages
from archivist_desktop.store.models import WorkOrder
from sample_data import capture_required, review_to_end
from test_materials import material_files

HV = "WO202611000123"


def test_pdfa3b_embeds_the_originals_and_shows_their_pages(archive, feed, make_station, tmp_path):
    files = material_files(tmp_path / "files")
    station = make_station(feed=feed)
    station.add("clerk", "clerk2", "collector", "supervisor", "archivist")
    users = station.users
    entry = get_checklist(archive, work_order_by_number(archive, HV)).steps[0].entries[0]
    names = ["contract.pdf", "survey.mp4"]
    attached = attach_files(
        archive, users["clerk"], HV, entry.document_type, [files[n] for n in names], late_reason="补录"
    )
    assert all(a.ok for a in attached), attached
    items = capture_required(archive, users["clerk"], HV)
    send_for_review(archive, users["clerk"], work_order_by_number(archive, HV))
    review_to_end(
        archive, [entry.item_id, *items], [users[n] for n in ("clerk2", "collector", "supervisor", "archivist")]
    )
    hand_over(archive, users["archivist"], work_order_nos=[HV])
    with archive.read_session() as s:
        customer = s.execute(select(WorkOrder.customer_id).where(WorkOrder.work_order_no == HV)).scalar_one()
    (vol,) = build_volumes(archive, users["archivist"], customer)
    rows = [p for _doc, pages in volume_pages(archive, vol.archival_code) for p in pages]
    cameras = sum(1 for p in rows if p.kind == "image")

    out = tmp_path / "volume.pdf"
    export_volume(archive, users["archivist"], vol.archival_code, out, pdfa=True)
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0
    with pikepdf.open(out) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "B"
        assert len(pdf.pages) == cameras + 2 + 1  # the PDF's two pages, the video's poster
        embedded = {
            spec.filename.split("-", 1)[1]: hashlib.sha256(spec.get_file().read_bytes()).hexdigest()
            for spec in pdf.attachments.values()
        }
        assert embedded == {n: hashlib.sha256(files[n].read_bytes()).hexdigest() for n in names}
        assert len(pdf.Root.AF) == 2
        assert all(af.AFRelationship == pikepdf.Name.Source for af in pdf.Root.AF)
        assert "/EmbeddedFiles" in pdf.Root.Names
    png = subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "1", str(out)], capture_output=True)
    assert png.returncode == 0 and png.stdout[:8] == b"\x89PNG\r\n\x1a\n"

    # camera-only volumes stay PDF/A-2b: tests/test_pdf_export.py
