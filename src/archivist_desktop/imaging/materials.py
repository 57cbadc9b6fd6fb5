"""Readers for every kind of material a checklist slot takes: images, PDF, OFD, audio and video.

:func:`probe` decides the kind from the file's *content* (its magic bytes; the name only labels the
result) and reads what the archive records of it, or refuses the file with a reason written for the
clerk (:class:`MaterialRefused`, a :class:`~archivist_desktop.errors.BadInput`).  Nothing is ever
stored half-understood: a file this station cannot read through is refused, not kept.

* **image** (JPEG, PNG, TIFF, BMP, WebP, GIF): only recognised here; the camera pipeline reads it.
* **document**: PDF through pypdfium2 (page count; encrypted → refused, also with an empty user
  password, since an archive copy must open without one; damaged → refused: PDFium cannot load it,
  no end-of-file marker, or a page that does not render); whether it is *only a scan* (every page
  one image covering the page and no text), which is when the imaging page checks mean something.
  OFD (GB/T 33190, a ZIP with ``OFD.xml``) read here from its XML: page count and page size from
  ``Document.xml``; pages rendered from their image objects (``ImageObject`` placed by its
  ``Boundary``), text objects drawn with a CJK font when one is installed; vector paths are not
  drawn (``Material.notes`` says so).  Encrypted OFD (``Encryptions.xml``), a missing or broken
  ``OFD.xml``/``Document.xml`` or a page file that is absent → refused.  (``easyofd`` was not used:
  it requires PyMuPDF, reportlab and loguru.)
* **audio**/**video**: MP4, MOV, M4A, MP3 and WAV through PyAV (FFmpeg): duration, codec, streams and
  (video) a poster frame; no audio or video stream, shorter than one second, or no frame that
  decodes → refused.

Only :mod:`archivist_desktop.errors` is imported from the project (an adapter layer).  PDFium is not
thread-safe: every call into it holds :data:`_PDFIUM_LOCK`.
"""

from __future__ import annotations

import io
import math
import posixpath
import threading
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import cv2
import numpy as np

from archivist_desktop.errors import BadInput

__all__ = [
    "KINDS",
    "MIN_MEDIA_SECONDS",
    "Material",
    "MaterialRefused",
    "probe",
    "render",
    "sniff",
]

KINDS = ("image", "document", "audio", "video")
#: media shorter than this are refused (a slip of the record button, not a recording)
MIN_MEDIA_SECONDS = 1.0
#: documents with more pages than this are refused (a slot holds one business document)
MAX_PAGES = 2000
#: the longest side of a rendered page or poster
POSTER_SIDE = 1600

_PDFIUM_LOCK = threading.Lock()


class MaterialRefused(BadInput):
    """A file the station will not store: unsupported, empty, encrypted, damaged or too short."""


@dataclass
class Material:
    """What the archive records of one file, and a poster (first page or video frame) to show it."""

    kind: str  # image | document | audio | video
    format: str  # jpeg png tiff bmp webp gif | pdf ofd | mp4 mov m4a mp3 wav
    media_type: str
    original_name: str
    size: int
    page_count: int | None = None
    duration_s: float | None = None
    codec: str | None = None
    streams: tuple[str, ...] = ()
    width: int | None = None
    height: int | None = None
    only_scan: bool | None = None  # documents: every page is one full-page image and has no text
    poster: np.ndarray | None = field(default=None, repr=False)  # BGR
    notes: tuple[str, ...] = ()


_MEDIA_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "tiff": "image/tiff",
    "bmp": "image/bmp",
    "webp": "image/webp",
    "gif": "image/gif",
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "m4a": "audio/mp4",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
}


