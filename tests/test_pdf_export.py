"""Volume export: one PDF with the stored JPEGs byte-for-byte, a bookmark per document, PDF/A-2b."""

from __future__ import annotations

import json
import subprocess
import sys

import pikepdf
import pytest
from sqlalchemy import select

from archivist_desktop.domain.permissions import PermissionDenied
from archivist_desktop.services.capture import send_for_review, work_order_by_number
from archivist_desktop.services.records import build_volumes, export_volume, hand_over, volume_pages
from archivist_desktop.store.models import AuditEvent, WorkOrder
from sample_data import capture_required, review_to_end
from stations import PASSWORD

HV = "WO202611000123"


@pytest.fixture
def volume(archive, feed, make_station):
    station = make_station(feed=feed)
    station.add("clerk", "clerk2", "collector", "supervisor", "archivist")
    users = station.users
    items = capture_required(archive, users["clerk"], HV)
    send_for_review(archive, users["clerk"], work_order_by_number(archive, HV))
    review_to_end(archive, items, [users[n] for n in ("clerk2", "collector", "supervisor", "archivist")])
    hand_over(archive, users["archivist"], work_order_nos=[HV])
    with archive.read_session() as s:
        customer = s.execute(select(WorkOrder.customer_id).where(WorkOrder.work_order_no == HV)).scalar_one()
    (vol,) = build_volumes(archive, users["archivist"], customer)
    return vol, users


def page_images(page) -> list:
    """The image XObjects the page draws (its resources, no form nesting: img2pdf makes none)."""
    return [x for x in page.Resources.XObject.values() if x.Subtype == pikepdf.Name.Image]


def stored_jpegs(archive, code) -> list[bytes]:
    return [archive.files.path_for(p.sha256).read_bytes() for _doc, pages in volume_pages(archive, code) for p in pages]


def test_export_embeds_every_jpeg_unchanged_with_a_bookmark_per_document(archive, volume, tmp_path):
    vol, users = volume
    out = tmp_path / "volume.pdf"
    with pytest.raises(PermissionDenied):
        export_volume(archive, users["clerk"], vol.archival_code, out)
    result = export_volume(archive, users["archivist"], vol.archival_code, out, pages_dir=tmp_path / "pages")
    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout
    expected = stored_jpegs(archive, vol.archival_code)
    assert result["pages"] == len(expected) == vol.pages
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == len(expected)
        for page, jpeg in zip(pdf.pages, expected, strict=True):
            (image,) = page_images(page)
            assert image.Filter == pikepdf.Name.DCTDecode
            assert image.read_raw_bytes() == jpeg  # byte-for-byte: no re-encoding
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert len(titles) == vol.documents and titles[0].startswith("1. ") and HV in titles[0]
    # DA/T 31 page files: archival code + page number, bytes unchanged
    names = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert names[0] == f"{vol.archival_code}-0001.jpg" and len(names) == len(expected)
    assert (tmp_path / "pages" / names[0]).read_bytes() == expected[0]
    with archive.read_session() as s:
        assert s.execute(select(AuditEvent).where(AuditEvent.action == "download")).scalar_one().actor == "archivist"


def test_pdfa_export_declares_pdfa_2b_and_carries_an_srgb_output_intent(archive, volume, tmp_path):
    vol, users = volume
    out = tmp_path / "volume-a.pdf"
    export_volume(archive, users["archivist"], vol.archival_code, out, pdfa=True)
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0
    with pikepdf.open(out) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == vol.title
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFA1 and intent.DestOutputProfile.N == 3
        icc = intent.DestOutputProfile.read_bytes()
        assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB "
        assert pdf.trailer.ID  # PDF/A needs a file identifier
        raw = pdf.Root.Metadata.read_bytes().decode()
        assert "pdfaid:part" in raw
        for page, jpeg in zip(pdf.pages, stored_jpegs(archive, vol.archival_code), strict=True):
            (image,) = page_images(page)
            assert image.read_raw_bytes() == jpeg


def test_export_cli(archive, volume, tmp_path):
    vol, _ = volume
    out = tmp_path / "cli.pdf"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "archivist_desktop",
            "export",
            "--data-dir",
            str(archive.data_dir),
            "--volume",
            vol.archival_code,
            "--out",
            str(out),
            "--pdfa",
            "--user",
            "archivist",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["pages"] == vol.pages and out.exists()
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "archivist_desktop",
            "export",
            "--data-dir",
            str(archive.data_dir),
            "--volume",
            "Z109-YK-1999-Y-0001",
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
    assert bad.returncode == 1 and "no volume" in bad.stderr
