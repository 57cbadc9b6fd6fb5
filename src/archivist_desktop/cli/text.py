"""Text subcommands: ``ocr``.

``archivist-desktop ocr --json IMAGE...`` prints one JSON object per image and line:
``{"path", "ok", "text", "lines": [{"text", "box", "confidence"}], "elapsed_ms", "engine"}``
(``box``: the four corners ``[x, y]`` of the line in the image's pixels; ``confidence`` 0…1).
An image that cannot be read gets ``{"path", "ok": false, "error"}`` and a message on stderr;
the command then exits with 1.  It reads files and acts for nobody, so it takes no ``--user``.
"""

from __future__ import annotations

import argparse
import sys

from archivist_desktop.cli._common import arg, command, print_json


@command(
    "ocr",
    help="read the text (Chinese and English) of image files",
    description="Recognise the text lines of each image with RapidOCR (PP-OCRv4 models shipped in "
    "the package, nothing downloaded): text in reading order, each line with its box and confidence.",
    args=[
        arg("images", nargs="+", metavar="IMAGE", help="page images (JPEG, PNG, TIFF, ...)"),
        arg("--json", action="store_true", help="print one JSON object per image and line (the only output format)"),
        arg("--threads", type=int, metavar="N", help="onnxruntime threads (default 1, or $ARCHIVIST_OCR_THREADS)"),
        arg("--max-side", type=int, metavar="PX", help="reduce larger images to this long side before OCR"),
    ],
)
def cmd_ocr(args: argparse.Namespace) -> int:
    from archivist_desktop.errors import BadInput
    from archivist_desktop.services.imaging import ocr_files

    if args.max_side is not None and args.max_side < 64:
        raise BadInput(f"--max-side must be at least 64, not {args.max_side}")
    failed = False
    for r in ocr_files(args.images, threads=args.threads, max_side=args.max_side):
        print_json(r, flush=True)
        if not r["ok"]:
            failed = True
            print(f"archivist-desktop ocr: {r['error']}", file=sys.stderr)
    return 1 if failed else 0