def sniff(data: bytes) -> str | None:
    """The format of ``data`` from its first bytes (``None``: not one this station takes)."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head.startswith(b"BM"):
        return "bmp"
    if head.startswith(b"GIF87a") or head.startswith(b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "ofd" if _is_ofd(data) else None
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand.startswith(b"qt"):
            return "mov"
        if brand in (b"M4A ", b"M4B "):
            return "m4a"
        return "mp4"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):  # QuickTime files without ftyp
        return "mov"
    if head.startswith(b"ID3") or (len(head) > 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def _is_ofd(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.lstrip("/").lower() == "ofd.xml" for n in z.namelist())
    except zipfile.BadZipFile:
        return False


def probe(data: bytes, name: str = "") -> Material:
    """Read ``data`` (the file's bytes; ``name`` its original file name) or refuse it with a reason."""
    if not data:
        raise MaterialRefused(f"{name or 'the file'}: the file is empty")
    fmt = sniff(data)
    if fmt is None:
        raise MaterialRefused(
            f"{name or 'the file'}: not a format this station takes "
            "(images, PDF, OFD, MP4, MOV, M4A, MP3, WAV are taken)"
        )
    base = Material("image", fmt, _MEDIA_TYPES[fmt], name, len(data))
    if fmt == "pdf":
        return _probe_pdf(data, base)
    if fmt == "ofd":
        return _probe_ofd(data, base)
    if fmt in ("mp4", "mov", "m4a", "mp3", "wav"):
        return _probe_media(data, base)
    return base


def render(data: bytes, page_no: int = 1, max_side: int = POSTER_SIDE) -> np.ndarray:
    """Page ``page_no`` (1-based) of a PDF or OFD as a BGR image whose longest side is ``max_side``."""
    fmt = sniff(data)
    if fmt == "pdf":
        return _render_pdf(data, page_no, max_side)
    if fmt == "ofd":
        return _OfdReader(data).render(page_no, max_side)
    raise MaterialRefused("only PDF and OFD documents have pages to render")


# --- PDF ---------------------------------------------------------------------------------------


def _pdf_open(data: bytes, label: str):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise MaterialRefused(
                f"{label}: the PDF is encrypted (password-protected); store an unprotected copy"
            ) from None
        raise MaterialRefused(f"{label}: the PDF is damaged and cannot be read ({exc})") from None
    if raw.FPDF_GetSecurityHandlerRevision(doc) != -1:
        doc.close()
        raise MaterialRefused(
            f"{label}: the PDF is encrypted (owner password / restrictions); store an unprotected copy"
        )
    return doc


def _probe_pdf(data: bytes, m: Material) -> Material:
    import pypdfium2.raw as raw

    label = m.original_name or "the file"
    if b"%%EOF" not in data[-2048:]:
        raise MaterialRefused(f"{label}: the PDF is damaged (truncated: no end-of-file marker)")
    m.kind = "document"
    with _PDFIUM_LOCK:
        doc = _pdf_open(data, label)
        try:
            n = len(doc)
            if n < 1:
                raise MaterialRefused(f"{label}: the PDF has no pages")
            if n > MAX_PAGES:
                raise MaterialRefused(f"{label}: the PDF has {n} pages, more than {MAX_PAGES}")
            scan = True
            for i in range(n):
                page = doc[i]
                try:
                    w, h = page.get_size()
                    if w <= 0 or h <= 0:
                        raise MaterialRefused(f"{label}: page {i + 1} of the PDF has no size (damaged)")
                    if scan:
                        textpage = page.get_textpage()
                        chars = textpage.count_chars()
                        textpage.close()
                        kinds = [o.type for o in page.get_objects(max_depth=2)]
                        images = [o for o in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)]
                        full = False
                        if len(images) == 1:
                            left, bottom, right, top = images[0].get_bounds()
                            full = (right - left) * (top - bottom) >= 0.85 * w * h
                        scan = (
                            chars == 0
                            and full
                            and all(k in (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_FORM) for k in kinds)
                        )
                finally:
                    page.close()
            m.page_count = n
            m.only_scan = scan
            m.poster = _render_open_pdf(doc, 1, POSTER_SIDE, label)
        finally:
            doc.close()
    m.height, m.width = m.poster.shape[:2]
    return m


