"""Every kind of material in a checklist slot (#19): PDF, OFD, MP4, MOV, M4A, MP3, WAV.

The test files are made here, small and real: PDFs by img2pdf (a two-page scan) and pikepdf (two
pages of text; an encrypted copy; a truncated copy), an OFD built to the minimal GB/T 33190
structure (an image page and a text page), recordings encoded by PyAV (2 s; 0.5 s; zero bytes).
:func:`material_files` is imported by the pg and GUI tests too (tests/ is on ``sys.path``).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import zipfile
from pathlib import Path

import cv2
import numpy as np
import pytest

from archivist_desktop.imaging.materials import MaterialRefused, probe, render, sniff

# --- the files ------------------------------------------------------------------------------------


def _page_image(n: int, w: int = 620, h: int = 877) -> np.ndarray:
    img = np.full((h, w, 3), 245, np.uint8)
    for i in range(18):
        cv2.putText(
            img, f"Page {n} line {i} supply plan 2026", (40, 80 + i * 40), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (20,) * 3, 2
        )
    return img


def scan_pdf() -> bytes:
    import img2pdf

    jpgs = [cv2.imencode(".jpg", _page_image(n))[1].tobytes() for n in (1, 2)]
    return img2pdf.convert(jpgs, layout_fun=img2pdf.get_layout_fun((595.2756, 841.8898)))


def text_pdf() -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    for n in (1, 2):
        content = pdf.make_stream(f"BT /F1 24 Tf 72 720 Td (Supply contract, page {n}) Tj ET".encode())
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Contents=content,
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        )
        pdf.pages.append(pikepdf.Page(page))
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def encrypted_pdf(user_password: str = "u") -> bytes:
    import pikepdf

    buf = io.BytesIO()
    with pikepdf.open(io.BytesIO(text_pdf())) as pdf:
        pdf.save(buf, encryption=pikepdf.Encryption(owner="owner", user=user_password))
    return buf.getvalue()


_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
_X = '<?xml version="1.0" encoding="UTF-8"?>'


def ofd_file() -> bytes:
    jpg = cv2.imencode(".jpg", _page_image(1, 420, 594))[1].tobytes()
    files: dict[str, str | bytes] = {
        "OFD.xml": f'{_X}<ofd:OFD {_NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
        "<ofd:DocID>h4test</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
        "</ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f"{_X}<ofd:Document {_NS}><ofd:CommonData><ofd:MaxUnitID>10</ofd:MaxUnitID>"
        "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData><ofd:Pages>"
        '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/><ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/>'
        "</ofd:Pages></ofd:Document>",
        "Doc_0/DocumentRes.xml": f'{_X}<ofd:Res {_NS} BaseLoc="Res"><ofd:MultiMedias>'
        '<ofd:MultiMedia ID="5" Type="Image"><ofd:MediaFile>img_0.jpg</ofd:MediaFile></ofd:MultiMedia>'
        "</ofd:MultiMedias></ofd:Res>",
        "Doc_0/Res/img_0.jpg": jpg,
        "Doc_0/Pages/Page_0/Content.xml": f'{_X}<ofd:Page {_NS}><ofd:Content><ofd:Layer ID="2">'
        '<ofd:ImageObject ID="3" ResourceID="5" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'
        "</ofd:Layer></ofd:Content></ofd:Page>",
        "Doc_0/Pages/Page_1/Content.xml": f'{_X}<ofd:Page {_NS}><ofd:Content><ofd:Layer ID="4">'
        '<ofd:TextObject ID="6" Boundary="20 20 170 20" Font="1" Size="8">'
        '<ofd:TextCode X="0" Y="10">供电方案答复单 第二页</ofd:TextCode></ofd:TextObject>'
        "</ofd:Layer></ofd:Content></ofd:Page>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def media_file(fmt: str, seconds: float = 2.0, video: bool = True, audio: bool = True) -> bytes:
    """A clip encoded by PyAV: 160x120 MPEG-4 video at 10 fps, a 440 Hz tone at 16 kHz."""
    import av

    buf = io.BytesIO()
    with av.open(buf, "w", format=fmt) as c:
        vs = c.add_stream("mpeg4", rate=10) if video else None
        if vs is not None:
            vs.width, vs.height, vs.pix_fmt = 160, 120, "yuv420p"
        codec = {"mp4": "aac", "mov": "aac", "mp3": "mp3", "wav": "pcm_s16le"}[fmt]
        aus = c.add_stream(codec, rate=16000) if audio else None
        if aus is not None:
            aus.layout = "mono"
        if vs is not None:
            for i in range(int(seconds * 10)):
                img = np.zeros((120, 160, 3), np.uint8)
                img[:] = (40, 80 + i * 5 % 150, 160)
                cv2.putText(img, str(i), (50, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (255, 255, 255), 3)
                for p in vs.encode(av.VideoFrame.from_ndarray(img, format="bgr24")):
                    c.mux(p)
            for p in vs.encode():
                c.mux(p)
        if aus is not None:
            n = int(seconds * 16000)
            tone = np.sin(2 * np.pi * 440 * np.arange(n) / 16000)
            fs = aus.codec_context.frame_size or 1024
            sample_fmt = aus.codec_context.format.name
            for start in range(0, n, fs):
                chunk = tone[start : start + fs]
                if sample_fmt.startswith("s16"):
                    arr = (chunk * 8000).astype(np.int16).reshape(1, -1)
                else:
                    arr = (chunk * 0.25).astype(np.float32).reshape(1, -1)
                    sample_fmt = "fltp"
                frame = av.AudioFrame.from_ndarray(arr, format=sample_fmt, layout="mono")
                frame.sample_rate, frame.pts = 16000, start
                for p in aus.encode(frame):
                    c.mux(p)
            for p in aus.encode():
                c.mux(p)
    return buf.getvalue()


@functools.cache
def _all_files() -> dict[str, bytes]:
    text = text_pdf()
    return {
        "scan.pdf": scan_pdf(),
        "contract.pdf": text,
        "plan.ofd": ofd_file(),
        "survey.mp4": media_file("mp4"),
        "survey.mov": media_file("mov"),
        "agreement.mp3": media_file("mp3", video=False),
        "agreement.m4a": media_file("mp4", video=False),
        "agreement.wav": media_file("wav", video=False),
        "encrypted.pdf": encrypted_pdf(),
        "owner-only.pdf": encrypted_pdf(user_password=""),
        "damaged.pdf": text[: len(text) // 2],
        "short.mp4": media_file("mp4", seconds=0.5),
        "empty.mp4": b"",
    }


def material_files(directory: Path) -> dict[str, Path]:
    """The test files written into ``directory`` (made once per session)."""
    directory.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, data in _all_files().items():
        path = directory / name
        path.write_bytes(data)
        out[name] = path
    return out


@pytest.fixture(scope="session")
def files(tmp_path_factory) -> dict[str, Path]:
    return material_files(tmp_path_factory.mktemp("materials"))


# --- readers --------------------------------------------------------------------------------------

EXPECTED = {
    "scan.pdf": ("document", "application/pdf", 2, None),
    "contract.pdf": ("document", "application/pdf", 2, None),
    "plan.ofd": ("document", "application/ofd", 2, None),
    "survey.mp4": ("video", "video/mp4", None, "mpeg4"),
    "survey.mov": ("video", "video/quicktime", None, "mpeg4"),
    "agreement.mp3": ("audio", "audio/mpeg", None, "mp3"),
    "agreement.m4a": ("audio", "audio/mp4", None, "aac"),
    "agreement.wav": ("audio", "audio/wav", None, "pcm_s16le"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_probe_reads_each_kind_by_content(files, name):
    kind, media_type, pages, codec = EXPECTED[name]
    # the name says nothing: the kind comes from the bytes
    m = probe(files[name].read_bytes(), "upload.bin")
    assert (m.kind, m.media_type, m.page_count) == (kind, media_type, pages)
    if codec:
        assert m.codec == codec and m.duration_s is not None and 1.9 <= m.duration_s <= 2.2
    if kind in ("document", "video"):
        assert m.poster is not None and m.poster.ndim == 3 and m.poster.shape[2] == 3
    else:
        assert m.poster is None


def test_a_pdf_that_is_only_a_scan_is_told_from_a_born_digital_one(files):
    assert probe(files["scan.pdf"].read_bytes()).only_scan is True
    assert probe(files["contract.pdf"].read_bytes()).only_scan is False


def test_pdf_and_ofd_pages_render(files):
    page2 = render(files["contract.pdf"].read_bytes(), 2, 400)
    assert max(page2.shape[:2]) == 400 and page2.min() < 100  # the text is drawn
    ofd1 = render(files["plan.ofd"].read_bytes(), 1, 400)
    assert max(ofd1.shape[:2]) == 400 and ofd1.min() < 100  # the page image is placed
    with pytest.raises(MaterialRefused, match="no page 3"):
        render(files["plan.ofd"].read_bytes(), 3, 400)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("encrypted.pdf", "encrypted"),
        ("owner-only.pdf", "encrypted"),
        ("damaged.pdf", "damaged"),
        ("short.mp4", "shorter than one second"),
        ("empty.mp4", "empty"),
    ],
)
def test_unreadable_files_are_refused_with_their_reason(files, name, reason):
    with pytest.raises(MaterialRefused, match=reason):
        probe(files[name].read_bytes(), name)


def test_other_files_are_refused():
    with pytest.raises(MaterialRefused, match="not a format"):
        probe(b"just some text\n" * 10, "notes.txt")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "no OFD.xml")
    assert sniff(buf.getvalue()) is None
    with pytest.raises(MaterialRefused, match="not a format"):
        probe(buf.getvalue(), "archive.zip")
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD")
    with pytest.raises(MaterialRefused, match="damaged"):
        probe(broken.getvalue(), "broken.ofd")
    encrypted = io.BytesIO()
    with zipfile.ZipFile(encrypted, "w") as z:
        z.writestr("OFD.xml", "<OFD/>")
        z.writestr("Encryptions.xml", "<Encryptions/>")
    with pytest.raises(MaterialRefused, match="encrypted"):
        probe(encrypted.getvalue(), "locked.ofd")
    silent = media_file("mp4", video=True, audio=False)  # a video without sound is fine
    assert probe(silent).kind == "video"


# --- attach from the command line ------------------------------------------------------------------

ORDER = "WO202611000123"


@pytest.fixture
def cli_station(make_station, feed):
    return make_station(users=("clerk", "supervisor"), feed=feed)


def _attach(station, paths, capsys, *extra):
    from cli_helpers import signed_main

    capsys.readouterr()
    argv = ["attach", "--data-dir", str(station.data_dir), "--work-order", ORDER, "--document", "application_form"]
    argv += ["--late-reason", "补录 (the command runs on the real clock)"]
    status = signed_main([*argv, *extra, *map(str, paths), "--user", "clerk"])
    return status, json.loads(capsys.readouterr().out)


def test_attach_from_the_cli_stores_originals_byte_identical(cli_station, files, capsys):
    from sqlalchemy import select

    from archivist_desktop.store.models import AuditEvent, Page

    names = ["contract.pdf", "plan.ofd", "survey.mp4", "agreement.mp3", "scan.pdf"]
    status, out = _attach(cli_station, [files[n] for n in names], capsys)
    lines = {Path(p["path"]).name: p for p in out["pages"]}
    assert status == 0, out
    assert {n: lines[n]["kind"] for n in names} == {
        "contract.pdf": "document",
        "plan.ofd": "document",
        "survey.mp4": "video",
        "agreement.mp3": "audio",
        "scan.pdf": "document",
    }
    assert lines["contract.pdf"]["page_count"] == 2 and lines["plan.ofd"]["page_count"] == 2
    assert lines["survey.mp4"]["codec"] == "mpeg4" and 1.9 <= lines["survey.mp4"]["duration_s"] <= 2.2
    assert lines["contract.pdf"]["verdict"] is None  # camera checks mean nothing for a born-digital PDF
    assert lines["scan.pdf"]["verdict"] in ("accept", "warn", "reject")  # judged on its rendered pages
    archive = cli_station.archive
    with archive.read_session() as s:
        pages = {p.id: p for p in s.execute(select(Page)).scalars()}
        events = [e for e in s.execute(select(AuditEvent)).scalars() if e.action == "add" and e.entity_type == "page"]
    for name in names:
        page = pages[lines[name]["page_id"]]
        original = files[name].read_bytes()
        assert page.sha256 == hashlib.sha256(original).hexdigest() and page.size == len(original)
        assert archive.files.read(page.sha256, page.media_type) == original
        assert page.original_name == name and page.kind == lines[name]["kind"]
        if page.kind != "audio":
            assert page.poster_sha256 and (archive.data_dir / "posters" / page.poster_sha256[:2]).is_dir()
        if page.sm3 is not None:
            assert len(page.sm3) == 64
    assert {e.entity_id for e in events} >= {lines[n]["page_id"] for n in names}
    # a re-run adds nothing twice
    status, again = _attach(cli_station, [files["contract.pdf"]], capsys)
    assert status == 0 and again["pages"][0]["skipped"].startswith("already attached")


def test_unreadable_files_are_refused_by_attach(cli_station, files, capsys):
    names = ["encrypted.pdf", "damaged.pdf", "empty.mp4", "short.mp4"]
    status, out = _attach(cli_station, [files[n] for n in names], capsys)
    assert status == 1
    lines = {Path(p["path"]).name: p for p in out["pages"]}
    assert all(not lines[n]["ok"] and lines[n]["page_id"] is None for n in names)
    assert "encrypted" in lines["encrypted.pdf"]["error"] and lines["encrypted.pdf"]["kind"] == "document"
    assert "damaged" in lines["damaged.pdf"]["error"]
    assert "empty" in lines["empty.mp4"]["error"]
    assert "shorter than one second" in lines["short.mp4"]["error"] and lines["short.mp4"]["kind"] == "video"
    from archivist_desktop.services.capture import slot_pages

    item = _slot(cli_station.archive)
    assert slot_pages(cli_station.archive, item) == ()


def _slot(archive) -> str:
    from sqlalchemy import select

    from archivist_desktop.services.capture import work_order_by_number
    from archivist_desktop.store.models import ChecklistItem

    order = work_order_by_number(archive, ORDER)
    with archive.read_session() as s:
        return s.execute(
            select(ChecklistItem.id).where(
                ChecklistItem.work_order_id == order, ChecklistItem.document_type == "application_form"
            )
        ).scalar_one()


def test_poster_is_rendered_again_when_missing(cli_station, files, capsys):
    import shutil

    from archivist_desktop.services.materials import material_image, poster_jpeg
    from archivist_desktop.store.models import Page

    _status, out = _attach(cli_station, [files["survey.mp4"], files["plan.ofd"]], capsys)
    archive = cli_station.archive
    shutil.rmtree(archive.data_dir / "posters")
    with archive.read_session() as s:
        video = s.get(Page, out["pages"][0]["page_id"])
        doc = s.get(Page, out["pages"][1]["page_id"])
    jpeg = poster_jpeg(archive, video)
    assert jpeg is not None and cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR).shape == (120, 160, 3)
    page2 = material_image(archive, doc, 2, 300)
    assert page2 is not None and max(page2.shape[:2]) == 300
