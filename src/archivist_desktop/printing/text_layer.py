"""An invisible text layer over each page image of a volume PDF (#18), so that Ctrl+F and copying
work in any PDF reader while the page images stay byte-identical.

Each OCR line is written in text render mode 3 (neither filled nor stroked: invisible), placed and
scaled onto its box on the page image.  The font is a ``Type0`` font with ``Identity-H`` encoding
whose character codes are the characters' Unicode values (BMP), with a ``ToUnicode`` CMap saying
so: text extraction (pdftotext, a reader's search) gives back the OCR text exactly.  No font program
is embedded: PDF/A-2 (ISO 19005-2, 6.2.11.4.1) requires embedded fonts only for text that is
rendered, and render-mode-3 text is not.  Only a new content stream is appended to each page: the
image XObjects and the page's own content are untouched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: one OCR line: {"text", "box": [[x, y] * 4] in the page image's pixels, ...}
Line = Mapping[str, Any]

FONT_NAME = "ArchivistOcrText"


def _to_unicode_cmap() -> bytes:
    ranges = "\n".join(f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF)
    count = sum(1 for hi in range(256) if not 0xD8 <= hi <= 0xDF)
    chunks = []
    lines = ranges.splitlines()
    for i in range(0, count, 100):
        part = lines[i : i + 100]
        chunks.append(f"{len(part)} beginbfrange\n" + "\n".join(part) + "\nendbfrange")
    body = "\n".join(chunks)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _font(pdf: Any) -> Any:
    import pikepdf

    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name(f"/{FONT_NAME}"),
        Flags=4,  # symbolic
        FontBBox=[0, -120, 1000, 880],
        ItalicAngle=0,
        Ascent=880,
        Descent=-120,
        CapHeight=700,
        StemV=80,
    )
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.CIDFontType2,
        BaseFont=pikepdf.Name(f"/{FONT_NAME}"),
        CIDSystemInfo=pikepdf.Dictionary(
            Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
        ),
        FontDescriptor=pdf.make_indirect(descriptor),
        DW=1000,
        CIDToGIDMap=pikepdf.Name.Identity,
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name(f"/{FONT_NAME}"),
            Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[pdf.make_indirect(cid_font)],
            ToUnicode=pdf.make_stream(_to_unicode_cmap()),
        )
    )


def _image_placement(page: Any) -> tuple[float, float, float, float, int, int] | None:
    """(x, y, width, height) in points of the page's image and its (width, height) in pixels."""
    import pikepdf

    xobjects = page.Resources.get("/XObject", {})
    images = {str(k): v for k, v in xobjects.items() if v.get("/Subtype") == pikepdf.Name.Image}
    cm = None
    for instruction in pikepdf.parse_content_stream(page):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue
        operands, op = instruction.operands, instruction.operator
        if str(op) == "cm":
            cm = [float(v) for v in operands]
        elif str(op) == "Do" and str(operands[0]) in images and cm is not None:
            a, _b, _c, d, e, f = cm
            im = images[str(operands[0])]
            return e, f, a, d, int(im.Width), int(im.Height)
    return None


def _encode(text: str) -> str:
    return "".join(f"{ord(ch):04X}" if ord(ch) <= 0xFFFF else "FFFD" for ch in text)


def _line_ops(line: Line, place: tuple[float, float, float, float, int, int]) -> str | None:
    text = " ".join(str(line.get("text", "")).split())
    box = line.get("box") or []
    if not text or len(box) != 4:
        return None
    x0, y0, w_pt, h_pt, w_px, h_px = place
    xs = [float(p[0]) for p in box]
    ys = [float(p[1]) for p in box]
    sx, sy = w_pt / w_px, h_pt / h_px
    left, right = x0 + min(xs) * sx, x0 + max(xs) * sx
    top, bottom = y0 + h_pt - min(ys) * sy, y0 + h_pt - max(ys) * sy
    size = max(1.0, (top - bottom) * 0.85)
    width = max(1.0, right - left)
    scale = 100.0 * width / (len(text) * size)
    baseline = bottom + (top - bottom) * 0.15
    return f"BT 3 Tr /FOcr {size:.2f} Tf {scale:.2f} Tz 1 0 0 1 {left:.2f} {baseline:.2f} Tm <{_encode(text)}> Tj ET"


def add_text_layer(pdf: Any, pages: Sequence[Sequence[Line] | None]) -> int:
    """Append the invisible text of ``pages[i]`` (OCR lines of page i's image; ``None``: none) to
    page i of ``pdf`` (a ``pikepdf.Pdf`` made by img2pdf: one image per page).  Lines written."""
    import pikepdf

    font = None
    written = 0
    for page, lines in zip(pdf.pages, pages, strict=False):
        if not lines:
            continue
        place = _image_placement(page)
        if place is None:
            continue
        ops = [o for o in (_line_ops(li, place) for li in lines) if o]
        if not ops:
            continue
        if font is None:
            font = _font(pdf)
        resources = page.Resources
        if "/Font" not in resources:
            resources.Font = pikepdf.Dictionary()
        resources.Font.FOcr = font
        page.contents_add(pdf.make_stream(("q\n" + "\n".join(ops) + "\nQ\n").encode("ascii")), prepend=False)
        written += len(ops)
    return written