def _render_open_pdf(doc, page_no: int, max_side: int, label: str) -> np.ndarray:
    if not 1 <= page_no <= len(doc):
        raise MaterialRefused(f"{label}: no page {page_no} (the document has {len(doc)})")
    page = doc[page_no - 1]
    try:
        w, h = page.get_size()
        scale = max_side / max(w, h, 1.0)
        bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255))
        rgb = bitmap.to_numpy()
        bitmap.close()
    except Exception as exc:  # noqa: BLE001 - PDFium reports a broken page as a generic error
        raise MaterialRefused(f"{label}: page {page_no} of the PDF does not render ({exc})") from None
    finally:
        page.close()
    if rgb.ndim == 2:
        return cv2.cvtColor(rgb, cv2.COLOR_GRAY2BGR)
    if rgb.shape[2] == 4:
        return cv2.cvtColor(rgb, cv2.COLOR_BGRA2BGR)  # PDFium's default bitmap order is BGR(A)
    return np.ascontiguousarray(rgb[:, :, :3])


def _render_pdf(data: bytes, page_no: int, max_side: int) -> np.ndarray:
    with _PDFIUM_LOCK:
        doc = _pdf_open(data, "the PDF")
        try:
            return _render_open_pdf(doc, page_no, max_side, "the PDF")
        finally:
            doc.close()


# --- OFD (GB/T 33190) ---------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name]


def _find(el, *path: str):
    for name in path:
        found = _children(el, name)
        if not found:
            return None
        el = found[0]
    return el


def _floats(text: str | None, n: int) -> list[float] | None:
    try:
        vals = [float(v) for v in (text or "").split()]
    except ValueError:
        return None
    return vals if len(vals) >= n else None


_CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)


