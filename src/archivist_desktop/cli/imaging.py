"""Imaging subcommands: ``process`` and ``barcodes``.

``archivist-desktop process [--out DIR] [--profile NAME] --json IMAGE...`` prints one
JSON object per input and line; ``archivist-desktop barcodes --json IMAGE...`` prints the
barcodes found in each image.  Both exit with 1 when any file could not be read; ``process``
exits with 2 for an unknown or invalid profile.
"""

from __future__ import annotations

import argparse
import sys

from archivist_desktop.cli._common import arg, command, print_json

_JSON_HELP = "print one JSON object per image and line (the only output format)"


def _emit(obj: dict) -> None:
    print_json(obj, allow_nan=False, flush=True)


@command(
    "process",
    help="find, crop, deskew and check pages in image files",
    description="Find the page in each image, crop and deskew it in one resampling, "
    "and judge its quality (accept / warn / reject with reasons).",
    known={ValueError: 2},  # process_files raises ValueError only for an unknown or invalid profile
    args=[
        arg("images", nargs="+", metavar="IMAGE", help="camera frames or scans"),
        arg("--out", metavar="DIR", help="write each processed page there as JPEG"),
        arg("--profile", metavar="NAME", default="default", help="quality profile (resources/profiles/NAME.toml)"),
        arg("--json", action="store_true", help=_JSON_HELP),
    ],
)
def cmd_process(args: argparse.Namespace) -> int:
    from archivist_desktop.services.content_check import guess_document_of_file
    from archivist_desktop.services.imaging import process_files

    failed = False
    for r in process_files(args.images, args.profile, args.out):
        failed |= not r.ok
        out = r.as_json_dict()
        # the document type its OCR text looks like, among all templates' (null without OCR or a match)
        out["document_guess"] = guess_document_of_file(r.output or r.path) if r.ok else None
        _emit(out)
    return 1 if failed else 0


@command(
    "barcodes",
    help="read barcodes (Code 128, QR, DataMatrix, EAN/UPC) in image files",
    description="Read every barcode in each image with zbar and zxing-cpp, one result per symbol.",
    args=[arg("images", nargs="+", metavar="IMAGE"), arg("--json", action="store_true", help=_JSON_HELP)],
)
def cmd_barcodes(args: argparse.Namespace) -> int:
    from archivist_desktop.services.imaging import read_barcode_files

    failed = False
    for r in read_barcode_files(args.images):
        failed |= not r.ok
        _emit(r.as_json_dict())
        if not r.ok:
            print(f"archivist-desktop barcodes: {r.error}", file=sys.stderr)
    return 1 if failed else 0
