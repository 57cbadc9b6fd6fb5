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

from archivist_desktop.cli._common import acting_user, arg, command, open_archive, print_json


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


@command(
    "search",
    help="find pages by their text (OCR), or customers, work orders, volumes and boxes",
    description="With --text: pages whose OCR text contains QUERY (this station's full-text index; "
    "the central database's too when connected, with --central). Without: the search field's "
    "customers, work orders, archival codes and box numbers.",
    acts=True,
    args=[
        arg("query", nargs="?", metavar="QUERY", help="户号, name, work-order number, 档号 or box number"),
        arg("--text", metavar="QUERY", help="find pages whose text contains QUERY"),
        arg("--central", action="store_true", help="with --text: search the central database too"),
        arg("--limit", type=int, default=50, metavar="N"),
        arg("--json", action="store_true", help="one JSON list of hits"),
    ],
)
def cmd_search(args: argparse.Namespace) -> int:
    from archivist_desktop.errors import BadInput
    from archivist_desktop.services import page_text
    from archivist_desktop.services.search import search

    if not args.text and not args.query:
        raise BadInput("give a QUERY or --text QUERY")
    with open_archive(args) as archive:
        acting_user(archive, args)
        if args.text:
            find = page_text.search_everywhere if args.central else page_text.search_text
            hits = find(archive, args.text, args.limit)
            if args.json:
                print_json([h.to_json() for h in hits])
            else:
                for h in hits:
                    print(f"{h.page_id}  {h.customer}  {h.work_order}  {h.document}  {h.snippet}")
            return 0
        found = search(archive, args.query, args.limit)
        if args.json:
            print_json(
                [
                    {"kind": f.kind, "id": f.id, "title": f.title, "subtitle": f.subtitle, "matched": f.matched}
                    for f in found
                ]
            )
        else:
            for f in found:
                print(f"{f.kind:10} {f.title}  {f.subtitle}")
    return 0


@command(
    "ocr-pending",
    help="OCR every page that has no text yet (pulled pages, pages attached while OCR was off)",
    description="Runs the page-text queue to the end in this process: each page's text, line boxes "
    "and content findings are stored (progress on stderr).",
    acts=True,
    args=[
        arg("--limit", type=int, metavar="N", help="at most N pages"),
        arg("--json", action="store_true", help="print {done, failed, pages, seconds}"),
    ],
)
def cmd_ocr_pending(args: argparse.Namespace) -> int:
    from archivist_desktop.services import page_text

    def progress(done: int, total: int, page_id: str) -> None:
        print(f"ocr-pending: {done}/{total} {page_id}", file=sys.stderr, flush=True)

    with open_archive(args) as archive:
        acting_user(archive, args)
        run = page_text.run_pending(archive, args.limit, progress)
    if args.json:
        print_json(run.to_json())
    else:
        print(f"{len(run.done)} pages read, {len(run.failed)} failed ({run.seconds:.1f} s)")
        for pid, why in run.failed.items():
            print(f"  {pid}: {why}", file=sys.stderr)
    return 1 if run.failed else 0