class _OfdReader:
    """The minimal OFD structure: ``OFD.xml`` → ``DocBody/DocRoot`` (``Document.xml``) → ``Pages/Page``
    (``BaseLoc``: each page's ``Content.xml``), ``CommonData/PageArea/PhysicalBox`` (mm), resources
    (``PublicRes``/``DocumentRes``: ``MultiMedia`` images by ``ID``)."""

    def __init__(self, data: bytes, label: str = "the OFD file"):
        self.label = label
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise MaterialRefused(f"{label}: the OFD file is damaged (not a readable ZIP package)") from None
        self.names = {n.lstrip("/"): n for n in self.zip.namelist()}
        if any(n.lower().endswith("encryptions.xml") for n in self.names):
            raise MaterialRefused(f"{label}: the OFD file is encrypted; store an unprotected copy") from None
        root = self._xml("OFD.xml")
        doc_root = _find(root, "DocBody", "DocRoot")
        if doc_root is None or not (doc_root.text or "").strip():
            raise MaterialRefused(f"{label}: the OFD file is damaged (OFD.xml names no DocRoot)")
        self.doc_path = (doc_root.text or "").strip().lstrip("/")
        self.doc_dir = posixpath.dirname(self.doc_path)
        self.doc = self._xml(self.doc_path)
        box = _floats((_find(self.doc, "CommonData", "PageArea", "PhysicalBox") or _Empty).text, 4)
        self.page_box = box or [0.0, 0.0, 210.0, 297.0]
        pages = _find(self.doc, "Pages")
        self.pages = [] if pages is None else [p.get("BaseLoc", "") for p in _children(pages, "Page")]
        if not self.pages:
            raise MaterialRefused(f"{label}: the OFD file has no pages")
        for loc in self.pages:
            if self._resolve(loc, self.doc_dir) not in self.names:
                raise MaterialRefused(f"{label}: the OFD file is damaged (page file {loc} is missing)")
        self.media = self._multimedia()

    def _resolve(self, loc: str, base: str) -> str:
        loc = loc.strip()
        path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
        return posixpath.normpath(path)

    def _xml(self, path: str):
        name = self.names.get(path.lstrip("/"))
        if name is None:
            raise MaterialRefused(f"{self.label}: the OFD file is damaged ({path} is missing)")
        try:
            return ElementTree.fromstring(self.zip.read(name))
        except (ElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
            raise MaterialRefused(f"{self.label}: the OFD file is damaged ({path}: {exc})") from None

    def _multimedia(self) -> dict[str, str]:
        """Image resource ID → its file in the package."""
        out: dict[str, str] = {}
        common = _find(self.doc, "CommonData")
        locs = []
        if common is not None:
            locs = [(c.text or "").strip() for c in common if _local(c.tag) in ("PublicRes", "DocumentRes")]
        for loc in locs:
            if not loc:
                continue
            res_path = self._resolve(loc, self.doc_dir)
            res = self._xml(res_path)
            base = self._resolve(res.get("BaseLoc", ""), posixpath.dirname(res_path)) if res.get("BaseLoc") else ""
            base = base or posixpath.dirname(res_path)
            for group in _children(res, "MultiMedias"):
                for mm in _children(group, "MultiMedia"):
                    media_file = _find(mm, "MediaFile")
                    if media_file is not None and mm.get("ID"):
                        out[mm.get("ID", "")] = self._resolve(media_file.text or "", base)
        return out

    def render(self, page_no: int, max_side: int) -> np.ndarray:
        if not 1 <= page_no <= len(self.pages):
            raise MaterialRefused(f"{self.label}: no page {page_no} (the document has {len(self.pages)})")
        page_path = self._resolve(self.pages[page_no - 1], self.doc_dir)
        page = self._xml(page_path)
        box = _floats((_find(page, "Area", "PhysicalBox") or _Empty).text, 4) or self.page_box
        w_mm, h_mm = max(box[2], 1.0), max(box[3], 1.0)
        scale = max_side / max(w_mm, h_mm)
        canvas = np.full((max(1, round(h_mm * scale)), max(1, round(w_mm * scale)), 3), 255, np.uint8)
        texts: list[tuple[float, float, float, str]] = []
        self.vector = False
        for el in page.iter():
            kind = _local(el.tag)
            if kind == "ImageObject":
                self._draw_image(canvas, el, scale)
            elif kind == "TextObject":
                bound = _floats(el.get("Boundary"), 4)
                size = float(el.get("Size", "3.5") or 3.5)
                for code in _children(el, "TextCode"):
                    if bound and code.text:
                        x = bound[0] + float(code.get("X", "0") or 0)
                        y = bound[1] + float(code.get("Y", "0") or 0)
                        texts.append((x, y, size, code.text))
            elif kind == "PathObject":
                self.vector = True
        if texts:
            canvas = self._draw_texts(canvas, texts, scale)
        return canvas

    def _draw_image(self, canvas: np.ndarray, el, scale: float) -> None:
        path = self.media.get(el.get("ResourceID", ""))
        bound = _floats(el.get("Boundary"), 4)
        if path is None or bound is None or path not in self.names:
            raise MaterialRefused(f"{self.label}: the OFD file is damaged (an image of a page is missing)")
        img = cv2.imdecode(np.frombuffer(self.zip.read(self.names[path]), np.uint8), cv2.IMREAD_COLOR)
        if img is None:
            raise MaterialRefused(f"{self.label}: an image in the OFD file cannot be decoded ({path})")
        x0, y0 = round(bound[0] * scale), round(bound[1] * scale)
        w, h = max(1, round(bound[2] * scale)), max(1, round(bound[3] * scale))
        x1, y1 = min(canvas.shape[1], x0 + w), min(canvas.shape[0], y0 + h)
        if x1 <= max(x0, 0) or y1 <= max(y0, 0):
            return
        placed = cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA)
        canvas[max(y0, 0) : y1, max(x0, 0) : x1] = placed[max(-y0, 0) : y1 - y0, max(-x0, 0) : x1 - x0]

    def _draw_texts(self, canvas: np.ndarray, texts, scale: float) -> np.ndarray:
        from PIL import Image, ImageDraw, ImageFont

        font_path = next((p for p in _CJK_FONTS if _exists(p)), None)
        if font_path is None:
            self.vector = True  # text not drawn: say so like vector paths
            return canvas
        img = Image.fromarray(cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB))
        draw = ImageDraw.Draw(img)
        for x, y, size, text in texts:
            px = max(6, round(size * scale))
            font = ImageFont.truetype(font_path, px)
            draw.text((x * scale, y * scale), text, fill=(0, 0, 0), font=font, anchor="ls")
        return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


class _Empty:
    text: str | None = None


def _exists(path: str) -> bool:
    import os

    return os.path.exists(path)


