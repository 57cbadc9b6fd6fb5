"""One PDF per volume: the stored JPEG pages embedded byte-for-byte (img2pdf, no re-encoding), a
bookmark per document (pikepdf), and optionally PDF/A-2b identification (XMP) with an sRGB output
intent.  Page files can also be exported named by archival code and page number (DA/T 31).

No Qt here: this module needs only img2pdf, pikepdf and Pillow (for the sRGB ICC profile).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from archivist_desktop.domain.text import printable

A4_PT = (595.2756, 841.8898)  # 210 × 297 mm in PDF points


@dataclass(frozen=True)
class ExportDocument:
    """One document of the volume: its bookmark title and its page files in order."""

    title: str
    pages: tuple[Path, ...]


@dataclass(frozen=True)
class ExportAttachment:
    """A born-digital file or recording of the volume: embedded byte-identical as an associated file
    (``/AF``, ``/AFRelationship /Source``); its rendered pages or poster are pages of the volume."""

    name: str
    path: Path
    mime_type: str
    description: str = ""


@dataclass(frozen=True)
class ExportVolume:
    archival_code: str
    title: str
    organisation: str
    documents: tuple[ExportDocument, ...]
    created: datetime | None = None
    #: per page in order, its OCR lines ({"text", "box"} in image pixels) or None: the PDF's text layer
    page_lines: tuple[Sequence[dict] | None, ...] = ()
    #: originals embedded as associated files: with any, ``pdfa`` writes PDF/A-3b instead of PDF/A-2b (#19)
    attachments: tuple[ExportAttachment, ...] = ()


def srgb_icc() -> bytes:
    """An sRGB ICC profile made by LittleCMS through Pillow (no file to ship or license)."""
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def export_volume_pdf(volume: ExportVolume, out: Path, pdfa: bool = False) -> Path:
    """Write the volume as one PDF to ``out``: every page an A4 page holding its JPEG unchanged."""
    import img2pdf
    import pikepdf

    files = [p for doc in volume.documents for p in doc.pages]
    if not files:
        raise ValueError(f"volume {volume.archival_code} has no pages to export")
    layout = img2pdf.get_layout_fun(A4_PT, fit=img2pdf.FitMode.into, auto_orient=True)
    raw = img2pdf.convert(
        [str(p) for p in files],
        layout_fun=layout,
        title=printable(volume.title),
        author=printable(volume.organisation),
        subject=volume.archival_code,
        creator="Archivist Desktop",
        producer="img2pdf + pikepdf",
        nodate=True,
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        with pdf.open_outline() as outline:
            index = 0
            for doc in volume.documents:
                if doc.pages:
                    outline.root.append(pikepdf.OutlineItem(printable(doc.title), index))
                index += len(doc.pages)
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        if volume.page_lines:  # OCR lines of each page: an invisible text layer (printing/text_layer.py)
            from archivist_desktop.printing.text_layer import add_text_layer

            add_text_layer(pdf, volume.page_lines)
        if volume.attachments:
            _embed_sources(pdf, volume.attachments)
        if pdfa:
            _make_pdfa2b(pdf, volume, part="3" if volume.attachments else "2")
        pdf.save(out, fix_metadata_version=True, deterministic_id=True)
    return out


def _embed_sources(pdf, attachments: Sequence[ExportAttachment]) -> None:
    """Each original byte-identical in ``/EmbeddedFiles``, listed in the catalogue's ``/AF`` as its
    source (PDF/A-3 associated files)."""
    import pikepdf

    specs = []
    for n, a in enumerate(attachments, 1):
        name = f"{n:04d}-{a.name}"
        spec = pikepdf.AttachedFileSpec(
            pdf,
            Path(a.path).read_bytes(),
            description=printable(a.description or a.name),
            filename=name,
            mime_type=a.mime_type,
            relationship=pikepdf.Name.Source,
        )
        pdf.attachments[name] = spec
        specs.append(spec.obj)
    pdf.Root.AF = pikepdf.Array(specs)


def _make_pdfa2b(pdf, volume: ExportVolume, part: str = "2") -> None:
    """PDF/A-2b identification (``part`` "3": PDF/A-3b, a volume with associated files)."""
    import pikepdf

    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["pdfaid:part"] = part
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = printable(volume.title)
        meta["dc:creator"] = [printable(volume.organisation)]
        meta["dc:description"] = volume.archival_code
        meta["xmp:CreatorTool"] = "Archivist Desktop"
    icc = pdf.make_stream(srgb_icc())
    icc.N = 3
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
        Info=pikepdf.String("sRGB IEC61966-2.1"),
        DestOutputProfile=icc,
    )
    pdf.Root.OutputIntents = pikepdf.Array([intent])


def page_file_names(archival_code: str, count: int, suffix: str = ".jpg") -> list[str]:
    """DA/T 31 file names: the archival code and the page number, e.g. ``Z109-YK-2026-Y-0001-0003.jpg``."""
    return [f"{archival_code}-{n:04d}{suffix}" for n in range(1, count + 1)]


def export_page_files(volume: ExportVolume, directory: Path) -> list[Path]:
    """Copy the volume's page files (bytes unchanged) into ``directory``, named by archival code + page no."""
    import shutil

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    files: Sequence[Path] = [p for doc in volume.documents for p in doc.pages]
    out = []
    for src, name in zip(files, page_file_names(volume.archival_code, len(files), ".jpg"), strict=True):
        dst = directory / name
        shutil.copyfile(src, dst)
        out.append(dst)
    return out