def _probe_ofd(data: bytes, m: Material) -> Material:
    label = m.original_name or "the file"
    reader = _OfdReader(data, label)
    if len(reader.pages) > MAX_PAGES:
        raise MaterialRefused(f"{label}: the OFD file has {len(reader.pages)} pages, more than {MAX_PAGES}")
    m.kind = "document"
    m.page_count = len(reader.pages)
    m.poster = reader.render(1, POSTER_SIDE)
    m.height, m.width = m.poster.shape[:2]
    m.only_scan = None  # not judged for OFD (born digital by definition)
    if reader.vector:
        m.notes = ("ofd_vector_not_rendered",)
    return m


# --- audio and video (PyAV) -----------------------------------------------------------------------

_CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2": ("mp4", "mov", "m4a"), "mp3": ("mp3",), "wav": ("wav",)}


def _probe_media(data: bytes, m: Material) -> Material:
    import av

    label = m.original_name or "the file"
    try:
        container = av.open(io.BytesIO(data), mode="r")
    except (av.error.FFmpegError, ValueError, OSError) as exc:
        raise MaterialRefused(f"{label}: the {m.format.upper()} file is damaged and cannot be read ({exc})") from None
    try:
        fmt_name = container.format.name
        if fmt_name not in _CONTAINERS:
            raise MaterialRefused(f"{label}: not a format this station takes ({fmt_name})")
        videos = [s for s in container.streams.video if s.codec_context is not None]
        audios = list(container.streams.audio)
        if not videos and not audios:
            raise MaterialRefused(f"{label}: the file holds no audio or video stream")
        duration = _duration(container, videos + audios)
        if duration is None or not math.isfinite(duration):
            raise MaterialRefused(f"{label}: the file's duration cannot be read (damaged?)")
        if duration < MIN_MEDIA_SECONDS:
            raise MaterialRefused(f"{label}: the recording is shorter than one second ({duration:.2f} s)")
        m.duration_s = round(duration, 3)
        m.streams = tuple(
            f"{s.type}:{s.codec_context.codec.canonical_name}"
            for s in container.streams
            if s.type in ("video", "audio")
        )
        if videos:
            m.kind = "video"
            m.codec = videos[0].codec_context.codec.canonical_name
            m.poster = _poster(container, videos[0], duration, label)
            m.height, m.width = m.poster.shape[:2]
            if m.format == "m4a":
                m.format = "mp4"
        else:
            m.kind = "audio"
            m.codec = audios[0].codec_context.codec.canonical_name
            _check_audio_decodes(container, audios[0], label)
            if m.format in ("mp4", "mov"):
                m.format = "m4a"
        m.media_type = _MEDIA_TYPES[m.format]
    finally:
        container.close()
    return m


def _duration(container, streams) -> float | None:
    if container.duration is not None and container.duration > 0:
        return container.duration / 1_000_000  # AV_TIME_BASE
    best = None
    for s in streams:
        if s.duration is not None and s.time_base is not None:
            d = float(s.duration * s.time_base)
            best = d if best is None else max(best, d)
    return best


def _poster(container, stream, duration: float, label: str) -> np.ndarray:
    """The first frame at or after a tenth of the clip (at most one second in): not the black lead-in."""
    import av

    target = min(1.0, duration / 10)
    frame_img = None
    try:
        for frame in container.decode(stream):
            frame_img = frame.to_ndarray(format="bgr24")
            if frame.time is None or frame.time >= target:
                break
    except av.error.FFmpegError as exc:
        if frame_img is None:
            raise MaterialRefused(f"{label}: the video is damaged ({exc})") from None
    if frame_img is None:
        raise MaterialRefused(f"{label}: no frame of the video decodes (damaged?)")
    h, w = frame_img.shape[:2]
    if max(h, w) > POSTER_SIDE:
        f = POSTER_SIDE / max(h, w)
        frame_img = cv2.resize(frame_img, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(frame_img)


def _check_audio_decodes(container, stream, label: str) -> None:
    import av

    try:
        for _frame in container.decode(stream):
            return
    except av.error.FFmpegError as exc:
        raise MaterialRefused(f"{label}: the recording is damaged ({exc})") from None
    raise MaterialRefused(f"{label}: no sound of the recording decodes (damaged?)")
